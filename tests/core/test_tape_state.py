"""Tape state that must never go silently wrong: leaving a tape twice, gradient(v, v)."""
import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.tape import _THREAD, STATE


def records_and_gradient():
    """A fresh tape still records after whatever happened before: d(x*x)/dx at 3 is 6."""
    x = ag.constant(3.0)
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    return float(tape.gradient(y, x))


def test_leaving_a_tape_twice_is_harmless():
    before = STATE.active_tapes
    tape = ag.GradientTape()
    tape.__enter__()
    tape.__exit__(None, None, None)
    tape.__exit__(None, None, None)
    assert STATE.active_tapes == before and _THREAD.stack == ()
    assert records_and_gradient() == 6.0


def test_leaving_a_tape_never_entered_is_harmless():
    before = STATE.active_tapes
    ag.GradientTape().__exit__(None, None, None)
    assert STATE.active_tapes == before and _THREAD.stack == ()
    assert records_and_gradient() == 6.0


def test_leaving_an_inner_tape_twice_keeps_the_outer_one_recording():
    x = ag.constant(2.0)
    with ag.GradientTape() as outer:
        outer.watch(x)
        inner = ag.GradientTape()
        inner.__enter__()
        inner.__exit__(None, None, None)
        inner.__exit__(None, None, None)
        assert _THREAD.stack == (outer,)
        y = x * x * x
    assert float(outer.gradient(y, x)) == 12.0  # 3 x**2 at 2


def test_a_tape_left_twice_can_be_entered_again():
    x = ag.constant(1.5)
    tape = ag.GradientTape(persistent=True)
    with tape:
        tape.watch(x)
    tape.__exit__(None, None, None)
    with tape:
        y = x * 4.0
    assert float(tape.gradient(y, x)) == 4.0
    assert _THREAD.stack == ()


# --- tape.gradient(v, v) ----------------------------------------------------------------
def test_gradient_of_an_unread_variable_wrt_itself_is_ones():
    v = ag.Variable([1.0, 2.0, 3.0])
    with ag.GradientTape() as tape:
        pass
    grad = tape.gradient(v, v)
    assert grad.dtype == np.float32
    np.testing.assert_array_equal(grad.numpy(), [1.0, 1.0, 1.0])


def test_gradient_of_a_read_variable_wrt_itself_is_ones():
    v = ag.Variable([1.0, 2.0])
    with ag.GradientTape() as tape:
        _ = v * 3.0
    np.testing.assert_array_equal(tape.gradient(v, v).numpy(), [1.0, 1.0])


def test_gradient_of_a_variable_wrt_itself_is_the_output_gradient():
    v = ag.Variable(np.array([1.0, 2.0], dtype=np.float64))
    with ag.GradientTape(watch_accessed_variables=False) as tape:
        pass
    grad = tape.gradient(v, v, output_gradients=[0.5, -2.0])
    assert grad.dtype == np.float64
    np.testing.assert_array_equal(grad.numpy(), [0.5, -2.0])


def test_gradient_of_a_variable_wrt_itself_and_another_source():
    v, w = ag.Variable(2.0), ag.Variable(5.0)
    with ag.GradientTape() as tape:
        pass
    gv, gw = tape.gradient(v, [v, w])
    assert float(gv) == 1.0 and gw is None
    with ag.GradientTape() as tape:
        pass
    assert float(tape.gradient(v, [w], unconnected_gradients="zero")[0]) == 0.0


def test_a_variable_given_twice_as_target_gets_both_seeds():
    v = ag.Variable([1.0, 1.0])
    with ag.GradientTape() as tape:
        pass
    np.testing.assert_array_equal(tape.gradient([v, v], v).numpy(), [2.0, 2.0])


def test_linear_activation_layer_returning_the_variable_itself():
    v = ag.Variable([[1.0, -2.0]])
    with ag.GradientTape() as tape:
        y = ag.nn.Activation("linear")(v)
    assert y is v
    np.testing.assert_array_equal(tape.gradient(y, v).numpy(), [[1.0, 1.0]])


def test_an_unwatched_constant_wrt_itself_stays_none():
    c = ag.constant([1.0, 2.0])
    with ag.GradientTape() as tape:
        pass
    assert tape.gradient(c, c) is None


# --- output_gradients that are not numbers --------------------------------------------------
@pytest.mark.parametrize("given, shown", [
    (np.array([1 + 1j, 2j]), "complex128"),
    ("ab", "str 'ab'"),
    (["a", "b"], "list ['a', 'b']"),
])
def test_output_gradients_that_are_not_real_numbers_are_refused(given, shown):
    x = ag.constant([1.0, 2.0])
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * 2.0
    with pytest.raises(TypeError, match=r"GradientTape\.gradient: output_gradients") as error:
        tape.gradient(y, x, output_gradients=given)
    assert shown in str(error.value)
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [2.0, 2.0])  # tape still usable


def test_jacobian_of_an_unread_variable_wrt_itself_is_the_identity():
    v = ag.Variable([1.0, 2.0])
    with ag.GradientTape() as tape:
        pass
    np.testing.assert_array_equal(tape.jacobian(v, v).numpy(), np.eye(2, dtype=np.float32))


@pytest.mark.parametrize("call, words", [
    (lambda x: ag.softmax(x, axis="a"), ["softmax", "axis", "'a'"]),
    (lambda x: ag.expand_dims(x, "a"), ["expand_dims", "axis", "'a'"]),
    (lambda x: ag.concat([x, x], axis="a"), ["concat", "axis", "'a'"]),
    (lambda x: ag.elu(x, alpha="a"), ["elu", "alpha", "'a'"]),
    (lambda x: ag.transpose(x, "a"), ["transpose", "axes", "'a'"]),
])
def test_other_ops_name_a_string_setting(call, words):
    x = ag.constant([[1.0, 2.0]])
    with ag.GradientTape() as tape:
        tape.watch(x)
        with pytest.raises(TypeError) as error:
            call(x)
        assert _THREAD.stack == (tape,)
    for word in words:
        assert word in str(error.value), (word, str(error.value))
    assert len(tape._records) == 0
