"""Shape ops and indexing: values against NumPy, gradients against central differences."""
import numpy as np
import pytest

import autograd_lite as ag

from .gradcheck import check_grads, rng_for


def _x(shape, tag="x"):
    return rng_for(tag, shape).standard_normal(shape)


RESHAPES = [((2, 3), (3, 2)), ((2, 3), (6,)), ((2, 3), (-1,)), ((6,), (1, 2, 3)),
            ((2, 1, 3), (3, -1)), ((), (1, 1)), ((1,), ())]


@pytest.mark.parametrize("case", RESHAPES, ids=str)
def test_reshape(case):
    shape, new = case
    x = _x(shape)
    np.testing.assert_array_equal(ag.reshape(x, new).numpy(), np.reshape(x, new))
    check_grads(lambda t: ag.reshape(t, new), x, order=2)


def test_reshape_method_forms():
    x = ag.constant(np.arange(6.0))
    assert x.reshape(2, 3).shape == (2, 3)
    assert x.reshape((3, 2)).shape == (3, 2)
    assert x.reshape(-1, 1).shape == (6, 1)
    assert ag.reshape(x, shape=(1, 6)).shape == (1, 6)


EXPAND = [((), 0), ((2,), 0), ((2,), 1), ((2,), -1), ((3, 2), 1), ((3, 2), -3)]


@pytest.mark.parametrize("case", EXPAND, ids=str)
def test_expand_dims(case):
    shape, axis = case
    x = _x(shape)
    np.testing.assert_array_equal(ag.expand_dims(x, axis).numpy(), np.expand_dims(x, axis))
    assert ag.expand_dims(x, axis=axis).shape == np.expand_dims(x, axis).shape
    check_grads(lambda t: ag.expand_dims(t, axis), x, order=2)


SQUEEZE = [((1, 3, 1), None), ((1, 3, 1), 0), ((1, 3, 1), -1), ((1, 3, 1), (0, 2)),
           ((1,), None), ((2, 1, 3), 1)]


@pytest.mark.parametrize("case", SQUEEZE, ids=str)
def test_squeeze(case):
    shape, axis = case
    x = _x(shape)
    np.testing.assert_array_equal(ag.squeeze(x, axis).numpy(), np.squeeze(x, axis))
    check_grads(lambda t: ag.squeeze(t, axis), x, order=2)


BROADCAST_TO = [((), (3,)), ((2,), (3, 2)), ((1, 2), (3, 2)), ((3, 1), (3, 4)),
                ((2, 1, 3), (2, 4, 3)), ((1,), (2, 2, 1)), ((3, 1), (2, 3, 2))]


@pytest.mark.parametrize("case", BROADCAST_TO, ids=str)
def test_broadcast_to_sums_back(case):
    shape, target = case
    x = _x(shape)
    np.testing.assert_array_equal(ag.broadcast_to(x, target).numpy(), np.broadcast_to(x, target))
    check_grads(lambda t: ag.broadcast_to(t, target), x, order=2)


@pytest.mark.parametrize("size", [3, 4096, 4097], ids=["filled", "largest-filled", "view"])
def test_broadcast_to_of_a_scalar_at_any_size(size):
    # up to 4096 elements a scalar is filled into a new array, above it is a broadcast view
    x = ag.constant(np.float64(1.5))
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = ag.broadcast_to(x, (size,))
        loss = ag.sum(y * ag.constant(np.arange(size, dtype=np.float64)))
    np.testing.assert_array_equal(y.numpy(), np.full(size, 1.5))
    assert y.dtype == np.float64
    assert float(tape.gradient(loss, x)) == size * (size - 1) / 2


def test_broadcast_to_gradient_by_hand():
    x = ag.constant(np.array([[1.0], [2.0]]))
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = ag.broadcast_to(x, (3, 2, 4))
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [[12.0], [12.0]])


CONCAT = [([(2,), (3,)], 0), ([(2, 3), (1, 3), (4, 3)], 0), ([(2, 3), (2, 1)], 1),
          ([(2, 3), (2, 2)], -1), ([(2, 1, 3), (2, 2, 3)], 1)]


@pytest.mark.parametrize("case", CONCAT, ids=str)
def test_concat(case):
    shapes, axis = case
    xs = [_x(s, i) for i, s in enumerate(shapes)]
    np.testing.assert_array_equal(ag.concat(xs, axis=axis).numpy(), np.concatenate(xs, axis))
    check_grads(lambda *ts: ag.concat(list(ts), axis=axis), *xs, order=2)


STACK = [([()] * 3, 0), ([(2,), (2,)], 0), ([(2,), (2,)], 1), ([(2, 3)] * 3, -1),
         ([(2, 3)] * 2, 1)]


@pytest.mark.parametrize("case", STACK, ids=str)
def test_stack(case):
    shapes, axis = case
    xs = [_x(s, i) for i, s in enumerate(shapes)]
    np.testing.assert_array_equal(ag.stack(xs, axis=axis).numpy(), np.stack(xs, axis))
    check_grads(lambda *ts: ag.stack(list(ts), axis=axis), *xs, order=2)


def test_concat_and_stack_mix_tensors_arrays_and_variables():
    v = ag.Variable(np.array([1.0, 2.0]))
    with ag.GradientTape() as tape:
        y = ag.concat([v, np.array([3.0]), v * 2.0], axis=0)
        z = ag.stack([v, v], axis=0)
        total = ag.sum(y) + ag.sum(z * np.array([[1.0, 1.0], [3.0, 3.0]]))
    np.testing.assert_array_equal(y.numpy(), [1.0, 2.0, 3.0, 2.0, 4.0])
    np.testing.assert_array_equal(tape.gradient(total, v).numpy(), [7.0, 7.0])


INDICES = {
    "int": 1,
    "negative_int": -1,
    "pair_of_ints": (1, 2),
    "slice": slice(1, None),
    "step_slice": (Ellipsis, slice(None, None, -2)),
    "column": (slice(None), 0),
    "newaxis": (None, Ellipsis),
    "int_array_repeats": np.array([0, 2, 0]),
    "int_list_pairs": ([0, 0, 2], [1, 1, 3]),
    "bool_mask": np.array([[True, False, True, False], [False, False, False, False],
                           [True, True, False, True]]),
    "bool_rows": np.array([True, False, True]),
    "mixed": (slice(0, 2), [3, 3, 0]),
}


@pytest.mark.parametrize("name", sorted(INDICES))
def test_indexing_values_and_gradients(name):
    index = INDICES[name]
    x = _x((3, 4))
    np.testing.assert_array_equal(ag.constant(x)[index].numpy(), x[index])
    check_grads(lambda t: t[index], x, order=2)
    check_grads(lambda t: ag.getitem(t, index), x)


def test_indexing_with_tensors_as_indices():
    x = ag.constant(np.array([[1.0, 2.0], [3.0, 4.0]]))
    with ag.GradientTape() as tape:
        tape.watch(x)
        picked = x[ag.constant([1, 1, 0])]
        masked = x[x > 2.5]
        total = ag.sum(picked) + ag.sum(masked * 10.0)
    np.testing.assert_array_equal(picked.numpy(), [[3.0, 4.0], [3.0, 4.0], [1.0, 2.0]])
    np.testing.assert_array_equal(masked.numpy(), [3.0, 4.0])
    np.testing.assert_array_equal(tape.gradient(total, x).numpy(), [[1.0, 1.0], [12.0, 12.0]])


def test_repeated_indices_add_their_gradients():
    x = ag.constant(np.array([1.0, 2.0, 3.0]))
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = x[[0, 0, 0, 2]]
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [3.0, 0.0, 1.0])


def test_iterating_a_tensor_gives_differentiable_rows():
    x = ag.constant(np.array([[1.0, 2.0], [3.0, 4.0]]))
    with ag.GradientTape() as tape:
        tape.watch(x)
        rows = list(x)
        y = rows[0] * rows[1]
    np.testing.assert_array_equal(y.numpy(), [3.0, 8.0])
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [[3.0, 4.0], [1.0, 2.0]])


def test_scatter_is_the_adjoint_of_indexing():
    values = np.array([1.0, 2.0, 3.0])
    out = ag.scatter(values, [0, 2, 0], (4,))
    np.testing.assert_array_equal(out.numpy(), [4.0, 0.0, 2.0, 0.0])
    check_grads(lambda v: ag.scatter(v, [0, 2, 0], (4,)), values, order=2)
    check_grads(lambda v: ag.scatter(v, (slice(None), 1), (3, 2)), values, order=2)
