"""Elementwise math (ops/elementwise.py): values against NumPy/SciPy, first and second
derivatives against central differences in float64 at several shapes (points away from poles
and kinks), and the rules worth stating by hand: limits, ties, NaN, no-gradient ops."""
import math

import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.testing import check_grads

SHAPES = [(), (3,), (2, 3)]


def _points(shape, low, high, seed=0):
    return np.random.default_rng(seed).uniform(low, high, size=shape)


# name -> (NumPy function, interval of the reference points)
UNARY = {
    "tan": (np.tan, (-1.2, 1.2)),
    "arcsin": (np.arcsin, (-0.9, 0.9)),
    "arccos": (np.arccos, (-0.9, 0.9)),
    "arctan": (np.arctan, (-3.0, 3.0)),
    "sinh": (np.sinh, (-2.0, 2.0)),
    "cosh": (np.cosh, (-2.0, 2.0)),
    "arcsinh": (np.arcsinh, (-3.0, 3.0)),
    "arccosh": (np.arccosh, (1.2, 4.0)),
    "arctanh": (np.arctanh, (-0.9, 0.9)),
    "sinc": (np.sinc, (-2.3, 2.3)),
    "deg2rad": (np.deg2rad, (-200.0, 200.0)),
    "rad2deg": (np.rad2deg, (-3.0, 3.0)),
    "exp2": (np.exp2, (-3.0, 3.0)),
    "expm1": (np.expm1, (-2.0, 2.0)),
    "log2": (np.log2, (0.2, 5.0)),
    "log10": (np.log10, (0.2, 5.0)),
    "log1p": (np.log1p, (-0.8, 5.0)),
    "reciprocal": (np.reciprocal, (0.3, 3.0)),
    "cbrt": (np.cbrt, (0.3, 8.0)),
    "fabs": (np.fabs, (0.2, 3.0)),
    "real": (np.real, (-3.0, 3.0)),
    "conj": (np.conjugate, (-3.0, 3.0)),
    "nan_to_num": (np.nan_to_num, (-3.0, 3.0)),
}

BINARY = {
    "fmax": (np.fmax, (-3.0, 3.0), (-3.0, 3.0)),
    "fmin": (np.fmin, (-3.0, 3.0), (-3.0, 3.0)),
    "logaddexp": (np.logaddexp, (-3.0, 3.0), (-3.0, 3.0)),
    "logaddexp2": (np.logaddexp2, (-3.0, 3.0), (-3.0, 3.0)),
    "arctan2": (np.arctan2, (-3.0, 3.0), (0.5, 3.0)),
    "hypot": (np.hypot, (0.5, 3.0), (-3.0, -0.5)),
    "copysign": (np.copysign, (0.5, 3.0), (-3.0, 3.0)),
    "heaviside": (np.heaviside, (-3.0, 3.0), (0.2, 0.8)),
    "true_divide": (np.true_divide, (-3.0, 3.0), (0.5, 3.0)),
    "float_power": (np.float_power, (0.3, 3.0), (-2.0, 2.0)),
    "xlogy": (None, (-3.0, 3.0), (0.3, 3.0)),
    "xlog1py": (None, (-3.0, 3.0), (-0.7, 3.0)),
}


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_values_and_derivatives(name, shape):
    reference, (low, high) = UNARY[name]
    x = _points(shape, low, high, seed=len(name))
    fn = getattr(ag, name)
    out = fn(ag.constant(x))
    assert out.dtype == np.float64 and out.shape == shape
    np.testing.assert_allclose(out.numpy(), reference(x), rtol=1e-13)
    check_grads(fn, x, order=2)


def _reference(name, reference):
    if reference is not None:
        return reference
    special = pytest.importorskip("scipy.special")
    return getattr(special, name)


@pytest.mark.parametrize("shapes", [((), ()), ((3,), (3,)), ((2, 3), (3,)), ((2, 1), (1, 3))],
                         ids=str)
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_values_and_derivatives(name, shapes):
    reference, (low1, high1), (low2, high2) = BINARY[name]
    reference = _reference(name, reference)
    x1 = _points(shapes[0], low1, high1, seed=len(name))
    x2 = _points(shapes[1], low2, high2, seed=len(name) + 1)
    fn = getattr(ag, name)
    out = fn(ag.constant(x1), ag.constant(x2))
    np.testing.assert_allclose(out.numpy(), reference(x1, x2), rtol=1e-13)
    assert out.dtype == np.float64
    check_grads(fn, x1, x2, order=2)


# --- worked by hand ----------------------------------------------------------------------------
def _grad(fn, *args, argnum=0):
    xs = [ag.constant(np.asarray(a, dtype=np.float64)) for a in args]
    with ag.GradientTape() as tape:
        tape.watch(xs)
        y = ag.sum(fn(*xs))
    return tape.gradient(y, xs[argnum])


def test_tan_derivative_is_one_plus_tan_squared():
    # tan(π/4) = 1, so d/dx tan = 1 + 1 = 2 there.
    np.testing.assert_allclose(_grad(ag.tan, [math.pi / 4]).numpy(), [2.0])


def test_sinc_gradient_at_zero_is_its_limit():
    # sinc is even with a maximum at 0: the derivative is 0 there (not NaN from 0/0).
    assert _grad(ag.sinc, [0.0, 0.5]).numpy().tolist()[0] == 0.0
    # at x = 1/2: (cos(π/2) - sinc(1/2)) / (1/2) = -2 · (2/π) = -4/π
    np.testing.assert_allclose(_grad(ag.sinc, [0.5]).numpy(), [-4 / math.pi])


def test_xlogy_at_zero_x_gives_zero_value_and_gradients():
    # xlogy(0, 0) = 0; d/dx = log(y) and d/dy = x/y are both taken as 0 where x = 0 (TF).
    x, y = [0.0, 2.0], [0.0, 4.0]
    np.testing.assert_allclose(ag.xlogy(x, y).numpy(), [0.0, 2 * math.log(4.0)], rtol=1e-7)
    np.testing.assert_allclose(_grad(ag.xlogy, x, y, argnum=0).numpy(), [0.0, math.log(4.0)])
    np.testing.assert_allclose(_grad(ag.xlogy, x, y, argnum=1).numpy(), [0.0, 0.5])
    np.testing.assert_allclose(_grad(ag.xlog1py, x, [-1.0, 3.0], argnum=1).numpy(), [0.0, 0.5])


def test_fmax_and_fmin_ignore_nan_and_give_ties_to_the_first_input():
    x1, x2 = [1.0, np.nan, 2.0, 5.0], [1.0, 3.0, np.nan, 4.0]
    assert ag.fmax(x1, x2).numpy().tolist() == [1.0, 3.0, 2.0, 5.0]
    assert _grad(ag.fmax, x1, x2, argnum=0).numpy().tolist() == [1.0, 0.0, 1.0, 1.0]
    assert _grad(ag.fmax, x1, x2, argnum=1).numpy().tolist() == [0.0, 1.0, 0.0, 0.0]
    assert _grad(ag.fmin, x1, x2, argnum=0).numpy().tolist() == [1.0, 0.0, 1.0, 0.0]


def test_copysign_and_heaviside_gradients():
    # copysign(x1, x2) = ±x1: d/dx1 = sign(x1)·sign(x2); d/dx2 = 0 (connected).
    assert _grad(ag.copysign, [2.0, -2.0, 2.0], [-1.0, -1.0, 1.0]).numpy().tolist() == \
        [-1.0, 1.0, 1.0]
    assert _grad(ag.copysign, [2.0], [-1.0], argnum=1).numpy().tolist() == [0.0]
    # heaviside takes x2 only where x1 = 0; x1 is compared, so it gets no gradient.
    assert _grad(ag.heaviside, [-1.0, 0.0, 2.0], [0.5, 0.5, 0.5], argnum=1).numpy().tolist() == \
        [0.0, 1.0, 0.0]
    assert _grad(ag.heaviside, [-1.0, 0.0, 2.0], [0.5, 0.5, 0.5], argnum=0) is None


@pytest.mark.parametrize("name", ["floor", "ceil", "round", "rint", "trunc", "fix", "imag",
                                  "angle"])
def test_rounding_and_parts_have_no_gradient_as_in_tf(name):
    x = ag.constant([-1.5, 0.4, 2.5])
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = getattr(ag, name)(x)
        z = y + x
    assert tape.gradient(y, x) is None
    assert tape.gradient(z, x).numpy().tolist() == [1.0, 1.0, 1.0]
    zeros = tape.gradient(y, x, unconnected_gradients="zero")
    assert zeros.numpy().tolist() == [0.0, 0.0, 0.0]


def test_rounding_values_follow_numpy():
    x = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.675])
    for name in ["floor", "ceil", "rint", "trunc", "fix"]:
        np.testing.assert_array_equal(getattr(ag, name)(x).numpy(), getattr(np, name)(x))
    np.testing.assert_array_equal(ag.round(x).numpy(), np.round(x))
    np.testing.assert_array_equal(ag.round(x, decimals=2).numpy(), np.round(x, 2))
    np.testing.assert_array_equal(ag.angle(x, deg=True).numpy(), np.angle(x, deg=True))
    np.testing.assert_array_equal(ag.imag(x).numpy(), np.imag(x))


def test_nan_to_num_passes_the_gradient_only_where_finite():
    x = [1.0, np.nan, np.inf, -np.inf]
    out = ag.nan_to_num(x, nan=-1.0, posinf=10.0, neginf=-10.0)
    assert out.numpy().tolist() == [1.0, -1.0, 10.0, -10.0]
    assert _grad(lambda t: ag.nan_to_num(t, posinf=1.0), x).numpy().tolist() == \
        [1.0, 0.0, 0.0, 0.0]


def test_float_power_computes_in_float64_and_returns_gradients_in_the_input_dtype():
    x = ag.constant([2.0, 3.0])  # float32
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = ag.sum(ag.float_power(x, 2))
    assert y.dtype == np.float64
    grad = tape.gradient(y, x)
    assert grad.dtype == np.float32 and grad.numpy().tolist() == [4.0, 6.0]


def test_float32_agrees_with_float64():
    x = _points((4,), 0.3, 0.9, seed=3)
    for name in ["tan", "arcsin", "log1p", "expm1", "cbrt", "sinc", "arctanh"]:
        fn = getattr(ag, name)
        g64 = _grad(fn, x).numpy()
        x32 = ag.constant(x.astype(np.float32))
        with ag.GradientTape() as tape:
            tape.watch(x32)
            y = ag.sum(fn(x32))
        g32 = tape.gradient(y, x32)
        assert g32.dtype == np.float32
        np.testing.assert_allclose(g32.numpy(), g64, rtol=2e-5, err_msg=name)


@pytest.mark.parametrize("name", ["real", "imag", "conj", "angle", "fabs", "nan_to_num"])
def test_complex_input_is_a_type_error_naming_the_op(name):
    with pytest.raises(TypeError, match=name):
        getattr(ag, name)(np.array([1 + 2j]))


def test_integer_reciprocal_is_refused_rather_than_truncated():
    with pytest.raises(TypeError, match="reciprocal"):
        ag.reciprocal(np.array([2, 4]))


def test_registry_declares_numpy_tf_and_scipy_names():
    from autograd_lite.primitive import REGISTRY
    assert REGISTRY["log1p"].numpy == (np.log1p,) and REGISTRY["log1p"].tf == ("math.log1p",)
    assert REGISTRY["xlogy"].scipy == ("special.xlogy",)
    assert REGISTRY["deg2rad"].numpy == (np.deg2rad, np.radians)
    assert REGISTRY["arctan2"].elementwise and REGISTRY["tan"].primitive.input_names == ("x",)
    assert REGISTRY["true_divide"].primitive is None  # a composite of divide
