"""The op table, one module per family. Every public op is importable from here."""
from .arithmetic import (abs, add, clip, cos, divide, erf, exp, floor_divide, floordiv, floormod,
                         log, maximum, minimum, mod, multiply, negative, power, sin, sqrt,
                         square, subtract, where)
from .linalg import matmul, transpose
from .reductions import argmax, argmin, logsumexp, max, mean, min, sum
from .shape import (broadcast_to, concat, expand_dims, getitem, reshape, scatter, squeeze,
                    stack)
from .activations import (elu, exponential, gelu, hard_sigmoid, leaky_relu, log_softmax, relu,
                          selu, sigmoid, sign, silu, softmax, softmax_cross_entropy_with_logits,
                          softplus, step, swish, tanh)
from .misc import (cast, equal, greater, greater_equal, less, less_equal, logical_and,
                   logical_or, not_equal, one_hot, ones, ones_like, stop_gradient, zeros,
                   zeros_like)
from . import convolution, distributions, matrix_functions, special  # noqa: F401,E402

__all__ = [
    "abs", "add", "clip", "cos", "divide", "erf", "exp", "floor_divide", "floordiv", "floormod",
    "log", "maximum", "minimum", "mod", "multiply", "negative", "power", "sin", "sqrt", "square",
    "subtract", "where",
    "matmul", "transpose",
    "argmax", "argmin", "logsumexp", "max", "mean", "min", "sum",
    "broadcast_to", "concat", "expand_dims", "getitem", "reshape", "scatter", "squeeze", "stack",
    "elu", "exponential", "gelu", "hard_sigmoid", "leaky_relu", "log_softmax", "relu", "selu",
    "sigmoid", "sign", "silu", "softmax", "softmax_cross_entropy_with_logits", "softplus", "step",
    "swish", "tanh",
    "cast", "equal", "greater", "greater_equal", "less", "less_equal", "logical_and",
    "logical_or", "not_equal", "one_hot", "ones", "ones_like", "stop_gradient", "zeros",
    "zeros_like",
]

# The NumPy breadth (issue 14): one family per module, each listing its public ops in __all__.
from . import (arrange, cumulative, elementwise, fourier, indexing,  # noqa: E402
               products, sorting, statistics)
from .arrange import *  # noqa: E402,F401,F403
from .cumulative import *  # noqa: E402,F401,F403
from .elementwise import *  # noqa: E402,F401,F403
from .fourier import *  # noqa: E402,F401,F403
from .indexing import *  # noqa: E402,F401,F403
from .products import *  # noqa: E402,F401,F403
from .sorting import *  # noqa: E402,F401,F403
from .statistics import *  # noqa: E402,F401,F403

__all__ += [name for family in (elementwise, cumulative, statistics, sorting, indexing, arrange,
                                products, fourier) for name in family.__all__]
