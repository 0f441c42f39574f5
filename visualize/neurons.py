"""The numbers a course writes on a small network's neurons: forward values and backward deltas.

For one example ``x``, each column of ``draw_network`` gets its forward value (``x`` itself for
the inputs, ``h = activation(z)`` for a layer) and, given a target, its delta: the gradient of
the loss with respect to the layer's weighted sum ``z = h_prev W + b``. The deltas are taken by
autograd_lite's tape, in float64, so the picture shows what backpropagation computes.

>>> import autograd_lite as ag
>>> from visualize.network import DenseView
>>> layer = DenseView(np.array([[1.0], [1.0]]), np.array([0.0]), "linear", functions=[None])
>>> values, deltas = neuron_numbers([layer], [1.0, 2.0], y=[4.0])
>>> values[1], deltas[1]          # z = 3, loss (4 - 3)^2, dL/dz = -2
(array([3.]), array([-2.]))
"""
from __future__ import annotations

from typing import Any, List, Optional, Tuple

import numpy as np

import autograd_lite as ag
from autograd_lite.nn import activations

Numbers = List[Optional[np.ndarray]]


def squared_error(y_true: Any, y_pred: Any) -> "ag.Tensor":
    """The course's loss for one example: the sum of ``(y - y_hat)^2`` over the outputs.

    >>> float(squared_error(ag.constant([1.0]), ag.constant([0.5])))
    0.25
    """
    return ag.sum(ag.square(y_true - y_pred))


def neuron_numbers(layers: List[Any], x: Any, y: Any = None,
                   loss: Any = None) -> Tuple[Numbers, Numbers]:
    """Each column's forward values and (with a target ``y``) its deltas ``dL/dz``.

    Parameters
    ----------
    layers : list of ``DenseView``
        The dense layers, as ``visualize.network.dense_layers`` reads them.
    x : array-like of shape (features,) or (1, features)
        One example.
    y : array-like, optional
        Its target; without it the deltas are ``None``.
    loss : callable ``loss(y_true, y_pred)``, a loss name, or None
        Defaults to :func:`squared_error`; a name goes through ``ag.losses.get``.

    Returns
    -------
    (values, deltas)
        One entry per column (inputs first); ``deltas[0]`` is ``None`` (inputs have no ``z``).
    """
    inputs = _one_example(x, layers[0].kernel.shape[0], "x")
    blocked = [note for layer in layers for note in layer.notes if not note.startswith("dropout")]
    if blocked:
        raise ValueError(f"draw_network: show_values/show_deltas compute the layers by hand and "
                         f"cannot pass through {blocked[0]!r}; draw without values")
    h = ag.constant(inputs[None, :], dtype="float64")
    values: Numbers = [inputs]
    sums = []
    with ag.GradientTape() as tape:
        for layer in layers:
            z = ag.matmul(h, ag.constant(layer.kernel, dtype="float64"))
            if layer.bias is not None:
                z = z + ag.constant(layer.bias, dtype="float64")
            tape.watch(z)
            sums.append(z)
            h = z
            for function in layer.functions:   # dropout is the identity outside training
                h = activations.get(function)(h)
            values.append(h.numpy()[0])
        if y is None:
            return values, [None] * len(values)
        target = ag.constant(_one_example(y, layers[-1].kernel.shape[1], "y")[None, :],
                             dtype="float64")
        value = _loss(loss)(target, h)
    deltas = tape.gradient(value, sums)
    return values, [None] + [d.numpy()[0] for d in deltas]


def _loss(loss: Any) -> Any:
    if loss is None:
        return squared_error
    if isinstance(loss, str):
        return ag.losses.get(loss)
    return loss


def _one_example(value: Any, width: int, name: str) -> np.ndarray:
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 2 and array.shape[0] == 1:
        array = array[0]
    if array.shape != (width,):
        raise ValueError(f"draw_network: {name} must be one example of shape ({width},) or "
                         f"(1, {width}), got shape {np.shape(value)}")
    return array
