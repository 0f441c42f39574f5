"""NumPy's signatures for the ops: what ``np.f(tensor)`` and ``anp.f`` run when NumPy's
arguments differ from the op's (``np.sum(a, axis, dtype, out, keepdims)``), and the NumPy
functions written with other ops (``np.dot``, ``np.var``, ``np.moveaxis``).

An op that declares ``numpy=np.f`` answers ``np.f(tensor)`` itself (see
:mod:`autograd_lite.registry`); an *adapter* here takes NumPy's arguments for it instead, and
returns :data:`PLAIN` for an option the op does not take (``out=``, ``where=``, ``order="A"``):
then, as for every NumPy function without an op, NumPy gets the Tensors' values as arrays and
its plain result leaves the tape (with a ``TapeLeakWarning`` under a recording tape). Ufuncs
(``np.exp``, ``np.maximum``, ``np.matmul``) go through ``Tensor.__array_ufunc__`` instead.

>>> x = ag.constant([[1.0, 2.0]])
>>> with ag.GradientTape() as tape:
...     tape.watch(x)
...     y = np.sum(np.dot(x, np.ones((2, 3))))
>>> tape.gradient(y, x).numpy()
array([[3., 3.]], dtype=float32)
"""
from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import numpy as np

from ..primitive import composite
from ..registry import ADAPTERS, PLAIN
from .arithmetic import clip, maximum, minimum, multiply, where
from .linalg import matmul, transpose
from .misc import cast
from .reductions import max, mean, min, sum
from .shape import broadcast_to, concat, expand_dims, reshape, squeeze, stack

_NO_VALUE = getattr(np, "_NoValue", None)  # NumPy's "not given" default


def _implements(*functions: Callable) -> Callable:
    """Make the decorated function the adapter for NumPy's ``functions``."""
    def register(handler: Callable) -> Callable:
        for function in functions:
            ADAPTERS[function] = handler
        return handler
    return register


def _given(value: Any) -> bool:
    return value is not None and value is not _NO_VALUE


def _flag(value: Any) -> bool:
    return False if value is _NO_VALUE else bool(value)


def _unsupported(options: dict) -> bool:
    """Did the caller give an option the table does not take (``where=True`` is the default)?"""
    return any(_given(v) and not (k == "where" and v is True) for k, v in options.items())


def _cast(x: Any, dtype: Any) -> Any:
    return x if dtype is None else cast(x, dtype)


# --- attributes: answered directly (the ops' own VJPs ask for them) -----------------------------
@_implements(np.shape)
def _shape(a: Any) -> tuple:
    return a.shape


@_implements(np.ndim)
def _ndim(a: Any) -> int:
    return a.ndim


@_implements(np.size)
def _size(a: Any, axis: Any = None) -> int:
    return a.size if axis is None else a.shape[axis]


# --- products ------------------------------------------------------------------------------
def _contract(a: Any, b: Any, axes_a: Sequence[int], axes_b: Sequence[int], name: str) -> Any:
    """Sum the products over ``axes_a`` of ``a`` paired with ``axes_b`` of ``b`` (tensordot), as
    one matrix product: the contracted axes moved last in ``a`` and first in ``b``."""
    shape_a, shape_b = np.shape(a), np.shape(b)
    axes_a = [int(i) % len(shape_a) for i in axes_a]
    axes_b = [int(i) % len(shape_b) for i in axes_b]
    if [shape_a[i] for i in axes_a] != [shape_b[i] for i in axes_b]:
        raise ValueError(f"{name}: shapes {shape_a} and {shape_b} are not aligned on axes "
                         f"{tuple(axes_a)} and {tuple(axes_b)}")
    free_a = [i for i in range(len(shape_a)) if i not in axes_a]
    free_b = [i for i in range(len(shape_b)) if i not in axes_b]
    inner = math.prod(shape_a[i] for i in axes_a)
    rows = math.prod(shape_a[i] for i in free_a)
    columns = math.prod(shape_b[i] for i in free_b)
    left = reshape(transpose(a, axes=tuple(free_a + axes_a)), shape=(rows, inner))
    right = reshape(transpose(b, axes=tuple(axes_b + free_b)), shape=(inner, columns))
    shape = tuple(shape_a[i] for i in free_a) + tuple(shape_b[i] for i in free_b)
    return reshape(matmul(left, right), shape=shape)


@composite(numpy=np.dot, public=False)
def dot(a: Any, b: Any, out: Any = None) -> Any:
    if out is not None:
        return PLAIN
    ndim_a, ndim_b = np.ndim(a), np.ndim(b)
    if ndim_a == 0 or ndim_b == 0:
        return multiply(a, b)
    if ndim_b <= 2:  # here np.dot and matmul agree (matmul broadcasts a's leading axes)
        return matmul(a, b)
    return _contract(a, b, [-1], [-2], "dot")


@composite(numpy=np.inner, public=False)
def inner(a: Any, b: Any) -> Any:
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return multiply(a, b)
    return _contract(a, b, [-1], [-1], "inner")


@composite(numpy=np.tensordot, tf=("tensordot", "linalg.tensordot"))
def tensordot(a: Any, b: Any, axes: Any = 2) -> Any:
    if isinstance(axes, (int, np.integer)):
        count = int(axes)
        return _contract(a, b, range(np.ndim(a) - count, np.ndim(a)), range(count), "tensordot")
    axes_a, axes_b = axes
    axes_a = [axes_a] if isinstance(axes_a, (int, np.integer)) else list(axes_a)
    axes_b = [axes_b] if isinstance(axes_b, (int, np.integer)) else list(axes_b)
    return _contract(a, b, axes_a, axes_b, "tensordot")


@composite(numpy=np.vdot, public=False)
def vdot(a: Any, b: Any) -> Any:
    return sum(multiply(reshape(a, shape=-1), reshape(b, shape=-1)))


# --- elementwise ---------------------------------------------------------------------------
@_implements(np.where)
def _where(condition: Any, *branches: Any) -> Any:
    if len(branches) != 2:  # np.where(cond) alone: the indices, which no gradient follows
        return PLAIN
    return where(condition, *branches)


@_implements(np.clip)
def _clip(a: Any, a_min: Any = _NO_VALUE, a_max: Any = _NO_VALUE, out: Any = None, *,
          min: Any = _NO_VALUE, max: Any = _NO_VALUE, **options: Any) -> Any:
    low = min if min is not _NO_VALUE else a_min
    high = max if max is not _NO_VALUE else a_max
    if out is not None or _unsupported(options):
        return PLAIN
    low, high = (None if v is _NO_VALUE else v for v in (low, high))
    if low is None and high is None:
        return PLAIN
    # One bound: the gradient passes at it, as clip's does (a tie goes to the first input).
    if low is None:
        return minimum(a, high)
    if high is None:
        return maximum(a, low)
    return clip(a, low, high)


# --- reductions ----------------------------------------------------------------------------
def _summing(reduce: Callable) -> Callable:
    def handler(a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
                keepdims: Any = _NO_VALUE, **options: Any) -> Any:
        if out is not None or _unsupported(options):
            return PLAIN
        return reduce(_cast(a, dtype), axis=axis, keepdims=_flag(keepdims))
    return handler


_implements(np.sum)(_summing(sum))
_implements(np.mean)(_summing(mean))


def _extreme(reduce: Callable) -> Callable:
    def handler(a: Any, axis: Any = None, out: Any = None, keepdims: Any = _NO_VALUE,
                **options: Any) -> Any:
        if out is not None or _unsupported(options):
            return PLAIN
        return reduce(a, axis=axis, keepdims=_flag(keepdims))
    return handler


_implements(np.max)(_extreme(max))
_implements(np.min)(_extreme(min))


def _tuple(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


# --- shapes --------------------------------------------------------------------------------
@_implements(np.reshape)
def _reshape(a: Any, shape: Any = None, order: str = "C", *, newshape: Any = None,
             copy: Any = None) -> Any:
    shape = newshape if shape is None else shape  # NumPy < 2.1 calls it newshape
    if order == "C":
        return reshape(a, shape=shape)
    if order == "F":  # column-major: reverse the axes, reshape row-major, reverse back
        reversed_shape = tuple(np.atleast_1d(shape))[::-1]
        return transpose(reshape(transpose(a), shape=reversed_shape))
    return PLAIN


@_implements(np.transpose)
def _transpose(a: Any, axes: Any = None) -> Any:
    return transpose(a, axes=None if axes is None else tuple(axes))


@composite(numpy=np.swapaxes, public=False)
def swapaxes(a: Any, axis1: int, axis2: int) -> Any:
    ndim = np.ndim(a)
    perm = list(range(ndim))
    perm[axis1 % ndim], perm[axis2 % ndim] = perm[axis2 % ndim], perm[axis1 % ndim]
    return transpose(a, axes=tuple(perm))


@composite(numpy=np.moveaxis, public=False)
def moveaxis(a: Any, source: Any, destination: Any) -> Any:
    ndim = np.ndim(a)
    source = [int(i) % ndim for i in np.atleast_1d(source)]
    destination = [int(i) % ndim for i in np.atleast_1d(destination)]
    if len(source) != len(destination):
        raise ValueError("moveaxis: source and destination must have the same number of axes")
    perm = [i for i in range(ndim) if i not in source]
    for to, axis in sorted(zip(destination, source)):
        perm.insert(to, axis)
    return transpose(a, axes=tuple(perm))


@_implements(np.expand_dims)
def _expand_dims(a: Any, axis: Any) -> Any:
    return expand_dims(a, axis=axis)


@_implements(np.squeeze)
def _squeeze(a: Any, axis: Any = None) -> Any:
    return squeeze(a, axis=axis)


@_implements(np.broadcast_to)
def _broadcast_to(array: Any, shape: Any, subok: bool = False) -> Any:
    return broadcast_to(array, shape=shape)


# --- joining -------------------------------------------------------------------------------
def _joined(join: Callable, values: Sequence[Any], axis: Any, out: Any, dtype: Any,
            casting: Any) -> Any:
    if out is not None or casting not in (None, "same_kind"):
        return PLAIN
    return _cast(join(list(values), axis=axis), dtype)


@_implements(np.concatenate)
def _concatenate(arrays: Sequence[Any], axis: Any = 0, out: Any = None, *, dtype: Any = None,
                 casting: Any = None) -> Any:
    if axis is None:  # NumPy flattens first
        arrays, axis = [reshape(v, shape=-1) for v in arrays], 0
    return _joined(concat, arrays, axis, out, dtype, casting)


@_implements(np.stack)
def _stack(arrays: Sequence[Any], axis: int = 0, out: Any = None, *, dtype: Any = None,
           casting: Any = None) -> Any:
    return _joined(stack, arrays, axis, out, dtype, casting)


def _at_least(value: Any, ndim: int) -> Any:
    """``value`` with leading axes of length 1 added up to ``ndim`` (np.atleast_1d / 2d)."""
    shape = np.shape(value)
    if len(shape) >= ndim:
        return value
    return reshape(value, shape=(1,) * (ndim - len(shape)) + shape)


@composite(numpy=np.hstack, public=False)
def hstack(tup: Sequence[Any], *, dtype: Any = None, casting: Any = None) -> Any:
    arrays = [_at_least(v, 1) for v in tup]
    axis = 0 if arrays and np.ndim(arrays[0]) == 1 else 1
    return _joined(concat, arrays, axis, None, dtype, casting)


@composite(numpy=np.vstack, public=False)
def vstack(tup: Sequence[Any], *, dtype: Any = None, casting: Any = None) -> Any:
    return _joined(concat, [_at_least(v, 2) for v in tup], 0, None, dtype, casting)
