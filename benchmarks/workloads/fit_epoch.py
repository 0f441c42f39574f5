"""Workload: a ``fit`` epoch (784-128-10 relu, batch 32, SGD) against the same loop by hand in
NumPy and in PyTorch eager: in this process after warm-up, and as the first epoch of a fresh
process (tracing, allocator and all), with the page faults per step."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from typing import Dict, List, Optional

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


def fresh(engine: str, config: Config) -> Optional[List[float]]:
    """``[cpu seconds, minor faults]`` of the first epoch in a fresh process (median of
    ``config.fit_fresh_runs``), or None if it failed."""
    runs = []
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [root] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    for _ in range(config.fit_fresh_runs):
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.fit_loops", engine, str(config.fit_samples),
             ",".join(map(str, config.fit_sizes))], capture_output=True, text=True, env=env,
            cwd=root)
        if done.returncode != 0:
            print(f"[bench] fresh {engine} failed: {done.stderr[-2000:]}", file=sys.stderr)
            return None
        seconds, faults = done.stdout.split()
        runs.append((float(seconds), int(faults)))
    return [statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)]


def run(config: Config, peers: Peers) -> WorkloadResult:
    result = WorkloadResult(NAME, TITLE)
    steps = -(-config.fit_samples // fit_loops.BATCH)
    sizes = "-".join(map(str, config.fit_sizes))
    engines = fit_loops.epochs(config.fit_samples, config.fit_sizes, peers.torch)
    if peers.torch is not None:
        peers.torch.set_num_threads(1)
    samples = cpu_medians(engines, config.repeats)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    table = Table(f"CPU time per step of an epoch ({sizes}, batch {fit_loops.BATCH}, "
                  f"{steps} steps), microseconds: median (range) over {config.repeats} epochs",
                  ["engine", "warm process", "fresh process (first epoch)",
                   "page faults per step (fresh)"])
    fresh_figures = {name: fresh(name, config) for name in engines}
    for name in ("hand NumPy", "PyTorch"):
        absent = "" if name in engines else peers.absent("torch")
        ratios = [f / h for f, h in zip(samples["fit"], samples[name])] if name in engines \
            else []
        spread = f"range {min(ratios):.2f}-{max(ratios):.2f} over {len(ratios)} epochs" \
            if ratios else ""
        result.checks.append(Check(TITLE, f"warm: fit / {name}", ratio(
            medians["fit"], medians.get(name)), TARGETS[name], note=spread, missing=absent))
        fit_fresh, other_fresh = fresh_figures.get("fit"), fresh_figures.get(name)
        result.checks.append(Check(
            TITLE, f"fresh process: fit / {name}",
            ratio(fit_fresh[0], other_fresh[0]) if fit_fresh and other_fresh else None,
            TARGETS[name], note="first epoch, tracing included", missing=absent or "failed"))
    for name, values in samples.items():
        figures = fresh_figures.get(name)
        table.rows.append([
            name, f"{microseconds(medians[name] / steps)} ({microseconds(min(values) / steps)}-"
                  f"{microseconds(max(values) / steps)})",
            microseconds(figures[0] / steps) if figures else "failed",
            f"{figures[1] / steps:.1f}" if figures else "failed"])
    if fresh_figures.get("fit"):
        result.findings.append(
            f"fit epoch: a step costs {microseconds(medians['fit'] / steps)} us warm against "
            f"{microseconds(medians['hand NumPy'] / steps)} us by hand; the first epoch of a "
            f"fresh process takes {fresh_figures['fit'][1] / steps:.1f} page faults per fit "
            f"step (tracing and first-touch of the heap included).")
    result.tables.append(table)
    return result
