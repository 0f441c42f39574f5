"""The MLP training step written by hand in NumPy: the physical limit of a NumPy engine.

Forward, backward and the SGD update of a relu MLP with a softmax cross-entropy loss, written the
way one would without an autodiff engine: every intermediate kept only as long as the backward
pass needs it, each array updated in place where that saves an allocation, and no work an engine
could skip (for example no gradient with respect to the input batch).
"""
from __future__ import annotations

from typing import List, Sequence, Tuple

import numpy as np


Cache = Tuple[List[np.ndarray], np.ndarray, np.ndarray]
"""What the backward pass needs from the forward: the layer inputs, the softmax numerators
(``exp``) and their row sums."""


def forward(params: Sequence[np.ndarray], x: np.ndarray,
            onehot: np.ndarray) -> Tuple[float, Cache]:
    """The mean softmax cross-entropy of the MLP ``params`` on ``x``, and what backward needs.

    ``params`` is ``[W1, b1, W2, b2, ...]``; every layer but the last is followed by relu. The
    rows of ``onehot`` sum to 1.
    """
    weights, biases = params[0::2], params[1::2]
    activations = [x]
    hidden = x
    for w, b in zip(weights[:-1], biases[:-1]):
        hidden = hidden @ w
        hidden += b
        np.maximum(hidden, 0, out=hidden)
        activations.append(hidden)
    logits = hidden @ weights[-1]
    logits += biases[-1]

    # log-softmax by the max-shift, so large logits do not overflow exp.
    logits -= logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    # The row sums as a matrix-vector product with ones, as the engine's softmax family does:
    # BLAS beats NumPy's reduction along a short last axis 2 to 7 times.
    total = exp @ np.ones((exp.shape[1], 1), exp.dtype)
    # sum(onehot * (logits - log total)) with rows of onehot summing to 1
    loss = float(-(np.vdot(onehot, logits) - np.log(total).sum()) / x.shape[0])
    return loss, (activations, exp, total)


def backward(params: Sequence[np.ndarray], onehot: np.ndarray, cache: Cache) -> List[np.ndarray]:
    """The gradients of :func:`forward`'s loss, one per parameter, in the same order."""
    activations, exp, total = cache
    weights = params[0::2]
    # d loss / d logits = (softmax - onehot) / batch, built in the exp buffer
    upstream = exp
    upstream /= total
    upstream -= onehot
    upstream /= onehot.shape[0]

    grads: List[np.ndarray] = [np.empty(0)] * len(params)
    for layer in range(len(weights) - 1, -1, -1):
        inputs = activations[layer]
        grads[2 * layer] = inputs.T @ upstream
        grads[2 * layer + 1] = upstream.sum(axis=0)
        if layer > 0:
            upstream = upstream @ weights[layer].T
            upstream *= inputs > 0  # relu'(z) = 1 where the activation is positive
    return grads


def loss_and_grads(params: Sequence[np.ndarray], x: np.ndarray,
                   onehot: np.ndarray) -> Tuple[float, List[np.ndarray]]:
    """The loss of :func:`forward` and the gradients of :func:`backward`.

    >>> from benchmarks.mlp_problem import make_problem
    >>> p = make_problem((4, 3, 2), batch=5, dtype="float64")
    >>> loss, grads = loss_and_grads(p.params, p.x, p.onehot)
    >>> [g.shape for g in grads]
    [(4, 3), (3,), (3, 2), (2,)]
    """
    loss, cache = forward(params, x, onehot)
    return loss, backward(params, onehot, cache)


def sgd_step(params: Sequence[np.ndarray], x: np.ndarray, onehot: np.ndarray,
             learning_rate: float) -> float:
    """One step of plain SGD on ``params``, in place; returns the loss before the step."""
    loss, grads = loss_and_grads(params, x, onehot)
    for param, grad in zip(params, grads):
        grad *= learning_rate
        param -= grad
    return loss
