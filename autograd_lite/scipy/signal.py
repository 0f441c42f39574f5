"""``scipy.signal`` on the tape: every op declared with ``scipy="signal.<name>"``.

>>> from autograd_lite.scipy.signal import convolve
>>> convolve([1.0, 1.0], [1.0, 2.0]).numpy()
array([1., 3., 2.], dtype=float32)
"""
from .namespace import module_hooks

__getattr__, __dir__ = module_hooks("signal", __name__)
