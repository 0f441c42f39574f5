"""``anp.fft``: ``np.fft``'s functions that ops answer, on the tape; the rest is NumPy's own.

>>> import autograd_lite.numpy as anp
>>> anp.fft.fftshift(anp.array([0.0, 1.0, 2.0, 3.0])).numpy()
array([2., 3., 0., 1.])
"""
from __future__ import annotations

from typing import Any, List

import numpy as _np

from ._names import lookup, names


def __getattr__(name: str) -> Any:
    function = lookup("fft", name)
    if function is not None:
        return function
    try:
        return getattr(_np.fft, name)
    except AttributeError:
        raise AttributeError(f"module 'autograd_lite.numpy.fft' has no attribute {name!r} "
                             f"(nor has np.fft)") from None


def __dir__() -> List[str]:
    return sorted(set(dir(_np.fft)) | set(names("fft")))
