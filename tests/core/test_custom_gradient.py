"""@ag.custom_gradient as TensorFlow's: the guides' examples, higher order, Variables, errors."""
import numpy as np
import pytest

import autograd_lite as ag
import visualize


@ag.custom_gradient
def log1pexp(x):
    e = ag.exp(x)

    def grad(upstream):
        return upstream * (1 - 1 / (1 + e))
    return ag.log(1 + e), grad


@ag.custom_gradient
def clip_gradients(y):
    def backward(dy):
        norm = ag.sqrt(ag.sum(dy * dy))
        return dy * ag.minimum(1.0, 0.5 / norm)
    return y, backward


def test_log1pexp_at_100_gives_one_not_nan():
    # TF's custom_gradient docs: the plain formula gives NaN at x = 100, the custom one 1.0
    x = ag.constant(100.0)
    with ag.GradientTape() as tape, np.errstate(over="ignore"):
        tape.watch(x)
        y = log1pexp(x)
    assert float(tape.gradient(y, x)) == 1.0


def test_plain_log1pexp_is_nan_at_100_so_the_test_above_means_something():
    x = ag.constant(100.0)
    with ag.GradientTape() as tape:
        tape.watch(x)
        with np.errstate(over="ignore", invalid="ignore"):
            y = ag.log(1 + ag.exp(x))
    with np.errstate(invalid="ignore"):
        assert np.isnan(float(tape.gradient(y, x)))


def test_the_tape_records_one_op_named_after_the_function():
    x = ag.constant([0.5, 1.0])
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = log1pexp(x)
    assert [r[0].name for r in tape._records] == ["log1pexp"]
    assert "= log1pexp(%" in str(tape)
    steps = tape.explain(y, x)
    assert [s.primitive.name for s in steps.steps] == ["log1pexp"]
    source = visualize.draw_graph(y, tape).source
    assert "log1pexp" in source and "<B>exp</B>" not in source


def test_first_order_values_by_hand():
    x = ag.constant([-1.0, 0.0, 2.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = ag.sum(log1pexp(x) * ag.constant([1.0, 2.0, 3.0]))
    expected = np.array([1.0, 2.0, 3.0]) / (1 + np.exp(-np.array([-1.0, 0.0, 2.0])))
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), expected, rtol=1e-6)
    assert float(y) == pytest.approx(np.log1p(np.exp(-1.0)) + 2 * np.log(2) + 3 * np.log1p(
        np.exp(2.0)), rel=1e-6)


def test_second_derivative_through_nested_tapes():
    # d2/dx2 log(1 + e^x) = sigmoid(x) (1 - sigmoid(x)); at 1.5: 0.149146452...
    x = ag.constant(1.5)
    with ag.GradientTape() as outer:
        outer.watch(x)
        with ag.GradientTape() as inner:
            inner.watch(x)
            y = log1pexp(x)
        dy = inner.gradient(y, x)
    s = 1 / (1 + np.exp(-1.5))
    assert float(dy) == pytest.approx(s, rel=1e-6)
    assert float(outer.gradient(dy, x)) == pytest.approx(s * (1 - s), rel=1e-5)


def test_check_grads_first_and_second_order():
    ag.testing.check_grads(log1pexp, np.array([0.3, -1.2, 2.0]), order=2)

    @ag.custom_gradient
    def product(a, b):
        def grad(upstream):
            return upstream * b, upstream * a
        return a * b, grad
    ag.testing.check_grads(lambda a, b: ag.sum(product(ag.sin(a), b) ** 2),
                           np.array([0.4, 1.1]), np.array([2.0, -0.5]), order=2)


def test_clip_gradient_norm_example():
    # TF's docs: clip_gradients(y) passes y and clips the gradient's norm to 0.5
    x = ag.constant([3.0, 4.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = ag.sum(clip_gradients(x) * ag.constant([6.0, 8.0]))
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [0.3, 0.4], rtol=1e-6)


def test_grad_fn_sees_tensors_in_a_plain_backward_pass():
    seen = []

    @ag.custom_gradient
    def square(x):
        def grad(upstream):
            seen.append(type(upstream))
            return 2 * x * upstream.numpy()
        return x * x, grad
    x = ag.constant(3.0)
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = square(x)
    assert float(tape.gradient(y, x)) == 6.0
    assert seen == [ag.Tensor]


def test_grad_fn_runs_once_for_all_inputs():
    calls = []

    @ag.custom_gradient
    def weighted(a, b):
        def grad(upstream):
            calls.append(1)
            return upstream * 2.0, upstream * 3.0
        return 2 * a + 3 * b, grad
    a, b = ag.constant(1.0), ag.constant(1.0)
    with ag.GradientTape() as tape:
        tape.watch([a, b])
        y = weighted(a, b)
    assert [float(g) for g in tape.gradient(y, [a, b])] == [2.0, 3.0]
    assert len(calls) == 1


def test_tf_variables_example():
    # TF's custom_gradient docs: linear_poly with weights [1, 2] at x = 3 gives 7, d/dx = 2
    weights = ag.Variable([1.0, 2.0])

    @ag.custom_gradient
    def linear_poly(x):
        poly = weights[1] * x + weights[0]

        def grad_fn(dpoly, variables):
            grad_xs = dpoly * weights[1]
            grad_vars = [ag.concat([ag.sum(dpoly, keepdims=True),
                                    ag.sum(dpoly * x, keepdims=True)], axis=0)]
            return grad_xs, grad_vars
        return poly, grad_fn
    x = ag.constant([3.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        poly = linear_poly(x)
    assert poly.numpy().tolist() == [7.0]
    dx, dw = tape.gradient(poly, [x, weights])
    assert dx.numpy().tolist() == [2.0]
    assert dw.numpy().tolist() == [1.0, 3.0]


def test_variables_keyword_gets_the_variables_read():
    w = ag.Variable(2.0, name="w")
    received = []

    @ag.custom_gradient
    def scale(x):
        def grad(upstream, variables=None):
            received.extend(variables)
            return upstream * 2 * w * x, [upstream * x * x]
        return w * x * x, grad
    x = ag.constant(3.0)
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = scale(x)
    assert [float(g) for g in tape.gradient(y, [x, w])] == [12.0, 9.0]
    assert received == [w]


def test_variables_without_the_keyword_is_a_type_error():
    w = ag.Variable(2.0)

    @ag.custom_gradient
    def scale(x):
        return w * x, lambda upstream: upstream * w
    with ag.GradientTape():
        with pytest.raises(TypeError, match="variables"):
            scale(ag.constant(1.0))


def test_wrong_gradient_count_and_wrong_return_are_clear_errors():
    @ag.custom_gradient
    def two(a, b):
        return a + b, lambda upstream: upstream
    a, b = ag.constant(1.0), ag.constant(2.0)
    with ag.GradientTape() as tape:
        tape.watch([a, b])
        y = two(a, b)
    with pytest.raises(ValueError, match="two's grad_fn returned 1 gradients for 2 arguments"):
        tape.gradient(y, a)

    @ag.custom_gradient
    def bad(x):
        return x
    with ag.GradientTape() as tape:
        tape.watch(a)
        with pytest.raises(TypeError, match=r"bad must return \(y, grad_fn\)"):
            bad(a)


def test_none_gradient_gives_zeros_for_that_input():
    @ag.custom_gradient
    def first(a, b):
        return a * 1.0, lambda upstream: (upstream, None)
    a, b = ag.constant(1.0), ag.constant(2.0)
    with ag.GradientTape() as tape:
        tape.watch([a, b])
        y = first(a, b) + b
    assert [float(g) for g in tape.gradient(y, [a, b])] == [1.0, 1.0]


def test_several_outputs_get_one_upstream_each():
    @ag.custom_gradient
    def split(x):
        def grad(d_double, d_triple):
            return 2 * d_double + 3 * d_triple
        return (2 * x, 3 * x), grad
    x = ag.constant(1.0)
    with ag.GradientTape() as tape:
        tape.watch(x)
        double, triple = split(x)
        y = 10 * double + triple
    assert float(tape.gradient(y, x)) == 23.0


def test_without_a_tape_it_returns_the_value():
    assert float(log1pexp(ag.constant(0.0))) == pytest.approx(np.log(2.0))


def test_gradient_inside_the_tape_context_and_persistent_tapes():
    x = ag.constant(0.0)
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = log1pexp(x)
        first = tape.gradient(y, x)
    assert float(first) == 0.5
    assert float(tape.gradient(y, x)) == 0.5


def test_a_variable_passed_as_an_argument_gets_its_gradient_from_grad_fn():
    @ag.custom_gradient
    def scaled(v, factor=3.0):
        def grad(upstream):
            return upstream * factor
        return v * factor, grad
    v = ag.Variable([1.0, 2.0])
    with ag.GradientTape() as tape:
        y = ag.sum(scaled(v, factor=4.0))
    assert tape.gradient(y, v).numpy().tolist() == [4.0, 4.0]


def test_a_grad_fn_that_uses_a_custom_gradient_gives_the_second_derivative():
    # TF's pattern for fused backprop: the first-order gradient is itself a custom op
    @ag.custom_gradient
    def cube(x):
        def first(dy):
            @ag.custom_gradient
            def three_x_squared(x_):
                def second(ddy):
                    return ddy * 6.0 * x_
                return 3.0 * x_ * x_, second
            return dy * three_x_squared(x)
        return x * x * x, first
    x = ag.constant(2.0)
    with ag.GradientTape() as outer:
        outer.watch(x)
        with ag.GradientTape() as inner:
            inner.watch(x)
            y = cube(x)
        dy = inner.gradient(y, x)
    assert float(y) == 8.0 and float(dy) == 12.0
    names = [r[0].name for r in outer._records]
    assert names[0] == "cube" and "three_x_squared" in names  # the backward pass, recorded
    assert float(outer.gradient(dy, x)) == 12.0
