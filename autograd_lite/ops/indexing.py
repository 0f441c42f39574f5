"""Gathering elements: take, take_along_axis, diagonals, triangles, select, piecewise, insert
and delete. All are compositions of indexing (``getitem``, whose gradient scatters back and adds
up repeated indices) and ``where``, so second derivatives come free.

Several follow one pattern, :func:`rearranged`: NumPy's own function is run on the positions
``0 .. size-1`` of the input, and the result is gathered at those positions. NumPy decides
where every element goes (its rules, its errors), and the gradient of the gather brings it back.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from ..primitive import composite, value_of
from .inputs import as_input
from .sorting import along_axis_index


def rearranged(a: Any, how: Callable[[np.ndarray], np.ndarray]) -> Any:
    """``a``'s elements placed as ``how`` places the positions ``0 .. a.size-1`` laid out in
    ``a``'s shape (``how`` may drop, repeat and reorder them).

    >>> rearranged(ag.constant([1.0, 2.0, 3.0]), lambda p: np.roll(p, 1)).numpy()
    array([3., 1., 2.], dtype=float32)
    """
    a = as_input(a, "rearranged")
    positions = how(np.arange(np.size(a)).reshape(np.shape(a)))
    return getitem(reshape(a, shape=-1), positions)


def _axis(axis: int, ndim: int, name: str) -> int:
    if not -ndim <= axis < ndim:
        raise ValueError(f"{name}: axis {axis} is out of bounds for an array of dimension "
                         f"{ndim}")
    return axis % ndim


@composite(numpy=np.take)
def take(a, indices, axis=None, mode="raise"):
    """Elements of ``a`` at ``indices`` along ``axis`` (None: of the flattened array);
    ``mode`` "wrap" or "clip" handles indices out of range as NumPy does.

    >>> ag.take([[1.0, 2.0], [3.0, 4.0]], [1, 0, 1], axis=1).numpy()
    array([[2., 1., 2.],
           [4., 3., 4.]], dtype=float32)
    """
    a = as_input(a, "take")
    indices = np.asarray(value_of(indices))
    if indices.dtype.kind not in "iu":
        raise TypeError(f"take: indices must be integers, got dtype {indices.dtype}")
    if axis is None:
        a, axis = reshape(a, shape=-1), 0
    axis = _axis(axis, np.ndim(a), "take")
    n = np.shape(a)[axis]
    if mode == "wrap":
        indices = np.mod(indices, n)
    elif mode == "clip":
        indices = np.clip(indices, 0, n - 1)
    elif mode != "raise":
        raise ValueError(f"take: mode must be 'raise', 'wrap' or 'clip', got {mode!r}")
    return getitem(a, (slice(None),) * axis + (indices,))


@composite(numpy=np.take_along_axis)
def take_along_axis(arr, indices, axis=-1):
    """Elements of ``arr`` at ``indices`` along ``axis``, matched up over the other axes (what
    ``argsort`` and ``argmax(keepdims=True)`` give); None: of the flattened array.

    >>> ag.take_along_axis([[3.0, 1.0], [0.0, 5.0]], [[1], [0]], axis=1).numpy()
    array([[1.],
           [0.]], dtype=float32)
    """
    arr = as_input(arr, "take_along_axis")
    indices = np.asarray(value_of(indices))
    if axis is None:
        arr, axis = reshape(arr, shape=-1), 0
    if indices.ndim != np.ndim(arr):
        raise ValueError(f"take_along_axis: indices of shape {indices.shape} need as many axes "
                         f"as arr of shape {np.shape(arr)}")
    axis = _axis(axis, np.ndim(arr), "take_along_axis")
    return getitem(arr, along_axis_index(indices, axis, np.shape(arr)))


# --- diagonals and triangles -------------------------------------------------------------------
def _diagonal_positions(rows: int, columns: int, offset: int) -> tuple:
    length = max(0, min(rows + min(offset, 0), columns - max(offset, 0)))
    start = np.arange(length)
    return start - min(offset, 0), start + max(offset, 0)


@composite(numpy=np.diagonal)
def diagonal(a, offset=0, axis1=0, axis2=1):
    """The diagonal at ``offset`` of the 2-d slices over ``axis1``, ``axis2``, as a new last
    axis.

    >>> ag.diagonal([[1.0, 2.0], [3.0, 4.0]]).numpy()
    array([1., 4.], dtype=float32)
    """
    a = as_input(a, "diagonal")
    ndim = np.ndim(a)
    if ndim < 2:
        raise ValueError(f"diagonal: needs at least 2 axes, got shape {np.shape(a)}")
    axis1, axis2 = _axis(axis1, ndim, "diagonal"), _axis(axis2, ndim, "diagonal")
    if axis1 == axis2:
        raise ValueError("diagonal: axis1 and axis2 must differ")
    rest = [i for i in range(ndim) if i not in (axis1, axis2)]
    moved = transpose(a, axes=tuple(rest) + (axis1, axis2))
    rows, columns = _diagonal_positions(np.shape(a)[axis1], np.shape(a)[axis2], offset)
    return getitem(moved, (Ellipsis, rows, columns))


@composite(numpy=np.diag)
def diag(v, k=0):
    """A square matrix with the 1-d ``v`` on diagonal ``k``; or the diagonal ``k`` of the 2-d
    ``v``.

    >>> ag.diag([1.0, 2.0]).numpy()
    array([[1., 0.],
           [0., 2.]], dtype=float32)
    """
    v = as_input(v, "diag")
    if np.ndim(v) == 2:
        return diagonal(v, offset=k)
    if np.ndim(v) != 1:
        raise ValueError(f"diag: input must be 1-d or 2-d, got shape {np.shape(v)}")
    n = np.shape(v)[0] + abs(k)
    rows, columns = _diagonal_positions(n, n, k)
    return scatter(v, (rows, columns), (n, n))


@composite(numpy=np.diagflat)
def diagflat(v, k=0):
    """A square matrix with the flattened ``v`` on diagonal ``k``.

    >>> ag.diagflat([[1.0, 2.0]]).shape
    (2, 2)
    """
    return diag(reshape(as_input(v, "diagflat"), shape=-1), k=k)


def _triangle(m, k: int, lower: bool, name: str):
    m = as_input(m)
    shape = np.shape(m)
    if len(shape) < 2:
        raise ValueError(f"{name}: needs at least 2 axes, got shape {shape}")
    keep = np.tri(shape[-2], shape[-1], k=k if lower else k - 1, dtype=bool)
    return where(keep if lower else ~keep, m, np.zeros((), np.asarray(value_of(m)).dtype))


@composite(numpy=np.tril)
def tril(m, k=0):
    """``m`` with the elements above diagonal ``k`` set to 0 (over the last two axes).

    >>> ag.tril([[1.0, 2.0], [3.0, 4.0]]).numpy()
    array([[1., 0.],
           [3., 4.]], dtype=float32)
    """
    return _triangle(m, k, True, "tril")


@composite(numpy=np.triu)
def triu(m, k=0):
    """``m`` with the elements below diagonal ``k`` set to 0 (over the last two axes).

    >>> ag.triu([[1.0, 2.0], [3.0, 4.0]]).numpy()
    array([[1., 2.],
           [0., 4.]], dtype=float32)
    """
    return _triangle(m, k, False, "triu")


# --- choosing by conditions --------------------------------------------------------------------
@composite(numpy=np.select)
def select(condlist: Sequence[Any], choicelist: Sequence[Any], default: Any = 0):
    """For each element, the choice of the first condition that holds, else ``default``.

    >>> x = ag.constant([-2.0, 0.5, 3.0])
    >>> ag.select([x < 0, x > 1], [-x, x * 10], default=x).numpy()
    array([ 2. ,  0.5, 30. ], dtype=float32)
    """
    if len(condlist) != len(choicelist):
        raise ValueError(f"select: {len(condlist)} conditions but {len(choicelist)} choices")
    result = default
    for condition, choice in zip(reversed(condlist), reversed(choicelist)):
        result = where(np.asarray(value_of(condition), dtype=bool), choice, result)
    return as_input(result, "select")


@composite(numpy=np.piecewise)
def piecewise(x, condlist, funclist, *args, **kw):
    """``funclist[i](x)`` where ``condlist[i]`` holds (a later condition wins), a number in
    ``funclist`` as a constant, and one extra function for where no condition holds (else 0).
    Each function sees only its own elements, so a branch that would be NaN elsewhere
    (``sqrt`` of negatives) poisons neither the value nor the gradient.

    >>> x = ag.constant([-4.0, 4.0])
    >>> ag.piecewise(x, [x < 0], [0.0, ag.sqrt]).numpy()
    array([0., 2.], dtype=float32)
    """
    x = as_input(x, "piecewise")
    shape = np.shape(x)
    if not isinstance(condlist, (list, tuple)) or (
            len(condlist) and np.ndim(value_of(condlist[0])) == 0 and len(shape)):
        condlist = [condlist]
    conditions = [np.broadcast_to(np.asarray(value_of(c), dtype=bool), shape)
                  for c in condlist]
    if len(funclist) == len(conditions) + 1:
        taken = np.zeros(shape, dtype=bool)
        for c in conditions:
            taken = taken | c
        conditions.append(~taken)
    elif len(funclist) != len(conditions):
        raise ValueError(f"piecewise: {len(conditions)} conditions need {len(conditions)} or "
                         f"{len(conditions) + 1} functions, got {len(funclist)}")
    dtype = np.asarray(value_of(x)).dtype
    result = zeros(shape, dtype=dtype)
    claimed = np.zeros(shape, dtype=bool)
    for condition, function in reversed(list(zip(conditions, funclist))):
        mine = condition & ~claimed  # a later condition wins where two hold
        claimed |= mine
        if not mine.any():
            continue
        index = np.nonzero(mine)
        if callable(function):
            values = function(getitem(x, index), *args, **kw)
        else:
            values = np.full(int(mine.sum()), function, dtype=dtype)
        result = result + scatter(values, index, shape)
    return result


# --- inserting and deleting --------------------------------------------------------------------
@composite(numpy=np.insert)
def insert(arr, obj, values, axis=None):
    """``arr`` with ``values`` inserted before the index or indices ``obj`` along ``axis``
    (None: into the flattened array); differentiable in ``arr`` and ``values``.

    >>> ag.insert([1.0, 2.0, 3.0], 1, 9.0).numpy()
    array([1., 9., 2., 3.], dtype=float32)
    """
    arr = as_input(arr, "insert")
    values = as_input(values, "insert")
    dtype = np.asarray(value_of(arr)).dtype
    if np.asarray(value_of(values)).dtype != dtype:
        values = cast(values, dtype)  # NumPy casts the values to arr's dtype
    size = np.size(arr)
    mine = np.arange(size).reshape(np.shape(arr))
    theirs = np.arange(size, size + np.size(values)).reshape(np.shape(values))
    positions = np.insert(mine, value_of(obj), theirs, axis=axis)
    joined = concat([reshape(arr, shape=-1), reshape(values, shape=-1)], axis=0)
    return getitem(joined, positions)


@composite(numpy=np.delete)
def delete(arr, obj, axis=None):
    """``arr`` without the elements (or slices along ``axis``) at ``obj`` (an index, a list,
    a slice or a boolean mask); None: from the flattened array.

    >>> ag.delete([1.0, 2.0, 3.0], [0, 2]).numpy()
    array([2.], dtype=float32)
    """
    return rearranged(arr, lambda positions: np.delete(positions, value_of(obj), axis=axis))


from .arithmetic import where  # noqa: E402
from .linalg import transpose  # noqa: E402
from .misc import cast, zeros  # noqa: E402
from .shape import concat, getitem, reshape, scatter  # noqa: E402

__all__ = ["take", "take_along_axis", "diagonal", "diag", "diagflat", "tril", "triu", "select",
           "piecewise", "insert", "delete"]
