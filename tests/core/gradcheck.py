"""Gradient checks for the tests: ``ag.testing.check_grads`` (the one finite-difference
checker), with the stricter defaults the op tests want, and the shape grid they run over.

``check_grads(f, *arrays)`` compares the tape's gradient of ``f`` (a function of Tensors
returning a float64 Tensor) with central differences for every input; ``order=2`` also checks
the second derivatives. A ``None`` gradient fails unless ``allow_none`` (ops whose gradient is
zero everywhere are expected to be *connected*).
"""
import numpy as np

import autograd_lite as ag

RTOL = 1e-5
ATOL = 1e-7


def numeric_gradient(scalar, arrays, argnum, eps=1e-6):
    """Central differences of ``scalar(arrays)`` (a float) w.r.t. ``arrays[argnum]``."""
    arrays = [np.array(a, dtype=np.float64) for a in arrays]
    return ag.testing.numeric_gradient(lambda *values: scalar(list(values)), *arrays,
                                       argnum=argnum, eps=eps)


def check_grads(f, *arrays, argnums=None, order=1, seed=0, rtol=RTOL, atol=ATOL,
                allow_none=False):
    """Check every input's first (and with ``order=2`` second) derivative of ``f``."""
    arrays = [np.array(a, dtype=np.float64) for a in arrays]
    out = f(*[ag.constant(a) for a in arrays])
    assert out.dtype == np.float64, f"f should keep float64, gave {out.dtype}"
    ag.testing.check_grads(f, *arrays, argnums=argnums, order=order, seed=seed, rtol=rtol,
                           atol=atol, allow_none=allow_none)


# --- the shape grid -------------------------------------------------------------------------
SHAPES = [(), (2,), (3, 2), (1, 2), (2, 1, 3)]
# (3, 1) and (1, 3) make the 3-d shape broadcast on both sides: (2, 1, 3) with (3, 1) is (2, 3, 3).
PAIR_SHAPES = SHAPES + [(3, 1), (1, 3)]


def _broadcasts(a, b):
    try:
        np.broadcast_shapes(a, b)
        return True
    except ValueError:
        return False


BROADCAST_PAIRS = [(a, b) for a in PAIR_SHAPES for b in PAIR_SHAPES if _broadcasts(a, b)]


def shape_id(shape):
    return "x".join(str(n) for n in shape) or "scalar"


def pair_id(pair):
    return "-".join(shape_id(s) for s in pair)


def uniform(rng, shape, low=-2.0, high=2.0):
    return rng.uniform(low, high, size=shape)


def away_from(rng, shape, points, margin=0.1, low=-2.0, high=2.0):
    """Uniform values at least ``margin`` away from each of ``points`` (kinks)."""
    values = rng.uniform(low, high, size=shape)
    for point in points:
        close = np.abs(values - point) < margin
        values = np.where(close, point + np.where(values >= point, margin, -margin) * 2, values)
    return values


def distinct_pair(rng, shape_a, shape_b, margin=0.05):
    """Two arrays whose broadcast elements never tie (for maximum / minimum)."""
    while True:
        a, b = rng.uniform(-2, 2, size=shape_a), rng.uniform(-2, 2, size=shape_b)
        if np.min(np.abs(np.subtract(a, b)), initial=np.inf) > margin:
            return a, b


def rng_for(*parts):
    """A generator seeded from the test's parameters (stable across runs, unlike hash())."""
    import zlib
    return np.random.default_rng(zlib.crc32(repr(parts).encode()))
