"""Sizes and repeat counts of a benchmark run: the full run, ``--quick`` and the test size."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Tuple


@dataclass(frozen=True)
class Config:
    """How big each workload is and how often it is timed.

    ``repeats`` timed batches are taken per measurement and the median reported; each batch runs
    the callable enough times to last at least ``min_time`` seconds.
    """

    label: str
    repeats: int
    min_time: float
    # workload 1: per-op overhead
    op_shapes: Tuple[Tuple[int, ...], ...] = ((1,), (16,))
    op_chain_length: int = 32
    # workload 2: MLP training step
    mlp_sizes: Tuple[int, ...] = (784, 128, 64, 10)
    mlp_batches: Tuple[int, ...] = (32, 256)
    # workload 3: deep chain; repeats per length (fewer for the long chains: ~7 s each at 10^6)
    chain_lengths: Tuple[int, ...] = (10_000, 100_000, 1_000_000)
    chain_repeats: Dict[int, int] = field(default_factory=lambda: {
        10_000: 9, 100_000: 5, 1_000_000: 3})
    # workload 4: memory
    memory_batch: int = 256
    memory_steps: int = 1000
    # workload 5: Hessian-vector product of a small MLP loss (float64)
    hvp_sizes: Tuple[int, ...] = (20, 32, 10)
    hvp_batch: int = 64
    # fit epoch (issue 17): samples per warm epoch, layer sizes, fresh processes per engine,
    # and the epoch sizes timed in fresh processes besides fit_samples (a Fashion-MNIST epoch)
    fit_samples: int = 3200
    fit_sizes: Tuple[int, ...] = (784, 128, 10)
    fit_fresh_runs: int = 3
    fit_fresh_samples: Tuple[int, ...] = (60_000,)
    # profile of the recording and backward paths
    profile_iterations: int = 200

    def chain_repeats_for(self, length: int) -> int:
        """Timed repeats for a chain of ``length`` ops (one when not listed)."""
        return self.chain_repeats.get(length, 1)


FULL = Config(label="full", repeats=7, min_time=0.05, mlp_batches=(1, 32, 256), fit_fresh_runs=5)

QUICK = Config(
    label="quick", repeats=3, min_time=0.01,
    op_chain_length=16,
    mlp_batches=(32, 256),
    chain_lengths=(1_000, 10_000, 100_000),
    chain_repeats={1_000: 3, 10_000: 2, 100_000: 1},
    memory_steps=50,
    fit_fresh_samples=(),
    profile_iterations=20,
)

TINY = Config(
    label="tiny", repeats=2, min_time=0.0,
    op_chain_length=4,
    mlp_sizes=(12, 8, 6, 3),
    mlp_batches=(4, 8),
    chain_lengths=(50, 500),
    chain_repeats={50: 1, 500: 1},
    memory_batch=4,
    memory_steps=20,
    fit_samples=80,
    fit_sizes=(12, 8, 3),
    fit_fresh_runs=1,
    fit_fresh_samples=(160,),
    hvp_sizes=(4, 5, 3),
    hvp_batch=6,
    profile_iterations=2,
)
"""A run small enough for the test suite: every code path, a few seconds in all."""
