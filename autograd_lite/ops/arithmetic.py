"""Elementwise arithmetic: each op's NumPy forward with its vector-Jacobian products beside it.

In every rule ``upstream`` is the gradient arriving from the op's output, ``out`` the output
itself. Broadcast inputs are summed back to their shapes by the tape, never here.
"""
from __future__ import annotations

import math

import numpy as np

from ..primitive import op, piecewise, value_of
from ..tensor import _PYTHON_NUMBERS, Tensor


def _tie_share(x, y, dtype, larger: bool, first: bool) -> Tensor:
    """The 0/1 share of the gradient for the ``first`` (else second) input of maximum
    (``larger``) or minimum. A tie goes wholly to the first input, as TF's _MaximumGrad
    (x >= y) and _MinimumGrad (x <= y) do, so exactly one input gets each element's gradient."""
    x, y = value_of(x), value_of(y)
    wins = np.greater_equal(x, y) if larger else np.less_equal(x, y)
    return piecewise((wins if first else np.logical_not(wins)).astype(dtype))


@op(vjp=(lambda upstream, out, x, y: upstream,
         lambda upstream, out, x, y: upstream), local=("1", "1"),
    numpy=np.add, tf="math.add", elementwise=True)
def add(x, y):
    """``x + y`` with broadcasting.

    >>> ag.add([1.0, 2.0], 10.0).numpy()
    array([11., 12.], dtype=float32)
    """
    return np.add(x, y)


@op(vjp=(lambda upstream, out, x, y: upstream,
         lambda upstream, out, x, y: negative(upstream)), local=("1", "-1"),
    numpy=np.subtract, tf="math.subtract", elementwise=True)
def subtract(x, y):
    """``x - y`` with broadcasting.

    >>> ag.subtract(5.0, [1.0, 2.0]).numpy()
    array([4., 3.], dtype=float32)
    """
    return np.subtract(x, y)


@op(vjp=(lambda upstream, out, x, y: upstream * y,
         lambda upstream, out, x, y: upstream * x), local=("y", "x"),
    numpy=np.multiply, tf="math.multiply", elementwise=True)
def multiply(x, y):
    """``x * y`` with broadcasting.

    >>> ag.multiply([1.0, 2.0], 3.0).numpy()
    array([3., 6.], dtype=float32)
    """
    return np.multiply(x, y)


@op(vjp=(lambda upstream, out, x, y: upstream / y,
         lambda upstream, out, x, y: negative(upstream) * out / y), local=("1/y", "-x/y²"),
    numpy=np.true_divide, tf="math.divide", elementwise=True)
def divide(x, y):
    """``x / y`` (true division) with broadcasting.

    >>> ag.divide(1.0, [2.0, 4.0]).numpy()
    array([0.5 , 0.25], dtype=float32)
    """
    return np.true_divide(x, y)


@op(vjp=lambda upstream, out, x: upstream, local="1",
    numpy=np.positive, elementwise=True, public=False)
def positive(x):
    """``+x`` as a new array: what ``+v`` gives for a Variable, a snapshot later assigns leave
    alone (not in the public op table: ``+t`` of an immutable Tensor is ``t`` itself).

    >>> positive([1.0, -2.0]).numpy()
    array([ 1., -2.], dtype=float32)
    """
    return np.positive(x)


@op(vjp=lambda upstream, out, x: negative(upstream), local="-1",
    numpy=np.negative, tf="math.negative", elementwise=True)
def negative(x):
    """``-x``.

    >>> ag.negative([1.0, -2.0]).numpy()
    array([-1.,  2.], dtype=float32)
    """
    return np.negative(x)


def _power_vjp_base(upstream, out, x, p):
    # Where p = 0, x^p is the constant 1: its derivative is 0 also at x = 0, the limit, where
    # p·x^(p-1) would be 0·inf. x is replaced by 1 there, so no order of derivative sees inf.
    exponent = value_of(p)
    if type(exponent) in _PYTHON_NUMBERS:
        if exponent == 0:
            return upstream * 0 * x
    elif not np.all(exponent):
        x = where(piecewise(np.equal(exponent, 0)), 1, x)
    return upstream * p * power(x, p - 1)


def _power_vjp_exponent(upstream, out, x, p):
    # log x is taken only where x > 0: the exponent's gradient is 0 at x <= 0, never NaN.
    positive = value_of(x) > 0
    return upstream * out * log(where(positive, x, 1))


@op(vjp=(_power_vjp_base, _power_vjp_exponent), local=("p·x^(p-1)", "x^p·log(x)"),
    numpy=np.power, tf=("pow", "math.pow"), elementwise=True)
def power(x, p):
    """``x ** p`` elementwise. d/dp is taken as 0 where x <= 0.

    >>> ag.power([2.0, 3.0], 2).numpy()
    array([4., 9.], dtype=float32)
    """
    return np.power(x, p)


@op(vjp=lambda upstream, out, x: upstream * (2 * x), local="2x",
    numpy=np.square, tf="math.square", elementwise=True)
def square(x):
    """``x ** 2``.

    >>> ag.square([3.0]).numpy()
    array([9.], dtype=float32)
    """
    return np.square(x)


@op(vjp=lambda upstream, out, x: upstream / (2 * out), local="1/(2·sqrt(x))",
    numpy=np.sqrt, tf="math.sqrt", elementwise=True)
def sqrt(x):
    """Square root; its gradient at 0 is infinite.

    >>> ag.sqrt([4.0]).numpy()
    array([2.], dtype=float32)
    """
    return np.sqrt(x)


@op(vjp=lambda upstream, out, x: upstream * out, local="exp(x)",
    numpy=np.exp, tf=("math.exp", "exponential"), elementwise=True)
def exp(x):
    """``e ** x``.

    >>> ag.exp([0.0]).numpy()
    array([1.], dtype=float32)
    """
    return np.exp(x)


@op(vjp=lambda upstream, out, x: upstream / x, local="1/x",
    numpy=np.log, tf="math.log", elementwise=True)
def log(x):
    """Natural logarithm.

    >>> ag.log([1.0]).numpy()
    array([0.], dtype=float32)
    """
    return np.log(x)


_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
# math.erf, element by element: exact to the last bit (NumPy has no erf) at about 75 ns per
# element; gelu keeps the values it computes so its backward pass does not need them again.
_erf_elements = np.frompyfunc(math.erf, 1, 1)
_erfc_elements = np.frompyfunc(math.erfc, 1, 1)


def erf_values(x, complement: bool = False) -> np.ndarray:
    """erf (or with ``complement`` erfc = 1 - erf, accurate where erf is near 1) of an array;
    floats keep their dtype, others give float64."""
    x = np.asarray(x)
    values = (_erfc_elements if complement else _erf_elements)(x)
    return np.asarray(values, dtype=x.dtype if x.dtype.kind == "f" else np.float64)


@op(vjp=lambda upstream, out, x: upstream * (_TWO_OVER_SQRT_PI * exp(negative(square(x)))),
    local="2/√π·exp(-x²)", tf="math.erf", elementwise=True)
def erf(x):
    """The error function ``2/√π ∫₀ˣ exp(-t²) dt``, as ``tf.math.erf``.

    >>> ag.erf([0.0, 1.0]).numpy()
    array([0.       , 0.8427008], dtype=float32)
    """
    return erf_values(x)


@op(vjp=lambda upstream, out, x: upstream * cos(x), local="cos(x)",
    numpy=np.sin, tf="math.sin", elementwise=True)
def sin(x):
    """Sine.

    >>> ag.sin([0.0]).numpy()
    array([0.], dtype=float32)
    """
    return np.sin(x)


@op(vjp=lambda upstream, out, x: negative(upstream * sin(x)), local="-sin(x)",
    numpy=np.cos, tf="math.cos", elementwise=True)
def cos(x):
    """Cosine.

    >>> ag.cos([0.0]).numpy()
    array([1.], dtype=float32)
    """
    return np.cos(x)


def _zeros_for(x, out) -> np.ndarray:
    return np.zeros(np.shape(x), dtype=out.dtype)


@op(vjp=(lambda upstream, out, x, y: _zeros_for(x, out),
         lambda upstream, out, x, y: _zeros_for(y, out)), local=("0", "0"),
    numpy=np.floor_divide, tf=("floordiv", "math.floordiv"), elementwise=True)
def floor_divide(x, y):
    """``x // y``: the largest integer not above ``x / y``. Piecewise constant, so its gradient
    is zeros (connected, as for ``step``; TF's FloorDiv gives ``None``).

    >>> ag.floor_divide([7.0, -7.0], 2.0).numpy()
    array([ 3., -4.], dtype=float32)
    """
    return np.floor_divide(x, y)


@op(vjp=(lambda upstream, out, x, y: upstream,
         lambda upstream, out, x, y: upstream * negative(floor_divide(x, y))),
    local=("1", "-floor(x/y)"),
    numpy=np.remainder, tf=("floormod", "math.floormod", "math.mod"), elementwise=True)
def mod(x, y):
    """``x % y`` with the sign of ``y`` (Python's and TF's floormod): ``x - floor(x/y)·y``.
    Gradients as TF's FloorMod: 1 for ``x``, ``-floor(x/y)`` for ``y``.

    >>> ag.mod([7.0, -7.0], 3.0).numpy()
    array([1., 2.], dtype=float32)
    """
    return np.mod(x, y)


@op(vjp=lambda upstream, out, x: _zeros_for(x, out), local="0", numpy=np.sign,
    tf="math.sign", elementwise=True)
def sign(x):
    """-1, 0 or 1 by the sign of ``x``; its gradient is 0 everywhere.

    >>> ag.sign([-3.0, 0.0, 2.0]).numpy()
    array([-1.,  0.,  1.], dtype=float32)
    """
    return np.sign(x)


@op(vjp=lambda upstream, out, x: upstream * sign(x), local="sign(x)",
    numpy=np.absolute, tf="math.abs", elementwise=True)
def abs(x):
    """``|x|``; its gradient is sign(x), so 0 at x = 0, and its second derivative 0.

    >>> ag.abs([-2.0, 3.0]).numpy()
    array([2., 3.], dtype=float32)
    """
    return np.abs(x)


@op(vjp=(lambda upstream, out, x, y: upstream * _tie_share(x, y, out.dtype, True, True),
         lambda upstream, out, x, y: upstream * _tie_share(x, y, out.dtype, True, False)),
    local=("[x>=y]", "[x<y]"), numpy=np.maximum, tf="math.maximum", elementwise=True)
def maximum(x, y):
    """Elementwise larger of ``x`` and ``y``; at a tie the whole gradient goes to ``x`` (as TF).

    >>> ag.maximum([1.0, 5.0], 3.0).numpy()
    array([3., 5.], dtype=float32)
    >>> ag.grad(lambda a: ag.maximum(a, 0.0))(0.0).numpy()
    array(1., dtype=float32)
    """
    return np.maximum(x, y)


@op(vjp=(lambda upstream, out, x, y: upstream * _tie_share(x, y, out.dtype, False, True),
         lambda upstream, out, x, y: upstream * _tie_share(x, y, out.dtype, False, False)),
    local=("[x<=y]", "[x>y]"), numpy=np.minimum, tf="math.minimum", elementwise=True)
def minimum(x, y):
    """Elementwise smaller of ``x`` and ``y``; at a tie the whole gradient goes to ``x`` (as TF).

    >>> ag.minimum([1.0, 5.0], 3.0).numpy()
    array([1., 3.], dtype=float32)
    """
    return np.minimum(x, y)


def _inside(x, lo, hi) -> Tensor:
    x, lo, hi = value_of(x), value_of(lo), value_of(hi)
    return piecewise((x >= lo) & (x <= hi))


@op(vjp=(lambda upstream, out, x, lo, hi: upstream * _inside(x, lo, hi),
         lambda upstream, out, x, lo, hi: upstream * piecewise(value_of(x) < value_of(lo)),
         lambda upstream, out, x, lo, hi: upstream * piecewise(value_of(x) > value_of(hi))),
    local=("[lo<=x<=hi]", "[x<lo]", "[x>hi]"), numpy=np.clip, tf="clip_by_value", elementwise=True)
def clip(x, lo, hi):
    """Limit ``x`` to ``[lo, hi]``; the gradient passes inside and at the bounds.

    >>> ag.clip([-1.0, 0.5, 2.0], 0.0, 1.0).numpy()
    array([0. , 0.5, 1. ], dtype=float32)
    """
    return np.clip(x, lo, hi)


@op(vjp=(None,
         lambda upstream, out, cond, a, b: where(cond, upstream, 0),
         lambda upstream, out, cond, a, b: where(cond, 0, upstream)),
    local=("", "[cond]", "[not cond]"), numpy=np.where, tf="where", elementwise=True)
def where(cond, a, b):
    """``a`` where ``cond`` is true, else ``b`` (with broadcasting).

    Both branches are computed; a branch that is NaN or infinite where it is not taken still
    poisons the gradient (0 · inf): make the untaken branch safe, e.g.
    ``ag.where(x > 0, ag.sqrt(ag.where(x > 0, x, 1)), 0)``.

    >>> ag.where([True, False], 1.0, [5.0, 6.0]).numpy()
    array([1., 6.], dtype=float32)
    """
    return np.where(cond, a, b)

