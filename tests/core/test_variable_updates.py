"""assign_add / assign_sub write in place only when no one can see it."""
import numpy as np
import pytest

import autograd_lite as ag


@pytest.mark.parametrize("make_view", [
    lambda v: ag.reshape(v, (3,)),
    lambda v: v[1:],
    lambda v: ag.transpose(v),
    lambda v: np.asarray(v),
])
def test_values_taken_before_an_update_keep_their_numbers(make_view):
    v = ag.Variable([1.0, 2.0, 3.0])
    before = make_view(v)
    expected = np.array(before).copy()
    v.assign_add([10.0, 10.0, 10.0])
    np.testing.assert_array_equal(np.asarray(before), expected)
    np.testing.assert_array_equal(v.numpy(), [11.0, 12.0, 13.0])


def test_an_update_with_no_one_watching_reuses_the_buffer():
    v = ag.Variable(np.zeros(1000))
    address = v._value.__array_interface__["data"][0]
    v.assign_sub(np.ones(1000))
    assert v._value.__array_interface__["data"][0] == address
    np.testing.assert_array_equal(v.numpy(), -np.ones(1000))


def test_a_recorded_read_keeps_its_value_through_an_update_in_the_tape():
    v = ag.Variable([1.0, 2.0])
    with ag.GradientTape() as tape:
        squared = v * v
        v.assign_add([10.0, 10.0])
        total = ag.sum(squared + v)
    np.testing.assert_array_equal(squared.numpy(), [1.0, 4.0])
    np.testing.assert_array_equal(tape.gradient(total, v).numpy(), [3.0, 5.0])


def test_after_a_training_step_the_update_is_in_place_again():
    v = ag.Variable(np.ones(4))
    with ag.GradientTape() as tape:
        loss = ag.sum(v * v)
    grad = tape.gradient(loss, v)
    del tape, loss
    address = v._value.__array_interface__["data"][0]
    v.assign_sub(0.5 * grad)
    assert v._value.__array_interface__["data"][0] == address
    np.testing.assert_array_equal(v.numpy(), np.zeros(4))


def test_the_read_kept_through_an_in_place_update_records_the_new_value():
    # the idle cached read shares the updated buffer, so the next tape records current numbers
    v = ag.Variable(np.array([1.0, 2.0]))
    for step, expected in enumerate(([1.0, 2.0], [0.0, 1.0], [-1.0, 0.0])):
        with ag.GradientTape() as tape:
            cubed = v * v * v
        np.testing.assert_array_equal(cubed.numpy(), np.power(expected, 3))
        np.testing.assert_array_equal(tape.gradient(cubed, v).numpy(), 3 * np.square(expected))
        del tape, cubed
        address = v._value.__array_interface__["data"][0]
        v.assign_sub([1.0, 1.0])
        assert v._value.__array_interface__["data"][0] == address, step


def test_a_read_someone_holds_is_not_overwritten():
    v = ag.Variable(np.array([1.0, 2.0]))
    with ag.GradientTape(persistent=True) as tape:
        y = v * 2.0
    v.assign_add([5.0, 5.0])  # the tape holds the read: a new buffer
    np.testing.assert_array_equal(tape._records[0][1][0].numpy(), [1.0, 2.0])
    np.testing.assert_array_equal(tape.gradient(y, v).numpy(), [2.0, 2.0])
    np.testing.assert_array_equal(v.numpy(), [6.0, 7.0])


def test_print_of_a_variable_shows_its_name_and_trainable_flag():
    text = str(ag.Variable([1.0, 2.0], name="bias", trainable=False))
    assert text.startswith("<ag.Variable 'bias'") and "trainable=False" in text
