"""Workload: a ``fit`` epoch (784-128-10 relu, batch 32, SGD) against the same loop by hand in
NumPy and in PyTorch eager: in this process after warm-up, and as the first epoch of a fresh
process (tracing, allocator and all), with the page faults per step. The fresh process runs
twice: at the warm epoch's size (3,200 samples, where the one-time costs weigh most) and at a
Fashion-MNIST epoch's (60,000 samples, 1,875 steps: what the course trains on)."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from typing import Dict, List, Optional, Tuple

from benchmarks import fit_loops
from benchmarks.config import Config
from benchmarks.peers import Peers
from benchmarks.results import Check, Table, Target, WorkloadResult, microseconds, ratio

NAME = "fit"
TITLE = "fit epoch"
TARGETS = {"hand NumPy": Target(1.2), "PyTorch": Target(0.7)}


def cpu_medians(engines, repeats: int) -> Dict[str, List[float]]:
    """CPU seconds per epoch of each engine, timed round-robin after one warm-up epoch each."""
    for run in engines.values():
        run()
    samples: Dict[str, List[float]] = {name: [] for name in engines}
    for _ in range(repeats):
        for name, run in engines.items():
            start = time.process_time()
            run()
            samples[name].append(time.process_time() - start)
    return samples


def fresh(engine: str, config: Config, samples: int) -> Optional[List[Tuple[float, int]]]:
    """``(cpu seconds, minor faults)`` of the first ``samples``-sample epoch of ``engine`` in
    each of ``config.fit_fresh_runs`` fresh processes, or None if one failed."""
    runs = []
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [root] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    for _ in range(config.fit_fresh_runs):
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.fit_loops", engine, str(samples),
             ",".join(map(str, config.fit_sizes))], capture_output=True, text=True, env=env,
            cwd=root)
        if done.returncode != 0:
            print(f"[bench] fresh {engine} failed: {done.stderr[-2000:]}", file=sys.stderr)
            return None
        seconds, faults = done.stdout.split()
        runs.append((float(seconds), int(faults)))
    return runs


def fresh_engines(engines, config: Config, samples: int) -> Dict[str, List[Tuple[float, int]]]:
    """:func:`fresh` for each engine, alternating engines run by run (so a change of load
    on a shared machine falls on all of them alike); failed engines are left out."""
    runs: Dict[str, List[Tuple[float, int]]] = {name: [] for name in engines}
    single = Config(**{**config.__dict__, "fit_fresh_runs": 1})
    for _ in range(config.fit_fresh_runs):
        for name in list(runs):
            got = fresh(name, single, samples)
            if got is None:
                del runs[name]
            else:
                runs[name] += got
    return runs


def _fresh_checks(result: WorkloadResult, runs: Dict[str, List[Tuple[float, int]]],
                  samples: int, peers: Peers) -> None:
    """The fit / reference ratios of fresh-process epochs: the ratio of the medians, with the
    range of the run-by-run ratios."""
    fit_runs = runs.get("fit")
    for name in ("hand NumPy", "PyTorch"):
        absent = "" if name in runs or name == "hand NumPy" else peers.absent("torch")
        other = runs.get(name)
        if fit_runs and other:
            ratios = sorted(f[0] / o[0] for f, o in zip(fit_runs, other))
            value = statistics.median(r[0] for r in fit_runs) / statistics.median(
                r[0] for r in other)
            note = (f"first epoch ({samples:,} samples), tracing included; range "
                    f"{ratios[0]:.2f}-{ratios[-1]:.2f} over {len(ratios)} process pairs")
        else:
            value, note = None, ""
        result.checks.append(Check(TITLE, f"fresh process, {samples:,} samples: fit / {name}",
                                   value, TARGETS[name], note=note,
                                   missing=absent or "failed"))


def run(config: Config, peers: Peers) -> WorkloadResult:
    result = WorkloadResult(NAME, TITLE)
    steps = -(-config.fit_samples // fit_loops.BATCH)
    sizes = "-".join(map(str, config.fit_sizes))
    engines = fit_loops.epochs(config.fit_samples, config.fit_sizes, peers.torch)
    if peers.torch is not None:
        peers.torch.set_num_threads(1)
    samples = cpu_medians(engines, config.repeats)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    for name in ("hand NumPy", "PyTorch"):
        absent = "" if name in engines else peers.absent("torch")
        ratios = sorted(f / h for f, h in zip(samples["fit"], samples[name])) \
            if name in engines else []
        spread = f"range {ratios[0]:.2f}-{ratios[-1]:.2f} over {len(ratios)} epochs" \
            if ratios else ""
        result.checks.append(Check(TITLE, f"warm: fit / {name}", ratio(
            medians["fit"], medians.get(name)), TARGETS[name], note=spread, missing=absent))
    sizes_fresh = [config.fit_samples] + [n for n in config.fit_fresh_samples
                                          if n != config.fit_samples]
    fresh_runs = {n: fresh_engines(engines, config, n) for n in sizes_fresh}
    for n in sizes_fresh:
        _fresh_checks(result, fresh_runs[n], n, peers)
    columns = ["engine", "warm process"] + [
        f"fresh process, {n:,} samples ({-(-n // fit_loops.BATCH):,} steps)"
        for n in sizes_fresh] + [f"page faults per step (fresh, {n:,})" for n in sizes_fresh]
    table = Table(f"CPU time per step of an epoch ({sizes}, batch {fit_loops.BATCH}), "
                  f"microseconds: warm, median (range) over {config.repeats} epochs of "
                  f"{config.fit_samples:,} samples ({steps} steps); fresh, the first epoch "
                  f"of a new process, median (range) over {config.fit_fresh_runs} processes",
                  columns)
    for name, values in samples.items():
        row = [name, f"{microseconds(medians[name] / steps)} ({microseconds(min(values) / steps)}"
                     f"-{microseconds(max(values) / steps)})"]
        faults = []
        for n in sizes_fresh:
            runs = fresh_runs[n].get(name)
            count = -(-n // fit_loops.BATCH)
            if not runs:
                row.append("failed")
                faults.append("failed")
                continue
            times = [r[0] / count for r in runs]
            row.append(f"{microseconds(statistics.median(times))} ({microseconds(min(times))}"
                       f"-{microseconds(max(times))})")
            faults.append(f"{statistics.median(r[1] for r in runs) / count:.1f}")
        table.rows.append(row + faults)
    first = fresh_runs[config.fit_samples].get("fit")
    if first:
        result.findings.append(
            f"fit epoch: a step costs {microseconds(medians['fit'] / steps)} us warm against "
            f"{microseconds(medians['hand NumPy'] / steps)} us by hand; the first epoch of a "
            f"fresh process takes {statistics.median(r[1] for r in first) / steps:.1f} page "
            f"faults per fit step (tracing and first-touch of the heap included).")
    result.tables.append(table)
    return result
