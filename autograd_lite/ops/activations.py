"""Activation functions. Stable forms are primitives (their VJPs use the output ``out``)."""
from __future__ import annotations

import math

import numpy as np

from ..arguments import check_number
from ..backend import ARRAY, is_raw
from ..primitive import composite, op, value_of
from .arithmetic import erf, erf_values, exp, square, where
from .reductions import _kept_shape, sum_kept


def _zero_grad(upstream, out, x, *args, **params):
    return np.zeros(np.shape(x), dtype=out.dtype)


@op(vjp=lambda upstream, out, x: upstream * (out - square(out)), local="σ(x)·(1-σ(x))",
    tf=("math.sigmoid", "nn.sigmoid"), elementwise=True)
def sigmoid(x):
    """``1 / (1 + e^-x)``, computed as ``exp(-log(1 + e^-x))``: no overflow, and accurate in
    both tails (sigmoid(-40) is 4e-18, not 0).

    >>> ag.sigmoid([0.0]).numpy()
    array([0.5], dtype=float32)
    """
    return np.exp(-np.logaddexp(0, np.negative(x)))


@op(vjp=lambda upstream, out, x: upstream - upstream * square(out), local="1-tanh²(x)",
    numpy=np.tanh, tf=("math.tanh", "nn.tanh"), elementwise=True)
def tanh(x):
    """Hyperbolic tangent.

    >>> ag.tanh([0.0]).numpy()
    array([0.], dtype=float32)
    """
    return np.tanh(x)


def _relu_vjp(upstream, out, x):
    # On bare arrays (a raw pass) the boolean mask multiplies as it is, which saves the step
    # op's float copy; on Tensors the step op gives TF's zero second derivative.
    return upstream * (x > 0 if type(x) is ARRAY else step(x))


@op(vjp=_relu_vjp, local="[x>0]", tf="nn.relu", elementwise=True)
def relu(x):
    """``max(x, 0)``; its gradient at 0 is 0, its second derivative 0 (as in TensorFlow).

    >>> ag.relu([-1.0, 2.0]).numpy()
    array([0., 2.], dtype=float32)
    """
    return np.maximum(x, 0)


@op(vjp=_zero_grad, local="0", name="leaky_relu_slope", elementwise=True, public=False)
def _leaky_relu_slope(x, alpha=0.2):
    """The slope of leaky_relu at ``x``: 1 where x > 0, else ``alpha`` (itself flat)."""
    x = np.asarray(x)
    return np.where(x > 0, 1, alpha).astype(x.dtype if x.dtype.kind == "f" else np.float32)


@op(vjp=lambda upstream, out, x, alpha=0.2: upstream * _leaky_relu_slope(x, alpha=alpha),
    local="1 if x>0 else α", tf="nn.leaky_relu", elementwise=True)
def leaky_relu(x, alpha=0.2):
    """``x`` for x > 0 else ``alpha·x``; its gradient at 0 is ``alpha``, its second
    derivative 0.

    >>> ag.leaky_relu([-1.0, 2.0]).numpy()
    array([-0.2,  2. ], dtype=float32)
    """
    x = np.asarray(x)
    alpha = check_number(alpha, "leaky_relu", "alpha")
    return np.where(x > 0, x, np.multiply(x, alpha, dtype=x.dtype))


@op(vjp=lambda upstream, out, x, alpha=1.0: upstream * where(value_of(x) < 0, out + alpha, 1),
    local="1 if x>=0 else elu(x)+α", tf="nn.elu", elementwise=True)
def elu(x, alpha=1.0):
    """``x`` for x > 0 else ``alpha·(e^x - 1)``; its gradient at 0 is 1.

    >>> ag.elu([0.0, 1.0]).numpy()
    array([0., 1.], dtype=float32)
    """
    x = np.asarray(x)
    negative_part = np.multiply(np.expm1(np.minimum(x, 0)), alpha, dtype=x.dtype)
    return np.where(x > 0, x, negative_part)


@op(vjp=lambda upstream, out, x: upstream * sigmoid(x), local="σ(x)",
    tf=("math.softplus", "nn.softplus"), elementwise=True)
def softplus(x):
    """``log(1 + e^x)``, computed stably (finite at ±1000).

    >>> ag.softplus([0.0]).numpy()
    array([0.6931472], dtype=float32)
    """
    return np.logaddexp(0, x)


@composite(tf=("silu", "nn.swish", "nn.silu"), elementwise=True)
def swish(x):
    """``x · sigmoid(x)`` (also called SiLU).

    >>> ag.swish([0.0]).numpy()
    array([0.], dtype=float32)
    """
    return x * sigmoid(x)



# Keras's (and TF's) SELU constants, from Klambauer et al. 2017
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _float_array(x) -> np.ndarray:
    x = np.asarray(x)
    return x if x.dtype.kind == "f" else x.astype(np.float64)


@op(vjp=lambda upstream, out, x: upstream * where(
        value_of(x) < 0, out + _SELU_SCALE * _SELU_ALPHA, _SELU_SCALE),
    local="λ if x>=0 else selu(x)+λα", tf="nn.selu", elementwise=True)
def selu(x):
    """``λ·x`` for x > 0 else ``λ·α·(e^x - 1)``, with Keras's λ ≈ 1.0507 and α ≈ 1.6733; its
    gradient at 0 is λ (as TF's).

    >>> ag.selu([0.0, 1.0]).numpy()
    array([0.       , 1.050701], dtype=float32)
    """
    x = _float_array(x)
    negative_part = np.expm1(np.minimum(x, 0)) * (_SELU_SCALE * _SELU_ALPHA)
    return np.where(x > 0, x * _SELU_SCALE, negative_part)


_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_TANH_SCALE = math.sqrt(2.0 / math.pi)
_CUBIC = 0.044715


def _gelu_gate(x, approximate: bool):
    """What gelu multiplies ``x`` by, written with ops: Φ(x), or its tanh approximation."""
    if approximate:
        return 0.5 + 0.5 * tanh(_TANH_SCALE * (x + _CUBIC * x * square(x)))
    return 0.5 + 0.5 * erf(x * _SQRT_HALF)


def _gelu_vjp(upstream, out, x, approximate=False, residual=None):
    # The forward's gate (the residual) is reused on bare arrays; on Tensors it is recomputed
    # with ops, so that a higher derivative sees how it depends on x.
    gate = residual if residual is not None and is_raw(x) else _gelu_gate(
        x, approximate)
    if approximate:  # d tanh(u) = 1 - tanh² = 4·gate·(1 - gate)
        du = _TANH_SCALE * (1 + 3 * _CUBIC * square(x))
        return upstream * (gate + 2 * x * gate * (1 - gate) * du)
    return upstream * (gate + x * exp(-0.5 * square(x)) * _INV_SQRT_2PI)


@op(vjp=_gelu_vjp, local="Φ(x) + x·φ(x) (or the tanh form's)", residual=True,
    tf="nn.gelu", elementwise=True)
def gelu(x, approximate=False):
    """Gaussian error linear unit ``x·Φ(x) = x/2·(1 + erf(x/√2))``; ``approximate=True`` uses
    ``x/2·(1 + tanh(√(2/π)·(x + 0.044715x³)))`` instead, as ``tf.nn.gelu``.

    >>> ag.gelu([0.0, 1.0]).numpy()
    array([0.       , 0.8413447], dtype=float32)
    """
    x = _float_array(x)
    if approximate:
        gate = 0.5 + 0.5 * np.tanh(_TANH_SCALE * (x + _CUBIC * x * x * x))
    else:
        # Φ(x) as erfc(-x/√2)/2: no cancellation for negative x (gelu(-10) is -7.6e-23, not 0)
        gate = 0.5 * erf_values(-x * _SQRT_HALF, complement=True)
    return x * gate, gate  # the gate: the gradient needs it


@op(vjp=_zero_grad, local="0", name="hard_sigmoid_slope", elementwise=True, public=False)
def _hard_sigmoid_slope(x):
    """The slope of hard_sigmoid at ``x``: 1/6 where -3 < x < 3, else 0 (itself flat)."""
    x = _float_array(x)
    return np.where((x > -3) & (x < 3), 1 / 6, 0).astype(x.dtype)


@op(vjp=lambda upstream, out, x: upstream * _hard_sigmoid_slope(x),
    local="1/6 if -3<x<3 else 0", elementwise=True)
def hard_sigmoid(x):
    """Keras 3's ``relu6(x + 3) / 6``: 0 below -3, 1 above 3, linear between. Its gradient is
    1/6 inside and 0 at ±3 and beyond (as TF's relu6).

    >>> ag.hard_sigmoid([-4.0, 0.0, 1.5, 4.0]).numpy()
    array([0.  , 0.5 , 0.75, 1.  ], dtype=float32)
    """
    x = _float_array(x)
    return np.minimum(np.maximum(x + 3, 0), 6) / 6


def _softmax_vjp(upstream, out, x, axis=-1):
    return out * (upstream - sum_kept(upstream * out, axis))


@op(vjp=_softmax_vjp, local="s·(upstream - Σ upstream·s)", tf=("nn.softmax", "math.softmax"))
def softmax(x, axis=-1):
    """``e^x / sum(e^x)`` along ``axis``, shifted by the maximum so it never overflows.

    >>> ag.softmax([0.0, 0.0]).numpy()
    array([0.5, 0.5], dtype=float32)
    """
    x = np.asarray(x)
    shifted = np.exp(x - x.max(axis=axis, keepdims=True))
    return shifted / sum_kept(shifted, axis)


def _log_softmax_vjp(upstream, out, x, axis=-1):
    return upstream - exp(out) * sum_kept(upstream, axis)


@op(vjp=_log_softmax_vjp, local="upstream - softmax(x)·Σ upstream",
    tf=("nn.log_softmax", "math.log_softmax"))
def log_softmax(x, axis=-1):
    """``x - logsumexp(x)`` along ``axis``, computed stably (finite at ±1000).

    >>> ag.log_softmax([0.0, 0.0]).numpy()
    array([-0.6931472, -0.6931472], dtype=float32)
    """
    x = np.asarray(x)
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(sum_kept(np.exp(shifted), axis))


def _per_example(upstream, logits, axis):
    """The per-example upstream gradient with the class axis put back, to broadcast."""
    if axis == -1:  # the usual case, without _kept_shape's general axis arithmetic
        return upstream.reshape(upstream.shape + (1,))
    return upstream.reshape(_kept_shape(logits.shape, axis))


def _cross_entropy_vjp_labels(upstream, out, labels, logits, axis=-1, residual=None):
    return _per_example(upstream, logits, axis) * -log_softmax(logits, axis=axis)


def _cross_entropy_vjp_logits(upstream, out, labels, logits, axis=-1, residual=None):
    # softmax·Σlabels - labels: exact for rows that do not sum to 1 as well (a zero row, masked,
    # gets no gradient), where TF's kernel assumes each row is a distribution. On bare arrays
    # the forward's softmax (the residual) is reused; on Tensors it is recomputed with ops.
    probs = residual if residual is not None and is_raw(logits) else softmax(
        logits, axis=axis)
    return _per_example(upstream, logits, axis) * (probs * sum_kept(labels, axis) - labels)


@op(vjp=(_cross_entropy_vjp_labels, _cross_entropy_vjp_logits),
    local=("-log softmax(z)", "softmax(z)·Σlabels - labels"), mismatch="must have the same shape",
    residual=True, tf="nn.softmax_cross_entropy_with_logits")
def softmax_cross_entropy_with_logits(labels, logits, axis=-1):
    """Per-example ``-sum(labels * log_softmax(logits), axis)`` as one op, like
    ``tf.nn.softmax_cross_entropy_with_logits``: stable at ±1000, and the gradient for the
    logits is ``softmax(logits) - labels`` in one step for rows of labels that are
    distributions (scaled by each row's sum otherwise); the labels get one too.

    >>> ag.softmax_cross_entropy_with_logits([[0.0, 1.0]], [[0.0, 0.0]]).numpy()
    array([0.6931472], dtype=float32)
    """
    labels, logits = np.asarray(labels), np.asarray(logits)
    if labels.shape != logits.shape:
        raise ValueError("labels and logits differ in shape")
    shifted = logits - logits.max(axis=axis, keepdims=True)
    exps = np.exp(shifted)
    total = sum_kept(exps, axis)
    loss = sum_kept(labels.astype(logits.dtype, copy=False) * (np.log(total) - shifted), axis)
    return loss.squeeze(axis), exps / total  # the softmax: the logits' gradient needs it


@op(vjp=_zero_grad, local="0", elementwise=True)
def step(x):
    """Heaviside step: 1 where x > 0, else 0; its gradient is 0 everywhere.

    >>> ag.step([-1.0, 0.0, 2.0]).numpy()
    array([0., 0., 1.], dtype=float32)
    """
    x = np.asarray(x)
    return (x > 0).astype(x.dtype if x.dtype.kind in "iuf" else np.float32)
