"""Copies are new values: a deep copy or a pickle has its own tape id; copy.copy(v) is v."""
import copy
import pickle

import numpy as np
import pytest

import autograd_lite as ag


def deep_copy(x):
    return copy.deepcopy(x)


def pickled(x):
    return pickle.loads(pickle.dumps(x))


@pytest.mark.parametrize("duplicate", [deep_copy, pickled])
def test_a_copied_variable_is_a_new_variable_with_the_same_value(duplicate):
    v = ag.Variable([1.0, 2.0], trainable=False, name="v")
    other = duplicate(v)
    assert type(other) is ag.Variable and other is not v and other._id != v._id
    assert other.name == "v" and other.trainable is False and other.dtype == np.float32
    np.testing.assert_array_equal(other.numpy(), [1.0, 2.0])
    other.assign([5.0, 6.0])
    np.testing.assert_array_equal(v.numpy(), [1.0, 2.0])


@pytest.mark.parametrize("duplicate", [deep_copy, pickled])
def test_gradients_of_a_variable_and_its_copy_stay_apart(duplicate):
    v = ag.Variable([1.0, 2.0])
    w = duplicate(v)
    with ag.GradientTape() as tape:
        loss = ag.sum(v * 3.0) + ag.sum(w * w)
    dv, dw = tape.gradient(loss, [v, w])
    np.testing.assert_array_equal(dv.numpy(), [3.0, 3.0])
    np.testing.assert_array_equal(dw.numpy(), [2.0, 4.0])


@pytest.mark.parametrize("duplicate", [deep_copy, pickled])
def test_a_copied_tensor_is_a_new_value(duplicate):
    x = ag.constant([1.0, 2.0], dtype="float64")
    y = duplicate(x)
    assert y._id != x._id and y.dtype == np.float64
    np.testing.assert_array_equal(y.numpy(), [1.0, 2.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        out = ag.sum(x * 2.0) + ag.sum(y * y)
    np.testing.assert_array_equal(tape.gradient(out, x).numpy(), [2.0, 2.0])


def test_copy_copy_of_a_variable_is_the_variable():
    v = ag.Variable(1.0)
    assert copy.copy(v) is v


def test_a_deep_copy_keeps_two_references_one_variable():
    v = ag.Variable(1.0)
    pair = copy.deepcopy([v, v])
    assert pair[0] is pair[1] and pair[0] is not v
