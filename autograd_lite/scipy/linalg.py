"""``scipy.linalg`` on the tape: every op declared with ``scipy="linalg.<name>"``.

>>> from autograd_lite.scipy.linalg import sqrtm
>>> sqrtm([[4.0, 0.0], [0.0, 1.0]]).numpy()
array([[2., 0.],
       [0., 1.]], dtype=float32)
"""
from .namespace import module_hooks

__getattr__, __dir__ = module_hooks("linalg", __name__)
