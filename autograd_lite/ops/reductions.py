"""Reductions over axes: sum, mean, max, min, logsumexp (and the non-differentiable argmax)."""
from __future__ import annotations

import math

import numpy as np

from ..arguments import check_axis
from ..backend import ARRAY
from ..primitive import op, piecewise, value_of
from ..unbroadcast import BLAS_FLOATS, ones_vector
from .arithmetic import exp
from .shape import broadcast_to, reshape


def _axes(axis, ndim: int) -> tuple:
    """``axis`` (None, an int or a tuple) as a tuple of non-negative axes."""
    if axis is None:
        return tuple(range(ndim))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    return tuple(a % ndim if ndim else a for a in axes)


def _kept_shape(shape: tuple, axis) -> tuple:
    """The shape a reduction over ``axis`` has with ``keepdims=True``."""
    axes = _axes(axis, len(shape))
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


_BLAS_ROW_AT_MOST = 1024  # longer rows keep NumPy's pairwise summation, the more accurate


def sum_kept(x, axis: int):
    """``x.sum(axis=axis, keepdims=True)`` over one ``axis``, for a Tensor or an array.

    Over the last axis of a C-contiguous float32/float64 array (rows of at most 1024) it is a
    BLAS matrix-vector product with ones: NumPy's reduction along a short last axis is 2 to 7
    times slower (a 256x10 float32 array: 5.7 against 1.6 us; 4096x10: 65 against 7). The
    softmax family sums over the class axis this way.

    >>> sum_kept(np.ones((2, 3), np.float32), -1)
    array([[3.],
           [3.]], dtype=float32)
    """
    if (type(x) is ARRAY and x.ndim and (axis == -1 or axis == x.ndim - 1)
            and x.dtype in BLAS_FLOATS and x.shape[-1] <= _BLAS_ROW_AT_MOST
            and x.flags.c_contiguous):
        return np.matmul(x, ones_vector(x.shape[-1], x.dtype))[..., None]
    return x.sum(axis=axis, keepdims=True)


def _spread(upstream, x, axis):
    """Send a reduced gradient back over the reduced axes: the VJP of summing."""
    shape = x.shape
    if axis is not None and upstream.ndim != 0:  # a 0-d or kept-dims one broadcasts as is
        kept = _kept_shape(shape, axis)
        if upstream.shape != kept:
            upstream = upstream.reshape(kept)
    return broadcast_to(upstream, shape=shape)


def _count(x, axis) -> int:
    shape = x.shape  # arrays, NumPy scalars and Tensors all have it
    return math.prod(shape) if axis is None else math.prod(
        shape[a] for a in _axes(axis, len(shape)))


@op(vjp=lambda upstream, out, x, axis=None, keepdims=False: _spread(upstream, x, axis),
    local="1", numpy=np.sum, tf=("reduce_sum", "math.reduce_sum"))
def sum(x, axis=None, keepdims=False):
    """Sum over ``axis`` (None: all; an int or a tuple).

    >>> ag.sum([[1.0, 2.0], [3.0, 4.0]], axis=0).numpy()
    array([4., 6.], dtype=float32)
    """
    return x.sum(axis=_tuple(axis, "sum"), keepdims=keepdims)  # the method: 1/3 of np.sum's


@op(vjp=lambda upstream, out, x, axis=None, keepdims=False:
    _spread(upstream / _count(x, axis), x, axis), local="1/n",
    numpy=np.mean, tf=("reduce_mean", "math.reduce_mean"))
def mean(x, axis=None, keepdims=False):
    """Mean over ``axis`` (None: all; an int or a tuple).

    >>> ag.mean([[1.0, 2.0], [3.0, 4.0]], axis=1).numpy()
    array([1.5, 3.5], dtype=float32)
    """
    axis = _tuple(axis, "mean")
    count = _count(x, axis)
    if x.dtype.kind == "f" and x.dtype.itemsize >= 4 and count:
        # as x.mean, without its overhead (nor .sum's Python wrapper: floats need no dtype)
        return np.add.reduce(x, axis=axis, keepdims=keepdims) / count
    return x.mean(axis=axis, keepdims=keepdims)


def _extreme_vjp(upstream, out, x, axis=None, keepdims=False):
    # The gradient goes to the elements equal to the extreme, split evenly among ties.
    values = value_of(x)
    hits = values == np.reshape(value_of(out), _kept_shape(values.shape, axis))
    share = hits / np.sum(hits, axis=_axes(axis, values.ndim), keepdims=True)
    return _spread(upstream, x, axis) * piecewise(share.astype(values.dtype))


@op(vjp=_extreme_vjp, local="[x = max] / ties",
    numpy=np.max, tf=("reduce_max", "math.reduce_max"))
def max(x, axis=None, keepdims=False):
    """Largest element over ``axis``; tied maxima share the gradient evenly.

    >>> ag.max([[1.0, 5.0], [7.0, 2.0]], axis=1).numpy()
    array([5., 7.], dtype=float32)
    """
    return _reduce_checked(np.max, x, axis, keepdims, "max")


@op(vjp=_extreme_vjp, local="[x = min] / ties",
    numpy=np.min, tf=("reduce_min", "math.reduce_min"))
def min(x, axis=None, keepdims=False):
    """Smallest element over ``axis``; tied minima share the gradient evenly.

    >>> ag.min([[1.0, 5.0], [7.0, 2.0]], axis=1).numpy()
    array([1., 2.], dtype=float32)
    """
    return _reduce_checked(np.min, x, axis, keepdims, "min")


def _reduce_checked(reduce, x, axis, keepdims, name):
    if np.size(x) == 0:
        raise ValueError(f"{name}: cannot reduce an empty array of shape {np.shape(x)}")
    return reduce(x, axis=_tuple(axis, name), keepdims=keepdims)


def _logsumexp_vjp(upstream, out, x, axis=None, keepdims=False):
    shape = np.shape(x)
    kept = _kept_shape(shape, axis)
    return _spread(upstream, x, axis) * exp(x - reshape(out, shape=kept))


@op(vjp=_logsumexp_vjp, local="softmax(x)", tf=("reduce_logsumexp", "math.reduce_logsumexp"))
def logsumexp(x, axis=None, keepdims=False):
    """``log(sum(exp(x)))`` over ``axis``, computed stably (finite at ±1000).

    >>> round(float(ag.logsumexp([1000.0, 1000.0])), 3)
    1000.693
    """
    x = np.asarray(x)
    axes = _tuple(axis, "logsumexp")
    peak = np.max(x, axis=axes, keepdims=True)
    peak = np.where(np.isfinite(peak), peak, 0)
    total = np.log(np.sum(np.exp(x - peak), axis=axes, keepdims=True)) + peak
    return total if keepdims else np.squeeze(total, axis=axes)


@op(numpy=np.argmax)
def argmax(x, axis=None):
    """Index of the largest element (along ``axis``); not differentiable.

    >>> int(ag.argmax([1.0, 9.0, 3.0]))
    1
    """
    return np.argmax(x, axis=axis)


@op(numpy=np.argmin)
def argmin(x, axis=None):
    """Index of the smallest element (along ``axis``); not differentiable.

    >>> int(ag.argmin([4.0, 0.0, 3.0]))
    1
    """
    return np.argmin(x, axis=axis)


def _tuple(axis, where):
    """``axis`` as NumPy takes it; a string or a float is a TypeError naming ``where``."""
    if axis is None or type(axis) is int:
        return axis
    return check_axis(axis, where)
