"""The MLP every engine trains: the same weights, inputs and labels for all of them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Sequence

import numpy as np

LEARNING_RATE = 0.01


@dataclass(frozen=True)
class MLPProblem:
    """Weights ``[W1, b1, W2, b2, ...]`` (``W`` of shape (inputs, units)), a batch and its labels.

    ``onehot`` is the one-hot form of ``labels``; every engine's loss is the softmax
    cross-entropy ``-mean(sum(onehot * log_softmax(logits), axis=1))``.
    """

    params: List[np.ndarray]
    x: np.ndarray
    labels: np.ndarray
    onehot: np.ndarray

    def fresh_params(self) -> List[np.ndarray]:
        """Copies of the weights, for an engine that updates them in place."""
        return [p.copy() for p in self.params]


def make_problem(sizes: Sequence[int], batch: int, dtype: str = "float32",
                 seed: int = 0) -> MLPProblem:
    """Glorot-uniform weights, small random biases (so no gradient is trivially zero), a normal
    input batch and uniform random labels, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    params: List[np.ndarray] = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        params.append(rng.uniform(-limit, limit, (fan_in, fan_out)).astype(dtype))
        params.append(rng.uniform(-0.1, 0.1, fan_out).astype(dtype))
    x = rng.standard_normal((batch, sizes[0])).astype(dtype)
    labels = rng.integers(0, sizes[-1], batch)
    onehot = np.eye(sizes[-1], dtype=dtype)[labels]
    return MLPProblem(params=params, x=x, labels=labels, onehot=onehot)
