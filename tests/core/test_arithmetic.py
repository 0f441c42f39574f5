"""Arithmetic ops: VJPs against central differences over the broadcasting grid, second
derivatives, and the conventions at kinks and ties worked by hand."""
import numpy as np
import pytest

import autograd_lite as ag

from .gradcheck import (BROADCAST_PAIRS, SHAPES, away_from, check_grads, distinct_pair,
                        pair_id, rng_for, shape_id, uniform)


def _divisor(rng, shape):
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 2.0, size=shape)


def _mod_pair(rng, shape_x, shape_y):
    """x and y whose broadcast quotients x/y stay away from integers (where x % y jumps)."""
    while True:
        x, y = uniform(rng, shape_x, -3.0, 3.0), _divisor(rng, shape_y)
        quotient = np.divide(x, y)
        if np.min(np.abs(quotient - np.round(quotient)), initial=np.inf) > 0.05:
            return x, y


BINARY = {
    "add": (ag.add, lambda rng, a, b: (uniform(rng, a), uniform(rng, b))),
    "subtract": (ag.subtract, lambda rng, a, b: (uniform(rng, a), uniform(rng, b))),
    "multiply": (ag.multiply, lambda rng, a, b: (uniform(rng, a), uniform(rng, b))),
    "divide": (ag.divide, lambda rng, a, b: (uniform(rng, a), _divisor(rng, b))),
    "power": (ag.power, lambda rng, a, b: (uniform(rng, a, 0.5, 2.0), uniform(rng, b))),
    "maximum": (ag.maximum, distinct_pair),
    "minimum": (ag.minimum, distinct_pair),
    "mod": (ag.mod, _mod_pair),
    "floor_divide": (ag.floor_divide, _mod_pair),
}


@pytest.mark.parametrize("pair", BROADCAST_PAIRS, ids=pair_id)
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_op_first_and_second_derivatives(name, pair):
    fn, make = BINARY[name]
    rng = rng_for(name, pair)
    x, y = make(rng, *pair)
    check_grads(fn, x, y, order=2)


@pytest.mark.parametrize("pair", BROADCAST_PAIRS, ids=pair_id)
@pytest.mark.parametrize("symbol", ["+", "-", "*", "/", "**"])
def test_operators_match_their_ops(symbol, pair):
    rng = np.random.default_rng(7)
    x, y = uniform(rng, pair[0], 0.5, 2.0), uniform(rng, pair[1], 0.5, 2.0)
    operator = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
                "/": lambda a, b: a / b, "**": lambda a, b: a ** b}[symbol]
    expected = operator(x, y)
    got = operator(ag.constant(x), ag.constant(y))
    assert isinstance(got, ag.Tensor) and got.dtype == np.float64
    np.testing.assert_allclose(got.numpy(), expected)
    check_grads(operator, x, y)


def _unary_cases():
    return {
        "negative": (ag.negative, lambda rng, s: uniform(rng, s)),
        "square": (ag.square, lambda rng, s: uniform(rng, s)),
        "sqrt": (ag.sqrt, lambda rng, s: uniform(rng, s, 0.5, 2.0)),
        "exp": (ag.exp, lambda rng, s: uniform(rng, s)),
        "log": (ag.log, lambda rng, s: uniform(rng, s, 0.5, 3.0)),
        "sin": (ag.sin, lambda rng, s: uniform(rng, s, -3.0, 3.0)),
        "cos": (ag.cos, lambda rng, s: uniform(rng, s, -3.0, 3.0)),
        "abs": (ag.abs, lambda rng, s: away_from(rng, s, [0.0])),
        "power_3": (lambda x: ag.power(x, 3), lambda rng, s: uniform(rng, s)),
        "power_half": (lambda x: x ** 0.5, lambda rng, s: uniform(rng, s, 0.5, 2.0)),
        "power_neg": (lambda x: x ** -1.5, lambda rng, s: uniform(rng, s, 0.5, 2.0)),
        "rpow": (lambda x: 2.0 ** x, lambda rng, s: uniform(rng, s)),
        "clip_scalars": (lambda x: ag.clip(x, -1.0, 0.5),
                         lambda rng, s: away_from(rng, s, [-1.0, 0.5], 0.05)),
        "erf": (ag.erf, lambda rng, s: uniform(rng, s, -2.5, 2.5)),
        "mod_scalar": (lambda x: x % 1.5, lambda rng, s: away_from(rng, s, [-1.5, 0.0, 1.5])),
        "rmod": (lambda y: 2.0 % y, lambda rng, s: uniform(rng, s, 0.52, 0.65)),
    }


UNARY = _unary_cases()


@pytest.mark.parametrize("shape", SHAPES, ids=shape_id)
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_op_first_and_second_derivatives(name, shape):
    fn, make = UNARY[name]
    rng = rng_for(name, shape)
    check_grads(fn, make(rng, shape), order=2)


@pytest.mark.parametrize("pair", BROADCAST_PAIRS, ids=pair_id)
def test_clip_with_array_bounds(pair):
    rng = np.random.default_rng(3)
    x_shape, bound_shape = pair
    lo = rng.uniform(-1.0, 0.0, size=bound_shape)
    hi = lo + rng.uniform(0.5, 1.5, size=bound_shape)
    x = rng.uniform(-2.5, 2.5, size=x_shape)
    # keep x off the bounds: there the derivative jumps
    while np.min(np.abs(np.subtract(x, lo)), initial=1) < 0.05 or \
            np.min(np.abs(np.subtract(x, hi)), initial=1) < 0.05:
        x = rng.uniform(-2.5, 2.5, size=x_shape)
    check_grads(ag.clip, x, lo, hi, order=2)


@pytest.mark.parametrize("pair", BROADCAST_PAIRS, ids=pair_id)
def test_where_routes_gradients_to_the_chosen_branch(pair):
    rng = np.random.default_rng(11)
    a, b = uniform(rng, pair[0]), uniform(rng, pair[1])
    cond = rng.uniform(size=np.broadcast_shapes(*pair)) > 0.5
    check_grads(lambda p, q: ag.where(cond, p * p, q * 3.0), a, b, order=2)


def test_where_gradient_by_hand():
    a = ag.constant([1.0, 2.0, 3.0])
    b = ag.constant(10.0)
    with ag.GradientTape() as tape:
        tape.watch([a, b])
        y = ag.where(ag.constant([True, False, True]), a, b)
    ga, gb = tape.gradient(y, [a, b])
    np.testing.assert_array_equal(y.numpy(), [1.0, 10.0, 3.0])
    np.testing.assert_array_equal(ga.numpy(), [1.0, 0.0, 1.0])
    assert gb.shape == () and float(gb) == 1.0


# --- values at kinks, ties and edges (hand-worked) -------------------------------------------
def _grad(fn, *values):
    xs = [ag.constant(np.array(v, dtype=np.float64)) for v in values]
    with ag.GradientTape() as tape:
        tape.watch(xs)
        y = fn(*xs)
    return [g if g is None else g.numpy() for g in tape.gradient(y, xs)]


def test_maximum_and_minimum_give_a_tie_to_the_first_input():
    # as TF's _MaximumGrad (x >= y) and _MinimumGrad (x <= y): the first input wins a tie
    gx, gy = _grad(ag.maximum, [1.0, 2.0, 3.0], [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(gx, [0.0, 1.0, 1.0])
    np.testing.assert_array_equal(gy, [1.0, 0.0, 0.0])
    gy, gx = _grad(ag.maximum, [2.0, 2.0, 2.0], [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(gy, [1.0, 1.0, 0.0])
    np.testing.assert_array_equal(gx, [0.0, 0.0, 1.0])
    gx, gy = _grad(ag.minimum, [1.0, 2.0, 3.0], [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(gx, [1.0, 1.0, 0.0])
    np.testing.assert_array_equal(gy, [0.0, 0.0, 1.0])


def test_scalar_ties_as_in_tensorflow():
    both = ag.grad(lambda a, b: ag.maximum(a, b), argnums=(0, 1))(1.0, 1.0)
    assert [float(g) for g in both] == [1.0, 0.0]
    both = ag.grad(lambda a, b: ag.minimum(a, b), argnums=(0, 1))(1.0, 1.0)
    assert [float(g) for g in both] == [1.0, 0.0]
    assert float(ag.grad(lambda a: ag.maximum(a, 0.0))(0.0)) == 1.0
    assert float(ag.grad(lambda a: ag.maximum(0.0, a))(0.0)) == 0.0
    assert float(ag.grad(lambda a: ag.minimum(a, 0.0))(0.0)) == 1.0


def test_maximum_tie_with_broadcast_scalar_goes_to_the_first_input():
    gx, gy = _grad(ag.maximum, [0.0, 0.0, 5.0], 0.0)
    np.testing.assert_array_equal(gx, [1.0, 1.0, 1.0])
    assert gy == 0.0
    gy, gx = _grad(ag.maximum, 0.0, [0.0, 0.0, 5.0])
    assert gy == 2.0
    np.testing.assert_array_equal(gx, [0.0, 0.0, 1.0])


def test_max_reduction_still_splits_ties_evenly():
    g = _grad(lambda x: ag.max(x), [1.0, 3.0, 3.0])[0]
    np.testing.assert_array_equal(g, [0.0, 0.5, 0.5])


def test_clip_passes_the_gradient_at_the_bounds():
    gx, glo, ghi = _grad(ag.clip, [-2.0, -1.0, 0.0, 1.0, 2.0], -1.0, 1.0)
    np.testing.assert_array_equal(gx, [0.0, 1.0, 1.0, 1.0, 0.0])
    assert glo == 1.0 and ghi == 1.0  # only the elements strictly outside


def test_abs_gradient_is_sign_and_zero_at_zero():
    (g,) = _grad(ag.abs, [-3.0, 0.0, 2.0])
    np.testing.assert_array_equal(g, [-1.0, 0.0, 1.0])


def test_power_exponent_gradient_at_zero_base_is_zero_not_nan():
    gx, gp = _grad(ag.power, [0.0, 2.0], [2.0, 3.0])
    np.testing.assert_allclose(gx, [0.0, 12.0])
    np.testing.assert_allclose(gp, [0.0, 8.0 * np.log(2.0)])
    assert np.all(np.isfinite(gp))


def test_power_with_negative_base_and_integer_exponent():
    (g,) = _grad(lambda x: x ** 3, [-2.0, -0.5])
    np.testing.assert_allclose(g, [12.0, 0.75])


def test_hand_worked_derivatives():
    assert _grad(lambda x: x ** 3, 2.0)[0] == pytest.approx(12.0)
    assert _grad(ag.sqrt, 4.0)[0] == pytest.approx(0.25)
    assert _grad(ag.log, 4.0)[0] == pytest.approx(0.25)
    assert _grad(ag.exp, 1.0)[0] == pytest.approx(np.e)
    assert _grad(ag.sin, 0.0)[0] == pytest.approx(1.0)
    assert _grad(ag.cos, np.pi / 2)[0] == pytest.approx(-1.0)
    gx, gy = _grad(ag.divide, 3.0, 2.0)
    assert (gx, gy) == (pytest.approx(0.5), pytest.approx(-0.75))
    gx, gy = _grad(ag.subtract, [1.0, 2.0], 5.0)
    np.testing.assert_array_equal(gx, [1.0, 1.0])
    assert gy == -2.0


def test_fan_out_gradients_add():
    # y = x*x + x*x*x used three times: dy/dx = 2x + 3x^2
    (g,) = _grad(lambda x: x * x + x * x * x, 2.0)
    assert g == pytest.approx(16.0)


def test_python_scalars_and_arrays_mix_on_either_side():
    x = ag.constant(np.array([1.0, 2.0]))
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = 3.0 * x + np.array([1.0, 1.0]) * x - x / 2.0 + 1.0 - 2.0 / x
    g = tape.gradient(y, x)
    np.testing.assert_allclose(g.numpy(), 3.0 + 1.0 - 0.5 + 2.0 / np.array([1.0, 4.0]))


def test_forward_values_match_numpy():
    rng = np.random.default_rng(5)
    x, y = rng.uniform(0.5, 2.0, (3, 2)), rng.uniform(0.5, 2.0, (2,))
    for name in ["add", "subtract", "multiply", "divide", "power", "maximum", "minimum"]:
        np.testing.assert_allclose(getattr(ag, name)(x, y).numpy(),
                                   getattr(np, name if name != "divide" else "true_divide")(x, y))
    for name in ["negative", "square", "sqrt", "exp", "log", "sin", "cos", "abs"]:
        np.testing.assert_allclose(getattr(ag, name)(x).numpy(), getattr(np, name)(x))
    np.testing.assert_allclose(ag.clip(x, 0.8, 1.2).numpy(), np.clip(x, 0.8, 1.2))


# --- mod (floormod) and floor_divide ----------------------------------------------------------
MOD_X = [7.0, -7.0, 7.0, -7.5]
MOD_Y = [3.0, 3.0, -3.0, 2.0]


def test_mod_and_floor_divide_follow_python_signs():
    x, y = ag.constant(MOD_X), ag.constant(MOD_Y)
    np.testing.assert_array_equal(ag.mod(x, y).numpy(), [1.0, 2.0, -2.0, 0.5])
    np.testing.assert_array_equal(ag.floor_divide(x, y).numpy(), [2.0, -3.0, -3.0, -4.0])
    assert [a % b for a, b in zip(MOD_X, MOD_Y)] == [1.0, 2.0, -2.0, 0.5]  # Python agrees
    np.testing.assert_array_equal((x % y).numpy(), ag.mod(x, y).numpy())
    np.testing.assert_array_equal((x // y).numpy(), ag.floor_divide(x, y).numpy())
    assert ag.floormod is ag.mod and ag.floordiv is ag.floor_divide  # TF's names


def test_mod_gradients_as_tensorflows_floormod():
    x, y = ag.constant(MOD_X), ag.constant(MOD_Y)
    gx, gy = _grad(ag.mod, x, y)
    np.testing.assert_array_equal(gx, [1.0, 1.0, 1.0, 1.0])
    np.testing.assert_array_equal(gy, [-2.0, 3.0, 3.0, 4.0])  # -floor(x / y)


def test_floor_divide_gradient_is_connected_zeros():
    gx, gy = _grad(lambda a, b: a // b, ag.constant(MOD_X), ag.constant(MOD_Y))
    np.testing.assert_array_equal(gx, [0.0, 0.0, 0.0, 0.0])
    np.testing.assert_array_equal(gy, [0.0, 0.0, 0.0, 0.0])


def test_mod_and_floor_divide_operators_on_either_side():
    t = ag.constant(np.array([2.5, -4.0]))
    cases = [(t % 3, [2.5, 2.0]), (10.0 % t, [0.0, -2.0]), (t // 2, [1.0, -2.0]),
             (10.0 // t, [4.0, -3.0]), (np.array([7.0, 7.0]) % t, [2.0, -1.0]),
             (np.mod(t, 3.0), [2.5, 2.0]), (np.remainder(7.0, t), [2.0, -1.0]),
             (np.floor_divide(t, 2.0), [1.0, -2.0])]
    for got, expected in cases:
        assert type(got) is ag.Tensor and got.dtype == np.float64
        np.testing.assert_array_equal(got.numpy(), expected)


def test_integer_mod_flows_through():
    i = ag.constant([7, -7])
    assert (i % 3).dtype == np.int64 and (i % 3).numpy().tolist() == [1, 2]
    assert (i // 3).numpy().tolist() == [2, -3]
    assert (ag.constant([1.0, 2.0]) % 1.5).dtype == np.float32


def test_rmod_gradient_by_hand():
    # d/dy (2 % y) = -floor(2 / y): y = 0.75 gives -2
    (g,) = _grad(lambda y: 2.0 % y, 0.75)
    assert g == pytest.approx(-2.0)


# --- erf ----------------------------------------------------------------------------------------
def test_erf_values_are_maths_erf():
    import math
    x = np.array([-3.0, -1.0, -0.25, 0.0, 0.5, 1.0, 2.0, 6.0])
    got = ag.erf(x).numpy()
    assert got.tolist() == [math.erf(v) for v in x]  # to the last bit
    np.testing.assert_allclose(got[[4, 5]], [0.5204998778130465, 0.8427007929497149],
                               rtol=1e-15)
    assert ag.erf(ag.constant([0.5])).dtype == np.float32
    assert ag.erf(ag.constant([1])).dtype == np.float64


def test_erf_gradient_by_hand():
    # d/dx erf(x) = 2/sqrt(pi) · exp(-x²): 1.1283791670955126 at 0, 0.41510749742059477 at 1
    (g,) = _grad(ag.erf, [0.0, 1.0])
    np.testing.assert_allclose(g, [1.1283791670955126, 0.41510749742059477], rtol=1e-15)
