"""Activations: values by formula, first and second derivatives against central differences,
kinks (relu, leaky_relu, abs, step, sign) and stability at ±1000."""
import math

import numpy as np
import pytest

import autograd_lite as ag

from .gradcheck import SHAPES, away_from, check_grads, rng_for, shape_id, uniform


def _np_sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


_np_erf = np.vectorize(math.erf, otypes=[np.float64])
SELU_ALPHA, SELU_SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946


def _np_gelu(x):
    return 0.5 * x * (1.0 + _np_erf(x / np.sqrt(2.0)))


def _np_gelu_tanh(x):
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x ** 3)))


ELEMENTWISE = {
    # name: (op, NumPy formula, values away from kinks)
    "sigmoid": (ag.sigmoid, _np_sigmoid, lambda r, s: uniform(r, s, -4, 4)),
    "tanh": (ag.tanh, np.tanh, lambda r, s: uniform(r, s)),
    "relu": (ag.relu, lambda x: np.maximum(x, 0), lambda r, s: away_from(r, s, [0.0])),
    "leaky_relu": (ag.leaky_relu, lambda x: np.where(x > 0, x, 0.2 * x),
                   lambda r, s: away_from(r, s, [0.0])),
    "leaky_relu_0.1": (lambda x: ag.leaky_relu(x, alpha=0.1), lambda x: np.where(x > 0, x, 0.1 * x),
                       lambda r, s: away_from(r, s, [0.0])),
    "elu": (ag.elu, lambda x: np.where(x > 0, x, np.exp(x) - 1),
            lambda r, s: away_from(r, s, [0.0])),
    "elu_0.5": (lambda x: ag.elu(x, 0.5), lambda x: np.where(x > 0, x, 0.5 * (np.exp(x) - 1)),
                lambda r, s: away_from(r, s, [0.0])),
    "softplus": (ag.softplus, lambda x: np.log1p(np.exp(x)), lambda r, s: uniform(r, s, -4, 4)),
    "swish": (ag.swish, lambda x: x * _np_sigmoid(x), lambda r, s: uniform(r, s, -4, 4)),
    "step": (ag.step, lambda x: (x > 0).astype(float), lambda r, s: away_from(r, s, [0.0])),
    "sign": (ag.sign, np.sign, lambda r, s: away_from(r, s, [0.0])),
    "gelu": (ag.gelu, _np_gelu, lambda r, s: uniform(r, s, -4, 4)),
    "gelu_tanh": (lambda x: ag.gelu(x, approximate=True), _np_gelu_tanh,
                  lambda r, s: uniform(r, s, -4, 4)),
    "selu": (ag.selu, lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x)),
             lambda r, s: away_from(r, s, [0.0])),
    "hard_sigmoid": (ag.hard_sigmoid, lambda x: np.clip(x / 6 + 0.5, 0, 1),
                     lambda r, s: away_from(r, s, [-3.0, 3.0], 0.1, -4.0, 4.0)),
    "silu": (ag.silu, lambda x: x * _np_sigmoid(x), lambda r, s: uniform(r, s, -4, 4)),
    "exponential": (ag.exponential, np.exp, lambda r, s: uniform(r, s)),
}


@pytest.mark.parametrize("shape", SHAPES, ids=shape_id)
@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_elementwise_activation(name, shape):
    fn, formula, make = ELEMENTWISE[name]
    x = make(rng_for(name, shape), shape)
    out = fn(ag.constant(x))
    assert out.shape == shape and out.dtype == np.float64
    np.testing.assert_allclose(out.numpy(), formula(x), rtol=1e-12, atol=1e-15)
    check_grads(fn, x, order=2)


SOFTMAX_CASES = [((3,), -1), ((3, 2), -1), ((3, 2), 0), ((3, 2), 1), ((2, 1, 3), -1),
                 ((2, 1, 3), 0), ((2, 3, 2), 1), ((2, 3, 2), -2)]


def _np_log_softmax(x, axis):
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


@pytest.mark.parametrize("case", SOFTMAX_CASES, ids=str)
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_family_over_each_axis(name, case):
    shape, axis = case
    x = rng_for(name, case).uniform(-3, 3, shape)
    fn = getattr(ag, name)
    out = fn(ag.constant(x), axis=axis)
    expected = _np_log_softmax(x, axis)
    np.testing.assert_allclose(out.numpy(), expected if name == "log_softmax" else
                               np.exp(expected), rtol=1e-12)
    check_grads(lambda t: fn(t, axis=axis), x, order=2)


def test_softmax_default_axis_is_last_and_rows_sum_to_one():
    x = ag.constant(np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]))
    s = ag.softmax(x)
    np.testing.assert_allclose(ag.sum(s, axis=-1).numpy(), [1.0, 1.0])
    np.testing.assert_allclose(s.numpy()[1], [1 / 3] * 3)
    np.testing.assert_allclose(ag.softmax(x, 0).numpy()[:, 2], _np_sigmoid(np.array([3.0, -3.0])))


def _grad(fn, x):
    x = ag.constant(np.array(x, dtype=np.float64))
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = fn(x)
    return tape.gradient(y, x)


def test_kinks_at_zero():
    x = [-1.0, 0.0, 1.0]
    np.testing.assert_array_equal(_grad(ag.relu, x).numpy(), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(_grad(ag.leaky_relu, x).numpy(), [0.2, 0.2, 1.0])
    np.testing.assert_allclose(_grad(lambda t: ag.leaky_relu(t, 0.3), x).numpy(), [0.3, 0.3, 1])
    np.testing.assert_allclose(_grad(ag.elu, x).numpy(), [np.exp(-1.0), 1.0, 1.0])
    np.testing.assert_array_equal(_grad(ag.abs, x).numpy(), [-1.0, 0.0, 1.0])


def test_step_and_sign_values_and_zero_connected_gradients():
    x = [-2.0, 0.0, 3.0]
    np.testing.assert_array_equal(ag.step(np.array(x)).numpy(), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(ag.sign(np.array(x)).numpy(), [-1.0, 0.0, 1.0])
    for fn in (ag.step, ag.sign):
        g = _grad(fn, x)
        assert g is not None  # zeros, not None: the gradient is connected
        assert g.dtype == np.float64
        np.testing.assert_array_equal(g.numpy(), [0.0, 0.0, 0.0])


def test_hand_worked_values():
    assert float(ag.sigmoid(0.0)) == 0.5
    assert float(_grad(ag.sigmoid, 0.0)) == 0.25
    assert float(_grad(ag.tanh, 0.0)) == 1.0
    assert float(ag.softplus(0.0)) == pytest.approx(np.log(2.0))
    assert float(_grad(ag.softplus, 0.0)) == pytest.approx(0.5)
    # swish'(x) = s + x s (1 - s); at x = 1: s = sigmoid(1)
    s = _np_sigmoid(1.0)
    assert float(_grad(ag.swish, 1.0)) == pytest.approx(s + s * (1 - s))
    assert float(ag.elu(-1.0)) == pytest.approx(np.exp(-1.0) - 1.0)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_stable_at_plus_minus_1000(dtype):
    x = ag.constant([1000.0, -1000.0, 0.0], dtype=dtype)
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        outputs = {"softplus": ag.softplus(x), "log_softmax": ag.log_softmax(x),
                   "logsumexp": ag.logsumexp(x), "sigmoid": ag.sigmoid(x),
                   "softmax": ag.softmax(x), "swish": ag.swish(x), "tanh": ag.tanh(x)}
    for name, out in outputs.items():
        assert np.all(np.isfinite(out.numpy())), name
        grad = tape.gradient(out, x)
        assert np.all(np.isfinite(grad.numpy())), name
        assert grad.dtype == np.dtype(dtype)
    np.testing.assert_allclose(outputs["softplus"].numpy(), [1000.0, 0.0, np.log(2.0)], rtol=1e-6)
    np.testing.assert_allclose(outputs["log_softmax"].numpy(), [0.0, -2000.0, -1000.0],
                               rtol=1e-6)
    np.testing.assert_allclose(outputs["sigmoid"].numpy(), [1.0, 0.0, 0.5])
    assert float(outputs["logsumexp"]) == pytest.approx(1000.0)


def test_sigmoid_is_accurate_in_the_far_tail():
    assert float(ag.sigmoid(np.float64(-40.0))) == pytest.approx(np.exp(-40.0), rel=1e-10)


def test_activations_keep_float32():
    x = ag.constant([-1.0, 0.5])
    for fn in (ag.sigmoid, ag.tanh, ag.relu, ag.leaky_relu, ag.elu, ag.softplus, ag.swish,
               ag.softmax, ag.log_softmax, ag.step, ag.sign, ag.gelu, ag.selu, ag.hard_sigmoid):
        with ag.GradientTape() as tape:
            tape.watch(x)
            y = fn(x)
        assert y.dtype == np.float32, fn.__name__
        assert tape.gradient(y, x).dtype == np.float32, fn.__name__


@pytest.mark.parametrize("case", SOFTMAX_CASES, ids=str)
def test_softmax_cross_entropy_with_logits_over_each_axis(case):
    shape, axis = case
    rng = rng_for("softmax_cross_entropy", case)
    logits = rng.uniform(-3, 3, shape)
    labels = rng.uniform(0, 1, shape)
    labels /= labels.sum(axis=axis, keepdims=True)  # soft labels: a distribution per example
    out = ag.softmax_cross_entropy_with_logits(ag.constant(labels), ag.constant(logits), axis=axis)
    expected = -np.sum(labels * _np_log_softmax(logits, axis), axis=axis)
    assert out.shape == expected.shape and out.dtype == np.float64
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-12, atol=1e-15)
    check_grads(lambda y, z: ag.softmax_cross_entropy_with_logits(y, z, axis=axis),
                labels, logits, order=2)


def test_softmax_cross_entropy_gradient_is_softmax_minus_labels_by_hand():
    logits = ag.constant([[1.0, 2.0, 3.0]], dtype="float64")
    labels = ag.constant([[0.0, 0.0, 1.0]], dtype="float64")
    with ag.GradientTape() as tape:
        tape.watch([labels, logits])
        loss = ag.softmax_cross_entropy_with_logits(labels, logits)
    d_labels, d_logits = tape.gradient(loss, [labels, logits])
    softmax = np.exp([1.0, 2.0, 3.0]) / np.exp([1.0, 2.0, 3.0]).sum()
    np.testing.assert_allclose(loss.numpy(), [-np.log(softmax[2])], rtol=1e-12)
    np.testing.assert_allclose(d_logits.numpy(), [softmax - [0.0, 0.0, 1.0]], rtol=1e-12)
    np.testing.assert_allclose(d_labels.numpy(), [-np.log(softmax)], rtol=1e-12)


def test_softmax_cross_entropy_gradient_is_exact_for_labels_that_are_no_distribution():
    # rows summing to 2.5 and 0 (a masked example): d/dz = softmax·Σlabels - labels
    logits = np.array([[0.5, -1.0, 2.0], [1.0, 2.0, 3.0]])
    labels = np.array([[2.0, 0.0, 0.5], [0.0, 0.0, 0.0]])
    check_grads(lambda z: ag.softmax_cross_entropy_with_logits(ag.constant(labels), z),
                logits, order=1)
    with ag.GradientTape() as tape:
        z = ag.constant(logits)
        tape.watch(z)
        loss = ag.softmax_cross_entropy_with_logits(labels, z)
    softmax = np.exp(logits[0]) / np.exp(logits[0]).sum()
    np.testing.assert_allclose(tape.gradient(loss, z).numpy(),
                               [2.5 * softmax - labels[0], [0.0, 0.0, 0.0]], rtol=1e-12)


def test_softmax_cross_entropy_reuses_its_forward_softmax_only_on_bare_arrays(monkeypatch):
    # the forward keeps the softmax as a residual: a raw backward pass needs no softmax op, a
    # recorded one (an outer tape, for second derivatives) recomputes it with ops
    from autograd_lite.ops import activations
    logits = np.array([[0.5, -1.0, 2.0], [1.0, 2.0, 3.0]])
    labels = np.array([[0.2, 0.0, 0.8], [0.0, 1.0, 0.0]])
    softmax = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    z = ag.constant(logits)

    def gradient():
        with ag.GradientTape() as tape:
            tape.watch(z)
            loss = ag.sum(ag.softmax_cross_entropy_with_logits(labels, z))
        return tape.gradient(loss, z)

    calls = []
    monkeypatch.setattr(activations, "softmax",
                        lambda *a, **k: calls.append(1) or ag.softmax(*a, **k))
    np.testing.assert_allclose(gradient().numpy(), softmax - labels, rtol=1e-12)
    assert calls == []
    with ag.GradientTape() as outer:
        outer.watch(z)
        recorded = gradient()
    np.testing.assert_allclose(recorded.numpy(), softmax - labels, rtol=1e-12)
    assert calls == [1]
    with ag.GradientTape() as tape:
        tape.watch(z)
        ag.softmax_cross_entropy_with_logits(labels, z, axis=-1)
    assert "residual" not in tape.listing()  # data kept for the VJP, not a setting to show


def test_softmax_cross_entropy_with_labels_as_a_python_list():
    # a list input is recorded as the array it became, so the VJPs can use array methods
    z = ag.Variable([[0.0, 1.0]])
    with ag.GradientTape(persistent=True) as tape:
        loss = ag.softmax_cross_entropy_with_logits([[0.0, 1.0]], z)
    p = 1.0 / (1.0 + np.e)
    np.testing.assert_allclose(tape.gradient(loss, z).numpy(), [[p, -p]], rtol=1e-6)
    assert "softmax_cross_entropy_with_logits" in str(tape.explain(loss, z))


def test_softmax_cross_entropy_is_stable_and_keeps_the_logits_dtype():
    out = ag.softmax_cross_entropy_with_logits([[0, 1], [1, 0]], [[1000.0, -1000.0]] * 2)
    np.testing.assert_allclose(out.numpy(), [2000.0, 0.0])
    assert out.dtype == np.float32  # integer labels take the logits' dtype


def test_softmax_cross_entropy_refuses_labels_of_another_shape():
    with pytest.raises(ValueError, match=r"softmax_cross_entropy_with_logits: shapes \(1, 2\) "
                                         r"and \(1, 3\) must have the same shape"):
        ag.softmax_cross_entropy_with_logits([[0.0, 1.0]], [[0.0, 0.0, 1.0]])


# --- Keras's other activations: gelu, selu, hard_sigmoid, silu, exponential ---------------------
def test_gelu_matches_tensorflows_documented_values():
    # tf.nn.gelu's docstring example (float32); our float32 values are the correctly rounded
    # x·Φ(x), TF's differ in the last bits at ±3
    x = ag.constant([-3.0, -1.0, 0.0, 1.0, 3.0])
    np.testing.assert_allclose(ag.gelu(x).numpy(),
                               [-0.00404951, -0.15865529, 0.0, 0.8413447, 2.9959507], atol=5e-7)
    np.testing.assert_allclose(ag.gelu(x, approximate=True).numpy(),
                               [-0.00363752, -0.15880796, 0.0, 0.841192, 2.9963627], atol=5e-7)


def test_gelu_by_hand_in_float64():
    # gelu(1) = Φ(1) = 0.8413447460685429, gelu(-1) = -Φ(-1); gelu'(x) = Φ(x) + x·φ(x):
    # gelu'(0) = 1/2, gelu'(1) = 0.8413447460685429 + 0.24197072451914337
    x = np.array([-1.0, 0.0, 1.0])
    np.testing.assert_allclose(ag.gelu(x).numpy(), [-0.15865525393145707, 0.0,
                                                    0.8413447460685429], rtol=1e-15)
    np.testing.assert_allclose(_grad(ag.gelu, x).numpy(),
                               [1 - 1.0833154705876864, 0.5, 1.0833154705876864], rtol=1e-14)
    # the far negative tail is not lost to cancellation: -10·Φ(-10) = -7.61985302416047e-23
    assert float(ag.gelu(np.float64(-10.0))) == pytest.approx(-7.61985302416047e-23, rel=1e-12)


def test_gelu_reuses_its_forward_gate_only_on_bare_arrays(monkeypatch):
    # a raw backward pass needs no erf again; under an outer tape it is recomputed with ops
    from autograd_lite.ops import activations
    calls = []
    real_erf = activations.erf
    monkeypatch.setattr(activations, "erf", lambda x: calls.append(1) or real_erf(x))
    check_grads(ag.gelu, np.array([-1.5, 0.3, 2.0]), order=1)
    assert calls == []
    check_grads(ag.gelu, np.array([-1.5, 0.3, 2.0]), order=2)
    assert calls


def test_selu_by_hand():
    # selu(1) = λ, selu(-1) = λα(e⁻¹ - 1); slope λ for x >= 0 (TF: λ at 0), λαeˣ below
    x = np.array([-1.0, 0.0, 1.0])
    np.testing.assert_allclose(ag.selu(x).numpy(),
                               [SELU_SCALE * SELU_ALPHA * (np.exp(-1.0) - 1), 0.0, SELU_SCALE],
                               rtol=1e-15)
    np.testing.assert_allclose(_grad(ag.selu, x).numpy(),
                               [SELU_SCALE * SELU_ALPHA * np.exp(-1.0), SELU_SCALE, SELU_SCALE],
                               rtol=1e-15)
    assert float(ag.selu(-1.0)) == pytest.approx(-1.1113307378125625, rel=1e-7)


def test_hard_sigmoid_is_keras3s_relu6_form():
    x = np.array([-4.0, -3.0, -1.5, 0.0, 1.5, 3.0, 4.0])
    np.testing.assert_array_equal(ag.hard_sigmoid(x).numpy(), [0, 0, 0.25, 0.5, 0.75, 1, 1])
    # slope 1/6 strictly inside, 0 at the kinks ±3 (as relu6's gradient) and beyond
    np.testing.assert_allclose(_grad(ag.hard_sigmoid, x).numpy(),
                               [0, 0, 1 / 6, 1 / 6, 1 / 6, 0, 0], rtol=1e-15)


def test_hard_sigmoid_second_derivative_is_connected_zeros():
    x = ag.constant([0.5, 4.0], dtype="float64")
    with ag.GradientTape() as outer:
        outer.watch(x)
        with ag.GradientTape() as inner:
            inner.watch(x)
            y = ag.hard_sigmoid(x)
        dy = inner.gradient(y, x)
    second = outer.gradient(dy, x)
    assert second is not None and second.numpy().tolist() == [0.0, 0.0]


def test_silu_and_exponential_are_swish_and_exp():
    assert ag.silu is ag.swish and ag.exponential is ag.exp
    assert float(ag.silu(1.0)) == pytest.approx(1 / (1 + np.exp(-1.0)))
    assert float(ag.exponential(1.0)) == pytest.approx(np.e)
