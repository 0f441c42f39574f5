"""Elementwise math beyond arithmetic: trigonometric, hyperbolic, logs and exponents, rounding,
two-input functions (arctan2, hypot, logaddexp, ...) and SciPy's xlogy / xlog1py.

Each op is its NumPy forward with one vector-Jacobian product per input beside it; ``upstream``
is the gradient arriving from the output, ``out`` the output. Broadcast inputs are summed back
by the tape. Rounding ops have no VJP (their gradient is ``None``, as TF's Floor, Ceil, Round
and Rint); ``sign``'s is zeros. Complex input is refused with a TypeError naming the op.
"""
from __future__ import annotations

import math

import numpy as np

from ..primitive import composite, op, piecewise, value_of
from .arithmetic import cos, divide, exp, log, sqrt, square, where

_LN2 = math.log(2.0)
_LN10 = math.log(10.0)


def _mask(condition, like) -> np.ndarray:
    """A 0/1 factor of a VJP in the dtype of ``like`` (its derivative is zero)."""
    dtype = np.result_type(value_of(like), np.float32)
    return piecewise(np.asarray(condition).astype(dtype))


def _real_only(x, name: str) -> np.ndarray:
    x = np.asarray(x)
    if x.dtype.kind == "c":
        raise TypeError(f"{name}: complex input is not supported yet (got dtype {x.dtype}); "
                        f"pass real arrays")
    return x


# --- trigonometric and hyperbolic ------------------------------------------------------------
@op(vjp=lambda upstream, out, x: upstream * (1 + square(out)), local="1 + tan²(x)",
    numpy=np.tan, tf="math.tan", elementwise=True)
def tan(x):
    """Tangent.

    >>> ag.tan([0.0]).numpy()
    array([0.], dtype=float32)
    """
    return np.tan(x)


@op(vjp=lambda upstream, out, x: upstream / sqrt(1 - square(x)), local="1/√(1-x²)",
    numpy=np.arcsin, anp="asin", tf="math.asin", elementwise=True)
def arcsin(x):
    """Inverse sine on [-1, 1]; its gradient is infinite at ±1.

    >>> ag.arcsin([0.0]).numpy()
    array([0.], dtype=float32)
    """
    return np.arcsin(x)


@op(vjp=lambda upstream, out, x: -upstream / sqrt(1 - square(x)), local="-1/√(1-x²)",
    numpy=np.arccos, anp="acos", tf="math.acos", elementwise=True)
def arccos(x):
    """Inverse cosine on [-1, 1]; its gradient is infinite at ±1.

    >>> ag.arccos([1.0]).numpy()
    array([0.], dtype=float32)
    """
    return np.arccos(x)


@op(vjp=lambda upstream, out, x: upstream / (1 + square(x)), local="1/(1+x²)",
    numpy=np.arctan, anp="atan", tf="math.atan", elementwise=True)
def arctan(x):
    """Inverse tangent.

    >>> ag.arctan([0.0]).numpy()
    array([0.], dtype=float32)
    """
    return np.arctan(x)


@op(vjp=lambda upstream, out, x: upstream * cosh(x), local="cosh(x)",
    numpy=np.sinh, tf="math.sinh", elementwise=True)
def sinh(x):
    """Hyperbolic sine.

    >>> ag.sinh([0.0]).numpy()
    array([0.], dtype=float32)
    """
    return np.sinh(x)


@op(vjp=lambda upstream, out, x: upstream * sinh(x), local="sinh(x)",
    numpy=np.cosh, tf="math.cosh", elementwise=True)
def cosh(x):
    """Hyperbolic cosine.

    >>> ag.cosh([0.0]).numpy()
    array([1.], dtype=float32)
    """
    return np.cosh(x)


@op(vjp=lambda upstream, out, x: upstream / sqrt(square(x) + 1), local="1/√(x²+1)",
    numpy=np.arcsinh, anp="asinh", tf="math.asinh", elementwise=True)
def arcsinh(x):
    """Inverse hyperbolic sine.

    >>> ag.arcsinh([0.0]).numpy()
    array([0.], dtype=float32)
    """
    return np.arcsinh(x)


@op(vjp=lambda upstream, out, x: upstream / sqrt(square(x) - 1), local="1/√(x²-1)",
    numpy=np.arccosh, anp="acosh", tf="math.acosh", elementwise=True)
def arccosh(x):
    """Inverse hyperbolic cosine on [1, ∞); its gradient is infinite at 1.

    >>> ag.arccosh([1.0]).numpy()
    array([0.], dtype=float32)
    """
    return np.arccosh(x)


@op(vjp=lambda upstream, out, x: upstream / (1 - square(x)), local="1/(1-x²)",
    numpy=np.arctanh, anp="atanh", tf="math.atanh", elementwise=True)
def arctanh(x):
    """Inverse hyperbolic tangent on (-1, 1).

    >>> ag.arctanh([0.0]).numpy()
    array([0.], dtype=float32)
    """
    return np.arctanh(x)


def _sinc_vjp(upstream, out, x):
    # d/dx sin(πx)/(πx) = (cos(πx) - sinc(x)) / x, whose limit at 0 is 0.
    at_zero = value_of(x) == 0
    safe = where(at_zero, 1, x)
    return upstream * where(at_zero, 0, (cos(math.pi * safe) - sinc(safe)) / safe)


@op(vjp=_sinc_vjp, local="(cos(πx) - sinc(x))/x", numpy=np.sinc, elementwise=True)
def sinc(x):
    """The normalised sinc ``sin(πx)/(πx)``, 1 at 0 (its gradient there is 0).

    >>> ag.sinc([0.0, 0.5]).numpy().round(4)
    array([1.    , 0.6366], dtype=float32)
    """
    return np.sinc(x)


@op(vjp=lambda upstream, out, x: upstream * (math.pi / 180), local="π/180",
    numpy=(np.deg2rad, np.radians), anp="radians", elementwise=True)
def deg2rad(x):
    """Degrees to radians (also ``anp.radians``).

    >>> ag.deg2rad([180.0]).numpy()
    array([3.1415927], dtype=float32)
    """
    return np.deg2rad(x)


@op(vjp=lambda upstream, out, x: upstream * (180 / math.pi), local="180/π",
    numpy=(np.rad2deg, np.degrees), anp="degrees", elementwise=True)
def rad2deg(x):
    """Radians to degrees (also ``anp.degrees``).

    >>> ag.rad2deg([math.pi]).numpy()
    array([180.], dtype=float32)
    """
    return np.rad2deg(x)


# --- exponents and logarithms ------------------------------------------------------------------
@op(vjp=lambda upstream, out, x: upstream * out * _LN2, local="2^x·ln 2",
    numpy=np.exp2, elementwise=True)
def exp2(x):
    """``2 ** x``.

    >>> ag.exp2([3.0]).numpy()
    array([8.], dtype=float32)
    """
    return np.exp2(x)


@op(vjp=lambda upstream, out, x: upstream * (out + 1), local="exp(x)",
    numpy=np.expm1, tf="math.expm1", elementwise=True)
def expm1(x):
    """``exp(x) - 1``, accurate for small ``x``.

    >>> float(ag.expm1(ag.constant(1e-10, "float64")))  # exp(x) - 1: 1.0000000827e-10
    1.00000000005e-10
    """
    return np.expm1(x)


@op(vjp=lambda upstream, out, x: upstream / (x * _LN2), local="1/(x·ln 2)",
    numpy=np.log2, elementwise=True)
def log2(x):
    """Base-2 logarithm.

    >>> ag.log2([8.0]).numpy()
    array([3.], dtype=float32)
    """
    return np.log2(x)


@op(vjp=lambda upstream, out, x: upstream / (x * _LN10), local="1/(x·ln 10)",
    numpy=np.log10, elementwise=True)
def log10(x):
    """Base-10 logarithm.

    >>> ag.log10([100.0]).numpy()
    array([2.], dtype=float32)
    """
    return np.log10(x)


@op(vjp=lambda upstream, out, x: upstream / (1 + x), local="1/(1+x)",
    numpy=np.log1p, tf="math.log1p", elementwise=True)
def log1p(x):
    """``log(1 + x)``, accurate for small ``x``.

    >>> float(ag.log1p(ag.constant(1e-10, "float64")))  # log(1 + x): 1.0000000827e-10
    9.999999999500001e-11
    """
    return np.log1p(x)


@op(vjp=lambda upstream, out, x: -upstream * square(out), local="-1/x²",
    numpy=np.reciprocal, tf="math.reciprocal", elementwise=True)
def reciprocal(x):
    """``1 / x``.

    >>> ag.reciprocal([4.0]).numpy()
    array([0.25], dtype=float32)
    """
    x = np.asarray(x)
    if x.dtype.kind in "iub":  # NumPy's integer reciprocal truncates (1/2 -> 0)
        raise TypeError(f"reciprocal: integer input (dtype {x.dtype}) would be truncated; "
                        f"pass floats")
    return np.reciprocal(x)


@op(vjp=lambda upstream, out, x: upstream / (3 * square(out)), local="1/(3·∛x²)",
    numpy=np.cbrt, elementwise=True)
def cbrt(x):
    """Cube root (real, also of negative numbers); its gradient is infinite at 0.

    >>> ag.cbrt([-8.0, 27.0]).numpy()
    array([-2.,  3.], dtype=float32)
    """
    return np.cbrt(x)


@op(vjp=lambda upstream, out, x: upstream * sign(x), local="sign(x)",
    numpy=np.fabs, elementwise=True)
def fabs(x):
    """``|x|`` of real numbers (NumPy's fabs); its gradient is sign(x), 0 at 0.

    >>> ag.fabs([-2.0, 3.0]).numpy()
    array([2., 3.], dtype=float32)
    """
    return np.fabs(_real_only(x, "fabs"))


# --- rounding: piecewise constant, no gradient (None, as TF's Floor, Ceil, Round, Rint) ---------
@op(numpy=np.floor, tf="math.floor", elementwise=True)
def floor(x):
    """The largest integer not above ``x``; not differentiable (gradient ``None``).

    >>> ag.floor([-1.5, 1.5]).numpy()
    array([-2.,  1.], dtype=float32)
    """
    return np.floor(x)


@op(numpy=np.ceil, tf="math.ceil", elementwise=True)
def ceil(x):
    """The smallest integer not below ``x``; not differentiable (gradient ``None``).

    >>> ag.ceil([-1.5, 1.5]).numpy()
    array([-1.,  2.], dtype=float32)
    """
    return np.ceil(x)


@op(numpy=(np.round, np.around), anp="around", tf="math.round", elementwise=True)
def round(a, decimals=0):
    """``x`` rounded to ``decimals`` places, halves to even (NumPy's and TF's rule); not
    differentiable (gradient ``None``).

    >>> ag.round([0.5, 1.5, 2.25], 1).numpy()
    array([0.5, 1.5, 2.2], dtype=float32)
    """
    return np.round(a, decimals)


@op(numpy=np.rint, tf="math.rint", elementwise=True)
def rint(x):
    """``x`` rounded to the nearest integer, halves to even; not differentiable.

    >>> ag.rint([0.5, 1.5]).numpy()
    array([0., 2.], dtype=float32)
    """
    return np.rint(x)


@op(numpy=np.trunc, elementwise=True)
def trunc(x):
    """``x`` rounded toward zero; not differentiable (gradient ``None``).

    >>> ag.trunc([-1.7, 1.7]).numpy()
    array([-1.,  1.], dtype=float32)
    """
    return np.trunc(x)


@op(numpy=np.fix, elementwise=True)
def fix(x):
    """``x`` rounded toward zero (NumPy's fix, as trunc); not differentiable.

    >>> ag.fix([-1.7, 1.7]).numpy()
    array([-1.,  1.], dtype=float32)
    """
    return np.fix(x)


# --- parts of real numbers ---------------------------------------------------------------------
@op(vjp=lambda upstream, out, x: upstream, local="1", numpy=np.real, tf="math.real",
    elementwise=True)
def real(val):
    """The real part: ``x`` itself for real input (complex input is a TypeError).

    >>> ag.real([1.5]).numpy()
    array([1.5], dtype=float32)
    """
    return _real_only(val, "real").copy()


@composite(numpy=np.real_if_close, elementwise=True, public=False)
def real_if_close(a, tol=100):
    """NumPy's ``real_if_close``: real input is returned as it is (complex input is a
    TypeError), so its gradient is the upstream one.

    >>> real_if_close([1.5, -2.0]).numpy()
    array([ 1.5, -2. ], dtype=float32)
    """
    return real(a)


@op(numpy=np.imag, tf="math.imag", elementwise=True)
def imag(val):
    """The imaginary part: zeros for real input, which no gradient follows (as TF).

    >>> ag.imag([1.5]).numpy()
    array([0.], dtype=float32)
    """
    return np.zeros_like(_real_only(val, "imag"))


@op(vjp=lambda upstream, out, x: upstream, local="1", numpy=np.conjugate,
    anp="conjugate", tf="math.conj", elementwise=True)
def conj(x):
    """The complex conjugate: ``x`` itself for real input.

    >>> ag.conj([1.5]).numpy()
    array([1.5], dtype=float32)
    """
    return _real_only(x, "conj").copy()


@op(numpy=np.angle, tf="math.angle", elementwise=True)
def angle(z, deg=False):
    """The argument: 0 for x >= 0, π (180 with ``deg``) for x < 0; no gradient (as TF).

    >>> ag.angle([2.0, -2.0]).numpy()
    array([0.       , 3.1415927], dtype=float32)
    """
    x = _real_only(z, "angle")
    dtype = x.dtype if x.dtype.kind == "f" else np.float64
    return np.where(x < 0, 180.0 if deg else math.pi, 0.0).astype(dtype)


@op(vjp=lambda upstream, out, x, **params: upstream * _mask(np.isfinite(value_of(x)), out),
    local="[x finite]", numpy=np.nan_to_num, elementwise=True)
def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """``x`` with NaN replaced by ``nan`` and infinities by ``posinf``/``neginf`` (default: the
    largest finite numbers); the gradient passes where ``x`` is finite, else it is 0.

    >>> ag.nan_to_num([1.0, np.nan, np.inf], posinf=9.0).numpy()
    array([1., 0., 9.], dtype=float32)
    """
    return np.nan_to_num(_real_only(x, "nan_to_num"), copy=True, nan=nan, posinf=posinf,
                         neginf=neginf)


# --- two inputs ---------------------------------------------------------------------------------
def _first_wins(x1, x2, larger: bool) -> np.ndarray:
    """Where fmax (``larger``) or fmin takes ``x1``: it wins ties, and NaN loses to a number."""
    a, b = value_of(x1), value_of(x2)
    wins = np.greater_equal(a, b) if larger else np.less_equal(a, b)
    return wins | np.isnan(b)


@op(vjp=(lambda upstream, out, x1, x2: upstream * _mask(_first_wins(x1, x2, True), out),
         lambda upstream, out, x1, x2: upstream * _mask(~_first_wins(x1, x2, True), out)),
    local=("[x1>=x2 or x2 NaN]", "[x1<x2 or x1 NaN]"), numpy=np.fmax, elementwise=True)
def fmax(x1, x2):
    """Elementwise larger, ignoring NaN (NaN only where both are); a tie's gradient goes to
    ``x1``, as for ``maximum``.

    >>> ag.fmax([1.0, np.nan], [2.0, 0.0]).numpy()
    array([2., 0.], dtype=float32)
    """
    return np.fmax(x1, x2)


@op(vjp=(lambda upstream, out, x1, x2: upstream * _mask(_first_wins(x1, x2, False), out),
         lambda upstream, out, x1, x2: upstream * _mask(~_first_wins(x1, x2, False), out)),
    local=("[x1<=x2 or x2 NaN]", "[x1>x2 or x1 NaN]"), numpy=np.fmin, elementwise=True)
def fmin(x1, x2):
    """Elementwise smaller, ignoring NaN; a tie's gradient goes to ``x1``.

    >>> ag.fmin([1.0, np.nan], [2.0, 0.0]).numpy()
    array([1., 0.], dtype=float32)
    """
    return np.fmin(x1, x2)


@op(vjp=(lambda upstream, out, x1, x2: upstream * exp(x1 - out),
         lambda upstream, out, x1, x2: upstream * exp(x2 - out)),
    local=("e^x1/(e^x1+e^x2)", "e^x2/(e^x1+e^x2)"), numpy=np.logaddexp, elementwise=True)
def logaddexp(x1, x2):
    """``log(exp(x1) + exp(x2))``, computed stably.

    >>> ag.logaddexp([1000.0], [1000.0]).numpy()
    array([1000.6932], dtype=float32)
    """
    return np.logaddexp(x1, x2)


@op(vjp=(lambda upstream, out, x1, x2: upstream * exp2(x1 - out),
         lambda upstream, out, x1, x2: upstream * exp2(x2 - out)),
    local=("2^x1/(2^x1+2^x2)", "2^x2/(2^x1+2^x2)"), numpy=np.logaddexp2, elementwise=True)
def logaddexp2(x1, x2):
    """``log2(2**x1 + 2**x2)``, computed stably.

    >>> ag.logaddexp2([3.0], [3.0]).numpy()
    array([4.], dtype=float32)
    """
    return np.logaddexp2(x1, x2)


@op(vjp=(lambda upstream, out, x1, x2: upstream * x2 / (square(x1) + square(x2)),
         lambda upstream, out, x1, x2: -upstream * x1 / (square(x1) + square(x2))),
    local=("x2/(x1²+x2²)", "-x1/(x1²+x2²)"), numpy=np.arctan2, anp="atan2",
    tf="math.atan2", elementwise=True)
def arctan2(x1, x2):
    """The angle of the point ``(x2, x1)``: ``arctan(x1 / x2)`` in the right quadrant.

    >>> ag.arctan2([1.0], [-1.0]).numpy()
    array([2.3561945], dtype=float32)
    """
    return np.arctan2(x1, x2)


@op(vjp=(lambda upstream, out, x1, x2: upstream * x1 / out,
         lambda upstream, out, x1, x2: upstream * x2 / out),
    local=("x1/hypot", "x2/hypot"), numpy=np.hypot, elementwise=True)
def hypot(x1, x2):
    """``sqrt(x1² + x2²)`` without overflow.

    >>> ag.hypot([3.0], [4.0]).numpy()
    array([5.], dtype=float32)
    """
    return np.hypot(x1, x2)


def _copysign_vjp(upstream, out, x1, x2):
    a, b = value_of(x1), value_of(x2)
    return upstream * _mask(np.sign(a) * np.where(np.signbit(b), -1, 1), out)


@op(vjp=(_copysign_vjp, lambda upstream, out, x1, x2: np.zeros(np.shape(x2), out.dtype)),
    local=("sign(x1)·sign(x2)", "0"), numpy=np.copysign, elementwise=True)
def copysign(x1, x2):
    """``|x1|`` with the sign of ``x2``; the gradient in ``x1`` is ±1 (0 at x1 = 0), in
    ``x2`` zeros.

    >>> ag.copysign([2.0, 2.0], [-1.0, 1.0]).numpy()
    array([-2.,  2.], dtype=float32)
    """
    return np.copysign(x1, x2)


@op(vjp=(None, lambda upstream, out, x1, x2: upstream * _mask(value_of(x1) == 0, out)),
    local=("", "[x1 = 0]"), numpy=np.heaviside, elementwise=True)
def heaviside(x1, x2):
    """The step: 0 for x1 < 0, 1 for x1 > 0 and ``x2`` at x1 = 0. No gradient in ``x1`` (a
    comparison); in ``x2`` 1 where x1 = 0, else 0.

    >>> ag.heaviside([-1.0, 0.0, 2.0], 0.5).numpy()
    array([0. , 0.5, 1. ], dtype=float32)
    """
    return np.heaviside(x1, x2)


@composite(tf=("math.truediv", "truediv"), elementwise=True)
def true_divide(x1, x2):
    """``x1 / x2`` (NumPy's other name for ``divide``).

    >>> ag.true_divide([1.0], [4.0]).numpy()
    array([0.25], dtype=float32)
    """
    return divide(x1, x2)


def _float_power_exponent(upstream, out, x1, x2):
    # log x1 is taken only where x1 > 0: the exponent's gradient is 0 at x1 <= 0, never NaN.
    return upstream * out * log(where(value_of(x1) > 0, x1, 1))


@op(vjp=(lambda upstream, out, x1, x2: upstream * x2 * float_power(x1, x2 - 1),
         _float_power_exponent),
    local=("x2·x1^(x2-1)", "x1^x2·log(x1)"), numpy=np.float_power, elementwise=True)
def float_power(x1, x2):
    """``x1 ** x2`` computed in float64 whatever the inputs (gradients come back in each
    input's dtype); d/dx2 is 0 where x1 <= 0.

    >>> ag.float_power([2.0], 3).numpy()
    array([8.])
    """
    return np.float_power(x1, x2)


def _nonzero(x, like) -> np.ndarray:
    return _mask(value_of(x) != 0, like)


def _safe_denominator(x, y):
    """``y``, with 1 where ``x`` is 0 (so that x / y is 0 there, not NaN)."""
    return where(value_of(x) == 0, 1, y)


@op(vjp=(lambda upstream, out, x, y: upstream * xlogy(_nonzero(x, out), y),
         lambda upstream, out, x, y: upstream * divide(x, _safe_denominator(x, y))),
    local=("log(y) where x≠0", "x/y where x≠0"), scipy="special.xlogy",
    tf="math.xlogy", elementwise=True)
def xlogy(x, y):
    """``x·log(y)``, 0 where x = 0 (even at y = 0); SciPy's ``special.xlogy``. Gradients as
    TF's: ``log(y)`` and ``x/y``, both 0 where x = 0.

    >>> ag.xlogy([0.0, 2.0], [0.0, 1.0]).numpy()
    array([0., 0.], dtype=float32)
    """
    x, y = np.asarray(x), np.asarray(y)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, np.zeros_like(x * y), x * np.log(np.where(x == 0, 1, y)))


@op(vjp=(lambda upstream, out, x, y: upstream * xlog1py(_nonzero(x, out), y),
         lambda upstream, out, x, y: upstream * divide(x, _safe_denominator(x, 1 + y))),
    local=("log(1+y) where x≠0", "x/(1+y) where x≠0"), scipy="special.xlog1py",
    tf="math.xlog1py", elementwise=True)
def xlog1py(x, y):
    """``x·log1p(y)``, 0 where x = 0 (even at y = -1); SciPy's ``special.xlog1py``.

    >>> ag.xlog1py([0.0, 2.0], [-1.0, 0.0]).numpy()
    array([0., 0.], dtype=float32)
    """
    x, y = np.asarray(x), np.asarray(y)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, np.zeros_like(x * y), x * np.log1p(np.where(x == 0, 0, y)))


from .arithmetic import sign  # noqa: E402

__all__ = [
    "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "arcsinh", "arccosh", "arctanh",
    "sinc", "deg2rad", "rad2deg", "exp2", "expm1", "log2", "log10", "log1p", "reciprocal",
    "cbrt", "fabs", "floor", "ceil", "round", "rint", "trunc", "fix", "real", "imag", "conj",
    "angle", "nan_to_num", "fmax", "fmin", "logaddexp", "logaddexp2", "arctan2", "hypot",
    "copysign", "heaviside", "true_divide", "float_power", "xlogy", "xlog1py",
]
