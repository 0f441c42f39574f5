"""The systematic gradient test (as PyTorch's OpInfo and HIPS autograd's): every op and
composite of the registry, at the sample inputs of ``op_samples.py``, has first and second
derivatives equal to central differences in float64, and float32 values and gradients that
agree with float64's. An op the table does not cover fails ``test_every_op_has_samples``."""
import zlib

import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.registry import REGISTRY

from .gradcheck import check_grads
from .op_samples import NO_GRADIENT, SAMPLES


def _package_entries():
    return sorted(name for name, entry in REGISTRY.items()
                  if entry.module.startswith("autograd_lite."))


def test_every_op_has_samples():
    missing = [name for name in _package_entries() if name not in SAMPLES
               and name not in NO_GRADIENT]
    assert not missing, (f"ops without samples in tests/core/op_samples.py: {missing}; add a "
                         f"Case to SAMPLES (or a reason to NO_GRADIENT) in the op's family")
    stale = sorted(set(SAMPLES) | set(NO_GRADIENT) - set(REGISTRY))
    stale = [name for name in stale if name not in REGISTRY]
    assert not stale, f"samples for ops that are not registered: {stale}"


CASES = [(name, i) for name in sorted(SAMPLES) for i in range(len(SAMPLES[name]))]
# Cases declared float64-only (their sample needs float64's range) have no float32 check.
FLOAT32_CASES = [(name, i) for name, i in CASES if SAMPLES[name][i].float32]


def _arrays(name, index):
    case = SAMPLES[name][index]
    rng = np.random.default_rng(zlib.crc32(f"{name}/{index}".encode()))
    return case, [spec.make(rng) for spec in case.inputs]


@pytest.mark.parametrize("name,index", CASES)
def test_first_and_second_derivatives_match_central_differences(name, index):
    if name not in REGISTRY:
        pytest.fail(f"{name} is not registered")
    case, arrays = _arrays(name, index)
    function = REGISTRY[name].function

    def f(*tensors):
        return case.run(function, *tensors)

    check_grads(f, *arrays, order=case.order)


def _value_and_grads(f, arrays, dtype):
    xs = [ag.constant(a, dtype=dtype) for a in arrays]
    with ag.GradientTape() as tape:
        tape.watch(xs)
        out = f(*xs)
        total = ag.sum(out * np.linspace(0.5, 1.5, out.size).reshape(out.shape).astype(dtype))
    return out, tape.gradient(total, xs)


@pytest.mark.parametrize("name,index", FLOAT32_CASES)
def test_float32_agrees_with_float64(name, index):
    case, arrays = _arrays(name, index)
    function = REGISTRY[name].function

    def f(*tensors):
        return case.run(function, *tensors)

    out64, grads64 = _value_and_grads(f, arrays, "float64")
    out32, grads32 = _value_and_grads(f, arrays, "float32")
    assert out32.dtype == np.float32, f"{name} turned float32 into {out32.dtype}"
    np.testing.assert_allclose(out32.numpy(), out64.numpy(), rtol=2e-5, atol=2e-6)
    for g32, g64 in zip(grads32, grads64):
        assert (g32 is None) == (g64 is None)
        if g32 is not None:
            assert g32.dtype == np.float32
            np.testing.assert_allclose(g32.numpy(), g64.numpy(), rtol=2e-4, atol=2e-5)
