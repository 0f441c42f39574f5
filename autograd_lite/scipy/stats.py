"""``scipy.stats`` on the tape: every op declared with ``scipy="stats.<name>"``.

>>> from autograd_lite.scipy.stats import norm
>>> float(norm.cdf(1.0, loc=1.0))
0.5
"""
from .namespace import module_hooks

__getattr__, __dir__ = module_hooks("stats", __name__)
