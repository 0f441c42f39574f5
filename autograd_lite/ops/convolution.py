"""``scipy.signal.convolve`` on the tape (``autograd_lite.scipy.signal``): n-d convolution in
the modes full, valid and same, with SciPy's forward (imported on first use).
"""
from __future__ import annotations

import numpy as np

from ..primitive import op
from .special import scipy_module


def _full_upstream(upstream, out, in1, in2):
    """The upstream gradient placed in the full convolution's shape: valid and same outputs
    are its centre (SciPy's rule), so the rest of the full output had no effect (zeros)."""
    full = tuple(n1 + n2 - 1 for n1, n2 in zip(np.shape(in1), np.shape(in2)))
    if tuple(np.shape(out)) == full:
        return upstream
    index = tuple(slice((f - o) // 2, (f - o) // 2 + o) for f, o in zip(full, np.shape(out)))
    return scatter(upstream, index=index, shape=full)


def _flipped(x):
    return x[(slice(None, None, -1),) * np.ndim(x)]


def _convolve_vjp(argnum, upstream, out, in1, in2, mode="full", method="auto"):
    # full: out[n] = Σ in1[k] in2[n - k], so in1's gradient correlates the upstream with in2:
    # a valid convolution with in2 flipped (and in2's the same with in1)
    other = in2 if argnum == 0 else in1
    return convolve(_full_upstream(upstream, out, in1, in2), _flipped(other), mode="valid",
                    method=method)


@op(vjp=(lambda *args, **params: _convolve_vjp(0, *args, **params),
         lambda *args, **params: _convolve_vjp(1, *args, **params)),
    local=("upstream ⋆ in2 (valid)", "upstream ⋆ in1 (valid)"), scipy="signal.convolve",
    public=False)
def convolve(in1, in2, mode="full", method="auto"):
    """The n-d convolution of ``in1`` and ``in2`` (the same number of dimensions), as
    ``scipy.signal.convolve``: ``mode`` ``'full'`` (every overlap), ``'valid'`` (full
    overlaps only) or ``'same'`` (``in1``'s shape, centred).

    >>> convolve([1.0, 2.0, 3.0], [0.0, 1.0, 0.5]).numpy()
    array([0. , 1. , 2.5, 4. , 1.5], dtype=float32)
    >>> convolve([1.0, 2.0, 3.0], [0.0, 1.0, 0.5], mode="same").numpy()
    array([1. , 2.5, 4. ], dtype=float32)
    """
    if mode not in ("full", "valid", "same"):
        raise ValueError(f"convolve: mode must be 'full', 'valid' or 'same', got {mode!r}")
    return scipy_module("signal").convolve(in1, in2, mode=mode, method=method)


from .shape import scatter  # noqa: E402
