"""autograd_lite.scipy.linalg: values against SciPy and derivatives to second order."""
import numpy as np
import pytest
import scipy.linalg as sl

from autograd_lite.scipy import linalg

from ..core.gradcheck import check_grads

RNG = np.random.default_rng(5)
A = RNG.standard_normal((3, 3)) + 3 * np.eye(3)
SPD = A @ A.T


@pytest.mark.parametrize("rhs_shape", [(3,), (3, 2)])
@pytest.mark.parametrize("unit_diagonal", [False, True])
@pytest.mark.parametrize("trans", [0, 1, "T"])
@pytest.mark.parametrize("lower", [True, False])
def test_solve_triangular(lower, trans, unit_diagonal, rhs_shape):
    b = RNG.standard_normal(rhs_shape)
    options = dict(trans=trans, lower=lower, unit_diagonal=unit_diagonal)
    np.testing.assert_allclose(linalg.solve_triangular(A, b, **options).numpy(),
                               sl.solve_triangular(A, b, **options), rtol=1e-12)
    check_grads(lambda a, r: linalg.solve_triangular(a, r, **options), A, b, order=2)


def test_solve_triangular_reads_one_triangle_and_its_gradient_stays_there():
    # the upper triangle is never read: changing it changes nothing, its gradient is zero
    b = RNG.standard_normal(3)
    junk = A + np.triu(np.full((3, 3), 100.0), 1)
    np.testing.assert_allclose(linalg.solve_triangular(junk, b, lower=True).numpy(),
                               linalg.solve_triangular(np.tril(A), b, lower=True).numpy())
    import autograd_lite as ag
    a = ag.constant(A)
    with ag.GradientTape() as tape:
        tape.watch(a)
        y = ag.sum(linalg.solve_triangular(a, b, lower=True))
    np.testing.assert_array_equal(np.triu(tape.gradient(y, a).numpy(), 1), 0)


def test_solve_triangular_batched():
    a = RNG.standard_normal((2, 3, 3)) + 3 * np.eye(3)
    b = RNG.standard_normal((2, 3, 2))
    np.testing.assert_allclose(linalg.solve_triangular(a, b, lower=True).numpy(),
                               sl.solve_triangular(a, b, lower=True), rtol=1e-12)
    check_grads(lambda x, y: linalg.solve_triangular(x, y, lower=True), a, b, order=2)


@pytest.mark.parametrize("lower", [False, True])
def test_cho_factor_and_cho_solve(lower):
    b = RNG.standard_normal((3, 2))
    c, flag = linalg.cho_factor(SPD, lower=lower)
    expected_c, expected_flag = sl.cho_factor(SPD, lower=lower)
    assert flag == expected_flag
    triangle = np.tril if lower else np.triu  # SciPy leaves other numbers in the other one
    np.testing.assert_allclose(c.numpy(), triangle(expected_c), rtol=1e-12)
    np.testing.assert_allclose(linalg.cho_solve((c, flag), b).numpy(),
                               sl.cho_solve((expected_c, expected_flag), b), rtol=1e-12)
    check_grads(lambda a, r: linalg.cho_solve(linalg.cho_factor(a, lower=lower), r), SPD, b,
                order=2)


def test_solve_sylvester():
    b, q = RNG.standard_normal((2, 2)) + 3 * np.eye(2), RNG.standard_normal((3, 2))
    np.testing.assert_allclose(linalg.solve_sylvester(A, b, q).numpy(),
                               sl.solve_sylvester(A, b, q), rtol=1e-12)
    check_grads(linalg.solve_sylvester, A, b, q, order=2)


def test_sqrtm():
    root = linalg.sqrtm(SPD)
    np.testing.assert_allclose(root.numpy(), sl.sqrtm(SPD), rtol=1e-10)
    np.testing.assert_allclose(root.numpy() @ root.numpy(), SPD, rtol=1e-10)
    check_grads(linalg.sqrtm, SPD, order=2)
    # by hand: √ of diag(4, 9) is diag(2, 3); d√a/da = 1/(2√a) on the diagonal
    import autograd_lite as ag
    a = ag.constant(np.diag([4.0, 9.0]))
    with ag.GradientTape() as tape:
        tape.watch(a)
        y = ag.sum(linalg.sqrtm(a) * np.eye(2))
    np.testing.assert_allclose(tape.gradient(y, a).numpy(), np.diag([0.25, 1 / 6]), atol=1e-12)


def test_sqrtm_of_a_matrix_with_a_complex_root_is_refused():
    with pytest.raises(TypeError, match="sqrtm: the square root of this matrix is complex"):
        linalg.sqrtm(np.array([[-1.0, 0.0], [0.0, 1.0]]))


@pytest.mark.parametrize("shape", [(3, 3), (2, 3, 3)])
def test_expm(shape):
    a = 0.5 * RNG.standard_normal(shape)
    np.testing.assert_allclose(linalg.expm(a).numpy(), sl.expm(a), rtol=1e-12)
    check_grads(linalg.expm, a, order=2)


def test_expm_by_hand():
    # expm(t [[0, 1], [0, 0]]) = [[1, t], [0, 1]]: the corner's derivative in t is 1
    import autograd_lite as ag
    t = ag.constant(np.float64(0.7))
    with ag.GradientTape() as tape:
        tape.watch(t)
        y = linalg.expm(t * np.array([[0.0, 1.0], [0.0, 0.0]]))[0, 1]
    assert float(y) == pytest.approx(0.7)
    assert float(tape.gradient(y, t)) == pytest.approx(1.0)
