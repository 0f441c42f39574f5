"""``scipy.linalg`` on the tape (``autograd_lite.scipy.linalg``): triangular and Cholesky
solves, the Sylvester equation, the matrix square root and exponential. SciPy's forwards,
imported on first use; each VJP is written with these ops, so second derivatives come free.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..primitive import composite, op, piecewise, value_of
from .special import scipy_module


def _trans_flag(trans: Any) -> int:
    """SciPy's ``trans`` (0/'N', 1/'T', 2/'C') as 0 or 1: real matrices only."""
    flags = {0: 0, 1: 1, 2: 1, "N": 0, "T": 1, "C": 1}
    if trans not in flags:
        raise ValueError(f"solve_triangular: trans must be 0, 1, 2, 'N', 'T' or 'C', got "
                         f"{trans!r}")
    return flags[trans]


def _triangle(grad, lower: bool, unit_diagonal: bool):
    """``grad`` on the triangle that is read (without the diagonal when it is taken as 1)."""
    n = np.shape(grad)[-1]
    mask = np.tri(n, k=-1 if unit_diagonal else 0)
    mask = mask if lower else mask.T
    return grad * piecewise(mask.astype(np.result_type(value_of(grad).dtype, np.float32)))


def _solve_triangular_vjp_b(upstream, out, a, b, trans=0, lower=False, unit_diagonal=False):
    # x = op(A)⁻¹ b, so b̄ = op(A)⁻ᵀ x̄: the same triangle, the other transpose
    if np.ndim(b) == 1 and np.ndim(a) > 2:
        upstream = expand_dims(upstream, axis=-1)
        grad = solve_triangular(a, upstream, trans=1 - _trans_flag(trans), lower=lower,
                                unit_diagonal=unit_diagonal)
        return squeeze(grad, axis=-1)
    return solve_triangular(a, upstream, trans=1 - _trans_flag(trans), lower=lower,
                            unit_diagonal=unit_diagonal)


def _solve_triangular_vjp_a(upstream, out, a, b, trans=0, lower=False, unit_diagonal=False):
    grad_b = _solve_triangular_vjp_b(upstream, out, a, b, trans, lower, unit_diagonal)
    if np.ndim(b) == 1:
        grad_op = -(expand_dims(grad_b, axis=-1) * expand_dims(out, axis=-2))
    else:
        grad_op = -(grad_b @ swapaxes(out))
    grad = swapaxes(grad_op) if _trans_flag(trans) else grad_op
    return _triangle(grad, lower, unit_diagonal)


@op(vjp=(_solve_triangular_vjp_a, _solve_triangular_vjp_b),
    local=("-tri(op(A)⁻ᵀx̄ xᵀ)", "op(A)⁻ᵀ x̄"), scipy="linalg.solve_triangular",
    public=False)
def solve_triangular(a, b, trans=0, lower=False, unit_diagonal=False):
    """``x`` with ``op(a) @ x = b`` for a triangular ``a`` (only its ``lower`` or upper triangle
    is read; ``op`` transposes when ``trans`` is 1/'T'/'C'; ``unit_diagonal`` takes the
    diagonal as ones), as ``scipy.linalg.solve_triangular``. The gradient of ``a`` lies on the
    triangle read.

    >>> solve_triangular([[2.0, 0.0], [1.0, 1.0]], [2.0, 3.0], lower=True).numpy()
    array([1., 2.], dtype=float32)
    """
    return scipy_module("linalg").solve_triangular(a, b, trans=trans, lower=lower,
                                                   unit_diagonal=unit_diagonal)


@composite(scipy="linalg.cho_factor", public=False)
def cho_factor(a, lower: bool = False, overwrite_a: bool = False,
               check_finite: bool = True) -> tuple:
    """``(c, lower)``: the Cholesky factor of a symmetric positive-definite ``a`` (upper
    ``U`` with ``a = UᵀU`` unless ``lower``) for :func:`cho_solve`, as
    ``scipy.linalg.cho_factor``. SciPy leaves arbitrary numbers in the other triangle; here
    it holds zeros.

    >>> c, lower = cho_factor([[4.0, 2.0], [2.0, 5.0]])
    >>> c.numpy()
    array([[2., 1.],
           [0., 2.]], dtype=float32)
    """
    return cholesky(a, upper=not lower), lower


@composite(scipy="linalg.cho_solve", public=False)
def cho_solve(c_and_lower: tuple, b, overwrite_b: bool = False,
              check_finite: bool = True) -> Any:
    """``x`` with ``a @ x = b`` from ``cho_factor(a)``'s ``(c, lower)``, as
    ``scipy.linalg.cho_solve``: two triangular solves (reading only ``c``'s triangle).

    >>> cho_solve(cho_factor([[4.0, 2.0], [2.0, 5.0]]), [6.0, 7.0]).numpy()
    array([1., 1.], dtype=float32)
    """
    c, lower = c_and_lower
    if lower:  # a = L Lᵀ
        return solve_triangular(c, solve_triangular(c, b, lower=True), trans=1, lower=True)
    return solve_triangular(c, solve_triangular(c, b, trans=1), lower=False)  # a = UᵀU


@composite(scipy="linalg.solve_banded", public=False)
def solve_banded(l_and_u: tuple, ab, b, overwrite_ab: bool = False, overwrite_b: bool = False,
                 check_finite: bool = True) -> Any:
    """``x`` with ``a @ x = b`` for a banded ``a`` given in SciPy's diagonal-ordered form
    ``ab`` (``a[i, j] = ab[u + i - j, j]``, ``l`` sub- and ``u`` super-diagonals), as
    ``scipy.linalg.solve_banded``. The band is laid into a dense matrix (a gather, so ``ab``
    gets its gradient) and solved densely: fine for the small systems of a model, not a
    banded solver's O(n) speed.

    >>> solve_banded((1, 0), [[2.0, 4.0], [1.0, 0.0]], [2.0, 5.0]).numpy()  # [[2, 0], [1, 4]]
    array([1., 1.], dtype=float32)
    """
    lower, upper = (int(k) for k in l_and_u)
    ab = as_input(ab, "solve_banded")
    if np.ndim(ab) != 2 or np.shape(ab)[0] != lower + upper + 1:
        raise ValueError(f"solve_banded: ab must have l + u + 1 = {lower + upper + 1} rows, "
                         f"got shape {np.shape(ab)}")
    n = np.shape(ab)[1]
    i, j = np.indices((n, n))
    rows = upper + i - j
    inside = (rows >= 0) & (rows <= lower + upper)
    dense = getitem(ab, (np.where(inside, rows, 0), j)) * piecewise(
        inside.astype(np.result_type(ab.dtype, np.float32)))
    return solve(dense, b)


@composite(tf="linalg.triangular_solve", public=False)
def triangular_solve_tf(matrix, rhs, lower: bool = True, adjoint: bool = False) -> Any:
    """``tf.linalg.triangular_solve``: ``x`` with ``matrix @ x = rhs`` (``matrixᵀ`` with
    ``adjoint=True``), reading the ``lower`` (default) or upper triangle; ``rhs`` is a batch of
    matrices ``(..., M, K)``.

    >>> triangular_solve_tf([[2.0, 0.0], [1.0, 1.0]], [[2.0], [3.0]]).numpy()
    array([[1.],
           [2.]], dtype=float32)
    """
    return solve_triangular(matrix, rhs, trans=1 if adjoint else 0, lower=lower)


@composite(tf="linalg.cholesky_solve", public=False)
def cholesky_solve_tf(chol, rhs) -> Any:
    """``tf.linalg.cholesky_solve``: ``x`` with ``A @ x = rhs`` from ``chol``, the lower
    Cholesky factor of ``A`` (``ag.linalg.cholesky(A)``).

    >>> cholesky_solve_tf([[2.0, 0.0], [1.0, 2.0]], [[6.0], [7.0]]).numpy()
    array([[1.],
           [1.]], dtype=float32)
    """
    return cho_solve((chol, True), rhs)


@op(vjp=(lambda upstream, out, a, b, q: -(_sylvester_q(upstream, a, b) @ swapaxes(out)),
         lambda upstream, out, a, b, q: -(swapaxes(out) @ _sylvester_q(upstream, a, b)),
         lambda upstream, out, a, b, q: _sylvester_q(upstream, a, b)),
    local=("-Q̄Xᵀ", "-XᵀQ̄", "Q̄: AᵀQ̄ + Q̄Bᵀ = upstream"), scipy="linalg.solve_sylvester",
    public=False)
def solve_sylvester(a, b, q):
    """``X`` with ``a @ X + X @ b = q``, as ``scipy.linalg.solve_sylvester``.

    d(AX + XB) = dQ gives A dX + dX B = dQ - dA X - X dB, so the gradients are
    ``Q̄`` solving the transposed equation ``Aᵀ Q̄ + Q̄ Bᵀ = upstream``, ``Ā = -Q̄ Xᵀ`` and
    ``B̄ = -Xᵀ Q̄``.

    >>> solve_sylvester([[1.0, 0.0], [0.0, 2.0]], [[1.0, 0.0], [0.0, 1.0]],
    ...                 [[2.0, 2.0], [3.0, 6.0]]).numpy()
    array([[1., 1.],
           [1., 2.]], dtype=float32)
    """
    return scipy_module("linalg").solve_sylvester(a, b, q)


def _sylvester_q(upstream, a, b):
    return solve_sylvester(swapaxes(a), swapaxes(b), upstream)


@op(vjp=lambda upstream, out, a: solve_sylvester(swapaxes(out), swapaxes(out), upstream),
    local="Ā: XᵀĀ + ĀXᵀ = upstream", scipy="linalg.sqrtm", tf="linalg.sqrtm", public=False)
def sqrtm(a):
    """The principal square root ``X`` (``X @ X = a``) of a matrix whose square root is real,
    as ``scipy.linalg.sqrtm``. X dX + dX X = dA, so the gradient solves the Sylvester
    equation ``Xᵀ Ā + Ā Xᵀ = upstream``.

    >>> sqrtm([[4.0, 0.0], [0.0, 9.0]]).numpy()
    array([[2., 0.],
           [0., 3.]], dtype=float32)
    """
    root = scipy_module("linalg").sqrtm(a)
    if np.iscomplexobj(root):
        raise TypeError("sqrtm: the square root of this matrix is complex (a negative real "
                        "eigenvalue); complex values are not supported")
    return root


def _expm_vjp(upstream, out, a):
    # The adjoint of expm's Fréchet derivative is expm's own on a block matrix:
    # expm([[Aᵀ, G], [0, Aᵀ]]) holds it in the upper right block (Najfeld and Havel)
    n = np.shape(a)[-1]
    a_t = swapaxes(a)
    zeros = piecewise(np.zeros(np.shape(a), dtype=np.result_type(value_of(a).dtype,
                                                                  np.float32)))
    block = concat([concat([a_t, upstream], axis=-1), concat([zeros, a_t], axis=-1)], axis=-2)
    return expm(block)[..., :n, n:]


@op(vjp=_expm_vjp, local="expm([[Aᵀ, upstream], [0, Aᵀ]])[:n, n:]", scipy="linalg.expm",
    tf="linalg.expm", public=False)
def expm(a):
    """The matrix exponential ``Σ aᵏ/k!`` (of each matrix in a stack), as
    ``scipy.linalg.expm``.

    >>> expm([[0.0, 1.0], [0.0, 0.0]]).numpy()
    array([[1., 1.],
           [0., 1.]], dtype=float32)
    """
    return scipy_module("linalg").expm(a)


from .inputs import as_input  # noqa: E402
from .linalg import cholesky, solve, swapaxes  # noqa: E402
from .shape import concat, expand_dims, getitem, squeeze  # noqa: E402
