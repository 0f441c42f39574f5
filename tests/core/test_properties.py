"""Hypothesis property tests: broadcasting on both sides, axes (negative, tuples, keepdims),
permutations and batched matmul, each against an independent NumPy computation."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import autograd_lite as ag
from autograd_lite.unbroadcast import unbroadcast

SETTINGS = settings(max_examples=30, deadline=None, derandomize=True, database=None)


def sum_to_shape(grad, shape):
    """Independent reference for unbroadcast: sum the axes broadcasting added or stretched."""
    grad = np.asarray(grad)
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def values(seed, shape, low=-2.0, high=2.0):
    return np.random.default_rng(seed).uniform(low, high, size=shape)


def gradients(fn, arrays, weights):
    xs = [ag.constant(a) for a in arrays]
    with ag.GradientTape() as tape:
        tape.watch(xs)
        out = fn(*xs)
    return out, tape.gradient(out, xs, output_gradients=ag.constant(weights))


pairs = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=3)

# local derivatives of each binary op w.r.t. x and y, in NumPy
BINARY = {
    "add": (ag.add, lambda x, y: (np.ones_like(x * y), np.ones_like(x * y))),
    "subtract": (ag.subtract, lambda x, y: (np.ones_like(x * y), -np.ones_like(x * y))),
    "multiply": (ag.multiply, lambda x, y: (y + 0 * x, x + 0 * y)),
    "divide": (ag.divide, lambda x, y: (1 / y + 0 * x, -x / y ** 2)),
    "maximum": (ag.maximum, lambda x, y: ((x > y) + 0.0 * y, (y > x) + 0.0 * x)),
}


@SETTINGS
@given(shapes=pairs, name=st.sampled_from(sorted(BINARY)), seed=st.integers(0, 2 ** 16))
def test_binary_broadcasting_gradients(shapes, name, seed):
    (sx, sy), full = shapes.input_shapes, shapes.result_shape
    fn, local = BINARY[name]
    x = values(seed, sx)
    y = values(seed + 1, sy, 0.5, 2.0)  # positive: no division by ~0, no ties with x < 0
    y = np.where(np.random.default_rng(seed).uniform(size=sy) > 0.5, y, -y)
    weights = values(seed + 2, full)
    out, (gx, gy) = gradients(fn, [x, y], weights)
    assert out.shape == full
    np.testing.assert_allclose(out.numpy(), getattr(np, name)(x, y), rtol=1e-12)
    lx, ly = local(x, y)
    assert gx.shape == sx and gy.shape == sy
    np.testing.assert_allclose(gx.numpy(), sum_to_shape(weights * lx, sx), rtol=1e-10,
                               atol=1e-12)
    np.testing.assert_allclose(gy.numpy(), sum_to_shape(weights * ly, sy), rtol=1e-10,
                               atol=1e-12)


@SETTINGS
@given(shapes=pairs)
def test_unbroadcast_helper(shapes):
    (sx, _), full = shapes.input_shapes, shapes.result_shape
    grad = np.arange(float(np.prod(full, dtype=int))).reshape(full)
    fitted = unbroadcast(ag.constant(grad), sx)
    assert fitted.shape == sx
    np.testing.assert_array_equal(fitted.numpy(), sum_to_shape(grad, sx))


@pytest.mark.parametrize("rows", [3, 64, 300])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_a_bias_gradient_sums_over_the_batch_on_arrays_and_tensors(rows, dtype):
    grad = np.random.default_rng(rows).standard_normal((rows, 7)).astype(dtype)
    expected = grad.astype(np.float64).sum(axis=0)
    for gradient in (grad, ag.constant(grad)):  # a bare array (raw backward pass) and a Tensor
        fitted = np.asarray(unbroadcast(gradient, (7,)))
        assert fitted.shape == (7,) and fitted.dtype == dtype
        np.testing.assert_allclose(fitted, expected, rtol=1e-5 if dtype == "float32" else 1e-12)


@st.composite
def shape_and_axis(draw):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=3))
    ndim = len(shape)
    kind = draw(st.sampled_from(["none", "int", "negative", "tuple"]))
    if kind == "none":
        axis = None
    elif kind == "int":
        axis = draw(st.integers(0, ndim - 1))
    elif kind == "negative":
        axis = draw(st.integers(-ndim, -1))
    else:
        axis = draw(hnp.valid_tuple_axes(ndim, min_size=1))
    return shape, axis, draw(st.booleans())


@SETTINGS
@given(case=shape_and_axis(), name=st.sampled_from(["sum", "mean", "max", "min",
                                                    "logsumexp"]),
       seed=st.integers(0, 2 ** 16))
def test_reductions_over_any_axes(case, name, seed):
    shape, axis, keepdims = case
    # distinct values, so max / min have a unique winner
    x = np.random.default_rng(seed).permutation(int(np.prod(shape))).reshape(shape) / 7.0
    if name == "logsumexp":
        m = np.max(x, axis=axis, keepdims=True)
        kept = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
        expected = kept if keepdims else np.reshape(kept, np.sum(x, axis=axis).shape)
    else:
        expected = getattr(np, name)(x, axis=axis, keepdims=keepdims)
    weights = values(seed, np.shape(expected))
    out, (g,) = gradients(lambda t: getattr(ag, name)(t, axis=axis, keepdims=keepdims), [x],
                          weights)
    assert out.shape == np.shape(expected)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-12)
    # the upstream weight, put back on the reduced axes (kept as size 1) and broadcast
    kept_weights = np.broadcast_to(np.reshape(weights, np.sum(x, axis=axis,
                                                              keepdims=True).shape), shape)
    count = x.size // np.sum(x, axis=axis, keepdims=True).size
    local = {"sum": np.ones(shape), "mean": np.full(shape, 1.0 / count),
             "max": (x == np.max(x, axis=axis, keepdims=True)).astype(float),
             "min": (x == np.min(x, axis=axis, keepdims=True)).astype(float),
             "logsumexp": np.exp(x - np.reshape(
                 np.log(np.sum(np.exp(x), axis=axis, keepdims=True)),
                 np.sum(x, axis=axis, keepdims=True).shape))}[name]
    assert g.shape == shape
    np.testing.assert_allclose(g.numpy(), kept_weights * local, rtol=1e-10, atol=1e-12)


@SETTINGS
@given(case=shape_and_axis(), seed=st.integers(0, 2 ** 16))
def test_softmax_rows_sum_to_one_and_its_total_has_zero_gradient(case, seed):
    shape, axis, _ = case
    if axis is None or isinstance(axis, tuple):
        axis = -1
    x = values(seed, shape, -5, 5)
    _, (g,) = gradients(lambda t: ag.softmax(t, axis=axis), [x], np.ones(shape))
    np.testing.assert_allclose(np.sum(ag.softmax(x, axis=axis).numpy(), axis=axis), 1.0)
    np.testing.assert_allclose(g.numpy(), 0.0, atol=1e-12)


@st.composite
def shape_and_permutation(draw):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=3))
    axes = draw(st.permutations(range(len(shape))))
    negative = draw(st.lists(st.booleans(), min_size=len(shape), max_size=len(shape)))
    return shape, tuple(a - len(shape) if flip else a for a, flip in zip(axes, negative))


@SETTINGS
@given(case=shape_and_permutation(), seed=st.integers(0, 2 ** 16))
def test_transpose_gradient_is_the_inverse_permutation(case, seed):
    shape, axes = case
    x = values(seed, shape)
    weights = values(seed + 1, np.transpose(x, axes).shape)
    out, (g,) = gradients(lambda t: ag.transpose(t, axes), [x], weights)
    np.testing.assert_array_equal(out.numpy(), np.transpose(x, axes))
    inverse = np.argsort([a % len(shape) for a in axes])
    np.testing.assert_array_equal(g.numpy(), np.transpose(weights, inverse))


@SETTINGS
@given(shape=hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=3),
       seed=st.integers(0, 2 ** 16), data=st.data())
def test_reshape_expand_squeeze_round_trip(shape, seed, data):
    x = values(seed, shape)
    axis = data.draw(st.integers(-len(shape) - 1, len(shape)))
    weights = values(seed + 1, shape)

    def round_trip(t):
        flat = ag.reshape(t, (-1,))
        return ag.squeeze(ag.expand_dims(ag.reshape(flat, shape), axis), axis)
    out, (g,) = gradients(round_trip, [x], weights)
    np.testing.assert_array_equal(out.numpy(), x)
    np.testing.assert_array_equal(g.numpy(), weights)


@st.composite
def matmul_shapes(draw):
    batch = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=2,
                                                   max_side=3))
    m, k, n = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    a = batch.input_shapes[0] + (m, k)
    b = batch.input_shapes[1] + (k, n)
    if draw(st.booleans()):
        a = (k,)
    elif draw(st.booleans()):
        b = (k,)
    return a, b


@SETTINGS
@given(shapes=matmul_shapes(), seed=st.integers(0, 2 ** 16))
def test_matmul_any_batch_shapes(shapes, seed):
    sa, sb = shapes
    a, b = values(seed, sa), values(seed + 1, sb)
    expected = np.matmul(a, b)
    weights = values(seed + 2, expected.shape)
    out, (ga, gb) = gradients(ag.matmul, [a, b], weights)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-12)
    # reference: the 1-d operands as matrices, then the plain matrix-calculus formulas
    a2 = a[None, :] if a.ndim == 1 else a
    b2 = b[:, None] if b.ndim == 1 else b
    w2 = np.reshape(weights, np.matmul(a2, b2).shape)
    ref_a = sum_to_shape(np.matmul(w2, np.swapaxes(b2, -1, -2)), a2.shape).reshape(sa)
    ref_b = sum_to_shape(np.matmul(np.swapaxes(a2, -1, -2), w2), b2.shape).reshape(sb)
    np.testing.assert_allclose(ga.numpy(), ref_a, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(gb.numpy(), ref_b, rtol=1e-10, atol=1e-12)
