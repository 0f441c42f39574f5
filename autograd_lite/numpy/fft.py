"""``anp.fft``: ``np.fft``'s functions that ops answer, on the tape; the rest is NumPy's own.

>>> import autograd_lite.numpy as anp
>>> anp.fft.fftshift(anp.array([0.0, 1.0, 2.0, 3.0])).numpy()
array([2., 3., 0., 1.])
"""
from __future__ import annotations

import numpy as _np

from ._names import submodule

__getattr__, __dir__ = submodule("fft", _np.fft)
