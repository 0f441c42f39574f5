"""TensorFlow's functions that NumPy spells differently or lacks: gather, gather_nd,
boolean_mask, clip_by_norm, clip_by_global_norm, fill, range, eye, shape/size/rank and the
``tf.linalg`` helpers (matmul with transpose flags, matvec, diag, diag_part, band_part, trace).

Each is written with other ops (so first and higher derivatives come from theirs) and takes
TF's arguments; the gradient conventions are TF's (API.md section 7).
"""
from __future__ import annotations

import builtins
from typing import Any, List, Optional, Sequence, Tuple

import numpy as np

from ..primitive import composite, op, value_of
from ..tensor import Tensor, as_dtype, constant, to_array, wrap
from .arithmetic import maximum, multiply, sqrt, square
from .linalg import matmul, transpose
from .reductions import sum
from .shape import expand_dims, getitem, squeeze


def _swap_last(x: Any) -> Any:
    axes = list(builtins.range(np.ndim(x)))
    axes[-2], axes[-1] = axes[-1], axes[-2]
    return transpose(x, axes=tuple(axes))


@composite(name="linalg_matmul", tf="linalg.matmul", public=False)
def linalg_matmul(a: Any, b: Any, transpose_a: bool = False, transpose_b: bool = False,
                  adjoint_a: bool = False, adjoint_b: bool = False) -> Tensor:
    """``tf.linalg.matmul``: ``a @ b`` with either operand's last two axes swapped first
    (``adjoint_*`` is the same for real values).

    >>> ag.linalg.matmul([[1.0, 2.0]], [[3.0, 4.0]], transpose_b=True).numpy()
    array([[11.]], dtype=float32)
    """
    a, b = _tensor(a, (b,)), _tensor(b, (a,))
    if transpose_a or adjoint_a:
        a = _swap_last(a)
    if transpose_b or adjoint_b:
        b = _swap_last(b)
    return matmul(a, b)


@composite(tf="linalg.matvec", public=False)
def matvec(a: Any, b: Any, transpose_a: bool = False, adjoint_a: bool = False) -> Tensor:
    """``tf.linalg.matvec``: the matrix ``a`` (batched) times the vector ``b`` (batched).

    >>> ag.linalg.matvec([[1.0, 2.0], [3.0, 4.0]], [1.0, 1.0]).numpy()
    array([3., 7.], dtype=float32)
    """
    a, b = _tensor(a, (b,)), _tensor(b, (a,))
    if transpose_a or adjoint_a:
        a = _swap_last(a)
    return squeeze(matmul(a, expand_dims(b, axis=-1)), axis=-1)


@composite(name="linalg_diag", tf="linalg.diag", public=False)
def linalg_diag(diagonal: Any) -> Tensor:
    """``tf.linalg.diag``: square matrices with ``diagonal``'s last axis on their diagonals.

    >>> ag.linalg.diag([1.0, 2.0]).numpy()
    array([[1., 0.],
           [0., 2.]], dtype=float32)
    """
    diagonal = _tensor(diagonal)
    n = diagonal.shape[-1]
    return expand_dims(diagonal, axis=-1) * np.eye(n, dtype=diagonal.dtype)


@composite(tf=("linalg.diag_part", "linalg.tensor_diag_part"), public=False)
def diag_part(input: Any) -> Tensor:
    """``tf.linalg.diag_part``: the main diagonal of the last two axes (batched).

    >>> ag.linalg.diag_part([[1.0, 2.0], [3.0, 4.0]]).numpy()
    array([1., 4.], dtype=float32)
    """
    input = _tensor(input)
    k = builtins.min(input.shape[-2:])
    steps = np.arange(k)
    return getitem(input, (Ellipsis, steps, steps))


@composite(name="linalg_trace", tf="linalg.trace", public=False)
def linalg_trace(x: Any) -> Tensor:
    """``tf.linalg.trace``: the sum of the main diagonal of the last two axes (batched).

    >>> float(ag.linalg.trace([[1.0, 2.0], [3.0, 4.0]]))
    5.0
    """
    return sum(diag_part(x), axis=-1)


@composite(tf="linalg.band_part", public=False)
def band_part(input: Any, num_lower: int, num_upper: int) -> Tensor:
    """``tf.linalg.band_part``: keep ``num_lower`` subdiagonals and ``num_upper``
    superdiagonals of the last two axes (a negative count keeps all), zero the rest.

    >>> ag.linalg.band_part(ag.ones((3, 3)), 0, 1).numpy()
    array([[1., 1., 0.],
           [0., 1., 1.],
           [0., 0., 1.]], dtype=float32)
    """
    input = _tensor(input)
    rows, columns = input.shape[-2:]
    offset = np.arange(rows)[:, None] - np.arange(columns)[None, :]  # i - j
    keep = np.ones((rows, columns), dtype=bool)
    if int(num_lower) >= 0:
        keep &= offset <= int(num_lower)
    if int(num_upper) >= 0:
        keep &= -offset <= int(num_upper)
    return multiply(input, keep.astype(input.dtype))


@composite()
def gather(params: Any, indices: Any, axis: Optional[int] = None, batch_dims: int = 0) -> Tensor:
    """``tf.gather``: slices of ``params`` along ``axis`` (default ``batch_dims``) at
    ``indices``, the first ``batch_dims`` axes of both taken as batch axes. The gradient adds
    up at repeated indices.

    >>> ag.gather([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [2, 0]).numpy()
    array([[5., 6.],
           [1., 2.]], dtype=float32)
    >>> ag.gather([[1.0, 2.0], [3.0, 4.0]], [[1], [0]], batch_dims=1).numpy()
    array([[2.],
           [3.]], dtype=float32)
    """
    params = _tensor(params)
    indices = np.asarray(value_of(indices))
    ndim, batch_dims = params.ndim, int(batch_dims)
    batch_dims = batch_dims % (indices.ndim + 1) if batch_dims < 0 else batch_dims
    axis = batch_dims if axis is None else int(axis) % ndim
    if axis < batch_dims:
        raise ValueError(f"gather: axis {axis} must be at least batch_dims {batch_dims}")
    _check_indices("gather", indices, params.shape[axis])
    # move axis next to the batch axes, gather there, then put the middle axes back in front
    moved = list(builtins.range(batch_dims)) + [axis] + [
        i for i in builtins.range(batch_dims, ndim) if i != axis]
    x = transpose(params, axes=tuple(moved)) if moved != list(builtins.range(ndim)) else params
    result = getitem(x, _batch_index(indices, indices.shape[:batch_dims]))
    middle = axis - batch_dims
    if middle == 0:
        return result
    gathered = indices.ndim - batch_dims
    b = list(builtins.range(batch_dims))
    g = list(builtins.range(batch_dims, batch_dims + gathered))
    m = list(builtins.range(batch_dims + gathered, batch_dims + gathered + middle))
    rest = list(builtins.range(batch_dims + gathered + middle, result.ndim))
    return transpose(result, axes=tuple(b + m + g + rest))


def _batch_index(indices: np.ndarray, batch_shape: Tuple[int, ...]) -> tuple:
    """An index tuple taking ``indices`` along the axis after the batch axes, each batch
    element with its own indices."""
    parts: List[Any] = []
    for k, n in enumerate(batch_shape):
        shape = [1] * indices.ndim
        shape[k] = n
        parts.append(np.arange(n).reshape(shape))
    return tuple(parts) + (indices,)


def _check_indices(name: str, indices: np.ndarray, size: int) -> None:
    if indices.dtype.kind not in "iu":
        raise TypeError(f"{name}: indices must be integers, got dtype {indices.dtype}")
    if indices.size and (indices.min() < 0 or indices.max() >= size):
        raise ValueError(f"{name}: indices must be in [0, {size}), got values from "
                         f"{indices.min()} to {indices.max()}")


@composite()
def gather_nd(params: Any, indices: Any, batch_dims: int = 0) -> Tensor:
    """``tf.gather_nd``: each row of ``indices`` (its last axis) indexes the leading axes of
    ``params`` after the first ``batch_dims``.

    >>> ag.gather_nd([[1.0, 2.0], [3.0, 4.0]], [[1, 0], [0, 1]]).numpy()
    array([3., 2.], dtype=float32)
    >>> ag.gather_nd([[1.0, 2.0], [3.0, 4.0]], [[1]]).numpy()
    array([[3., 4.]], dtype=float32)
    """
    params = _tensor(params)
    indices = np.asarray(value_of(indices))
    batch_dims = int(batch_dims)
    depth = indices.shape[-1]
    for k in builtins.range(depth):
        _check_indices("gather_nd", indices[..., k], params.shape[batch_dims + k])
    parts: List[Any] = []
    inner = indices.shape[:-1]
    for k in builtins.range(batch_dims):
        shape = [1] * len(inner)
        shape[k] = params.shape[k]
        parts.append(np.arange(params.shape[k]).reshape(shape))
    parts.extend(indices[..., k] for k in builtins.range(depth))
    return getitem(params, tuple(parts))


@composite()
def boolean_mask(tensor: Any, mask: Any, axis: Optional[int] = None) -> Tensor:
    """``tf.boolean_mask``: the entries of ``tensor`` where ``mask`` (covering the axes from
    ``axis``, default 0) is true, flattened over the masked axes.

    >>> ag.boolean_mask([[1.0, 2.0], [3.0, 4.0]], [False, True]).numpy()
    array([[3., 4.]], dtype=float32)
    """
    tensor = _tensor(tensor)
    mask = np.asarray(value_of(mask))
    if mask.dtype != np.bool_:
        raise TypeError(f"boolean_mask: mask must be bool, got dtype {mask.dtype}")
    axis = 0 if axis is None else int(axis) % tensor.ndim
    covered = tensor.shape[axis:axis + mask.ndim]
    if covered != mask.shape:
        raise ValueError(f"boolean_mask: mask of shape {mask.shape} does not match the axes "
                         f"{tuple(builtins.range(axis, axis + mask.ndim))} of shape "
                         f"{tensor.shape} ({covered})")
    return getitem(tensor, (slice(None),) * axis + (mask,))


def _norm_of(t: Any, axes: Any = None, keepdims: bool = False) -> Tensor:
    return sqrt(sum(square(t), axis=axes, keepdims=keepdims))


@composite()
def clip_by_norm(t: Any, clip_norm: Any, axes: Any = None) -> Tensor:
    """``tf.clip_by_norm``: ``t · clip_norm / max(‖t‖₂, clip_norm)`` (the norm over
    ``axes``, all by default): unchanged when its norm is at most ``clip_norm``.

    >>> ag.clip_by_norm([3.0, 4.0], 1.0).numpy()
    array([0.6, 0.8], dtype=float32)
    """
    t = _tensor(t)
    axes = tuple(axes) if isinstance(axes, list) else axes
    norm = _norm_of(t, axes, keepdims=True)
    return t * clip_norm / maximum(norm, clip_norm)


@composite()
def clip_by_global_norm(t_list: Sequence[Any], clip_norm: Any,
                        use_norm: Any = None) -> Tuple[List[Any], Tensor]:
    """``tf.clip_by_global_norm``: every tensor scaled by ``clip_norm / max(global_norm,
    clip_norm)``, where ``global_norm`` is the 2-norm of all of them together; returns
    ``(clipped_list, global_norm)``. ``None`` entries stay ``None``.

    >>> clipped, norm = ag.clip_by_global_norm([[3.0], [4.0]], 1.0)
    >>> float(norm), [c.numpy().tolist() for c in clipped]
    (5.0, [[0.6...], [0.8...]])
    """
    present = [_tensor(t) for t in t_list if t is not None]
    if use_norm is None:
        use_norm = sqrt(builtins.sum((sum(square(t)) for t in present), constant(0.0, (
            present[0].dtype if present else "float32"))))
    scale = clip_norm / maximum(use_norm, clip_norm)
    clipped = [None if t is None else _tensor(t) * scale for t in t_list]
    return clipped, use_norm


@composite()
def fill(dims: Any, value: Any) -> Tensor:
    """``tf.fill``: a Tensor of shape ``dims`` holding ``value`` (differentiable in it).

    >>> ag.fill([2, 2], 7.0).numpy()
    array([[7., 7.],
           [7., 7.]], dtype=float32)
    """
    from .shape import broadcast_to
    shape = tuple(int(n) for n in np.atleast_1d(value_of(dims)))
    return broadcast_to(_tensor(value), shape=shape) * 1  # a fresh array, not a view


@composite(name="range")
def range(start: Any, limit: Any = None, delta: Any = 1, dtype: Any = None) -> Tensor:
    """``tf.range``: ``start, start + delta, ...`` below ``limit`` (``range(n)`` counts from
    0). Python ints give int64 and floats float32, as ``ag.constant`` (TF gives int32 for
    ints); not differentiable.

    >>> ag.range(5).numpy()
    array([0, 1, 2, 3, 4])
    >>> ag.range(1.0, 2.0, 0.5).numpy()
    array([1. , 1.5], dtype=float32)
    """
    if limit is None:
        start, limit = 0, start
    values = [value_of(v) for v in (start, limit, delta)]
    if dtype is None:
        dtype = np.result_type(*[to_array(v) for v in values])
    return wrap(np.arange(*values).astype(as_dtype(dtype), copy=False))


@composite()
def eye(num_rows: int, num_columns: Optional[int] = None, batch_shape: Any = None,
        dtype: Any = "float32") -> Tensor:
    """``tf.eye``: identity matrices (``batch_shape`` of them), float32 by default.

    >>> ag.eye(2).numpy()
    array([[1., 0.],
           [0., 1.]], dtype=float32)
    """
    matrix = np.eye(int(num_rows), None if num_columns is None else int(num_columns),
                    dtype=as_dtype(dtype))
    if batch_shape is not None:
        matrix = np.broadcast_to(matrix, tuple(batch_shape) + matrix.shape).copy()
    return wrap(matrix)


@op(name="shape")
def shape(input: Any, out_type: Any = "int32") -> np.ndarray:
    """``tf.shape``: the shape of ``input`` as a 1-d int32 Tensor (``x.shape`` is the tuple).

    >>> ag.shape(ag.ones((2, 3))).numpy()
    array([2, 3], dtype=int32)
    """
    return np.asarray(np.shape(input), dtype=as_dtype(out_type))


@op(name="size")
def size(input: Any, out_type: Any = "int32") -> np.ndarray:
    """``tf.size``: the number of elements as a 0-d int32 Tensor.

    >>> int(ag.size(ag.ones((2, 3))))
    6
    """
    return np.asarray(np.size(input), dtype=as_dtype(out_type))


@op(name="rank")
def rank(input: Any) -> np.ndarray:
    """``tf.rank``: the number of axes as a 0-d int32 Tensor.

    >>> int(ag.rank(ag.ones((2, 3))))
    2
    """
    return np.asarray(np.ndim(input), dtype=np.int32)


def _tensor(value: Any, like: Sequence[Any] = ()) -> Tensor:
    """``value`` as a Tensor (lists with ``ag.constant``'s dtype rules, next to ``like``)."""
    if isinstance(value, Tensor):
        return value
    array = to_array(value, like=[v for v in like if isinstance(v, (Tensor, np.ndarray))])
    return wrap(array.copy() if array is value else array)  # never the caller's array
