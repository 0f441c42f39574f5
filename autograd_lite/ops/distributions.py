"""``scipy.stats`` densities and CDFs on the tape (``autograd_lite.scipy.stats``): ``norm``,
``t``, ``gamma``, ``beta``, ``chi2``, ``poisson``, ``multivariate_normal``, ``dirichlet``.

Each is a composite of the special-function ops, so gradients flow to every float argument,
``loc`` and ``scale`` included. SciPy's conventions: ``pdf(x, *shapes, loc=0, scale=1)`` is
``pdf_standard((x - loc) / scale) / scale``; outside the support the density is 0 (log: -inf)
and the CDF 0 or 1; a non-positive ``scale`` gives NaN. The CDFs' derivatives in the shape
parameters (``t``'s ``df``, ``gamma``'s ``a``, ``beta``'s ``a`` and ``b``) come from the
incomplete gamma and beta functions' series (``incomplete.py``), to second order.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..primitive import composite, piecewise, value_of
from ..tensor import Tensor

_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)
_NAN = float("nan")


def _floats(*args) -> tuple:
    """The arguments with the numbers and lists among them as arrays of the floating dtype of
    the array and Tensor ones (float32 when there are none, ``ag.constant``'s rule): an op given
    only numbers would otherwise compute in float32 beside float64 data."""
    arrays = [a for a in args if isinstance(a, (Tensor, np.ndarray))]
    dtype = np.result_type(*[a.dtype for a in arrays], np.float32) if arrays \
        else np.dtype(np.float32)
    if dtype.kind != "f":
        dtype = np.dtype(np.float64)
    return tuple(a if isinstance(a, (Tensor, np.ndarray)) or a is None
                 else np.asarray(a, dtype=dtype) for a in args)


def _float_dtype(x) -> np.dtype:
    """The floating dtype ``x`` computes in (float32 stays float32, integers give float64)."""
    dtype = np.asarray(value_of(x)).dtype
    return dtype if dtype.kind == "f" else np.dtype(np.float64)


def _log_probability(p):
    """``log p`` for probabilities: a 0 gives -inf quietly, as SciPy's log CDFs do."""
    with np.errstate(divide="ignore"):
        return log(p)


def _standard(x, loc, scale):
    return (x - loc) / scale


def _checked_scale(result, scale):
    """NaN where ``scale`` is not positive, as SciPy."""
    bad = np.asarray(value_of(scale)) <= 0
    return where(bad, _NAN, result) if np.any(bad) else result


def _log_scale(scale):
    """``log(scale)``, quietly NaN for a non-positive scale (:func:`_checked_scale` says so)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return log(scale)


def _inside(condition, z):
    """``condition`` as a constant mask, and ``z`` moved to 1 outside it: formulas evaluated
    there stay finite, so the branch not taken cannot poison a gradient with NaN."""
    mask = np.asarray(condition)
    return mask, where(mask, z, 1.0)


def _log_x_power(p, z):
    """``p * log(z)`` with ``0 * log(0) = 0`` (SciPy's ``xlogy``), for z >= 0."""
    zero = np.asarray(value_of(z)) == 0
    if not np.any(zero):
        return p * log(z)
    powers = np.asarray(value_of(p))
    at_zero = np.where(powers == 0, 0.0, np.where(powers > 0, -np.inf, np.inf))
    return where(zero, at_zero, p * log(where(zero, 1.0, z)))


# --- norm ---------------------------------------------------------------------------------
@composite(scipy="stats.norm.logpdf", public=False)
def norm_logpdf(x, loc=0.0, scale=1.0) -> Any:
    """The normal log-density, as ``scipy.stats.norm.logpdf``.

    >>> round(float(norm_logpdf(0.0)), 6)  # -log √(2π)
    -0.918939
    """
    x, loc, scale = _floats(x, loc, scale)
    z = _standard(x, loc, scale)
    return _checked_scale(-0.5 * z * z - _LOG_SQRT_2PI - _log_scale(scale), scale)


@composite(scipy="stats.norm.pdf", public=False)
def norm_pdf(x, loc=0.0, scale=1.0) -> Any:
    """The normal density, as ``scipy.stats.norm.pdf``.

    >>> round(float(norm_pdf(1.0, loc=1.0, scale=2.0)), 6)
    0.199471
    """
    return exp(norm_logpdf(x, loc, scale))


@composite(scipy="stats.norm.cdf", public=False)
def norm_cdf(x, loc=0.0, scale=1.0) -> Any:
    """The normal CDF, as ``scipy.stats.norm.cdf``.

    >>> float(norm_cdf(2.0, loc=2.0))
    0.5
    """
    x, loc, scale = _floats(x, loc, scale)
    return _checked_scale(ndtr(_standard(x, loc, scale)), scale)


@composite(scipy="stats.norm.logcdf", public=False)
def norm_logcdf(x, loc=0.0, scale=1.0) -> Any:
    """The log of the normal CDF, accurate in the lower tail, as ``scipy.stats.norm.logcdf``.

    >>> round(float(norm_logcdf(-40.0)), 2)
    -804.61
    """
    x, loc, scale = _floats(x, loc, scale)
    return _checked_scale(log_ndtr(_standard(x, loc, scale)), scale)


@composite(scipy="stats.norm.sf", public=False)
def norm_sf(x, loc=0.0, scale=1.0) -> Any:
    """``1 - cdf``, accurate in the upper tail, as ``scipy.stats.norm.sf``.

    >>> float(norm_sf(0.0))
    0.5
    """
    x, loc, scale = _floats(x, loc, scale)
    return _checked_scale(ndtr(negative(_standard(x, loc, scale))), scale)


@composite(scipy="stats.norm.logsf", public=False)
def norm_logsf(x, loc=0.0, scale=1.0) -> Any:
    """``log(1 - cdf)``, as ``scipy.stats.norm.logsf``.

    >>> round(float(norm_logsf(40.0)), 2)
    -804.61
    """
    x, loc, scale = _floats(x, loc, scale)
    return _checked_scale(log_ndtr(negative(_standard(x, loc, scale))), scale)


@composite(scipy="stats.norm.ppf", public=False)
def norm_ppf(q, loc=0.0, scale=1.0) -> Any:
    """The normal quantile function (the CDF's inverse), as ``scipy.stats.norm.ppf``.

    >>> float(norm_ppf(0.5, loc=3.0))
    3.0
    """
    q, loc, scale = _floats(q, loc, scale)
    return _checked_scale(loc + scale * ndtri(q), scale)


# --- t ------------------------------------------------------------------------------------
@composite(scipy="stats.t.logpdf", public=False)
def t_logpdf(x, df, loc=0.0, scale=1.0) -> Any:
    """Student's t log-density with ``df`` degrees of freedom, as ``scipy.stats.t.logpdf``.

    >>> round(float(t_logpdf(0.0, 1.0)), 6)  # Cauchy: -log π
    -1.14473
    """
    x, df, loc, scale = _floats(x, df, loc, scale)
    z = _standard(x, loc, scale)
    log_density = (gammaln(0.5 * (df + 1)) - gammaln(0.5 * df) - 0.5 * log(df * math.pi)
                   - 0.5 * (df + 1) * log(1 + z * z / df))
    return _checked_scale(log_density - _log_scale(scale), scale)


@composite(scipy="stats.t.pdf", public=False)
def t_pdf(x, df, loc=0.0, scale=1.0) -> Any:
    """Student's t density, as ``scipy.stats.t.pdf``.

    >>> round(float(t_pdf(1.0, 1.0)), 6)  # Cauchy: 1 / (2π)
    0.159155
    """
    return exp(t_logpdf(x, df, loc, scale))


@composite(scipy="stats.t.cdf", public=False)
def t_cdf(x, df, loc=0.0, scale=1.0) -> Any:
    """Student's t CDF, as ``scipy.stats.t.cdf``.

    >>> float(t_cdf(1.0, 1.0))  # Cauchy: 1/2 + atan(1)/π
    0.75
    """
    x, df, loc, scale = _floats(x, df, loc, scale)
    return _checked_scale(stdtr(df, _standard(x, loc, scale)), scale)


@composite(scipy="stats.t.logcdf", public=False)
def t_logcdf(x, df, loc=0.0, scale=1.0) -> Any:
    """The log of Student's t CDF, as ``scipy.stats.t.logcdf``.

    >>> round(float(t_logcdf(0.0, 3.0)), 6)
    -0.693147
    """
    return _log_probability(t_cdf(x, df, loc, scale))


# --- gamma and chi2 ---------------------------------------------------------------------
@composite(scipy="stats.gamma.logpdf", public=False)
def gamma_logpdf(x, a, loc=0.0, scale=1.0) -> Any:
    """The gamma log-density with shape ``a``, as ``scipy.stats.gamma.logpdf``:
    ``(a-1) log z - z - gammaln(a) - log(scale)`` for ``z = (x - loc)/scale >= 0``.

    >>> round(float(gamma_logpdf(1.0, 1.0)), 6)  # exponential: -x
    -1.0
    """
    x, a, loc, scale = _floats(x, a, loc, scale)
    inside, z = _inside(np.asarray(value_of(_standard(x, loc, scale))) >= 0,
                        _standard(x, loc, scale))
    log_density = _log_x_power(a - 1, z) - z - gammaln(a) - _log_scale(scale)
    return _checked_scale(where(inside, log_density, -np.inf), scale)


@composite(scipy="stats.gamma.pdf", public=False)
def gamma_pdf(x, a, loc=0.0, scale=1.0) -> Any:
    """The gamma density, as ``scipy.stats.gamma.pdf``.

    >>> round(float(gamma_pdf(2.0, 1.0, scale=2.0)), 6)  # e^-1 / 2
    0.18394
    """
    return exp(gamma_logpdf(x, a, loc, scale))


@composite(scipy="stats.gamma.cdf", public=False)
def gamma_cdf(x, a, loc=0.0, scale=1.0) -> Any:
    """The gamma CDF ``gammainc(a, z)`` (0 below ``loc``), as ``scipy.stats.gamma.cdf``.

    >>> round(float(gamma_cdf(1.0, 1.0)), 6)  # 1 - e^-1
    0.632121
    """
    x, a, loc, scale = _floats(x, a, loc, scale)
    z = _standard(x, loc, scale)
    inside, z = _inside(np.asarray(value_of(z)) > 0, z)
    return _checked_scale(where(inside, gammainc(a, z), 0.0), scale)


@composite(scipy="stats.gamma.logcdf", public=False)
def gamma_logcdf(x, a, loc=0.0, scale=1.0) -> Any:
    """The log of the gamma CDF, as ``scipy.stats.gamma.logcdf``.

    >>> round(float(gamma_logcdf(1.0, 1.0)), 6)
    -0.458675
    """
    return _log_probability(gamma_cdf(x, a, loc, scale))


@composite(scipy="stats.chi2.logpdf", public=False)
def chi2_logpdf(x, df, loc=0.0, scale=1.0) -> Any:
    """The chi-squared log-density: a gamma with shape ``df/2`` and scale 2, as
    ``scipy.stats.chi2.logpdf``.

    >>> round(float(chi2_logpdf(2.0, 2.0)), 6)  # e^-1 / 2
    -1.693147
    """
    x, df, loc, scale = _floats(x, df, loc, scale)
    return gamma_logpdf(x, 0.5 * df, loc, 2.0 * scale)


@composite(scipy="stats.chi2.pdf", public=False)
def chi2_pdf(x, df, loc=0.0, scale=1.0) -> Any:
    """The chi-squared density, as ``scipy.stats.chi2.pdf``.

    >>> round(float(chi2_pdf(2.0, 2.0)), 6)
    0.18394
    """
    return exp(chi2_logpdf(x, df, loc, scale))


@composite(scipy="stats.chi2.cdf", public=False)
def chi2_cdf(x, df, loc=0.0, scale=1.0) -> Any:
    """The chi-squared CDF, as ``scipy.stats.chi2.cdf``.

    >>> round(float(chi2_cdf(2.0, 2.0)), 6)
    0.632121
    """
    x, df, loc, scale = _floats(x, df, loc, scale)
    return gamma_cdf(x, 0.5 * df, loc, 2.0 * scale)


@composite(scipy="stats.chi2.logcdf", public=False)
def chi2_logcdf(x, df, loc=0.0, scale=1.0) -> Any:
    """The log of the chi-squared CDF, as ``scipy.stats.chi2.logcdf``.

    >>> round(float(chi2_logcdf(2.0, 2.0)), 6)
    -0.458675
    """
    return _log_probability(chi2_cdf(x, df, loc, scale))


# --- beta ---------------------------------------------------------------------------------
@composite(scipy="stats.beta.logpdf", public=False)
def beta_logpdf(x, a, b, loc=0.0, scale=1.0) -> Any:
    """The beta log-density, as ``scipy.stats.beta.logpdf``:
    ``(a-1) log z + (b-1) log(1-z) - betaln(a, b) - log(scale)`` on ``0 <= z <= 1``.

    >>> round(float(beta_logpdf(0.5, 2.0, 2.0)), 6)  # 6 z (1 - z) = 1.5
    0.405465
    """
    x, a, b, loc, scale = _floats(x, a, b, loc, scale)
    z = _standard(x, loc, scale)
    zv = np.asarray(value_of(z))
    inside, z = _inside((zv >= 0) & (zv <= 1), z)
    log_density = _log_x_power(a - 1, z) + _log_x_power(b - 1, 1 - z) - betaln(a, b) \
        - _log_scale(scale)
    return _checked_scale(where(inside, log_density, -np.inf), scale)


@composite(scipy="stats.beta.pdf", public=False)
def beta_pdf(x, a, b, loc=0.0, scale=1.0) -> Any:
    """The beta density, as ``scipy.stats.beta.pdf``.

    >>> round(float(beta_pdf(0.5, 2.0, 2.0)), 6)
    1.5
    """
    return exp(beta_logpdf(x, a, b, loc, scale))


@composite(scipy="stats.beta.cdf", public=False)
def beta_cdf(x, a, b, loc=0.0, scale=1.0) -> Any:
    """The beta CDF ``betainc(a, b, z)`` (0 below the support, 1 above), as
    ``scipy.stats.beta.cdf``.

    >>> round(float(beta_cdf(0.5, 1.0, 2.0)), 6)  # 1 - (1 - z)²
    0.75
    """
    x, a, b, loc, scale = _floats(x, a, b, loc, scale)
    z = _standard(x, loc, scale)
    zv = np.asarray(value_of(z))
    inside, z = _inside((zv > 0) & (zv < 1), z)
    outside = piecewise((zv >= 1).astype(np.result_type(zv.dtype, np.float32)))
    return _checked_scale(where(inside, betainc(a, b, z), outside), scale)


@composite(scipy="stats.beta.logcdf", public=False)
def beta_logcdf(x, a, b, loc=0.0, scale=1.0) -> Any:
    """The log of the beta CDF, as ``scipy.stats.beta.logcdf``.

    >>> round(float(beta_logcdf(0.5, 1.0, 2.0)), 6)
    -0.287682
    """
    return _log_probability(beta_cdf(x, a, b, loc, scale))


# --- poisson ------------------------------------------------------------------------------
@composite(scipy="stats.poisson.logpmf", public=False)
def poisson_logpmf(k, mu, loc=0) -> Any:
    """The Poisson log-probability of the count ``k``: ``k log mu - mu - gammaln(k + 1)``
    (-inf where ``k - loc`` is not a non-negative integer), as
    ``scipy.stats.poisson.logpmf``; differentiable in ``mu``.

    >>> round(float(poisson_logpmf(0, 2.0)), 6)  # e^-2
    -2.0
    """
    counts = np.asarray(value_of(k)) - np.asarray(value_of(loc))
    mu = _floats(mu, counts)[0]  # a number next to integer counts computes in float64
    valid = (counts >= 0) & (counts == np.floor(counts))
    counts = np.where(valid, counts, 0.0).astype(_float_dtype(mu))
    log_mass = _log_x_power(piecewise(counts), mu) - mu - gammaln(piecewise(counts + 1))
    return where(valid, log_mass, -np.inf)


@composite(scipy="stats.poisson.pmf", public=False)
def poisson_pmf(k, mu, loc=0) -> Any:
    """The Poisson probability of the count ``k``, as ``scipy.stats.poisson.pmf``.

    >>> round(float(poisson_pmf(1, 2.0)), 6)  # 2 e^-2
    0.270671
    """
    return exp(poisson_logpmf(k, mu, loc))


@composite(scipy="stats.poisson.cdf", public=False)
def poisson_cdf(k, mu, loc=0) -> Any:
    """``P(K <= k)`` = ``gammaincc(floor(k - loc) + 1, mu)`` (0 below ``loc``), as
    ``scipy.stats.poisson.cdf``; differentiable in ``mu``.

    >>> round(float(poisson_cdf(1.5, 2.0)), 6)  # 3 e^-2
    0.406006
    """
    counts = np.floor(np.asarray(value_of(k)) - np.asarray(value_of(loc)))
    mu = _floats(mu, counts)[0]
    valid = counts >= 0
    upper = gammaincc(piecewise((np.where(valid, counts, 0.0) + 1).astype(_float_dtype(mu))), mu)
    return where(valid, upper, 0.0)


@composite(scipy="stats.poisson.logcdf", public=False)
def poisson_logcdf(k, mu, loc=0) -> Any:
    """The log of the Poisson CDF, as ``scipy.stats.poisson.logcdf``.

    >>> round(float(poisson_logcdf(0, 2.0)), 6)
    -2.0
    """
    return _log_probability(poisson_cdf(k, mu, loc))


# --- multivariate normal and dirichlet ---------------------------------------------------
def _covariance_matrix(cov, dim: int):
    """SciPy's ``cov``: a number (times the identity), a vector (the diagonal) or a matrix."""
    cov = as_tensor(cov)
    if cov.ndim == 0:
        return cov * piecewise(np.eye(dim, dtype=np.result_type(cov.dtype, np.float32)))
    if cov.ndim == 1:
        return expand_dims(cov, axis=-1) * piecewise(
            np.eye(dim, dtype=np.result_type(cov.dtype, np.float32)))
    return cov


@composite(scipy="stats.multivariate_normal.logpdf", public=False)
def multivariate_normal_logpdf(x, mean=None, cov=1, allow_singular: bool = False) -> Any:
    """The multivariate normal log-density over the last axis of ``x``, as
    ``scipy.stats.multivariate_normal.logpdf`` (``cov`` a matrix, a vector for a diagonal
    one, or a number; the output squeezed as SciPy's). Computed from the Cholesky factor of
    ``cov`` (its lower triangle is read, as SciPy's eigh does); differentiable in ``x``,
    ``mean`` and ``cov``. ``allow_singular=True`` also takes a singular (semidefinite) ``cov``,
    as SciPy: the density on its range, -inf off it.

    >>> round(float(multivariate_normal_logpdf([0.0, 0.0], [0.0, 0.0], [[1.0, 0.0],
    ...                                                                  [0.0, 1.0]])), 6)
    -1.837877
    """
    x, mean, cov = _floats(x, mean, cov)
    x, cov = as_tensor(x), as_tensor(cov)
    if mean is None:  # SciPy's rule: the dimension is cov's (1 for a number)
        mean = np.zeros(cov.shape[0] if cov.ndim else 1, dtype=cov.dtype)
    mean = as_tensor(mean)
    dim = mean.shape[-1] if mean.ndim else 1
    if dim == 1 and (x.ndim == 0 or x.shape[-1] != 1):
        x = expand_dims(x, axis=-1)  # SciPy: in one dimension every entry is a point
        mean = reshape(mean, shape=(1,))
    if x.shape[-1] != dim:
        raise ValueError(f"multivariate_normal: x's last axis has {x.shape[-1]} entries, the "
                         f"mean {dim}")
    if allow_singular:
        result = _pseudo_logpdf(x - mean, _covariance_matrix(cov, dim))
        return squeeze(result) if result.ndim and 1 in result.shape else result
    lower = cholesky(_covariance_matrix(cov, dim))
    centred = expand_dims(x - mean, axis=-1)
    white = solve(lower, centred)
    mahalanobis = reduce_sum(white * white, axis=(-2, -1))
    log_det = 2.0 * reduce_sum(log(reduce_sum(
        lower * piecewise(np.eye(dim, dtype=np.result_type(lower.dtype, np.float32))),
        axis=-1)), axis=-1)
    result = -0.5 * (mahalanobis + log_det) - dim * _LOG_SQRT_2PI
    return squeeze(result) if result.ndim and 1 in result.shape else result


def _pseudo_logpdf(centred, cov):
    """SciPy's ``allow_singular=True``: the density on the range of ``cov`` (one matrix), from
    its eigendecomposition with SciPy's cutoff for zero eigenvalues: the pseudo-determinant,
    the pseudo-inverse's Mahalanobis distance, the rank for the dimension, and -inf off the
    range."""
    values, vectors = eigh(cov)
    spectrum = np.asarray(value_of(values))
    if spectrum.ndim != 1:
        raise ValueError(f"multivariate_normal: allow_singular=True takes one covariance "
                         f"matrix, got shape {tuple(cov.shape)}")
    cutoff = (1e3 if spectrum.dtype == np.float32 else 1e6) * np.finfo(spectrum.dtype).eps \
        * np.abs(spectrum).max()
    if spectrum.min() < -cutoff:
        raise ValueError("multivariate_normal: cov must be symmetric positive semidefinite")
    kept, null = np.flatnonzero(spectrum > cutoff), np.flatnonzero(spectrum <= cutoff)
    kept_values = getitem(values, kept)
    white = (centred @ getitem(vectors, (slice(None), kept))) / sqrt(kept_values)
    result = -0.5 * (len(kept) * 2 * _LOG_SQRT_2PI + reduce_sum(log(kept_values))
                     + reduce_sum(white * white, axis=-1))
    off = np.asarray(value_of(centred)) @ np.asarray(value_of(vectors))[:, null]
    outside = np.linalg.norm(off, axis=-1) >= 1e3 * cutoff
    return where(piecewise(outside), -np.inf, result) if outside.any() else result


@composite(scipy="stats.multivariate_normal.pdf", public=False)
def multivariate_normal_pdf(x, mean=None, cov=1, allow_singular: bool = False) -> Any:
    """The multivariate normal density, as ``scipy.stats.multivariate_normal.pdf``.

    >>> round(float(multivariate_normal_pdf([0.0, 0.0], cov=[1.0, 1.0])), 6)  # 1 / (2π)
    0.159155
    """
    return exp(multivariate_normal_logpdf(x, mean, cov, allow_singular))


@composite(scipy="stats.multivariate_normal.entropy", public=False)
def multivariate_normal_entropy(mean=None, cov=1, allow_singular: bool = False) -> Any:
    """The differential entropy ``(1/2) log det(2πe cov)``, as
    ``scipy.stats.multivariate_normal.entropy`` (it does not depend on ``mean``, which only
    sets the dimension when ``cov`` is a number); differentiable in ``cov``.

    >>> round(float(multivariate_normal_entropy(cov=[[1.0, 0.0], [0.0, 1.0]])), 6)  # 1+log 2π
    2.837877
    """
    mean, cov = _floats(mean, cov)
    if allow_singular:
        raise NotImplementedError("multivariate_normal: allow_singular=True is not supported "
                                  "(the Cholesky factor needs a positive-definite cov)")
    cov = as_tensor(cov)
    dim = cov.shape[0] if cov.ndim else (np.shape(mean)[-1] if np.ndim(mean) else 1)
    lower = cholesky(_covariance_matrix(cov, dim))
    log_det = 2.0 * reduce_sum(log(reduce_sum(
        lower * piecewise(np.eye(dim, dtype=np.result_type(lower.dtype, np.float32))),
        axis=-1)), axis=-1)
    return 0.5 * log_det + dim * (0.5 + _LOG_SQRT_2PI)


def _dirichlet_points(x, alpha):
    x, alpha = as_tensor(x), as_tensor(alpha)
    if alpha.ndim != 1:
        raise ValueError(f"dirichlet: alpha must be a vector, got shape {alpha.shape}")
    k = alpha.shape[0]
    if x.shape[0] == k - 1:  # SciPy: the last component is 1 minus the others
        x = concat([x, 1 - reduce_sum(x, axis=0, keepdims=True)], axis=0)
    if x.shape[0] != k:
        raise ValueError(f"dirichlet: x's first axis has {x.shape[0]} components, alpha {k}")
    values = np.asarray(value_of(x))
    if np.any(values < 0) or np.any(values > 1):
        raise ValueError("dirichlet: each component of x must lie in [0, 1]")
    if np.any(np.abs(values.sum(axis=0) - 1) > 1e-9 * (1 if values.dtype == np.float64
                                                          else 1e4)):
        raise ValueError("dirichlet: the components of x must sum to 1 (along its first axis)")
    return x, alpha


@composite(scipy="stats.dirichlet.logpdf", public=False)
def dirichlet_logpdf(x, alpha) -> Any:
    """The Dirichlet log-density, as ``scipy.stats.dirichlet.logpdf``: components along the
    first axis of ``x`` (``(K,)`` or ``(K, n)``), ``Σ (αᵢ-1) log xᵢ + gammaln(Σ α) -
    Σ gammaln(αᵢ)``; differentiable in ``x`` and ``alpha``.

    >>> round(float(dirichlet_logpdf([0.2, 0.3, 0.5], [1.0, 2.0, 3.0])), 6)
    1.504077
    """
    x, alpha = _floats(x, alpha)
    x, alpha = _dirichlet_points(x, alpha)
    shaped = reshape(alpha, shape=(-1,) + (1,) * (x.ndim - 1))
    return reduce_sum(_log_x_power(shaped - 1, x), axis=0) + gammaln(reduce_sum(alpha)) \
        - reduce_sum(gammaln(alpha))


@composite(scipy="stats.dirichlet.pdf", public=False)
def dirichlet_pdf(x, alpha) -> Any:
    """The Dirichlet density, as ``scipy.stats.dirichlet.pdf``.

    >>> round(float(dirichlet_pdf([0.5, 0.5], [1.0, 1.0])), 6)
    1.0
    """
    return exp(dirichlet_logpdf(x, alpha))


from .arithmetic import exp, log, negative, sqrt, where  # noqa: E402
from .incomplete import betainc, gammainc, gammaincc, stdtr  # noqa: E402
from .linalg import as_tensor, cholesky, eigh, solve  # noqa: E402
from .reductions import sum as reduce_sum  # noqa: E402
from .shape import concat, expand_dims, getitem, reshape, squeeze  # noqa: E402
from .special import betaln, gammaln, log_ndtr, ndtr, ndtri  # noqa: E402
