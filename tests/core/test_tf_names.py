"""TensorFlow's spellings (issue 16 item 1): each is one ``tf=`` line in an op's declaration, or
a TF function of ``ops/tf_ops.py``. Values are TF 2's documented results, worked by hand here
(the examples of TF's API pages), and gradients follow TF's conventions (API.md section 7)."""
import numpy as np
import pytest

import autograd_lite as ag

from .gradcheck import check_grads


def test_gather_along_an_axis_and_with_batch_dims():
    params = ag.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    # tf.gather(params, [2, 0], axis=1) = [[3, 1], [6, 4]]
    assert ag.gather(params, [2, 0], axis=1).numpy().tolist() == [[3.0, 1.0], [6.0, 4.0]]
    # tf.gather(params, [[2, 0], [1, 1]], batch_dims=1) = [[3, 1], [5, 5]]
    assert ag.gather(params, [[2, 0], [1, 1]], batch_dims=1).numpy().tolist() == [
        [3.0, 1.0], [5.0, 5.0]]
    # axis=2 of a (2, 3, 4) with batch_dims=1: params[b, i, indices[b, j]]
    x = np.arange(24.0).reshape(2, 3, 4)
    got = ag.gather(x, [[3, 0], [1, 1]], axis=2, batch_dims=1).numpy()
    want = np.stack([x[0][:, [3, 0]], x[1][:, [1, 1]]])
    np.testing.assert_array_equal(got, want)
    assert got.shape == (2, 3, 2)  # TF: params.shape[:axis] + indices.shape[1:] + rest


def test_gather_gradient_adds_at_repeated_indices():
    params = ag.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    with ag.GradientTape() as tape:
        tape.watch(params)
        y = ag.reduce_sum(ag.gather(params, [2, 0, 2]))
    # TF's IndexedSlices, made dense: row 2 twice, row 0 once
    assert tape.gradient(y, params).numpy().tolist() == [[1.0, 1.0], [0.0, 0.0], [2.0, 2.0]]
    with pytest.raises(ValueError, match=r"gather: indices must be in \[0, 3\)"):
        ag.gather(params, [3])


def test_gather_nd_as_tfs_examples():
    params = ag.constant([[1.0, 2.0], [3.0, 4.0]])
    assert ag.gather_nd(params, [[0, 0], [1, 1]]).numpy().tolist() == [1.0, 4.0]
    assert ag.gather_nd(params, [[1], [0]]).numpy().tolist() == [[3.0, 4.0], [1.0, 2.0]]
    cube = ag.constant([[[0.0, 1.0], [2.0, 3.0]], [[4.0, 5.0], [6.0, 7.0]]])
    # tf.gather_nd(cube, [[1], [0]], batch_dims=1) = [[2, 3], [4, 5]]
    assert ag.gather_nd(cube, [[1], [0]], batch_dims=1).numpy().tolist() == [
        [2.0, 3.0], [4.0, 5.0]]


def test_boolean_mask():
    x = ag.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    assert ag.boolean_mask(x, [True, False, True]).numpy().tolist() == [[1.0, 2.0], [5.0, 6.0]]
    assert ag.boolean_mask(x, [True, False], axis=1).numpy().tolist() == [[1.0], [3.0], [5.0]]
    with pytest.raises(ValueError, match="boolean_mask: mask of shape"):
        ag.boolean_mask(x, [True, False])
    check_grads(lambda t: ag.boolean_mask(t, np.array([False, True, True])), np.ones((3, 2)))


def test_clip_by_value_passes_the_gradient_at_the_bounds():
    x = ag.constant([-1.0, 0.0, 0.5, 1.0, 2.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = ag.clip_by_value(x, 0.0, 1.0)
    assert y.numpy().tolist() == [0.0, 0.0, 0.5, 1.0, 1.0]
    assert tape.gradient(y, x).numpy().tolist() == [0.0, 1.0, 1.0, 1.0, 0.0]


def test_clip_by_norm_value_and_gradient():
    t = ag.constant([3.0, 4.0], dtype="float64")
    with ag.GradientTape() as tape:
        tape.watch(t)
        y = ag.clip_by_norm(t, 1.0)
    np.testing.assert_allclose(y.numpy(), [0.6, 0.8])
    # d sum(t / |t|) / dt = 1/|t| - (Σt) t / |t|³ = 0.2 - 7 [3, 4] / 125
    np.testing.assert_allclose(tape.gradient(y, t).numpy(), [0.032, -0.024])
    assert ag.clip_by_norm([0.3, 0.4], 1.0).numpy().tolist() == pytest.approx([0.3, 0.4])
    np.testing.assert_allclose(ag.clip_by_norm([[3.0, 4.0], [0.3, 0.4]], 1.0, axes=[1]).numpy(),
                               [[0.6, 0.8], [0.3, 0.4]], rtol=1e-6)


def test_clip_by_global_norm():
    a, b = ag.constant([3.0], dtype="float64"), ag.constant([[4.0]], dtype="float64")
    with ag.GradientTape() as tape:
        tape.watch([a, b])
        (ca, none, cb), norm = ag.clip_by_global_norm([a, None, b], 2.0)
    assert none is None and float(norm) == 5.0
    assert ca.numpy().tolist() == pytest.approx([1.2]) and float(cb) == pytest.approx(1.6)
    # d(2a/|(a,b)|)/da = 2/5 - 2·9/125
    assert float(tape.gradient(ca, a)) == pytest.approx(2 / 5 - 18 / 125)
    clipped, norm = ag.clip_by_global_norm([a], 10.0)
    assert clipped[0].numpy().tolist() == [3.0]


def test_linalg_matmul_matvec_and_the_diagonal_helpers():
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    b = np.array([[5.0, 6.0], [7.0, 8.0]])
    np.testing.assert_array_equal(ag.linalg.matmul(a, b, transpose_b=True).numpy(), a @ b.T)
    np.testing.assert_array_equal(ag.linalg.matmul(a, b, adjoint_a=True).numpy(), a.T @ b)
    np.testing.assert_array_equal(ag.linalg.matvec(a, [1.0, -1.0]).numpy(), [-1.0, -1.0])
    assert ag.linalg.diag([[1.0, 2.0], [3.0, 4.0]]).shape == (2, 2, 2)
    assert ag.linalg.diag_part([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).numpy().tolist() == [1.0, 5.0]
    assert ag.linalg.trace(np.stack([a, b])).numpy().tolist() == [5.0, 13.0]
    x = np.arange(1.0, 10.0).reshape(3, 3)
    # tf.linalg.band_part(x, 0, -1): upper triangle; (-1, 0): lower; (0, 0): the diagonal
    np.testing.assert_array_equal(ag.linalg.band_part(x, 0, -1).numpy(), np.triu(x))
    np.testing.assert_array_equal(ag.linalg.band_part(x, -1, 0).numpy(), np.tril(x))
    np.testing.assert_array_equal(ag.linalg.band_part(x, 0, 0).numpy(), np.diag(np.diag(x)))
    for name in ["inv", "solve", "det", "slogdet", "cholesky", "eigh", "svd", "qr", "norm",
                 "einsum", "matmul", "matvec", "diag", "diag_part", "band_part", "trace"]:
        assert callable(getattr(ag.linalg, name)), name


def test_constructors_and_shape_queries():
    assert ag.range(5).numpy().tolist() == [0, 1, 2, 3, 4]
    assert ag.range(3, 18, 3).numpy().tolist() == [3, 6, 9, 12, 15]
    assert ag.range(1.0, 2.0, 0.5).dtype == np.float32  # Python floats are float32 here
    assert ag.fill([2, 3], 9.0).numpy().tolist() == [[9.0] * 3] * 2
    assert ag.eye(2, num_columns=3).numpy().tolist() == [[1, 0, 0], [0, 1, 0]]
    assert ag.eye(2, batch_shape=[3]).shape == (3, 2, 2)
    x = ag.ones((2, 3))
    assert ag.shape(x).numpy().tolist() == [2, 3] and ag.shape(x).dtype == np.int32
    assert int(ag.size(x)) == 6 and int(ag.rank(x)) == 2
    v = ag.constant(2.0)
    with ag.GradientTape() as tape:
        tape.watch(v)
        y = ag.reduce_sum(ag.fill([2, 2], v))
    assert float(tape.gradient(y, v)) == 4.0


def test_tf_reductions_of_the_breadth_and_einsum_norm_tile_pad_linspace():
    x = ag.constant([[1.0, 2.0], [3.0, 4.0]])
    assert float(ag.reduce_prod(x)) == 24.0
    assert ag.reduce_all(x > 0).numpy() and not ag.reduce_any(x > 5).numpy()
    assert float(ag.reduce_logsumexp([0.0, 0.0])) == pytest.approx(np.log(2.0))
    np.testing.assert_array_equal(ag.einsum("ij,jk->ik", x, x).numpy(), x.numpy() @ x.numpy())
    assert float(ag.norm([3.0, 4.0])) == 5.0
    assert ag.tile(x, [1, 2]).shape == (2, 4) and ag.pad(x, [[1, 0], [0, 0]]).shape == (3, 2)
    assert ag.linspace(0.0, 1.0, 3).numpy().tolist() == [0.0, 0.5, 1.0]
    assert ag.math.reduce_sum is ag.reduce_sum and ag.math.log1p is ag.log1p


def test_math_and_nn_extras():
    x = ag.constant([1.0, 2.0])
    zero = ag.constant([0.0, 4.0])
    with ag.GradientTape(persistent=True) as tape:
        tape.watch([x, zero])
        quotient = ag.math.divide_no_nan(x, zero)
        product = ag.math.multiply_no_nan(ag.constant([np.inf, 1.0]) * x, zero)
    assert quotient.numpy().tolist() == [0.0, 0.5] and product.numpy().tolist() == [0.0, 8.0]
    # TF: no gradient through the elements where y = 0 (x/0 taken as 0)
    assert tape.gradient(quotient, x).numpy().tolist() == [0.0, 0.25]
    assert tape.gradient(quotient, zero).numpy().tolist() == [0.0, -2.0 / 16.0]
    assert float(ag.math.log_sigmoid(-1000.0)) == -1000.0  # stable
    assert ag.nn.relu6([-1.0, 7.0]).numpy().tolist() == [0.0, 6.0]
    assert ag.math.is_finite([1.0, np.inf]).numpy().tolist() == [True, False]
    labels, logits = [0, 2], [[2.0, 1.0, 0.1], [0.5, 0.5, 3.0]]
    np.testing.assert_allclose(
        ag.nn.sparse_softmax_cross_entropy_with_logits(labels, logits).numpy(),
        ag.nn.softmax_cross_entropy_with_logits(ag.one_hot(labels, 3), logits).numpy())
    # tf.nn.sigmoid_cross_entropy_with_logits(labels=1, logits=0) = log 2
    assert float(ag.nn.sigmoid_cross_entropy_with_logits(1.0, 0.0)) == pytest.approx(np.log(2))
    assert float(ag.nn.sigmoid_cross_entropy_with_logits(0.0, 1000.0)) == 1000.0
