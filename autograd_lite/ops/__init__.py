"""The op table, one module per family. Every public op is importable from here.

Each family module declares its ops with ``@op`` / ``@composite``, which register them in
:data:`autograd_lite.registry.REGISTRY`; the names below are built from it, so a new family is
one import line here.
"""
from ..registry import public_names as _public_names
from . import (  # noqa: F401
    activations,
    arithmetic,
    arrange,  # the NumPy breadth of issue 14 from here to statistics
    cumulative,
    elementwise,
    fourier,
    indexing,
    linalg,
    misc,
    numpy_functions,  # noqa: F401  (NumPy's signatures; composites such as np.dot)
    products,
    reductions,
    shape,
    sorting,
    statistics,
)

globals().update(_public_names())
__all__ = sorted(_public_names())
