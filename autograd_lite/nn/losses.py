"""Loss functions, each returning the mean over the batch (Keras 3 rules).

Probabilities are clipped to ``[1e-7, 1 - 1e-7]`` before a log; categorical
cross-entropies on probabilities first divide each row by its sum (binary does
not). ``from_logits=True`` uses the stable log-softmax / softplus forms.

As in Keras 3, when ``y_pred`` is the output of a layer's sigmoid (for binary)
or softmax (for categorical) activation, the cross-entropies use that layer's
logits and the exact from-logits formula, even with ``from_logits=False``:
a saturated output then gets its true loss and gradient instead of the
clipped ``-log(1e-7)`` and a zero gradient.

Loss objects (``MeanSquaredError()`` ...) compute one value per sample, then
reduce them with ``reduction``: ``"sum_over_batch_size"`` (the default: the
mean), ``"sum"`` or ``"none"``, after multiplying by an optional
``sample_weight``.

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
import contextlib
import functools
import threading
import warnings
from typing import Any, Callable, Iterator, Optional, Tuple

import numpy as np

import autograd_lite as ag

from ..function import traced_effect, tracing
from .activations import remembered_logits
from .arrays import numeric_array, to_tensor

__all__ = [
    "EPSILON", "Loss", "LossFunctionWrapper", "MeanSquaredError", "MeanAbsoluteError",
    "BinaryCrossentropy", "CategoricalCrossentropy", "SparseCategoricalCrossentropy",
    "mean_squared_error", "mean_absolute_error", "binary_crossentropy",
    "categorical_crossentropy", "sparse_categorical_crossentropy", "mse", "mae", "get",
    "check_sparse_labels", "reduce_values", "REDUCTIONS",
]

EPSILON = 1e-7

#: The ``reduction=`` values of loss objects (Keras 3's; ``"mean"`` is ``"sum_over_batch_size"``).
REDUCTIONS = ("sum_over_batch_size", "sum", "none", None, "mean", "mean_with_sample_weight")


def _float_pred(y_pred, name: str) -> "ag.Tensor":
    y_pred = to_tensor(y_pred, name, "y_pred")
    if not np.issubdtype(y_pred.dtype, np.floating):
        y_pred = ag.cast(y_pred, "float32")
    return y_pred


def _fit_rank(x: "ag.Tensor", other: "ag.Tensor") -> "ag.Tensor":
    """``x`` with a trailing axis of 1 dropped or added when its rank is one off ``other``'s.

    >>> import autograd_lite as ag
    >>> _fit_rank(ag.constant([[1.0], [2.0]]), ag.constant([0.0, 0.0])).shape
    (2,)
    """
    if x.ndim == other.ndim + 1 and x.shape[-1] == 1:
        return ag.squeeze(x, axis=-1)
    if other.ndim == x.ndim + 1 and other.shape[-1] == 1:
        return ag.expand_dims(x, -1)
    return x


def _match(y_true, y_pred, name: str) -> Tuple["ag.Tensor", "ag.Tensor"]:
    """Give ``y_true`` the rank, shape and dtype of ``y_pred`` (Keras squeeze/expand)."""
    y_pred = _float_pred(y_pred, name)
    y_true = _fit_rank(ag.cast(to_tensor(y_true, name, "y_true"), y_pred.dtype), y_pred)
    if tuple(y_true.shape) != tuple(y_pred.shape):
        raise ValueError(f"{name}: y_true of shape {tuple(y_true.shape)} does not match "
                         f"y_pred of shape {tuple(y_pred.shape)}")
    return y_true, y_pred


def _per_sample(per_element: "ag.Tensor") -> "ag.Tensor":
    """One value per sample: the mean over the last axis (elementwise for rank 0 and 1)."""
    return ag.mean(per_element, axis=-1) if per_element.ndim > 1 else per_element


def _batch_mean(values: "ag.Tensor") -> "ag.Tensor":
    return ag.mean(values) if values.ndim else values


def _smoothing(value: Any, where: str) -> float:
    try:
        smoothing = float(value)
    except (TypeError, ValueError):
        smoothing = float("nan")
    if not 0.0 <= smoothing <= 1.0:
        raise ValueError(f"{where}: label_smoothing must be a number in [0, 1], "
                         f"received {value!r}")
    return smoothing


def _class_axis(axis: Any, where: str, ndim: Optional[int] = None) -> int:
    """``axis`` as an int; given ``ndim``, also checked against it and made non-negative.

    >>> _class_axis(-1, "loss"), _class_axis(-1, "loss", ndim=2)
    (-1, 1)
    """
    integer = isinstance(axis, (int, np.integer)) and not isinstance(axis, bool)
    if ndim is None:
        if not integer:
            raise ValueError(f"{where}: axis must be an integer, received {axis!r}")
        return int(axis)
    if not integer or not -ndim <= int(axis) < ndim:
        raise ValueError(f"{where}: axis must be an integer in [{-ndim}, {ndim}) for y_pred of "
                         f"rank {ndim}, received {axis!r}")
    return int(axis) % ndim


def _logits_or(y_pred: "ag.Tensor", from_logits: bool, kind: str,
               where: str) -> Tuple["ag.Tensor", bool]:
    """The remembered logits of a layer's ``kind`` activation (and True), else the arguments."""
    remembered = remembered_logits(y_pred)
    if remembered is None or remembered[1] != kind:
        return y_pred, from_logits
    if from_logits:
        warnings.warn(f"{where} received from_logits=True, but y_pred is the output of a {kind} "
                      f"activation and so holds probabilities, not logits; the loss uses the "
                      f"{kind}'s input (its logits) instead. Was this intended?",
                      UserWarning, stacklevel=4)
    return remembered[0], True


def _mse_values(y_true, y_pred) -> "ag.Tensor":
    y_true, y_pred = _match(y_true, y_pred, "mean_squared_error")
    return _per_sample(ag.square(y_pred - y_true))


def _mae_values(y_true, y_pred) -> "ag.Tensor":
    y_true, y_pred = _match(y_true, y_pred, "mean_absolute_error")
    return _per_sample(ag.abs(y_pred - y_true))


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
    return _batch_mean(_mse_values(y_true, y_pred))


def mean_absolute_error(y_true, y_pred) -> "ag.Tensor":
    """Mean of ``|y_true - y_pred|``.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> float(ag.losses.mean_absolute_error([1.0, 3.0], ag.constant([0.0, 0.0])))
    2.0
    """
    return _batch_mean(_mae_values(y_true, y_pred))


def _bce_values(y_true, y_pred, from_logits: bool = False,
                smoothing: float = 0.0) -> "ag.Tensor":
    """Per-sample binary cross-entropy; ``smoothing`` already checked by :func:`_smoothing`."""
    name = "binary_crossentropy"
    y_true, y_pred = _match(y_true, y_pred, name)
    y_pred, from_logits = _logits_or(y_pred, from_logits, "sigmoid", name)
    if smoothing:
        y_true = y_true * (1.0 - smoothing) + 0.5 * smoothing
    if from_logits:
        # softplus(z) - y z equals the cross-entropy of sigmoid(z) and stays finite.
        per = ag.softplus(y_pred) - y_true * y_pred
    else:
        p = ag.clip(y_pred, EPSILON, 1.0 - EPSILON)
        per = -(y_true * ag.log(p) + (1.0 - y_true) * ag.log(1.0 - p))
    return _per_sample(per)


def binary_crossentropy(y_true, y_pred, from_logits: bool = False,
                        label_smoothing: float = 0.0) -> "ag.Tensor":
    """Mean of ``-(y log p + (1 - y) log(1 - p))``.

    Parameters
    ----------
    y_true : array_like
        Targets in [0, 1].
    y_pred : Tensor
        Probabilities (clipped to ``[1e-7, 1 - 1e-7]``), or logits when
        ``from_logits=True``. The output of a layer's sigmoid activation is
        scored from that layer's logits (exactly, as Keras 3 does).
    from_logits : bool
    label_smoothing : float in [0, 1]
        Targets become ``y * (1 - label_smoothing) + 0.5 * label_smoothing``.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> round(float(ag.losses.binary_crossentropy([1.0], ag.constant([0.5]))), 4)
    0.6931
    """
    smoothing = _smoothing(label_smoothing, "binary_crossentropy")
    return _batch_mean(_bce_values(y_true, y_pred, from_logits, smoothing))


def _categorical(y_true: "ag.Tensor", y_pred: "ag.Tensor", from_logits: bool, axis: int,
                 where: str) -> "ag.Tensor":
    """Per-sample cross-entropy along ``axis`` (a layer's softmax is along the last axis)."""
    if axis == y_pred.ndim - 1:
        y_pred, from_logits = _logits_or(y_pred, from_logits, "softmax", where)
    if from_logits:  # one op, whose gradient is softmax - y, as TensorFlow's
        return ag.softmax_cross_entropy_with_logits(y_true, y_pred, axis=axis)
    p = y_pred / ag.sum(y_pred, axis=axis, keepdims=True)
    return -ag.sum(y_true * ag.log(ag.clip(p, EPSILON, 1.0 - EPSILON)), axis=axis)


def _cce_values(y_true, y_pred, from_logits: bool = False, smoothing: float = 0.0,
                axis: int = -1) -> "ag.Tensor":
    """Per-sample categorical cross-entropy; ``smoothing`` already checked by :func:`_smoothing`."""
    name = "categorical_crossentropy"
    y_true, y_pred = _match(y_true, y_pred, name)
    axis = _class_axis(axis, name, y_pred.ndim)
    if smoothing:
        y_true = y_true * (1.0 - smoothing) + smoothing / int(y_true.shape[-1])
    return _categorical(y_true, y_pred, from_logits, axis, name)


def categorical_crossentropy(y_true, y_pred, from_logits: bool = False,
                             label_smoothing: float = 0.0, axis: int = -1) -> "ag.Tensor":
    """Mean of ``-sum(y * log p)`` over one-hot (or soft) targets.

    Parameters
    ----------
    y_true : array_like
        Targets of shape ``(batch, classes)``.
    y_pred : Tensor
        Probabilities (each row divided by its sum, then clipped), or logits
        when ``from_logits=True``. The output of a layer's softmax activation
        is scored from that layer's logits (exactly, as Keras 3 does).
    from_logits : bool
    label_smoothing : float in [0, 1]
        Targets become ``y * (1 - label_smoothing) + label_smoothing / classes``
        (classes: the size of the last axis).
    axis : int
        The class axis.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> round(float(ag.losses.categorical_crossentropy([[0, 1]], ag.constant([[1.0, 1.0]]))), 4)
    0.6931
    """
    smoothing = _smoothing(label_smoothing, "categorical_crossentropy")
    return _batch_mean(_cce_values(y_true, y_pred, from_logits, smoothing, axis))


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


class _LabelsChecked(threading.local):
    on = False
    one_hot = False  # fit hands the sparse loss one-hot rows it made once from checked labels


LABELS_CHECKED = _LabelsChecked()
"""Per thread: ``fit`` and ``evaluate`` check every label once, before the first batch, and
set ``LABELS_CHECKED.on`` so the sparse loss does not check each batch again."""


@contextlib.contextmanager
def labels_checked() -> Iterator[None]:
    """Within this block the sparse loss trusts its labels (the caller checked them).

    >>> with labels_checked():
    ...     LABELS_CHECKED.on
    True
    """
    previous, LABELS_CHECKED.on = LABELS_CHECKED.on, True
    try:
        yield
    finally:
        LABELS_CHECKED.on = previous


@contextlib.contextmanager
def one_hot_labels(on: bool = True) -> Iterator[None]:
    """Within this block (when ``on``) the sparse loss receives its labels as one-hot rows in
    the predictions' dtype, which ``fit`` made once per call from the labels it checked,
    instead of class indices to turn into rows at every step (as a hand-written loop does).

    >>> import autograd_lite as ag
    >>> with one_hot_labels():
    ...     round(float(sparse_categorical_crossentropy(np.float32([[0, 1]]),
    ...                                                 ag.constant([[0.5, 0.5]]))), 4)
    0.6931
    """
    previous, LABELS_CHECKED.one_hot = LABELS_CHECKED.one_hot, on
    try:
        yield
    finally:
        LABELS_CHECKED.one_hot = previous


def _sparse_values(y_true, y_pred, from_logits: bool = False) -> "ag.Tensor":
    name = "sparse_categorical_crossentropy"
    y_pred = _float_pred(y_pred, name)
    classes = int(y_pred.shape[-1])
    if LABELS_CHECKED.one_hot:  # see one_hot_labels
        return _categorical(y_true, y_pred, from_logits, y_pred.ndim - 1, name)
    if LABELS_CHECKED.on:  # (a Tensor when ag.function traces the step: kept as it is)
        labels = y_true if isinstance(y_true, ag.Tensor) else np.asarray(y_true)
    elif isinstance(y_true, ag.Tensor) and tracing():
        # a user's traced step: the plan checks each call's labels, and keeps them a Tensor
        traced_effect(functools.partial(check_sparse_labels, classes=classes, where=name),
                      [y_true])
        labels = y_true
    else:
        labels = check_sparse_labels(y_true, classes, name)
    if labels.ndim == y_pred.ndim and labels.shape[-1] == 1:
        labels = ag.reshape(labels, labels.shape[:-1])
    if labels.shape != tuple(y_pred.shape[:-1]):
        raise ValueError(f"{name}: labels of shape {labels.shape} do "
                         f"not match y_pred of shape {tuple(y_pred.shape)}")
    return _categorical(_one_hot(labels, classes, y_pred.dtype), y_pred, from_logits,
                        y_pred.ndim - 1, name)


def _one_hot(labels: Any, classes: int, dtype: np.dtype) -> Any:
    """Rows with a 1 at each (checked) label: an array, or ops on a traced Tensor of labels
    (three cheap NumPy calls in a plan, where ``ag.one_hot`` checks its indices each call).

    >>> _one_hot(np.array([2, 0]), 3, np.dtype("float32"))
    array([[0., 0., 1.],
           [1., 0., 0.]], dtype=float32)
    """
    columns = np.arange(classes)
    if not isinstance(labels, ag.Tensor):
        return (labels[..., None] == columns).astype(dtype)
    return ag.cast(ag.equal(ag.reshape(labels, labels.shape + (1,)), columns), dtype)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits: bool = False) -> "ag.Tensor":
    """Categorical cross-entropy with integer class labels.

    Parameters
    ----------
    y_true : array_like of int
        Labels of shape ``(batch,)`` or ``(batch, 1)`` in ``[0, classes)``.
    y_pred : Tensor
        Shape ``(batch, classes)``: probabilities or logits (a layer's softmax
        output is scored from its logits, as in Keras 3).
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
    return _batch_mean(_sparse_values(y_true, y_pred, from_logits))


mse = mean_squared_error
mae = mean_absolute_error


def _check_reduction(reduction: Any, where: str) -> Optional[str]:
    known_kind = reduction is None or isinstance(reduction, str)
    if not known_kind or reduction not in REDUCTIONS:
        known = ", ".join(repr(r) for r in REDUCTIONS)
        raise ValueError(f"{where}: reduction must be one of {known}, received {reduction!r}")
    return reduction


def _same_rank(values: "ag.Tensor", other: "ag.Tensor") -> Tuple["ag.Tensor", "ag.Tensor"]:
    """Match ranks that differ by one where the longer ends in an axis of 1 (Keras's rule).

    A rank-1 shorter side gains that axis; otherwise the longer side loses it.

    >>> import autograd_lite as ag
    >>> [t.shape for t in _same_rank(ag.constant([1.0, 2.0]), ag.constant([[1.0], [2.0]]))]
    [(2, 1), (2, 1)]
    """
    values_shorter = values.ndim < other.ndim
    short, long = (values, other) if values_shorter else (other, values)
    if short.ndim == 1:
        short = _fit_rank(short, long)
    else:
        long = _fit_rank(long, short)
    return (short, long) if values_shorter else (long, short)


def _weighted(values: "ag.Tensor", sample_weight, where: str) -> "ag.Tensor":
    weight = ag.cast(to_tensor(sample_weight, where, "sample_weight"), values.dtype)
    values, weight = _same_rank(values, weight)
    try:
        np.broadcast_shapes(tuple(values.shape), tuple(weight.shape))
    except ValueError:
        raise ValueError(f"{where}: sample_weight of shape {tuple(weight.shape)} does not fit "
                         f"the loss values of shape {tuple(values.shape)}") from None
    return values * weight


def reduce_values(values, sample_weight=None, reduction: Optional[str] = "sum_over_batch_size",
                  where: str = "loss") -> "ag.Tensor":
    """Weight and reduce per-sample loss values as Keras 3 does.

    Parameters
    ----------
    values : Tensor or array_like
        Loss values, usually one per sample.
    sample_weight : array_like, optional
        Multiplies ``values`` (a trailing axis of 1 is squeezed or added to
        match ranks, then NumPy broadcasting).
    reduction : str or None
        ``"sum_over_batch_size"`` / ``"mean"``: the sum divided by the number
        of values; ``"sum"``; ``"mean_with_sample_weight"``: the sum divided
        by the sum of the weights; ``"none"`` / ``None``: no reduction.
    where : str
        Who asks, named in errors.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import autograd_lite as ag
    >>> from autograd_lite.nn.losses import reduce_values
    >>> values = ag.constant([1.0, 3.0])
    >>> float(reduce_values(values)), float(reduce_values(values, [1.0, 0.0], "sum"))
    (2.0, 1.0)
    """
    reduction = _check_reduction(reduction, where)
    values = to_tensor(values, where, "the loss values")
    if not np.issubdtype(values.dtype, np.floating):
        values = ag.cast(values, "float32")
    if sample_weight is not None:
        values = _weighted(values, sample_weight, where)
    if reduction in (None, "none") or values.ndim == 0 or values.size == 0:
        return values
    if reduction in ("sum_over_batch_size", "mean") and sample_weight is None:
        return ag.mean(values)  # the sum over the count, as one op (one step less in a plan)
    total = ag.sum(values)
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        weight_sum = float(np.sum(numeric_array(sample_weight, where, "sample_weight")))
        return total / weight_sum if weight_sum else total * 0.0
    return total / float(values.size)


class Loss(abc.ABC):
    """Base class of loss objects: ``loss(y_true, y_pred, sample_weight=None)``.

    Subclasses implement ``call(y_true, y_pred)``, returning one value per
    sample (or already a scalar); ``__call__`` weights the values by
    ``sample_weight`` and reduces them with ``reduction`` (see
    :func:`reduce_values`), so a per-sample ``call`` still gives the batch mean.

    ``target_kind`` tells ``fit`` how to check labels: ``"sparse"`` (class
    indices), ``"categorical"`` (one column per class), ``"dense"`` (the
    shape of the output) or ``None`` (no check).

    Parameters
    ----------
    name : str, optional
    reduction : str or None
        ``"sum_over_batch_size"`` (default), ``"sum"``, ``"none"`` (and
        Keras's ``"mean"``, ``"mean_with_sample_weight"``, ``None``).

    Examples
    --------
    >>> import autograd_lite as ag
    >>> class Half(ag.losses.Loss):
    ...     def call(self, y_true, y_pred):
    ...         return 0.5 * ag.square(y_pred - y_true)
    >>> float(Half()([0.0, 0.0], ag.constant([1.0, 3.0])))
    2.5
    >>> Half(reduction="none")([0.0, 0.0], ag.constant([1.0, 3.0])).numpy()
    array([0.5, 4.5], dtype=float32)
    """

    target_kind: Optional[str] = None
    #: Defaults for subclasses whose ``__init__`` skips ``super().__init__()``.
    name: str = "loss"
    reduction: Optional[str] = "sum_over_batch_size"

    def __init__(self, name: Optional[str] = None,
                 reduction: Optional[str] = "sum_over_batch_size"):
        self.name = name or _snake(type(self).__name__)
        self.reduction = _check_reduction(reduction, type(self).__name__)

    def __call__(self, y_true, y_pred, sample_weight=None) -> "ag.Tensor":
        """The per-sample losses of :meth:`call`, weighted by ``sample_weight`` and reduced by
        ``self.reduction`` (by default their sum over the batch size, a mean).

        Examples
        --------
        >>> import autograd_lite as ag
        >>> loss = ag.losses.MeanSquaredError()
        >>> float(loss([[0.0], [0.0]], ag.constant([[1.0], [3.0]]), sample_weight=[1.0, 0.0]))
        0.5
        """
        values = self.call(y_true, y_pred)
        return reduce_values(values, sample_weight, self.reduction,
                             f"{type(self).__name__} '{self.name}'")

    @abc.abstractmethod
    def call(self, y_true, y_pred) -> "ag.Tensor":
        """The loss of ``y_pred`` against ``y_true``: one value per sample, or a scalar."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


def _aligned(y_true, y_pred, where: str) -> Tuple["ag.Tensor", "ag.Tensor"]:
    """Tensors for a user's loss function: float labels, ranks matched as Keras matches them."""
    y_pred = to_tensor(y_pred, where, "y_pred")
    y_true = to_tensor(y_true, where, "y_true")
    if np.issubdtype(y_pred.dtype, np.floating) and y_true.dtype != y_pred.dtype:
        y_true = ag.cast(y_true, y_pred.dtype)
    return _same_rank(y_true, y_pred)


class LossFunctionWrapper(Loss):
    """A loss object around a function ``fn(y_true, y_pred, **kwargs)``.

    The labels are cast to the predictions' dtype and a trailing axis of 1
    is squeezed or added so both have the same rank (as Keras does) before
    ``fn`` runs; its result is reduced by ``reduction``.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> loss = ag.losses.LossFunctionWrapper(ag.losses.mean_absolute_error)
    >>> float(loss([1.0], ag.constant([0.0])))
    1.0
    >>> per_sample = ag.losses.LossFunctionWrapper(lambda t, p: ag.sum(ag.abs(t - p), axis=-1))
    >>> float(per_sample([1.0, 3.0], ag.constant([[0.0], [0.0]])))
    2.0
    """

    #: Whether ``fn`` is one of this module's, which check and match their own arguments.
    _own_function = False

    def __init__(self, fn: Callable, name: Optional[str] = None,
                 target_kind: Optional[str] = None,
                 reduction: Optional[str] = "sum_over_batch_size", **kwargs):
        super().__init__(name or getattr(fn, "__name__", "loss"), reduction)
        self.fn, self.kwargs, self.target_kind = fn, kwargs, target_kind

    def call(self, y_true, y_pred) -> "ag.Tensor":
        if not self._own_function:
            y_true, y_pred = _aligned(y_true, y_pred, self.name)
        return self.fn(y_true, y_pred, **self.kwargs)


class MeanSquaredError(LossFunctionWrapper):
    """Object form of :func:`mean_squared_error`.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> float(ag.losses.MeanSquaredError()([2.0], ag.constant([0.0])))
    4.0
    """

    _own_function = True

    def __init__(self, name: str = "mean_squared_error",
                 reduction: Optional[str] = "sum_over_batch_size"):
        super().__init__(_mse_values, name, "dense", reduction)


class MeanAbsoluteError(LossFunctionWrapper):
    """Object form of :func:`mean_absolute_error`.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> float(ag.losses.MeanAbsoluteError()([2.0], ag.constant([0.0])))
    2.0
    """

    _own_function = True

    def __init__(self, name: str = "mean_absolute_error",
                 reduction: Optional[str] = "sum_over_batch_size"):
        super().__init__(_mae_values, name, "dense", reduction)


class BinaryCrossentropy(LossFunctionWrapper):
    """Object form of :func:`binary_crossentropy`.

    Parameters
    ----------
    from_logits : bool
    label_smoothing : float in [0, 1]
        Targets become ``y * (1 - label_smoothing) + 0.5 * label_smoothing``.
    name : str
    reduction : str or None

    Examples
    --------
    >>> import autograd_lite as ag
    >>> loss = ag.losses.BinaryCrossentropy(from_logits=True)
    >>> round(float(loss([1.0], ag.constant([2.0]))), 4)  # softplus(2) - 1 * 2
    0.1269
    >>> smooth = ag.losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.2)
    >>> round(float(smooth([1.0], ag.constant([2.0]))), 4)  # target 0.9: softplus(2) - 0.9 * 2
    0.3269
    """

    _own_function = True

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0.0,
                 name: str = "binary_crossentropy",
                 reduction: Optional[str] = "sum_over_batch_size"):
        smoothing = _smoothing(label_smoothing, "BinaryCrossentropy")
        super().__init__(_bce_values, name, "dense", reduction, from_logits=from_logits,
                         smoothing=smoothing)
        self.from_logits, self.label_smoothing = from_logits, smoothing


class CategoricalCrossentropy(LossFunctionWrapper):
    """Object form of :func:`categorical_crossentropy`.

    Parameters
    ----------
    from_logits : bool
    label_smoothing : float in [0, 1]
        Targets become ``y * (1 - label_smoothing) + label_smoothing / classes``.
    axis : int
        The class axis.
    name : str
    reduction : str or None

    Examples
    --------
    >>> import autograd_lite as ag
    >>> loss = ag.losses.CategoricalCrossentropy()
    >>> round(float(loss([[1.0, 0.0]], ag.constant([[0.5, 0.5]]))), 4)
    0.6931
    >>> smooth = ag.losses.CategoricalCrossentropy(label_smoothing=0.5)
    >>> round(float(smooth([[1.0, 0.0]], ag.constant([[0.75, 0.25]]))), 4)
    0.5623
    """

    _own_function = True

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0.0,
                 axis: int = -1, name: str = "categorical_crossentropy",
                 reduction: Optional[str] = "sum_over_batch_size"):
        smoothing = _smoothing(label_smoothing, "CategoricalCrossentropy")
        axis = _class_axis(axis, "CategoricalCrossentropy")
        super().__init__(_cce_values, name, "categorical", reduction, from_logits=from_logits,
                         smoothing=smoothing, axis=axis)
        self.from_logits, self.label_smoothing, self.axis = from_logits, smoothing, axis


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Object form of :func:`sparse_categorical_crossentropy`.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> loss = ag.losses.SparseCategoricalCrossentropy(from_logits=True)
    >>> round(float(loss([0], ag.constant([[0.0, 0.0]]))), 4)
    0.6931
    """

    _own_function = True

    def __init__(self, from_logits: bool = False,
                 name: str = "sparse_categorical_crossentropy",
                 reduction: Optional[str] = "sum_over_batch_size"):
        super().__init__(_sparse_values, name, "sparse", reduction, from_logits=from_logits)
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
        ``f(y_true, y_pred)`` returning a scalar Tensor or one value per sample
        (wrapped in a :class:`LossFunctionWrapper`, which averages them).

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
