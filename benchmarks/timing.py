"""Timing: interleaved repeats, median per call.

The engines of one comparison are timed round-robin (engine A, B, C, then A, B, C again ...), so
a slow spell of a shared machine falls on all of them rather than on one. The garbage collector
stays on, as in a user's program; each round of the comparison starts by collecting the
previous round's garbage.
"""
from __future__ import annotations

import gc
import statistics
import time
from dataclasses import dataclass
from typing import Callable, Dict, List, Mapping

Callable0 = Callable[[], object]


@dataclass(frozen=True)
class Timing:
    """The median seconds per call over ``len(samples)`` batches of ``number`` calls each."""

    median: float
    samples: List[float]
    number: int


def time_batch(function: Callable0, number: int) -> float:
    """CPU seconds of this process per call of ``function``, averaged over ``number``
    back-to-back calls (CPU time: other processes on a shared machine do not count)."""
    start = time.process_time()
    for _ in range(number):
        function()
    return (time.process_time() - start) / number


def calibrate(function: Callable0, min_time: float) -> int:
    """How many calls make one batch last at least ``min_time`` seconds (after one warm-up)."""
    function()
    number = 1
    while True:
        elapsed = time_batch(function, number) * number
        if elapsed >= min_time or number >= 1 << 24:
            return number
        # Aim a little past the goal so one more round usually suffices.
        number = max(number * 2, int(number * 1.2 * min_time / max(elapsed, 1e-9)))


def compare(functions: Mapping[str, Callable0], repeats: int, min_time: float) -> Dict[str, Timing]:
    """Median seconds per call of each function, the functions timed round-robin."""
    numbers = {name: calibrate(function, min_time) for name, function in functions.items()}
    samples: Dict[str, List[float]] = {name: [] for name in functions}
    for _ in range(repeats):
        # The young generations hold the last round's garbage; a full collection would walk
        # every object of every library loaded, for nothing.
        gc.collect(1)
        for name, function in functions.items():
            samples[name].append(time_batch(function, numbers[name]))
    return {name: Timing(statistics.median(values), values, numbers[name])
            for name, values in samples.items()}


def time_once(function: Callable0) -> float:
    """Seconds taken by one call of ``function``, from a fresh garbage collection."""
    gc.collect()
    return time_batch(function, 1)
