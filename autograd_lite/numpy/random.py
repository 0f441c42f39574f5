"""``anp.random``: NumPy's own sampling (``np.random``), re-exported: draws carry no gradient.

>>> import autograd_lite.numpy as anp
>>> anp.random.default_rng(0).normal(size=2).shape
(2,)
"""
from numpy.random import *  # noqa: F401,F403
from numpy.random import __all__  # noqa: F401
