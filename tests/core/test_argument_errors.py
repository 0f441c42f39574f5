"""Bad settings to ops get a named error (function, argument, what it got) before any work."""
import numpy as np
import pytest

import autograd_lite as ag

X = ag.constant([1.0, 2.0])


@pytest.mark.parametrize("call, error, words", [
    (lambda: ag.cast(X, "complex64"), TypeError, ["cast", "complex64"]),
    (lambda: ag.cast(X, "str"), TypeError, ["cast", "'str'"]),
    (lambda: ag.cast(X, object), TypeError, ["cast", "object"]),
    (lambda: ag.cast(X, "foo"), TypeError, ["cast", "dtype", "'foo'"]),
    (lambda: X.astype("complex128"), TypeError, ["cast", "complex128"]),
    (lambda: ag.constant(1.0, dtype="complex64"), TypeError, ["constant", "complex64"]),
    (lambda: ag.constant([1.0], dtype=object), TypeError, ["constant", "object"]),
    (lambda: ag.Variable(1.0, dtype="str"), TypeError, ["Variable", "'str'"]),
    (lambda: ag.one_hot(ag.constant([0.5, 1.0]), 3), ValueError, ["one_hot", "indices", "0.5"]),
    (lambda: ag.one_hot(np.array([True]), 3), TypeError, ["one_hot", "indices", "bool"]),
    (lambda: ag.one_hot([0, 1], -1), ValueError, ["one_hot", "depth", "-1"]),
    (lambda: ag.one_hot([0, 1], 2.5), TypeError, ["one_hot", "depth", "2.5"]),
    (lambda: ag.sum(X, axis="a"), TypeError, ["sum", "axis", "'a'"]),
    (lambda: X.sum(axis=1.0), TypeError, ["sum", "axis", "1.0"]),
    (lambda: ag.mean(X, axis=["a"]), TypeError, ["mean", "axis", "['a']"]),
    (lambda: ag.max(X, axis="a"), TypeError, ["max", "axis", "'a'"]),
    (lambda: ag.logsumexp(X, axis="a"), TypeError, ["logsumexp", "axis", "'a'"]),
    (lambda: ag.leaky_relu(X, alpha="a"), TypeError, ["leaky_relu", "alpha", "'a'"]),
    (lambda: X[5], IndexError, ["getitem", "(2,)", "5"]),
    (lambda: ag.constant([[1.0, 2.0]])[0, 7], IndexError, ["getitem", "(1, 2)", "7"]),
])
def test_bad_settings_are_named(call, error, words):
    with pytest.raises(error) as raised:
        call()
    for word in words:
        assert word in str(raised.value), (word, str(raised.value))


def test_a_bad_setting_records_nothing():
    x = ag.constant([1.0, -2.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        with pytest.raises(TypeError):
            ag.leaky_relu(x, alpha="a")
        y = ag.leaky_relu(x, alpha=0.5)
    assert len(tape._records) == 1
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [1.0, 0.5])


def test_good_settings_still_work():
    np.testing.assert_array_equal(ag.one_hot(np.array([1.0, 0.0]), np.int64(2)).numpy(),
                                  [[0.0, 1.0], [1.0, 0.0]])
    assert float(ag.sum(ag.ones((2, 2)), axis=np.int64(0))[1]) == 2.0
    assert float(ag.leaky_relu([-1.0], alpha=np.float32(0.5))[0]) == -0.5
    assert ag.cast(X, np.float64).dtype == np.float64
