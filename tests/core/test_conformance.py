"""What running peers' own tests against autograd_lite found (HIPS autograd's test suite through
a thin adapter, TensorFlow's and Keras's guides with the names changed): each case here is one
such failure, fixed, with values checked by hand or against central differences."""
import numpy as np
import pytest

import autograd_lite as ag
import autograd_lite.numpy as anp

from .gradcheck import check_grads


def test_append_takes_one_array_of_values():
    # np.append(arr, values): values is one array (a 0-d Tensor too), not a list of arrays
    got = anp.append(np.array([1.0, 2.0]), ag.constant(4.0, dtype="float64"))
    np.testing.assert_array_equal(got.numpy(), [1.0, 2.0, 4.0])
    np.testing.assert_array_equal(anp.insert(np.array([1.0, 2.0]), 1, 5.0).numpy(), [1, 5, 2])
    check_grads(lambda a, b: anp.append(a, b) ** 2, [1.0, 2.0, 3.0], 4.0)
    # d/db sum((a ++ b)**2 * [1 2 3 4]) = 2 * b * 4 at b = 4: 32
    g = ag.grad(lambda b: anp.sum(anp.append(np.ones(3), b) ** 2 * np.arange(1.0, 5.0)))
    assert float(g(ag.constant(4.0, dtype="float64"))) == 32.0


def test_an_unknown_keyword_is_named_as_such():
    # HIPS's convolve takes axes= and dot_axes= (SciPy's does not): the error named mode
    # ("mode must be a number") instead of the keyword the op does not take
    from autograd_lite.ops.convolution import convolve

    with pytest.raises(TypeError, match=r"convolve: unexpected keyword argument 'axes' "
                                        r"\(its settings: mode, method\)"):
        convolve(np.ones(3), np.ones(2), axes=([0], [0]), mode="valid")
    with pytest.raises(TypeError, match="exp: unexpected keyword argument 'base'"):
        ag.exp(ag.constant([1.0]), base=2)


def test_einsum_takes_numpy_interleaved_sublists():
    # np.einsum(op0, sublist0, op1, sublist1, [out]) (HIPS's test_einsum2_*) was a TypeError
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    b = np.array([[0.5, -1.0], [2.0, 1.0]])
    # by hand: a @ b = [[4.5, 1], [9.5, 1]]; its transpose with [2, 0] as the output order
    np.testing.assert_allclose(anp.einsum(a, [0, 1], b, [1, 2]).numpy(), [[4.5, 1.0], [9.5, 1.0]])
    np.testing.assert_allclose(anp.einsum(a, [0, 1], b, [1, 2], [2, 0]).numpy(),
                               [[4.5, 9.5], [1.0, 1.0]])
    c = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_allclose(anp.einsum(c, [Ellipsis, 1], np.ones((4, 2)), [1, 2]).numpy(),
                               np.einsum(c, [Ellipsis, 1], np.ones((4, 2)), [1, 2]))
    check_grads(lambda x, y: anp.einsum(x, [0, 1], y, [1, 2], [2, 0]), a, b, order=2)
    with pytest.raises(TypeError, match="einsum: a sublist holds ints"):
        anp.einsum(a, ["i", "j"])


def test_numpy_gradient_on_the_tape():
    # np.gradient had no op: its result left the tape (HIPS test_gradient saw a zero gradient)
    f = np.array([1.0, 4.0, 9.0, 16.0, 25.0])  # x**2 at x = 1..5
    # by hand: ends (4-1)/1 = 3 and (25-16)/1 = 9, inside (f[i+1]-f[i-1])/2 = 2x
    np.testing.assert_allclose(anp.gradient(f).numpy(), [3.0, 4.0, 6.0, 8.0, 9.0])
    # second-order ends are exact on a parabola: 2x at x = 1 and 5
    np.testing.assert_allclose(anp.gradient(f, edge_order=2).numpy(), [2, 4, 6, 8, 10])
    # uneven coordinates x = 0, 1, 3 of f = x**2 (0, 1, 9): NumPy's weights are exact, 2x
    np.testing.assert_allclose(anp.gradient([0.0, 1.0, 9.0], [0.0, 1.0, 3.0],
                                            edge_order=2).numpy(), [0.0, 2.0, 6.0])
    rng = np.random.default_rng(3)
    g = rng.standard_normal((4, 5, 3))
    coords = np.cumsum(rng.uniform(0.5, 1.5, 5))
    for kwargs in ({}, {"axis": 1}, {"axis": (0, -1)}, {"edge_order": 2}):
        ours, numpys = anp.gradient(g, 0.5, **kwargs), np.gradient(g, 0.5, **kwargs)
        assert isinstance(ours, tuple) == isinstance(numpys, tuple)
        for a, b in zip(ours if isinstance(ours, tuple) else [ours],
                        numpys if isinstance(numpys, tuple) else [numpys]):
            np.testing.assert_allclose(a.numpy(), b, rtol=1e-12)
    np.testing.assert_allclose(anp.gradient(g, coords, axis=1, edge_order=2).numpy(),
                               np.gradient(g, coords, axis=1, edge_order=2), rtol=1e-12)
    assert np.gradient(ag.constant([1.0, 4.0, 9.0])).dtype == np.float32
    check_grads(lambda x: anp.gradient(x, axis=0) * anp.gradient(x, coords, axis=1),
                g[:, :, 0], order=2)
    with pytest.raises(ValueError, match="gradient: axis 0 has 2 points; edge_order=2"):
        anp.gradient([1.0, 2.0], edge_order=2)


def test_real_if_close_of_real_input_is_the_input():
    x = ag.constant([1.5, -2.0], dtype="float64")
    np.testing.assert_array_equal(anp.real_if_close(x).numpy(), [1.5, -2.0])
    check_grads(lambda x: anp.real_if_close(x) ** 3, [1.5, -2.0], order=2)


def test_gammasgn_is_the_sign_of_gamma():
    # scipy.special.gammasgn was missing (HIPS test_gammasgn): Γ(0.5) > 0, Γ(-0.5) = -2√π < 0,
    # Γ(-1.5) = 4√π/3 > 0; piecewise constant, so no gradient (None, as floor)
    from autograd_lite.scipy import special
    np.testing.assert_array_equal(special.gammasgn([0.5, -0.5, -1.5, 3.0]).numpy(),
                                  [1.0, -1.0, 1.0, 1.0])
    x = ag.constant([0.5, 2.0], dtype="float64")
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = ag.sum(special.gammasgn(x) * x)
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [1.0, 1.0])  # through x only


def test_multivariate_normal_entropy():
    # it was SciPy's own (a float off the tape, HIPS test_mvn_entropy): by hand, a diagonal
    # cov gives (1/2) sum log(2πe σᵢ²); its gradient in cov is inv(cov) / 2
    from autograd_lite.scipy import stats
    got = stats.multivariate_normal.entropy([0.0, 0.0], np.diag([2.0, 3.0]))
    assert float(got) == pytest.approx(0.5 * (np.log(2 * np.pi * np.e * 2.0)
                                              + np.log(2 * np.pi * np.e * 3.0)), rel=1e-12)
    assert float(stats.multivariate_normal.entropy(np.zeros(3), 2.0)) == pytest.approx(
        1.5 * np.log(2 * np.pi * np.e * 2.0), rel=1e-12)
    cov = np.array([[2.0, 0.5], [0.5, 1.0]])
    # (the lower triangle is read, as for logpdf: symmetrized, the gradient is the textbook one)
    g = ag.grad(lambda c: stats.multivariate_normal.entropy(None, (c + c.T) / 2))(cov)
    np.testing.assert_allclose(g.numpy(), np.linalg.inv(cov) / 2, rtol=1e-12)
    check_grads(lambda a: stats.multivariate_normal.entropy(None, a @ a.T + np.eye(2)),
                [[1.0, 0.3], [-0.2, 0.8]], order=2)


def test_solve_banded():
    # scipy.linalg.solve_banded was missing (HIPS test_solve_banded). By hand: ab holds the
    # tridiagonal [[2, 1, 0], [1, 2, 1], [0, 1, 2]] (upper row, diagonal, lower row); with
    # b = a @ [1, 2, 3] = [4, 8, 8] the solution is [1, 2, 3]
    import scipy.linalg

    from autograd_lite.scipy import linalg
    ab = np.array([[0.0, 1.0, 1.0], [2.0, 2.0, 2.0], [1.0, 1.0, 0.0]])
    np.testing.assert_allclose(linalg.solve_banded((1, 1), ab, [4.0, 8.0, 8.0]).numpy(),
                               [1.0, 2.0, 3.0], rtol=1e-6)
    rng = np.random.default_rng(5)
    ab = rng.standard_normal((4, 6)) + np.array([[0.0], [0.0], [4.0], [0.0]])
    b = rng.standard_normal((6, 2))
    np.testing.assert_allclose(linalg.solve_banded((1, 2), ab, b).numpy(),
                               scipy.linalg.solve_banded((1, 2), ab, b), rtol=1e-10)
    check_grads(lambda ab, b: linalg.solve_banded((1, 2), ab, b), ab, b, order=2)
    with pytest.raises(ValueError, match=r"solve_banded: ab must have l \+ u \+ 1 = 3 rows"):
        linalg.solve_banded((1, 1), np.ones((2, 3)), np.ones(3))


def test_multivariate_normal_with_a_singular_covariance():
    # allow_singular=True was NotImplementedError (HIPS test_mvn_sing_cov). With cov =
    # diag(1, 1, 0, 0) the density lives on the first two axes: by hand it is the standard
    # normal there, -log(2π) - |d|²/2 with d = x - mean, and -inf off that plane
    import scipy.stats as st

    from autograd_lite.scipy import stats
    cov = np.diag([1.0, 1.0, 0.0, 0.0])
    mean = np.array([0.1, 0.4, 0.0, 0.0])
    x = np.array([[0.3, -0.2, 0.0, 0.0], [0.3, 0.2, 0.5, 0.0]])
    got = stats.multivariate_normal.logpdf(x, mean, cov, allow_singular=True).numpy()
    assert got[0] == pytest.approx(-np.log(2 * np.pi) - (0.2 ** 2 + 0.6 ** 2) / 2, rel=1e-12)
    assert got[1] == -np.inf
    np.testing.assert_allclose(got, st.multivariate_normal.logpdf(x, mean, cov,
                                                                   allow_singular=True))
    # d/dx of the log-density on the plane: -(x - mean) in the first two axes
    g = ag.grad(lambda x: stats.multivariate_normal.logpdf(x, mean, cov, allow_singular=True))
    np.testing.assert_allclose(g(x[0]).numpy(), [-0.2, 0.6, 0.0, 0.0], atol=1e-12)

    def on_plane(x, m):  # HIPS's test: x moves only within the support
        x = anp.concatenate([x[:2], m[2:]])
        return stats.multivariate_normal.pdf(x, m, cov, allow_singular=True)
    check_grads(on_plane, x[0], mean, order=2)
    # a full-rank cov gives the Cholesky path's value, and gradients in cov too
    full = np.array([[2.0, 0.3], [0.3, 1.0]])
    assert float(stats.multivariate_normal.logpdf([0.5, -1.0], [0.0, 0.0], full,
                                                  allow_singular=True)) == pytest.approx(
        float(stats.multivariate_normal.logpdf([0.5, -1.0], [0.0, 0.0], full)), rel=1e-12)
    check_grads(lambda c: stats.multivariate_normal.logpdf(
        [0.5, -1.0], [0.0, 0.0], (c + c.T) / 2, allow_singular=True), full, order=2)
    with pytest.raises(ValueError, match="cov must be symmetric positive semidefinite"):
        stats.multivariate_normal.logpdf([0.0, 0.0], None, np.diag([1.0, -1.0]),
                                         allow_singular=True)


def test_check_grads_differences_each_output_before_summing():
    # HIPS's test_i0/test_i1 (x in [0.2, 20]) failed in ag.testing.check_grads though the VJP
    # is exact: the weighted sum of outputs up to 3e6 drowned the 1e-6 move of one small
    # output in rounding (error 5e-5 on a slope of 0.45). Differencing the outputs first
    # cancels the ones that do not move.
    from autograd_lite.scipy import special
    x = np.array([[17.1, 3.2], [1.35, 12.0], [19.9, 0.4]])
    ag.testing.check_grads(special.i0, x, order=2)
    ag.testing.check_grads(special.i1, x, order=2)

    @ag.custom_gradient
    def i0_wrong(t):  # a slope off by 1e-4 (relative) is still caught at these sizes
        return special.i0(t), lambda upstream: upstream * special.i1(t) * (1 + 1e-4)
    with pytest.raises(ag.testing.GradientCheckError, match="argument 0"):
        ag.testing.check_grads(i0_wrong, x)


def test_check_grads_names_a_wrong_custom_gradient():
    # looking for the op to blame replayed the custom_gradient op's forward, which raises
    # RuntimeError: a wrong custom gradient crashed check_grads instead of failing it
    @ag.custom_gradient
    def cube(t):
        return t ** 3, lambda upstream: upstream * 2 * t ** 2  # should be 3 t**2
    with pytest.raises(ag.testing.GradientCheckError, match=r"computed 2, central "
                                                             r"differences 3"):
        ag.testing.check_grads(cube, 1.0)
