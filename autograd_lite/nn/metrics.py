"""Metrics that ``fit`` and ``evaluate`` accumulate over an epoch, on NumPy values.

Each metric sums a per-example value and divides by the example count, so an
accuracy is correct / total over everything seen since ``reset_state``.
``"accuracy"`` resolves as Keras 3 does, from the shapes: binary (threshold
0.5) when the output has one column, sparse categorical when the labels have
one fewer axis (or one column against several outputs), else categorical.

Examples
--------
>>> import numpy as np
>>> from autograd_lite.nn import metrics
>>> m = metrics.SparseCategoricalAccuracy()
>>> m.update_state(np.array([0, 1]), np.array([[0.9, 0.1], [0.8, 0.2]]))
>>> float(m.result())
0.5
"""
from __future__ import annotations

import abc
import functools
from typing import Callable, Optional

import numpy as np

import autograd_lite as ag

from ..function import traced_effect, tracing

__all__ = ["Metric", "MeanMetricWrapper", "Accuracy", "BinaryAccuracy", "CategoricalAccuracy",
           "SparseCategoricalAccuracy", "MeanSquaredError", "MeanAbsoluteError",
           "accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
           "get"]


def _numpy(value) -> np.ndarray:
    return np.asarray(value.numpy() if hasattr(value, "numpy") else value)


def binary_accuracy(y_true, y_pred, threshold: float = 0.5) -> np.ndarray:
    """Per example: the fraction of outputs where ``(y_pred > threshold) == y_true``.

    Examples
    --------
    >>> from autograd_lite.nn.metrics import binary_accuracy
    >>> binary_accuracy([[1.0], [0.0]], [[0.7], [0.6]])
    array([1., 0.])
    """
    y_true, y_pred = _numpy(y_true), _numpy(y_pred)
    if y_true.ndim == y_pred.ndim - 1:
        y_true = y_true[..., None]
    hits = (y_pred > threshold).astype(np.float64) == y_true.astype(np.float64)
    return hits.mean(axis=-1) if hits.ndim > 1 else hits.astype(np.float64)


def categorical_accuracy(y_true, y_pred) -> np.ndarray:
    """Per example: 1 where the largest output is the one-hot label's class.

    Examples
    --------
    >>> from autograd_lite.nn.metrics import categorical_accuracy
    >>> categorical_accuracy([[0, 1], [1, 0]], [[0.2, 0.8], [0.3, 0.7]])
    array([1., 0.])
    """
    y_true, y_pred = _numpy(y_true), _numpy(y_pred)
    return (np.argmax(y_true, axis=-1) == np.argmax(y_pred, axis=-1)).astype(np.float64)


def sparse_categorical_accuracy(y_true, y_pred) -> np.ndarray:
    """Per example: 1 where the largest output is the integer label.

    Examples
    --------
    >>> from autograd_lite.nn.metrics import sparse_categorical_accuracy
    >>> sparse_categorical_accuracy([1, 0], [[0.2, 0.8], [0.3, 0.7]])
    array([1., 0.])
    """
    y_true, y_pred = _numpy(y_true), _numpy(y_pred)
    labels = y_true.reshape(y_pred.shape[:-1]).astype(np.int64)
    return (labels == np.argmax(y_pred, axis=-1)).astype(np.float64)


class Metric(abc.ABC):
    """Base class: a running mean of per-example values.

    Subclasses implement ``values(y_true, y_pred)`` returning one number per
    example; ``direction`` is ``"up"`` when larger is better.

    Examples
    --------
    >>> import numpy as np
    >>> from autograd_lite.nn.metrics import Metric
    >>> class MeanPrediction(Metric):
    ...     def values(self, y_true, y_pred):
    ...         return np.asarray(y_pred, dtype=float).reshape(len(y_pred), -1).mean(axis=1)
    >>> m = MeanPrediction("mean_pred")
    >>> m.update_state(None, [[1.0], [3.0]])
    >>> float(m.result())
    2.0
    """

    direction = "down"

    def __init__(self, name: Optional[str] = None):
        self.name = name or type(self).__name__.lower()
        self.reset_state()

    @abc.abstractmethod
    def values(self, y_true, y_pred) -> np.ndarray:
        """The per-example metric values for one batch."""

    def update_state(self, y_true, y_pred) -> None:
        """Add a batch. Inside ``ag.function`` (a step traced as ``@tf.function``), the plan
        adds each call's batch."""
        if tracing() and isinstance(y_pred, ag.Tensor):
            if isinstance(y_true, ag.Tensor):
                traced_effect(self._add, [y_true, y_pred])
            else:
                traced_effect(functools.partial(self._add, y_true), [y_pred])
        else:
            self._add(y_true, y_pred)

    def _add(self, y_true, y_pred) -> None:
        per_example = np.asarray(self.values(y_true, y_pred), dtype=np.float64)
        self.total += float(per_example.sum())
        self.count += int(per_example.size)

    def result(self) -> "ag.Tensor":
        """The mean over everything added since the last reset (0.0 if nothing), as a float32
        Tensor (as Keras 3's); ``float(metric.result())`` is the number."""
        return ag.constant(np.float32(self.result_value()))

    def result_value(self) -> float:
        """The mean as a Python float, unrounded (what ``fit`` logs)."""
        return self.total / self.count if self.count else 0.0

    def reset_state(self) -> None:
        """Forget everything added."""
        self.total, self.count = 0.0, 0

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


class MeanMetricWrapper(Metric):
    """A metric from a function returning one value per example.

    Examples
    --------
    >>> from autograd_lite.nn.metrics import MeanMetricWrapper, categorical_accuracy
    >>> m = MeanMetricWrapper(categorical_accuracy, "acc", direction="up")
    >>> m.update_state([[1, 0]], [[0.9, 0.1]])
    >>> float(m.result())
    1.0
    """

    def __init__(self, fn: Callable, name: Optional[str] = None, direction: str = "down",
                 **kwargs):
        self.fn, self.kwargs, self.direction = fn, kwargs, direction
        super().__init__(name or getattr(fn, "__name__", "metric"))

    def values(self, y_true, y_pred) -> np.ndarray:
        return _numpy(self.fn(y_true, y_pred, **self.kwargs))


class BinaryAccuracy(MeanMetricWrapper):
    """Accuracy of ``y_pred > threshold`` against 0/1 labels.

    Examples
    --------
    >>> from autograd_lite.nn.metrics import BinaryAccuracy
    >>> m = BinaryAccuracy()
    >>> m.update_state([1, 0], [[0.9], [0.2]])
    >>> float(m.result())
    1.0
    """

    def __init__(self, name: str = "binary_accuracy", threshold: float = 0.5):
        super().__init__(binary_accuracy, name, "up", threshold=threshold)


class CategoricalAccuracy(MeanMetricWrapper):
    """Accuracy against one-hot labels.

    Examples
    --------
    >>> from autograd_lite.nn.metrics import CategoricalAccuracy
    >>> m = CategoricalAccuracy()
    >>> m.update_state([[0, 1]], [[0.4, 0.6]])
    >>> float(m.result())
    1.0
    """

    def __init__(self, name: str = "categorical_accuracy"):
        super().__init__(categorical_accuracy, name, "up")


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """Accuracy against integer labels.

    Examples
    --------
    >>> from autograd_lite.nn.metrics import SparseCategoricalAccuracy
    >>> m = SparseCategoricalAccuracy()
    >>> m.update_state([1], [[0.4, 0.6]])
    >>> float(m.result())
    1.0
    """

    def __init__(self, name: str = "sparse_categorical_accuracy"):
        super().__init__(sparse_categorical_accuracy, name, "up")


def accuracy(y_true, y_pred) -> np.ndarray:
    """Per example, the fraction of entries of ``y_pred`` equal to ``y_true`` (Keras's exact
    match ``accuracy`` function; the "accuracy" name in ``compile`` picks by shape instead)."""
    equal = _numpy(y_pred) == _aligned(y_true, y_pred)
    return equal.reshape(len(equal), -1).mean(axis=1)


class Accuracy(MeanMetricWrapper):
    """How often predictions equal the labels exactly, as ``keras.metrics.Accuracy``.

    Examples
    --------
    >>> from autograd_lite.nn.metrics import Accuracy
    >>> m = Accuracy()
    >>> m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
    >>> float(m.result())
    0.75
    """

    def __init__(self, name: str = "accuracy"):
        super().__init__(accuracy, name, "up")


def _squared_error(y_true, y_pred) -> np.ndarray:
    diff = _numpy(y_pred).astype(np.float64) - _aligned(y_true, y_pred)
    return (diff ** 2).reshape(len(diff), -1).mean(axis=1)


def _absolute_error(y_true, y_pred) -> np.ndarray:
    diff = _numpy(y_pred).astype(np.float64) - _aligned(y_true, y_pred)
    return np.abs(diff).reshape(len(diff), -1).mean(axis=1)


def _aligned(y_true, y_pred) -> np.ndarray:
    y_true, y_pred = _numpy(y_true).astype(np.float64), _numpy(y_pred)
    return y_true.reshape(y_pred.shape)


class MeanSquaredError(MeanMetricWrapper):
    """Mean squared error as a metric.

    Examples
    --------
    >>> from autograd_lite.nn.metrics import MeanSquaredError
    >>> m = MeanSquaredError()
    >>> m.update_state([1.0, 0.0], [[0.0], [0.0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, name: str = "mean_squared_error"):
        super().__init__(_squared_error, name, "down")


class MeanAbsoluteError(MeanMetricWrapper):
    """Mean absolute error as a metric.

    Examples
    --------
    >>> from autograd_lite.nn.metrics import MeanAbsoluteError
    >>> m = MeanAbsoluteError()
    >>> m.update_state([2.0], [[0.0]])
    >>> float(m.result())
    2.0
    """

    def __init__(self, name: str = "mean_absolute_error"):
        super().__init__(_absolute_error, name, "down")


_BY_NAME = {
    "binary_accuracy": BinaryAccuracy, "categorical_accuracy": CategoricalAccuracy,
    "sparse_categorical_accuracy": SparseCategoricalAccuracy,
    "mean_squared_error": MeanSquaredError, "mse": MeanSquaredError,
    "mean_absolute_error": MeanAbsoluteError, "mae": MeanAbsoluteError,
}


def _accuracy_for(name: str, true_shape, pred_shape) -> Metric:
    if pred_shape[-1] == 1:
        return BinaryAccuracy(name)
    if len(true_shape) < len(pred_shape) or true_shape[-1] == 1:
        return SparseCategoricalAccuracy(name)
    return CategoricalAccuracy(name)


def get(identifier, true_shape=None, pred_shape=None) -> Metric:
    """Resolve a metric name, object or function.

    Parameters
    ----------
    identifier : str, Metric or callable
        ``"accuracy"`` / ``"acc"`` (resolved from the shapes), another name
        such as ``"mse"``, a Metric, or ``f(y_true, y_pred)`` returning one
        value per example.
    true_shape, pred_shape : tuple, optional
        The label and output shapes; needed for ``"accuracy"``.

    Returns
    -------
    Metric
        For a name or a function, a new object named as the identifier (the
        history key). A Metric object is returned itself, not copied: ``fit``
        and ``evaluate`` update it in place, and as in Keras 3 fit's validation
        resets and reuses that same object, so after a fit with validation data
        it holds the last validation score.

    Examples
    --------
    >>> from autograd_lite.nn import metrics
    >>> metrics.get("accuracy", (32,), (32, 10))
    SparseCategoricalAccuracy(name='accuracy')
    >>> mine = metrics.MeanAbsoluteError()
    >>> metrics.get(mine) is mine
    True
    """
    if isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, str):
        if identifier.lower() in ("accuracy", "acc"):
            if true_shape is None or pred_shape is None:
                raise ValueError("metrics: 'accuracy' needs the label and output shapes")
            return _accuracy_for(identifier, tuple(true_shape), tuple(pred_shape))
        if identifier.lower() in _BY_NAME:
            return _BY_NAME[identifier.lower()](name=identifier)
        raise ValueError(f"metrics: unknown metric {identifier!r}; known names: accuracy, "
                         f"{', '.join(_BY_NAME)}")
    if callable(identifier):
        return MeanMetricWrapper(identifier)
    raise TypeError(f"metrics: expected a name, a Metric or a callable, received {identifier!r}")
