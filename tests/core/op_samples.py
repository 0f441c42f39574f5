"""Sample inputs for every op in the registry: the table ``test_registry_grads.py`` walks.

Every registered op and composite of the package must appear here, either in ``SAMPLES``
(name -> cases whose first and second derivatives are checked against central differences in
float64, and whose float32 values and gradients must agree with float64's) or in
``NO_GRADIENT`` (name -> why no gradient is checked). An op the table does not cover fails
the meta-test: add your op's samples in its family's section when you add the op.

A case is ``Case(inputs, call)``: ``inputs`` are the differentiated arguments as specs
(``U(shape, lo, hi)``: uniform values; ``A(values)``: fixed values), chosen away from kinks
and poles; ``call(f, *tensors)`` calls the op (default ``f(*tensors)``). Shapes cover scalars,
broadcasting and batches where the op has them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence

import numpy as np


@dataclass(frozen=True)
class U:
    """Uniform values of ``shape`` in ``[lo, hi]``."""

    shape: tuple
    lo: float = -2.0
    hi: float = 2.0

    def make(self, rng: np.random.Generator) -> np.ndarray:
        return rng.uniform(self.lo, self.hi, self.shape)


@dataclass(frozen=True)
class A:
    """Fixed values (where a random point could land on a kink or a tie)."""

    values: Any

    def make(self, rng: np.random.Generator) -> np.ndarray:
        return np.array(self.values, dtype=np.float64)


@dataclass(frozen=True)
class Case:
    inputs: Sequence[Any]
    call: Optional[Callable] = None
    order: int = 2
    label: str = ""
    float32: bool = True  # compare float32 values and gradients with float64's
    extra: Dict[str, Any] = field(default_factory=dict)

    def run(self, function: Callable, *tensors: Any) -> Any:
        return function(*tensors) if self.call is None else self.call(function, *tensors)


def cases(*items: Case) -> List[Case]:
    return list(items)


SAMPLES: Dict[str, List[Case]] = {}
NO_GRADIENT: Dict[str, str] = {}

# --- arithmetic (ops/arithmetic.py) ----------------------------------------------------------
SAMPLES.update({
    "add": cases(Case([U(()), U(())]), Case([U((2, 3)), U((3,))]), Case([U((2, 1)), U((1, 3))])),
    "subtract": cases(Case([U(()), U((2,))]), Case([U((2, 3)), U((2, 3))])),
    "multiply": cases(Case([U(()), U(())]), Case([U((2, 3)), U((3,))])),
    "divide": cases(Case([U(()), U((), 0.5, 2)]), Case([U((2, 3)), U((3,), 0.5, 2)])),
    "positive": cases(Case([U((2,))])),
    "negative": cases(Case([U(())]), Case([U((2, 3))])),
    "power": cases(Case([U((), 0.5, 2), U((), -1, 2)]), Case([U((2, 3), 0.5, 2), U((3,), -1, 2)]),
                   Case([U((2,), 0.5, 2)], call=lambda f, x: f(x, 3), label="integer exponent")),
    "square": cases(Case([U(())]), Case([U((2, 3))])),
    "sqrt": cases(Case([U((), 0.5, 2)]), Case([U((2, 3), 0.5, 2)])),
    "exp": cases(Case([U(())]), Case([U((2, 3))])),
    "log": cases(Case([U((), 0.5, 2)]), Case([U((2, 3), 0.5, 2)])),
    "erf": cases(Case([U(())]), Case([U((2, 3))])),
    "sin": cases(Case([U(())]), Case([U((2, 3))])),
    "cos": cases(Case([U(())]), Case([U((2, 3))])),
    # piecewise constant: zero gradients, away from the jumps
    "floor_divide": cases(Case([A([0.5, 1.5, -0.7]), A([1.0, 1.0, 1.0])])),
    "mod": cases(Case([A([0.5, 1.5, -0.7]), A([1.0, 1.0, 1.0])])),
    "sign": cases(Case([A([-1.5, 0.5, 2.0])])),
    "abs": cases(Case([A([-1.5, 0.5, 2.0])]), Case([A(-0.7)])),
    "maximum": cases(Case([A([1.0, -1.0, 0.5]), A([0.0, 0.3, 2.0])]),
                     Case([A([[1.0, -1.0], [0.5, 3.0]]), A([0.2, 0.0])])),
    "minimum": cases(Case([A([1.0, -1.0, 0.5]), A([0.0, 0.3, 2.0])])),
    "clip": cases(Case([A([-1.5, 0.2, 0.7, 2.5]), A(-1.0), A(1.0)])),
    "where": cases(Case([U((2, 3)), U((3,))],
                        call=lambda f, a, b: f(np.array([True, False, True]), a, b))),
})

# --- shape and indexing (ops/shape.py) -------------------------------------------------------
SAMPLES.update({
    "reshape": cases(Case([U((2, 3))], call=lambda f, x: f(x, (3, 2)))),
    "expand_dims": cases(Case([U((2, 3))], call=lambda f, x: f(x, 1))),
    "squeeze": cases(Case([U((2, 1, 3))], call=lambda f, x: f(x, 1)), Case([U((1, 2))])),
    "broadcast_to": cases(Case([U((2, 1))], call=lambda f, x: f(x, (3, 2, 4))), Case([U(())],
                          call=lambda f, x: f(x, (2,)))),
    "concat": cases(Case([U((2, 3)), U((2, 1))], call=lambda f, a, b: f([a, b], axis=1))),
    "stack": cases(Case([U((2, 3)), U((2, 3))], call=lambda f, a, b: f([a, b], axis=1))),
    "getitem": cases(Case([U((3, 4))], call=lambda f, x: f(x, (slice(1, None), [0, 2, 2]))),
                     Case([U((3,))], call=lambda f, x: f(x, np.array([True, False, True])))),
    "scatter": cases(Case([U((3,))], call=lambda f, v: f(v, [0, 2, 0], (4,)))),
})

# --- reductions (ops/reductions.py) ----------------------------------------------------------
SAMPLES.update({
    "sum": cases(Case([U((2, 3))]), Case([U((2, 3, 2))], call=lambda f, x: f(x, (0, 2), True))),
    "mean": cases(Case([U((2, 3))]), Case([U((2, 3))], call=lambda f, x: f(x, 1))),
    "max": cases(Case([A([[1.0, 3.0, 2.0], [0.5, -1.0, 0.0]])], call=lambda f, x: f(x, 1)),
                 Case([A([1.0, 3.0, 3.0])], label="tie: split evenly", order=1)),
    "min": cases(Case([A([[1.0, 3.0, 2.0], [0.5, -1.0, 0.0]])], call=lambda f, x: f(x, 0))),
    "logsumexp": cases(Case([U((2, 3))]), Case([U((2, 3))], call=lambda f, x: f(x, 1, True))),
})
NO_GRADIENT.update({"argmax": "an integer index", "argmin": "an integer index"})

# --- linear algebra (ops/linalg.py) ----------------------------------------------------------
SAMPLES.update({
    "matmul": cases(Case([U((2, 3)), U((3, 2))]), Case([U((2, 2, 3)), U((3, 2))]),
                    Case([U((3,)), U((3, 2))]), Case([U((2, 3)), U((3,))])),
    "transpose": cases(Case([U((2, 3))]), Case([U((2, 3, 4))], call=lambda f, x: f(x, (1, 2, 0)))),
})

# --- activations (ops/activations.py) --------------------------------------------------------
SAMPLES.update({
    "sigmoid": cases(Case([U(())]), Case([U((2, 3))])),
    "tanh": cases(Case([U(())]), Case([U((2, 3))])),
    "relu": cases(Case([A([-1.5, 0.5, 2.0])])),
    "leaky_relu": cases(Case([A([-1.5, 0.5, 2.0])])),
    "elu": cases(Case([A([-1.5, 0.5, 2.0])])),
    "softplus": cases(Case([U((2, 3))])),
    "swish": cases(Case([U((2, 3))])),
    "selu": cases(Case([A([-1.5, 0.5, 2.0])])),
    "gelu": cases(Case([U((2, 3))]), Case([U((3,))], call=lambda f, x: f(x, approximate=True))),
    "hard_sigmoid": cases(Case([A([-4.0, -1.0, 0.5, 3.5])])),
    "leaky_relu_slope": cases(Case([A([-1.5, 0.5])])),
    "hard_sigmoid_slope": cases(Case([A([-4.0, 0.5])])),
    "softmax": cases(Case([U((2, 3))]), Case([U((3, 2))], call=lambda f, x: f(x, axis=0))),
    "log_softmax": cases(Case([U((2, 3))])),
    "softmax_cross_entropy_with_logits": cases(Case([U((2, 3), 0.1, 1), U((2, 3))])),
    "step": cases(Case([A([-1.5, 0.5, 2.0])])),
})

# --- casts, comparisons, constants (ops/misc.py) -----------------------------------------------
SAMPLES.update({
    "cast": cases(Case([U((2,))], call=lambda f, x: f(x, "float64"), float32=False)),
})
NO_GRADIENT.update({
    "stop_gradient": "stops the gradient by definition (tests/core/test_misc.py)",
    "one_hot": "integer indices in, constants out",
    **{name: "a bool result" for name in ["equal", "not_equal", "less", "less_equal", "greater",
                                           "greater_equal", "logical_and", "logical_or"]},
    **{name: "a constant made from a shape" for name in ["zeros", "ones", "zeros_like",
                                                         "ones_like"]},
})

# --- NumPy's composites (ops/numpy_functions.py) -------------------------------------------
SAMPLES.update({
    "dot": cases(Case([U((2, 3)), U((3,))]), Case([U((2, 2, 3)), U((4, 3, 2))])),
    "inner": cases(Case([U((2, 3)), U((4, 3))])),
    "tensordot": cases(Case([U((2, 3, 4)), U((3, 4, 2))])),
    "vdot": cases(Case([U((2, 3)), U((3, 2))])),
    "swapaxes": cases(Case([U((2, 3, 4))], call=lambda f, x: f(x, 0, -1))),
    "moveaxis": cases(Case([U((2, 3, 4))], call=lambda f, x: f(x, 0, -1))),
    "hstack": cases(Case([U((2, 3)), U((2, 1))], call=lambda f, a, b: f([a, b]))),
    "vstack": cases(Case([U((3,)), U((2, 3))], call=lambda f, a, b: f([a, b]))),
})

# --- TensorFlow's functions (ops/tf_ops.py) ----------------------------------------------------
SAMPLES.update({
    "linalg_matmul": cases(Case([U((3, 2)), U((3, 2))],
                                call=lambda f, a, b: f(a, b, transpose_a=True)),
                           Case([U((2, 2, 3)), U((2, 3))],
                                call=lambda f, a, b: f(a, b, adjoint_b=True))),
    "matvec": cases(Case([U((2, 2, 3)), U((2, 3))])),
    "linalg_diag": cases(Case([U((2, 3))])),
    "diag_part": cases(Case([U((2, 3, 3))]), Case([U((2, 3))])),
    "linalg_trace": cases(Case([U((2, 3, 3))])),
    "band_part": cases(Case([U((3, 4))], call=lambda f, x: f(x, 1, 0))),
    "gather": cases(Case([U((3, 2))], call=lambda f, x: f(x, [2, 0, 2])),
                    Case([U((2, 3, 2))], call=lambda f, x: f(x, [[1], [0]], batch_dims=1)),
                    Case([U((2, 3, 4))], call=lambda f, x: f(x, [3, 1], axis=2))),
    "gather_nd": cases(Case([U((3, 2))], call=lambda f, x: f(x, [[2, 1], [0, 0], [2, 1]]))),
    "boolean_mask": cases(Case([U((3, 2))], call=lambda f, x: f(x, [True, False, True]))),
    "clip_by_norm": cases(Case([A([3.0, 4.0])], call=lambda f, x: f(x, 1.0)),
                          Case([A([0.3, 0.4])], call=lambda f, x: f(x, 1.0), label="inside")),
    "clip_by_global_norm": cases(Case([A([3.0, 0.0]), A([[4.0]])],
                                      call=lambda f, a, b: f([a, b], 1.0)[0][1] * 1.0)),
    "fill": cases(Case([U(())], call=lambda f, v: f([2, 3], v))),
})
SAMPLES.update({
    "rsqrt": cases(Case([U((2, 3), 0.5, 2)])),
    "squared_difference": cases(Case([U((2, 3)), U((3,))])),
    "divide_no_nan": cases(Case([U((2, 3)), A([0.5, 2.0, -1.5])])),  # y = 0: test_tf_names
    "multiply_no_nan": cases(Case([U((2, 3)), A([0.5, 2.0, -1.5])])),
    "log_sigmoid": cases(Case([U((2, 3))])),
    "softsign": cases(Case([A([-1.5, 0.5, 2.0])])),
    "relu6": cases(Case([A([-1.5, 0.5, 7.0])])),
    "reduce_euclidean_norm": cases(Case([U((2, 3))]), Case([U((2, 3))],
                                   call=lambda f, x: f(x, axis=1, keepdims=True))),
    "l2_normalize": cases(Case([U((2, 3))], call=lambda f, x: f(x, axis=1))),
    "add_n": cases(Case([U((2, 3)), U((2, 3))], call=lambda f, a, b: f([a, b, a]))),
    "sparse_softmax_cross_entropy_with_logits": cases(Case([U((2, 3))],
                                                           call=lambda f, z: f([2, 0], z))),
    "sigmoid_cross_entropy_with_logits": cases(Case([U((2, 3), 0, 1), U((2, 3))])),
    "l2_loss": cases(Case([U((2, 3))])),
    "bias_add": cases(Case([U((2, 3)), U((3,))])),
    "moments": cases(Case([U((2, 3))], call=lambda f, x: f(x, [0])[1]),
                     Case([U((2, 3))], call=lambda f, x: f(x, [1], keepdims=True)[0])),
})
NO_GRADIENT.update({
    "logical_not": "a bool result", "is_nan": "a bool result", "is_inf": "a bool result",
    "is_finite": "a bool result",
    "range": "integer or constant values", "eye": "a constant",
    "shape": "an int32 shape", "size": "an int32 count", "rank": "an int32 count",
})

# --- elementwise math (ops/elementwise.py) ---------------------------------------------------
SAMPLES.update({
    **{name: cases(Case([U(())]), Case([U((2, 3))])) for name in [
        "tan", "arctan", "sinh", "cosh", "arcsinh", "sinc", "deg2rad", "rad2deg", "exp2", "expm1",
        "cbrt", "real", "conj", "real_if_close"]},
    **{name: cases(Case([U((), -0.8, 0.8)]), Case([U((2, 3), -0.8, 0.8)]))
       for name in ["arcsin", "arccos", "arctanh"]},
    "arccosh": cases(Case([U((2, 3), 1.5, 3)])),
    **{name: cases(Case([U((), 0.5, 2)]), Case([U((2, 3), 0.5, 2)]))
       for name in ["log2", "log10", "reciprocal"]},
    "log1p": cases(Case([U((2, 3), -0.5, 2)])),
    "fabs": cases(Case([A([-1.5, 0.5, 2.0])])),
    "nan_to_num": cases(Case([U((2, 3))])),
    **{name: cases(Case([A([1.0, -1.0, 0.5]), A([0.0, 0.3, 2.0])]),
                   Case([A([[1.0, -1.0], [0.5, 3.0]]), A([0.2, 0.0])]))
       for name in ["fmax", "fmin"]},
    **{name: cases(Case([U(()), U(())]), Case([U((2, 3)), U((3,))]))
       for name in ["logaddexp", "logaddexp2"]},
    "arctan2": cases(Case([U((2, 3)), U((3,), 0.5, 2)])),
    "hypot": cases(Case([U((2, 3), 0.5, 2), U((3,), 0.5, 2)])),
    "copysign": cases(Case([A([1.5, -0.5, 2.0]), A([-1.0, 1.0, 2.0])])),
    "true_divide": cases(Case([U((2, 3)), U((3,), 0.5, 2)])),
    "float_power": cases(Case([U((2, 3), 0.5, 2), U((3,), -1, 2)], float32=False)),  # float64
    "xlogy": cases(Case([U((2, 3)), U((3,), 0.5, 2)])),
    "xlog1py": cases(Case([U((2, 3)), U((3,), -0.5, 2)])),
})
NO_GRADIENT.update({
    **{name: "piecewise constant (zero gradient, tests/core/test_elementwise.py)"
       for name in ["floor", "ceil", "round", "rint", "trunc", "fix"]},
    "heaviside": "piecewise constant", "imag": "zero for real input",
    "angle": "piecewise constant for real input",
})

# --- cumulative and statistics (ops/cumulative.py, ops/statistics.py) ------------------------
SAMPLES.update({
    "cumsum": cases(Case([U((2, 3))]), Case([U((2, 3))], call=lambda f, x: f(x, axis=1))),
    "cumprod": cases(Case([U((2, 3), 0.5, 2)], call=lambda f, x: f(x, axis=1)),
                     Case([A([2.0, 0.0, 3.0, 0.5])], label="a zero")),
    "cumsum_tf": cases(Case([U((2, 3))]), Case([U((4,))], call=lambda f, x: f(
        x, exclusive=True, reverse=True))),
    "cumprod_tf": cases(Case([U((2, 3), 0.5, 2)], call=lambda f, x: f(x, axis=1,
                                                                       exclusive=True))),
    "reduce_prod": cases(Case([U((2, 3), 0.5, 2)], call=lambda f, x: f(x, 1, True))),
    "diff": cases(Case([U((2, 4))]), Case([U((5,))], call=lambda f, x: f(x, n=2))),
    "gradient": cases(Case([U((5,))]), Case([U((3, 4))], call=lambda f, x: f(x, axis=1)),
                      Case([U((2, 4))], call=lambda f, x: f(x, 0.5, axis=-1, edge_order=2))),
    "prod": cases(Case([U((2, 3), 0.5, 2)], call=lambda f, x: f(x, axis=1)),
                  Case([A([2.0, 0.0, 3.0])], label="one zero"),
                  Case([A([2.0, 0.0, 0.0])], label="two zeros", order=1)),
    "trace": cases(Case([U((3, 3))]), Case([U((3, 2, 2))], call=lambda f, x: f(x, axis1=1,
                                                                               axis2=2))),
    "average": cases(Case([U((2, 3)), U((3,), 0.5, 2)],
                          call=lambda f, x, w: f(x, axis=1, weights=w))),
    "ptp": cases(Case([A([[1.0, 3.0, 2.0], [0.5, -1.0, 0.0]])], call=lambda f, x: f(x, 1))),
    "amax": cases(Case([A([[1.0, 3.0, 2.0], [0.5, -1.0, 0.0]])], call=lambda f, x: f(x, 1))),
    "amin": cases(Case([A([[1.0, 3.0, 2.0], [0.5, -1.0, 0.0]])], call=lambda f, x: f(x, 0))),
    "nansum": cases(Case([U((2, 3))], call=lambda f, x: f(x, axis=0))),
    "nanmean": cases(Case([U((2, 3))], call=lambda f, x: f(x, axis=1))),
    "quantile": cases(Case([A([1.0, 4.0, 2.0, 3.5])], call=lambda f, x: f(x, 0.3))),
    "percentile": cases(Case([A([[1.0, 4.0, 2.0], [0.5, 3.0, -1.0]])],
                             call=lambda f, x: f(x, 40.0, axis=1))),
    "median": cases(Case([A([1.0, 4.0, 2.0, 3.5])]), Case([A([1.0, 4.0, 2.0])])),
    "var": cases(Case([U((2, 3))]), Case([U((4, 2))], call=lambda f, x: f(x, axis=0, ddof=1))),
    "std": cases(Case([U((2, 3))]), Case([U((2, 3))], call=lambda f, x: f(x, 1, ddof=1)),
                 Case([U((4, 2))], call=lambda f, x: f(x, axis=0, keepdims=True))),
})
NO_GRADIENT.update({"all": "a bool result", "any": "a bool result",
                    "count_nonzero": "an integer count"})

# --- sorting (ops/sorting.py) ----------------------------------------------------------------
SAMPLES.update({
    "sort": cases(Case([A([[3.0, 1.0, 2.0], [0.5, -1.0, 4.0]])]),
                  Case([A([[3.0, 1.0], [0.5, -1.0]])], call=lambda f, x: f(x, axis=0))),
    "partition": cases(Case([A([3.0, 1.0, 2.0, -1.0])], call=lambda f, x: f(x, 1))),
    "sort_tf": cases(Case([A([[3.0, 1.0, 2.0], [0.5, -1.0, 4.0]])],
                          call=lambda f, x: f(x, direction="DESCENDING"))),
})
NO_GRADIENT.update({"argsort": "integer indices", "argpartition": "integer indices",
                    "argsort_tf": "integer indices"})

# --- indexing (ops/indexing.py) --------------------------------------------------------------
SAMPLES.update({
    "take": cases(Case([U((3, 2))], call=lambda f, x: f(x, [2, 0, 2], axis=0)),
                  Case([U((3, 2))], call=lambda f, x: f(x, [5, 1]))),
    "take_along_axis": cases(Case([U((2, 3))],
                                  call=lambda f, x: f(x, np.array([[2, 0], [1, 1]]), axis=1))),
    "diagonal": cases(Case([U((3, 3))]), Case([U((2, 3, 3))],
                                              call=lambda f, x: f(x, axis1=1, axis2=2))),
    "diag": cases(Case([U((3,))]), Case([U((3, 3))], call=lambda f, x: f(x, 1))),
    "diagflat": cases(Case([U((2, 2))])),
    "tril": cases(Case([U((3, 3))])),
    "triu": cases(Case([U((3, 3))], call=lambda f, x: f(x, 1))),
    "select": cases(Case([U((3,)), U((3,))], call=lambda f, a, b: f(
        [np.array([True, False, False]), np.array([False, True, False])], [a, b], 0.5))),
    "piecewise": cases(Case([A([-1.5, 0.5, 2.0])], call=lambda f, x: f(
        x, [np.array([True, False, False]), np.array([False, True, True])],
        [lambda v: v * v, lambda v: 3 * v]))),
    "insert": cases(Case([U((3,)), U(())], call=lambda f, a, v: f(a, 1, v))),
    "delete": cases(Case([U((2, 3))], call=lambda f, a: f(a, 1, axis=1))),
})

# --- arranging (ops/arrange.py) --------------------------------------------------------------
SAMPLES.update({
    "flatten": cases(Case([U((2, 3))])),
    "rollaxis": cases(Case([U((2, 3, 4))], call=lambda f, x: f(x, 2))),
    "flip": cases(Case([U((2, 3))]), Case([U((2, 3))], call=lambda f, x: f(x, 1))),
    "flipud": cases(Case([U((2, 3))])),
    "fliplr": cases(Case([U((2, 3))])),
    "rot90": cases(Case([U((2, 3))])),
    "roll": cases(Case([U((2, 3))], call=lambda f, x: f(x, 1, axis=1)), Case([U((4,))],
                  call=lambda f, x: f(x, -1))),
    "repeat": cases(Case([U((2, 3))], call=lambda f, x: f(x, 2, axis=0))),
    "tile": cases(Case([U((2, 3))], call=lambda f, x: f(x, (2, 1)))),
    "atleast_1d": cases(Case([U(())])),
    "atleast_2d": cases(Case([U((3,))])),
    "atleast_3d": cases(Case([U((3,))])),
    "column_stack": cases(Case([U((3,)), U((3, 2))], call=lambda f, a, b: f([a, b]))),
    "dstack": cases(Case([U((2, 3)), U((2, 3))], call=lambda f, a, b: f([a, b]))),
    "append": cases(Case([U((2, 3)), U((1, 3))], call=lambda f, a, b: f(a, b, axis=0))),
    "split": cases(Case([U((4, 3))], call=lambda f, x: f(x, 2)[1])),
    "array_split": cases(Case([U((5,))], call=lambda f, x: f(x, 2)[0])),
    "hsplit": cases(Case([U((2, 4))], call=lambda f, x: f(x, 2)[1])),
    "vsplit": cases(Case([U((4, 2))], call=lambda f, x: f(x, [1])[1])),
    "dsplit": cases(Case([U((1, 2, 4))], call=lambda f, x: f(x, 2)[0])),
    "pad": cases(Case([U((2, 3))], call=lambda f, x: f(x, 1)),
                 Case([U((2, 3))], call=lambda f, x: f(x, ((1, 0), (2, 1)), mode="reflect")),
                 Case([U((3,))], call=lambda f, x: f(x, 2, mode="edge"))),
    "linspace": cases(Case([U(()), U(())], call=lambda f, a, b: f(a, b, 5))),
    "meshgrid": cases(Case([U((3,)), U((2,))], call=lambda f, a, b: f(a, b)[0] * f(a, b)[1])),
})

# --- products (ops/products.py) --------------------------------------------------------------
SAMPLES.update({
    "outer": cases(Case([U((3,)), U((2,))])),
    "ravel": cases(Case([U((2, 3))]), Case([U((2, 3))], call=lambda f, x: f(x, order="F"))),
    "kron": cases(Case([U((2, 2)), U((2, 3))])),
    "cross": cases(Case([U((3,)), U((3,))]), Case([U((2, 3)), U((3,))])),
    "einsum": cases(Case([U((2, 3)), U((3, 4))], call=lambda f, a, b: f("ij,jk->ik", a, b)),
                    Case([U((2, 3, 3))], call=lambda f, a: f("...ii->...i", a)),
                    Case([U((3,)), U((3,))], call=lambda f, a, b: f("i,i", a, b))),
})

# --- fft shifts (ops/fourier.py) -------------------------------------------------------------
SAMPLES.update({
    "fftshift": cases(Case([U((2, 5))])),
    "ifftshift": cases(Case([U((2, 5))], call=lambda f, x: f(x, axes=1))),
})

# --- np.linalg (ops/linalg.py, after matmul/transpose) ----------------------------------------
def _spd(x):
    """A symmetric positive-definite matrix (batch) made from ``x``."""
    import autograd_lite as ag
    n = x.shape[-1]
    axes = tuple(range(x.ndim - 2)) + (x.ndim - 1, x.ndim - 2)
    return ag.matmul(x, ag.transpose(x, axes)) + n * np.eye(n, dtype=x.dtype)


def _square(n=3, batch=()):
    """Well-conditioned square matrices: a dominant diagonal plus noise."""
    return U(batch + (n, n), -0.5, 0.5)


def _eye(n, like):
    return np.eye(n, dtype=like.dtype)  # float32 stays float32


def _dominant(f, x, *rest, **options):
    return f(x + 3 * _eye(x.shape[-1], x), *rest, **options)


SAMPLES.update({
    "inv": cases(Case([_square()], call=_dominant), Case([_square(2, (2,))], call=_dominant)),
    "pinv": cases(Case([U((4, 2))]), Case([U((2, 2, 3))])),
    "solve": cases(Case([_square(), U((3, 2))], call=_dominant),
                   Case([_square(3, (2,)), U((3,))], call=_dominant)),
    "det": cases(Case([_square()], call=_dominant), Case([_square(2, (2,))], call=_dominant)),
    "slogdet_pair": cases(Case([_square(3, (2,))], call=_dominant)),
    "slogdet": cases(Case([_square(3, (2,))], call=lambda f, x: _dominant(f, x)[1])),
    "cholesky": cases(Case([U((3, 3))], call=lambda f, x: f(_spd(x))),
                      Case([U((2, 3, 3))], call=lambda f, x: f(_spd(x), upper=True))),
    "eigh_factors": cases(Case([U((3, 3))], call=lambda f, x: f(_spd(x)) ** 2)),
    "eigh": cases(Case([U((2, 3, 3))], call=lambda f, x: f(_spd(x))[0]),
                  Case([U((3, 3))], call=lambda f, x: f(_spd(x), UPLO="U")[1] ** 2)),
    "eigvalsh": cases(Case([U((3, 3))], call=lambda f, x: f(_spd(x)))),
    "svd_factors": cases(Case([U((3, 2))], call=lambda f, x: f(x) ** 2)),
    "svd": cases(Case([U((3, 2))], call=lambda f, x: f(x, full_matrices=False)[0] ** 2),
                 Case([U((2, 2, 3))], call=lambda f, x: f(x, compute_uv=False)),
                 Case([U((3, 3))], call=lambda f, x: f(x)[2] ** 2)),
    "svd_tf": cases(Case([U((3, 2))], call=lambda f, x: f(x)[0])),
    "svdvals": cases(Case([U((2, 3, 2))])),
    "qr_factors": cases(Case([U((3, 2))])),
    "qr": cases(Case([U((3, 2))], call=lambda f, x: f(x)[0]),
                Case([U((2, 2, 3))], call=lambda f, x: f(x)[1])),
    "qr_tf": cases(Case([U((3, 3))], call=lambda f, x: f(x)[1])),
    "norm": cases(Case([U((2, 3))]), Case([U((3, 2))], call=lambda f, x: f(x, axis=1)),
                  Case([U((3, 4))], call=lambda f, x: f(x, ord=3, axis=0, keepdims=True)),
                  Case([U((2, 3, 2))], call=lambda f, x: f(x, ord="nuc", axis=(1, 2))),
                  Case([A([[1.0, -2.0, 0.5], [3.0, 0.2, -1.0]])], call=lambda f, x: f(x, 1))),
    "vector_norm": cases(Case([U((2, 3))], call=lambda f, x: f(x, axis=(0, 1), ord=3))),
    "matrix_norm": cases(Case([U((2, 3, 2))], call=lambda f, x: f(x, ord=2))),
    "norm_tf": cases(Case([U((2, 3))]), Case([U((2, 3))], call=lambda f, x: f(x, ord=3, axis=1))),
    "matrix_power": cases(Case([_square()], call=lambda f, x: f(x, 3)),
                          Case([_square(2, (2,))], call=lambda f, x: _dominant(f, x, -2))),
    "multi_dot": cases(Case([U((3,)), U((3, 2)), U((2, 4))], call=lambda f, *xs: f(list(xs)))),
    "lstsq": cases(Case([U((4, 2)), U((4,))], call=lambda f, a, b: f(a, b)[0]),
                   Case([U((4, 2)), U((4, 3))], call=lambda f, a, b: f(a, b)[1])),
    "cond": cases(Case([_square(3, (2,))], call=_dominant),
                  Case([_square()], call=lambda f, x: _dominant(f, x, "fro"))),
    "tensorinv": cases(Case([U((4, 2, 2), -0.5, 0.5)],
                            call=lambda f, x: f(x + 3 * _eye(4, x).reshape(4, 2, 2), ind=1))),
    "tensorsolve": cases(Case([U((6, 2, 3), -0.5, 0.5), U((6,))],
                              call=lambda f, a, b: f(a + 3 * _eye(6, a).reshape(6, 2, 3), b))),
    "solve_tf": cases(Case([_square(), U((3, 2))],
                           call=lambda f, a, b: _dominant(f, a, b, adjoint=True))),
    "pinv_tf": cases(Case([U((4, 2))])),
    "inv_tf": cases(Case([_square(3, (2,))], call=lambda f, x: _dominant(f, x, adjoint=True))),
    "logdet": cases(Case([U((2, 3, 3))], call=lambda f, x: f(_spd(x)))),
})
# --- scipy.special (ops/special.py, ops/incomplete.py) ----------------------------------------
_POSITIVE, _PROBABILITY = U((2, 3), 0.5, 3.0), U((2, 3), 0.1, 0.9)
SAMPLES.update({
    **{name: cases(Case([_POSITIVE])) for name in [
        "gammaln", "digamma", "gamma", "rgamma", "j0", "j1", "y0", "y1"]},
    **{name: cases(Case([U((2, 3))])) for name in [
        "special_erf", "erfc", "ndtr", "log_ndtr", "expit", "log_expit", "i0", "i1"]},
    **{name: cases(Case([_PROBABILITY])) for name in ["erfinv", "ndtri", "logit"]},
    "erfcinv": cases(Case([U((2, 3), 0.2, 1.8)])),
    "polygamma": cases(Case([_POSITIVE], call=lambda f, x: f(2, x))),
    "beta": cases(Case([_POSITIVE, U((3,), 0.5, 3.0)])),
    "betaln": cases(Case([_POSITIVE, U((), 0.5, 3.0)])),
    "multigammaln": cases(Case([U((3,), 2.0, 4.0)], call=lambda f, x: f(x, 3))),
    "iv": cases(Case([_POSITIVE], call=lambda f, x: f(1.5, x))),
    "ive": cases(Case([_POSITIVE], call=lambda f, x: f(0.5, x))),
    "jn": cases(Case([_POSITIVE], call=lambda f, x: f(2, x))),
    "yn": cases(Case([_POSITIVE], call=lambda f, x: f(1, x))),
    "special_logsumexp": cases(Case([U((2, 3)), _PROBABILITY],
                                    call=lambda f, a, b: f(a, axis=1, b=b)),
                               Case([U((2, 3)), U((2, 3), -1.0, -0.2)],
                                    call=lambda f, a, b: f(a, b=b, return_sign=True)[0])),
    "special_softmax": cases(Case([U((2, 3))]), Case([U((2, 3))], call=lambda f, x: f(x, 0))),
    "special_log_softmax": cases(Case([U((2, 3))])),
    "gammainc": cases(Case([U((2, 3), 0.5, 4.0), U((2, 3), 0.2, 5.0)])),
    "gammaincc": cases(Case([U((3,), 0.5, 4.0), U((2, 3), 0.2, 5.0)])),
    # the shape-parameter derivatives differentiate once more (betainc's second derivative);
    # their own second derivative would be betainc's third, which raises NotImplementedError
    "gammainc_derivative": cases(Case([U((3,), 0.5, 4.0), U((3,), 0.2, 5.0)], order=1)),
    "betainc": cases(Case([U((3,), 0.5, 4.0), U((3,), 0.5, 4.0), U((3,), 0.05, 0.95)])),
    "betainc_derivative": cases(
        Case([U((3,), 0.5, 4.0), U((3,), 0.5, 4.0), U((3,), 0.05, 0.95)], order=1),
        Case([U((3,), 0.5, 4.0), U((3,), 0.5, 4.0), U((3,), 0.05, 0.95)], order=1,
             call=lambda f, a, b, x: f(a, b, x, wrt="b"))),
    "stdtr": cases(Case([U((3,), 0.8, 10.0), U((3,), -3.0, 3.0)])),
})
NO_GRADIENT.update({"gammasgn": "piecewise constant (±1)"})
# --- scipy.stats (ops/distributions.py) ---------------------------------------------------------
_X, _LOC, _SCALE = U((3,), 0.2, 0.8), U((3,), -0.1, 0.1), U((3,), 0.8, 1.5)
_SHAPE = U((3,), 0.7, 4.0)


def _located(f, x, loc, scale, *shapes):
    """The distribution ``f`` at ``x`` moved by ``loc`` and ``scale`` (so that ``x`` lies in
    its support whatever they are)."""
    return f(x * scale + loc, *shapes, loc=loc, scale=scale)


SAMPLES.update({
    **{f"norm_{fn}": cases(Case([_X, _LOC, _SCALE], call=_located))
       for fn in ["pdf", "logpdf", "cdf", "logcdf", "sf", "logsf"]},
    "norm_ppf": cases(Case([_X, _LOC, _SCALE], call=lambda f, q, loc, s: f(q, loc, s))),
    **{f"t_{fn}": cases(Case([_X, _LOC, _SCALE, U((3,), 1.5, 8.0)], call=_located))
       for fn in ["pdf", "logpdf", "cdf", "logcdf"]},
    **{f"{family}_{fn}": cases(Case([_X, _LOC, _SCALE, _SHAPE], call=_located))
       for family in ["gamma", "chi2"] for fn in ["pdf", "logpdf", "cdf", "logcdf"]},
    **{f"beta_{fn}": cases(Case([_X, _LOC, _SCALE, _SHAPE, _SHAPE], call=_located))
       for fn in ["pdf", "logpdf", "cdf", "logcdf"]},
    **{f"poisson_{fn}": cases(Case([U((3,), 0.5, 4.0)], call=lambda f, mu: f([0, 2, 5], mu)))
       for fn in ["pmf", "logpmf", "cdf", "logcdf"]},
    **{f"multivariate_normal_{fn}": cases(Case([U((4, 3)), U((3,)), U((3, 3))],
                                               call=lambda f, x, m, c: f(x, m, _spd(c))))
       for fn in ["pdf", "logpdf"]},
    "multivariate_normal_entropy": cases(Case([U((3, 3))],  # independent of the mean
                                              call=lambda f, c: f(np.zeros(3), _spd(c)))),
    **{f"dirichlet_{fn}": cases(Case([U((3, 2), 0.2, 1.0), U((3,), 0.7, 4.0)],
                                     call=lambda f, p, a: f(p / p.sum(axis=0), a)))
       for fn in ["pdf", "logpdf"]},
})
# --- scipy.linalg and scipy.signal (ops/matrix_functions.py, ops/convolution.py) ---------------
SAMPLES.update({
    "solve_triangular": cases(Case([_square(), U((3, 2))],
                                   call=lambda f, a, b: _dominant(f, a, b, lower=True)),
                              Case([_square(), U((3,))],
                                   call=lambda f, a, b: _dominant(f, a, b, trans="T"))),
    "triangular_solve_tf": cases(Case([_square(3, (2,)), U((2, 3, 2))],
                                      call=lambda f, a, b: _dominant(f, a, b, adjoint=True))),
    "cholesky_solve_tf": cases(Case([U((3, 3)), U((3, 2))],
                                    call=lambda f, c, b: f(_spd(c), b))),
    "cho_factor": cases(Case([U((3, 3))], call=lambda f, x: f(_spd(x))[0])),
    "cho_solve": cases(Case([U((3, 3)), U((3, 2))],
                            call=lambda f, c, b: f((_spd(c), True), b))),
    "solve_sylvester": cases(Case([_square(), _square(2), U((3, 2))],
                                  call=lambda f, a, b, q: f(a + 3 * _eye(3, a), b + 3 * _eye(2, b),
                                                            q))),
    "sqrtm": cases(Case([U((3, 3))], call=lambda f, x: f(_spd(x)))),
    # the band of a diagonally dominant matrix (a 3 on the main diagonal, row 1 of ab)
    "solve_banded": cases(
        Case([U((3, 5)), U((5,))],
             call=lambda f, ab, b: f((1, 1), ab + np.array([[0], [3], [0]], ab.dtype), b)),
        Case([U((2, 4)), U((4, 2))],
             call=lambda f, ab, b: f((0, 1), ab + np.array([[0], [3]], ab.dtype), b))),
    "expm": cases(Case([U((3, 3), -0.5, 0.5)]), Case([U((2, 2, 2), -0.5, 0.5)])),
    "convolve": cases(Case([U((5,)), U((3,))]),
                      Case([U((4, 3)), U((2, 2))], call=lambda f, a, b: f(a, b, mode="same")),
                      Case([U((4, 3)), U((2, 2))], call=lambda f, a, b: f(a, b, mode="valid"))),
})
