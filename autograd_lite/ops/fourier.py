"""Fourier helpers for real arrays: fftshift and ifftshift (``anp.fft``, TF's ``signal``).

Complex dtypes are not supported yet, so the transforms themselves are not here; a complex
input is a TypeError naming the function. The shifts are rolls, so their gradient is the
opposite roll.
"""
from __future__ import annotations

import numpy as np

from ..primitive import composite, value_of
from .inputs import as_input


def _shift(x, axes, name: str, inverse: bool):
    if np.iscomplexobj(value_of(x)):
        raise TypeError(f"{name}: complex input is not supported yet (got dtype "
                        f"{np.asarray(value_of(x)).dtype}); pass real arrays")
    x = as_input(x, name)
    ndim = np.ndim(x)
    axes = tuple(range(ndim)) if axes is None else tuple(np.atleast_1d(axes).tolist())
    shape = np.shape(x)
    shifts = [(-(shape[a] // 2) if inverse else shape[a] // 2) for a in axes]
    return roll(x, shifts, axis=axes) if axes else x


@composite(numpy=np.fft.fftshift, anp="fft.fftshift", tf="signal.fftshift")
def fftshift(x, axes=None):
    """The zero-frequency term moved to the centre: a roll by half of each axis in ``axes``
    (None: all).

    >>> ag.fftshift([0.0, 1.0, 2.0, -2.0, -1.0]).numpy()
    array([-2., -1.,  0.,  1.,  2.], dtype=float32)
    """
    return _shift(x, axes, "fftshift", inverse=False)


@composite(numpy=np.fft.ifftshift, anp="fft.ifftshift", tf="signal.ifftshift")
def ifftshift(x, axes=None):
    """The inverse of ``fftshift`` (they differ for odd lengths).

    >>> ag.ifftshift([-2.0, -1.0, 0.0, 1.0, 2.0]).numpy()
    array([ 0.,  1.,  2., -2., -1.], dtype=float32)
    """
    return _shift(x, axes, "ifftshift", inverse=True)


from .arrange import roll  # noqa: E402

__all__ = ["fftshift", "ifftshift"]
