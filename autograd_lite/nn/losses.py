"""Loss functions, each returning the mean over the batch (Keras 3 rules).

Probabilities are clipped to ``[1e-7, 1 - 1e-7]`` before a log; categorical
cross-entropies on probabilities first divide each row by its sum (binary does
not). ``from_logits=True`` uses the stable log-softmax / softplus forms.

Examples
--------
>>> import autograd_lite as ag
>>> float(ag.losses.mean_squared_error([[1.0], [0.0]], ag.constant([[0.5], [0.5]])))
0.25
>>> loss = ag.losses.get("sparse_categorical_crossentropy")
>>> round(float(loss([0], ag.constant([[0.5, 0.5]]))), 4)
0.6931
"""
from __future__ import annotations

import abc
from typing import Callable, Optional, Tuple

import numpy as np

import autograd_lite as ag
from .arrays import numeric_array, to_tensor

__all__ = [
    "EPSILON", "Loss", "LossFunctionWrapper", "MeanSquaredError", "MeanAbsoluteError",
    "BinaryCrossentropy", "CategoricalCrossentropy", "SparseCategoricalCrossentropy",
    "mean_squared_error", "mean_absolute_error", "binary_crossentropy",
    "categorical_crossentropy", "sparse_categorical_crossentropy", "mse", "mae", "get",
    "check_sparse_labels",
]

EPSILON = 1e-7


def _float_pred(y_pred, name: str) -> "ag.Tensor":
    y_pred = to_tensor(y_pred, name, "y_pred")
    if not np.issubdtype(y_pred.dtype, np.floating):
        y_pred = ag.cast(y_pred, "float32")
    return y_pred


def _match(y_true, y_pred, name: str) -> Tuple["ag.Tensor", "ag.Tensor"]:
    """Give ``y_true`` the rank, shape and dtype of ``y_pred`` (Keras squeeze/expand)."""
    y_pred = _float_pred(y_pred, name)
    y_true = ag.cast(to_tensor(y_true, name, "y_true"), y_pred.dtype)
    if y_true.ndim == y_pred.ndim + 1 and y_true.shape[-1] == 1:
        y_true = ag.squeeze(y_true, axis=-1)
    elif y_pred.ndim == y_true.ndim + 1 and y_pred.shape[-1] == 1:
        y_true = ag.expand_dims(y_true, -1)
    if tuple(y_true.shape) != tuple(y_pred.shape):
        raise ValueError(f"{name}: y_true of shape {tuple(y_true.shape)} does not match "
                         f"y_pred of shape {tuple(y_pred.shape)}")
    return y_true, y_pred


def _batch_mean(per_element: "ag.Tensor") -> "ag.Tensor":
    if per_element.ndim == 0:
        return per_element
    per_sample = ag.mean(per_element, axis=-1) if per_element.ndim > 1 else per_element
    return ag.mean(per_sample)


def mean_squared_error(y_true, y_pred) -> "ag.Tensor":
    """Mean of ``(y_true - y_pred)**2``.

    Parameters
    ----------
    y_true : array_like
        Targets, the shape of ``y_pred`` (a trailing axis of 1 may be missing).
    y_pred : Tensor
        Predictions.

    Returns
    -------
    Tensor
        A scalar.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> float(ag.losses.mean_squared_error([1.0, 3.0], ag.constant([0.0, 0.0])))
    5.0
    """
    y_true, y_pred = _match(y_true, y_pred, "mean_squared_error")
    return _batch_mean(ag.square(y_pred - y_true))


def mean_absolute_error(y_true, y_pred) -> "ag.Tensor":
    """Mean of ``|y_true - y_pred|``.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> float(ag.losses.mean_absolute_error([1.0, 3.0], ag.constant([0.0, 0.0])))
    2.0
    """
    y_true, y_pred = _match(y_true, y_pred, "mean_absolute_error")
    return _batch_mean(ag.abs(y_pred - y_true))


def binary_crossentropy(y_true, y_pred, from_logits: bool = False) -> "ag.Tensor":
    """Mean of ``-(y log p + (1 - y) log(1 - p))``.

    Parameters
    ----------
    y_true : array_like
        Targets in [0, 1].
    y_pred : Tensor
        Probabilities (clipped to ``[1e-7, 1 - 1e-7]``), or logits when
        ``from_logits=True``.
    from_logits : bool

    Examples
    --------
    >>> import autograd_lite as ag
    >>> round(float(ag.losses.binary_crossentropy([1.0], ag.constant([0.5]))), 4)
    0.6931
    """
    y_true, y_pred = _match(y_true, y_pred, "binary_crossentropy")
    if from_logits:
        # softplus(z) - y z equals the cross-entropy of sigmoid(z) and stays finite.
        per = ag.softplus(y_pred) - y_true * y_pred
    else:
        p = ag.clip(y_pred, EPSILON, 1.0 - EPSILON)
        per = -(y_true * ag.log(p) + (1.0 - y_true) * ag.log(1.0 - p))
    return _batch_mean(per)


def _categorical(y_true: "ag.Tensor", y_pred: "ag.Tensor", from_logits: bool) -> "ag.Tensor":
    if from_logits:  # one op, whose gradient is softmax - y, as TensorFlow's
        return ag.mean(ag.softmax_cross_entropy_with_logits(y_true, y_pred, axis=-1))
    p = y_pred / ag.sum(y_pred, axis=-1, keepdims=True)
    per_sample = -ag.sum(y_true * ag.log(ag.clip(p, EPSILON, 1.0 - EPSILON)), axis=-1)
    return ag.mean(per_sample)


def categorical_crossentropy(y_true, y_pred, from_logits: bool = False) -> "ag.Tensor":
    """Mean of ``-sum(y * log p)`` over one-hot (or soft) targets.

    Parameters
    ----------
    y_true : array_like
        Targets of shape ``(batch, classes)``.
    y_pred : Tensor
        Probabilities (each row divided by its sum, then clipped), or logits
        when ``from_logits=True``.
    from_logits : bool

    Examples
    --------
    >>> import autograd_lite as ag
    >>> round(float(ag.losses.categorical_crossentropy([[0, 1]], ag.constant([[1.0, 1.0]]))), 4)
    0.6931
    """
    y_true, y_pred = _match(y_true, y_pred, "categorical_crossentropy")
    return _categorical(y_true, y_pred, from_logits)


def check_sparse_labels(labels, classes: int, where: str) -> np.ndarray:
    """Return integer labels, or raise ``ValueError`` if any is outside ``[0, classes)``.

    Parameters
    ----------
    labels : array_like
        Class indices (integers, or floats holding whole numbers).
    classes : int
        The number of classes (the model's last output dimension).
    where : str
        The name used in the error message.

    Returns
    -------
    numpy.ndarray of int64

    Raises
    ------
    TypeError
        Naming ``where``, for labels that are not numeric (a string, ``None``,
        a ragged list).
    ValueError
        Naming ``where``, for labels that are not whole numbers in ``[0, classes)``.

    Examples
    --------
    >>> from autograd_lite.nn.losses import check_sparse_labels
    >>> check_sparse_labels([0, 2], 3, "fit")
    array([0, 2])
    """
    raw = numeric_array(labels, where, "the sparse labels")
    if raw.size and not np.issubdtype(raw.dtype, np.integer):
        if not np.issubdtype(raw.dtype, np.number) or not np.all(np.mod(raw, 1) == 0):
            raise ValueError(f"{where}: sparse labels must be whole class indices in "
                             f"[0, {classes}), received values of dtype {raw.dtype}")
    ints = raw.astype(np.int64)
    bad = (ints < 0) | (ints >= classes)
    if bad.any():
        raise ValueError(f"{where}: sparse labels must lie in [0, {classes}) for {classes} "
                         f"classes, received {int(bad.sum())} outside it "
                         f"(min {ints.min()}, max {ints.max()})")
    return ints


def sparse_categorical_crossentropy(y_true, y_pred, from_logits: bool = False) -> "ag.Tensor":
    """Categorical cross-entropy with integer class labels.

    Parameters
    ----------
    y_true : array_like of int
        Labels of shape ``(batch,)`` or ``(batch, 1)`` in ``[0, classes)``.
    y_pred : Tensor
        Shape ``(batch, classes)``: probabilities or logits.
    from_logits : bool

    Raises
    ------
    ValueError
        For labels outside ``[0, classes)`` or a label count that differs
        from the batch size.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> round(float(ag.losses.sparse_categorical_crossentropy([1], ag.constant([[0.0, 0.0]]),
    ...                                                        from_logits=True)), 4)
    0.6931
    """
    y_pred = _float_pred(y_pred, "sparse_categorical_crossentropy")
    classes = int(y_pred.shape[-1])
    labels = check_sparse_labels(y_true, classes, "sparse_categorical_crossentropy")
    if labels.ndim == y_pred.ndim and labels.shape[-1] == 1:
        labels = labels.reshape(labels.shape[:-1])
    if labels.shape != tuple(y_pred.shape[:-1]):
        raise ValueError(f"sparse_categorical_crossentropy: labels of shape {labels.shape} do "
                         f"not match y_pred of shape {tuple(y_pred.shape)}")
    one_hot = ag.cast(ag.one_hot(labels, classes), y_pred.dtype)
    return _categorical(one_hot, y_pred, from_logits)


mse = mean_squared_error
mae = mean_absolute_error


class Loss(abc.ABC):
    """Base class of loss objects: ``loss(y_true, y_pred)`` gives the batch mean.

    ``target_kind`` tells ``fit`` how to check labels: ``"sparse"`` (class
    indices), ``"categorical"`` (one column per class), ``"dense"`` (the
    shape of the output) or ``None`` (no check).

    Examples
    --------
    >>> import autograd_lite as ag
    >>> class Half(ag.losses.Loss):
    ...     def call(self, y_true, y_pred):
    ...         return 0.5 * ag.losses.mean_squared_error(y_true, y_pred)
    >>> float(Half()([0.0], ag.constant([1.0])))
    0.5
    """

    target_kind: Optional[str] = None

    def __init__(self, name: Optional[str] = None):
        self.name = name or _snake(type(self).__name__)

    def __call__(self, y_true, y_pred) -> "ag.Tensor":
        return self.call(y_true, y_pred)

    @abc.abstractmethod
    def call(self, y_true, y_pred) -> "ag.Tensor":
        """The loss of ``y_pred`` against ``y_true``, as a Tensor."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


class LossFunctionWrapper(Loss):
    """A loss object around a function ``fn(y_true, y_pred, **kwargs)``.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> loss = ag.losses.LossFunctionWrapper(ag.losses.mean_absolute_error)
    >>> float(loss([1.0], ag.constant([0.0])))
    1.0
    """

    def __init__(self, fn: Callable, name: Optional[str] = None,
                 target_kind: Optional[str] = None, **kwargs):
        super().__init__(name or getattr(fn, "__name__", "loss"))
        self.fn, self.kwargs, self.target_kind = fn, kwargs, target_kind

    def call(self, y_true, y_pred) -> "ag.Tensor":
        return self.fn(y_true, y_pred, **self.kwargs)


class MeanSquaredError(LossFunctionWrapper):
    """Object form of :func:`mean_squared_error`.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> float(ag.losses.MeanSquaredError()([2.0], ag.constant([0.0])))
    4.0
    """

    def __init__(self, name: str = "mean_squared_error"):
        super().__init__(mean_squared_error, name, "dense")


class MeanAbsoluteError(LossFunctionWrapper):
    """Object form of :func:`mean_absolute_error`.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> float(ag.losses.MeanAbsoluteError()([2.0], ag.constant([0.0])))
    2.0
    """

    def __init__(self, name: str = "mean_absolute_error"):
        super().__init__(mean_absolute_error, name, "dense")


class BinaryCrossentropy(LossFunctionWrapper):
    """Object form of :func:`binary_crossentropy`.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> round(float(ag.losses.BinaryCrossentropy(from_logits=True)([1.0], ag.constant([0.0]))), 4)
    0.6931
    """

    def __init__(self, from_logits: bool = False, name: str = "binary_crossentropy"):
        super().__init__(binary_crossentropy, name, "dense", from_logits=from_logits)
        self.from_logits = from_logits


class CategoricalCrossentropy(LossFunctionWrapper):
    """Object form of :func:`categorical_crossentropy`.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> loss = ag.losses.CategoricalCrossentropy()
    >>> round(float(loss([[1.0, 0.0]], ag.constant([[0.5, 0.5]]))), 4)
    0.6931
    """

    def __init__(self, from_logits: bool = False, name: str = "categorical_crossentropy"):
        super().__init__(categorical_crossentropy, name, "categorical", from_logits=from_logits)
        self.from_logits = from_logits


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Object form of :func:`sparse_categorical_crossentropy`.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> loss = ag.losses.SparseCategoricalCrossentropy(from_logits=True)
    >>> round(float(loss([0], ag.constant([[0.0, 0.0]]))), 4)
    0.6931
    """

    def __init__(self, from_logits: bool = False,
                 name: str = "sparse_categorical_crossentropy"):
        super().__init__(sparse_categorical_crossentropy, name, "sparse", from_logits=from_logits)
        self.from_logits = from_logits


_BY_NAME = {
    "mean_squared_error": MeanSquaredError, "mse": MeanSquaredError,
    "mean_absolute_error": MeanAbsoluteError, "mae": MeanAbsoluteError,
    "binary_crossentropy": BinaryCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
}
_BY_FUNCTION = {
    mean_squared_error: MeanSquaredError, mean_absolute_error: MeanAbsoluteError,
    binary_crossentropy: BinaryCrossentropy, categorical_crossentropy: CategoricalCrossentropy,
    sparse_categorical_crossentropy: SparseCategoricalCrossentropy,
}


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def get(identifier) -> Loss:
    """Resolve a loss name, function or object into a :class:`Loss` object.

    Parameters
    ----------
    identifier : str, Loss or callable
        A name (``"mse"``, ``"categorical_crossentropy"``, ``"MeanSquaredError"`` ...),
        a loss object, one of this module's functions, or any callable
        ``f(y_true, y_pred)`` returning a scalar Tensor.

    Returns
    -------
    Loss

    Examples
    --------
    >>> import autograd_lite as ag
    >>> ag.losses.get("mse")
    MeanSquaredError(name='mean_squared_error')
    """
    if isinstance(identifier, Loss):
        return identifier
    if isinstance(identifier, str):
        key = identifier if identifier in _BY_NAME else _snake(identifier)
        if key not in _BY_NAME:
            raise ValueError(f"losses: unknown loss {identifier!r}; "
                             f"known names: {', '.join(_BY_NAME)}")
        return _BY_NAME[key]()
    if identifier in _BY_FUNCTION:
        return _BY_FUNCTION[identifier]()
    if callable(identifier):
        return LossFunctionWrapper(identifier)
    raise TypeError(f"losses: expected a name, a Loss or a callable, received {identifier!r}")
