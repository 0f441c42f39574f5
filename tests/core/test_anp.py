"""``import autograd_lite.numpy as anp`` as a drop-in for ``import numpy as np``: the same page
of NumPy code gives the same values with either, and with anp it differentiates."""
import numpy
import pytest

import autograd_lite as ag
import autograd_lite.numpy as anp
from autograd_lite.registry import REGISTRY


def page(np, w):
    """NumPy code as found in real projects: a small regression loss with a few extras."""
    x = np.linspace(-1.0, 1.0, 12).reshape(4, 3)
    y = np.array([0.5, -1.0, 2.0, 0.0])
    pred = np.tanh(np.dot(x, w))
    residual = pred - y
    loss = np.mean(np.square(residual)) + 0.1 * np.sum(np.abs(w))
    a = np.eye(3) * 2.0 + np.outer(w, w)
    solved = np.linalg.solve(a, np.ones(3))
    spread = np.std(np.concatenate([w, solved])) + np.var(w, ddof=1)
    ordered = np.sort(np.cumsum(np.exp(-np.abs(w))))
    extras = np.log1p(np.sum(ordered ** 2)) + np.max(np.clip(w, -0.5, 0.5))
    mixed = np.einsum("ij,j->i", x, w) @ np.where(y > 0, y, 0.0)
    stacked = np.stack([w, 2 * w, np.full(3, np.pi)], axis=1)
    return loss + spread + extras + mixed + np.trace(stacked) + np.linalg.norm(solved)


W = numpy.array([0.3, -0.7, 1.1])


def test_the_same_page_gives_the_same_value_with_np_and_anp():
    expected = page(numpy, W)
    got = page(anp, W)
    assert isinstance(got, ag.Tensor) and got.dtype == numpy.float64
    assert float(got) == pytest.approx(float(expected), rel=1e-12)


def test_the_page_differentiates_with_anp():
    w = ag.constant(W)
    gradient = ag.grad(lambda w: page(anp, w))(w).numpy()
    eps = 1e-6
    for i in range(3):
        step = numpy.zeros(3)
        step[i] = eps
        central = (page(numpy, W + step) - page(numpy, W - step)) / (2 * eps)
        assert gradient[i] == pytest.approx(central, rel=1e-6, abs=1e-8)


def test_anp_names_come_from_the_registry():
    assert anp.log1p is anp.log1p  # cached
    assert anp.log1p.__name__ == "log1p" and anp.linalg.inv.__name__ == "inv"
    assert anp.abs is not None and anp.absolute(ag.constant([-1.0])).numpy().tolist() == [1.0]
    for entry in REGISTRY.values():
        for function in entry.numpy:
            name = getattr(function, "__name__", None)
            if entry.module.startswith("autograd_lite.ops.") and hasattr(numpy, name or ""):
                if getattr(numpy, name) is function:
                    assert anp.registered(name) is not None, name


def test_numpys_helpers_and_constants_pass_through():
    assert anp.pi == numpy.pi and anp.float32 is numpy.float32 and anp.newaxis is None
    assert type(anp.zeros(2)) is numpy.ndarray and anp.arange(3).tolist() == [0, 1, 2]
    assert anp.random.default_rng(0).normal(size=2).shape == (2,)
    with pytest.raises(AttributeError, match="nor has NumPy"):
        _ = anp.nonesuch


def test_inputs_follow_numpys_dtypes():
    assert anp.exp(1.0).dtype == numpy.float64  # a Python float alone: NumPy's float64
    assert anp.sum([1.0, 2.0]).dtype == numpy.float64  # a list: NumPy's array
    f32 = ag.constant([1.0, 2.0])
    assert anp.multiply(f32, 2.0).dtype == numpy.float32  # a scalar beside a Tensor is weak
    assert anp.concatenate([[1.0], f32]).dtype == numpy.float64


def test_array_stacks_tensors_and_keeps_gradients():
    t = ag.constant(2.0, dtype="float64")
    with ag.GradientTape() as tape:
        tape.watch(t)
        v = anp.array([[t, 1.0], [3.0, t * t]])
        y = anp.sum(v)
    assert v.shape == (2, 2) and float(tape.gradient(y, t)) == 1.0 + 4.0
    assert anp.array([1.0, 2.0]).dtype == numpy.float64 and type(anp.array([1])) is numpy.ndarray
    assert anp.asarray(t) is t


def test_an_option_the_op_does_not_take_runs_numpy_off_the_tape():
    x = ag.constant([1.0, 2.0, 3.0])
    masked = anp.sum(x, where=numpy.array([True, False, True]))
    assert not isinstance(masked, ag.Tensor) and float(masked) == 4.0


def test_complex_input_is_a_clear_type_error():
    with pytest.raises(TypeError, match="exp: complex values are not supported"):
        anp.exp(numpy.array([1j]))
    with pytest.raises(TypeError, match="complex values are not supported"):
        anp.add(ag.constant([1.0]), 1j)
