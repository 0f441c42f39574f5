"""Linear algebra: matrix products and axis permutations."""
from __future__ import annotations

import numpy as np

from ..primitive import op
from .shape import expand_dims, reshape, squeeze


def _as_matrices(upstream, a, b):
    """Give 1-d operands the matrix shape NumPy's matmul gives them: (k,) @ ... as (1, k),
    ... @ (k,) as (k, 1), with the upstream gradient reshaped to the matrix product's shape
    (a reshape, not expand_dims: a vector . vector upstream is 0-d)."""
    if a.ndim > 1 and b.ndim > 1:
        return upstream, a, b
    if a.ndim == 1:
        a = expand_dims(a, axis=0)
    if b.ndim == 1:
        b = expand_dims(b, axis=-1)
    shape = np.broadcast_shapes(a.shape[:-2], b.shape[:-2]) + (a.shape[-2], b.shape[-1])
    return reshape(upstream, shape=shape), a, b


def _matmul_vjp_a(upstream, out, a, b):
    if a.ndim == 2 and b.ndim == 2:
        return upstream @ b.T  # the common case, written as NumPy would
    up, a2, b2 = _as_matrices(upstream, a, b)
    grad = matmul(up, swapaxes(b2))
    return squeeze(grad, axis=-2) if a.ndim == 1 else grad


def _matmul_vjp_b(upstream, out, a, b):
    if a.ndim == 2 and b.ndim == 2:
        return a.T @ upstream
    up, a2, b2 = _as_matrices(upstream, a, b)
    grad = matmul(swapaxes(a2), up)
    return squeeze(grad, axis=-1) if b.ndim == 1 else grad


@op(vjp=(_matmul_vjp_a, _matmul_vjp_b), local=("upstream @ bᵀ", "aᵀ @ upstream"),
    mismatch="are not aligned", numpy=np.matmul)
def matmul(a, b):
    """Matrix product as NumPy's ``a @ b``: 2-d, batched n-d (broadcast batch axes) and 1-d.

    >>> ag.matmul([[1.0, 2.0]], [[3.0], [4.0]]).numpy()
    array([[11.]], dtype=float32)
    """
    return np.matmul(a, b)  # scalars raise: "matmul: shapes () and (2,) are not aligned"


def swapaxes(x):
    """Swap the last two axes (the matrix transpose of a batch of matrices)."""
    if x.ndim == 2:
        return transpose(x)
    axes = list(range(x.ndim))
    axes[-2], axes[-1] = axes[-1], axes[-2]
    return transpose(x, axes=tuple(axes))


def _transpose_vjp(upstream, out, x, axes=None, perm=None):
    axes = axes if perm is None else perm
    if axes is None:
        return transpose(upstream)
    # Negative axes count from the end: normalise before inverting the permutation.
    ndim = np.ndim(x)
    return transpose(upstream, tuple(int(i) for i in np.argsort([a % ndim for a in axes])))


@op(vjp=_transpose_vjp, local="permute back", numpy=np.transpose)
def transpose(x, axes=None, perm=None):
    """Permute axes (reverse them when ``axes`` is None), as ``np.transpose``; ``perm`` is
    TF's name for ``axes``.

    >>> ag.transpose(ag.ones((2, 3, 4)), perm=(2, 0, 1)).shape
    (4, 2, 3)
    """
    if perm is not None:
        if axes is not None:
            raise TypeError("transpose: give the permutation as axes or as perm, not both")
        axes = perm
    return np.transpose(x, axes)
