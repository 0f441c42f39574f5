"""Unary plus: ``+t`` of an immutable Tensor is ``t``; ``+v`` of a Variable is an immutable
snapshot that later updates leave alone, and gradients still reach the Variable through it."""
import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.ops.arithmetic import positive

from .gradcheck import SHAPES, check_grads, shape_id, uniform


def test_plus_of_a_tensor_is_the_tensor():
    t = ag.constant([1.0, -2.0])
    assert (+t) is t


@pytest.mark.parametrize("update", [
    lambda v: v.assign([5.0, 6.0]),
    lambda v: v.assign_add([1.0, 1.0]),  # may write in place when no one else holds the array
    lambda v: v.assign_sub(np.ones(2)),
], ids=["assign", "assign_add", "assign_sub"])
def test_plus_of_a_variable_is_a_snapshot(update):
    v = ag.Variable([1.0, 2.0])
    p = +v
    assert type(p) is ag.Tensor
    update(v)
    np.testing.assert_array_equal(p.numpy(), [1.0, 2.0])
    assert p.dtype == np.float32
    assert not np.array_equal(v.numpy(), [1.0, 2.0])


def test_plus_of_a_variable_passes_the_gradient():
    v = ag.Variable(np.array([1.0, -2.0]))
    with ag.GradientTape() as tape:
        y = ag.sum((+v) * [3.0, 4.0])
        v.assign([10.0, 10.0])
    np.testing.assert_array_equal(tape.gradient(y, v).numpy(), [3.0, 4.0])
    assert float(y) == -5.0


@pytest.mark.parametrize("shape", SHAPES, ids=shape_id)
def test_positive_matches_central_differences(shape):
    check_grads(positive, uniform(np.random.default_rng(3), shape), order=2)
