"""matmul with 1-d, 2-d and batched operands (broadcast batch axes included) and transpose:
values against NumPy, first and second derivatives against central differences."""
import numpy as np
import pytest

import autograd_lite as ag

from .gradcheck import check_grads, pair_id, rng_for

MATMUL_SHAPES = [
    ((3,), (3,)),             # vector . vector -> scalar
    ((3,), (3, 2)),           # vector @ matrix
    ((2, 3), (3,)),           # matrix @ vector
    ((1, 3), (3, 1)),
    ((2, 3), (3, 4)),
    ((4, 2, 3), (3, 2)),      # batch @ matrix
    ((2, 3), (4, 3, 2)),      # matrix @ batch
    ((4, 2, 3), (4, 3, 2)),   # batch @ batch
    ((2, 1, 2, 3), (3, 3, 4)),  # batch axes (2, 1) and (3,) broadcast to (2, 3)
    ((1, 2, 3), (2, 1, 3, 2)),
    ((3,), (2, 3, 4)),        # vector @ batch
    ((2, 2, 3), (3,)),        # batch @ vector
]


@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=pair_id)
def test_matmul_values_and_derivatives(shapes):
    rng = rng_for("matmul", shapes)
    a, b = rng.standard_normal(shapes[0]), rng.standard_normal(shapes[1])
    out = ag.matmul(a, b)
    assert out.shape == np.matmul(a, b).shape
    np.testing.assert_allclose(out.numpy(), np.matmul(a, b), rtol=1e-12)
    np.testing.assert_allclose((ag.constant(a) @ ag.constant(b)).numpy(), a @ b, rtol=1e-12)
    check_grads(ag.matmul, a, b, order=2)


@pytest.mark.parametrize("shapes", MATMUL_SHAPES[:6], ids=pair_id)
def test_matmul_second_derivative_of_a_nonlinear_use(shapes):
    # d²/da db of sum(tanh(a @ b)): products of both operands meet the nonlinearity
    rng = rng_for("matmul-tanh", shapes)
    a, b = rng.standard_normal(shapes[0]), rng.standard_normal(shapes[1])
    check_grads(lambda p, q: ag.tanh(ag.matmul(p, q)), a, b, order=2)


def test_matmul_gradients_by_hand():
    a = ag.constant(np.array([[1.0, 2.0], [3.0, 4.0]]))
    b = ag.constant(np.array([[5.0], [6.0]]))
    with ag.GradientTape() as tape:
        tape.watch([a, b])
        y = a @ b
    ga, gb = tape.gradient(y, [a, b])
    np.testing.assert_array_equal(y.numpy(), [[17.0], [39.0]])
    np.testing.assert_array_equal(ga.numpy(), [[5.0, 6.0], [5.0, 6.0]])  # ones @ b.T
    np.testing.assert_array_equal(gb.numpy(), [[4.0], [6.0]])            # a.T @ ones


def test_vector_dot_gradients_by_hand():
    u = ag.constant(np.array([1.0, 2.0, 3.0]))
    v = ag.constant(np.array([4.0, 5.0, 6.0]))
    with ag.GradientTape() as tape:
        tape.watch([u, v])
        y = u @ v
    assert y.shape == () and float(y) == 32.0
    gu, gv = tape.gradient(y, [u, v])
    np.testing.assert_array_equal(gu.numpy(), [4.0, 5.0, 6.0])
    np.testing.assert_array_equal(gv.numpy(), [1.0, 2.0, 3.0])


def test_matmul_with_numpy_operand_on_the_left():
    w = ag.Variable(np.array([[1.0], [2.0]]))
    with ag.GradientTape() as tape:
        y = np.array([[3.0, 4.0]]) @ w
    assert isinstance(y, ag.Tensor)
    assert float(y) == 11.0
    np.testing.assert_array_equal(tape.gradient(y, w).numpy(), [[3.0], [4.0]])


TRANSPOSE_CASES = [((3, 2), None), ((2, 3, 4), None), ((2, 3, 4), (1, 0, 2)),
                   ((2, 3, 4), (2, 0, 1)), ((2, 3, 4), (-1, 0, 1)), ((2, 3, 4), (0, -1, -2)),
                   ((2,), None), ((), None)]


@pytest.mark.parametrize("case", TRANSPOSE_CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_transpose_values_and_derivatives(case):
    shape, axes = case
    x = rng_for("transpose", case).standard_normal(shape)
    out = ag.transpose(x, axes)
    np.testing.assert_array_equal(out.numpy(), np.transpose(x, axes))
    check_grads(lambda t: ag.transpose(t, axes), x, order=2)


@pytest.mark.parametrize("perm", [(1, 0, 2), (2, 0, 1), (-1, 0, 1)], ids=str)
def test_transpose_takes_tensorflows_perm(perm):
    x = rng_for("transpose-perm", perm).standard_normal((2, 3, 4))
    out = ag.transpose(x, perm=perm)
    np.testing.assert_array_equal(out.numpy(), np.transpose(x, perm))
    np.testing.assert_array_equal(out.numpy(), ag.transpose(x, axes=perm).numpy())
    check_grads(lambda t: ag.transpose(t, perm=perm), x, order=2)


def test_transpose_refuses_both_axes_and_perm():
    with pytest.raises(TypeError, match="axes or as perm"):
        ag.transpose(ag.ones((2, 3)), axes=(1, 0), perm=(1, 0))


def test_transpose_method_and_T():
    x = ag.constant(np.arange(24.0).reshape(2, 3, 4))
    assert x.T.shape == (4, 3, 2)
    assert x.transpose().shape == (4, 3, 2)
    assert x.transpose(1, 0, 2).shape == (3, 2, 4)
    assert x.transpose((2, 0, 1)).shape == (4, 2, 3)
    expected = np.transpose(x.numpy(), (2, 0, 1))
    np.testing.assert_array_equal(x.transpose(2, 0, 1).numpy(), expected)
    check_grads(lambda t: t.T, np.arange(6.0).reshape(2, 3))
