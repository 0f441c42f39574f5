"""``anp.linalg``: ``np.linalg``'s functions that ops answer, on the tape; the rest is NumPy's own.

>>> import autograd_lite.numpy as anp
>>> float(anp.linalg.det([[2.0, 0.0], [0.0, 3.0]]))
6.0
"""
from __future__ import annotations

import numpy as _np

from ._names import submodule

__getattr__, __dir__ = submodule("linalg", _np.linalg)
