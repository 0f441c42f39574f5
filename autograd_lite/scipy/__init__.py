"""SciPy on the tape: ``autograd_lite.scipy.special``, ``.stats``, ``.linalg`` and ``.signal``
under SciPy's names, signatures and conventions, differentiable in every float argument.

>>> import autograd_lite.scipy as asp
>>> round(float(asp.special.gammaln(5.0)), 6)  # log 4!
3.178054
>>> round(float(asp.stats.norm.logpdf(0.0, loc=0.0, scale=1.0)), 6)
-0.918939

Each name is an op-table entry declared with ``scipy="special.gammaln"`` (or
``"stats.norm.logpdf"``): the namespaces are read from the registry, so an op declared there
appears here with no other edit. Once this package is imported, SciPy's own ufuncs given a
Tensor (``scipy.special.gammaln(t)``) run the same ops. SciPy itself is needed (``pip install
'autograd_lite[scipy]'``); ``import autograd_lite`` never imports it.
"""
from ..ops.special import scipy_module

scipy_module("special")  # fail here, with how to install SciPy, rather than at the first call

from . import linalg, signal, special, stats  # noqa: E402
from .namespace import answer_scipy_ufuncs  # noqa: E402

answer_scipy_ufuncs()  # scipy.special.gammaln(tensor) runs the op, as np.exp(tensor) does

__all__ = ["linalg", "signal", "special", "stats"]
