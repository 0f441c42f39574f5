"""autograd_lite.scipy.special: values against SciPy, derivatives against central differences
to second order, float32, and values worked by hand."""
import math

import numpy as np
import pytest
import scipy.special as ss

import autograd_lite as ag
from autograd_lite.scipy import special

from ..core.gradcheck import check_grads

RNG = np.random.default_rng(7)
POSITIVE = RNG.uniform(0.5, 3.0, (3, 2))
PROBABILITY = RNG.uniform(0.1, 0.9, (3, 2))

UNARY = {  # name: the points to check at
    "gammaln": POSITIVE, "digamma": POSITIVE, "psi": POSITIVE, "gamma": POSITIVE,
    "rgamma": POSITIVE, "erf": POSITIVE - 1.5, "erfc": POSITIVE - 1.5, "erfinv": PROBABILITY,
    "erfcinv": PROBABILITY + 0.5, "logit": PROBABILITY, "expit": POSITIVE - 1.5,
    "log_expit": POSITIVE - 1.5, "ndtr": POSITIVE - 1.5, "log_ndtr": POSITIVE - 1.5,
    "ndtri": PROBABILITY, "i0": POSITIVE - 1.5, "i1": POSITIVE - 1.5, "j0": POSITIVE,
    "j1": POSITIVE, "y0": POSITIVE, "y1": POSITIVE,
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_functions(name):
    x = UNARY[name]
    f = getattr(special, name)
    np.testing.assert_allclose(f(x).numpy(), getattr(ss, name)(x), rtol=1e-13)
    check_grads(f, x, order=2)
    assert f(x.astype(np.float32)).dtype == np.float32
    np.testing.assert_allclose(f(x.astype(np.float32)).numpy(), getattr(ss, name)(x),
                               rtol=1e-5, atol=1e-6)


ORDERED = {  # name: (order, points): the order takes no gradient
    "polygamma": (2, POSITIVE), "iv": (1.5, POSITIVE), "ive": (0.5, POSITIVE),
    "jn": (3, POSITIVE), "jv": (2.5, POSITIVE), "yn": (2, POSITIVE), "yv": (1.5, POSITIVE),
}


@pytest.mark.parametrize("name", sorted(ORDERED))
def test_functions_with_an_order(name):
    order, x = ORDERED[name]
    f = getattr(special, name)
    np.testing.assert_allclose(f(order, x).numpy(), getattr(ss, name)(order, x), rtol=1e-12)
    check_grads(lambda v: f(order, v), x, order=2)


@pytest.mark.parametrize("name", ["beta", "betaln"])
def test_beta_functions_in_both_arguments(name):
    a, b = POSITIVE, POSITIVE[::-1]
    f = getattr(special, name)
    np.testing.assert_allclose(f(a, b).numpy(), getattr(ss, name)(a, b), rtol=1e-13)
    check_grads(f, a, b, order=2)
    check_grads(f, a, np.array(2.0), order=2)  # a broadcast argument sums back


@pytest.mark.parametrize("name", ["gammainc", "gammaincc"])
def test_incomplete_gamma_in_both_arguments(name):
    f = getattr(special, name)
    a = np.array([[0.3, 1.0], [2.5, 7.0], [4.0, 12.0]])
    np.testing.assert_allclose(f(a, POSITIVE * 3).numpy(), getattr(ss, name)(a, POSITIVE * 3),
                               rtol=1e-13)
    check_grads(f, a, POSITIVE * 3, order=2)


def test_incomplete_beta_in_all_three_arguments():
    a, b = np.array([[0.5, 2.0], [1.0, 3.0], [10.0, 0.7]]), POSITIVE[::-1]
    x = np.array([[0.05, 0.5], [0.9, 0.3], [0.7, 0.95]])  # both sides of the series' swap
    np.testing.assert_allclose(special.betainc(a, b, x).numpy(), ss.betainc(a, b, x),
                               rtol=1e-13)
    check_grads(special.betainc, a, b, x, order=2)


def test_student_t_cdf_in_both_arguments():
    t, df = POSITIVE - 1.5, np.array([[1.5, 3.0], [7.0, 30.0], [2.0, 0.8]])
    np.testing.assert_allclose(special.stdtr(df, t).numpy(), ss.stdtr(df, t), rtol=1e-13)
    check_grads(special.stdtr, df, t, order=2)
    check_grads(special.stdtr, np.array([3.0]), np.array([0.0]), order=2)  # smooth at t = 0


def test_shape_derivatives_by_hand():
    # P(1, x) = 1 - e^-x, and ∂P/∂a at a = 1 is -e^-x (log x + γ) + E₁-terms: check the
    # closed form of I_x(a, 1) = xᵃ instead: ∂/∂a = xᵃ log x, ∂²/∂a² = xᵃ log² x
    a = ag.constant(np.float64(2.0))
    with ag.GradientTape() as outer:
        outer.watch(a)
        with ag.GradientTape() as inner:
            inner.watch(a)
            y = special.betainc(a, 1.0, 0.3)
        first = inner.gradient(y, a)
    second = outer.gradient(first, a)
    assert float(y) == pytest.approx(0.09)
    assert float(first) == pytest.approx(0.09 * math.log(0.3), rel=1e-12)
    assert float(second) == pytest.approx(0.09 * math.log(0.3) ** 2, rel=1e-10)


def test_a_third_derivative_in_a_shape_parameter_says_it_is_not_implemented():
    a = ag.constant(np.float64(2.0))
    with ag.GradientTape() as third:
        third.watch(a)
        with ag.GradientTape() as second:
            second.watch(a)
            with ag.GradientTape() as first:
                first.watch(a)
                y = special.gammainc(a, 1.0)
            d1 = first.gradient(y, a)
        d2 = second.gradient(d1, a)
    with pytest.raises(NotImplementedError, match="third derivative"):
        third.gradient(d2, a)


def test_values_by_hand():
    assert float(special.gammaln(5.0)) == pytest.approx(math.log(24))
    assert float(special.digamma(np.float64(1.0))) == pytest.approx(-0.5772156649015329)
    assert float(special.polygamma(1, np.float64(1.0))) == pytest.approx(math.pi ** 2 / 6)
    assert float(special.beta(np.float64(2.0), 3.0)) == pytest.approx(1 / 12)
    # d/dx gammaln(x) at 1 is ψ(1) = -γ; d/dx logit at 1/2 is 1/(p(1-p)) = 4
    x = ag.constant(np.array([1.0, 0.5]))
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = special.gammaln(x[0])
        z = special.logit(x[1])
    assert float(tape.gradient(y, x)[0]) == pytest.approx(-0.5772156649015329)
    assert float(tape.gradient(z, x)[1]) == pytest.approx(4.0)
    assert float(special.multigammaln(np.float64(3.0), 2)) == pytest.approx(
        ss.multigammaln(3.0, 2))


def test_multigammaln():
    a = POSITIVE + 2
    np.testing.assert_allclose(special.multigammaln(a, 3).numpy(), ss.multigammaln(a, 3),
                               rtol=1e-13)
    check_grads(lambda v: special.multigammaln(v, 3), a, order=2)
    with pytest.raises(ValueError, match="multigammaln: a must be greater than"):
        special.multigammaln(0.5, 3)


@pytest.mark.parametrize("axis", [None, 0, 1, (0, 1)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_logsumexp_with_b_and_sign(axis, keepdims):
    a, b = POSITIVE, PROBABILITY - 0.4  # some weights negative
    expected, expected_sign = ss.logsumexp(a, axis=axis, b=b, keepdims=keepdims,
                                           return_sign=True)
    value, sign = special.logsumexp(a, axis=axis, b=b, keepdims=keepdims, return_sign=True)
    np.testing.assert_allclose(value.numpy(), expected, rtol=1e-12)
    np.testing.assert_array_equal(sign.numpy(), expected_sign)
    check_grads(lambda x, w: special.logsumexp(x, axis=axis, b=w, keepdims=keepdims,
                                               return_sign=True)[0], a, b, order=2)
    positive = PROBABILITY
    np.testing.assert_allclose(special.logsumexp(a, axis=axis, b=positive,
                                                 keepdims=keepdims).numpy(),
                               ss.logsumexp(a, axis=axis, b=positive, keepdims=keepdims),
                               rtol=1e-12)
    np.testing.assert_allclose(special.logsumexp(a, axis=axis, keepdims=keepdims).numpy(),
                               ss.logsumexp(a, axis=axis, keepdims=keepdims), rtol=1e-12)


def test_logsumexp_by_hand_and_at_large_values():
    assert float(special.logsumexp([0.0, 0.0], b=[2.0, -1.0])) == 0.0  # log(2 - 1)
    assert float(special.logsumexp(np.array([1000.0, 1000.0]), b=[0.5, 0.5])) == 1000.0


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("axis", [None, 0, -1])
def test_softmax_family_with_scipy_axis_default(name, axis):
    f = getattr(special, name)
    np.testing.assert_allclose(f(POSITIVE, axis=axis).numpy(),
                               getattr(ss, name)(POSITIVE, axis=axis), rtol=1e-13)
    check_grads(lambda x: f(x, axis=axis), POSITIVE, order=2)


@pytest.mark.parametrize("name", ["xlogy", "xlog1py"])
def test_xlogy_and_xlog1py_come_from_the_elementwise_ops(name):
    # declared once, with the elementwise ops (ops/elementwise.py), under scipy="special.<name>"
    from autograd_lite.registry import REGISTRY
    owners = [entry for entry in REGISTRY.values() if f"special.{name}" in entry.scipy]
    assert [entry.module for entry in owners] == ["autograd_lite.ops.elementwise"]
    f = getattr(special, name)
    np.testing.assert_allclose(f(PROBABILITY, POSITIVE).numpy(),
                               getattr(ss, name)(PROBABILITY, POSITIVE), rtol=1e-13)
    check_grads(f, PROBABILITY, POSITIVE, order=2)
    assert float(f(np.float64(0.0), 0.0)) == 0.0  # 0 · log 0 = 0, as SciPy
