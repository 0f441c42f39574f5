"""Arranging arrays: flattening, flipping, rotating, rolling, repeating and tiling, raising the
number of axes, joining and splitting, padding, and building grids (linspace, meshgrid, ``r_``
and ``c_``).

All are compositions of reshape, transpose, basic slices, gathers (``getitem``) and concat,
so their gradients and second derivatives come from those ops: a split's gradient is the
pieces' gradients joined, a pad's drops the border (or adds the reflected elements back).
"""
from __future__ import annotations

from typing import Any, List, Sequence

import numpy as np

from ..primitive import composite, value_of
from .indexing import _axis, rearranged
from .inputs import as_input


# --- flattening and axes -----------------------------------------------------------------------
@composite(numpy=np.ravel)
def ravel(a, order="C"):
    """The elements of ``a`` as a 1-d Tensor, in row-major (``"C"``) or column-major
    (``"F"``) order.

    >>> ag.ravel([[1.0, 2.0], [3.0, 4.0]], order="F").numpy()
    array([1., 3., 2., 4.], dtype=float32)
    """
    a = as_input(a, "ravel")
    if order in ("C", "A", "K"):
        return reshape(a, shape=-1)
    if order == "F":
        return reshape(transpose(a), shape=-1)
    raise ValueError(f"ravel: order must be 'C', 'F', 'A' or 'K', got {order!r}")


@composite(public=False)
def flatten(a, order="C"):
    """``a.flatten()``: the elements as a 1-d Tensor (as ``ravel``; Tensors are never views).

    >>> flatten(ag.ones((2, 3))).shape
    (6,)
    """
    return ravel(a, order=order)


@composite(numpy=np.rollaxis)
def rollaxis(a, axis, start=0):
    """``a`` with ``axis`` moved to just before position ``start`` (NumPy's older moveaxis).

    >>> ag.rollaxis(ag.ones((2, 3, 4)), 2).shape
    (4, 2, 3)
    """
    a = as_input(a, "rollaxis")
    ndim = np.ndim(a)
    axis = _axis(axis, ndim, "rollaxis")
    if not -ndim <= start <= ndim:
        raise ValueError(f"rollaxis: start {start} is out of bounds for dimension {ndim}")
    start = start % (ndim + 1) if start < 0 else start
    if axis < start:
        start -= 1
    if axis == start:
        return a
    order = [i for i in range(ndim) if i != axis]
    order.insert(start, axis)
    return transpose(a, axes=tuple(order))


# --- reversing, rotating, rolling, repeating ---------------------------------------------------
@composite(numpy=np.flip, tf="reverse")
def flip(m, axis=None):
    """``m`` reversed along ``axis`` (an int, a tuple, or None: every axis).

    >>> ag.flip([[1.0, 2.0], [3.0, 4.0]], axis=1).numpy()
    array([[2., 1.],
           [4., 3.]], dtype=float32)
    """
    m = as_input(m, "flip")
    ndim = np.ndim(m)
    axes = range(ndim) if axis is None else np.atleast_1d(axis).tolist()
    axes = {_axis(int(a), ndim, "flip") for a in axes}
    return getitem(m, tuple(slice(None, None, -1) if i in axes else slice(None)
                            for i in range(ndim)))


@composite(numpy=np.flipud)
def flipud(m):
    """``m`` upside down (reversed along axis 0).

    >>> ag.flipud([1.0, 2.0]).numpy()
    array([2., 1.], dtype=float32)
    """
    m = as_input(m, "flipud")
    if np.ndim(m) < 1:
        raise ValueError("flipud: needs at least 1 axis")
    return flip(m, 0)


@composite(numpy=np.fliplr)
def fliplr(m):
    """``m`` left to right (reversed along axis 1).

    >>> ag.fliplr([[1.0, 2.0]]).numpy()
    array([[2., 1.]], dtype=float32)
    """
    m = as_input(m, "fliplr")
    if np.ndim(m) < 2:
        raise ValueError(f"fliplr: needs at least 2 axes, got shape {np.shape(m)}")
    return flip(m, 1)


@composite(numpy=np.rot90)
def rot90(m, k=1, axes=(0, 1)):
    """``m`` rotated by 90 degrees ``k`` times in the plane of ``axes`` (from the first axis
    toward the second).

    >>> ag.rot90([[1.0, 2.0], [3.0, 4.0]]).numpy()
    array([[2., 4.],
           [1., 3.]], dtype=float32)
    """
    m = as_input(m, "rot90")
    ndim = np.ndim(m)
    if len(axes) != 2:
        raise ValueError(f"rot90: axes must name 2 axes, got {axes}")
    first, second = (_axis(a, ndim, "rot90") for a in axes)
    if first == second:
        raise ValueError("rot90: the two axes must differ")
    k %= 4
    if k == 0:
        return m
    if k == 2:
        return flip(flip(m, first), second)
    order = list(range(ndim))
    order[first], order[second] = order[second], order[first]
    if k == 1:
        return transpose(flip(m, second), axes=tuple(order))
    return flip(transpose(m, axes=tuple(order)), second)


@composite(numpy=np.roll, tf="roll")
def roll(a, shift, axis=None):
    """``a`` shifted by ``shift`` along ``axis`` (None: the flattened array), elements leaving
    one end coming back at the other.

    >>> ag.roll([1.0, 2.0, 3.0], 1).numpy()
    array([3., 1., 2.], dtype=float32)
    """
    return rearranged(a, lambda positions: np.roll(positions, shift, axis=axis))


@composite(numpy=np.repeat, tf="repeat")
def repeat(a, repeats, axis=None):
    """Each element (or slice along ``axis``) repeated ``repeats`` times (an int, or one count
    per element); the gradient adds the copies up.

    >>> ag.repeat([1.0, 2.0], [1, 3]).numpy()
    array([1., 2., 2., 2.], dtype=float32)
    """
    return rearranged(a, lambda positions: np.repeat(positions, value_of(repeats), axis=axis))


@composite(numpy=np.tile, tf="tile")
def tile(A, reps):
    """``A`` repeated ``reps`` times along each axis (more reps than axes add leading axes).

    >>> ag.tile([1.0, 2.0], (2, 2)).numpy()
    array([[1., 2., 1., 2.],
           [1., 2., 1., 2.]], dtype=float32)
    """
    return rearranged(A, lambda positions: np.tile(positions, value_of(reps)))


# --- at least n axes ---------------------------------------------------------------------------
def _at_least(arys: Sequence[Any], ndim: int) -> Any:
    results = []
    for a in arys:
        a = as_input(a)
        shape = np.shape(a)
        if len(shape) < ndim:
            if ndim == 3 and len(shape) == 1:
                shape = (1,) + shape + (1,)
            elif ndim == 3 and len(shape) == 2:
                shape = shape + (1,)
            else:
                shape = (1,) * (ndim - len(shape)) + shape
            a = reshape(a, shape=shape)
        results.append(a)
    return results[0] if len(results) == 1 else tuple(results)


@composite(numpy=np.atleast_1d)
def atleast_1d(*arys):
    """Each input with at least 1 axis (a scalar becomes shape (1,)).

    >>> ag.atleast_1d(3.0).shape
    (1,)
    """
    return _at_least(arys, 1)


@composite(numpy=np.atleast_2d)
def atleast_2d(*arys):
    """Each input with at least 2 axes (shape (n,) becomes (1, n)).

    >>> ag.atleast_2d([1.0, 2.0]).shape
    (1, 2)
    """
    return _at_least(arys, 2)


@composite(numpy=np.atleast_3d)
def atleast_3d(*arys):
    """Each input with at least 3 axes ((n,) becomes (1, n, 1), (m, n) becomes (m, n, 1)).

    >>> ag.atleast_3d([1.0, 2.0]).shape
    (1, 2, 1)
    """
    return _at_least(arys, 3)


# --- joining -----------------------------------------------------------------------------------
def _as_list(values: Any, name: str) -> list:
    if not hasattr(values, "__iter__"):
        raise TypeError(f"{name}: expected a sequence of arrays, got {type(values).__name__}")
    return [as_input(v) for v in values]


@composite(numpy=np.column_stack)
def column_stack(tup):
    """1-d inputs as columns, 2-d ones as they are, joined side by side.

    >>> ag.column_stack([[1.0, 2.0], [3.0, 4.0]]).numpy()
    array([[1., 3.],
           [2., 4.]], dtype=float32)
    """
    arrays = [reshape(a, shape=(-1, 1)) if np.ndim(a) < 2 else a
              for a in _as_list(tup, "column_stack")]
    return concat(arrays, axis=1)


@composite(numpy=np.dstack)
def dstack(tup):
    """Inputs joined along the third axis (after ``atleast_3d``).

    >>> ag.dstack([[1.0, 2.0], [3.0, 4.0]]).shape
    (1, 2, 2)
    """
    arrays = [_at_least([a], 3) for a in _as_list(tup, "dstack")]
    return concat(arrays, axis=2)


@composite(numpy=np.append)
def append(arr, values, axis=None):
    """``values`` joined to the end of ``arr`` along ``axis`` (None: both flattened).

    >>> ag.append([1.0, 2.0], [[3.0]]).numpy()
    array([1., 2., 3.], dtype=float32)
    """
    arr, values = as_input(arr, "append"), as_input(values, "append")
    if axis is None:
        return concat([reshape(arr, shape=-1), reshape(values, shape=-1)], axis=0)
    return concat([arr, values], axis=axis)


# --- splitting ---------------------------------------------------------------------------------
def _pieces(ary, indices_or_sections, axis: int, name: str, equal: bool) -> List[Any]:
    ary = as_input(ary)
    ndim = np.ndim(ary)
    axis = _axis(axis, ndim, name)
    n = np.shape(ary)[axis]
    sections = value_of(indices_or_sections)
    if np.ndim(sections) == 0:
        count = int(sections)
        if count <= 0:
            raise ValueError(f"{name}: the number of sections must be positive, got {count}")
        if equal and n % count:
            raise ValueError(f"{name}: an axis of length {n} does not split into {count} "
                             f"equal parts (array_split allows unequal ones)")
        size, extra = divmod(n, count)  # the first `extra` pieces get one more
        edges = np.cumsum([0] + [size + 1] * extra + [size] * (count - extra)).tolist()
    else:  # cut before each index, as Python slices read them (negative ones count back)
        edges = [0] + [int(i) for i in np.atleast_1d(sections)] + [n]
    bounds = list(zip(edges[:-1], edges[1:]))
    head = (slice(None),) * axis
    return [getitem(ary, head + (slice(start, stop),)) for start, stop in bounds]


@composite(numpy=np.split)
def split(ary, indices_or_sections, axis=0):
    """``ary`` cut along ``axis`` into equal sections (an int) or at the given indices; a list.

    >>> [p.numpy().tolist() for p in ag.split([1.0, 2.0, 3.0, 4.0], [1, 3])]
    [[1.0], [2.0, 3.0], [4.0]]
    """
    return _pieces(ary, indices_or_sections, axis, "split", equal=True)


@composite(numpy=np.array_split)
def array_split(ary, indices_or_sections, axis=0):
    """As ``split``, but a count need not divide the axis (the first pieces get one more).

    >>> [p.shape for p in ag.array_split(ag.ones(5), 2)]
    [(3,), (2,)]
    """
    return _pieces(ary, indices_or_sections, axis, "array_split", equal=False)


@composite(numpy=np.hsplit)
def hsplit(ary, indices_or_sections):
    """``split`` along axis 1 (axis 0 for 1-d input).

    >>> [p.shape for p in ag.hsplit(ag.ones((2, 4)), 2)]
    [(2, 2), (2, 2)]
    """
    ary = as_input(ary, "hsplit")
    if np.ndim(ary) == 0:
        raise ValueError("hsplit: needs at least 1 axis")
    return split(ary, indices_or_sections, axis=1 if np.ndim(ary) > 1 else 0)


@composite(numpy=np.vsplit)
def vsplit(ary, indices_or_sections):
    """``split`` along axis 0 of an array of 2 or more axes.

    >>> [p.shape for p in ag.vsplit(ag.ones((4, 2)), 2)]
    [(2, 2), (2, 2)]
    """
    ary = as_input(ary, "vsplit")
    if np.ndim(ary) < 2:
        raise ValueError(f"vsplit: needs at least 2 axes, got shape {np.shape(ary)}")
    return split(ary, indices_or_sections, axis=0)


@composite(numpy=np.dsplit)
def dsplit(ary, indices_or_sections):
    """``split`` along axis 2 of an array of 3 or more axes.

    >>> [p.shape for p in ag.dsplit(ag.ones((1, 1, 4)), 2)]
    [(1, 1, 2), (1, 1, 2)]
    """
    ary = as_input(ary, "dsplit")
    if np.ndim(ary) < 3:
        raise ValueError(f"dsplit: needs at least 3 axes, got shape {np.shape(ary)}")
    return split(ary, indices_or_sections, axis=2)


# --- padding -----------------------------------------------------------------------------------
_PAD_MODES = ("constant", "edge", "reflect", "symmetric", "wrap")


@composite(numpy=np.pad, tf="pad")
def pad(array, pad_width, mode="constant", **kwargs):
    """``array`` with ``pad_width`` elements added before and after each axis. ``mode``:
    "constant" (``constant_values``, default 0), "edge", "reflect", "symmetric" or "wrap"
    (TF's upper-case names too); ``reflect_type`` as in NumPy. The gradient drops the constant
    border, or adds the copied elements' gradients back to the ones they copy.

    >>> ag.pad([1.0, 2.0], 1, mode="edge").numpy()
    array([1., 1., 2., 2.], dtype=float32)
    >>> ag.grad(lambda t: ag.sum(ag.pad(t, 2, mode="reflect")))(ag.ones(3)).numpy()
    array([2., 3., 2.], dtype=float32)
    """
    mode = mode.lower() if isinstance(mode, str) else mode
    if mode not in _PAD_MODES:
        raise ValueError(f"pad: mode must be one of {_PAD_MODES} (these are differentiable), "
                         f"got {mode!r}")
    array = as_input(array, "pad")
    width = value_of(pad_width)
    if kwargs.get("reflect_type", "even") == "odd" and mode in ("reflect", "symmetric"):
        return _odd_pad(array, width, mode)
    if mode != "constant":
        return rearranged(array, lambda positions: np.pad(positions, width, mode=mode,
                                                          **kwargs))
    constant_values = value_of(kwargs.pop("constant_values", 0))
    if kwargs:
        raise TypeError(f"pad: mode 'constant' takes only constant_values, got {list(kwargs)}")
    positions = np.pad(np.arange(np.size(array)).reshape(np.shape(array)), width,
                       constant_values=-1)
    inside = positions >= 0
    dtype = np.asarray(value_of(array)).dtype
    border = np.pad(np.zeros(np.shape(array), dtype=dtype), width,
                    constant_values=constant_values)
    gathered = getitem(reshape(array, shape=-1), np.where(inside, positions, 0))
    return where(inside, gathered, border)


def _odd_pad(array, width, mode: str):
    """Odd reflection (``2·edge - mirror``) is linear in ``array`` but no rearrangement: pad
    the identity basis to get its matrix, then multiply (memory: padded size × size)."""
    shape = np.shape(array)
    size = int(np.prod(shape))
    dtype = np.result_type(value_of(array), np.float32)
    basis = np.eye(size, dtype=dtype).reshape(shape + (size,))
    widths = [tuple(w) for w in np.broadcast_to(np.asarray(width), (len(shape), 2)).tolist()]
    matrix = np.pad(basis, widths + [(0, 0)], mode=mode, reflect_type="odd")
    padded = matrix.shape[:-1]
    return reshape(matmul(matrix.reshape(-1, size), reshape(array, shape=(size,))),
                   shape=padded)


# --- grids and products ------------------------------------------------------------------------
@composite(numpy=np.linspace, tf="linspace")
def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """``num`` evenly spaced values from ``start`` to ``stop`` (without it when ``endpoint`` is
    False), differentiable in both endpoints, which may be arrays (then the samples run along
    ``axis``). Python floats give float32 (as ``ag.constant`` and TF).

    >>> ag.linspace(0.0, 1.0, 5).numpy()
    array([0.  , 0.25, 0.5 , 0.75, 1.  ], dtype=float32)
    >>> ag.grad(lambda s: ag.sum(ag.linspace(s, 1.0, 5)))(ag.constant(0.0)).numpy()
    array(2.5, dtype=float32)
    """
    num = int(num)
    if num < 0:
        raise ValueError(f"linspace: num must be non-negative, got {num}")
    start, stop = as_input(start, "linspace"), as_input(stop, "linspace")
    shape = np.broadcast_shapes(np.shape(start), np.shape(stop))
    out_dtype = np.result_type(value_of(start), value_of(stop), np.float32) \
        if dtype is None else np.dtype(dtype)
    steps = np.arange(num, dtype=out_dtype).reshape((-1,) + (1,) * len(shape))
    divisions = (num - 1) if endpoint else num
    delta = stop - start
    step = delta / divisions if divisions > 0 else float("nan")
    samples = start + steps * (step if divisions > 0 else delta)
    if endpoint and num > 1:  # the last sample is stop itself, as in NumPy
        samples = concat([getitem(samples, slice(None, -1)),
                          expand_dims(broadcast_to(stop, shape=shape), axis=0)], axis=0)
    if samples.dtype != out_dtype:
        samples = cast(samples, out_dtype)
    if axis != 0:
        samples = rollaxis(samples, 0, _axis(axis, len(shape) + 1, "linspace") + 1)
    return (samples, step) if retstep else samples


@composite(numpy=np.meshgrid, tf="meshgrid")
def meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    """Coordinate grids from 1-d coordinate vectors: ``indexing="xy"`` (Cartesian, the first
    two axes swapped) or ``"ij"`` (matrix); ``sparse`` keeps the broadcastable shapes.

    >>> X, Y = ag.meshgrid([1.0, 2.0, 3.0], [4.0, 5.0])
    >>> X.shape, Y.numpy()[:, 0].tolist()
    ((2, 3), [4.0, 5.0])
    """
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: indexing must be 'xy' or 'ij', got {indexing!r}")
    vectors = [reshape(as_input(x, "meshgrid"), shape=-1) for x in xi]
    n = len(vectors)
    shapes = [[1] * n for _ in vectors]
    for i, v in enumerate(vectors):
        shapes[i][i] = np.shape(v)[0]
    if indexing == "xy" and n > 1:
        for shape in shapes:
            shape[0], shape[1] = shape[1], shape[0]
    grids = [reshape(v, shape=tuple(s)) for v, s in zip(vectors, shapes)]
    if not sparse:
        full = np.broadcast_shapes(*[tuple(s) for s in shapes])
        grids = [broadcast_to(g, shape=full) for g in grids]
    return tuple(grids)


class _Joiner:
    """``r_[...]`` and ``c_[...]`` for Tensors: items (Tensors, arrays, lists, numbers and
    slices, which become ``arange``/``linspace`` as in NumPy) joined along the first axis
    (``r_``) or as columns (``c_``)."""

    def __init__(self, columns: bool) -> None:
        self.columns = columns

    def __getitem__(self, key: Any) -> Any:
        items = key if isinstance(key, tuple) else (key,)
        if any(isinstance(item, str) for item in items):
            raise TypeError("r_/c_: string directives ('r', '0,2,1') are not supported; join "
                            "with concat or stack")
        arrays = [as_input(np.r_[item] if isinstance(item, slice) else item) for item in items]
        if not self.columns:
            return concat([reshape(a, shape=(-1,)) if np.ndim(a) == 0 else a for a in arrays],
                          axis=0)
        arrays = [reshape(a, shape=(-1, 1)) if np.ndim(a) < 2 else a for a in arrays]
        return concat(arrays, axis=-1)


r_ = _Joiner(columns=False)
"""``r_[a, b, 1.0, 0:3]``: join along the first axis, keeping Tensors on the tape.

>>> r_[ag.constant([1.0, 2.0]), 3.0].numpy()
array([1., 2., 3.], dtype=float32)
"""

c_ = _Joiner(columns=True)
"""``c_[a, b]``: 1-d items as columns, joined along the last axis.

>>> c_[ag.constant([1.0, 2.0]), [3.0, 4.0]].numpy()
array([[1., 3.],
       [2., 4.]], dtype=float32)
"""


from .arithmetic import where  # noqa: E402
from .linalg import matmul, transpose  # noqa: E402
from .misc import cast  # noqa: E402
from .shape import broadcast_to, concat, expand_dims, getitem, reshape  # noqa: E402

__all__ = ["ravel", "rollaxis", "flip", "flipud", "fliplr", "rot90", "roll", "repeat", "tile",
           "atleast_1d", "atleast_2d", "atleast_3d", "column_stack", "dstack", "append",
           "split", "array_split", "hsplit", "vsplit", "dsplit", "pad", "linspace", "meshgrid",
           "r_", "c_"]
