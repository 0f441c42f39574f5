"""The incomplete gamma and beta functions and Student's t CDF (``autograd_lite.scipy.special``),
differentiable in every argument to second order.

In ``x`` their derivatives are densities, written with ops. In the shape parameters there is no
closed form: ``gammainc_derivative`` and ``betainc_derivative`` sum the term-by-term derivative
of each function's power series (vectorised over elements, one NumPy pass per term):

    P(a, x) = Σₙ tₙ,  tₙ = exp(-x + (a+n) log x - log Γ(a+n+1)),
    ∂tₙ/∂a = tₙ (log x - ψ(a+n+1)),  ∂²tₙ/∂a² = tₙ ((log x - ψ(a+n+1))² - ψ₁(a+n+1));

    I_x(a, b) = Σₙ Tₙ,  Tₙ = xᵃ(1-x)ᵇ (a+b)ₙ xⁿ / (a B(a, b) (a+1)ₙ),
    ∂ log Tₙ/∂a = log x + ψ(a+b+n) - ψ(a+1+n),  ∂ log Tₙ/∂b = log(1-x) - ψ(b) + ψ(a+b+n),

with ``I_x(a, b) = 1 - I_{1-x}(b, a)`` where x is past the mean (the series converges fast
there). ψ, ψ₁ and log Γ step from term to term by their recurrences. The series of ``P`` sums
to 1 for large ``x``: its derivative is then accurate to about 1e-16 absolutely, not
relatively. These derivative ops are themselves differentiable once more (second
derivatives); a third derivative in a shape parameter raises NotImplementedError.
"""
from __future__ import annotations

import math

import numpy as np

from ..primitive import op, value_of
from .special import scipy_special

_MAX_TERMS = 100_000
_TINY = 1e-300


def _float64(*arrays) -> tuple:
    return tuple(np.asarray(a, dtype=np.float64) for a in np.broadcast_arrays(*arrays))


def _result(values: np.ndarray, *inputs) -> np.ndarray:
    """``values`` in the floating dtype the inputs give (float32 stays float32)."""
    dtype = np.result_type(*[np.asarray(i).dtype for i in inputs], np.float32)
    return values.astype(dtype if dtype.kind == "f" else np.float64)


def _converged(n: int, term: np.ndarray, total: np.ndarray, name: str) -> bool:
    if np.all(term <= 1e-17 * np.maximum(np.abs(total), _TINY)):
        return True
    if n >= _MAX_TERMS:
        raise FloatingPointError(f"{name}: the series of the derivative did not converge in "
                                 f"{_MAX_TERMS} terms (x is too large)")
    return False


def _gammainc_series(a: np.ndarray, x: np.ndarray, order: int) -> np.ndarray:
    """∂P/∂a (order 1) or ∂²P/∂a² (order 2) of the regularised lower incomplete gamma."""
    sp = scipy_special()
    a, x = _float64(a, x)
    inside = x > 0  # P(a, 0) = 0 for every a
    x = np.where(inside, x, 1.0)
    log_x = np.log(x)
    log_term = -x + a * log_x - sp.gammaln(a + 1)
    psi, trigamma = sp.digamma(a + 1), sp.polygamma(1, a + 1)
    total = np.zeros_like(a)
    for n in range(_MAX_TERMS + 1):
        term = np.exp(log_term)
        slope = log_x - psi
        piece = term * slope if order == 1 else term * (slope * slope - trigamma)
        total += piece
        z = a + n + 1
        if z.min() > x.max() and _converged(n, np.abs(piece) + term, total, "gammainc"):
            break
        log_term = log_term + log_x - np.log(z)
        psi, trigamma = psi + 1 / z, trigamma - 1 / (z * z)
    return np.where(inside, total, 0.0)


_BETA_SWAP = {"a": "b", "b": "a", "aa": "bb", "bb": "aa", "ab": "ab"}


def _betainc_series(a: np.ndarray, b: np.ndarray, x: np.ndarray, wrt: str) -> np.ndarray:
    """A first (``wrt`` "a" or "b") or second ("aa", "ab", "bb") derivative of I_x(a, b)."""
    sp = scipy_special()
    a, b, x = _float64(a, b, x)
    inside = (x > 0) & (x < 1)  # I is 0 at x = 0 and 1 at x = 1 for every a, b
    x = np.where(inside, x, 0.5)
    swap = x > (a + 1) / (a + b + 2)
    a, b, x = np.where(swap, b, a), np.where(swap, a, b), np.where(swap, 1 - x, x)
    log_x, log_1mx = np.log(x), np.log1p(-x)
    log_term = a * log_x + b * log_1mx - np.log(a) - sp.betaln(a, b)
    psi_ab, psi_a1, psi_b = sp.digamma(a + b), sp.digamma(a + 1), sp.digamma(b)
    tri_ab, tri_a1, tri_b = sp.polygamma(1, a + b), sp.polygamma(1, a + 1), sp.polygamma(1, b)
    swapped_wrt = _BETA_SWAP[wrt]
    wanted = (np.where(swap, 1, 0), np.where(swap, 0, 1))  # masks: use the swapped name or not
    total = np.zeros_like(a)
    for n in range(_MAX_TERMS + 1):
        term = np.exp(log_term)
        da, db = log_x + psi_ab - psi_a1, log_1mx - psi_b + psi_ab
        factors = {"a": da, "b": db, "aa": da * da + tri_ab - tri_a1, "ab": da * db + tri_ab,
                   "bb": db * db + tri_ab - tri_b}
        piece = term * (wanted[0] * factors[swapped_wrt] + wanted[1] * factors[wrt])
        total += piece
        growing = x * (a + b + n) >= a + 1 + n
        if not growing.any() and _converged(n, np.abs(piece) + term, total, "betainc"):
            break
        log_term = log_term + np.log(a + b + n) - np.log(a + 1 + n) + log_x
        psi_ab, psi_a1 = psi_ab + 1 / (a + b + n), psi_a1 + 1 / (a + 1 + n)
        tri_ab, tri_a1 = tri_ab - 1 / (a + b + n) ** 2, tri_a1 - 1 / (a + 1 + n) ** 2
    # swapped: I = 1 - I'(b, a): derivatives change sign, a and b trade places
    result = np.where(swap, -total, total)
    return np.where(inside, result, 0.0)


def _higher(name: str):
    def vjp(upstream, out, *inputs, **params):
        raise NotImplementedError(f"{name}: the third derivative in a shape parameter is not "
                                  "implemented")
    return vjp


# --- the incomplete gamma function ------------------------------------------------------
def _gamma_density(a, x):
    """``x^(a-1) e^(-x) / Γ(a)``: the derivative of ``gammainc(a, x)`` in ``x``."""
    return power(x, a - 1) * exp(negative(x) - gammaln(a))


def _gammainc_derivative_vjp_a(upstream, out, a, x, wrt="a"):
    if wrt != "a":
        return _higher("gammainc_derivative")(upstream, out, a, x)
    return upstream * gammainc_derivative(a, x, wrt="aa")


def _gammainc_derivative_vjp_x(upstream, out, a, x, wrt="a"):
    if wrt != "a":
        return _higher("gammainc_derivative")(upstream, out, a, x)
    return upstream * _gamma_density(a, x) * (log(x) - digamma(a))


@op(vjp=(_gammainc_derivative_vjp_a, _gammainc_derivative_vjp_x),
    local=("∂²P/∂a² (series)", "x^(a-1)e^(-x)/Γ(a)·(log x - ψ(a))"), elementwise=True,
    public=False)
def gammainc_derivative(a, x, wrt="a"):
    """``∂P(a, x)/∂a`` (``wrt="a"``) or ``∂²P/∂a²`` (``"aa"``) of the regularised lower
    incomplete gamma function, by its power series.

    >>> h = 1e-6  # against central differences of SciPy's P
    >>> scipy_p = scipy_special().gammainc
    >>> round(float(scipy_p(1 + h, 1.0) - scipy_p(1 - h, 1.0)) / (2 * h), 6)
    -0.43173
    >>> round(float(gammainc_derivative(1.0, 1.0)), 6)
    -0.43173
    """
    if wrt not in ("a", "aa"):
        raise ValueError(f"gammainc_derivative: wrt must be 'a' or 'aa', got {wrt!r}")
    return _result(_gammainc_series(a, x, len(wrt)), a, x)


@op(vjp=(lambda upstream, out, a, x: upstream * gammainc_derivative(a, x),
         lambda upstream, out, a, x: upstream * _gamma_density(a, x)),
    local=("∂P/∂a (series)", "x^(a-1)e^(-x)/Γ(a)"), scipy="special.gammainc", tf="math.igamma",
    elementwise=True, public=False)
def gammainc(a, x):
    """The regularised lower incomplete gamma function ``P(a, x)``, as
    ``scipy.special.gammainc``.

    >>> round(float(gammainc(1.0, 2.0)), 6)  # 1 - e^-2
    0.864665
    """
    return scipy_special().gammainc(a, x)


@op(vjp=(lambda upstream, out, a, x: negative(upstream * gammainc_derivative(a, x)),
         lambda upstream, out, a, x: negative(upstream * _gamma_density(a, x))),
    local=("-∂P/∂a (series)", "-x^(a-1)e^(-x)/Γ(a)"), scipy="special.gammaincc",
    tf="math.igammac", elementwise=True, public=False)
def gammaincc(a, x):
    """The regularised upper incomplete gamma function ``Q(a, x) = 1 - P(a, x)``, as
    ``scipy.special.gammaincc``.

    >>> round(float(gammaincc(1.0, 2.0)), 6)  # e^-2
    0.135335
    """
    return scipy_special().gammaincc(a, x)


# --- the incomplete beta function ------------------------------------------------------
def _beta_density(a, b, x):
    """``x^(a-1) (1-x)^(b-1) / B(a, b)``: the derivative of ``betainc(a, b, x)`` in ``x``."""
    return power(x, a - 1) * power(1 - x, b - 1) * exp(negative(betaln(a, b)))


def _betainc_derivative_vjp(argnum: int):
    def vjp(upstream, out, a, b, x, wrt="a"):
        if len(wrt) == 2:
            return _higher("betainc_derivative")(upstream, out, a, b, x)
        if argnum < 2:
            both = "".join(sorted(wrt + "ab"[argnum]))
            return upstream * betainc_derivative(a, b, x, wrt=both)
        # ∂/∂x of ∂I/∂a is the density times ∂ log(density)/∂a, and likewise for b
        if wrt == "a":
            slope = log(x) - digamma(a) + digamma(a + b)
        else:
            slope = log(1 - x) - digamma(b) + digamma(a + b)
        return upstream * _beta_density(a, b, x) * slope
    return vjp


@op(vjp=(_betainc_derivative_vjp(0), _betainc_derivative_vjp(1), _betainc_derivative_vjp(2)),
    local=("series", "series", "density·∂ log(density)"), elementwise=True, public=False)
def betainc_derivative(a, b, x, wrt="a"):
    """A derivative of the regularised incomplete beta function ``I_x(a, b)`` in its shape
    parameters: ``wrt`` ``"a"`` or ``"b"`` (first), ``"aa"``, ``"ab"`` or ``"bb"`` (second),
    by its power series.

    >>> round(float(betainc_derivative(1.0, 1.0, 0.5)), 6)  # I_x(a, 1) = xᵃ: x log x
    -0.346574
    """
    if wrt not in _BETA_SWAP:
        raise ValueError(f"betainc_derivative: wrt must be one of {sorted(_BETA_SWAP)}, got "
                         f"{wrt!r}")
    return _result(_betainc_series(a, b, x, wrt), a, b, x)


@op(vjp=(lambda upstream, out, a, b, x: upstream * betainc_derivative(a, b, x, wrt="a"),
         lambda upstream, out, a, b, x: upstream * betainc_derivative(a, b, x, wrt="b"),
         lambda upstream, out, a, b, x: upstream * _beta_density(a, b, x)),
    local=("∂I/∂a (series)", "∂I/∂b (series)", "x^(a-1)(1-x)^(b-1)/B(a,b)"),
    scipy="special.betainc", tf="math.betainc", elementwise=True, public=False)
def betainc(a, b, x):
    """The regularised incomplete beta function ``I_x(a, b)``, as ``scipy.special.betainc``.

    >>> round(float(betainc(1.0, 2.0, 0.5)), 6)  # 1 - (1 - x)²
    0.75
    """
    return scipy_special().betainc(a, b, x)


# --- Student's t ------------------------------------------------------------------------
def _student_density(df, t):
    log_density = (gammaln(0.5 * (df + 1)) - gammaln(0.5 * df) - 0.5 * log(df * math.pi)
                   - 0.5 * (df + 1) * log(1 + t * t / df))
    return exp(log_density)


def _stdtr_vjp_df(upstream, out, df, t):
    # Two exact forms, each used where it loses no digits (1 - w, or 1 - u, would cancel):
    #   F = 1/2 + sign(t) I_u(1/2, df/2)/2 with u = t²/(df + t²), for t² < df, and
    #   F = 1 - I_w(df/2, 1/2)/2 (t > 0; I_w/2 for t < 0) with w = df/(df + t²) beyond;
    # each differentiated in df through both its shape parameter and u (or w). At t = 0 F is
    # 1/2 for every df, and near it dF/ddf ≈ t ∂f(0)/∂df (f the density): that line keeps
    # the t-derivative right there.
    t_value = value_of(t)
    zero = t_value == 0
    near = np.abs(t_value) < np.sqrt(value_of(df))
    safe_t = where(zero, 1.0, t)
    t2 = safe_t * safe_t
    moves = t2 / ((df + t2) * (df + t2))  # |du/ddf| = |dw/ddf|
    u, w = t2 / (df + t2), df / (df + t2)
    small_u = 0.5 * sign(safe_t) * (
        0.5 * betainc_derivative(0.5, 0.5 * df, where(near, u, 0.5), wrt="b")
        - _beta_density(0.5, 0.5 * df, where(near, u, 0.5)) * moves)
    small_w = -0.5 * sign(safe_t) * (
        0.5 * betainc_derivative(0.5 * df, 0.5, where(near, 0.5, w), wrt="a")
        + _beta_density(0.5 * df, 0.5, where(near, 0.5, w)) * moves)
    at_zero = t * _student_density(df, 0.0) * (
        0.5 * digamma(0.5 * (df + 1)) - 0.5 * digamma(0.5 * df) - 0.5 / df)
    return upstream * where(zero, at_zero, where(near, small_u, small_w))


@op(vjp=(_stdtr_vjp_df, lambda upstream, out, df, t: upstream * _student_density(df, t)),
    local=("∓(∂I/∂a/2 + ∂I/∂w·dw/ddf)/2", "Student's t density"), scipy="special.stdtr",
    elementwise=True, public=False)
def stdtr(df, t):
    """The Student t distribution's CDF at ``t`` with ``df`` degrees of freedom, as
    ``scipy.special.stdtr``.

    >>> float(stdtr(3.0, 0.0))
    0.5
    """
    return scipy_special().stdtr(df, t)


from .arithmetic import exp, log, negative, power, sign, where  # noqa: E402
from .special import betaln, digamma, gammaln  # noqa: E402
