"""Run the benchmarks: ``python -m benchmarks.run [--quick] [--out benchmarks/RESULTS.md]``.

Prints one table of ratios with each target and pass/miss, and (for a full run, or wherever
``--out`` says) writes ``RESULTS.md`` and the bar chart ``results.png`` beside it. Exits 1 if a
workload failed (an error, or engines that disagree), 0 otherwise: a missed target is a finding,
not a failure.

NumPy, and every module that imports it, is imported only inside :func:`main`, after
:func:`benchmarks.environment.configure_blas_environment` has set the BLAS environment, which
OpenBLAS reads once when it loads; the modules imported at the top import no NumPy.
"""
from __future__ import annotations

import argparse
import gc
import importlib
import os
import shlex
import sys
import time
import traceback
from pathlib import Path
from types import ModuleType
from typing import List, Optional, Sequence

from benchmarks.config import FULL, QUICK, Config
from benchmarks.environment import configure_blas_environment, limit_threads
from benchmarks.peers import Peers, load_peers
from benchmarks.results import WorkloadResult

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "RESULTS.md"
WORKLOADS = {
    "per_op": "benchmarks.workloads.per_op",
    "mlp": "benchmarks.workloads.mlp_step",
    "fit": "benchmarks.workloads.fit_epoch",
    "chain": "benchmarks.workloads.deep_chain",
    "memory": "benchmarks.workloads.memory",
    "hvp": "benchmarks.workloads.hessian_vector",
    "profile": "benchmarks.profiling",
}


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Time autograd_lite against hand-written NumPy, PyTorch and HIPS autograd.")
    parser.add_argument("--quick", action="store_true",
                        help="small sizes and few repeats: a smoke run of under a minute")
    default_out = DEFAULT_OUT.relative_to(HERE.parent)
    parser.add_argument("--out", type=Path, default=None,
                        help=f"where to write RESULTS.md (default {default_out} for a full run "
                             "of every workload; otherwise nothing is written)")
    parser.add_argument("--chart", type=Path, default=None,
                        help="where to write the bar chart PNG (default: results.png beside --out)")
    parser.add_argument("--only", default=",".join(WORKLOADS),
                        help="comma-separated workloads to run, of " + ", ".join(WORKLOADS))
    parser.add_argument("--threads", type=int, default=1,
                        help="BLAS / OpenMP / PyTorch threads for every engine (default 1: the "
                             "figures are about per-op overhead, and one thread is steadier on "
                             "a shared machine)")
    parser.add_argument("--keep-openblas-env", action="store_true",
                        help="keep OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE if they are set (by "
                             "default they are unset for this process so NumPy uses its best "
                             "kernel)")
    parser.add_argument("--no-torch", action="store_true", help="leave PyTorch out")
    parser.add_argument("--no-hips", action="store_true", help="leave HIPS autograd out")
    args = parser.parse_args(argv)
    unknown = set(args.only.split(",")) - set(WORKLOADS)
    if unknown:
        parser.error(f"unknown workload(s) {', '.join(sorted(unknown))}; "
                     f"choose from {', '.join(WORKLOADS)}")
    return args


def run_workloads(modules: Sequence[ModuleType], config: Config,
                  peers: Peers) -> List[WorkloadResult]:
    """Run each workload module's ``run``; one that raises is reported with its traceback, and
    the rest still run."""
    results: List[WorkloadResult] = []
    for module in modules:
        start = time.perf_counter()
        print(f"[bench] {module.TITLE} ...", file=sys.stderr, flush=True)
        try:
            result = module.run(config, peers)
        except Exception:  # reported in the table and the exit code, never hidden
            result = WorkloadResult(module.NAME, module.TITLE, error=traceback.format_exc())
            print(result.error, file=sys.stderr)
        print(f"[bench] {module.TITLE}: {time.perf_counter() - start:.1f} s", file=sys.stderr,
              flush=True)
        results.append(result)
    return results


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Configure the process, run the workloads, print and write the results."""
    args = parse_args(argv)
    notes = configure_blas_environment(args.threads, args.keep_openblas_env)
    if hasattr(os, "getloadavg"):
        notes.append("Load average (1, 5, 15 min) at the start: "
                     + ", ".join(f"{load:.2f}" for load in os.getloadavg()) + ".")

    from benchmarks.chart import draw_chart
    from benchmarks.environment import machine_info
    from benchmarks.report import console_table, results_markdown

    peers = load_peers(use_torch=not args.no_torch, use_hips=not args.no_hips)
    limit_threads(args.threads)
    config = QUICK if args.quick else FULL
    modules = [importlib.import_module(WORKLOADS[name]) for name in args.only.split(",")]
    # Everything imported so far (PyTorch alone brings ~10^5 objects) is moved out of the
    # collector's sight, so a collection during a timing costs what it would without the peers.
    gc.collect()
    gc.freeze()
    notes.append("gc.freeze() after the imports: the collector stays on but skips the "
                 "libraries' own objects. Times are this process's CPU time "
                 "(time.process_time), so other work on a shared machine does not count.")
    started = time.perf_counter()
    results = run_workloads(modules, config, peers)
    print()
    print(console_table(results))
    print(f"\n[bench] {time.perf_counter() - started:.0f} s in all", file=sys.stderr)

    complete = not args.quick and set(args.only.split(",")) == set(WORKLOADS)
    out = args.out if args.out is not None else (DEFAULT_OUT if complete else None)
    if out is not None:
        chart = args.chart or out.parent / "results.png"
        command = "python -m benchmarks.run" + "".join(
            " " + shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
        draw_chart(results, chart)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(results_markdown(results, machine_info(notes), config,
                                        chart_name=chart.name if chart.parent == out.parent
                                        else str(chart), command=command), encoding="utf-8")
        print(f"[bench] wrote {out} and {chart}", file=sys.stderr)
    return 1 if any(result.error for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
