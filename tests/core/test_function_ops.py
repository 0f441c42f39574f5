"""Every op of the registry, traced by ag.function: a replay on new inputs gives the eager
value and gradients (float64). The plan builder's shape-only probe, stand-ins, folding and
kernels see every VJP rule here."""
import warnings
import zlib

import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.registry import REGISTRY

from .op_samples import SAMPLES

CASES = [(name, i) for name in sorted(SAMPLES) for i in range(len(SAMPLES[name]))]


def _value_and_grads(f, xs):
    with ag.GradientTape() as tape:
        tape.watch(xs)
        out = f(*xs)
        weights = np.linspace(0.5, 1.5, out.size).reshape(out.shape)
        total = ag.sum(out * weights)
    return [out, *tape.gradient(total, xs)]


@pytest.mark.parametrize("name,index", CASES)
def test_a_replay_gives_the_eager_value_and_gradients(name, index):
    case = SAMPLES[name][index]
    function = REGISTRY[name].function

    def f(*tensors):
        return case.run(function, *tensors)

    traced = ag.function(lambda *xs: _value_and_grads(f, list(xs)), eager_fallback=True)
    for seed in (0, 1, 2):  # a trace, then two replays on new points of the same domain
        rng = np.random.default_rng(zlib.crc32(f"{name}/{index}/{seed}".encode()))
        arrays = [spec.make(rng) for spec in case.inputs]
        expected = _value_and_grads(f, [ag.constant(a, dtype="float64") for a in arrays])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = traced(*[ag.constant(a, dtype="float64") for a in arrays])
        for a, b in zip(got, expected):
            if b is None:
                assert a is None
                continue
            assert a.shape == b.shape and a.dtype == b.dtype
            np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-13, atol=1e-300)
    assert traced.trace_count + (traced.fallback_reason is not None) == 1
