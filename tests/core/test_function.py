"""ag.function (API.md section 10): a traced step replays with eager's numbers."""
import warnings

import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.nn.losses import labels_checked

RNG = np.random.default_rng(10)
X = RNG.random((32, 8), dtype=np.float32)
Y = RNG.integers(0, 3, 32)


def model_and_step(optimizer):
    ag.random.set_seed(0)
    model = ag.nn.Sequential([ag.nn.Dense(16, activation="relu", input_shape=(8,)),
                              ag.nn.Dropout(0.3), ag.nn.BatchNormalization(),
                              ag.nn.Dense(3, activation="softmax")])
    model.compile(optimizer, "sparse_categorical_crossentropy")
    model(X[:1])
    variables = model.trainable_variables

    def step(x, y):
        with ag.GradientTape() as tape:
            prediction = model(x, training=True)
            loss = model.compute_loss(y, prediction)
        grads = tape.gradient(loss, variables)
        model.optimizer.apply_gradients(zip(grads, variables))
        return loss, prediction
    return model, step


OPTIMIZERS = {
    "sgd-momentum-schedule": lambda: ag.optimizers.SGD(
        ag.optimizers.schedules.ExponentialDecay(0.1, decay_steps=5, decay_rate=0.5),
        momentum=0.9),
    "adam": lambda: ag.optimizers.Adam(0.01),
    "rmsprop-clipnorm": lambda: ag.optimizers.RMSprop(0.01, clipnorm=0.5),
}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_traced_and_eager_give_the_same_losses_and_weights_over_20_steps(name):
    """Dropout masks (redrawn each call), batch-norm moving averages (assigns), a schedule
    (read at each replay): all as eager, to float rounding."""
    runs = []
    for traced in (False, True):
        model, step = model_and_step(OPTIMIZERS[name]())
        run = ag.function(step) if traced else step
        with labels_checked():
            losses = [float(run(X, Y)[0]) for _ in range(20)]
        runs.append((losses, [v.numpy() for v in model.variables]))
        if traced:
            assert run.trace_count == 1
    (eager_losses, eager_weights), (traced_losses, traced_weights) = runs
    np.testing.assert_allclose(traced_losses, eager_losses, rtol=1e-6)
    assert len(set(eager_losses)) == 20  # it trained: every step's loss differs
    for a, b in zip(traced_weights, eager_weights):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


def test_dropout_draws_a_new_mask_at_every_replay():
    drop = ag.nn.Dropout(0.5)
    step = ag.function(lambda x: drop(x, training=True))
    ones = np.ones((4, 50), np.float32)
    masks = [step(ones).numpy() for _ in range(3)]
    assert step.trace_count == 1
    assert not np.array_equal(masks[1], masks[2])
    assert set(np.unique(masks[2]).tolist()) == {0.0, 2.0}


def test_a_new_signature_retraces_and_the_same_one_does_not():
    step = ag.function(lambda x, scale: x * scale)
    assert step(ag.constant([1.0, 2.0]), 2.0).numpy().tolist() == [2.0, 4.0]
    assert step(ag.constant([3.0, 4.0]), 2.0).numpy().tolist() == [6.0, 8.0]
    assert step.trace_count == 1
    assert step(np.array([3.0, 4.0], np.float32), 2.0).numpy().tolist() == [6.0, 8.0]
    assert step.trace_count == 1  # an array of the same shape and dtype: the same signature
    assert step(ag.constant([1.0, 2.0, 3.0]), 2.0).numpy().tolist() == [2.0, 4.0, 6.0]
    assert step.trace_count == 2  # a new shape
    assert step(ag.constant([1.0, 2.0, 3.0]), 3.0).numpy().tolist() == [3.0, 6.0, 9.0]
    assert step.trace_count == 3  # a Python number is part of the signature by value
    assert step(ag.constant([1.0, 2.0], dtype="float64"), 2.0).dtype == np.float64
    assert step.trace_count == 4  # a new dtype


def test_a_variable_assigned_outside_between_calls_is_seen():
    w = ag.Variable([1.0, 2.0])
    step = ag.function(lambda x: ag.sum(w * x))
    assert float(step(ag.constant([1.0, 1.0]))) == 3.0
    w.assign([10.0, 20.0])
    assert float(step(ag.constant([1.0, 1.0]))) == 30.0
    w.assign_add([1.0, 1.0])
    assert float(step(ag.constant([1.0, 1.0]))) == 32.0


def test_returned_values_are_fresh_tensors_the_next_call_does_not_overwrite():
    step = ag.function(lambda x: (x * 2.0, ag.exp(x)))
    a, b = step(ag.constant([0.0, 1.0]))
    c, d = step(ag.constant([5.0, 6.0]))
    assert a.numpy().tolist() == [0.0, 2.0] and c.numpy().tolist() == [10.0, 12.0]
    np.testing.assert_allclose(b.numpy(), np.exp([0.0, 1.0]), rtol=1e-6)


def test_assigns_inside_apply_at_every_replay_in_order():
    v = ag.Variable([1.0])

    @ag.function
    def step():
        v.assign_add([1.0])
        before = v * 10.0  # reads the value just assigned
        v.assign(v * 2.0)
        return before

    assert [float(step()[0]) for _ in range(3)] == [20.0, 50.0, 110.0]
    assert float(v[0]) == 22.0 and step.trace_count == 1


def test_converting_a_traced_value_to_python_raises_naming_the_line():
    def branchy(x):
        if ag.sum(x) > 0:  # the line the error names
            return x
        return -x

    step = ag.function(branchy)
    with pytest.raises(ag.TracingError) as error:
        step(ag.constant([1.0]))
    message = str(error.value)
    line = branchy.__code__.co_firstlineno + 1
    assert f"test_function.py:{line}" in message and "if ag.sum(x) > 0:" in message
    assert "ag.where" in message and "eager_fallback=True" in message
    for convert in (float, lambda t: t.numpy(), lambda t: np.asarray(t)):
        with pytest.raises(ag.TracingError, match="test_function.py"):
            ag.function(lambda x, c=convert: c(ag.sum(x)))(ag.constant([1.0]))


def test_eager_fallback_runs_such_a_function_eagerly_with_a_warning():
    def branchy(x):
        return x if float(ag.sum(x)) > 0 else -x

    step = ag.function(branchy, eager_fallback=True)
    with pytest.warns(UserWarning, match="running eagerly"):
        assert step(ag.constant([1.0])).numpy().tolist() == [1.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert step(ag.constant([-2.0])).numpy().tolist() == [2.0]  # eager: the branch is taken


def test_a_jacobian_inside_falls_back_to_eager_with_a_warning():
    def jac(x):
        with ag.GradientTape() as tape:
            tape.watch(x)
            y = x * x
        return tape.jacobian(y, x)

    step = ag.function(jac)
    with pytest.warns(UserWarning, match="jacobian"):
        result = step(ag.constant([1.0, 3.0]))
    assert result.numpy().tolist() == [[2.0, 0.0], [0.0, 6.0]]
    assert step(ag.constant([2.0, 3.0])).numpy().tolist() == [[4.0, 0.0], [0.0, 6.0]]


def test_gradients_of_a_traced_step_match_finite_differences():
    w = ag.Variable(np.array([[0.5, -1.0], [2.0, 0.25]]), dtype="float64")

    @ag.function
    def grad(x):
        with ag.GradientTape() as tape:
            loss = ag.sum(ag.tanh(x @ w) ** 2)
        return tape.gradient(loss, w)

    x = np.array([[1.0, 2.0], [-0.5, 0.3]])
    for _ in range(2):  # the trace, then a replay
        analytic = grad(x).numpy()
    numeric = np.zeros_like(analytic)
    for index in np.ndindex(*analytic.shape):
        for sign in (1, -1):
            w_shift = w.numpy()
            w_shift[index] += sign * 1e-6
            numeric[index] += sign * np.sum(np.tanh(x @ w_shift) ** 2) / 2e-6
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6)
    assert grad.trace_count == 1


def test_the_graph_lists_the_traced_program():
    w = ag.Variable([1.0, 2.0], name="w")
    step = ag.function(lambda x: ag.sum(w * x))
    step(ag.constant([1.0, 1.0]))
    text = str(step.graph)
    assert "read w" in text and "multiply(" in text and "sum(" in text
    assert "def plan(a0):" in step.graph.source


def test_the_graph_draws_its_forward_ops():
    visualize = pytest.importorskip("visualize")
    w = ag.Variable([1.0, 2.0], name="w")
    step = ag.function(lambda x: ag.sum(ag.relu(w * x)))
    step(ag.constant([1.0, -1.0]))
    source = visualize.draw_graph(step.graph).source
    assert "multiply" in source and "relu" in source and "sum" in source and "w" in source


def test_a_persistent_tape_inside_falls_back_to_eager_with_a_warning():
    def twice(x):
        with ag.GradientTape(persistent=True) as tape:
            tape.watch(x)
            y = x * x
        return tape.gradient(y, x) + tape.gradient(y, x)

    step = ag.function(twice)
    with pytest.warns(UserWarning, match="persistent tape"):
        assert step(ag.constant([3.0])).numpy().tolist() == [12.0]


def test_check_numerics_runs_traced_functions_eagerly_so_every_op_is_checked():
    step = ag.function(lambda x: ag.log(x))
    step(ag.constant([1.0]))  # traced
    ag.debug.check_numerics(True)
    try:
        with pytest.warns(UserWarning, match="check_numerics"):
            with pytest.raises(FloatingPointError, match="log"):
                step(ag.constant([-1.0]))
    finally:
        ag.debug.check_numerics(False)


def test_ops_of_another_thread_are_not_traced():
    import threading

    started, release = threading.Event(), threading.Event()
    other = []

    def busy():
        started.set()
        release.wait(5)
        other.append(ag.exp(ag.constant([0.0])).numpy())  # runs while the main thread traces

    thread = threading.Thread(target=busy)
    thread.start()
    started.wait(5)

    def traced(x):
        release.set()
        thread.join(5)
        return x + 1.0

    step = ag.function(traced)
    assert step(ag.constant([1.0])).numpy().tolist() == [2.0]
    assert other[0].tolist() == [1.0]
    assert "exp" not in step.graph.source and "exp" not in str(step.graph)


def test_arrays_inside_lists_and_dicts_are_inputs_not_constants():
    step = ag.function(lambda pair, named: pair[0] * pair[1] + named["c"])
    first = step([np.array([1.0], np.float32), np.array([2.0], np.float32)],
                 {"c": np.array([0.5], np.float32)})
    second = step([np.array([3.0], np.float32), np.array([4.0], np.float32)],
                  {"c": np.array([1.0], np.float32)})
    assert first.numpy().tolist() == [2.5] and second.numpy().tolist() == [13.0]
    assert step.trace_count == 1
