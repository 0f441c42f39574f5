"""``scipy.special`` on the tape: every op declared with ``scipy="special.<name>"``.

>>> from autograd_lite.scipy.special import gammaln
>>> round(float(gammaln(4.0)), 6)  # log 3!
1.791759
"""
from .namespace import module_hooks

__getattr__, __dir__ = module_hooks("special", __name__)
