"""Sums done by BLAS where NumPy's reductions are slow equal NumPy's sums: sum_kept over the
softmax family's class axis, and bias gradients summed over the batch rows."""
import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.ops.reductions import sum_kept

from .gradcheck import rng_for


@pytest.mark.parametrize("shape, axis", [
    ((32, 10), -1), ((32, 10), 1), ((7,), -1), ((7,), 0), ((2, 3, 5), -1), ((2, 3, 5), 2),
    ((4, 6), 0), ((2, 3, 5), 1), ((3, 0), -1), ((0, 4), -1), ((2, 2000), -1)])
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int64"])
def test_equals_numpy_sum_with_kept_axis(shape, axis, dtype):
    x = (rng_for(shape, axis, dtype).standard_normal(shape) * 10).astype(dtype)
    got = sum_kept(x, axis)
    want = x.sum(axis=axis, keepdims=True)
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_allclose(got, want, rtol=1e-3 if dtype == "float16" else 1e-6)


def test_strided_and_transposed_arrays_sum_the_right_axis():
    x = np.arange(24, dtype=np.float32).reshape(4, 6)
    np.testing.assert_array_equal(sum_kept(x.T, -1), x.T.sum(axis=-1, keepdims=True))
    np.testing.assert_array_equal(sum_kept(x[:, ::2], -1), x[:, ::2].sum(axis=-1, keepdims=True))


def test_non_finite_values_propagate_as_in_a_sum():
    x = np.array([[1.0, np.inf], [np.nan, 1.0], [np.inf, -np.inf]], dtype=np.float32)
    with np.errstate(invalid="ignore"):  # inf - inf, which both warn about
        got, want = sum_kept(x, -1), x.sum(axis=-1, keepdims=True)
    np.testing.assert_array_equal(got, want)


def test_a_tensor_gets_the_recorded_op():
    x = ag.constant([[1.0, 2.0], [3.0, 4.0]])
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = ag.sum(sum_kept(x, -1) ** 2)
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [[6.0, 6.0], [14.0, 14.0]])


def test_cross_entropy_by_hand_on_a_batch():
    # logits rows [0, ln 3] and [ln 2, 0]: softmax rows [1/4, 3/4] and [2/3, 1/3]
    logits = ag.constant(np.log([[1.0, 3.0], [2.0, 1.0]]), dtype="float64")
    labels = ag.constant([[0.0, 1.0], [0.5, 0.5]], dtype="float64")
    with ag.GradientTape() as tape:
        tape.watch(logits)
        loss = ag.softmax_cross_entropy_with_logits(labels, logits)
    np.testing.assert_allclose(loss.numpy(), [-np.log(0.75), -0.5 * np.log(2 / 9)])
    np.testing.assert_allclose(tape.gradient(loss, logits).numpy(),
                               [[0.25, -0.25], [2 / 3 - 0.5, 1 / 3 - 0.5]])


@pytest.mark.parametrize("rows", [1, 7, 8, 32, 65])
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_bias_gradients_sum_the_batch_rows(rows, dtype):
    # the gradient of a (5,) bias added to a (rows, 5) batch: each column's sum over the rows
    upstream = rng_for(rows, dtype).standard_normal((rows, 5)).astype(dtype)
    bias = ag.Variable(np.zeros(5, dtype))
    batch = ag.constant(np.zeros((rows, 5), dtype))
    with ag.GradientTape() as tape:
        out = batch + bias
    grad = tape.gradient(out, bias, output_gradients=upstream)
    assert grad.dtype == np.dtype(dtype)
    np.testing.assert_allclose(grad.numpy(), upstream.astype(np.float64).sum(axis=0),
                               rtol=1e-2 if dtype == "float16" else 1e-5, atol=1e-5)
