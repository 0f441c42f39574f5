"""A backward pass that nothing records runs its VJPs on bare arrays (``MODE.raw``); one that an
outer tape records runs them on Tensors. Both must give the same gradients, and raw mode must
never leak out of the pass or into another thread."""
import threading

import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.primitive import op
from autograd_lite.tape import MODE

RNG = np.random.default_rng(7)
X = RNG.standard_normal((4, 3))
W = RNG.standard_normal((3, 5))
B = RNG.standard_normal(5)

EXPRESSIONS = {
    "mlp_log_softmax": lambda x, w, b: ag.mean(ag.log_softmax(ag.relu(x @ w + b)) ** 2),
    "sigmoid_tanh_softmax": lambda x, w, b: ag.sum(ag.softmax(ag.tanh(x @ w) * ag.sigmoid(b))),
    "reductions": lambda x, w, b: ag.max(x, axis=0) @ ag.logsumexp(w, axis=1, keepdims=True)
    + ag.min(b) + ag.mean(w, axis=(0, 1)),
    "shapes": lambda x, w, b: ag.sum(ag.concat([ag.reshape(x, (3, 4)), ag.transpose(w)[1:4, :3]
                                                @ w[:, :4]], axis=0) * ag.stack([b[:4]] * 6)),
    "kinks_and_where": lambda x, w, b: ag.sum(ag.where(x > 0, ag.abs(x), ag.clip(x, -0.5, 0.5))
                                              ) + ag.sum(ag.maximum(w, 0.1) * ag.minimum(w, 0.2))
    + ag.sum(ag.leaky_relu(b) + ag.elu(b) + ag.softplus(b)),
    "arithmetic": lambda x, w, b: ag.sum((x / (1 + x * x)) ** 2 - ag.sqrt(ag.exp(x))
                                         + ag.sin(x) * ag.cos(x) - ag.log(1 + ag.square(x)))
    + ag.sum(ag.abs(w) ** b[:1] - ag.exp(b[1]) ** ag.abs(w)),
    "broadcast_scalar_and_cast": lambda x, w, b: ag.sum(ag.cast(ag.cast(x, "float32") * 2.0,
                                                                "float64") + b[0] - w[0, 1]),
}


def identity_with(vjp):
    """An identity op (``x * 1``) whose VJP is ``vjp``: to see how a backward pass treats it."""
    @op(vjp=vjp)
    def identity(x):
        return x * 1
    return identity


def recorded(f, values):
    """``(tape, x, f(x))`` with ``x = ag.constant(values)`` watched."""
    x = ag.constant(values)
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return tape, x, y


def gradients(f, under_outer_tape):
    x, w, b = (ag.constant(a) for a in (X, W, B))
    with ag.GradientTape() as tape:
        tape.watch([x, w, b])
        y = f(x, w, b)
    if not under_outer_tape:
        return tape.gradient(y, [x, w, b])
    with ag.GradientTape():  # records the backward pass, so the VJPs run on Tensors
        return tape.gradient(y, [x, w, b])


@pytest.mark.parametrize("name", sorted(EXPRESSIONS))
def test_raw_and_recorded_backward_passes_agree(name):
    raw = gradients(EXPRESSIONS[name], under_outer_tape=False)
    recorded = gradients(EXPRESSIONS[name], under_outer_tape=True)
    for r, t in zip(raw, recorded):
        assert isinstance(r, ag.Tensor) and isinstance(t, ag.Tensor)
        assert r.shape == t.shape and r.dtype == t.dtype
        assert np.all(np.isfinite(r.numpy()))
        np.testing.assert_allclose(r.numpy(), t.numpy(), rtol=1e-12, atol=1e-12)
    assert not MODE.raw


def test_a_scalar_gradient_is_a_0d_tensor_not_a_numpy_scalar():
    x = ag.constant(2.0)
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x + x * 3.0  # two uses: their 0-d gradients add up
    grad = tape.gradient(y, x)
    assert type(grad.numpy()) is np.ndarray and grad.shape == ()
    assert float(grad) == 7.0
    assert all(type(g.numpy()) is np.ndarray for g in tape.last_gradients.values())


def test_a_one_shot_tape_differentiated_inside_its_own_context():
    x = ag.constant([1.0, 2.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = ag.sum(x ** 3)
        grad = tape.gradient(y, x)
    np.testing.assert_allclose(grad.numpy(), [3.0, 12.0])


def test_raw_mode_is_switched_off_when_a_vjp_raises():
    tape, x, y = recorded(identity_with(lambda upstream, out, x: 1 / 0), [1.0])
    with pytest.raises(ZeroDivisionError):
        tape.gradient(y, x)
    assert not MODE.raw
    assert isinstance(ag.exp(np.ones(2)), ag.Tensor)


def test_another_thread_gets_tensors_while_a_raw_backward_pass_runs():
    inside, done = threading.Event(), threading.Event()
    seen = {}

    def waiting_vjp(upstream, out, x):
        seen["raw_here"] = MODE.raw
        inside.set()
        assert done.wait(10)
        return upstream

    def other_thread():
        assert inside.wait(10)
        seen["other"] = ag.exp(np.zeros(2)) + 1.0
        done.set()

    tape, x, y = recorded(identity_with(waiting_vjp), [1.0, 2.0])
    thread = threading.Thread(target=other_thread)
    thread.start()
    grad = tape.gradient(y, x)
    thread.join(10)
    assert seen["raw_here"] is True
    assert isinstance(seen["other"], ag.Tensor)
    np.testing.assert_allclose(seen["other"].numpy(), [2.0, 2.0])
    np.testing.assert_allclose(grad.numpy(), [1.0, 1.0])


def test_a_vjp_returning_the_wrong_shape_is_reported_in_raw_mode_too():
    tape, x, y = recorded(identity_with(lambda upstream, out, x: np.ones((7,))), [1.0, 2.0])
    with pytest.raises(ValueError, match=r"identity: its gradient has shape \(7,\)"):
        tape.gradient(y, x)


def test_a_vjp_that_needs_tensor_methods_still_works_in_a_raw_pass():
    @op(vjp=lambda upstream, out, x: ag.constant(upstream.numpy() * 2 * x.numpy()))
    def square_by_hand(x):
        return x * x

    tape, x, y = recorded(lambda x: ag.sum(square_by_hand(x)), [1.0, 3.0])
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [2.0, 6.0])
    assert not MODE.raw


def test_an_attribute_error_in_a_vjp_surfaces_when_tensors_do_not_help():
    tape, x, y = recorded(identity_with(lambda upstream, out, x: upstream.no_such_attribute),
                          [1.0])
    with pytest.raises(AttributeError, match="no_such_attribute"):
        tape.gradient(y, x)
    assert not MODE.raw
