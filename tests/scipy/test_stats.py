"""autograd_lite.scipy.stats: densities and CDFs against SciPy (inside and outside the
support), gradients in every float argument (loc and scale too) to second order."""
import math

import numpy as np
import pytest
import scipy.stats as st

import autograd_lite as ag
from autograd_lite.scipy import stats

from ..core.gradcheck import check_grads

RNG = np.random.default_rng(11)
X = RNG.uniform(0.2, 0.8, 4)
LOC, SCALE = np.full(4, 0.1), np.full(4, 1.3)

# name: (points, shape parameters); x is moved into each family's support
FAMILIES = {
    "norm": (X - 0.5, ()),
    "t": (X - 0.5, (np.array([1.5, 3.0, 7.0, 30.0]),)),
    "gamma": (X + 1, (np.array([0.7, 1.0, 2.5, 4.0]),)),
    "chi2": (X + 1, (np.array([1.4, 2.0, 5.0, 8.0]),)),
    "beta": (X * 0.9 + 0.1, (np.array([0.7, 1.0, 2.5, 4.0]), np.array([1.5, 0.8, 3.0, 1.0]))),
}


def _both(family, function):
    return getattr(getattr(stats, family), function), getattr(getattr(st, family), function)


@pytest.mark.parametrize("function", ["pdf", "logpdf", "cdf", "logcdf"])
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_values_against_scipy(family, function):
    x, shapes = FAMILIES[family]
    ours, theirs = _both(family, function)
    np.testing.assert_allclose(ours(x, *shapes).numpy(), theirs(x, *shapes), rtol=1e-12)
    scaled_x = x * SCALE + LOC
    np.testing.assert_allclose(ours(scaled_x, *shapes, loc=LOC, scale=SCALE).numpy(),
                               theirs(scaled_x, *shapes, loc=LOC, scale=SCALE), rtol=1e-12)


@pytest.mark.parametrize("function", ["pdf", "logpdf", "cdf", "logcdf"])
@pytest.mark.parametrize("family", ["gamma", "beta", "chi2"])
def test_outside_the_support_as_scipy(family, function):
    _, shapes = FAMILIES[family]
    x = np.array([-1.0, 1.5, 0.0, 1.0])
    ours, theirs = _both(family, function)
    np.testing.assert_allclose(ours(x, *shapes).numpy(), theirs(x, *shapes), rtol=1e-12)


def test_a_non_positive_scale_gives_nan_as_scipy():
    assert np.isnan(float(stats.norm.logpdf(np.float64(1.0), scale=-1.0)))
    assert np.isnan(st.norm.logpdf(1.0, scale=-1.0))


@pytest.mark.parametrize("function", ["pdf", "logpdf", "cdf", "logcdf"])
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_gradients_in_x_loc_scale_and_the_shapes(family, function):
    x, shapes = FAMILIES[family]
    f, _ = _both(family, function)
    check_grads(lambda v, loc, scale, *s: f(v, *s, loc=loc, scale=scale),
                x * SCALE + LOC, LOC, SCALE, *shapes, order=2)


def test_norm_extras_and_tails():
    x = X - 0.5
    for function in ("sf", "logsf"):
        ours, theirs = _both("norm", function)
        np.testing.assert_allclose(ours(x, LOC, SCALE).numpy(), theirs(x, LOC, SCALE),
                                   rtol=1e-12)
        check_grads(ours, x, LOC, SCALE, order=2)
    np.testing.assert_allclose(stats.norm.ppf(X, LOC, SCALE).numpy(), st.norm.ppf(X, LOC, SCALE),
                               rtol=1e-12)
    check_grads(stats.norm.ppf, X, LOC, SCALE, order=2)
    assert float(stats.norm.logcdf(np.float64(-40.0))) == pytest.approx(st.norm.logcdf(-40.0))


def test_norm_by_hand():
    # logpdf(x) = -x²/2 - log √(2π); d/dx = -x, d/dloc = x, d/dscale = x² - 1 (at loc 0, scale 1)
    x, loc, scale = (ag.constant(np.float64(v)) for v in (0.5, 0.0, 1.0))
    with ag.GradientTape() as tape:
        tape.watch([x, loc, scale])
        y = stats.norm.logpdf(x, loc, scale)
    assert float(y) == pytest.approx(-0.125 - 0.5 * math.log(2 * math.pi))
    grads = [float(g) for g in tape.gradient(y, [x, loc, scale])]
    np.testing.assert_allclose(grads, [-0.5, 0.5, 0.25 - 1.0])


@pytest.mark.parametrize("function", ["pmf", "logpmf", "cdf", "logcdf"])
def test_poisson(function):
    k = np.array([0, 1, 4, -1, 2.5, 3])
    mu = np.array([0.5, 2.0, 3.0, 1.0, 1.0, 4.0])
    ours, theirs = _both("poisson", function)
    np.testing.assert_allclose(ours(k, mu).numpy(), theirs(k, mu), rtol=1e-12)
    np.testing.assert_allclose(ours(k, mu, loc=1).numpy(), theirs(k, mu, loc=1), rtol=1e-12)
    check_grads(lambda m: ours(k[[0, 1, 2, 5]], m), mu[[0, 1, 2, 5]], order=2)


def test_poisson_by_hand():
    # log P(k; μ) = k log μ - μ - log k!: d/dμ = k/μ - 1
    mu = ag.constant(np.float64(2.0))
    with ag.GradientTape() as tape:
        tape.watch(mu)
        y = stats.poisson.logpmf(3, mu)
    assert float(y) == pytest.approx(3 * math.log(2) - 2 - math.log(6))
    assert float(tape.gradient(y, mu)) == pytest.approx(0.5)


@pytest.mark.parametrize("function", ["pdf", "logpdf"])
def test_multivariate_normal(function):
    ours, theirs = _both("multivariate_normal", function)
    mean = RNG.standard_normal(3)
    root = RNG.standard_normal((3, 3))
    cov = root @ root.T + 3 * np.eye(3)
    x = RNG.standard_normal((4, 3))
    np.testing.assert_allclose(ours(x, mean, cov).numpy(), theirs(x, mean, cov), rtol=1e-12)
    np.testing.assert_allclose(ours(x[0], mean, cov).numpy(), theirs(x[0], mean, cov),
                               rtol=1e-12)
    np.testing.assert_allclose(ours(x, mean, np.diag(cov)).numpy(),
                               theirs(x, mean, np.diag(cov)), rtol=1e-12)
    np.testing.assert_allclose(ours(x[:, 0], 0.5, 2.0).numpy(), theirs(x[:, 0], 0.5, 2.0),
                               rtol=1e-12)
    np.testing.assert_allclose(ours(x, cov=cov).numpy(), theirs(x, cov=cov), rtol=1e-12)
    check_grads(ours, x, mean, cov, order=2)


def test_multivariate_normal_by_hand():
    # standard normal in 2-d at 0: -log 2π; the gradient in x is -Σ⁻¹(x - μ) = 0 there
    assert float(stats.multivariate_normal.logpdf([0.0, 0.0], [0.0, 0.0], np.eye(2))) == \
        pytest.approx(-math.log(2 * math.pi), rel=1e-6)


@pytest.mark.parametrize("function", ["pdf", "logpdf"])
def test_dirichlet(function):
    ours, theirs = _both("dirichlet", function)
    alpha = np.array([1.5, 2.0, 3.0])
    points = RNG.dirichlet(alpha, 4).T  # SciPy: the components on the first axis
    np.testing.assert_allclose(ours(points, alpha).numpy(), theirs(points, alpha), rtol=1e-12)
    np.testing.assert_allclose(ours(points[:-1], alpha).numpy(), theirs(points[:-1], alpha),
                               rtol=1e-12)  # the last component left out: 1 minus the rest
    check_grads(lambda a: ours(points, a), alpha, order=2)
    check_grads(lambda p: ours(p / ag.sum(p, axis=0, keepdims=True), alpha), points, order=2)
    with pytest.raises(ValueError, match="dirichlet: the components of x must sum to 1"):
        ours(np.array([0.2, 0.2, 0.2]), alpha)


def test_dirichlet_by_hand():
    # Dirichlet(1, 1) is uniform on the segment: density 1
    assert float(stats.dirichlet.pdf([0.3, 0.7], [1.0, 1.0])) == pytest.approx(1.0)


def test_names_without_an_op_are_scipys_own():
    # rvs has no gradient to record: it is scipy.stats' sampler itself (HIPS autograd's tests
    # draw their points with stats.dirichlet.rvs), and an unknown name says whose it is not
    draws = stats.dirichlet.rvs([1.0, 2.0, 3.0], size=4, random_state=7)
    np.testing.assert_array_equal(draws, st.dirichlet.rvs([1.0, 2.0, 3.0], size=4,
                                                          random_state=7))
    np.testing.assert_allclose(draws.sum(axis=1), np.ones(4))
    with pytest.raises(AttributeError, match="nor has scipy.stats.norm"):
        _ = stats.norm.no_such_function


def test_frozen_distributions_as_scipy():
    x = X - 0.5
    np.testing.assert_allclose(stats.norm(LOC, SCALE).logpdf(x).numpy(),
                               st.norm(LOC, SCALE).logpdf(x), rtol=1e-12)
    np.testing.assert_allclose(stats.t(3.0, scale=2.0).cdf(x).numpy(),
                               st.t(3.0, scale=2.0).cdf(x), rtol=1e-12)
    np.testing.assert_allclose(stats.poisson(2.0).pmf(np.array([0, 1, 3])).numpy(),
                               st.poisson(2.0).pmf([0, 1, 3]), rtol=1e-12)
    mean, cov = np.zeros(2), np.eye(2) * 2.0
    np.testing.assert_allclose(
        stats.multivariate_normal(mean, cov).logpdf(np.ones((3, 2))).numpy(),
        st.multivariate_normal(mean, cov).logpdf(np.ones((3, 2))), rtol=1e-12)
    mu = ag.constant(np.float64(0.3))
    with ag.GradientTape() as tape:
        tape.watch(mu)
        y = stats.norm(mu, 1.0).logpdf(np.float64(1.0))
    assert float(tape.gradient(y, mu)) == pytest.approx(0.7)  # d/dμ of -(x-μ)²/2


def test_frozen_names_without_an_op_are_scipys_frozen_own():
    # norm(1, 2).rvs(size=3) called our frozen wrapper as rvs(x, 1, 2): a TypeError on size
    np.testing.assert_array_equal(stats.norm(1.0, 2.0).rvs(size=3, random_state=4),
                                  st.norm(1.0, 2.0).rvs(size=3, random_state=4))
    assert stats.gamma(3.0, scale=2.0).mean() == pytest.approx(6.0)  # shape * scale
    assert float(stats.norm(1.0, 2.0).cdf(1.0)) == 0.5  # an op: still ours, a Tensor
