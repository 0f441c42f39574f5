"""Linear algebra: matrix products, axis permutations and ``np.linalg`` (``anp.linalg``,
``ag.linalg`` under TF's names), every function batched over leading axes where NumPy is.

Each VJP is written with the public ops, so second derivatives come free; ``A⁻ᵀ`` and friends
are solves, never explicit inverses, where a solve does.

Factorisations with several outputs (``slogdet``, ``eigh``, ``svd``, ``qr``) are one primitive
each whose output is the factors stacked into one array (``eigh_factors`` gives ``[w; V]`` of
shape ``(..., n + 1, n)``); the public function is a composite that slices the factors out with
indexing. We chose this over one primitive per output sharing a cached factorisation because
it factorises once without a cache to key and invalidate, the VJP sees every factor (its
``out``) and the upstream gradient of every output at once (indexing's VJP fills the unused
parts with zeros), and the slicing is recorded like any op, so second derivatives need nothing
special. The price: a graph picture shows the stacked factors as one value.

Where a factor's gradient is undefined (repeated eigenvalues or singular values, a zero
singular value) the rule uses 0 for the undefined terms: the gradients of eigenvalues and
singular values alone stay exact there (``norm(x, 2)`` of a matrix with a repeated top singular
value), while those of eigenvectors and singular vectors are not defined by the math.

NumPy reads only one triangle in ``cholesky`` and ``eigh`` (``UPLO``); their gradients are
those of what NumPy computes, as TF's are: zero in the unread triangle, off-diagonal entries
of the read one counting twice.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..primitive import MODE, composite, op, piecewise, value_of
from ..tensor import Tensor, constant
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



# --- np.linalg ------------------------------------------------------------------------------
def _mT(x):
    """The matrix transpose of ``x``'s last two axes (``x.mT``)."""
    return swapaxes(x)


def _eye(n: int, like) -> Any:
    return piecewise(np.eye(n, dtype=np.result_type(value_of(like).dtype, np.float32)))


def _tril_mask(n: int, like, k: int = 0) -> Any:
    return piecewise(np.tri(n, k=k, dtype=np.result_type(value_of(like).dtype, np.float32)))


def _scale_matrices(x):
    """A batch of numbers as a batch of 1x1 matrices (broadcasts against the matrices)."""
    return expand_dims(x, axis=(-2, -1))


def _solve_right(a, b):
    """``b @ inv(a)``, as a solve: ``(a⁻ᵀ bᵀ)ᵀ``."""
    return _mT(solve(_mT(a), _mT(b)))


def _matrix_input(name: str, x) -> Any:
    """A composite's input as a Tensor (a list of Tensors is stacked), checked to be matrices."""
    x = as_tensor(x)
    if x.ndim < 2:
        raise ValueError(f"{name}: expected an array of at least 2 dimensions (a matrix or a "
                         f"stack of them), got shape {x.shape}")
    return x


def as_tensor(x) -> Any:
    """``x`` as a Tensor for a composite: a Tensor as it is, a list holding Tensors stacked (so
    it stays on the tape), anything else as ``ag.constant``; in a raw pass a bare array."""
    if isinstance(x, Tensor):
        return x
    if MODE.raw:
        return np.asarray(x)
    if isinstance(x, (list, tuple)) and any(isinstance(v, Tensor) or isinstance(v, (list, tuple))
                                            for v in x):
        return stack([as_tensor(v) for v in x])
    return constant(x)


@op(vjp=lambda upstream, out, a: -(_mT(out) @ upstream @ _mT(out)), local="-A⁻ᵀ·upstream·A⁻ᵀ",
    numpy=np.linalg.inv, public=False)
def inv(a):
    """The inverse of a square matrix (or of each in a stack), as ``np.linalg.inv``.

    d(A⁻¹) = -A⁻¹ dA A⁻¹, so the gradient is ``-A⁻ᵀ upstream A⁻ᵀ``.

    >>> inv([[2.0, 0.0], [0.0, 4.0]]).numpy()
    array([[0.5 , 0.  ],
           [0.  , 0.25]], dtype=float32)
    """
    return np.linalg.inv(a)


def _pinv_vjp(upstream, out, a, rcond=None, hermitian=False, rtol=None):
    # d(A⁺) for constant rank (Golub and Pereyra): -A⁺ dA A⁺ + A⁺A⁺ᵀ dAᵀ (I - A A⁺)
    # + (I - A⁺A) dAᵀ A⁺ᵀA⁺, each term moved to dA by the trace's cyclic rule.
    m, n = np.shape(a)[-2:]
    x, x_t, up_t = out, _mT(out), _mT(upstream)
    left = _eye(m, out) - a @ x
    right = _eye(n, out) - x @ a
    return -(x_t @ upstream @ x_t) + left @ up_t @ (x @ x_t) + (x_t @ x) @ up_t @ right


@op(vjp=_pinv_vjp, local="-A⁺ᵀ·upstream·A⁺ᵀ + projections", numpy=np.linalg.pinv,
    public=False)
def pinv(a, rcond=None, hermitian=False, rtol=None):
    """The Moore-Penrose pseudo-inverse, as ``np.linalg.pinv`` (singular values at most
    ``rtol`` (or ``rcond``) times the largest count as zero). The gradient assumes the rank does
    not change near ``a``, as every smooth formula must.

    >>> pinv([[1.0, 0.0], [0.0, 0.0]]).numpy()
    array([[1., 0.],
           [0., 0.]], dtype=float32)
    """
    if rtol is None:
        return np.linalg.pinv(a, rcond=rcond, hermitian=hermitian)
    return np.linalg.pinv(a, rcond=rcond, hermitian=hermitian, rtol=rtol)


def _solved_vectors(out, a) -> bool:
    """Did ``solve`` take ``b`` as vectors? Then ``x`` has one axis fewer than ``a`` (NumPy 2
    does so for a 1-d ``b``, NumPy 1 also for a stack of them)."""
    return np.ndim(out) < np.ndim(a)


def _solve_vjp_b(upstream, out, a, b):
    if _solved_vectors(out, a):
        return squeeze(solve(_mT(a), expand_dims(upstream, axis=-1)), axis=-1)
    return solve(_mT(a), upstream)


def _solve_vjp_a(upstream, out, a, b):
    grad_b = _solve_vjp_b(upstream, out, a, b)
    if _solved_vectors(out, a):
        return -(expand_dims(grad_b, axis=-1) * expand_dims(out, axis=-2))
    return -(grad_b @ _mT(out))


@op(vjp=(_solve_vjp_a, _solve_vjp_b), local=("-(A⁻ᵀ·upstream)·xᵀ", "A⁻ᵀ·upstream"),
    numpy=np.linalg.solve, public=False)
def solve(a, b):
    """``x`` with ``a @ x = b``, as ``np.linalg.solve``: ``b`` of shape ``(..., M, K)``, or
    ``(M,)`` for one vector (NumPy 2's rule); batch axes broadcast.

    Gradients: ``b̄ = A⁻ᵀ upstream`` (a solve with ``Aᵀ``) and ``Ā = -b̄ xᵀ``.

    >>> solve([[2.0, 0.0], [0.0, 4.0]], [2.0, 2.0]).numpy()
    array([1. , 0.5], dtype=float32)
    """
    return np.linalg.solve(a, b)


@op(vjp=lambda upstream, out, a: _scale_matrices(upstream * out) * _mT(inv(a)),
    local="det(A)·A⁻ᵀ", numpy=np.linalg.det, tf="linalg.det", public=False)
def det(a):
    """The determinant of a square matrix (or of each in a stack), as ``np.linalg.det``.
    Jacobi's formula: d det(A) = det(A) tr(A⁻¹ dA), so the gradient is ``det(A) A⁻ᵀ``
    (a singular ``a`` has no inverse: use ``slogdet`` near singularity).

    >>> float(det([[1.0, 2.0], [3.0, 4.0]]))
    -2.0
    """
    return np.linalg.det(a)


@op(vjp=lambda upstream, out, a: _scale_matrices(upstream[..., 1]) * _mT(inv(a)),
    local="(0, A⁻ᵀ)", public=False)
def slogdet_pair(a):
    """``slogdet``'s two outputs stacked on a last axis: ``[..., 0]`` the sign (its gradient is
    zero) and ``[..., 1]`` ``log|det a|`` (its gradient ``A⁻ᵀ``).

    >>> slogdet_pair([[1.0, 2.0], [3.0, 4.0]]).numpy()
    array([-1.       ,  0.6931472], dtype=float32)
    """
    sign, logabsdet = np.linalg.slogdet(a)
    return np.stack([sign, logabsdet], axis=-1)


@composite(numpy=np.linalg.slogdet, tf="linalg.slogdet", public=False)
def slogdet(a) -> tuple:
    """``(sign, logabsdet)`` of the determinant, as ``np.linalg.slogdet`` (and
    ``tf.linalg.slogdet``): ``det = sign * exp(logabsdet)`` without overflow.

    >>> sign, logabsdet = slogdet([[1.0, 2.0], [3.0, 4.0]])
    >>> float(sign), round(float(logabsdet), 6)
    (-1.0, 0.693147)
    """
    pair = slogdet_pair(a)
    return pair[..., 0], pair[..., 1]


def _phi(x, n):
    """The lower triangle of ``x`` with its diagonal halved."""
    return x * _tril_mask(n, x, -1) + 0.5 * x * _eye(n, x)


def _lower_read_gradient(sym, n):
    """The gradient of a function of a symmetric matrix whose lower triangle alone is read,
    from ``sym`` (its gradient for a symmetric change, times two): off-diagonal lower entries
    take ``sym``, the diagonal half of it, the upper triangle 0."""
    return sym * _tril_mask(n, sym, -1) + 0.5 * sym * _eye(n, sym)


def _cholesky_vjp(upstream, out, a, upper=False):
    if upper:  # U = Lᵀ of the transposed input: the lower rule, transposed back
        return _mT(_cholesky_vjp(_mT(upstream), _mT(out), _mT(a)))
    n = np.shape(a)[-1]
    # Ā (symmetric) = ½ L⁻ᵀ Φ(Lᵀ L̄) L⁻¹ + its transpose; Φ: lower triangle, half diagonal
    middle = solve(_mT(out), _phi(_mT(out) @ upstream, n))
    s = _mT(solve(_mT(out), _mT(middle)))
    return _lower_read_gradient(s + _mT(s), n)


@op(vjp=_cholesky_vjp, local="L⁻ᵀ·Φ(Lᵀ·upstream)·L⁻¹", numpy=np.linalg.cholesky,
    tf="linalg.cholesky", public=False)
def cholesky(a, upper=False):
    """The Cholesky factor ``L`` (lower, ``a = L Lᵀ``; with ``upper=True`` ``U = Lᵀ``) of a
    symmetric positive-definite matrix, as ``np.linalg.cholesky`` (which reads only the lower
    triangle, or the upper one with ``upper=True``).

    >>> cholesky([[4.0, 2.0], [2.0, 5.0]]).numpy()
    array([[2., 0.],
           [1., 2.]], dtype=float32)
    """
    if upper:
        return np.linalg.cholesky(a, upper=True)
    return np.linalg.cholesky(a)


def _spectral_gaps(values):
    """``F[i, j] = 1 / (values[j] - values[i])`` off the diagonal, 0 on it and where two values
    are equal (those terms of a vector's gradient are undefined)."""
    gaps = expand_dims(values, axis=-2) - expand_dims(values, axis=-1)
    equal = value_of(gaps) == 0
    return piecewise(~equal) / where(equal, 1, gaps)


def _eigh_vjp(upstream, out, a, UPLO="L"):
    n = np.shape(a)[-1]
    w, v = out[..., 0, :], out[..., 1:, :]
    grad_w, grad_v = upstream[..., 0, :], upstream[..., 1:, :]
    # Ā = V (diag(w̄) + F ∘ Vᵀ V̄) Vᵀ, F[i, j] = 1 / (w_j - w_i)
    inner = expand_dims(grad_w, axis=-2) * _eye(n, out) + _spectral_gaps(w) * (_mT(v) @ grad_v)
    full = v @ inner @ _mT(v)
    grad = _lower_read_gradient(full + _mT(full), n)
    return grad if UPLO == "L" else _mT(grad)


@op(vjp=_eigh_vjp, local="V(diag(w̄) + F∘VᵀV̄)Vᵀ", public=False)
def eigh_factors(a, UPLO="L"):
    """``eigh``'s outputs stacked: row 0 the eigenvalues (ascending), rows 1.. the eigenvectors
    as columns, shape ``(..., n + 1, n)``.

    >>> eigh_factors([[2.0, 0.0], [0.0, 1.0]]).numpy()
    array([[1., 2.],
           [0., 1.],
           [1., 0.]], dtype=float32)
    """
    if UPLO not in ("L", "U"):
        raise ValueError(f"eigh: UPLO must be 'L' or 'U', got {UPLO!r}")
    w, v = np.linalg.eigh(a, UPLO=UPLO)
    return np.concatenate([w[..., None, :], v], axis=-2)


@composite(numpy=np.linalg.eigh, tf="linalg.eigh", public=False)
def eigh(a, UPLO: str = "L") -> tuple:
    """Eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix, as
    ``np.linalg.eigh`` (and ``tf.linalg.eigh``), reading the ``UPLO`` triangle only.

    Differentiable in both outputs. An eigenvector is fixed only up to its sign (and, for a
    repeated eigenvalue, up to a rotation), so only functions that do not depend on that choice
    (``v * v``, ``v @ diag(f(w)) @ vᵀ``) have a well-defined gradient.

    >>> w, v = eigh([[2.0, 1.0], [1.0, 2.0]])
    >>> w.numpy()
    array([1., 3.], dtype=float32)
    """
    factors = eigh_factors(_matrix_input("eigh", a), UPLO=UPLO)
    return factors[..., 0, :], factors[..., 1:, :]


@composite(numpy=np.linalg.eigvalsh, tf="linalg.eigvalsh", public=False)
def eigvalsh(a, UPLO: str = "L") -> Tensor:
    """The eigenvalues of a symmetric matrix, ascending, as ``np.linalg.eigvalsh``.

    >>> eigvalsh([[2.0, 1.0], [1.0, 2.0]]).numpy()
    array([1., 3.], dtype=float32)
    """
    return eigh(a, UPLO=UPLO)[0]


def _safe_reciprocal(x):
    zero = value_of(x) == 0
    return piecewise(~zero) / where(zero, 1, x)


def _svd_vjp(upstream, out, a, hermitian=False):
    m, n = np.shape(a)[-2:]
    k = min(m, n)
    u, s, v = out[..., :m, :], out[..., m, :], out[..., m + 1:, :]
    grad_u, grad_s, grad_v = upstream[..., :m, :], upstream[..., m, :], upstream[..., m + 1:, :]
    # Townsend (2016): Ā = U[(J + Jᵀ)S + diag(s̄) + S(K + Kᵀ)]Vᵀ
    #   + (I - UUᵀ)Ū S⁻¹Vᵀ + U S⁻¹V̄ᵀ(I - VVᵀ),  J = F∘UᵀŪ, K = F∘VᵀV̄, F[i, j] = 1/(s_j² - s_i²)
    gaps = _spectral_gaps(s * s)
    j = gaps * (_mT(u) @ grad_u)
    kk = gaps * (_mT(v) @ grad_v)
    row_s, col_s = expand_dims(s, axis=-2), expand_dims(s, axis=-1)
    core = (j + _mT(j)) * row_s + expand_dims(grad_s, axis=-2) * _eye(k, out) \
        + col_s * (kk + _mT(kk))
    grad = u @ core @ _mT(v)
    inverse_s = _safe_reciprocal(s)
    if m > k:  # U's columns do not span the whole space: the part of Ū outside them
        grad = grad + (grad_u - u @ (_mT(u) @ grad_u)) * expand_dims(inverse_s, axis=-2) @ _mT(v)
    if n > k:
        grad = grad + u @ (expand_dims(inverse_s, axis=-1) * _mT(grad_v - v @ (_mT(v) @ grad_v)))
    return grad


@op(vjp=_svd_vjp, local="U(sym(F∘UᵀŪ)S + diag(s̄) + S·sym(F∘VᵀV̄))Vᵀ + ...", public=False)
def svd_factors(a, hermitian=False):
    """The thin SVD's factors stacked: ``[U; s; V]`` of shape ``(..., m + 1 + n, k)``,
    ``k = min(m, n)`` (``V`` is ``Vhᵀ``: every factor has ``k`` columns).

    >>> svd_factors([[3.0, 0.0], [0.0, 2.0]]).numpy()
    array([[1., 0.],
           [0., 1.],
           [3., 2.],
           [1., 0.],
           [0., 1.]], dtype=float32)
    """
    u, s, vh = np.linalg.svd(a, full_matrices=False, hermitian=hermitian)
    return np.concatenate([u, s[..., None, :], np.swapaxes(vh, -1, -2)], axis=-2)


@composite(numpy=np.linalg.svd, public=False)
def svd(a, full_matrices: bool = True, compute_uv: bool = True, hermitian: bool = False) -> Any:
    """``(U, S, Vh)`` with ``a = U @ diag(S) @ Vh``, as ``np.linalg.svd``; ``S`` alone with
    ``compute_uv=False``. Differentiable in all three; ``full_matrices=True`` (NumPy's
    default) is the thin SVD for square matrices, and for others the extra columns are not
    differentiable: pass ``full_matrices=False``.

    Singular vectors are fixed only up to sign: only functions that do not depend on it have a
    well-defined gradient.

    >>> u, s, vh = svd([[3.0, 0.0], [0.0, -2.0]])
    >>> s.numpy()
    array([3., 2.], dtype=float32)
    """
    a = _matrix_input("svd", a)
    m, n = a.shape[-2:]
    factors = svd_factors(a, hermitian=hermitian)
    s = factors[..., m, :]
    if not compute_uv:
        return s
    if full_matrices and m != n:
        raise ValueError(f"svd: full_matrices=True of a {m}x{n} matrix adds columns that have "
                         "no gradient; pass full_matrices=False (the thin SVD)")
    return factors[..., :m, :], s, _mT(factors[..., m + 1:, :])


@composite(tf="linalg.svd", public=False)
def svd_tf(tensor, full_matrices: bool = False, compute_uv: bool = True) -> Any:
    """``tf.linalg.svd``: ``(s, u, v)`` (``v`` not transposed: ``a = u @ diag(s) @ vᵀ``), or
    ``s`` alone with ``compute_uv=False``.

    >>> s, u, v = svd_tf([[3.0, 0.0], [0.0, 2.0]])
    >>> s.numpy()
    array([3., 2.], dtype=float32)
    """
    if not compute_uv:
        return svd(tensor, compute_uv=False)
    u, s, vh = svd(tensor, full_matrices=full_matrices)
    return s, u, _mT(vh)


def _copyltu(x, n):
    """The symmetric matrix whose lower triangle (with the diagonal) is ``x``'s."""
    lower = x * _tril_mask(n, x, -1)
    return lower + _mT(lower) + x * _eye(n, x)


def _qr_square_vjp(grad_q, grad_r, q, r, n):
    # A = QR, R square: Ā = (Q̄ + Q copyltu(M)) R⁻ᵀ, M = R R̄ᵀ - Q̄ᵀ Q
    m_ = r @ _mT(grad_r) - _mT(grad_q) @ q
    return _solve_right(_mT(r), grad_q + q @ _copyltu(m_, n))


def _qr_vjp(upstream, out, a):
    m, n = np.shape(a)[-2:]
    k = min(m, n)
    q, r = out[..., :m, :], _mT(out[..., m:, :])
    grad_q, grad_r = upstream[..., :m, :], _mT(upstream[..., m:, :])
    if m >= n:
        return _qr_square_vjp(grad_q, grad_r, q, r, k)
    # wide: A = [X | Y] with X = Q R₁ square and Y = Q R₂; Y's columns add Y R̄₂ᵀ to Q̄
    r1 = r[..., :, :k]
    grad_r1, grad_r2 = grad_r[..., :, :k], grad_r[..., :, k:]
    y = a[..., :, k:]
    grad_x = _qr_square_vjp(grad_q + y @ _mT(grad_r2), grad_r1, q, r1, k)
    return concat([grad_x, q @ grad_r2], axis=-1)


@op(vjp=_qr_vjp, local="(Q̄ + Q·copyltu(RR̄ᵀ - Q̄ᵀQ))R⁻ᵀ", public=False)
def qr_factors(a):
    """The reduced QR's factors stacked: ``[Q; Rᵀ]`` of shape ``(..., m + n, k)``,
    ``k = min(m, n)``.

    >>> qr_factors([[3.0], [4.0]]).numpy()
    array([[-0.6],
           [-0.8],
           [-5. ]], dtype=float32)
    """
    q, r = np.linalg.qr(a)
    return np.concatenate([q, np.swapaxes(r, -1, -2)], axis=-2)


@composite(numpy=np.linalg.qr, public=False)
def qr(a, mode: str = "reduced") -> Any:
    """``(Q, R)`` with ``a = Q @ R``, ``Q``'s columns orthonormal and ``R`` upper triangular,
    as ``np.linalg.qr`` (mode ``"reduced"``, ``"r"``, or ``"complete"`` where it equals
    ``"reduced"``: ``m <= n``), with LAPACK's signs as NumPy gives them (R's diagonal may be
    negative). The gradient needs R's diagonal non-zero (``a``'s first ``min(m, n)`` columns
    independent).

    >>> q, r = qr([[3.0], [4.0]])
    >>> q.numpy(), r.numpy()
    (array([[-0.6],
           [-0.8]], dtype=float32), array([[-5.]], dtype=float32))
    """
    a = _matrix_input("qr", a)
    m, n = a.shape[-2:]
    if mode not in ("reduced", "r", "complete"):
        raise ValueError(f"qr: mode must be 'reduced', 'complete' or 'r', got {mode!r}")
    if mode == "complete" and m > n:
        raise ValueError(f"qr: mode='complete' of a {m}x{n} matrix adds columns to Q that have "
                         "no gradient; use mode='reduced'")
    factors = qr_factors(a)
    r = _mT(factors[..., m:, :])
    return r if mode == "r" else (factors[..., :m, :], r)


@composite(tf="linalg.qr", public=False)
def qr_tf(input, full_matrices: bool = False) -> tuple:
    """``tf.linalg.qr``: ``(q, r)``; ``full_matrices=True`` only where it changes nothing.

    >>> q, r = qr_tf([[3.0], [4.0]])
    >>> r.numpy()
    array([[-5.]], dtype=float32)
    """
    return qr(input, mode="complete" if full_matrices else "reduced")


def _norm_axes(axis, ndim: int) -> tuple:
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    for a in axes:
        if not -ndim <= a < ndim:
            raise ValueError(f"norm: axis {a} is out of bounds for an array of {ndim} "
                             "dimensions")
    return tuple(int(a) % ndim for a in axes)


def _vector_norm(x, ord, axis: int):
    if ord is None or ord == 2:
        return sqrt(reduce_sum(x * x, axis=axis))
    if isinstance(ord, str):
        raise ValueError(f"norm: invalid order {ord!r} for a vector norm")
    if ord == np.inf:
        return reduce_max(abs(x), axis=axis)
    if ord == -np.inf:
        return reduce_min(abs(x), axis=axis)
    if ord == 0:
        return reduce_sum(cast(not_equal(x, 0), x.dtype), axis=axis)
    if ord == 1:
        return reduce_sum(abs(x), axis=axis)
    return power(reduce_sum(power(abs(x), ord), axis=axis), 1.0 / ord)


def _matrix_norm(x, ord, row: int, col: int):
    if row == col:
        raise ValueError(f"norm: duplicate axes given ({row}, {col})")
    if ord in (None, "fro", "f"):
        return sqrt(reduce_sum(x * x, axis=(row, col)))
    if ord in (2, -2, "nuc"):
        rest = [i for i in range(x.ndim) if i not in (row, col)]
        s = svd(transpose(x, axes=tuple(rest) + (row, col)), compute_uv=False)
        if ord == "nuc":
            return reduce_sum(s, axis=-1)
        return s[..., 0] if ord == 2 else s[..., -1]
    if ord in (1, -1):  # the largest (smallest) column sum
        sums = reduce_sum(abs(x), axis=row)
        return (reduce_max if ord == 1 else reduce_min)(sums, axis=col - (col > row))
    if ord in (np.inf, -np.inf):  # the largest (smallest) row sum
        sums = reduce_sum(abs(x), axis=col)
        return (reduce_max if ord == np.inf else reduce_min)(sums, axis=row - (row > col))
    raise ValueError(f"norm: invalid order {ord!r} for a matrix norm")


@composite(numpy=np.linalg.norm, public=False)
def norm(x, ord=None, axis=None, keepdims: bool = False) -> Tensor:
    """A vector or matrix norm, as ``np.linalg.norm``: ``axis`` None (the whole array: its
    2-norm when ``ord`` is None, else a 1-d or 2-d array's ``ord`` norm), an int (vector norms:
    ``ord`` None/2, 1, inf, -inf, 0 (the count of non-zeros, no gradient) or any p) or two
    ints (matrix norms: ``'fro'``, ``'nuc'``, 1, -1, 2, -2, inf, -inf); ``keepdims`` keeps the
    reduced axes as size 1. A list of Tensors is stacked first.

    The 2-norm's gradient is ``x / norm``: undefined (NaN) at 0, as TF's.

    >>> float(norm([3.0, 4.0]))
    5.0
    >>> float(norm([[1.0, -2.0], [3.0, 4.0]], ord=1))  # the largest column sum
    6.0
    """
    x = as_tensor(x)
    ndim = x.ndim
    if axis is None:
        if ord is None:
            result = sqrt(reduce_sum(x * x))
            return reshape(result, shape=(1,) * ndim) if keepdims else result
        if ndim not in (1, 2):
            raise ValueError(f"norm: ord={ord!r} with axis=None needs a 1-d or 2-d array, got "
                             f"shape {x.shape}")
        axis = tuple(range(ndim))
    axes = _norm_axes(axis, ndim)
    if len(axes) == 1:
        result = _vector_norm(x, ord, axes[0])
    elif len(axes) == 2:
        result = _matrix_norm(x, ord, axes[0], axes[1])
    else:
        raise ValueError(f"norm: axis must name one or two axes, got {axis!r}")
    if keepdims:
        result = reshape(result, shape=tuple(1 if i in axes else d for i, d in enumerate(x.shape)))
    return result


@composite(numpy=getattr(np.linalg, "vector_norm", None), public=False)  # NumPy >= 2
def vector_norm(x, /, *, axis=None, keepdims: bool = False, ord=2) -> Tensor:
    """The array API's vector norm, as ``np.linalg.vector_norm``: ``axis=None`` takes all
    entries as one vector (``keepdims`` keeps every axis as size 1).

    >>> float(vector_norm([[1.0, -2.0], [3.0, 4.0]], ord=1))
    10.0
    """
    x = as_tensor(x)
    if axis is None:
        result = norm(reshape(x, shape=(-1,)), ord=ord, axis=0)
        return reshape(result, shape=(1,) * x.ndim) if keepdims else result
    if isinstance(axis, tuple) and len(axis) > 1:  # several axes: moved last, flattened
        axes = _norm_axes(axis, x.ndim)
        rest = [i for i in range(x.ndim) if i not in axes]
        flat = reshape(transpose(x, axes=tuple(rest) + axes),
                       shape=tuple(x.shape[i] for i in rest) + (-1,))
        result = norm(flat, ord=ord, axis=-1)
        if keepdims:
            result = reshape(result, shape=tuple(1 if i in axes else d
                                                  for i, d in enumerate(x.shape)))
        return result
    return norm(x, ord=ord, axis=axis, keepdims=keepdims)


@composite(numpy=getattr(np.linalg, "matrix_norm", None), public=False)  # NumPy >= 2
def matrix_norm(x, /, *, keepdims: bool = False, ord="fro") -> Tensor:
    """The array API's matrix norm over the last two axes, as ``np.linalg.matrix_norm``.

    >>> float(matrix_norm([[3.0, 0.0], [0.0, -2.0]], ord="nuc"))
    5.0
    """
    return norm(x, ord=ord, axis=(-2, -1), keepdims=keepdims)


@composite(numpy=getattr(np.linalg, "svdvals", None), public=False)  # NumPy >= 2
def svdvals(x, /) -> Tensor:
    """The singular values, descending, as ``np.linalg.svdvals``.

    >>> svdvals([[3.0, 0.0], [0.0, -2.0]]).numpy()
    array([3., 2.], dtype=float32)
    """
    return svd(x, compute_uv=False)


@composite(tf=("norm", "linalg.norm"), public=False)
def norm_tf(tensor, ord="euclidean", axis=None, keepdims=None) -> Tensor:
    """``tf.norm``: ``axis=None`` takes the norm of all entries as one vector (TF's rule, unlike
    NumPy's matrix norms of a 2-d array); an int a vector norm, two ints a matrix norm
    (``'euclidean'`` is ``'fro'`` there).

    >>> float(norm_tf([[1.0, -2.0], [3.0, 4.0]], ord=1))  # every entry's |x|
    10.0
    """
    x = as_tensor(tensor)
    keepdims = bool(keepdims)
    if ord == "euclidean" or ord == "fro":
        ord = None
    if axis is None:
        result = norm(reshape(x, shape=(-1,)), ord=ord, axis=0)
        return reshape(result, shape=(1,) * x.ndim) if keepdims else result
    return norm(x, ord=ord, axis=axis, keepdims=keepdims)


@composite(numpy=np.linalg.matrix_power, public=False)
def matrix_power(a, n: int) -> Tensor:
    """``a`` multiplied by itself ``n`` times (``n`` an int; 0 gives the identity, negative
    powers invert first), by repeated squaring, as ``np.linalg.matrix_power``.

    >>> matrix_power([[1.0, 1.0], [0.0, 1.0]], 3).numpy()
    array([[1., 3.],
           [0., 1.]], dtype=float32)
    """
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
        raise TypeError(f"matrix_power: the exponent must be an integer, got {n!r}")
    a = _matrix_input("matrix_power", a)
    if a.shape[-1] != a.shape[-2]:
        raise ValueError(f"matrix_power: expected square matrices, got shape {a.shape}")
    if n == 0:
        return constant(np.broadcast_to(np.eye(a.shape[-1], dtype=a.dtype), a.shape).copy())
    if n < 0:
        a, n = inv(a), -n
    result, square = None, a
    while n:
        if n & 1:
            result = square if result is None else result @ square
        n >>= 1
        if n:
            square = square @ square
    return result


@composite(numpy=np.linalg.multi_dot, public=False)
def multi_dot(arrays: Sequence[Any], *, out=None) -> Tensor:
    """The product of two or more matrices, as ``np.linalg.multi_dot`` (a 1-d first or last
    array is a row or column vector); evaluated left to right.

    >>> multi_dot([[1.0, 2.0], [[1.0, 0.0], [0.0, 1.0]], [3.0, 4.0]]).numpy()
    array(11., dtype=float32)
    """
    if out is not None:
        raise TypeError("multi_dot: out= is not supported (Tensors are immutable)")
    if len(arrays) < 2:
        raise ValueError(f"multi_dot: expected at least two arrays, got {len(arrays)}")
    arrays = [as_tensor(a) for a in arrays]
    for i, a in enumerate(arrays):
        edge = i in (0, len(arrays) - 1)
        if a.ndim != 2 and not (edge and a.ndim == 1):
            raise ValueError(f"multi_dot: array {i} has shape {a.shape}; the first and last "
                             "may be 1-d, every array 2-d otherwise")
    result = arrays[0]
    for a in arrays[1:]:
        result = matmul(result, a)
    return result


@composite(numpy=np.linalg.lstsq, public=False)
def lstsq(a, b, rcond=None) -> tuple:
    """``(x, residuals, rank, s)`` of the least-squares problem ``min ‖a x - b‖``, as
    ``np.linalg.lstsq``: ``x = pinv(a) b`` (singular values below ``rcond`` times the largest
    count as zero, by default ``max(m, n)`` times the dtype's eps), ``residuals`` the squared
    norm of each column's residual when ``a`` has full column rank and more rows than columns
    (else empty), ``rank`` an int, ``s`` ``a``'s singular values. Differentiable in ``a`` and
    ``b`` where the rank does not change.

    >>> x, residuals, rank, s = lstsq([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [1.0, 1.0, 3.0])
    >>> [round(float(v), 5) for v in x.numpy()], round(float(residuals[0]), 5), rank
    ([1.33333, 1.33333], 0.33333, 2)
    """
    a, b = as_tensor(a), as_tensor(b)
    if a.ndim != 2 or b.ndim not in (1, 2):
        raise ValueError(f"lstsq: a must be 2-d and b 1-d or 2-d, got shapes {a.shape} and "
                         f"{b.shape}")
    m, n = a.shape
    if rcond is None:
        rcond = np.finfo(np.result_type(a.dtype, np.float32)).eps * max(m, n)
    s = svd(a, compute_uv=False)
    singular = np.asarray(value_of(s))
    rank = int(np.sum(singular > rcond * singular[0])) if singular.size else 0
    x = pinv(a, rcond=rcond) @ b
    if rank == n and m > n:
        residual = b - a @ x
        residuals = reduce_sum(residual * residual, axis=0)
        residuals = reshape(residuals, shape=(1,)) if b.ndim == 1 else residuals
    else:
        residuals = constant(np.zeros((0,), dtype=x.dtype))
    return x, residuals, rank, s


@composite(numpy=np.linalg.cond, public=False)
def cond(x, p=None) -> Tensor:
    """The condition number of a matrix (or of each in a stack), as ``np.linalg.cond``: the
    ratio of the largest to the smallest singular value for ``p`` None or 2 (-2 its inverse),
    else ``norm(x, p) * norm(inv(x), p)``.

    >>> float(cond([[2.0, 0.0], [0.0, 0.5]]))
    4.0
    """
    x = _matrix_input("cond", x)
    if p in (None, 2, -2):
        s = svd(x, compute_uv=False)
        return s[..., 0] / s[..., -1] if p != -2 else s[..., -1] / s[..., 0]
    return norm(x, ord=p, axis=(-2, -1)) * norm(inv(x), ord=p, axis=(-2, -1))


@composite(numpy=np.linalg.tensorinv, public=False)
def tensorinv(a, ind: int = 2) -> Tensor:
    """The inverse of ``a`` for ``tensordot`` over its first ``ind`` axes, as
    ``np.linalg.tensorinv``: ``a`` reshaped to a square matrix, inverted, reshaped back.

    >>> tensorinv(np.eye(4).reshape(4, 2, 2), ind=1).shape
    (2, 2, 4)
    """
    a = as_tensor(a)
    if ind <= 0:
        raise ValueError(f"tensorinv: ind must be a positive integer, got {ind!r}")
    rows, cols = a.shape[:ind], a.shape[ind:]
    size = int(np.prod(rows))
    if int(np.prod(cols)) != size:
        raise ValueError(f"tensorinv: the first {ind} axes of shape {a.shape} do not hold as "
                         "many elements as the rest")
    return reshape(inv(reshape(a, shape=(size, -1))), shape=cols + rows)


@composite(numpy=np.linalg.tensorsolve, public=False)
def tensorsolve(a, b, axes=None) -> Tensor:
    """``x`` with ``tensordot(a, x, axes=x.ndim) = b``, as ``np.linalg.tensorsolve`` (``axes``
    of ``a`` moved to the end first).

    >>> tensorsolve(2 * np.eye(6).reshape(6, 2, 3), np.ones(6)).shape
    (2, 3)
    """
    a, b = as_tensor(a), as_tensor(b)
    if axes is not None:
        moved = [i % a.ndim for i in axes]
        order = [i for i in range(a.ndim) if i not in moved] + moved
        a = transpose(a, axes=tuple(order))
    unknown = a.shape[b.ndim:]
    size = int(np.prod(unknown))
    if int(np.prod(a.shape[:b.ndim])) != size:
        raise ValueError(f"tensorsolve: a of shape {a.shape} is not square for b of shape "
                         f"{b.shape}")
    x = solve(reshape(a, shape=(size, size)), reshape(b, shape=(size,)))
    return reshape(x, shape=unknown)


@composite(tf="linalg.solve", public=False)
def solve_tf(matrix, rhs, adjoint: bool = False) -> Tensor:
    """``tf.linalg.solve``: ``rhs`` is always a batch of matrices ``(..., M, K)``;
    ``adjoint=True`` solves with ``matrixᵀ``.

    >>> solve_tf([[2.0, 0.0], [0.0, 4.0]], [[2.0], [2.0]]).numpy()
    array([[1. ],
           [0.5]], dtype=float32)
    """
    matrix = as_tensor(matrix)
    return solve(_mT(matrix) if adjoint else matrix, rhs)


@composite(tf="linalg.inv", public=False)
def inv_tf(input, adjoint: bool = False) -> Tensor:
    """``tf.linalg.inv``: the inverse, of the transpose with ``adjoint=True``.

    >>> inv_tf([[1.0, 2.0], [0.0, 1.0]], adjoint=True).numpy()
    array([[ 1.,  0.],
           [-2.,  1.]], dtype=float32)
    """
    matrix = as_tensor(input)
    return inv(_mT(matrix) if adjoint else matrix)


@composite(tf="linalg.pinv", public=False)
def pinv_tf(a, rcond=None) -> Tensor:
    """``tf.linalg.pinv``: singular values below ``rcond`` times the largest count as zero,
    ``rcond`` by default ``10 * max(m, n) * eps`` of the dtype.

    >>> pinv_tf([[2.0, 0.0], [0.0, 0.0]]).numpy()
    array([[0.5, 0. ],
           [0. , 0. ]], dtype=float32)
    """
    a = as_tensor(a)
    if rcond is None:
        rcond = 10 * max(a.shape[-2:]) * np.finfo(np.result_type(a.dtype, np.float32)).eps
    return pinv(a, rcond=rcond)


@composite(tf="linalg.logdet", public=False)
def logdet(matrix) -> Tensor:
    """``tf.linalg.logdet``: ``log det`` of a symmetric positive-definite matrix, as twice the
    sum of the logs of its Cholesky factor's diagonal.

    >>> round(float(logdet([[4.0, 0.0], [0.0, 1.0]])), 6)
    1.386294
    """
    lower = cholesky(matrix)
    n = lower.shape[-1]
    diagonal = reduce_sum(lower * _eye(n, lower), axis=-1)
    return 2.0 * reduce_sum(log(diagonal), axis=-1)


from .arithmetic import abs, log, power, sqrt, where  # noqa: E402
from .misc import cast, not_equal  # noqa: E402
from .reductions import max as reduce_max  # noqa: E402
from .reductions import min as reduce_min  # noqa: E402
from .reductions import sum as reduce_sum  # noqa: E402
from .shape import concat, stack  # noqa: E402
