"""ag.function's replays, second round (issue 17): random draws redrawn at every replay,
arguments freed when the caller drops them, the plan's own buffers."""
import gc
import sys
import weakref

import numpy as np

import autograd_lite as ag


def test_a_replay_frees_its_arguments_when_the_caller_drops_them():
    double = ag.function(lambda x, pair: x * 2 + pair[0])
    double(ag.constant([1.0, 2.0]), [ag.constant([0.0, 0.0])])  # the trace
    was_enabled = gc.isenabled()
    gc.disable()  # only reference counts may free them
    try:
        x, y = ag.constant([3.0, 4.0]), ag.constant([1.0, 1.0])
        result = double(x, [y])
        np.testing.assert_array_equal(result.numpy(), [7.0, 9.0])
        x_ref, y_ref = weakref.ref(x), weakref.ref(y)
        del x, y
        assert x_ref() is None and y_ref() is None
    finally:
        if was_enabled:
            gc.enable()


def _draws():
    return [ag.random.normal([3], mean=1.0, stddev=2.0), ag.random.uniform([2, 2]),
            ag.random.uniform([4], maxval=10, dtype="int64"),
            ag.random.truncated_normal([5], stddev=0.5), ag.random.normal([2], seed=7),
            ag.random.shuffle(np.arange(6.0))]


def test_random_draws_differ_from_replay_to_replay():
    traced = ag.function(lambda: _draws())
    ag.random.set_seed(3)
    first, second, third = traced(), traced(), traced()
    assert traced.trace_count == 1
    for a, b, c in zip(first, second, third):
        assert not np.array_equal(a.numpy(), b.numpy()) or not np.array_equal(
            b.numpy(), c.numpy())
    assert not np.array_equal(second[0].numpy(), third[0].numpy())
    assert not np.array_equal(second[4].numpy(), third[4].numpy())  # the op-seeded one too


def test_replays_give_the_sequence_eager_calls_give_under_set_seed():
    ag.random.set_seed(11)
    eager = [[t.numpy() for t in _draws()] for _ in range(4)]
    traced = ag.function(lambda: _draws())
    ag.random.set_seed(11)
    replayed = [[t.numpy() for t in traced()] for _ in range(4)]  # a trace, then 3 replays
    assert traced.trace_count == 1
    for eager_call, traced_call in zip(eager, replayed):
        for a, b in zip(eager_call, traced_call):
            assert a.dtype == b.dtype
            np.testing.assert_array_equal(a, b)


def test_set_seed_between_replays_restarts_the_planned_draws():
    traced = ag.function(lambda: ag.random.uniform([3]) + ag.random.uniform([3], seed=2))
    traced()
    ag.random.set_seed(5)
    a = traced().numpy()
    ag.random.set_seed(5)
    np.testing.assert_array_equal(traced().numpy(), a)
    ag.random.set_seed(5)
    np.testing.assert_array_equal((ag.random.uniform([3]) + ag.random.uniform([3], seed=2))
                                  .numpy(), a)


def test_a_gradient_through_a_draw_uses_the_replays_draw():
    x = ag.Variable([1.0, 2.0, 3.0])

    @ag.function
    def step():
        with ag.GradientTape() as tape:
            noise = ag.random.normal([3])
            loss = ag.sum(x * noise)
        return noise, tape.gradient(loss, x)

    ag.random.set_seed(0)
    seen = []
    for _ in range(3):
        noise, grad = step()
        np.testing.assert_array_equal(grad.numpy(), noise.numpy())  # d sum(x n)/dx = n
        seen.append(noise.numpy())
    assert step.trace_count == 1
    assert not np.array_equal(seen[1], seen[2])


def test_shuffle_of_a_traced_value_gathers_with_a_fresh_permutation():
    traced = ag.function(lambda v: ag.random.shuffle(v * 1.0))
    rows = np.arange(12.0, dtype=np.float32).reshape(6, 2)
    ag.random.set_seed(1)
    results = [traced(ag.constant(rows + k)).numpy() for k in range(4)]
    ag.random.set_seed(1)
    eager = [ag.random.shuffle(rows + k).numpy() for k in range(4)]
    for k, (got, want) in enumerate(zip(results, eager)):
        np.testing.assert_array_equal(got, want)
        # the replay's own input, rows reordered
        assert sorted(map(tuple, got.tolist())) == sorted(map(tuple, (rows + k).tolist()))
    assert len({tuple(r[:, 0] - k) for k, r in enumerate(results)}) > 1


def test_no_gradient_flows_through_shuffle_traced_or_not():
    x = ag.Variable([[1.0], [2.0]])

    def grad():
        with ag.GradientTape() as tape:
            loss = ag.sum(ag.random.shuffle(x) * x)
        return tape.gradient(loss, x)

    ag.random.set_seed(2)
    eager = grad()
    traced = ag.function(grad)
    ag.random.set_seed(2)
    first = traced()
    second = traced()
    # only the second factor's path: d/dx sum(s * x) = s (shuffled x, no gradient through it)
    np.testing.assert_array_equal(first.numpy(), eager.numpy())
    assert sorted(second.numpy().ravel().tolist()) == [1.0, 2.0]


def _plan(traced):
    (plan,) = traced._plans.values()
    return plan


def _mlp(batch=8, sizes=(6, 5, 4), seed=0):
    rng = np.random.default_rng(seed)
    w1 = ag.Variable(rng.standard_normal((sizes[0], sizes[1])).astype(np.float32))
    b1 = ag.Variable(rng.standard_normal(sizes[1]).astype(np.float32))
    w2 = ag.Variable(rng.standard_normal((sizes[1], sizes[2])).astype(np.float32))

    def step(x, onehot):
        with ag.GradientTape() as tape:
            hidden = ag.relu(ag.matmul(x, w1) + b1)
            logits = ag.matmul(hidden, w2)
            loss = ag.mean(ag.softmax_cross_entropy_with_logits(onehot, logits))
        grads = tape.gradient(loss, [w1, b1, w2])
        for variable, grad in zip([w1, b1, w2], grads):
            variable.assign_sub(0.1 * grad)
        return loss, hidden

    x = rng.standard_normal((batch, sizes[0])).astype(np.float32)
    onehot = np.eye(sizes[2], dtype=np.float32)[rng.integers(0, sizes[2], batch)]
    return step, [w1, b1, w2], x, onehot


def test_the_plan_writes_matmuls_into_buffers_of_its_own_allocated_once():
    step, variables, x, onehot = _mlp()
    traced = ag.function(step)
    traced(x, onehot)
    plan = _plan(traced)
    source = traced.graph.source
    # the forward matmul whose result is returned (hidden, after the bias add and relu in
    # place) is not given a buffer; the logits', the three gradient matmuls (dw1 = x.T @ g,
    # dh = g @ w2.T, dw2 = h.T @ g) and the bias gradient's sum (ones @ g) are
    matmuls = [line for line in source.splitlines() if "matmul(" in line]
    assert len(matmuls) == 6, source
    assert "out=" not in matmuls[0] and all("out=b" in line for line in matmuls[1:]), source
    assert len(plan.buffers) >= 3
    before = {name: id(array) for name, array in plan.buffers.items()}
    for _ in range(3):
        traced(x, onehot)
    assert {name: id(array) for name, array in plan.buffers.items()} == before


def test_returned_values_inputs_and_variables_never_share_a_plan_buffer():
    step, variables, x, onehot = _mlp()
    traced = ag.function(step)
    traced(x, onehot)
    plan = _plan(traced)
    x_tensor = ag.constant(x)
    for _ in range(3):
        loss, hidden = traced(x_tensor, onehot)
        for buffer in plan.buffers.values():
            for other in [loss.numpy(), hidden.numpy(), x_tensor.numpy(), onehot] + [
                    v.numpy() for v in variables]:
                assert not np.shares_memory(buffer, other)
            for variable in variables:
                assert not np.shares_memory(buffer, variable._value)


def test_successive_replays_results_are_independent_and_match_eager():
    step, variables, x, onehot = _mlp(seed=1)
    eager_step, eager_variables, _, _ = _mlp(seed=1)
    traced = ag.function(step)
    results, expected = [], []
    for k in range(4):
        results.append(traced(x * (k + 1), onehot))
        expected.append(eager_step(x * (k + 1), onehot))
    assert traced.trace_count == 1 and _plan(traced).buffers
    for (loss, hidden), (want_loss, want_hidden) in zip(results, expected):
        np.testing.assert_allclose(loss.numpy(), want_loss.numpy(), rtol=1e-6)
        np.testing.assert_allclose(hidden.numpy(), want_hidden.numpy(), rtol=1e-6)
    for variable, want in zip(variables, eager_variables):
        np.testing.assert_allclose(variable.numpy(), want.numpy(), rtol=1e-6, atol=1e-7)


def _buffered_function():
    """f(x) = sum((x @ w) * 2) with x @ w in a plan buffer, and an effect in between that
    (when asked) calls f itself: the outer replay's buffer must survive the inner one."""
    w = ag.constant(np.arange(6.0, dtype=np.float32).reshape(3, 2))
    inner_results = []
    state = {"inner": None}

    def effect():
        if state["inner"] is not None:
            inner_x, state["inner"] = state["inner"], None
            inner_results.append(float(traced(inner_x)))

    def f(x):
        product = ag.matmul(x, w)
        traced_effect(effect, [])
        return ag.sum(product * 2.0)

    from autograd_lite.function import traced_effect
    traced = ag.function(f)
    return traced, w.numpy(), state, inner_results


def test_a_plan_called_from_inside_itself_keeps_its_buffers_apart():
    traced, w, state, inner_results = _buffered_function()
    x = np.ones((4, 3), np.float32)
    traced(x)  # the trace
    assert "out=b" in traced.graph.source
    state["inner"] = x * 10
    outer = float(traced(x))
    assert outer == float(np.sum(x @ w * 2))
    assert inner_results == [float(np.sum((x * 10) @ w * 2))]


def test_two_threads_replaying_one_plan_get_their_own_results():
    import threading
    w = ag.constant(np.arange(12.0, dtype=np.float64).reshape(4, 3))
    traced = ag.function(lambda x: ag.sum(ag.tanh(ag.matmul(x, w) / 50.0), axis=1))
    inputs = [np.full((64, 4), k, np.float64) for k in range(4)]
    traced(inputs[0])
    assert "out=b" in traced.graph.source
    wrong = []

    def work(k):
        want = np.tanh(inputs[k] @ w.numpy() / 50.0).sum(axis=1)
        for _ in range(300):
            got = traced(inputs[k]).numpy()
            if not np.array_equal(got, want):
                wrong.append(k)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often, in the middle of replays
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert wrong == [] and traced.trace_count == 1


def _replay_peak(run, *args):
    """Bytes ``run(*args)`` allocates at its peak, beyond what is held before it (tracemalloc
    sees NumPy's data allocations)."""
    import tracemalloc
    run(*args)
    tracemalloc.start()
    try:
        held = tracemalloc.get_traced_memory()[0]
        run(*args)
        return tracemalloc.get_traced_memory()[1] - held
    finally:
        tracemalloc.stop()


def test_a_replay_of_the_mlp_step_allocates_little_beyond_its_buffers():
    # the benchmark's 784-128-64-10 MLP: the first layer's weight gradient alone is 401 kB
    # (784 x 128 float32), allocated at every replay without buffers. Measured when written:
    # 439 kB / 455 kB per replay without buffers at batch 1 / 32, 2 kB / 22 kB with them.
    for batch, bound in ((1, 16_000), (32, 64_000)):
        step, variables, x, onehot = _mlp(batch=batch, sizes=(784, 128, 10))
        traced = ag.function(step)
        traced(x, onehot)
        plan = _plan(traced)
        without = _replay_peak(plan.fresh, x, onehot)
        with_buffers = _replay_peak(traced, x, onehot)
        assert without > 400_000
        assert with_buffers < bound, (batch, with_buffers)


def test_the_quick_check_of_the_last_arguments_still_tells_signatures_apart():
    traced = ag.function(lambda x: x[0] * 2.0)
    square = np.arange(9.0, dtype=np.float32).reshape(3, 3)
    np.testing.assert_array_equal(traced(square).numpy(), [0.0, 2.0, 4.0])
    np.testing.assert_array_equal(traced(square + 1).numpy(), [2.0, 4.0, 6.0])  # a replay
    assert traced.trace_count == 1
    # the same shape and dtype, another layout (a transposed view): another signature
    np.testing.assert_array_equal(traced(square.T).numpy(), [0.0, 6.0, 12.0])
    assert traced.trace_count == 2
    np.testing.assert_array_equal(traced(square.astype(np.float64)).numpy(), [0.0, 2.0, 4.0])
    assert traced.trace_count == 3
    np.testing.assert_array_equal(traced(ag.constant(square[:2])).numpy(), [0.0, 2.0, 4.0])
    assert traced.trace_count == 4
    # back to the first signature: its plan, not the last one's
    np.testing.assert_array_equal(traced(square * 3).numpy(), [0.0, 6.0, 12.0])
    np.testing.assert_array_equal(traced(square.T * 1).numpy(), [0.0, 6.0, 12.0])
    assert traced.trace_count == 4


def test_the_quick_check_compares_an_ids_tuple_by_value():
    calls = []

    def fn(x, ids):
        calls.append(ids)
        return x + float(len(ids))

    traced = ag.function(fn)
    x = np.zeros(2, np.float32)
    traced(x, (1, 2))
    traced(x, (1, 2))
    np.testing.assert_array_equal(traced(x, (1, 2, 3)).numpy(), [3.0, 3.0])
    assert traced.trace_count == 2 and calls == [(1, 2), (1, 2, 3)]
