"""np.linalg on the tape (ops/linalg.py): values by hand and against NumPy, first and second
derivatives against central differences in float64 (single and batched matrices), float32
agreement, TF's spellings, and errors that name the function."""
import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.ops import linalg as la

from .gradcheck import check_grads

RNG = np.random.default_rng(1234)


def well_conditioned(*shape):
    """Random square matrices kept away from singularity (a dominant diagonal)."""
    n = shape[-1]
    return RNG.standard_normal(shape) + 3 * np.eye(n)


def spd(*shape):
    """Symmetric positive-definite matrices with well separated eigenvalues."""
    x = RNG.standard_normal(shape)
    n = shape[-1]
    return x @ np.swapaxes(x, -1, -2) + np.diag(np.arange(1.0, n + 1)) * n


def grad_of(f, x):
    x = ag.constant(np.asarray(x, dtype=np.float64))
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return y, tape.gradient(y, x)


SQUARE = [(3, 3), (2, 3, 3), (2, 1, 2, 2)]


# --- worked by hand ---------------------------------------------------------------------
def test_det_of_a_2x2_and_its_cofactor_gradient():
    # det [[a, b], [c, d]] = ad - bc; d det / d entries = [[d, -c], [-b, a]]
    y, grad = grad_of(la.det, [[1.0, 2.0], [3.0, 4.0]])
    assert float(y) == pytest.approx(-2.0)
    np.testing.assert_allclose(grad.numpy(), [[4.0, -3.0], [-2.0, 1.0]], rtol=1e-12)


def test_slogdet_sign_and_log_of_a_negative_determinant():
    # det [[0, 2], [3, 0]] = -6: sign -1, log|det| = log 6; log|a₀₁ a₁₀| has d/da₀₁ = 1/a₀₁
    # and d/da₁₀ = 1/a₁₀ (A⁻ᵀ = [[0, 1/2], [1/3, 0]])
    a = np.array([[0.0, 2.0], [3.0, 0.0]])
    sign, logabsdet = la.slogdet(a)
    assert float(sign) == -1.0
    assert float(logabsdet) == pytest.approx(np.log(6.0))
    _, grad = grad_of(lambda x: la.slogdet(x)[1], a)
    np.testing.assert_allclose(grad.numpy(), [[0.0, 0.5], [1 / 3, 0.0]], atol=1e-15)
    _, sign_grad = grad_of(lambda x: la.slogdet(x)[0], a)  # the sign is piecewise constant
    np.testing.assert_allclose(sign_grad.numpy(), np.zeros((2, 2)))


def test_solve_agrees_with_inv_and_so_do_their_gradients():
    a, b = well_conditioned(3, 3), RNG.standard_normal((3, 2))
    np.testing.assert_allclose(la.solve(a, b).numpy(), la.inv(a).numpy() @ b, rtol=1e-12)
    for argnum in (0, 1):
        def through_solve(x, y):
            return ag.sum(ag.sin(la.solve(x, y)))

        def through_inv(x, y):
            return ag.sum(ag.sin(la.inv(x) @ y))
        sources = [ag.constant(a), ag.constant(b)]
        with ag.GradientTape(persistent=True) as tape:
            tape.watch(sources)
            first, second = through_solve(*sources), through_inv(*sources)
        np.testing.assert_allclose(tape.gradient(first, sources[argnum]).numpy(),
                                   tape.gradient(second, sources[argnum]).numpy(), rtol=1e-10)


def test_inverse_of_a_diagonal_matrix_and_its_gradient():
    # inv(diag(2, 4)) = diag(1/2, 1/4); d(1/a)/da = -1/a² on the diagonal
    y, grad = grad_of(lambda x: ag.sum(la.inv(x)), [[2.0, 0.0], [0.0, 4.0]])
    np.testing.assert_allclose(la.inv([[2.0, 0.0], [0.0, 4.0]]).numpy(), [[0.5, 0], [0, 0.25]])
    # -A⁻ᵀ 1 A⁻ᵀ = -[[1/4, 1/8], [1/8, 1/16]]
    np.testing.assert_allclose(grad.numpy(), -np.array([[1 / 4, 1 / 8], [1 / 8, 1 / 16]]))


def test_norm_gradients_by_hand():
    # ‖(3, 4)‖₂ = 5 with gradient x/‖x‖; ‖·‖₁ has sign(x); ‖·‖∞ picks the largest |x|
    y, grad = grad_of(la.norm, [3.0, -4.0])
    assert float(y) == 5.0
    np.testing.assert_allclose(grad.numpy(), [0.6, -0.8])
    _, grad = grad_of(lambda x: la.norm(x, ord=1), [3.0, -4.0])
    np.testing.assert_allclose(grad.numpy(), [1.0, -1.0])
    _, grad = grad_of(lambda x: la.norm(x, ord=np.inf), [3.0, -4.0])
    np.testing.assert_allclose(grad.numpy(), [0.0, -1.0])
    # the nuclear norm of diag(3, -2) is 5; its gradient U Vᵀ is diag(1, -1)
    y, grad = grad_of(lambda x: la.norm(x, "nuc"), [[3.0, 0.0], [0.0, -2.0]])
    assert float(y) == pytest.approx(5.0)
    np.testing.assert_allclose(grad.numpy(), [[1.0, 0.0], [0.0, -1.0]], atol=1e-15)
    # the spectral norm of diag(3, -2) is 3: only the top singular value's pair moves it
    y, grad = grad_of(lambda x: la.norm(x, 2), [[3.0, 0.0], [0.0, -2.0]])
    assert float(y) == pytest.approx(3.0)
    np.testing.assert_allclose(grad.numpy(), [[1.0, 0.0], [0.0, 0.0]], atol=1e-15)


def test_eigh_of_a_2x2_by_hand():
    # [[2, 1], [1, 2]] has eigenvalues 1 and 3 with eigenvectors (1, -1)/√2 and (1, 1)/√2;
    # dλ/dA = v vᵀ, read from the lower triangle only (off-diagonal counted twice)
    w, v = la.eigh([[2.0, 1.0], [1.0, 2.0]])
    np.testing.assert_allclose(w.numpy(), [1.0, 3.0], rtol=1e-6)
    _, grad = grad_of(lambda x: la.eigh(x)[0][1], [[2.0, 1.0], [1.0, 2.0]])
    np.testing.assert_allclose(grad.numpy(), [[0.5, 0.0], [1.0, 0.5]], atol=1e-12)


def test_eigenvalue_gradient_is_exact_at_a_repeated_eigenvalue():
    # the sum of the eigenvalues is the trace: gradient the identity, even for I itself
    _, grad = grad_of(lambda x: ag.sum(la.eigvalsh(x)), np.eye(3))
    np.testing.assert_allclose(grad.numpy(), np.eye(3), atol=1e-12)


def test_cholesky_of_a_2x2_by_hand():
    # [[4, 2], [2, 5]] = L Lᵀ with L = [[2, 0], [1, 2]]
    np.testing.assert_allclose(la.cholesky([[4.0, 2.0], [2.0, 5.0]]).numpy(),
                               [[2.0, 0.0], [1.0, 2.0]])
    # L₀₀ = √a₀₀: d/da₀₀ = 1/(2·2); the upper triangle is not read
    _, grad = grad_of(lambda x: la.cholesky(x)[0, 0], [[4.0, 2.0], [2.0, 5.0]])
    np.testing.assert_allclose(grad.numpy(), [[0.25, 0.0], [0.0, 0.0]], atol=1e-15)


def test_matrix_power_and_multi_dot_by_hand():
    shear = [[1.0, 1.0], [0.0, 1.0]]
    np.testing.assert_allclose(la.matrix_power(shear, 5).numpy(), [[1, 5], [0, 1]])
    np.testing.assert_allclose(la.matrix_power(shear, -2).numpy(), [[1, -2], [0, 1]])
    np.testing.assert_allclose(la.matrix_power(shear, 0).numpy(), np.eye(2))
    # d/dt of [[1, t], [0, 1]]³ = [[1, 3t], [0, 1]] in the corner is 3
    _, grad = grad_of(lambda x: la.matrix_power(x, 3)[0, 1], shear)
    assert grad.numpy()[0, 1] == pytest.approx(3.0)
    assert float(la.multi_dot([[1.0, 2.0], np.eye(2), [3.0, 4.0]])) == 11.0


# --- against NumPy and central differences ------------------------------------------------
@pytest.mark.parametrize("shape", SQUARE)
@pytest.mark.parametrize("name", ["inv", "det", "slogdet", "pinv", "matrix_power"])
def test_square_matrix_functions(name, shape):
    a = well_conditioned(*shape)
    functions = {
        "inv": (la.inv, np.linalg.inv),
        "det": (la.det, np.linalg.det),
        "slogdet": (lambda x: la.slogdet(x)[1], lambda x: np.linalg.slogdet(x)[1]),
        "pinv": (la.pinv, np.linalg.pinv),
        "matrix_power": (lambda x: la.matrix_power(x, 3), lambda x: np.linalg.matrix_power(x, 3)),
    }
    ours, numpy_version = functions[name]
    np.testing.assert_allclose(ours(a).numpy(), numpy_version(a), rtol=1e-10, atol=1e-12)
    check_grads(ours, a, order=2)


@pytest.mark.parametrize("a_shape,b_shape", [((3, 3), (3,)), ((3, 3), (3, 2)),
                                             ((2, 3, 3), (3,)), ((2, 3, 3), (2, 3, 1)),
                                             ((2, 3, 3), (3, 2)), ((1, 3, 3), (2, 3, 2))])
def test_solve_shapes(a_shape, b_shape):
    a, b = well_conditioned(*a_shape), RNG.standard_normal(b_shape)
    np.testing.assert_allclose(la.solve(a, b).numpy(), np.linalg.solve(a, b), rtol=1e-12)
    check_grads(la.solve, a, b, order=2)


@pytest.mark.parametrize("shape", [(4, 2), (2, 4), (2, 3, 4)])
def test_pinv_of_rectangular_matrices(shape):
    a = RNG.standard_normal(shape)
    np.testing.assert_allclose(la.pinv(a).numpy(), np.linalg.pinv(a), rtol=1e-10, atol=1e-12)
    check_grads(la.pinv, a, order=2)


@pytest.mark.parametrize("shape", SQUARE)
@pytest.mark.parametrize("upper", [False, True])
def test_cholesky(shape, upper):
    a = spd(*shape)
    np.testing.assert_allclose(la.cholesky(a, upper=upper).numpy(),
                               np.linalg.cholesky(a, upper=upper), rtol=1e-12)
    check_grads(lambda x: la.cholesky(x, upper=upper), a, order=2)


def test_cholesky_gradient_of_a_symmetric_use():
    # through x xᵀ + 3I every entry of x moves both triangles: the full chain rule
    check_grads(lambda x: la.cholesky(x @ ag.transpose(x) + 3 * np.eye(3)),
                RNG.standard_normal((3, 3)), order=2)


@pytest.mark.parametrize("shape", SQUARE)
@pytest.mark.parametrize("uplo", ["L", "U"])
def test_eigh(shape, uplo):
    a = spd(*shape)
    w, v = la.eigh(a, UPLO=uplo)
    expected_w, expected_v = np.linalg.eigh(a, UPLO=uplo)
    np.testing.assert_allclose(w.numpy(), expected_w, rtol=1e-12)
    np.testing.assert_allclose(v.numpy(), expected_v, rtol=1e-10, atol=1e-12)
    # eigenvectors are fixed up to sign: check functions that do not depend on it
    check_grads(lambda x: la.eigh(x, UPLO=uplo)[0], a, order=2)
    check_grads(lambda x: la.eigh(x, UPLO=uplo)[1] ** 2, a, order=2)
    check_grads(lambda x: ag.sum(la.eigh(x, UPLO=uplo)[1] ** 2 * ag.sin(
        la.eigh(x, UPLO=uplo)[0])[..., None, :], axis=-1), a, order=2)


SVD_SHAPES = [(3, 3), (4, 2), (2, 4), (2, 3, 2), (2, 2, 3)]


@pytest.mark.parametrize("shape", SVD_SHAPES)
def test_svd(shape):
    a = RNG.standard_normal(shape)
    u, s, vh = la.svd(a, full_matrices=False)
    expected = np.linalg.svd(a, full_matrices=False)
    for ours, theirs in zip((u, s, vh), expected):
        np.testing.assert_allclose(ours.numpy(), theirs, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(la.svd(a, compute_uv=False).numpy(), expected[1], rtol=1e-12)
    check_grads(lambda x: la.svd(x, full_matrices=False)[1], a, order=2)
    check_grads(lambda x: la.svd(x, full_matrices=False)[0] ** 2, a, order=2)
    check_grads(lambda x: la.svd(x, full_matrices=False)[2] ** 2, a, order=2)
    # a sign-free product of both singular vectors: u_i v_iᵀ scaled by a function of s
    check_grads(lambda x: _weighted_outer(*la.svd(x, full_matrices=False)), a, order=2)


def _weighted_outer(u, s, vh):
    return (u * ag.tanh(s)[..., None, :]) @ vh


@pytest.mark.parametrize("shape", SVD_SHAPES)
def test_qr(shape):
    a = RNG.standard_normal(shape)
    q, r = la.qr(a)
    expected_q, expected_r = np.linalg.qr(a)
    np.testing.assert_allclose(q.numpy(), expected_q, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(r.numpy(), expected_r, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(la.qr(a, mode="r").numpy(), expected_r, rtol=1e-10, atol=1e-12)
    check_grads(lambda x: la.qr(x)[0], a, order=2)
    check_grads(lambda x: la.qr(x)[1], a, order=2)


VECTOR_ORDERS = [None, 1, 2, 3, 0.5, -1.5, np.inf, -np.inf]
MATRIX_ORDERS = [None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf]


@pytest.mark.parametrize("ord", VECTOR_ORDERS)
@pytest.mark.parametrize("axis,keepdims", [(None, False), (0, False), (-1, True)])
def test_vector_norms(ord, axis, keepdims):
    x = RNG.standard_normal((4,) if axis is None else (3, 4))
    expected = np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)
    ours = la.norm(x, ord=ord, axis=axis, keepdims=keepdims)
    assert ours.shape == expected.shape
    np.testing.assert_allclose(ours.numpy(), expected, rtol=1e-12)
    check_grads(lambda v: la.norm(v, ord=ord, axis=axis, keepdims=keepdims), x, order=2)


@pytest.mark.parametrize("ord", MATRIX_ORDERS)
@pytest.mark.parametrize("shape,axis,keepdims", [((3, 4), None, False), ((2, 3, 4), (1, 2), False),
                                                 ((3, 2, 4), (2, 0), True)])
def test_matrix_norms(ord, shape, axis, keepdims):
    x = RNG.standard_normal(shape)
    expected = np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)
    ours = la.norm(x, ord=ord, axis=axis, keepdims=keepdims)
    assert ours.shape == expected.shape
    np.testing.assert_allclose(ours.numpy(), expected, rtol=1e-12)
    check_grads(lambda v: la.norm(v, ord=ord, axis=axis, keepdims=keepdims), x, order=2)


def test_norm_of_a_higher_dimensional_array_and_of_a_list_of_tensors():
    x = RNG.standard_normal((2, 3, 4))
    np.testing.assert_allclose(la.norm(x).numpy(), np.linalg.norm(x), rtol=1e-12)
    np.testing.assert_allclose(la.norm(x, keepdims=True).numpy(),
                               np.linalg.norm(x, keepdims=True), rtol=1e-12)
    a, b = ag.constant(3.0, dtype="float64"), ag.constant(4.0, dtype="float64")
    with ag.GradientTape() as tape:
        tape.watch([a, b])
        y = la.norm([a, b])
    assert float(y) == 5.0
    np.testing.assert_allclose([float(g) for g in tape.gradient(y, [a, b])], [0.6, 0.8])


def test_multi_dot_tensorinv_tensorsolve():
    a, b, c = RNG.standard_normal(3), well_conditioned(3, 3), RNG.standard_normal((3, 2))
    np.testing.assert_allclose(la.multi_dot([a, b, c]).numpy(), np.linalg.multi_dot([a, b, c]),
                               rtol=1e-12)
    check_grads(lambda x, y, z: la.multi_dot([x, y, z]), a, b, c, order=2)
    t = (3 * np.eye(6) + 0.3 * RNG.standard_normal((6, 6))).reshape(6, 2, 3)
    np.testing.assert_allclose(la.tensorinv(t, ind=1).numpy(), np.linalg.tensorinv(t, ind=1),
                               rtol=1e-12)
    check_grads(lambda x: la.tensorinv(x, ind=1), t, order=2)
    rhs = RNG.standard_normal(6)
    np.testing.assert_allclose(la.tensorsolve(t, rhs).numpy(), np.linalg.tensorsolve(t, rhs),
                               rtol=1e-12)
    check_grads(la.tensorsolve, t, rhs, order=2)
    moved = np.moveaxis(t, 0, 2)
    np.testing.assert_allclose(la.tensorsolve(moved, rhs, axes=(0, 1)).numpy(),
                               np.linalg.tensorsolve(moved, rhs, axes=(0, 1)), rtol=1e-12)


@pytest.mark.parametrize("a_shape,b_shape", [((4, 2), (4,)), ((4, 2), (4, 3)), ((2, 4), (2,)),
                                             ((3, 3), (3, 2))])
def test_lstsq(a_shape, b_shape):
    a, b = RNG.standard_normal(a_shape), RNG.standard_normal(b_shape)
    ours, theirs = la.lstsq(a, b), np.linalg.lstsq(a, b)
    np.testing.assert_allclose(ours[0].numpy(), theirs[0], rtol=1e-10, atol=1e-12)
    assert ours[1].shape == theirs[1].shape
    np.testing.assert_allclose(ours[1].numpy(), theirs[1], rtol=1e-10)
    assert ours[2] == theirs[2]
    np.testing.assert_allclose(ours[3].numpy(), theirs[3], rtol=1e-12)
    check_grads(lambda x, y: la.lstsq(x, y)[0], a, b, order=2)
    if a_shape[0] > a_shape[1]:
        check_grads(lambda x, y: la.lstsq(x, y)[1], a, b, order=2)


@pytest.mark.parametrize("p", [None, 2, -2, "fro", 1, np.inf])
def test_cond(p):
    a = well_conditioned(2, 3, 3)
    np.testing.assert_allclose(la.cond(a, p).numpy(), np.linalg.cond(a, p), rtol=1e-10)
    check_grads(lambda x: la.cond(x, p), a, order=2)


# --- float32 ------------------------------------------------------------------------------
FLOAT32_CASES = {
    "inv": lambda x: la.inv(x), "det": la.det, "slogdet": lambda x: la.slogdet(x)[1],
    "solve": lambda x: la.solve(x, np.ones((3, 1), np.float32)), "pinv": la.pinv,
    "cholesky": lambda x: la.cholesky(x @ ag.transpose(x, axes=(0, 2, 1))),
    "eigh": lambda x: la.eigh(x + ag.transpose(x, axes=(0, 2, 1)))[0],
    "svd": lambda x: la.svd(x, compute_uv=False), "qr": lambda x: la.qr(x)[1],
    "norm": lambda x: la.norm(x, "nuc", axis=(1, 2)),
}


@pytest.mark.parametrize("name", sorted(FLOAT32_CASES))
def test_float32_values_and_gradients_agree_with_float64(name):
    f = FLOAT32_CASES[name]
    a = well_conditioned(2, 3, 3)
    results = {}
    for dtype in (np.float32, np.float64):
        x = ag.constant(a.astype(dtype))
        with ag.GradientTape() as tape:
            tape.watch(x)
            y = ag.sum(ag.sin(f(x)))
        grad = tape.gradient(y, x)
        assert y.dtype == dtype and grad.dtype == dtype
        results[dtype] = (float(y), grad.numpy())
    assert results[np.float32][0] == pytest.approx(results[np.float64][0], rel=1e-4, abs=1e-4)
    np.testing.assert_allclose(results[np.float32][1], results[np.float64][1], rtol=2e-3,
                               atol=2e-3)


# --- TF's spellings -----------------------------------------------------------------------
def test_tf_svd_returns_s_u_v_with_v_not_transposed():
    a = RNG.standard_normal((4, 3))
    s, u, v = la.svd_tf(a)
    np.testing.assert_allclose((u.numpy() * s.numpy()) @ v.numpy().T, a, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(la.svd_tf(a, compute_uv=False).numpy(), s.numpy())


def test_tf_norm_takes_all_entries_as_one_vector_without_axis():
    x = np.array([[1.0, -2.0], [3.0, 4.0]])
    assert float(la.norm_tf(x, ord=1)) == 10.0  # NumPy's matrix 1-norm would be 6
    assert float(la.norm(x, ord=1)) == 6.0
    assert float(la.norm_tf(x)) == pytest.approx(np.sqrt(30.0))
    np.testing.assert_allclose(la.norm_tf(x, axis=1, keepdims=True).numpy(),
                               np.linalg.norm(x, axis=1, keepdims=True))
    assert float(la.norm_tf(x, ord="euclidean", axis=(0, 1))) == pytest.approx(np.sqrt(30.0))
    assert la.norm_tf(x, keepdims=True).shape == (1, 1)


def test_tf_qr_solve_pinv_logdet():
    a = well_conditioned(3, 3)
    q, r = la.qr_tf(a)
    np.testing.assert_allclose(q.numpy() @ r.numpy(), a, rtol=1e-12)
    rhs = RNG.standard_normal((3, 2))
    np.testing.assert_allclose(la.solve_tf(a, rhs, adjoint=True).numpy(),
                               np.linalg.solve(a.T, rhs), rtol=1e-12)
    np.testing.assert_allclose(la.pinv_tf(a).numpy(), np.linalg.inv(a), rtol=1e-10)
    s = spd(2, 3, 3)
    np.testing.assert_allclose(la.logdet(s).numpy(), np.linalg.slogdet(s)[1], rtol=1e-12)
    check_grads(la.logdet, s, order=2)


def test_tf_inv_triangular_and_cholesky_solves():
    from autograd_lite.ops import matrix_functions as mf
    a = well_conditioned(2, 3, 3)
    np.testing.assert_allclose(la.inv_tf(a, adjoint=True).numpy(),
                               np.linalg.inv(np.swapaxes(a, -1, -2)), rtol=1e-12)
    rhs = RNG.standard_normal((2, 3, 2))
    for lower in (True, False):
        for adjoint in (False, True):
            triangle = np.tril(a) if lower else np.triu(a)
            expected = np.linalg.solve(np.swapaxes(triangle, -1, -2) if adjoint else triangle,
                                       rhs)
            np.testing.assert_allclose(mf.triangular_solve_tf(a, rhs, lower=lower,
                                                              adjoint=adjoint).numpy(),
                                       expected, rtol=1e-10)
    s = spd(3, 3)
    chol = np.linalg.cholesky(s)
    np.testing.assert_allclose(mf.cholesky_solve_tf(chol, rhs[0]).numpy(),
                               np.linalg.solve(s, rhs[0]), rtol=1e-10)
    assert ag.linalg.triangular_solve is mf.triangular_solve_tf
    assert ag.linalg.cholesky_solve is mf.cholesky_solve_tf


def test_registry_names():
    from autograd_lite.primitive import REGISTRY
    assert REGISTRY["inv"].numpy == (np.linalg.inv,)
    assert REGISTRY["inv_tf"].tf == ("linalg.inv",) and not REGISTRY["inv"].public
    assert REGISTRY["svd_tf"].tf == ("linalg.svd",)
    assert REGISTRY["norm_tf"].tf == ("norm", "linalg.norm")
    assert REGISTRY["norm"].numpy == (np.linalg.norm,)
    assert REGISTRY["eigh_factors"].primitive is not None and REGISTRY["eigh"].primitive is None


# --- errors -------------------------------------------------------------------------------
def test_errors_name_the_function_and_what_it_got():
    with pytest.raises(ValueError, match="inv.*Singular matrix"):
        la.inv([[1.0, 2.0], [2.0, 4.0]])
    with pytest.raises(ValueError, match="det.*square"):
        la.det(np.ones((2, 3)))
    with pytest.raises(ValueError, match="svd: full_matrices=True of a 3x2 matrix"):
        la.svd(np.ones((3, 2)))
    with pytest.raises(ValueError, match="norm: invalid order 'nuc' for a vector norm"):
        la.norm([1.0, 2.0], ord="nuc")
    with pytest.raises(ValueError, match="norm: invalid order 3 for a matrix norm"):
        la.norm(np.ones((2, 2)), ord=3)
    with pytest.raises(ValueError, match="norm: ord=1 with axis=None needs a 1-d or 2-d array"):
        la.norm(np.ones((2, 2, 2)), ord=1)
    with pytest.raises(ValueError, match="norm: axis 3 is out of bounds"):
        la.norm(np.ones((2, 2)), axis=3)
    with pytest.raises(TypeError, match="matrix_power: the exponent must be an integer"):
        la.matrix_power(np.eye(2), 1.5)
    with pytest.raises(ValueError, match="eigh: expected an array of at least 2 dimensions"):
        la.eigh([1.0, 2.0])
    with pytest.raises(ValueError, match="qr: mode='complete' of a 3x2 matrix"):
        la.qr(np.ones((3, 2)), mode="complete")
    with pytest.raises(ValueError, match="multi_dot: expected at least two arrays"):
        la.multi_dot([np.eye(2)])


# --- the array API's norms and NumPy/anp/ag dispatch ---------------------------------------
@pytest.mark.parametrize("axis,keepdims", [(None, False), (None, True), (1, False),
                                           ((0, 2), True)])
@pytest.mark.parametrize("ord", [2, 1, np.inf, 3])
def test_vector_norm(axis, keepdims, ord):
    x = RNG.standard_normal((2, 3, 4))
    expected = np.linalg.vector_norm(x, axis=axis, keepdims=keepdims, ord=ord)
    ours = la.vector_norm(x, axis=axis, keepdims=keepdims, ord=ord)
    assert ours.shape == expected.shape
    np.testing.assert_allclose(ours.numpy(), expected, rtol=1e-12)
    check_grads(lambda v: la.vector_norm(v, axis=axis, keepdims=keepdims, ord=ord), x, order=2)


@pytest.mark.parametrize("ord", ["fro", "nuc", 2, -np.inf])
def test_matrix_norm_and_svdvals(ord):
    x = RNG.standard_normal((2, 3, 4))
    np.testing.assert_allclose(la.matrix_norm(x, ord=ord, keepdims=True).numpy(),
                               np.linalg.matrix_norm(x, ord=ord, keepdims=True), rtol=1e-12)
    check_grads(lambda v: la.matrix_norm(v, ord=ord), x, order=2)
    np.testing.assert_allclose(la.svdvals(x).numpy(), np.linalg.svdvals(x), rtol=1e-12)


def test_numpy_calls_on_tensors_run_the_ops_and_anp_and_ag_linalg_name_them():
    import autograd_lite.numpy as anp
    from autograd_lite.numpy import _names as anp_names
    a = ag.constant(well_conditioned(3, 3))
    with ag.GradientTape() as tape:
        tape.watch(a)
        y = np.linalg.det(a) + np.linalg.norm(np.linalg.inv(a), "nuc") \
            + np.linalg.slogdet(a)[1] + ag.sum(np.linalg.eigh(a @ ag.transpose(a))[0])
    assert isinstance(y, ag.Tensor)
    assert tape.gradient(y, a) is not None
    for name in ("inv", "pinv", "solve", "det", "slogdet", "cholesky", "eigh", "eigvalsh", "svd",
                 "qr", "norm", "matrix_power", "multi_dot", "tensorinv", "tensorsolve",
                 "vector_norm", "matrix_norm", "svdvals"):
        found = anp_names.index()[("linalg", name)][0]  # anp wraps it to take NumPy's inputs
        assert found.function is getattr(la, name) and callable(getattr(anp.linalg, name))
    # anp takes lists as NumPy does (float64) and returns Tensors on the tape
    listed = anp.linalg.inv([[2.0, 0.0], [0.0, 4.0]])
    assert isinstance(listed, ag.Tensor) and listed.dtype == np.float64
    np.testing.assert_allclose(listed.numpy(), np.linalg.inv([[2.0, 0.0], [0.0, 4.0]]))
    u, s, vh = anp.linalg.svd(a, full_matrices=False)
    np.testing.assert_allclose((u * s) @ vh, a.numpy(), rtol=1e-12)
    for name, ours in [("inv", la.inv_tf), ("det", la.det), ("slogdet", la.slogdet),
                       ("cholesky", la.cholesky), ("eigh", la.eigh), ("eigvalsh", la.eigvalsh),
                       ("svd", la.svd_tf), ("qr", la.qr_tf), ("solve", la.solve_tf),
                       ("pinv", la.pinv_tf), ("logdet", la.logdet), ("norm", la.norm_tf)]:
        assert getattr(ag.linalg, name) is ours, name
    assert ag.norm is la.norm_tf
    assert not hasattr(ag, "inv")  # TF has no top-level inv
