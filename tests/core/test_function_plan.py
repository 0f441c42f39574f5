"""What ag.function's plans run (issue 17): folded constants, stand-ins, out= kernels and
buffers that never leak into what the caller or a Variable holds."""
import re
import warnings

import numpy as np
import pytest

import autograd_lite as ag

RNG = np.random.default_rng(17)


def mlp_step(batch=32, sizes=(20, 16, 8, 5), lr=0.01, dtype=np.float32):
    """The benchmark's MLP step (relu layers, softmax cross-entropy, SGD by assign_sub)."""
    variables = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        variables.append(ag.Variable(RNG.standard_normal((n_in, n_out)).astype(dtype) * 0.3))
        variables.append(ag.Variable(RNG.standard_normal(n_out).astype(dtype) * 0.1))

    def step(x, onehot):
        with ag.GradientTape() as tape:
            hidden = x
            for layer in range(0, len(variables) - 2, 2):
                hidden = ag.relu(ag.matmul(hidden, variables[layer]) + variables[layer + 1])
            logits = ag.matmul(hidden, variables[-2]) + variables[-1]
            loss = ag.mean(ag.softmax_cross_entropy_with_logits(onehot, logits))
        grads = tape.gradient(loss, variables)
        for variable, grad in zip(variables, grads):
            variable.assign_sub(lr * grad)
        return loss

    x = RNG.standard_normal((batch, sizes[0])).astype(dtype)
    onehot = np.eye(sizes[-1], dtype=dtype)[RNG.integers(0, sizes[-1], batch)]
    return step, variables, x, onehot


def test_the_mlp_plan_folds_the_mean_gradient_and_adds_the_bias_and_relu_in_place():
    step, variables, x, onehot = mlp_step()
    traced = ag.function(step)
    traced(x, onehot)
    source = traced.graph.source
    labels = [label for _, label, _ in traced.graph.plan.steps]
    assert "d mean/d input 0" not in labels  # the seed's mean gradient is a constant
    assert "d softmax_cross_entropy_with_logits/d input 1" in labels
    # the bias adds and relus write into the matmul's buffer: h = x @ w; h += b; max(h, 0, h)
    bias_adds = re.findall(r"(v\d+) = add\((v\d+), v\d+, out=(v\d+)\)", source)
    assert len(bias_adds) == 3 and all(a == out for _, a, out in bias_adds)
    relus = re.findall(r"(v\d+) = maximum\((v\d+), 0, out=(v\d+)\)", source)
    assert len(relus) == 2 and all(a == out for _, a, out in relus)
    # relu's gradient multiplies the upstream gradient in place, by its output's mask
    assert len(re.findall(r"(g\d+) = multiply\((g\d+), greater\(v\d+, 0\), out=\2\)",
                          source)) == 2
    # each Variable update is one in-place subtract of the scaled gradient
    assert len(re.findall(r"subtract\((var\d+)\._value, v\d+, out=\1\._value\)", source)) == 6
    # no add's VJP line: it passes the upstream gradient on as it is
    assert "d add/d input 0" not in labels


def test_the_mlp_plan_trains_as_eager_does_over_20_steps():
    runs = []
    for traced in (False, True):
        global RNG
        RNG = np.random.default_rng(3)
        step, variables, x, onehot = mlp_step(batch=8)
        run = ag.function(step) if traced else step
        losses = [float(run(x, onehot)) for _ in range(20)]
        runs.append((losses, [v.numpy() for v in variables]))
    (eager_losses, eager_weights), (traced_losses, traced_weights) = runs
    assert traced_losses == eager_losses  # the same NumPy calls in the same order: bit for bit
    assert eager_losses[-1] < eager_losses[0]
    for a, b in zip(traced_weights, eager_weights):
        np.testing.assert_array_equal(a, b)


def test_a_returned_value_is_not_a_buffer_a_later_call_writes():
    w = ag.Variable(RNG.standard_normal((4, 3)).astype(np.float32))

    @ag.function
    def step(x):
        hidden = ag.relu(ag.matmul(x, w) + 1.0)  # made in place in the matmul's buffer
        return hidden, ag.sum(hidden * 2.0)

    x1, x2 = (RNG.standard_normal((5, 4)).astype(np.float32) for _ in range(2))
    step(x1)  # trace
    first, _ = step(x1)
    kept = first.numpy()
    second, _ = step(x2)
    np.testing.assert_array_equal(first.numpy(), kept)
    np.testing.assert_array_equal(kept, np.maximum(x1 @ w.numpy() + 1.0, 0))
    np.testing.assert_array_equal(second.numpy(), np.maximum(x2 @ w.numpy() + 1.0, 0))
    assert not np.shares_memory(first._value, second._value)


def test_the_same_value_returned_twice_and_an_input_returned_are_left_alone():
    step = ag.function(lambda x: (x, ag.exp(x), ag.exp(x) * 1.0))
    x = np.array([0.0, 1.0])
    step(x)  # the trace (eager: it returns x's array as eager code does)
    for _ in range(3):
        same, e, scaled = step(x)
        assert not np.shares_memory(same._value, x)  # a replay returns a copy of an input
        np.testing.assert_array_equal(e.numpy(), np.exp([0.0, 1.0]))
        np.testing.assert_array_equal(scaled.numpy(), np.exp([0.0, 1.0]))
    np.testing.assert_array_equal(x, [0.0, 1.0])


def test_a_plan_never_writes_into_a_variable_it_read_or_assigned():
    w = ag.Variable([1.0, 2.0], dtype="float64")
    v = ag.Variable([0.0, 0.0], dtype="float64")

    @ag.function
    def step(x):
        doubled = x * 2.0
        v.assign(doubled)  # the Variable keeps its own copy
        return ag.exp(doubled) + ag.exp(w) * 0.0  # exp may write into dying buffers, not w's

    for x in ([1.0, 2.0], [3.0, 4.0], [5.0, 6.0]):
        result = step(np.array(x))
        np.testing.assert_array_equal(v.numpy(), np.array(x) * 2.0)
        np.testing.assert_array_equal(result.numpy(), np.exp(np.array(x) * 2.0))
        np.testing.assert_array_equal(w.numpy(), [1.0, 2.0])
    assert step.trace_count == 1


def test_a_vjp_that_reads_only_a_shape_is_given_a_stand_in():
    w = ag.Variable(RNG.standard_normal((3, 4)))

    @ag.function
    def step(x):
        with ag.GradientTape() as tape:
            loss = ag.sum(ag.square(ag.mean(ag.tanh(x * w), axis=0)))
        return tape.gradient(loss, w)

    x = RNG.standard_normal((3, 4))
    traced = step(x)
    line = [line for line in step.graph.source.splitlines() if "mean" not in line
            and re.search(r"vjp\d+\(g\d+, s\d+, s\d+, \*\*p\d+\)", line)]
    assert len(line) == 1  # mean's VJP: the output and the input only by their shapes
    scope = step.graph.plan.run.__globals__
    for name in re.findall(r"\bs\d+\b", line[0]):
        assert scope[name].strides == (0,) * scope[name].ndim  # no memory of their own
    with ag.GradientTape() as tape:
        loss = ag.sum(ag.square(ag.mean(ag.tanh(x * w), axis=0)))
    np.testing.assert_array_equal(traced.numpy(), tape.gradient(loss, w).numpy())
    np.testing.assert_array_equal(step(x * 2).numpy(), _eager_grad(x * 2, w))


def _eager_grad(x, w):
    with ag.GradientTape() as tape:
        loss = ag.sum(ag.square(ag.mean(ag.tanh(x * w), axis=0)))
    return tape.gradient(loss, w).numpy()


def test_ops_on_captured_constants_are_computed_once():
    scale = ag.constant([1.0, 2.0])
    step = ag.function(lambda x: x * ag.exp(scale))
    assert np.allclose(step(ag.constant([1.0, 1.0])).numpy(), np.exp([1.0, 2.0]))
    assert "exp" not in step.graph.source  # folded into a constant of the plan
    np.testing.assert_allclose(step(ag.constant([2.0, 0.0])).numpy(), [2 * np.e, 0.0])


def test_converting_a_folded_constant_to_python_is_allowed():
    scale = ag.constant(3.0)

    @ag.function
    def step(x):
        doubled = scale * 2.0  # a constant of the plan: its value is fixed
        return x * float(doubled)

    assert step(ag.constant([1.0])).numpy().tolist() == [6.0]
    assert step(ag.constant([2.0])).numpy().tolist() == [12.0]


def test_another_memory_layout_of_an_input_is_another_signature():
    step = ag.function(lambda x: ag.reshape(x, (-1,)) * 2.0)
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(step(x).numpy(), x.reshape(-1) * 2)
    transposed = np.asfortranarray(x)  # the same shape and dtype, another layout
    np.testing.assert_array_equal(step(transposed).numpy(), x.reshape(-1) * 2)
    assert step.trace_count == 2
    np.testing.assert_array_equal(x, np.arange(6.0).reshape(2, 3))


# Functions of (x, w) whose loss and gradient for w a replay must give exactly as eager does
# (float64): residuals, fan-out, broadcasting, integer inputs, 0-d values.
def _cross_entropy(x, w):
    labels = ag.softmax(ag.constant(np.linspace(0.0, 1.0, 12).reshape(4, 3)))
    return ag.sum(ag.softmax_cross_entropy_with_logits(labels, ag.matmul(x, w)))


TABLE = {
    "residual (softmax cross-entropy)": _cross_entropy,
    "log_softmax with an axis": lambda x, w: ag.sum(ag.log_softmax(ag.matmul(x, w), axis=0)),
    "fan-out": lambda x, w: ag.sum(ag.matmul(x, w) * ag.matmul(x, w)) + ag.sum(ag.tanh(w) * w),
    "broadcast row + column": lambda x, w: ag.mean(
        ag.matmul(x, w) + ag.reshape(ag.sum(w, axis=0), (1, 3)) + ag.sum(x, axis=1,
                                                                         keepdims=True)),
    "broadcast a 0-d value": lambda x, w: ag.sum(w * ag.sum(x)) + ag.sum(w / 3.0),
    "integer input": lambda x, w: ag.sum(ag.matmul(x, w) * ag.cast(ag.constant(
        np.arange(12).reshape(4, 3)), "float64")),
    "relu, maximum and a power": lambda x, w: ag.sum(
        ag.relu(ag.matmul(x, w)) ** 2) + ag.sum(ag.maximum(w, 0.1)),
    "reshape and transpose": lambda x, w: ag.sum(
        ag.transpose(ag.reshape(ag.matmul(x, w), (3, 4))) * ag.exp(-ag.abs(w[0]))),
    "a 0-d weight": None,
}


@pytest.mark.parametrize("name", sorted(TABLE))
def test_table_of_functions_replays_exactly(name):
    fn = TABLE[name]
    if fn is None:  # a 0-d Variable, a 0-d loss
        w = ag.Variable(np.array(0.5))

        def fn(x, w):
            return ag.sum(ag.exp(x * w)) * w
    else:
        w = ag.Variable(RNG.standard_normal((5, 3)))

    def step(x):
        with ag.GradientTape() as tape:
            loss = fn(x, w)
        return loss, tape.gradient(loss, w)

    traced = ag.function(step)
    for seed in range(3):
        x = np.random.default_rng(seed).standard_normal((4, 5))
        eager_loss, eager_grad = step(ag.constant(x))
        loss, grad = traced(ag.constant(x))
        assert loss.numpy() == eager_loss.numpy()
        np.testing.assert_array_equal(grad.numpy(), eager_grad.numpy())
        assert grad.dtype == np.float64 and grad.shape == w.shape
    assert traced.trace_count == 1


def test_the_cross_entropy_forward_runs_in_the_logits_buffer_and_the_mean_as_a_sum():
    step, variables, x, onehot = mlp_step()
    traced = ag.function(step)
    traced(x, onehot)
    source = traced.graph.source
    # the shifted logits are written into the logits' (dying) buffer, the softmax kept in r
    assert re.search(r"v\d+, r\d+ = cross_entropy\(a1, (v\d+), -1, out=\1\)", source)
    assert re.search(r"asarray\(true_divide\(add_reduce\(v\d+, axis=None, keepdims=False\), "
                     r"32\)\)", source)


@pytest.mark.parametrize("axis", [-1, 0])
def test_the_cross_entropy_kernels_match_the_op_bit_for_bit(axis):
    logits = ag.Variable(RNG.standard_normal((6, 4)) * 5)
    labels = ag.constant(RNG.random((6, 4)))  # rows that are not distributions too

    def step():
        with ag.GradientTape() as tape:
            loss = ag.sum(ag.softmax_cross_entropy_with_logits(labels, logits * 1.0, axis=axis)
                          * ag.constant(np.arange(4.0 if axis == 0 else 6.0)))
        return loss, tape.gradient(loss, logits)

    traced = ag.function(step)
    traced()
    for _ in range(2):
        (loss, grad), (eager_loss, eager_grad) = traced(), step()
        assert loss.numpy() == eager_loss.numpy()
        np.testing.assert_array_equal(grad.numpy(), eager_grad.numpy())
        logits.assign_add(np.ones((6, 4)))
    assert "cross_entropy(" in traced.graph.source


def test_a_nested_tape_is_planned_a_second_derivative_replays():
    w = ag.Variable([0.5, -1.0], dtype="float64")

    def second(x):
        with ag.GradientTape() as outer:
            with ag.GradientTape() as inner:
                y = ag.sum(ag.sin(w * x) * w)
            dy = inner.gradient(y, w)  # recorded by outer: its VJPs run as traced ops
            slope = ag.sum(dy * dy)
        return outer.gradient(slope, w)

    step = ag.function(second)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no fallback to eager
        for x in ([1.0, 2.0], [0.3, -0.7], [2.0, 1.5]):
            traced = step(np.array(x)).numpy()
            np.testing.assert_allclose(traced, second(ag.constant(np.array(x))).numpy(),
                                       rtol=1e-12)
            # by hand: dy_i = sin(w_i x_i) + w_i x_i cos(w_i x_i); d(sum dy^2)/dw_i = 2 dy_i dy_i'
            wx = np.array([0.5, -1.0]) * np.array(x)
            dy = np.sin(wx) + wx * np.cos(wx)
            ddy = 2 * np.array(x) * np.cos(wx) - wx * np.array(x) * np.sin(wx)
            np.testing.assert_allclose(traced, 2 * dy * ddy, rtol=1e-12)
    assert step.trace_count == 1 and step.fallback_reason is None


def test_a_buffer_handed_to_an_update_is_never_written_afterwards():
    from autograd_lite.function import traced_effect
    kept = []

    @ag.function
    def step(x):
        doubled = x * 2.0
        traced_effect(kept.append, [doubled])  # an update that keeps what it is handed
        return ag.exp(doubled)  # doubled dies here: exp may not write into it

    for x in ([0.0, 1.0], [2.0, 3.0], [1.0, 1.0]):
        result = step(np.array(x))
        np.testing.assert_array_equal(kept[-1], np.array(x) * 2.0)
        np.testing.assert_array_equal(result.numpy(), np.exp(np.array(x) * 2.0))
    assert "exp(v" in step.graph.source and "out=" not in step.graph.source
    assert len(kept) == 3 and not np.shares_memory(kept[1], kept[2])


def test_a_buffer_a_live_view_shares_is_not_written():
    def fn(x):
        doubled = x * 2.0
        flat = ag.reshape(doubled, (4,))  # a view of doubled's buffer, used after exp
        return ag.exp(doubled) + ag.reshape(flat, (2, 2))

    step = ag.function(fn)
    for seed in range(3):
        x = np.random.default_rng(seed).standard_normal((2, 2))
        np.testing.assert_array_equal(step(x).numpy(), fn(ag.constant(x)).numpy())
