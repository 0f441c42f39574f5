"""autograd_lite.scipy.signal.convolve: the three modes in 1-, 2- and 3-d against SciPy, and
derivatives to second order."""
import numpy as np
import pytest
import scipy.signal as sg

import autograd_lite as ag
from autograd_lite.scipy import signal

from ..core.gradcheck import check_grads

RNG = np.random.default_rng(3)
SHAPES = [((5,), (3,)), ((3,), (5,)), ((4, 5), (2, 3)), ((2, 3), (4, 5)), ((3, 3, 2), (2, 2, 2))]


@pytest.mark.parametrize("mode", ["full", "valid", "same"])
@pytest.mark.parametrize("shapes", SHAPES, ids=str)
def test_convolve(mode, shapes):
    x, k = RNG.standard_normal(shapes[0]), RNG.standard_normal(shapes[1])
    np.testing.assert_allclose(signal.convolve(x, k, mode=mode).numpy(),
                               sg.convolve(x, k, mode=mode), atol=1e-12)
    check_grads(lambda a, b: signal.convolve(a, b, mode=mode), x, k, order=2)


def test_convolve_gradient_by_hand():
    # full: out = [x0 k0, x0 k1 + x1 k0, x1 k1]; d Σout / dx = Σk for each x
    x = ag.constant(np.array([1.0, 2.0]))
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = ag.sum(signal.convolve(x, np.array([3.0, 4.0])))
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [7.0, 7.0])
    assert float(y) == 21.0


def test_convolve_refuses_an_unknown_mode():
    with pytest.raises(ValueError, match="convolve: mode must be 'full', 'valid' or 'same'"):
        signal.convolve([1.0], [1.0], mode="circular")
