"""The op table, one module per family. Every public op is importable from here.

Each family module declares its ops with ``@op`` / ``@composite``, which register them in
:data:`autograd_lite.registry.REGISTRY`; the names below are built from it, so a new family is
one import line here.
"""
# One family per line, in dependency order, so that adding one merges cleanly.
# isort: off
from ..registry import public_names as _public_names
from . import arithmetic  # noqa: F401  (the families: importing one registers its ops)
from . import shape  # noqa: F401
from . import reductions  # noqa: F401
from . import linalg  # noqa: F401
from . import activations  # noqa: F401
from . import misc  # noqa: F401
from . import numpy_functions  # noqa: F401  (NumPy's signatures; composites such as np.dot)
from . import tf_ops  # noqa: F401  (TF's gather, clip_by_norm, linalg helpers, ...)
from . import elementwise  # noqa: F401  (the NumPy breadth, issue 14)
from . import cumulative  # noqa: F401
from . import statistics  # noqa: F401
from . import sorting  # noqa: F401
from . import indexing  # noqa: F401
from . import arrange  # noqa: F401
from . import products  # noqa: F401
from . import fourier  # noqa: F401
from . import special  # noqa: F401  (scipy.special; SciPy itself loads on first use)
from . import incomplete  # noqa: F401  (scipy.special's incomplete gamma and beta)
from . import distributions  # noqa: F401  (scipy.stats)
from . import matrix_functions  # noqa: F401  (scipy.linalg)
from . import convolution  # noqa: F401  (scipy.signal)
# isort: on

# A name that is also a family module here (TF's ag.shape) stays the module in ag.ops.
_NAMES = {k: v for k, v in _public_names().items()
          if not isinstance(globals().get(k), type(tf_ops))}
# What a family lists in __all__ that is not a registered function (r_, c_) is public too.
for _family in (elementwise, cumulative, statistics, sorting, indexing, arrange, products,
                fourier):
    _NAMES.update((k, getattr(_family, k)) for k in getattr(_family, "__all__", ())
                  if k not in _NAMES)
globals().update(_NAMES)
__all__ = sorted(_NAMES)
