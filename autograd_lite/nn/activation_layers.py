"""Keras 3's activation layers with settings: ``Softmax``, ``ReLU`` and ``LeakyReLU``.

Examples
--------
>>> import autograd_lite as ag
>>> relu_layer = ag.nn.ReLU(max_value=10, negative_slope=0.5)
>>> relu_layer(ag.constant([-10.0, -5.0, 0.0, 5.0, 10.0])).numpy()
array([-5. , -2.5,  0. ,  5. , 10. ], dtype=float32)
"""
from __future__ import annotations

from typing import Optional

import autograd_lite as ag
from . import activations
from .layer import Layer

__all__ = ["Softmax", "ReLU", "LeakyReLU"]


def _number(value: float, what: str, where: str, least: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < least:
        raise ValueError(f"{where}: {what} must be a number >= {least:g}, received {value!r}")
    return float(value)


class Softmax(Layer):
    """``softmax(x)`` along ``axis`` (Keras's ``layers.Softmax(axis=-1)``).

    Examples
    --------
    >>> import autograd_lite as ag
    >>> ag.nn.Softmax()(ag.constant([[0.0, 0.0]])).numpy()
    array([[0.5, 0.5]], dtype=float32)
    """

    def __init__(self, axis: int = -1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, x):
        if self.axis == -1:  # as Activation("softmax"): the losses can see the logits
            return activations.activate(activations.get("softmax"), x)
        return ag.softmax(x, axis=self.axis)


class ReLU(Layer):
    """Keras's ``layers.ReLU``: ``max_value`` where ``x >= max_value``, ``x`` where
    ``threshold <= x < max_value``, ``negative_slope * (x - threshold)`` below.

    With the defaults it is ``ag.relu`` (gradient 0 at the kink, as TF).

    Examples
    --------
    >>> import autograd_lite as ag
    >>> ag.nn.ReLU(max_value=1.0)(ag.constant([-3.0, -1.0, 0.0, 2.0])).numpy()
    array([0., 0., 0., 1.], dtype=float32)
    >>> ag.nn.ReLU(threshold=1.5)(ag.constant([-3.0, -1.0, 1.0, 2.0])).numpy()
    array([0., 0., 0., 2.], dtype=float32)
    """

    def __init__(self, max_value: Optional[float] = None, negative_slope: float = 0.0,
                 threshold: float = 0.0, **kwargs):
        super().__init__(**kwargs)
        self.max_value = None if max_value is None else _number(max_value, "max_value", "ReLU")
        self.negative_slope = _number(negative_slope, "negative_slope", "ReLU")
        self.threshold = _number(threshold, "threshold", "ReLU")

    def call(self, x):
        if self.threshold:
            out = ag.where(x > self.threshold, x, ag.zeros_like(x))
        else:
            out = ag.relu(x)
        if self.max_value is not None:
            out = ag.minimum(out, self.max_value)
        if self.negative_slope:
            out = out - self.negative_slope * ag.relu(self.threshold - x)
        return out


class LeakyReLU(Layer):
    """``x`` where ``x >= 0``, ``negative_slope * x`` below (Keras 3's default slope 0.3).

    Examples
    --------
    >>> import autograd_lite as ag
    >>> ag.nn.LeakyReLU()(ag.constant([-10.0, 2.0])).numpy()
    array([-3.,  2.], dtype=float32)
    """

    def __init__(self, negative_slope: float = 0.3, **kwargs):
        super().__init__(**kwargs)
        self.negative_slope = _number(negative_slope, "negative_slope", "LeakyReLU")

    def call(self, x):
        return ag.leaky_relu(x, alpha=self.negative_slope)
