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

from ..primitive import composite, op, piecewise, value_of
from ..tensor import Tensor, as_dtype, constant, to_array, wrap
from .activations import softmax_cross_entropy_with_logits, softplus
from .arithmetic import (
    abs,
    clip,
    divide,
    maximum,
    multiply,
    negative,
    sqrt,
    square,
    subtract,
    where,
)
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


# --- tf.math and tf.nn names written with other ops ------------------------------------------
@composite(tf=("math.rsqrt", "rsqrt"), elementwise=True)
def rsqrt(x: Any) -> Tensor:
    """``tf.math.rsqrt``: ``1 / sqrt(x)``.

    >>> ag.math.rsqrt([4.0]).numpy()
    array([0.5], dtype=float32)
    """
    return 1 / sqrt(x)


@composite(tf=("math.squared_difference", "squared_difference"), elementwise=True)
def squared_difference(x: Any, y: Any) -> Tensor:
    """``tf.math.squared_difference``: ``(x - y)²``.

    >>> ag.math.squared_difference([3.0], [1.0]).numpy()
    array([4.], dtype=float32)
    """
    return square(subtract(x, y))


@composite(tf="math.divide_no_nan", elementwise=True)
def divide_no_nan(x: Any, y: Any) -> Tensor:
    """``tf.math.divide_no_nan``: ``x / y``, and 0 where ``y`` is 0 (its gradient too).

    >>> ag.math.divide_no_nan([1.0, 1.0], [2.0, 0.0]).numpy()
    array([0.5, 0. ], dtype=float32)
    """
    nonzero = piecewise(np.not_equal(value_of(y), 0))
    return where(nonzero, divide(x, where(nonzero, y, 1)), 0)


@composite(tf="math.multiply_no_nan", elementwise=True)
def multiply_no_nan(x: Any, y: Any) -> Tensor:
    """``tf.math.multiply_no_nan``: ``x · y``, and 0 where ``y`` is 0 even if ``x`` is
    infinite or NaN.

    >>> ag.math.multiply_no_nan([np.inf, 2.0], [0.0, 3.0]).numpy()
    array([0., 6.], dtype=float32)
    """
    nonzero = piecewise(np.not_equal(value_of(y), 0))
    return where(nonzero, multiply(where(nonzero, x, 0), y), 0)


@composite(tf=("math.log_sigmoid", "nn.log_sigmoid"), elementwise=True)
def log_sigmoid(x: Any) -> Tensor:
    """``tf.math.log_sigmoid``: ``log(sigmoid(x)) = -softplus(-x)``, stable at ±1000.

    >>> ag.math.log_sigmoid([0.0]).numpy()
    array([-0.6931472], dtype=float32)
    """
    return negative(softplus(negative(x)))


@composite(tf=("math.softsign", "nn.softsign"), elementwise=True)
def softsign(x: Any) -> Tensor:
    """``tf.nn.softsign``: ``x / (1 + |x|)``.

    >>> ag.nn.softsign([1.0, -3.0]).numpy()
    array([ 0.5 , -0.75], dtype=float32)
    """
    return x / (1 + abs(x))


@composite(tf="nn.relu6", elementwise=True)
def relu6(x: Any) -> Tensor:
    """``tf.nn.relu6``: ``min(max(x, 0), 6)``.

    >>> ag.nn.relu6([-1.0, 3.0, 8.0]).numpy()
    array([0., 3., 6.], dtype=float32)
    """
    return clip(x, 0, 6)


@composite(tf=("math.reduce_euclidean_norm", "reduce_euclidean_norm"))
def reduce_euclidean_norm(input_tensor: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """``tf.math.reduce_euclidean_norm``: ``sqrt(sum(x²))`` over ``axis``.

    >>> float(ag.reduce_euclidean_norm([3.0, 4.0]))
    5.0
    """
    axis = tuple(axis) if isinstance(axis, list) else axis
    return _norm_of(_tensor(input_tensor), axis, keepdims)


@composite(tf=("math.l2_normalize", "nn.l2_normalize", "linalg.l2_normalize"))
def l2_normalize(x: Any, axis: Any = None, epsilon: float = 1e-12) -> Tensor:
    """``tf.math.l2_normalize``: ``x / sqrt(max(sum(x²), epsilon))`` over ``axis``.

    >>> ag.nn.l2_normalize([3.0, 4.0]).numpy()
    array([0.6, 0.8], dtype=float32)
    """
    x = _tensor(x)
    axis = tuple(axis) if isinstance(axis, list) else axis
    return x / sqrt(maximum(sum(square(x), axis=axis, keepdims=True), epsilon))


@composite(tf=("math.add_n", "add_n"))
def add_n(inputs: Sequence[Any]) -> Tensor:
    """``tf.math.add_n``: the sum of a list of same-shaped Tensors.

    >>> ag.add_n([[1.0, 2.0], [3.0, 4.0]]).numpy()
    array([4., 6.], dtype=float32)
    """
    tensors = [_tensor(t, inputs) for t in inputs]
    total = tensors[0]
    for t in tensors[1:]:
        total = total + t
    return total


@composite(tf="nn.sparse_softmax_cross_entropy_with_logits")
def sparse_softmax_cross_entropy_with_logits(labels: Any, logits: Any) -> Tensor:
    """``tf.nn.sparse_softmax_cross_entropy_with_logits``: per example ``-log softmax(logits)``
    at the integer ``labels`` (no gradient for the labels).

    >>> ag.nn.sparse_softmax_cross_entropy_with_logits([1], [[0.0, 0.0]]).numpy()
    array([0.6931472], dtype=float32)
    """
    logits = _tensor(logits)
    labels = np.asarray(value_of(labels))
    depth = logits.shape[-1]
    _check_indices("sparse_softmax_cross_entropy_with_logits", labels, depth)
    onehot = (labels[..., None] == np.arange(depth)).astype(logits.dtype)
    return softmax_cross_entropy_with_logits(onehot, logits)


@composite(tf="nn.sigmoid_cross_entropy_with_logits")
def sigmoid_cross_entropy_with_logits(labels: Any, logits: Any) -> Tensor:
    """``tf.nn.sigmoid_cross_entropy_with_logits``: elementwise
    ``max(z, 0) - z·labels + log(1 + exp(-|z|))``, stable at ±1000.

    >>> ag.nn.sigmoid_cross_entropy_with_logits([1.0], [0.0]).numpy()
    array([0.6931472], dtype=float32)
    """
    logits = _tensor(logits, (labels,))
    return softplus(logits) - logits * labels


@composite(tf=("math.logical_not", "logical_not"), elementwise=True)
def logical_not(x: Any) -> Tensor:
    """``tf.math.logical_not``; no gradient.

    >>> ag.logical_not([True, False]).numpy()
    array([False,  True])
    """
    return wrap(np.logical_not(value_of(x)))


def _flag_test(test: Any, name: str) -> Any:
    def flag(x: Any) -> Tensor:
        return wrap(test(np.asarray(value_of(x))))
    flag.__name__ = flag.__qualname__ = name
    flag.__doc__ = (f"``tf.math.{name}``, elementwise; a bool Tensor, no gradient.\n\n"
                    f"    >>> ag.math.{name}([1.0, np.nan, np.inf]).numpy().tolist()\n"
                    f"    {test(np.array([1.0, np.nan, np.inf])).tolist()}\n    ")
    return composite(name=name, tf=f"math.{name}", elementwise=True, public=False)(flag)


is_nan = _flag_test(np.isnan, "is_nan")
is_inf = _flag_test(np.isinf, "is_inf")
is_finite = _flag_test(np.isfinite, "is_finite")


@composite(tf="nn.l2_loss")
def l2_loss(t: Any) -> Tensor:
    """``tf.nn.l2_loss``: ``sum(t²) / 2``.

    >>> float(ag.nn.l2_loss([1.0, 2.0]))
    2.5
    """
    return sum(square(_tensor(t))) / 2


@composite(tf="nn.bias_add")
def bias_add(value: Any, bias: Any) -> Tensor:
    """``tf.nn.bias_add``: ``value + bias``, the 1-d ``bias`` along the last axis.

    >>> ag.nn.bias_add([[1.0, 2.0]], [10.0, 20.0]).numpy()
    array([[11., 22.]], dtype=float32)
    """
    bias = _tensor(bias, (value,))
    if bias.ndim != 1 or np.shape(value)[-1] != bias.shape[0]:
        raise ValueError(f"bias_add: bias must be 1-d with the last axis of value "
                         f"({np.shape(value)[-1]}), got shape {bias.shape}")
    return value + bias


@composite(tf="nn.moments")
def moments(x: Any, axes: Any, keepdims: bool = False) -> Tuple[Tensor, Tensor]:
    """``tf.nn.moments``: ``(mean, variance)`` over ``axes`` (the variance divides by n).

    >>> mean, variance = ag.nn.moments([1.0, 2.0, 6.0], axes=[0])
    >>> float(mean), round(float(variance), 4)
    (3.0, 4.6667)
    """
    x = _tensor(x)
    axes = tuple(axes) if isinstance(axes, (list, tuple)) else axes
    centre = x.mean(axis=axes, keepdims=True)
    variance = square(x - centre).mean(axis=axes, keepdims=keepdims)
    return (centre if keepdims else squeeze(centre, axis=axes)), variance
