"""autograd_lite: a small, fast, readable tape-based automatic differentiation engine on NumPy.

>>> import autograd_lite as ag
>>> w = ag.Variable(3.0)
>>> with ag.GradientTape() as tape:
...     y = w * w
>>> float(tape.gradient(y, w))
6.0
"""
import importlib as _importlib

from .tensor import Tensor, Variable, constant  # noqa: F401
from .tape import GradientTape, UnconnectedGradients, current_tapes  # noqa: F401
from .records import Record  # noqa: F401
from .functional import grad, value_and_grad  # noqa: F401
from .custom_gradient import custom_gradient  # noqa: F401
from .ops import *  # noqa: F401,F403  (the op table is the public surface)
from . import debug  # noqa: F401
from .function import Function, TracingError, function  # noqa: F401
from .dtypes import *  # noqa: F401,F403  (TF's dtype constants: ag.float32, ...)
from .dtypes import __all__ as _dtype_names
from .leaks import TapeLeakWarning  # noqa: F401
from .registry import public_names as _public_names

globals().update(_public_names())  # every public op, TF's spellings too (ag.shape, ag.range)

__version__ = "0.1.0"

# Layers, losses and data load on first use: the core imports fast and never needs them.
_LAZY = {
    "nn": "autograd_lite.nn",
    "losses": "autograd_lite.nn.losses",
    "optimizers": "autograd_lite.nn.optimizers",
    "metrics": "autograd_lite.nn.metrics",
    "initializers": "autograd_lite.nn.initializers",
    "regularizers": "autograd_lite.nn.regularizers",
    "callbacks": "autograd_lite.nn.callbacks",
    "datasets": "autograd_lite.datasets",
    "data": "autograd_lite.data",
    "keras": "autograd_lite.nn.keras",  # tf.keras.layers.Dense -> ag.keras.layers.Dense
    "layers": "autograd_lite.nn",  # keras.layers.Dense -> ag.layers.Dense
    "models": "autograd_lite.nn",  # keras.models.load_model -> ag.models.load_model
    "saving": "autograd_lite.nn.saving",  # keras.saving.register_keras_serializable
    "random": "autograd_lite.random",
    "testing": "autograd_lite.testing",
    "math": "autograd_lite.math",
    "linalg": "autograd_lite.linalg",
    "numpy": "autograd_lite.numpy",
}


_KERAS_TOP = ("Input", "Model", "Sequential")  # keras.Input -> ag.Input (also ag.nn.Input)


def __getattr__(name: str):
    if name in _LAZY:
        module = _importlib.import_module(_LAZY[name])
        globals()[name] = module
        return module
    if name in _KERAS_TOP:
        return getattr(_importlib.import_module("autograd_lite.nn"), name)
    function = _public_names().get(name)  # an op registered after import (ag.scipy's, ...)
    if function is not None:
        return function
    raise AttributeError(f"module 'autograd_lite' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_LAZY))


__all__ = ["Tensor", "Variable", "constant", "GradientTape", "UnconnectedGradients", "grad",
           "value_and_grad", "custom_gradient", "debug", "Record", "current_tapes", "function",
           "Function", "TracingError", "TapeLeakWarning"] + list(_dtype_names) + sorted(
               _public_names()) + list(_LAZY)
