"""Shape ops: reshape, expand_dims, squeeze, broadcast_to, concat, stack and indexing."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..arguments import describe
from ..primitive import composite, op, value_of
from ..tensor import Tensor


def _shape_tuple(shape: Any) -> tuple:
    """A shape argument (an int, a tuple, an array) as a tuple of Python ints, for messages."""
    return tuple(int(n) for n in np.atleast_1d(shape))


def _reshape_back(upstream, out, x, *args, **params):
    return reshape(upstream, shape=np.shape(x))


@op(vjp=_reshape_back, local="reshape back", numpy=np.reshape)
def reshape(x, shape=None):
    """Give ``x`` a new shape with the same number of elements (``-1`` infers one axis).

    >>> ag.reshape(ag.ones(6), (2, 3)).shape
    (2, 3)
    """
    try:
        return np.reshape(x, shape)
    except ValueError:
        raise ValueError(f"cannot reshape shape {np.shape(x)} ({np.size(x)} elements) "
                         f"into {_shape_tuple(shape)}") from None


@op(vjp=_reshape_back, local="reshape back", numpy=np.expand_dims)
def expand_dims(x, axis=None):
    """Insert an axis of length 1 at ``axis``.

    >>> ag.expand_dims(ag.ones(3), 0).shape
    (1, 3)
    """
    return np.expand_dims(x, axis)


@op(vjp=_reshape_back, local="reshape back", numpy=np.squeeze)
def squeeze(x, axis=None):
    """Remove axes of length 1 (all of them, or those named by ``axis``).

    >>> ag.squeeze(ag.ones((1, 3, 1))).shape
    (3,)
    """
    return np.squeeze(x, axis)


# np.broadcast_to costs about 3 us at any size (it is written in Python); filling a new array
# of up to this many elements costs less than 1 us, and the memory of a small one is no concern.
_FILL_AT_MOST = 4096


@op(vjp=lambda upstream, out, x, shape: upstream, local="sum over broadcast axes",
    numpy=np.broadcast_to)
def broadcast_to(x, shape=None):
    """Broadcast ``x`` to ``shape`` as NumPy does; the gradient sums back.

    >>> ag.broadcast_to([1.0, 2.0], (3, 2)).shape
    (3, 2)
    """
    x = np.asarray(x)
    try:
        if x.ndim == 0:  # the gradient of a full sum or mean: filled, when small
            filled = np.empty(shape, x.dtype)  # no memory is touched yet
            if filled.size <= _FILL_AT_MOST:
                filled.fill(x)
                return filled
        return np.broadcast_to(x, shape)
    except ValueError:
        raise ValueError(f"cannot broadcast shape {np.shape(x)} to {_shape_tuple(shape)}") from None


def _concat_vjp(argnum, upstream, out, *values, axis=0):
    sizes = [np.shape(v)[axis] for v in values]
    start = int(np.sum(sizes[:argnum]))
    index = [slice(None)] * np.ndim(out)
    index[axis] = slice(start, start + sizes[argnum])
    return getitem(upstream, tuple(index))


@op(vjp=_concat_vjp, local="slice of upstream", name="concat")
def _concat(*values, axis=0):
    try:
        return np.concatenate(values, axis=axis)
    except ValueError:
        shapes = ", ".join(str(np.shape(v)) for v in values)
        raise ValueError(f"shapes {shapes} cannot be joined along axis {axis}") from None


@composite(name="concat", numpy=np.concatenate, tf="concat")  # the op with values in a list
def concat(values: Sequence[Any], axis: int = 0) -> Tensor:
    """Join a sequence of Tensors along an existing ``axis``.

    >>> ag.concat([ag.ones(2), ag.zeros(3)]).numpy()
    array([1., 1., 0., 0., 0.], dtype=float32)
    """
    return _concat(*values, axis=axis)


def _stack_vjp(argnum, upstream, out, *values, axis=0):
    index = [slice(None)] * np.ndim(out)
    index[axis] = argnum
    return getitem(upstream, tuple(index))


@op(vjp=_stack_vjp, local="slice of upstream", name="stack")
def _stack(*values, axis=0):
    try:
        return np.stack(values, axis=axis)
    except ValueError:
        shapes = ", ".join(str(np.shape(v)) for v in values)
        raise ValueError(f"shapes {shapes} cannot be stacked (they must be equal)") from None


@composite(name="stack", numpy=np.stack, tf="stack")
def stack(values: Sequence[Any], axis: int = 0) -> Tensor:
    """Stack equal-shaped Tensors along a new ``axis``.

    >>> ag.stack([ag.ones(2), ag.zeros(2)]).shape
    (2, 2)
    """
    return _stack(*values, axis=axis)


def _plain_index(index: Any) -> Any:
    """Indices may hold Tensors (integer arrays, boolean masks): use their values."""
    if isinstance(index, tuple):
        return tuple(value_of(i) for i in index)
    return value_of(index)


def _is_basic(index: Any) -> bool:
    parts = index if isinstance(index, tuple) else (index,)
    return all(isinstance(p, (int, slice, type(None), type(Ellipsis))) for p in parts)


@op(vjp=lambda upstream, out, x, index: scatter(upstream, index, np.shape(x)),
    local="scatter back", public=True)
def getitem(x, index=None):
    """``x[index]``: basic slices, integer arrays and boolean masks, as NumPy indexes.

    >>> ag.getitem(ag.constant([1.0, 2.0, 3.0]), slice(1, None)).numpy()
    array([2., 3.], dtype=float32)
    """
    x = np.asarray(x)
    try:
        return x[_plain_index(index)]
    except IndexError as error:  # as NumPy's, naming the op and the whole shape
        raise IndexError(f"getitem: cannot index a Tensor of shape {x.shape} with "
                         f"{describe(index)}: {error}") from None


@op(vjp=(lambda upstream, out, values, index, shape: getitem(upstream, index),),
    local="gather")
def scatter(values, index=None, shape=None):
    """A zero array of ``shape`` with ``values`` added at ``index`` (repeated indices add up).

    The gradient of indexing, and its own gradient is indexing again.

    >>> ag.scatter([1.0, 1.0], [0, 0], (3,)).numpy()
    array([2., 0., 0.], dtype=float32)
    """
    values = np.asarray(values)
    index = _plain_index(index)
    result = np.zeros(shape, dtype=values.dtype)
    if _is_basic(index):
        result[index] = values
    else:
        np.add.at(result, index, values)
    return result
