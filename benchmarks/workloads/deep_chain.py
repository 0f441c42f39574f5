"""Workload 3: a chain of n scalar ops (``y = sin(y)``) recorded and differentiated, for
n = 10^4, 10^5, 10^6: the time per op and how it scales, time(10n) / time(n)."""
from __future__ import annotations

import gc
import statistics
import time
from typing import Dict, List, Tuple

import numpy as np

import autograd_lite as ag
from benchmarks.config import Config
from benchmarks.peers import Peers
from benchmarks.results import Check, Table, Target, WorkloadResult, microseconds

NAME = "chain"
TITLE = "Deep chain"
SCALING_TARGET = Target(11.0)


def record_and_differentiate(length: int, collector: bool = True) -> Tuple[float, float, float]:
    """Seconds to record ``length`` sins, seconds for their gradient, and the gradient itself;
    with ``collector=False`` the cyclic garbage collector is off for the measurement."""
    x = ag.constant(np.float32(0.5))
    gc.collect()
    if not collector:
        gc.disable()
    try:
        return _record_and_differentiate(x, length)
    finally:
        if not collector:
            gc.enable()


def _record_and_differentiate(x: ag.Tensor, length: int) -> Tuple[float, float, float]:
    start = time.process_time()
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = x
        for _ in range(length):
            y = ag.sin(y)
    recorded = time.process_time()
    grad = tape.gradient(y, x)
    done = time.process_time()
    return recorded - start, done - recorded, float(grad.numpy())


def expected_gradient(length: int) -> float:
    """d sin^n(x) / dx at 0.5 by the chain rule in plain NumPy (float32, as the engine runs)."""
    y, grad = np.float32(0.5), np.float32(1.0)
    for _ in range(length):
        grad *= np.cos(y)
        y = np.sin(y)
    return float(grad)


def run(config: Config, peers: Peers) -> WorkloadResult:
    """Check the gradient of the shortest chain against the chain rule, then time every length.

    The lengths are timed in rounds (each round runs every length that still needs a repeat,
    once with the garbage collector on and once with it off), so a busy spell of a shared
    machine does not land on one length only.
    """
    result = WorkloadResult(NAME, TITLE)
    lengths = config.chain_lengths
    first, longest = lengths[0], lengths[-1]
    _, _, grad = record_and_differentiate(first)
    expected = expected_gradient(first)
    if not np.isclose(grad, expected, rtol=1e-3, atol=0):
        raise AssertionError(f"chain of {first}: gradient {grad} != chain rule {expected}")
    samples: Dict[int, List[Tuple[float, float]]] = {length: [] for length in lengths}
    off_samples: Dict[int, List[float]] = {length: [] for length in lengths}
    for round_index in range(max(config.chain_repeats_for(n) for n in lengths)):
        for length in lengths:
            if round_index < config.chain_repeats_for(length):
                samples[length].append(record_and_differentiate(length)[:2])
                off_samples[length].append(
                    sum(record_and_differentiate(length, collector=False)[:2]))
    collector_off = {length: statistics.median(runs) for length, runs in off_samples.items()}
    medians: Dict[int, Tuple[float, float, float]] = {
        length: (statistics.median(s[0] for s in runs), statistics.median(s[1] for s in runs),
                 statistics.median(s[0] + s[1] for s in runs))
        for length, runs in samples.items()}
    table = Table("Recording and differentiating a chain of n sins (median of the repeats; the "
                  "last column: the same with the garbage collector off, a diagnostic)",
                  ["n", "repeats", "record (s)", "backward (s)", "total (s)",
                   "us per op", "record us/op", "backward us/op", "total, collector off (s)"])
    for length, (forward, backward, total) in medians.items():
        table.rows.append([f"{length:,}", str(len(samples[length])), f"{forward:.3f}",
                           f"{backward:.3f}", f"{total:.3f}", microseconds(total / length),
                           microseconds(forward / length), microseconds(backward / length),
                           f"{collector_off[length]:.3f}"])
    result.tables.append(table)
    for short, long in zip(lengths, lengths[1:]):
        scale = long / short
        # Normalised to a tenfold step, so a target of 11 reads the same for any pair of lengths.
        scaling = medians[long][2] / medians[short][2] * 10 / scale
        result.checks.append(Check(
            TITLE, f"time({long:,}) / time({short:,})" + ("" if scale == 10 else
                                                          f" x 10/{scale:g}"),
            scaling, SCALING_TARGET,
            note=f"record {medians[long][0] / medians[short][0]:.1f}x, backward "
                 f"{medians[long][1] / medians[short][1]:.1f}x; collector off "
                 f"{collector_off[long] / collector_off[short]:.1f}x"))
    off_ratios = ", ".join(f"{collector_off[n] / medians[n][2]:.2f}x" for n in lengths)
    result.findings.append(
        f"Deep chain: one recorded and differentiated op costs "
        f"{microseconds(medians[first][2] / first)} us at n = {first:,} and "
        f"{microseconds(medians[longest][2] / longest)} us at n = {longest:,} "
        f"(record {microseconds(medians[longest][0] / longest)} us, backward "
        f"{microseconds(medians[longest][1] / longest)} us). With the garbage collector off the "
        f"chains take {off_ratios} the time (n = {', '.join(f'{n:,}' for n in lengths)}): "
        f"what is below 1 is the cyclic collector's share, which walks every live object of "
        f"the tape at each full collection.")
    return result
