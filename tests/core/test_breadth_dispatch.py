"""The breadth ops reached the NumPy way: ``np.f(tensor)`` runs the op (on the tape), the
ndarray methods of Tensors are the ops, and a page of NumPy code gives the same values with
``anp`` as with ``np`` while being differentiable."""
import numpy as np
import pytest

import autograd_lite as ag
import autograd_lite.numpy as anp
from autograd_lite.registry import REGISTRY

BREADTH_MODULES = ("elementwise", "cumulative", "statistics", "sorting", "indexing", "arrange",
                   "products", "fourier")


def _breadth_entries():
    return [e for e in REGISTRY.values()
            if e.module.rpartition(".")[2] in BREADTH_MODULES]


def test_every_breadth_op_is_registered_with_a_numpy_function_or_a_reason():
    entries = _breadth_entries()
    assert len(entries) > 100
    without = sorted(e.name for e in entries if not e.numpy and e.public)
    # NumPy has no function of these names (SciPy's, or NumPy's attribute-like helpers)
    assert without == ["true_divide", "xlog1py", "xlogy"]  # r_, c_ are objects, not ops
    # the others without one are TF's spellings, whose arguments differ from NumPy's, and
    # flatten, which NumPy has only as a method
    assert sorted(e.name for e in entries if not e.numpy and not e.public and not e.tf) == \
        ["flatten"]
    for name in ("xlogy", "xlog1py"):
        assert REGISTRY[name].scipy == (f"special.{name}",)


UNARY_UFUNCS = [np.tan, np.arcsin, np.arccos, np.arctan, np.sinh, np.cosh, np.arcsinh,
                np.arctanh, np.exp2, np.expm1, np.log2, np.log10, np.log1p, np.reciprocal,
                np.cbrt, np.fabs, np.deg2rad, np.radians, np.rad2deg, np.degrees, np.sinc]


@pytest.mark.parametrize("function", UNARY_UFUNCS, ids=lambda f: f.__name__)
def test_numpy_functions_on_tensors_run_the_ops_on_the_tape(function):
    x = ag.constant([0.3, 0.6], dtype="float64")
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = function(x)
    assert type(y) is ag.Tensor
    np.testing.assert_allclose(y.numpy(), function(x.numpy()), rtol=1e-14)
    grad = tape.gradient(y, x)
    eps = 1e-6
    numeric = (function(x.numpy() + eps) - function(x.numpy() - eps)) / (2 * eps)
    np.testing.assert_allclose(grad.numpy(), numeric, rtol=1e-6)


def test_numpy_reductions_and_shapes_on_tensors_are_recorded():
    x = ag.constant([[1.0, 2.0, 3.0], [4.0, 0.0, 6.0]], dtype="float64")
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        p = np.prod(x, axis=1)
        c = np.cumsum(x, axis=0)
        s = np.sort(x, axis=None)
        e = np.einsum("ij,ij->", x, x)
        q = np.median(x)
        t = np.tile(x, 2)
        f = np.fft.fftshift(x)
    for out in (p, c, s, e, q, t, f):
        assert type(out) is ag.Tensor
    # prod of the rows [1, 2, 3] and [4, 0, 6]: the zero's entry gets 4·6 = 24, the others 0
    assert tape.gradient(p, x).numpy().tolist() == [[6.0, 3.0, 2.0], [0.0, 24.0, 0.0]]
    np.testing.assert_allclose(tape.gradient(e, x).numpy(), 2 * x.numpy())
    assert tape.gradient(s, x).numpy().tolist() == [[1.0] * 3] * 2


def test_ndarray_methods_of_tensors_are_the_breadth_ops():
    x = ag.constant([[1.5, -2.5], [3.0, 4.0]], dtype="float64")
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        outs = {"prod": x.prod(), "cumsum": x.cumsum(), "cumprod": x.cumprod(axis=1),
                "trace": x.trace(), "repeat": x.repeat(2), "take": x.take([0, 3]),
                "diagonal": x.diagonal(), "round": x.round(), "conj": x.conj()}
    for name, out in outs.items():
        assert type(out) is ag.Tensor, name
        np.testing.assert_array_equal(out.numpy(), getattr(x.numpy(), name)(
            *{"cumprod": (1,), "take": ([0, 3],), "repeat": (2,)}.get(name, ())), err_msg=name)
    assert tape.gradient(outs["trace"], x).numpy().tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert tape.gradient(outs["round"], x) is None  # as TF's Round
    assert bool(x.all()) and bool(x.any())
    with pytest.raises(AttributeError, match="immutable"):
        x.sort()


def _numpy_page(xp, w, data):
    """Ordinary NumPy code taken from the kind of script issue 14 speaks of."""
    scores = xp.einsum("ij,j->i", data, w)
    spread = xp.log1p(xp.exp(-xp.abs(scores))) + xp.maximum(scores, 0)
    ranked = xp.sort(spread)
    middle = xp.median(ranked) + xp.quantile(spread, 0.9)
    padded = xp.pad(xp.cumsum(spread), (1, 1), mode="edge")
    smooth = xp.diff(padded, n=2)
    grid = xp.stack(xp.meshgrid(w, w[:2]))
    tail = xp.prod(xp.tanh(xp.flip(w)) + 2) + xp.trace(xp.outer(w, w))
    return xp.sum(smooth ** 2) + middle + xp.mean(grid) + tail + xp.sum(xp.hypot(w, 1.0))


def test_a_page_of_numpy_code_runs_with_anp_and_differentiates():
    rng = np.random.default_rng(0)
    w, data = rng.standard_normal(3), rng.standard_normal((5, 3))
    expected = _numpy_page(np, w, data)
    got = _numpy_page(anp, ag.constant(w), data)
    assert type(got) is ag.Tensor
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-12)
    ag.testing.check_grads(lambda t: _numpy_page(anp, t, data), w, order=2)
