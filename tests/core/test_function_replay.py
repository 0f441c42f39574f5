"""ag.function's replays, second round (issue 17): random draws redrawn at every replay,
arguments freed when the caller drops them, the plan's own buffers."""
import gc
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
