"""Tensors and Variables: values, dtype rules, operators, NumPy interop, repr, immutability."""
import weakref

import numpy as np
import pytest

import autograd_lite as ag


# --- dtype rules (API §1) ---------------------------------------------------------------------
@pytest.mark.parametrize("make", [ag.constant, ag.Variable], ids=["constant", "Variable"])
@pytest.mark.parametrize("value, dtype", [
    (1.5, np.float32), ([1.0, 2.0], np.float32), ([[1.0], [2.0]], np.float32),
    ([1, 2.5], np.float32), (3, np.int64), ([1, 2], np.int64), (True, np.bool_),
    ([True, False], np.bool_), (np.array([1.0, 2.0]), np.float64),
    (np.array([1, 2], dtype=np.int32), np.int32), (np.array(1.0, dtype=np.float16), np.float16),
    (np.float64(2.0), np.float64), (np.int32(3), np.int32),
], ids=repr)
def test_dtype_rules(make, value, dtype):
    t = make(value)
    assert t.dtype == np.dtype(dtype)
    assert isinstance(t.dtype, np.dtype)
    np.testing.assert_array_equal(t.numpy(), np.asarray(value).astype(dtype))


@pytest.mark.parametrize("dtype", ["float64", np.float64, np.dtype("float16"), "int32"])
def test_dtype_override(dtype):
    assert ag.constant(1.0, dtype=dtype).dtype == np.dtype(dtype)
    assert ag.constant([1, 2], dtype=dtype).dtype == np.dtype(dtype)
    assert ag.Variable(1.0, dtype=dtype).dtype == np.dtype(dtype)


def test_constant_passes_a_tensor_through():
    t = ag.constant([1.0, 2.0])
    assert ag.constant(t) is t
    converted = ag.constant(t, dtype="float64")
    assert converted.dtype == np.float64 and t.dtype == np.float32


def test_constant_of_a_variable_is_a_snapshot():
    v = ag.Variable([1.0, 2.0])
    c = ag.constant(v)
    assert type(c) is ag.Tensor
    v.assign([5.0, 6.0])
    np.testing.assert_array_equal(c.numpy(), [1.0, 2.0])


def test_tensors_are_not_constructed_directly():
    with pytest.raises(TypeError, match="ag.constant"):
        ag.Tensor([1.0])


# --- attributes ---------------------------------------------------------------------------------
def test_attributes():
    t = ag.constant(np.arange(6.0).reshape(2, 3))
    assert t.shape == (2, 3) and isinstance(t.shape, tuple)
    assert t.ndim == 2 and t.size == 6 and len(t) == 2
    assert t.T.shape == (3, 2)
    np.testing.assert_array_equal(t.T.numpy(), np.arange(6.0).reshape(2, 3).T)
    s = ag.constant(2.5)
    assert s.shape == () and s.ndim == 0 and s.size == 1
    assert float(s) == 2.5 and int(ag.constant(7)) == 7 and isinstance(int(s), int)
    assert float(ag.constant([[3.0]])) == 3.0
    with pytest.raises(TypeError):
        len(s)
    with pytest.raises(TypeError):
        float(t)


def test_variable_attributes_and_trainable_is_read_only():
    v = ag.Variable([[1.0, 2.0]], name="w", trainable=False)
    assert v.shape == (1, 2) and v.ndim == 2 and v.size == 2 and len(v) == 1
    assert v.T.shape == (2, 1) and v.name == "w" and v.trainable is False
    assert ag.Variable(1.0).trainable is True
    with pytest.raises(AttributeError):
        v.trainable = True
    assert v.trainable is False
    assert isinstance(v, ag.Tensor)


def test_variable_from_a_callable():
    v = ag.Variable(lambda: np.ones((2, 2)))
    assert v.shape == (2, 2) and v.dtype == np.float64


def test_variable_assign_family():
    v = ag.Variable([1.0, 2.0])
    assert v.assign([3.0, 4.0]) is v
    np.testing.assert_array_equal(v.numpy(), [3.0, 4.0])
    v.assign_add([1.0, 1.0])
    np.testing.assert_array_equal(v.numpy(), [4.0, 5.0])
    v.assign_sub(ag.constant([0.5, 0.5]))
    np.testing.assert_array_equal(v.numpy(), [3.5, 4.5])
    v.assign(np.array([1.0, 1.0]))  # float64 into a float32 Variable keeps float32
    assert v.dtype == np.float32


def test_assign_is_not_differentiated_through():
    v = ag.Variable(2.0)
    w = ag.Variable(5.0)
    with ag.GradientTape() as tape:
        v.assign(w * 3.0)
        y = v * 1.0
    gv, gw = tape.gradient(y, [v, w])
    assert float(gv) == 1.0
    assert gw is None


@pytest.mark.parametrize("method", ["value", "read_value"])
def test_variable_value_and_read_value_are_recorded_snapshots(method):
    # as tf.Variable.value() / read_value(): a Tensor of the current value, read on the tape
    v = ag.Variable([1.0, 2.0])
    with ag.GradientTape() as tape:
        t = getattr(v, method)()
        y = ag.sum(t * t)
    assert type(t) is ag.Tensor and t.dtype == np.float32
    np.testing.assert_array_equal(tape.gradient(y, v).numpy(), [2.0, 4.0])  # 2v
    v.assign([5.0, 6.0])
    np.testing.assert_array_equal(t.numpy(), [1.0, 2.0])  # a later assign leaves it alone
    np.testing.assert_array_equal(getattr(v, method)().numpy(), [5.0, 6.0])


# --- operators and NumPy interop ------------------------------------------------------------
OPERATORS = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b, "**": lambda a, b: a ** b, "@": lambda a, b: a @ b,
}


@pytest.mark.parametrize("symbol", sorted(OPERATORS))
def test_numpy_arrays_and_scalars_on_either_side_give_tensors(symbol):
    op = OPERATORS[symbol]
    array = np.array([[1.0, 2.0], [3.0, 4.0]])
    t = ag.constant(np.array([[0.5, 1.5], [2.0, 1.0]]))
    for left, right in [(array, t), (t, array), (t, t)]:
        out = op(left, right)
        assert type(out) is ag.Tensor, (symbol, type(left), type(right))
        assert out.dtype == np.float64
        np.testing.assert_allclose(out.numpy(), op(np.asarray(left), np.asarray(right)))
    if symbol != "@":
        for left, right in [(2.0, t), (t, 2.0), (2, t), (t, 2), (np.float64(2.0), t)]:
            out = op(left, right)
            assert type(out) is ag.Tensor
            np.testing.assert_allclose(out.numpy(), op(np.asarray(left), np.asarray(right)))


def test_unary_operators_and_abs():
    t = ag.constant([-1.5, 2.0])
    np.testing.assert_array_equal((-t).numpy(), [1.5, -2.0])
    np.testing.assert_array_equal(abs(t).numpy(), [1.5, 2.0])
    assert (+t) is t


def test_numpy_ufuncs_on_tensors_are_differentiable():
    x = ag.constant(np.array([0.5, 1.0]))
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = np.exp(x) + np.sin(x) * np.array([2.0, 2.0])
    assert type(y) is ag.Tensor
    np.testing.assert_allclose(tape.gradient(y, x).numpy(),
                               np.exp([0.5, 1.0]) + 2 * np.cos([0.5, 1.0]))


def test_numpy_interop():
    t = ag.constant([[1.0, 2.0]])
    a = np.asarray(t)
    assert isinstance(a, np.ndarray) and a.dtype == np.float32
    np.testing.assert_array_equal(a, [[1.0, 2.0]])
    assert np.asarray(t, dtype=np.float64).dtype == np.float64
    assert np.array(ag.Variable([1, 2])).dtype == np.int64
    assert isinstance(t.numpy(), np.ndarray)


def test_numpy_reductions_accept_tensors():
    # np.sum(t) calls t.sum(axis=None, out=None): the methods must take NumPy's arguments
    t = ag.constant([[1.0, 2.0], [3.0, 5.0]])
    assert float(np.sum(t)) == 11.0
    np.testing.assert_array_equal(np.asarray(np.mean(t, axis=0)), [2.0, 3.5])
    assert float(np.max(t)) == 5.0


def test_mixed_dtype_promotion_follows_numpy():
    f32 = ag.constant([1.0, 2.0])
    assert (f32 + 1.5).dtype == np.float32      # Python scalars are weak
    assert (f32 * 2).dtype == np.float32
    assert (f32 + np.ones(2)).dtype == np.float64
    assert (ag.constant([1, 2]) + 1).dtype == np.int64
    assert (ag.constant([1, 2]) / 2).dtype == np.float64
    assert ag.add(1.0, 2.0).dtype == np.float32  # all-scalar inputs follow ag.constant


def test_integer_and_bool_values_flow_through_ops():
    i = ag.constant([1, 2, 3])
    np.testing.assert_array_equal((i * 2 + 1).numpy(), [3, 5, 7])
    np.testing.assert_array_equal(ag.sum(i).numpy(), 6)
    np.testing.assert_array_equal(ag.where(i > 1, i, 0).numpy(), [0, 2, 3])


# --- repr -----------------------------------------------------------------------------------
def test_repr_shows_value_shape_and_dtype():
    text = repr(ag.constant([1.0, 2.0]))
    assert "shape=(2,)" in text and "float32" in text and "1." in text and "2." in text
    assert "3.5" in repr(ag.constant(3.5)) and "shape=()" in repr(ag.constant(3.5))
    assert "int64" in repr(ag.constant([7])) and "7" in repr(ag.constant([7]))


def test_variable_repr_shows_name_and_trainable():
    text = repr(ag.Variable([1.0, 2.0], name="kernel", trainable=False))
    assert "kernel" in text and "trainable=False" in text and "shape=(2,)" in text
    assert "float32" in text and "1." in text
    assert "trainable=True" in repr(ag.Variable(0.0))


def test_repr_of_a_large_tensor_is_short():
    assert len(repr(ag.zeros((1000, 1000)))) < 2000
    assert len(str(ag.zeros((1000, 1000)))) < 2000


# --- immutability ---------------------------------------------------------------------------
def test_item_assignment_raises_and_points_to_the_alternatives():
    t = ag.constant([1.0, 2.0, 3.0])
    with pytest.raises(TypeError) as info:
        t[0] = 5.0
    message = str(info.value)
    assert "immutable" in message
    assert "where" in message and "concat" in message and "assign" in message
    np.testing.assert_array_equal(t.numpy(), [1.0, 2.0, 3.0])


def test_numpy_returns_a_copy():
    t = ag.constant([1.0, 2.0])
    a = t.numpy()
    a[0] = 99.0
    np.testing.assert_array_equal(t.numpy(), [1.0, 2.0])


def test_asarray_view_is_read_only():
    t = ag.constant([1.0, 2.0])
    a = np.asarray(t)
    with pytest.raises(ValueError):
        a[0] = 99.0
    b = np.array(t)
    b[0] = 99.0
    np.testing.assert_array_equal(t.numpy(), [1.0, 2.0])


def test_constant_and_variable_copy_the_array_they_are_given():
    array = np.array([1.0, 2.0])
    c, v = ag.constant(array), ag.Variable(array)
    array[0] = 99.0
    np.testing.assert_array_equal(c.numpy(), [1.0, 2.0])
    np.testing.assert_array_equal(v.numpy(), [1.0, 2.0])


@pytest.mark.parametrize("op", [
    lambda a: ag.reshape(a, (3,)), ag.transpose, ag.stop_gradient, ag.squeeze,
    lambda a: ag.getitem(a, slice(None)), lambda a: ag.broadcast_to(a, (2, 3)),
    lambda a: ag.cast(a, "float64"), lambda a: ag.expand_dims(a, 0),
], ids=["reshape", "transpose", "stop_gradient", "squeeze", "getitem", "broadcast_to",
        "cast", "expand_dims"])
def test_an_op_result_does_not_alias_a_numpy_input(op):
    array = np.array([1.0, 2.0, 3.0])
    t = op(array)
    before = t.numpy()
    array[0] = 99.0
    np.testing.assert_array_equal(t.numpy(), before)


def test_augmented_assignment_rebinds_and_leaves_the_old_tensor():
    a = ag.constant([1.0])
    b = a
    a += 1.0
    assert a is not b
    np.testing.assert_array_equal(b.numpy(), [1.0])
    np.testing.assert_array_equal(a.numpy(), [2.0])


def test_results_computed_before_an_assign_keep_their_value():
    v = ag.Variable([1.0, 2.0])
    y = v * 1.0
    r = ag.reshape(v, (2, 1))
    v.assign([7.0, 8.0])
    np.testing.assert_array_equal(y.numpy(), [1.0, 2.0])
    np.testing.assert_array_equal(r.numpy(), [[1.0], [2.0]])


def test_tensors_support_weakrefs_and_hashing():
    t = ag.constant(1.0)
    assert weakref.ref(t)() is t
    assert len({t, t, ag.constant(1.0)}) == 2
