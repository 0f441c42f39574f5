"""Ops that are not arithmetic: casts, stop_gradient, one_hot, comparisons, filled Tensors."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..arguments import ArgumentError, check_count
from ..primitive import composite, op, value_of
from ..tensor import Tensor, as_dtype, wrap


@op(vjp=lambda upstream, out, x, dtype: cast(upstream, np.asarray(value_of(x)).dtype),
    local="1", tf="dtypes.cast", elementwise=True)
def cast(x, dtype=None):
    """``x`` converted to ``dtype``; the gradient is cast back to ``x``'s dtype.

    >>> ag.cast([1, 2], "float32").numpy()
    array([1., 2.], dtype=float32)
    """
    return np.asarray(x).astype(as_dtype(dtype, "cast"), copy=False)


@op(elementwise=True)
def stop_gradient(x):
    """The value of ``x``, through which no gradient flows.

    >>> ag.stop_gradient([1.0]).numpy()
    array([1.], dtype=float32)
    """
    return x


@op()
def one_hot(indices, depth=None):
    """float32 rows with a 1 at each index (an index outside ``[0, depth)`` gives a zero row).

    >>> ag.one_hot([0, 2], 3).numpy()
    array([[1., 0., 0.],
           [0., 0., 1.]], dtype=float32)
    """
    indices = np.asarray(indices)
    if indices.dtype.kind not in "iuf":
        raise TypeError(f"one_hot: indices must be integers, got dtype {indices.dtype}")
    if indices.dtype.kind == "f" and not np.all(np.mod(indices, 1) == 0):
        bad = indices[np.mod(indices, 1) != 0].ravel()[0]  # (NaN too)
        raise ArgumentError(f"one_hot: indices must be whole numbers, got {bad} among the "
                            f"{indices.dtype} indices")
    depth = check_count(depth, "one_hot", "depth")
    return (indices[..., None] == np.arange(depth)).astype(np.float32)


def _comparison(name: str, ufunc: np.ufunc, symbol: str) -> Any:
    def compare(x, y):
        return ufunc(x, y)
    compare.__name__ = compare.__qualname__ = name
    compare.__doc__ = (f"``x {symbol} y`` elementwise, as a bool Tensor; not differentiable.\n\n"
                       f"    >>> ag.{name}([1.0, 2.0], 1.0).dtype\n    dtype('bool')\n    ")
    return op(mismatch="cannot be broadcast together", numpy=ufunc, tf=f"math.{name}",
              elementwise=True)(compare)


equal = _comparison("equal", np.equal, "==")
not_equal = _comparison("not_equal", np.not_equal, "!=")
less = _comparison("less", np.less, "<")
less_equal = _comparison("less_equal", np.less_equal, "<=")
greater = _comparison("greater", np.greater, ">")
greater_equal = _comparison("greater_equal", np.greater_equal, ">=")
logical_and = _comparison("logical_and", np.logical_and, "and")
logical_or = _comparison("logical_or", np.logical_or, "or")


@composite()
def zeros(shape: Any, dtype: Any = "float32") -> Tensor:
    """A Tensor of zeros.

    >>> ag.zeros((2,)).numpy()
    array([0., 0.], dtype=float32)
    """
    return wrap(np.zeros(shape, dtype=as_dtype(dtype, "zeros")))


@composite()
def ones(shape: Any, dtype: Any = "float32") -> Tensor:
    """A Tensor of ones.

    >>> ag.ones((2,)).numpy()
    array([1., 1.], dtype=float32)
    """
    return wrap(np.ones(shape, dtype=as_dtype(dtype, "ones")))


@composite()
def zeros_like(x: Any, dtype: Any = None) -> Tensor:
    """Zeros with the shape (and dtype, unless given) of ``x``.

    >>> ag.zeros_like(ag.ones((2,))).numpy()
    array([0., 0.], dtype=float32)
    """
    return wrap(np.zeros(np.shape(x), dtype=as_dtype(dtype, "zeros_like") or _dtype_of(x)))


@composite()
def ones_like(x: Any, dtype: Any = None) -> Tensor:
    """Ones with the shape (and dtype, unless given) of ``x``.

    >>> ag.ones_like(ag.zeros((2,))).numpy()
    array([1., 1.], dtype=float32)
    """
    return wrap(np.ones(np.shape(x), dtype=as_dtype(dtype, "ones_like") or _dtype_of(x)))


def _dtype_of(x: Any) -> np.dtype:
    return x.dtype if isinstance(x, (Tensor, np.ndarray)) else np.asarray(value_of(x)).dtype
