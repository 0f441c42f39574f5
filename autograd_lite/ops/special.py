"""Special functions (``autograd_lite.scipy.special``): SciPy's forwards, each with its
derivative beside it, written with these same ops so that higher derivatives come free.

SciPy is imported on first use (the core needs NumPy alone). Orders and other integer-like
arguments (``polygamma``'s ``n``, ``iv``'s ``v``) take no gradient. The incomplete gamma and
beta functions are in ``incomplete.py``.
"""
from __future__ import annotations

import importlib
import math
from typing import Any

import numpy as np

from ..primitive import composite, op, piecewise, value_of

_SQRT_PI = math.sqrt(math.pi)
_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


def scipy_module(name: str) -> Any:
    """``scipy.<name>``, imported on first use, or an ImportError that says how to get SciPy.

    >>> scipy_module("special").__name__
    'scipy.special'
    """
    try:
        return importlib.import_module(f"scipy.{name}")
    except ImportError:
        raise ImportError(f"scipy.{name} is needed here and SciPy is not installed: pip install "
                          "'autograd_lite[scipy]' (or pip install scipy)") from None


def scipy_special() -> Any:
    return scipy_module("special")


# --- gamma and beta -----------------------------------------------------------------------
@op(vjp=lambda upstream, out, x: upstream * digamma(x), local="ψ(x)",
    scipy="special.gammaln", tf="math.lgamma", elementwise=True, public=False)
def gammaln(x):
    """``log|Γ(x)|``, as ``scipy.special.gammaln``.

    >>> gammaln([1.0, 4.0]).numpy()
    array([0.       , 1.7917595], dtype=float32)
    """
    return scipy_special().gammaln(x)


@op(vjp=lambda upstream, out, x: upstream * polygamma(1, x), local="ψ₁(x)",
    scipy=("special.digamma", "special.psi"), tf="math.digamma", elementwise=True,
    public=False)
def digamma(x):
    """``ψ(x) = d/dx log Γ(x)``, as ``scipy.special.digamma`` (also ``psi``).

    >>> round(float(digamma(1.0)), 6)  # -γ, Euler's constant
    -0.577216
    """
    return scipy_special().digamma(x)


@op(vjp=(None, lambda upstream, out, n, x: upstream * polygamma(n + 1, x)), local=("", "ψₙ₊₁(x)"),
    scipy="special.polygamma", tf="math.polygamma", elementwise=True, public=False)
def polygamma(n, x):
    """The ``n``-th derivative of ``ψ`` (``n`` a non-negative integer, no gradient), as
    ``scipy.special.polygamma``.

    >>> round(float(polygamma(1, 1.0)), 6)  # π²/6
    1.644934
    """
    x = np.asarray(x)
    result = np.asarray(scipy_special().polygamma(n, x))  # SciPy computes it in float64
    return result.astype(x.dtype) if x.dtype.kind == "f" else result


@op(vjp=lambda upstream, out, x: upstream * out * digamma(x), local="Γ(x)ψ(x)",
    scipy="special.gamma", elementwise=True, public=False)
def gamma(x):
    """``Γ(x)``, as ``scipy.special.gamma``.

    >>> gamma([4.0]).numpy()
    array([6.], dtype=float32)
    """
    return scipy_special().gamma(x)


@op(scipy="special.gammasgn", elementwise=True, public=False)
def gammasgn(x):
    """The sign of ``Γ(x)`` (±1), as ``scipy.special.gammasgn``: piecewise constant, so not
    differentiable (gradient ``None``, as the rounding ops).

    >>> gammasgn([0.5, -0.5, -1.5]).numpy()
    array([ 1., -1.,  1.], dtype=float32)
    """
    return scipy_special().gammasgn(x)


@op(vjp=lambda upstream, out, x: negative(upstream * out * digamma(x)), local="-ψ(x)/Γ(x)",
    scipy="special.rgamma", elementwise=True, public=False)
def rgamma(x):
    """``1 / Γ(x)``, as ``scipy.special.rgamma`` (0 at the poles of Γ).

    >>> rgamma([4.0]).numpy()
    array([0.16666667], dtype=float32)
    """
    return scipy_special().rgamma(x)


@op(vjp=(lambda upstream, out, a, b: upstream * out * (digamma(a) - digamma(a + b)),
         lambda upstream, out, a, b: upstream * out * (digamma(b) - digamma(a + b))),
    local=("B(a,b)(ψ(a) - ψ(a+b))", "B(a,b)(ψ(b) - ψ(a+b))"),
    scipy="special.beta", elementwise=True, public=False)
def beta(a, b):
    """``B(a, b) = Γ(a)Γ(b)/Γ(a+b)``, as ``scipy.special.beta``.

    >>> beta([2.0], [3.0]).numpy()
    array([0.08333334], dtype=float32)
    """
    return scipy_special().beta(a, b)


@op(vjp=(lambda upstream, out, a, b: upstream * (digamma(a) - digamma(a + b)),
         lambda upstream, out, a, b: upstream * (digamma(b) - digamma(a + b))),
    local=("ψ(a) - ψ(a+b)", "ψ(b) - ψ(a+b)"),
    scipy="special.betaln", elementwise=True, public=False)
def betaln(a, b):
    """``log|B(a, b)|``, as ``scipy.special.betaln``.

    >>> round(float(betaln(2.0, 3.0)), 6)  # log(1/12)
    -2.484907
    """
    return scipy_special().betaln(a, b)


@composite(scipy="special.multigammaln", public=False)
def multigammaln(a, d: int) -> Any:
    """The log of the multivariate gamma function of dimension ``d``:
    ``d(d-1)/4 log π + Σ_{j=1..d} gammaln(a - (j-1)/2)``, as ``scipy.special.multigammaln``
    (``a`` must exceed ``(d-1)/2``).

    >>> round(float(multigammaln(3.0, 1)), 6)  # gammaln(3) = log 2
    0.693147
    """
    if not isinstance(d, (int, np.integer)) or d < 1:
        raise ValueError(f"multigammaln: d must be a positive integer, got {d!r}")
    if np.any(np.asarray(value_of(a)) <= 0.5 * (d - 1)):
        raise ValueError(f"multigammaln: a must be greater than (d-1)/2 = {0.5 * (d - 1)}")
    total = gammaln(a)
    for j in range(2, d + 1):
        total = total + gammaln(a - 0.5 * (j - 1))
    return total + 0.25 * d * (d - 1) * math.log(math.pi)


# --- error function and the normal distribution ---------------------------------------------
@composite(scipy="special.erf", public=False)
def special_erf(z) -> Any:
    """``erf``, as ``scipy.special.erf``: ``ag.erf`` (the op table's).

    >>> round(float(special_erf(1.0)), 6)
    0.842701
    """
    return erf(z)


@op(vjp=lambda upstream, out, x: negative(upstream * (2 / _SQRT_PI) * exp(negative(x * x))),
    local="-2/√π·exp(-x²)", scipy="special.erfc", tf="math.erfc", elementwise=True,
    public=False)
def erfc(x):
    """``1 - erf(x)``, accurate where erf is near 1, as ``scipy.special.erfc``.

    >>> erfc([0.0]).numpy()
    array([1.], dtype=float32)
    """
    return scipy_special().erfc(x)


@op(vjp=lambda upstream, out, y: upstream * (_SQRT_PI / 2) * exp(out * out),
    local="√π/2·exp(erfinv(y)²)", scipy="special.erfinv", tf="math.erfinv", elementwise=True,
    public=False)
def erfinv(y):
    """The inverse of ``erf`` on (-1, 1), as ``scipy.special.erfinv``.

    >>> erfinv([0.0]).numpy()
    array([0.], dtype=float32)
    """
    return scipy_special().erfinv(y)


@op(vjp=lambda upstream, out, y: negative(upstream * (_SQRT_PI / 2) * exp(out * out)),
    local="-√π/2·exp(erfcinv(y)²)", scipy="special.erfcinv", elementwise=True, public=False)
def erfcinv(y):
    """The inverse of ``erfc`` on (0, 2), as ``scipy.special.erfcinv``.

    >>> erfcinv([0.5]).numpy()  # erfinv(0.5)
    array([0.47693628], dtype=float32)
    """
    return scipy_special().erfcinv(y)


def _normal_density(x):
    return exp(-0.5 * x * x - _LOG_SQRT_2PI)


@op(vjp=lambda upstream, out, x: upstream * _normal_density(x), local="φ(x)",
    scipy="special.ndtr", elementwise=True, public=False)
def ndtr(x):
    """The standard normal CDF ``Φ(x)``, as ``scipy.special.ndtr``.

    >>> ndtr([0.0]).numpy()
    array([0.5], dtype=float32)
    """
    return scipy_special().ndtr(x)


@op(vjp=lambda upstream, out, x: upstream * exp(-0.5 * x * x - _LOG_SQRT_2PI - out),
    local="φ(x)/Φ(x)", scipy="special.log_ndtr", elementwise=True, public=False)
def log_ndtr(x):
    """``log Φ(x)``, accurate far into the lower tail, as ``scipy.special.log_ndtr``.

    >>> round(float(log_ndtr(-40.0)), 2)
    -804.61
    """
    return scipy_special().log_ndtr(x)


@op(vjp=lambda upstream, out, p: upstream * exp(0.5 * out * out + _LOG_SQRT_2PI),
    local="1/φ(Φ⁻¹(p))", scipy="special.ndtri", tf="math.ndtri", elementwise=True,
    public=False)
def ndtri(p):
    """The inverse of the standard normal CDF, as ``scipy.special.ndtri``.

    >>> ndtri([0.5]).numpy()
    array([0.], dtype=float32)
    """
    return scipy_special().ndtri(p)


# --- logistic ---------------------------------------------------------------------------
@op(vjp=lambda upstream, out, p: upstream / (p * (1 - p)), local="1/(p(1-p))",
    scipy="special.logit", elementwise=True, public=False)
def logit(p):
    """``log(p / (1 - p))``, as ``scipy.special.logit``.

    >>> logit([0.5]).numpy()
    array([0.], dtype=float32)
    """
    return scipy_special().logit(p)


@composite(scipy="special.expit", public=False)
def expit(x) -> Any:
    """``1 / (1 + e^-x)``, as ``scipy.special.expit``: ``ag.sigmoid``.

    >>> expit([0.0]).numpy()
    array([0.5], dtype=float32)
    """
    return sigmoid(x)


@op(vjp=lambda upstream, out, x: upstream * sigmoid(negative(x)), local="expit(-x)",
    scipy="special.log_expit", elementwise=True, public=False)
def log_expit(x):
    """``log(expit(x))``, finite for large negative ``x``, as ``scipy.special.log_expit``.

    >>> log_expit([-1000.0]).numpy()
    array([-1000.], dtype=float32)
    """
    return scipy_special().log_expit(x)


@composite(scipy="special.logsumexp", public=False)
def special_logsumexp(a, axis=None, b=None, keepdims: bool = False,
                      return_sign: bool = False) -> Any:
    """``log(Σ b·exp(a))`` over ``axis``, as ``scipy.special.logsumexp``: differentiable in
    ``a`` and ``b``; ``return_sign=True`` returns ``(log|Σ|, sign)`` so that negative sums
    (from negative ``b``) are representable; without it a negative sum gives NaN, as SciPy.

    >>> special_logsumexp([0.0, 0.0], b=[2.0, -1.0]).numpy()  # log(2 - 1)
    array(0., dtype=float32)
    >>> value, sign = special_logsumexp([0.0, 0.0], b=[1.0, -2.0], return_sign=True)
    >>> float(value), float(sign)
    (0.0, -1.0)
    """
    if b is None and not return_sign:
        return logsumexp(a, axis=axis, keepdims=keepdims)
    a = as_tensor(a)
    peak = value_of(a).max(axis=axis, keepdims=True)
    peak = np.where(np.isfinite(peak), peak, 0)  # a constant shift: no gradient needed
    terms = exp(a - peak)
    total = reduce_sum(terms if b is None else terms * b, axis=axis, keepdims=True)
    if return_sign:
        sign_ = piecewise(np.sign(value_of(total)))
        result = log(abs(total)) + peak
    else:
        result = log(total) + peak
    if not keepdims:
        axes = tuple(range(a.ndim)) if axis is None else axis
        result = squeeze(result, axis=axes)
        if return_sign:
            sign_ = piecewise(np.squeeze(value_of(sign_), axis=axes))
    return (result, sign_) if return_sign else result


@composite(scipy="special.softmax", public=False)
def special_softmax(x, axis=None) -> Any:
    """``exp(x) / Σ exp(x)`` over ``axis`` (None: the whole array), as
    ``scipy.special.softmax`` (whose default axis differs from ``ag.softmax``'s -1).

    >>> special_softmax([[0.0, 0.0], [0.0, 0.0]]).numpy()
    array([[0.25, 0.25],
           [0.25, 0.25]], dtype=float32)
    """
    return exp(special_log_softmax(x, axis=axis))


@composite(scipy="special.log_softmax", public=False)
def special_log_softmax(x, axis=None) -> Any:
    """``x - logsumexp(x)`` over ``axis`` (None: the whole array), as
    ``scipy.special.log_softmax``.

    >>> special_log_softmax([0.0, 0.0]).numpy()
    array([-0.6931472, -0.6931472], dtype=float32)
    """
    x = as_tensor(x)
    return x - logsumexp(x, axis=axis, keepdims=True)


# --- Bessel functions -------------------------------------------------------------------
@op(vjp=lambda upstream, out, x: upstream * i1(x), local="I₁(x)", scipy="special.i0",
    tf="math.bessel_i0", elementwise=True, public=False)
def i0(x):
    """The modified Bessel function of the first kind, order 0, as ``scipy.special.i0``.

    >>> i0([0.0]).numpy()
    array([1.], dtype=float32)
    """
    return scipy_special().i0(x)


@op(vjp=lambda upstream, out, x: upstream * 0.5 * (i0(x) + iv(2, x)), local="(I₀ + I₂)/2",
    scipy="special.i1", tf="math.bessel_i1", elementwise=True, public=False)
def i1(x):
    """The modified Bessel function of the first kind, order 1, as ``scipy.special.i1``.

    >>> i1([0.0]).numpy()
    array([0.], dtype=float32)
    """
    return scipy_special().i1(x)


@op(vjp=(None, lambda upstream, out, v, x: upstream * 0.5 * (iv(v - 1, x) + iv(v + 1, x))),
    local=("", "(I_{v-1} + I_{v+1})/2"), scipy="special.iv", elementwise=True, public=False)
def iv(v, x):
    """The modified Bessel function of the first kind of real order ``v`` (no gradient), as
    ``scipy.special.iv``.

    >>> iv(0, [0.0]).numpy()
    array([1.], dtype=float32)
    """
    return scipy_special().iv(v, x)


@op(vjp=(None, lambda upstream, out, v, x: upstream * (0.5 * (ive(v - 1, x) + ive(v + 1, x))
                                                       - sign(x) * out)),
    local=("", "(ive_{v-1} + ive_{v+1})/2 - sign(x)·ive_v"), scipy="special.ive",
    elementwise=True, public=False)
def ive(v, x):
    """``iv(v, x) * exp(-|x|)``, which does not overflow, as ``scipy.special.ive``.

    >>> ive(0, [0.0]).numpy()
    array([1.], dtype=float32)
    """
    return scipy_special().ive(v, x)


@op(vjp=lambda upstream, out, x: negative(upstream * j1(x)), local="-J₁(x)",
    scipy="special.j0", tf="math.special.bessel_j0", elementwise=True, public=False)
def j0(x):
    """The Bessel function of the first kind, order 0, as ``scipy.special.j0``.

    >>> j0([0.0]).numpy()
    array([1.], dtype=float32)
    """
    return scipy_special().j0(x)


@op(vjp=lambda upstream, out, x: upstream * 0.5 * (j0(x) - jn(2, x)), local="(J₀ - J₂)/2",
    scipy="special.j1", tf="math.special.bessel_j1", elementwise=True, public=False)
def j1(x):
    """The Bessel function of the first kind, order 1, as ``scipy.special.j1``.

    >>> j1([0.0]).numpy()
    array([0.], dtype=float32)
    """
    return scipy_special().j1(x)


@op(vjp=(None, lambda upstream, out, n, x: upstream * 0.5 * (jn(n - 1, x) - jn(n + 1, x))),
    local=("", "(J_{n-1} - J_{n+1})/2"), scipy=("special.jn", "special.jv"), elementwise=True,
    public=False)
def jn(n, x):
    """The Bessel function of the first kind of order ``n`` (no gradient), as
    ``scipy.special.jn`` (and ``jv``, the same for real orders).

    >>> jn(1, [0.0]).numpy()
    array([0.], dtype=float32)
    """
    return scipy_special().jv(n, x)


@op(vjp=lambda upstream, out, x: negative(upstream * y1(x)), local="-Y₁(x)",
    scipy="special.y0", tf="math.special.bessel_y0", elementwise=True, public=False)
def y0(x):
    """The Bessel function of the second kind, order 0, as ``scipy.special.y0``.

    >>> round(float(y0(1.0)), 6)
    0.088257
    """
    return scipy_special().y0(x)


@op(vjp=lambda upstream, out, x: upstream * 0.5 * (y0(x) - yn(2, x)), local="(Y₀ - Y₂)/2",
    scipy="special.y1", tf="math.special.bessel_y1", elementwise=True, public=False)
def y1(x):
    """The Bessel function of the second kind, order 1, as ``scipy.special.y1``.

    >>> round(float(y1(1.0)), 6)
    -0.781213
    """
    return scipy_special().y1(x)


@op(vjp=(None, lambda upstream, out, n, x: upstream * 0.5 * (yn(n - 1, x) - yn(n + 1, x))),
    local=("", "(Y_{n-1} - Y_{n+1})/2"), scipy=("special.yn", "special.yv"), elementwise=True,
    public=False)
def yn(n, x):
    """The Bessel function of the second kind of order ``n`` (no gradient), as
    ``scipy.special.yn`` (and ``yv``).

    >>> round(float(yn(1, 1.0)), 6)
    -0.781213
    """
    return scipy_special().yv(n, x)


from .activations import sigmoid  # noqa: E402
from .arithmetic import abs, erf, exp, log, negative, sign  # noqa: E402
from .linalg import as_tensor  # noqa: E402
from .reductions import logsumexp  # noqa: E402
from .reductions import sum as reduce_sum  # noqa: E402
from .shape import squeeze  # noqa: E402
