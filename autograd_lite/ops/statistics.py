"""Reductions beyond sum and mean: prod (exact with zeros), trace, var/std, average, ptp, the
NaN-skipping nansum/nanmean, order statistics through sort (median, quantile, percentile), and
the reductions no gradient follows (all, any, count_nonzero).

Reductions take NumPy's ``axis`` (None, an int or a tuple) and ``keepdims``; an argument that
is a list holding Tensors (``anp.std([t1, t2])``) is stacked first, so its gradient flows.
"""
from __future__ import annotations

import builtins

import numpy as np

from ..primitive import composite, op, piecewise, value_of
from .inputs import as_input
from .reductions import _axes, _count, _spread


# --- products ---------------------------------------------------------------------------------
def _prod_vjp(upstream, out, x, axis=None, dtype=None, keepdims=False):
    spread = _spread(upstream, x, axis)
    if not np.any(value_of(x) == 0):
        return spread * _spread(out, x, axis) / x
    return spread * _product_of_others(x, axis)


def _product_of_others(x, axis):
    """For each element, the product of the other elements it was reduced with, formed from
    running products from the left and from the right: no division, so exact at zeros."""
    ndim = np.ndim(x)
    reduced = _axes(axis, ndim)
    kept = [i for i in range(ndim) if i not in reduced]
    order = tuple(kept) + reduced
    moved = transpose(x, axes=order)
    shape = np.shape(moved)
    rows = reshape(moved, shape=shape[:len(kept)] + (-1,))
    ones = np.ones(np.shape(rows)[:-1] + (1,), dtype=value_of(x).dtype)
    before = concat([ones, cumprod(rows[..., :-1], axis=-1)], axis=-1)
    after = concat([ones, cumprod(rows[..., :0:-1], axis=-1)], axis=-1)[..., ::-1]
    others = reshape(before * after, shape=shape)
    return transpose(others, axes=tuple(np.argsort(order)))


@op(vjp=_prod_vjp, local="product of the others", numpy=np.prod, anp="product")
def prod(a, axis=None, dtype=None, keepdims=False):
    """Product over ``axis``. Its gradient is the product of the other elements: at one zero
    the zero's entry is the product of the rest; with two zeros everything is 0.

    >>> ag.prod([[1.0, 2.0], [3.0, 4.0]], axis=1).numpy()
    array([ 2., 12.], dtype=float32)
    >>> ag.grad(ag.prod)(ag.constant([2.0, 0.0, 3.0])).numpy()
    array([0., 6., 0.], dtype=float32)
    """
    return np.prod(a, axis=_tuple(axis), dtype=dtype, keepdims=keepdims)


@composite(tf=("math.reduce_prod", "reduce_prod"), public=False)
def reduce_prod(input_tensor, axis=None, keepdims=False):
    """TF's ``reduce_prod`` (its third argument is ``keepdims``; NumPy's is ``dtype``).

    >>> ag.reduce_prod([[1.0, 2.0], [3.0, 4.0]], 1, True).numpy()
    array([[ 2.],
           [12.]], dtype=float32)
    """
    return prod(input_tensor, axis=axis, keepdims=keepdims)


def _trace_vjp(upstream, out, x, offset=0, axis1=0, axis2=1, dtype=None):
    shape = np.shape(x)
    first, second = sorted((axis1 % len(shape), axis2 % len(shape)))
    diagonal = np.eye(shape[axis1], shape[axis2], k=offset, dtype=value_of(out).dtype)
    if axis1 % len(shape) > axis2 % len(shape):
        diagonal = diagonal.T
    mask = diagonal.reshape(tuple(n if i in (first, second) else 1 for i, n in enumerate(shape)))
    placed = expand_dims(expand_dims(upstream, axis=first), axis=second)
    return placed * piecewise(mask)


@op(vjp=_trace_vjp, local="1 on the diagonal", numpy=np.trace)
def trace(a, offset=0, axis1=0, axis2=1, dtype=None):
    """Sum of the diagonal at ``offset`` of the 2-d slices over ``axis1``, ``axis2``.

    >>> ag.trace([[1.0, 2.0], [3.0, 4.0]]).numpy()
    array(5., dtype=float32)
    """
    return np.asarray(np.trace(a, offset=offset, axis1=axis1, axis2=axis2, dtype=dtype))


# --- spread -----------------------------------------------------------------------------------
@composite(numpy=np.var, tf=("math.reduce_variance", "reduce_variance"))
def var(a, axis=None, dtype=None, ddof=0, keepdims=False):
    """Variance over ``axis``: the mean squared deviation, divided by ``n - ddof``.

    >>> ag.var([1.0, 2.0, 3.0, 4.0]).numpy()
    array(1.25, dtype=float32)
    """
    x = _as_dtype(as_input(a, "var"), dtype)
    axis = _tuple(axis)
    centred = x - mean(x, axis=axis, keepdims=True)
    return sum(square(centred), axis=axis, keepdims=keepdims) / (_count(x, axis) - ddof)


@composite(numpy=np.std, tf=("math.reduce_std", "reduce_std"))
def std(a, axis=None, dtype=None, ddof=0, keepdims=False):
    """Standard deviation over ``axis``. Where it is 0 (one element, or all equal) its
    gradient is taken as 0, the limit for one element, not NaN.

    >>> ag.std([1.0, 3.0]).numpy()
    array(1., dtype=float32)
    >>> ag.grad(ag.std)(ag.constant([5.0])).numpy()
    array([0.], dtype=float32)
    """
    variance = var(a, axis=axis, dtype=dtype, ddof=ddof, keepdims=keepdims)
    spread = value_of(variance) > 0
    return where(spread, sqrt(where(spread, variance, 1)), 0)


@composite(numpy=np.average)
def average(a, axis=None, weights=None, returned=False, keepdims=False):
    """Mean over ``axis``, weighted by ``weights`` (the shape of ``a``, or 1-d along one
    ``axis``); differentiable in both. ``returned=True`` also gives the sum of the weights.

    >>> ag.average([1.0, 2.0, 4.0], weights=[1.0, 1.0, 2.0]).numpy()
    array(2.75, dtype=float32)
    """
    a = as_input(a, "average")
    axis = _tuple(axis)
    if weights is None:
        result = mean(a, axis=axis, keepdims=keepdims)
        if not returned:
            return result
        total = np.asarray(_count(a, axis), dtype=result.dtype)
        return result, broadcast_to(total, shape=result.shape)
    weights = as_input(weights, "average")
    if np.shape(weights) != np.shape(a):
        if axis is None or isinstance(axis, tuple) or np.ndim(weights) != 1:
            raise TypeError(f"average: weights of shape {np.shape(weights)} differ from a's "
                            f"{np.shape(a)}; give an int axis for 1-d weights")
        along = [1] * np.ndim(a)
        along[axis] = -1
        weights = reshape(weights, shape=tuple(along))
    total = sum(broadcast_to(weights, shape=np.shape(a)), axis=axis, keepdims=keepdims)
    result = sum(a * weights, axis=axis, keepdims=keepdims) / total
    return (result, total) if returned else result


@composite(numpy=np.ptp)
def ptp(a, axis=None, keepdims=False):
    """Range (max - min) over ``axis``; ties share the gradient as max and min do.

    >>> ag.ptp([[1.0, 5.0], [7.0, 2.0]], axis=1).numpy()
    array([4., 5.], dtype=float32)
    """
    a = as_input(a, "ptp")
    return max(a, axis=_tuple(axis), keepdims=keepdims) - min(a, axis=_tuple(axis),
                                                              keepdims=keepdims)


@composite(numpy=np.amax)
def amax(a, axis=None, keepdims=False):
    """NumPy's other name for ``max``.

    >>> ag.amax([1.0, 3.0]).numpy()
    array(3., dtype=float32)
    """
    return max(as_input(a, "amax"), axis=_tuple(axis), keepdims=keepdims)


@composite(numpy=np.amin)
def amin(a, axis=None, keepdims=False):
    """NumPy's other name for ``min``.

    >>> ag.amin([1.0, 3.0]).numpy()
    array(1., dtype=float32)
    """
    return min(as_input(a, "amin"), axis=_tuple(axis), keepdims=keepdims)


# --- skipping NaN -----------------------------------------------------------------------------
@composite(numpy=np.nansum)
def nansum(a, axis=None, dtype=None, keepdims=False):
    """Sum over ``axis`` with NaN counted as 0 (and getting no gradient).

    >>> ag.nansum([1.0, np.nan, 2.0]).numpy()
    array(3., dtype=float32)
    """
    a = _as_dtype(as_input(a, "nansum"), dtype)
    return sum(where(np.isnan(value_of(a)), 0, a), axis=_tuple(axis), keepdims=keepdims)


@composite(numpy=np.nanmean)
def nanmean(a, axis=None, dtype=None, keepdims=False):
    """Mean over ``axis`` of the elements that are not NaN (NaN where all are).

    >>> ag.nanmean([1.0, np.nan, 2.0]).numpy()
    array(1.5, dtype=float32)
    """
    a = _as_dtype(as_input(a, "nanmean"), dtype)
    present = ~np.isnan(value_of(a))
    counts = np.sum(present, axis=_tuple(axis), keepdims=keepdims)
    with np.errstate(invalid="ignore", divide="ignore"):
        return nansum(a, axis=axis, keepdims=keepdims) / counts.astype(value_of(a).dtype)


# --- order statistics -------------------------------------------------------------------------
def _reduced_first(a, axis):
    """``a`` with the reduced axes moved to the front and flattened into one, and the shape a
    keepdims result has."""
    ndim = np.ndim(a)
    shape = np.shape(a)
    reduced = _axes(_tuple(axis), ndim)
    if not reduced:
        raise ValueError("quantile: needs at least one axis to reduce")
    kept = [i for i in range(ndim) if i not in reduced]
    moved = transpose(a, axes=reduced + tuple(kept))
    rows = reshape(moved, shape=(-1,) + tuple(shape[i] for i in kept))
    return rows, tuple(1 if i in reduced else n for i, n in enumerate(shape))


_METHODS = ("linear", "lower", "higher", "nearest", "midpoint")


@composite(numpy=np.quantile)
def quantile(a, q, axis=None, method="linear", keepdims=False):
    """The ``q``-th quantiles (``q`` in [0, 1], a number or an array) over ``axis``, through
    sort: the gradient goes to the one or two order statistics each quantile interpolates.
    ``method``: linear (NumPy's default), lower, higher, nearest, midpoint.

    >>> ag.quantile([4.0, 1.0, 3.0, 2.0], 0.5).numpy()
    array(2.5, dtype=float32)
    >>> ag.grad(lambda t: ag.quantile(t, 0.25))(ag.constant([4.0, 1.0, 3.0, 2.0])).numpy()
    array([0.  , 0.25, 0.  , 0.75], dtype=float32)
    """
    if method not in _METHODS:
        raise ValueError(f"quantile: method must be one of {_METHODS}, got {method!r}")
    q = np.asarray(value_of(q), dtype=np.float64)
    if np.any((q < 0) | (q > 1)) or np.any(np.isnan(q)):
        raise ValueError(f"quantile: q must be in [0, 1], got {q.tolist()}")
    a = as_input(a, "quantile")
    rows, kept_shape = _reduced_first(a, axis)
    n = np.shape(rows)[0]
    if n == 0:
        raise ValueError("quantile: cannot take a quantile of an empty array")
    ordered = sort(rows, axis=0)
    position = q * (n - 1)
    low = np.floor(position).astype(np.intp)
    high = np.minimum(low + 1, n - 1)
    fraction = position - low
    if method == "lower":
        fraction = np.zeros_like(fraction)
    elif method == "higher":
        low = np.ceil(position).astype(np.intp)
        fraction = np.zeros_like(fraction)
    elif method == "nearest":
        low = np.rint(position).astype(np.intp)  # halves to even, as NumPy
        fraction = np.zeros_like(fraction)
    elif method == "midpoint":
        fraction = np.where(position > low, 0.5, 0.0)
    fraction = fraction.reshape(q.shape + (1,) * (np.ndim(rows) - 1))
    fraction = fraction.astype(np.result_type(value_of(rows).dtype, np.float32))
    result = getitem(ordered, low)
    if np.any(fraction != 0):
        result = result + (getitem(ordered, high) - result) * fraction
    if keepdims:
        result = reshape(result, shape=q.shape + kept_shape)
    return result


@composite(numpy=np.percentile)
def percentile(a, q, axis=None, method="linear", keepdims=False):
    """The ``q``-th percentiles (``q`` in [0, 100]) over ``axis``: ``quantile(a, q / 100)``.

    >>> ag.percentile([1.0, 2.0, 3.0, 4.0, 5.0], [0, 50, 100]).numpy()
    array([1., 3., 5.], dtype=float32)
    """
    q = np.asarray(value_of(q), dtype=np.float64)
    if np.any((q < 0) | (q > 100)) or np.any(np.isnan(q)):
        raise ValueError(f"percentile: q must be in [0, 100], got {q.tolist()}")
    return quantile(a, q / 100, axis=axis, method=method, keepdims=keepdims)


@composite(numpy=np.median)
def median(a, axis=None, keepdims=False):
    """The median over ``axis`` (the mean of the two middle values for an even count).

    >>> ag.median([3.0, 1.0, 2.0, 10.0]).numpy()
    array(2.5, dtype=float32)
    """
    return quantile(a, 0.5, axis=axis, keepdims=keepdims)


# --- no gradient ------------------------------------------------------------------------------
@op(numpy=np.all, anp="alltrue", tf=("math.reduce_all", "reduce_all"))
def all(a, axis=None, keepdims=False):
    """Whether every element over ``axis`` is true (non-zero); not differentiable.

    >>> bool(ag.all([1.0, 2.0]))
    True
    """
    return np.asarray(np.all(a, axis=_tuple(axis), keepdims=keepdims))


@op(numpy=np.any, anp="sometrue", tf=("math.reduce_any", "reduce_any"))
def any(a, axis=None, keepdims=False):
    """Whether some element over ``axis`` is true (non-zero); not differentiable.

    >>> bool(ag.any([0.0, 2.0]))
    True
    """
    return np.asarray(np.any(a, axis=_tuple(axis), keepdims=keepdims))


@op(numpy=np.count_nonzero, tf="math.count_nonzero")
def count_nonzero(a, axis=None, keepdims=False):
    """The number of non-zero elements over ``axis`` (int64); not differentiable.

    >>> int(ag.count_nonzero([[0.0, 1.0], [2.0, 3.0]]))
    3
    """
    return np.asarray(np.count_nonzero(a, axis=_tuple(axis), keepdims=keepdims),
                      dtype=np.int64)


def _tuple(axis):
    return builtins.tuple(axis) if isinstance(axis, list) else axis


def _as_dtype(x, dtype):
    return x if dtype is None else cast(x, dtype)


from .arithmetic import sqrt, square, where  # noqa: E402
from .cumulative import cumprod  # noqa: E402
from .linalg import transpose  # noqa: E402
from .misc import cast  # noqa: E402
from .reductions import max, mean, min, sum  # noqa: E402
from .shape import broadcast_to, concat, expand_dims, getitem, reshape  # noqa: E402
from .sorting import sort  # noqa: E402

__all__ = ["prod", "trace", "var", "std", "average", "ptp", "amax", "amin", "nansum",
           "nanmean", "quantile", "percentile", "median", "all", "any", "count_nonzero"]
