"""Python numbers become arrays at the precision asked for: a float64 request is never rounded
through float32, lists follow TF's float32 default only where nothing says otherwise, and
integers that do not fit int64 are refused with the constructor's name."""
import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.tensor import to_array

from .gradcheck import check_grads

F64 = [ag.constant, ag.Variable]
F64_IDS = ["constant", "Variable"]


def _item(t):
    return t.numpy().item()


# --- dtype= converts straight from the Python value ----------------------------------------
@pytest.mark.parametrize("make", F64, ids=F64_IDS)
@pytest.mark.parametrize("dtype", ["float64", np.float64, np.dtype("float64")], ids=repr)
def test_float64_request_keeps_every_digit(make, dtype):
    assert _item(make(0.1, dtype=dtype)) == 0.1
    assert _item(make(1e300, dtype=dtype)) == 1e300
    assert make([0.1, 0.2], dtype=dtype).numpy().tolist() == [0.1, 0.2]
    assert make([[1e-50], [1e300]], dtype=dtype).numpy().tolist() == [[1e-50], [1e300]]


def test_a_dtype_request_is_one_rounding_of_the_python_value():
    assert ag.constant(0.1, dtype="float16").numpy() == np.float16(0.1)
    assert _item(ag.constant(2 ** 70, dtype="float64")) == 2.0 ** 70
    assert _item(ag.constant(2 ** 53 + 1, dtype="int64")) == 2 ** 53 + 1


def test_without_a_dtype_python_floats_are_float32():
    for value in (0.1, [0.1], [[0.1, 2]]):
        t = ag.constant(value)
        assert t.dtype == np.float32
        assert t.numpy().ravel()[0] == np.float32(0.1)


# --- Variable updates keep the Variable's precision --------------------------------------
@pytest.mark.parametrize("value", [0.1, [0.1, 0.1]], ids=["float", "list"])
def test_assign_family_onto_float64_keeps_full_precision(value):
    v = ag.Variable(np.zeros(2) if isinstance(value, list) else 0.0, dtype="float64")
    v.assign(value)
    assert np.all(v.numpy() == 0.1)
    v.assign_add(value)
    assert np.all(v.numpy() == 0.1 + 0.1)
    v.assign_sub(value)
    assert np.all(v.numpy() == 0.1 + 0.1 - 0.1)
    assert v.dtype == np.float64


def test_assign_onto_float32_and_int_variables_keeps_their_rules():
    v = ag.Variable([0.0])
    v.assign([0.1])
    assert v.dtype == np.float32 and v.numpy()[0] == np.float32(0.1)
    v.assign_add([0.1])
    assert v.numpy()[0] == np.float32(0.1) + np.float32(0.1)
    counts = ag.Variable([1, 2])
    with pytest.raises(TypeError, match="Variable.assign"):
        counts.assign([0.5, 1.5])
    np.testing.assert_array_equal(counts.numpy(), [1, 2])


# --- list operands next to arrays ------------------------------------------------------------
def test_to_array_gives_python_floats_the_dtype_of_the_arrays_beside_them():
    assert to_array([0.1]).dtype == np.float32
    for like, dtype in [([np.zeros(2)], np.float64), ([ag.constant([1.0])], np.float32),
                        ([ag.constant([1])], np.float64), ([np.float64(1.0), 2.0], np.float64),
                        ([np.zeros(2, dtype=np.float16)], np.float16)]:
        array = to_array([0.1, 0.2], like=like)
        assert array.dtype == dtype
        assert array.tolist() == np.array([0.1, 0.2], dtype=dtype).tolist()
    assert to_array(0.1, like=[np.zeros(1)]).item() == 0.1
    assert to_array([1, 2], like=[np.zeros(1, dtype=np.float32)]).dtype == np.int64


def test_list_operands_without_arrays_follow_constant():
    assert ag.add([1.0], [2.0]).dtype == np.float32
    assert ag.exp([0.0]).dtype == np.float32


def test_list_operand_next_to_float64_keeps_full_precision():
    x = ag.constant(np.ones(1))
    assert _item(ag.add(x, [0.1])) == 1.1
    assert _item(x * [0.1]) == 0.1 and _item([0.1] * x) == 0.1
    assert _item(ag.add(np.ones(1), [0.1])) == 1.1
    assert _item(ag.constant([1]) * [0.1]) == 0.1  # int next to a Python float: float64
    f32 = ag.constant([1.0])
    assert (f32 * [0.1]).dtype == np.float32  # the list is weak, like a Python float


def test_gradient_through_a_list_operand_is_exact_in_float64():
    x = ag.constant(np.array([2.0, 3.0]))
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = ag.sum(x * [0.1, 0.3])
    assert tape.gradient(y, x).numpy().tolist() == [0.1, 0.3]


def test_gradient_through_a_list_operand_matches_central_differences():
    check_grads(lambda x: x * [0.1, 0.3] + [[0.7], [1e-3]], np.array([2.0, 3.0]), order=2)


# --- what a list's items say about its dtype ------------------------------------------------
@pytest.mark.parametrize("make", F64, ids=F64_IDS)
@pytest.mark.parametrize("value, dtype", [
    ([np.float32(1), 2.0], np.float32), ([2.0, np.float32(1)], np.float32), ([], np.float32),
    ([[], []], np.float32), ([np.float64(1), 2.0], np.float64), ([1.0, np.float64(2)], np.float64),
    ([np.array([1.0, 2.0], dtype=np.float32), [3.0, 4.0]], np.float32),
    ([[1.0, 2.0], np.array([3.0, 4.0])], np.float64), ([np.float16(1), 2.0], np.float32),
    ((1, 2.5), np.float32), ([1, 2], np.int64), ([True, False], np.bool_),
], ids=repr)
def test_numpy_items_keep_their_dtype_and_python_floats_default_to_float32(make, value, dtype):
    t = make(value)
    assert t.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(t.numpy(), np.asarray(value, dtype=np.float64))


def test_tensors_inside_a_list_keep_their_dtype():
    assert ag.constant([ag.constant([1.0]), [2.0]]).dtype == np.float32
    assert ag.constant([ag.constant(np.ones(1)), [2.0]]).dtype == np.float64


# --- integers that do not fit ------------------------------------------------------------------
@pytest.mark.parametrize("value", [2 ** 70, -2 ** 70, 2 ** 63, [2 ** 63], [1, 2 ** 70]], ids=repr)
@pytest.mark.parametrize("make, name", [(ag.constant, "constant"), (ag.Variable, "Variable")],
                         ids=F64_IDS)
def test_integers_outside_int64_are_a_type_error_naming_the_constructor(make, name, value):
    with pytest.raises(TypeError) as info:
        make(value)
    assert str(info.value).startswith(f"{name}:"), str(info.value)


def test_integers_at_the_int64_limits_and_values_a_dtype_cannot_hold():
    assert _item(ag.constant(2 ** 63 - 1)) == 2 ** 63 - 1
    assert _item(ag.constant(-2 ** 63)) == -2 ** 63
    assert ag.constant([2 ** 63], dtype="uint64").numpy().tolist() == [2 ** 63]
    for value, dtype in [(300, "uint8"), (float("nan"), "int64"), (float("inf"), "int32")]:
        with pytest.raises(TypeError, match=r"^constant: .*cannot be represented as"):
            ag.constant(value, dtype=dtype)


def test_a_bool_condition_has_no_say_in_the_dtype_of_float_lists():
    mask = ag.constant([True, False])
    assert ag.where(mask, [1.0, 2.0], [3.0, 4.0]).dtype == np.float32
    assert ag.where(mask, ag.constant(np.ones(2)), [3.0, 4.0]).dtype == np.float64
