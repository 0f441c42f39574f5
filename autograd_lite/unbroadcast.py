"""The one helper that sums a gradient back to the shape of the input it belongs to."""
from __future__ import annotations

import functools
from typing import Any, Optional

import numpy as np

from .backend import ARRAY, asarray
from .recording import MODE
from .tensor import Tensor, wrap


def unbroadcast(grad: Any, shape: tuple) -> Any:
    """Sum ``grad`` over the axes that broadcasting added or stretched to reach ``shape``.

    Leading axes that the input did not have are summed away; axes where the input had size 1
    are summed and kept. Written with ``.sum``, which Tensors (as a recorded op, for higher
    derivatives) and the bare arrays of a raw backward pass both have.

    >>> unbroadcast(ag.ones((4, 3)), (3,)).numpy()
    array([4., 4., 4.], dtype=float32)
    """
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    if extra < 0:
        return grad  # cannot be fixed here: fit_gradient reports it
    if extra:
        grad = _sum_leading(grad, extra)
    if 1 in shape:
        stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
        if stretched:
            grad = grad.sum(axis=stretched, keepdims=True)
    return grad


def _sum_leading(grad: Any, extra: int) -> Any:
    """Sum the first ``extra`` axes: with ``.sum``, a recorded op, on Tensors (for higher
    derivatives), in C on the bare arrays of a raw pass. A bias gradient, a float matrix of
    8 rows or more summed over its rows, is one matrix-vector product with a kept vector of
    ones instead: BLAS runs it 1.3 to 2 times faster than NumPy's reduction over axis 0
    (32x128 float32: 0.96 against 1.73 us)."""
    axes = tuple(range(extra)) if extra > 1 else 0
    if type(grad) is not ARRAY:
        return grad.sum(axis=axes)
    if extra == 1 and grad.ndim == 2 and grad.shape[0] >= 8 and grad.dtype in BLAS_FLOATS:
        return ones_vector(grad.shape[0], grad.dtype) @ grad
    return np.add.reduce(grad, axis=axes)  # what .sum calls, without its Python wrapper


def ones_vector(length: int, dtype: np.dtype) -> np.ndarray:
    """A read-only vector of ones: BLAS sums rows or columns as a product with it. Vectors of
    up to 65,536 are kept (16 at most), longer ones made afresh."""
    return _kept_ones(length, dtype) if length <= _KEPT_ONES_AT_MOST else np.ones(length, dtype)


_KEPT_ONES_AT_MOST = 65536


@functools.lru_cache(maxsize=16)
def _kept_ones(length: int, dtype: np.dtype) -> np.ndarray:
    ones = np.ones(length, dtype)
    ones.flags.writeable = False
    return ones


BLAS_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))  # the dtypes BLAS sums


def sum_to(grad: np.ndarray, shape: tuple) -> Optional[np.ndarray]:
    """``unbroadcast`` for a bare array, with the axes to sum worked out once per pair of
    shapes and dtype (the backward walk's bias gradients): the same sums in the same order, so
    the same numbers, for a dictionary lookup instead of unbroadcast's shape arithmetic.
    ``None`` when ``grad`` cannot be summed to ``shape`` (:func:`fit_gradient` says why).

    >>> sum_to(np.ones((4, 2, 3)), (2, 1))
    array([[12.],
           [12.]])
    """
    key = (grad.shape, shape, grad.dtype)
    plan = _PLANS.get(key)
    if plan is None:
        plan = _PLANS[key] = _summing_plan(grad.shape, shape, grad.dtype)
        if len(_PLANS) > _PLANS_AT_MOST:  # shapes that vary every call: drop the oldest
            _PLANS.pop(next(iter(_PLANS)), None)
    if plan is _CANNOT:
        return None
    ones, leading, stretched = plan
    if ones is not None:  # (a length: the vector is too long to keep in a plan)
        grad = (ones if type(ones) is ARRAY else ones_vector(ones, grad.dtype)) @ grad
    elif leading is not None:
        grad = np.add.reduce(grad, axis=leading)
    if stretched:
        grad = np.add.reduce(grad, axis=stretched, keepdims=True)
    return grad


def _summing_plan(grad_shape: tuple, shape: tuple, dtype: np.dtype) -> tuple:
    """What :func:`unbroadcast` does to a ``grad_shape`` array of ``dtype`` to reach ``shape``:
    ``(ones, leading, stretched)``: the vector of ones that sums the rows by BLAS (its length
    when it is too long to keep; else None), the leading axes for ``np.add.reduce`` (else
    None) and the size-1 axes summed with kept dims (else ()); :data:`_CANNOT` where
    broadcasting cannot have made ``grad_shape`` from ``shape``."""
    extra = len(grad_shape) - len(shape)
    if extra < 0 or any(n != 1 and n != m for n, m in zip(shape, grad_shape[extra:])):
        return _CANNOT
    ones = leading = None
    if extra:
        if extra == 1 and len(grad_shape) == 2 and grad_shape[0] >= 8 and dtype in BLAS_FLOATS:
            rows = grad_shape[0]
            ones = ones_vector(rows, dtype) if rows <= _KEPT_ONES_AT_MOST else rows
        else:
            leading = tuple(range(extra)) if extra > 1 else 0
    rest = grad_shape[extra:]
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and rest[i] != 1)
    return ones, leading, stretched


_PLANS: dict = {}
_CANNOT = (None, None, None)
_PLANS_AT_MOST = 256


def fit_gradient(grad: Any, x: Tensor, primitive: Any) -> Any:
    """Make a VJP's result a Tensor of ``x``'s shape and dtype (a bare array in raw mode), or
    say which op got it wrong."""
    shape, dtype = x._value.shape, x._value.dtype  # the array's: no Tensor property calls
    if isinstance(grad, Tensor):
        grad = grad._value if MODE.raw else grad
    else:
        grad = grad if type(grad) is ARRAY else asarray(grad, dtype=dtype)
        grad = grad if MODE.raw else wrap(grad)
    if grad.shape != shape:
        fitted = unbroadcast(grad, shape)
        if fitted.shape != shape:
            raise ValueError(f"{primitive.name}: its gradient has shape {grad.shape}, which cannot "
                             f"be summed back to the input's shape {shape}")
        grad = fitted
    if grad.dtype != dtype:
        # mypy #5345: an op found through ops' module __getattr__ inside an import cycle types
        # as unanalysed.
        grad = _ops.cast(grad, dtype)  # type: ignore[misc]
    return grad


from . import ops as _ops  # noqa: E402  (written with the public ops, so it is recorded too)
