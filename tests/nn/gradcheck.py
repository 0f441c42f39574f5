"""Gradient checks of layers: ``ag.testing.check_grads`` (the one finite-difference checker)
over a layer's input and trainable variables, in float64."""
from __future__ import annotations

from typing import Callable

import numpy as np

import autograd_lite as ag


def numeric_gradient(f: Callable[[np.ndarray], float], x: np.ndarray,
                     eps: float = 1e-6) -> np.ndarray:
    """d f / d x by central differences, one element at a time."""
    return ag.testing.numeric_gradient(f, x, eps=eps)


def check_layer_gradients(layer, x: np.ndarray, training: bool = False,
                          rtol: float = 1e-5, atol: float = 1e-7) -> None:
    """Compare the tape's gradients of a random projection of ``layer(x)`` with differences.

    Covers the input and every trainable variable of the (float64) layer; every one must be
    connected.
    """
    x = np.asarray(x, dtype=np.float64)
    layer(x, training=training)  # builds the variables
    ag.testing.check_grads(lambda value: layer(value, training=training), x,
                           variables=layer.trainable_variables, rtol=rtol, atol=atol,
                           allow_none=False)
