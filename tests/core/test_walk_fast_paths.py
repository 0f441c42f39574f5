"""The backward walk's fast paths: a broadcast gradient summed by a plan kept per pair of
shapes (``unbroadcast.sum_to``) instead of ``fit_gradient``, checked against ``unbroadcast``
and against sums worked out in float64."""
import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.unbroadcast import _PLANS, sum_to, unbroadcast

from .test_properties import sum_to_shape

# (the gradient's shape, the input's shape): 0-d, leading axes, inner and leading size-1 axes,
# a bias over 8 rows or more (summed by BLAS), and rows too many to keep a vector of ones for.
BROADCASTS = [
    ((), ()), ((3,), ()), ((2, 3), ()), ((5,), (1,)), ((4, 3), (3,)), ((4, 3), (1, 3)),
    ((4, 3), (4, 1)), ((2, 4, 3), (3,)), ((2, 4, 3), (4, 1)), ((2, 4, 3), (1, 4, 1)),
    ((2, 1, 3), (1, 3)), ((32, 10), (10,)), ((32, 10), (1, 10)), ((9, 1), (1,)),
    ((70000, 2), (2,)), ((6, 2, 5), (2, 5)),
]


def reference_sum(grad, shape):
    """Sum ``grad`` down to ``shape`` in float64, one axis at a time, by the definition."""
    return sum_to_shape(np.asarray(grad, np.float64), shape)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("grad_shape, shape", BROADCASTS)
def test_sum_to_gives_unbroadcast_s_numbers_and_the_input_s_shape(grad_shape, shape, dtype):
    grad = np.random.default_rng(len(grad_shape)).standard_normal(grad_shape).astype(dtype)
    grad = np.asarray(grad)
    for _ in range(2):  # the second call reads the kept plan
        summed = sum_to(grad, shape)
        assert summed.shape == shape and summed.dtype == dtype
        np.testing.assert_array_equal(summed, unbroadcast(grad, shape))
        rtol = {"float16": 3e-2, "float32": 1e-5, "float64": 1e-12}[dtype]
        np.testing.assert_allclose(summed, reference_sum(grad, shape), rtol=rtol,
                                   atol=rtol * np.sqrt(max(grad.size, 1)))


@pytest.mark.parametrize("grad_shape, shape", [((4, 3), (2, 3)), ((3,), (3, 1)),
                                               ((2, 3), (3, 2)), ((4, 1, 3), (2, 1))])
def test_sum_to_answers_none_where_broadcasting_cannot_have_made_the_shape(grad_shape, shape):
    assert sum_to(np.ones(grad_shape), shape) is None


def test_the_kept_plans_stay_few_when_shapes_vary_every_call():
    for rows in range(1, 400):
        sum_to(np.ones((rows, 2)), (2,))
    assert len(_PLANS) <= 257


@pytest.mark.parametrize("shape_x, shape_y", [((), (3,)), ((4, 3), (3,)), ((4, 1), (1, 5)),
                                              ((2, 1, 3), (4, 1)), ((40, 6), (1, 6)),
                                              ((9, 2), (9, 1))])
def test_broadcast_gradients_through_the_tape_equal_sums_worked_out_in_float64(shape_x, shape_y):
    rng = np.random.default_rng(7)
    x_value, y_value = rng.standard_normal(shape_x), rng.standard_normal(shape_y)
    x, y = ag.constant(x_value), ag.constant(y_value)
    with ag.GradientTape() as tape:
        tape.watch([x, y])
        z = x * y + y  # d/dx = y, d/dy = x + 1, each summed back over the broadcast axes
    weights = rng.standard_normal(np.broadcast_shapes(shape_x, shape_y))
    gx, gy = tape.gradient(z, [x, y], output_gradients=ag.constant(weights))
    assert gx.shape == shape_x and gy.shape == shape_y
    np.testing.assert_allclose(gx.numpy(), reference_sum(weights * y_value, shape_x), rtol=1e-12)
    np.testing.assert_allclose(gy.numpy(), reference_sum(weights * (x_value + 1), shape_y),
                               rtol=1e-12)


def test_an_integer_input_broadcast_against_a_float_gets_a_float_gradient_summed_right():
    counts = ag.constant(np.arange(12).reshape(4, 3))  # int64: no gradient of its own
    bias = ag.constant(np.array([0.5, 1.0, 2.0], np.float32))
    with ag.GradientTape() as tape:
        tape.watch(bias)
        y = ag.sum((counts + bias) * (counts + bias))
    grad = tape.gradient(y, bias)
    # d/db sum((c + b)^2) = 2 * sum over rows of (c + b); column sums of c are 18, 22, 26
    assert grad.dtype == np.float32 and grad.shape == (3,)
    np.testing.assert_allclose(grad.numpy(), [2 * (18 + 4 * 0.5), 2 * (22 + 4 * 1.0),
                                              2 * (26 + 4 * 2.0)], rtol=1e-6)


def test_a_float32_input_next_to_float64_gets_its_gradient_summed_and_cast_back():
    x = ag.constant(np.array([1.0, 2.0, 3.0], np.float32))
    y = ag.constant(np.full((2, 3), 0.25))  # float64: the product and its gradient are float64
    with ag.GradientTape() as tape:
        tape.watch(x)
        z = ag.sum(x * y)
    grad = tape.gradient(z, x)
    assert grad.dtype == np.float32
    np.testing.assert_array_equal(grad.numpy(), [0.5, 0.5, 0.5])


def test_a_shape_a_vjp_gets_wrong_is_still_named():
    @ag.custom_gradient
    def bad(x):
        return x * 1.0, lambda upstream: ag.ones((5,))

    x = ag.constant(np.ones(3))
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = bad(x)
    with pytest.raises(ValueError, match="cannot be summed back"):
        tape.gradient(y, x)


def test_a_broadcast_gradient_differentiated_again_by_an_outer_tape_is_exact():
    x = ag.constant(np.arange(12.0).reshape(4, 3) / 10)
    b = ag.constant(np.array([0.5, -1.0, 2.0]))
    w = np.array([1.0, 2.0, 3.0])
    with ag.GradientTape() as outer:
        outer.watch(x)
        with ag.GradientTape() as inner:
            inner.watch(b)
            y = ag.sum((x + b) * (x + b))
        grad_b = inner.gradient(y, b)  # 2 * column sums of (x + b): recorded by the outer tape
        g = ag.sum(grad_b * w)
    np.testing.assert_allclose(grad_b.numpy(), 2 * (x.numpy() + b.numpy()).sum(axis=0),
                               rtol=1e-12)
    # d/dx of 2 * sum_j w_j * sum_i (x_ij + b_j) is 2 * w_j in every row
    np.testing.assert_allclose(outer.gradient(g, x).numpy(), np.tile(2 * w, (4, 1)), rtol=1e-12)


def test_fan_out_through_identity_vjps_and_a_persistent_tape_keeps_every_gradient_exact():
    x_value = np.array([[-1.0, 0.5, 2.0], [3.0, -0.25, 1.0]])
    x = ag.constant(x_value)
    b = ag.constant(np.array([0.1, 0.2, 0.3]))
    seed = np.ones((2, 3))
    with ag.GradientTape(persistent=True) as tape:
        tape.watch([x, b])
        u = x + b            # add hands one upstream array to both inputs
        z = ag.relu(u) + ag.exp(u) + x * x
    u_value = x_value + b.numpy()
    local = (u_value > 0) + np.exp(u_value)
    for _ in range(2):  # a persistent tape answers twice with the same numbers
        gx, gb = tape.gradient(z, [x, b], output_gradients=ag.constant(seed))
        np.testing.assert_allclose(gx.numpy(), local + 2 * x_value, rtol=1e-12)
        np.testing.assert_allclose(gb.numpy(), local.sum(axis=0), rtol=1e-12)
    np.testing.assert_array_equal(seed, np.ones((2, 3)))  # the caller's seed is left alone
    np.testing.assert_allclose(u.numpy(), u_value, rtol=0)  # and the recorded values
