"""The op table, one module per family. Every public op is importable from here.

Each family module declares its ops with ``@op`` / ``@composite``, which register them in
:data:`autograd_lite.registry.REGISTRY`; the names below are built from it, so a new family is
one import line here.
"""
from ..registry import public_names as _public_names
from . import (  # noqa: F401
    activations,
    arithmetic,
    convolution,  # scipy.signal; SciPy itself loads on first use
    distributions,  # scipy.stats
    incomplete,  # scipy.special's incomplete gamma and beta
    linalg,
    matrix_functions,  # scipy.linalg
    misc,
    numpy_functions,  # noqa: F401  (NumPy's signatures; composites such as np.dot)
    reductions,
    shape,
    special,  # scipy.special
)

globals().update(_public_names())
__all__ = sorted(_public_names())
