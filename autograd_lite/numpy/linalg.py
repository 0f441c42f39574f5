"""``anp.linalg``: ``np.linalg``'s functions that ops answer, on the tape; the rest is NumPy's own.

>>> import autograd_lite.numpy as anp
>>> float(anp.linalg.det([[2.0, 0.0], [0.0, 3.0]]))
6.0
"""
from __future__ import annotations

from typing import Any, List

import numpy as _np

from ._names import lookup, names


def __getattr__(name: str) -> Any:
    function = lookup("linalg", name)
    if function is not None:
        return function
    try:
        return getattr(_np.linalg, name)
    except AttributeError:
        raise AttributeError(f"module 'autograd_lite.numpy.linalg' has no attribute {name!r} "
                             f"(nor has np.linalg)") from None


def __dir__() -> List[str]:
    return sorted(set(dir(_np.linalg)) | set(names("linalg")))
