"""Running totals, reductions beyond sum/mean, order statistics and sorting (ops/cumulative.py,
ops/statistics.py, ops/sorting.py): values against NumPy, derivatives against central
differences to second order, and the rules worked by hand (cumsum's reversed cumsum, prod with
zeros, diff, sort permuting back, std of one element)."""
import numpy as np
import pytest

import autograd_lite as ag
import autograd_lite.numpy as anp
from autograd_lite.testing import check_grads


def _points(shape, seed=0, low=0.5, high=2.0):
    return np.random.default_rng(seed).uniform(low, high, size=shape)


def _distinct(shape, seed=0):
    """Distinct values (no ties, so sort and max are differentiable), spread around 0."""
    size = int(np.prod(shape))
    values = np.random.default_rng(seed).permutation(size).astype(np.float64)
    return ((values - size / 2) / 3 + 0.1).reshape(shape)


def _grad(fn, x, upstream=None):
    x = ag.constant(np.asarray(x, dtype=np.float64))
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = fn(x)
    return tape.gradient(y, x, output_gradients=None if upstream is None
                         else ag.constant(np.asarray(upstream, dtype=np.float64)))


AXES = [((4,), None), ((4,), 0), ((3, 4), None), ((3, 4), 0), ((3, 4), 1), ((3, 4), -1),
        ((2, 3, 2), 1)]


# --- cumsum, cumprod, diff ---------------------------------------------------------------------
@pytest.mark.parametrize("shape,axis", AXES, ids=str)
@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
def test_running_totals_match_numpy_and_central_differences(name, shape, axis):
    x = _points(shape, seed=len(shape))
    fn = getattr(anp, name)  # NumPy's signature (ag.cumsum is TF's: axis 0, exclusive, reverse)
    np.testing.assert_allclose(fn(x, axis=axis).numpy(), getattr(np, name)(x, axis=axis),
                               rtol=1e-14)
    check_grads(lambda t: fn(t, axis=axis), x, order=2)


def test_cumsum_vjp_is_the_reversed_cumsum_of_upstream():
    # y_j = x_0 + ... + x_j, so dL/dx_i = u_i + ... + u_{n-1}: [1+2+3+4, 2+3+4, 3+4, 4]
    assert _grad(anp.cumsum, [5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0]).numpy().tolist() == \
        [10.0, 9.0, 7.0, 4.0]
    # along rows of a matrix, with axis=None flattening
    assert _grad(lambda t: anp.cumsum(t, axis=1), np.ones((2, 2)), [[1.0, 2.0], [3.0, 4.0]]) \
        .numpy().tolist() == [[3.0, 2.0], [7.0, 4.0]]
    assert _grad(anp.cumsum, np.ones((2, 2)), [1.0, 2.0, 3.0, 4.0]).numpy().tolist() == \
        [[10.0, 9.0], [7.0, 4.0]]


def test_tf_spellings_take_tfs_arguments():
    x = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    # tf.cumsum runs along axis 0 by default; exclusive leaves each element out, reverse
    # runs from the end (values as TF documents them for [a, b, c])
    assert ag.cumsum(x).numpy().tolist() == [[1.0, 2.0, 3.0], [5.0, 7.0, 9.0]]
    assert ag.math.cumsum([1.0, 2.0, 3.0], exclusive=True).numpy().tolist() == [0.0, 1.0, 3.0]
    assert ag.math.cumsum([1.0, 2.0, 3.0], reverse=True).numpy().tolist() == [6.0, 5.0, 3.0]
    assert ag.cumprod([2.0, 3.0, 4.0], exclusive=True, reverse=True).numpy().tolist() == \
        [12.0, 4.0, 1.0]
    for exclusive in (False, True):
        for reverse in (False, True):
            check_grads(lambda t: ag.cumprod(t, axis=1, exclusive=exclusive,  # noqa: B023
                                             reverse=reverse), x, order=2)  # noqa: B023
    # tf.sort / tf.argsort take a direction; tf.reduce_prod's third argument is keepdims
    assert ag.sort([3.0, 1.0, 2.0], direction="DESCENDING").numpy().tolist() == [3.0, 2.0, 1.0]
    assert ag.argsort([3.0, 1.0, 3.0], direction="DESCENDING").numpy().tolist() == [0, 2, 1]
    assert _grad(lambda t: ag.sort(t, direction="DESCENDING"), [3.0, 1.0, 2.0],
                 [10.0, 20.0, 30.0]).numpy().tolist() == [10.0, 30.0, 20.0]
    assert ag.reduce_prod(x, 1, True).numpy().tolist() == [[6.0], [120.0]]
    with pytest.raises(ValueError, match="direction"):
        ag.sort([1.0], direction="UP")


def test_cumprod_gradient_is_exact_with_zeros():
    # y = [a, ab, abc] at (a, b, c) = (2, 0, 3), upstream ones:
    # d/da = 1 + b + bc = 1; d/db = a + ac = 8; d/dc = ab = 0
    assert _grad(anp.cumprod, [2.0, 0.0, 3.0]).numpy().tolist() == [1.0, 8.0, 0.0]
    # two zeros: d/db = a + a·c = 2 + 0 = 2 at (2, 0, 0); d/dc = ab = 0; d/da = 1
    assert _grad(anp.cumprod, [2.0, 0.0, 0.0]).numpy().tolist() == [1.0, 2.0, 0.0]
    x = _points((3, 4), seed=5)
    x[0, 1] = x[2, 0] = x[2, 2] = 0.0
    for axis in (None, 0, 1):
        check_grads(lambda t: anp.cumprod(t, axis=axis), x, order=2)  # noqa: B023 (called at once)


def test_diff_values_gradient_and_options():
    x = np.array([1.0, 4.0, 9.0, 16.0])
    # d/dx of sum(diff(x)) = x[-1] - x[0]: -1 at the first, +1 at the last, 0 between
    assert _grad(ag.diff, x).numpy().tolist() == [-1.0, 0.0, 0.0, 1.0]
    # second differences: sum(x_{i+2} - 2x_{i+1} + x_i) over i = 0, 1
    assert _grad(lambda t: ag.diff(t, n=2), x).numpy().tolist() == [1.0, -1.0, -1.0, 1.0]
    m = _points((3, 4), seed=2)
    for n in (0, 1, 2, 3):
        for axis in (0, 1, -1):
            np.testing.assert_array_equal(ag.diff(m, n=n, axis=axis).numpy(),
                                          np.diff(m, n=n, axis=axis))
            check_grads(lambda t: ag.diff(t, n=n, axis=axis), m, order=2)  # noqa: B023 (called at once)
    np.testing.assert_array_equal(ag.diff(m, prepend=0.0, append=m[:, :1]).numpy(),
                                  np.diff(m, prepend=0.0, append=m[:, :1]))
    check_grads(lambda t, p: ag.diff(t, prepend=p, append=1.5), m, np.ones((3, 1)), order=2)
    with pytest.raises(ValueError, match="diff"):
        ag.diff(x, n=-1)


# --- prod and trace ----------------------------------------------------------------------------
def test_prod_gradient_with_one_and_two_zeros():
    # no zero: d/dx_i = product of the others
    assert _grad(ag.prod, [2.0, 3.0, 4.0]).numpy().tolist() == [12.0, 8.0, 6.0]
    # one zero: only the zero's entry is non-zero, the product of the rest (2·4)
    assert _grad(ag.prod, [2.0, 0.0, 4.0]).numpy().tolist() == [0.0, 8.0, 0.0]
    # two zeros: every product of "the others" holds a zero
    assert _grad(ag.prod, [0.0, 3.0, 0.0]).numpy().tolist() == [0.0, 0.0, 0.0]
    # along an axis, rows with zero, one and two zeros
    x = [[1.0, 2.0, 3.0], [0.0, 2.0, 3.0], [0.0, 0.0, 5.0]]
    assert _grad(lambda t: ag.prod(t, axis=1), x).numpy().tolist() == \
        [[6.0, 3.0, 2.0], [6.0, 0.0, 0.0], [0.0, 0.0, 0.0]]


@pytest.mark.parametrize("shape,axis", AXES + [((2, 3, 2), (0, 2)), ((2, 3, 2), (-1, 1))],
                         ids=str)
@pytest.mark.parametrize("keepdims", [False, True])
def test_prod_values_and_derivatives_with_and_without_zeros(shape, axis, keepdims):
    x = _points(shape, seed=3)
    np.testing.assert_allclose(ag.prod(x, axis=axis, keepdims=keepdims).numpy(),
                               np.prod(x, axis=axis, keepdims=keepdims), rtol=1e-14)
    check_grads(lambda t: ag.prod(t, axis=axis, keepdims=keepdims), x, order=2)
    x.flat[0] = 0.0
    x.flat[-1] = 0.0
    check_grads(lambda t: ag.prod(t, axis=axis, keepdims=keepdims), x, order=2)


def test_trace_values_and_gradient():
    m = np.arange(12.0).reshape(3, 4)
    assert _grad(ag.trace, m).numpy().tolist() == np.eye(3, 4).tolist()
    for offset, axis1, axis2 in [(0, 0, 1), (1, 0, 1), (-1, 0, 1), (0, 1, 0), (1, 2, 0)]:
        x = _points((3, 4, 2), seed=offset + 7)
        if max(axis1, axis2) >= x.ndim:
            continue
        np.testing.assert_allclose(ag.trace(x, offset, axis1, axis2).numpy(),
                                   np.trace(x, offset, axis1, axis2), rtol=1e-14)
        check_grads(lambda t: ag.trace(t, offset=offset, axis1=axis1, axis2=axis2), x,  # noqa: B023 (called at once)
                    order=2)


# --- spread and averages -----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["var", "std"])
@pytest.mark.parametrize("shape,axis", AXES, ids=str)
def test_var_and_std_match_numpy_and_central_differences(name, shape, axis):
    x = _points(shape, seed=11)
    for ddof in (0, 1):
        np.testing.assert_allclose(getattr(anp, name)(x, axis=axis, ddof=ddof).numpy(),
                                   getattr(np, name)(x, axis=axis, ddof=ddof), rtol=1e-12)
        check_grads(lambda t: getattr(anp, name)(t, axis=axis, ddof=ddof), x, order=2)  # noqa: B023 (called at once)


def test_std_of_one_element_has_gradient_zero_not_nan():
    assert _grad(ag.std, [3.0]).numpy().tolist() == [0.0]
    assert _grad(lambda t: ag.std(t, axis=1), [[3.0], [4.0]]).numpy().tolist() == [[0.0], [0.0]]


def test_mean_var_std_of_a_list_of_tensors_reach_each_tensor():
    a, b = ag.constant(1.0, "float64"), ag.constant(3.0, "float64")
    with ag.GradientTape(persistent=True) as tape:
        tape.watch([a, b])
        v = anp.var([a, b])
        s = ag.std([a, b, 2.0])
        m = ag.average([[a, b]], axis=1)
    assert float(v) == 1.0
    # var = ((a-b)/2)² · 2 / 2 = (a-b)²/4: d/da = (a-b)/2 = -1, d/db = +1
    assert [float(g) for g in tape.gradient(v, [a, b])] == [-1.0, 1.0]
    np.testing.assert_allclose(float(s), np.std([1.0, 3.0, 2.0]))
    assert [float(g) for g in tape.gradient(m, [a, b])] == [0.5, 0.5]


def test_average_with_weights_is_differentiable_in_values_and_weights():
    x, w = _points((3, 4), seed=1), _points((3, 4), seed=2)
    np.testing.assert_allclose(ag.average(x, weights=w).numpy(), np.average(x, weights=w))
    check_grads(lambda t, u: ag.average(t, weights=u), x, w, order=2)
    w1 = _points((4,), seed=3)
    np.testing.assert_allclose(ag.average(x, axis=1, weights=w1).numpy(),
                               np.average(x, axis=1, weights=w1))
    check_grads(lambda t, u: ag.average(t, axis=1, weights=u), x, w1, order=2)
    result, total = ag.average(x, axis=0, weights=w, returned=True)
    expected = np.average(x, axis=0, weights=w, returned=True)
    np.testing.assert_allclose(result.numpy(), expected[0])
    np.testing.assert_allclose(total.numpy(), expected[1])
    # by hand: weights 1, 1, 2 on 1, 2, 4 give 11/4; d/dx = w / Σw
    assert _grad(lambda t: ag.average(t, weights=[1.0, 1.0, 2.0]), [1.0, 2.0, 4.0]) \
        .numpy().tolist() == [0.25, 0.25, 0.5]
    with pytest.raises(TypeError, match="average"):
        ag.average(x, weights=w1)


def test_ptp_amax_amin_nansum_nanmean():
    x = _distinct((3, 4), seed=4)
    for axis in (None, 0, 1):
        np.testing.assert_array_equal(ag.ptp(x, axis=axis).numpy(), np.ptp(x, axis=axis))
        np.testing.assert_array_equal(anp.amax(x, axis=axis).numpy(), np.amax(x, axis=axis))
        np.testing.assert_array_equal(anp.amin(x, axis=axis).numpy(), np.amin(x, axis=axis))
        check_grads(lambda t: ag.ptp(t, axis=axis), x, order=2)  # noqa: B023 (called at once)
    y = x.copy()
    y[0, 1] = y[2, 3] = np.nan
    for axis in (None, 0, 1):
        np.testing.assert_allclose(ag.nansum(y, axis=axis).numpy(), np.nansum(y, axis=axis))
        np.testing.assert_allclose(ag.nanmean(y, axis=axis).numpy(), np.nanmean(y, axis=axis))
    # the NaN elements get gradient 0; the others 1 (nansum) or 1/count (nanmean)
    g = _grad(ag.nansum, y).numpy()
    assert g[0, 1] == 0.0 and g[2, 3] == 0.0 and np.sum(g) == 10.0
    g = _grad(lambda t: ag.nanmean(t, axis=1), y).numpy()
    np.testing.assert_allclose(g[0], [1 / 3, 0.0, 1 / 3, 1 / 3])
    np.testing.assert_allclose(g[1], [0.25] * 4)


# --- order statistics --------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["linear", "lower", "higher", "nearest", "midpoint"])
@pytest.mark.parametrize("shape,axis", AXES + [((2, 3, 2), (0, 2))], ids=str)
def test_quantile_matches_numpy_and_central_differences(method, shape, axis):
    x = _distinct(shape, seed=8)
    for q in (0.3, [0.0, 0.25, 0.5, 1.0]):
        for keepdims in (False, True):
            out = ag.quantile(x, q, axis=axis, method=method, keepdims=keepdims)
            expected = np.quantile(x, q, axis=axis, method=method, keepdims=keepdims)
            assert out.shape == expected.shape
            np.testing.assert_allclose(out.numpy(), expected, rtol=1e-14, atol=1e-14)
    check_grads(lambda t: ag.quantile(t, [0.1, 0.5, 0.9], axis=axis, method=method), x,
                order=2)


def test_median_and_percentile():
    x = _distinct((3, 5), seed=9)
    for axis in (None, 0, 1):
        np.testing.assert_allclose(ag.median(x, axis=axis).numpy(), np.median(x, axis=axis))
        np.testing.assert_allclose(ag.percentile(x, [10, 50, 90], axis=axis).numpy(),
                                   np.percentile(x, [10, 50, 90], axis=axis))
        check_grads(lambda t: ag.median(t, axis=axis), x, order=2)  # noqa: B023 (called at once)
    # median of 4 values: the mean of the two middle ones gets the gradient, half each
    assert _grad(ag.median, [4.0, 1.0, 3.0, 2.0]).numpy().tolist() == [0.0, 0.0, 0.5, 0.5]
    with pytest.raises(ValueError, match="percentile"):
        ag.percentile(x, 120)
    with pytest.raises(ValueError, match="quantile"):
        ag.quantile(x, 0.5, method="weibull")


def test_sort_gradient_permutes_back():
    # sort([3, 1, 2]) = [1, 2, 3]: the upstream [10, 20, 30] goes back to positions 1, 2, 0
    assert _grad(anp.sort, [3.0, 1.0, 2.0], [10.0, 20.0, 30.0]).numpy().tolist() == \
        [30.0, 10.0, 20.0]
    x = _distinct((3, 4), seed=12)
    for axis in (None, 0, 1, -1):
        np.testing.assert_array_equal(anp.sort(x, axis=axis).numpy(), np.sort(x, axis=axis))
        check_grads(lambda t: anp.sort(t, axis=axis), x, order=2)  # noqa: B023 (called at once)


def test_partition_puts_kth_in_place_and_permutes_back():
    x = _distinct((3, 6), seed=13)
    for kth in (0, 2, [1, 4]):
        out = ag.partition(x, kth, axis=1).numpy()
        np.testing.assert_array_equal(np.sort(out, axis=1), np.sort(x, axis=1))
        for k in np.atleast_1d(kth):
            np.testing.assert_array_equal(out[:, k], np.sort(x, axis=1)[:, k])
        check_grads(lambda t: ag.partition(t, kth, axis=1), x, order=2)  # noqa: B023 (called at once)
    # the kth smallest value's gradient lands on the element that holds it
    g = _grad(lambda t: ag.partition(t, 1)[1], [5.0, 1.0, 3.0, 4.0]).numpy()
    assert g.tolist() == [0.0, 0.0, 1.0, 0.0]


def test_indices_and_truth_reductions_take_no_gradient():
    x = ag.constant([3.0, 0.0, 2.0])
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        outs = [ag.argsort(x), ag.argpartition(x, 1), ag.all(x), ag.any(x),
                ag.count_nonzero(x)]
    assert outs[0].numpy().tolist() == [1, 2, 0]
    assert [bool(outs[2]), bool(outs[3]), int(outs[4])] == [False, True, 2]
    assert outs[4].dtype == np.int64
    for out in outs:
        assert tape.gradient(out, x) is None
    m = np.array([[0.0, 1.0], [2.0, 3.0]])
    for axis in (None, 0, 1):
        for keepdims in (False, True):
            np.testing.assert_array_equal(ag.all(m, axis=axis, keepdims=keepdims).numpy(),
                                          np.all(m, axis=axis, keepdims=keepdims))
            np.testing.assert_array_equal(
                ag.count_nonzero(m, axis=axis, keepdims=keepdims).numpy(),
                np.count_nonzero(m, axis=axis, keepdims=keepdims))


def test_float32_gradients_agree_with_float64():
    x = _points((3, 4), seed=14)
    for fn in [lambda t: anp.cumprod(t, axis=1), lambda t: ag.prod(t, axis=0),
               lambda t: ag.std(t, axis=1), lambda t: ag.median(t, axis=1)]:
        g64 = _grad(fn, x).numpy()
        x32 = ag.constant(x.astype(np.float32))
        with ag.GradientTape() as tape:
            tape.watch(x32)
            y = fn(x32)
        g32 = tape.gradient(y, x32)
        assert g32.dtype == np.float32
        np.testing.assert_allclose(g32.numpy(), g64, rtol=1e-4, atol=1e-6)


def test_any_op_given_a_list_holding_tensors_stacks_them():
    # ag.mean is an existing op: its list argument is stacked, so both Tensors get gradients
    a, b = ag.constant(1.0, "float64"), ag.constant(3.0, "float64")
    with ag.GradientTape() as tape:
        tape.watch([a, b])
        y = ag.mean([a, b]) + ag.sum([[a, 2.0], [b, b]])
    assert float(y) == 2.0 + 9.0
    assert [float(g) for g in tape.gradient(y, [a, b])] == [1.5, 2.5]
    # a list of plain numbers is still just an array
    assert ag.sum([1.0, 2.0]).dtype == np.float32
