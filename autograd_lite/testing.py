"""Gradient checks against central finite differences that name the op whose VJP is wrong.

``ag.testing.check_grads(f, *args, order=1)`` compares the tape's gradient of ``f`` at ``args``
with central differences in float64 (``order=2`` also checks the second derivatives). On a
mismatch it replays every recorded op on its actual inputs and names the first one whose VJP
disagrees with the differences of its own forward: the op, its input shapes, the worst index and
the error.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, List, Optional, Sequence, Tuple

import numpy as np

from .records import Record
from .tape import STATE, GradientTape, UnconnectedGradients, after_op
from .tape import not_recorded as _quiet
from .tensor import Tensor, Variable, constant, wrap
from .unbroadcast import fit_gradient

EPS = 1e-6


class GradientCheckError(AssertionError):
    """A gradient differs from central differences. ``op`` names the first recorded op whose
    VJP disagrees (``None`` if no single op does); ``order``, ``argnum``, ``index`` and
    ``error`` locate the worst element."""

    def __init__(self, message: str, mismatch: "Mismatch", culprit: Optional["Mismatch"]) -> None:
        super().__init__(message)
        self.order = mismatch.order
        self.argnum = mismatch.argnum
        self.index = mismatch.index
        self.error = mismatch.error
        self.op = culprit.op if culprit else None
        self.culprit = culprit


@dataclass
class Mismatch:
    """Where a computed derivative and central differences disagree most."""

    order: int
    argnum: int
    index: tuple
    computed: float
    numeric: float
    op: Optional[str] = None
    shapes: Tuple[tuple, ...] = ()

    @property
    def error(self) -> float:
        return abs(self.computed - self.numeric)

    def where(self) -> str:
        return (f"at index {self.index}: computed {self.computed:.6g}, central differences "
                f"{self.numeric:.6g} (error {self.error:.3g})")


def check_grads(f: Callable[..., Tensor], *args: Any, order: int = 1, rtol: float = 1e-5,
                atol: float = 1e-6, seed: int = 0, argnums: Optional[Sequence[int]] = None,
                allow_none: bool = True, variables: Sequence[Variable] = ()) -> None:
    """Check the tape's gradients of ``f`` at ``args`` against central differences (float64).

    Floating arguments (numbers, arrays, Tensors, Variables) are converted to float64 constants
    and differentiated (only those in ``argnums`` when given); others are passed through. A
    non-scalar result is reduced with a fixed random weighting. ``order=2`` also checks the
    derivative of the gradient (a Hessian-vector product). ``allow_none=False`` also requires
    every checked argument to be connected (a ``None`` gradient fails even where the
    differences are zero). ``variables``: float64 Variables that ``f`` reads (a layer's
    weights), checked too at order 1 by moving their values. Each gradient must come back in
    float64. Raises :class:`GradientCheckError` naming the first recorded op whose VJP
    disagrees; returns ``None`` when everything agrees.

    >>> ag.testing.check_grads(lambda x: ag.sum(ag.sin(x) * x), [0.5, 1.5], order=2)
    >>> w = ag.Variable([0.5, -1.0], dtype="float64")
    >>> ag.testing.check_grads(lambda x: ag.sum(ag.tanh(x * w)), [1.0, 2.0], variables=[w])
    """
    if order not in (1, 2):
        raise ValueError(f"check_grads: order must be 1 or 2, got {order!r}")
    if variables and order != 1:
        raise ValueError("check_grads: variables= are checked at order 1; pass their values as "
                         "arguments to check second derivatives")
    for v in variables:
        if not isinstance(v, Variable) or v.dtype != np.float64:
            raise TypeError(f"check_grads: variables must be float64 Variables, got {v!r}")
    values = [_as_float64(a) for a in args]
    positions = [i for i, v in enumerate(values) if isinstance(v, Tensor)
                 and (argnums is None or i in argnums)]
    if not positions and not variables:
        raise TypeError("check_grads: f needs at least one floating-point argument")
    rng = np.random.default_rng(seed)
    scalar = _scalarized(f, rng)
    _check(scalar, values, positions, 1, rtol, atol, seed, allow_none=allow_none,
           variables=tuple(variables))
    if order == 2:
        _check(_directional_gradient(scalar, positions, values, rng), values, positions, 2,
               rtol, atol, seed, first=scalar, allow_none=True)


def numeric_gradient(f: Callable[..., Any], *args: Any, argnum: int = 0,
                     eps: float = 1e-6) -> np.ndarray:
    """Central differences ``(f(x + eps) - f(x - eps)) / 2 eps`` of a scalar function ``f`` with
    respect to ``args[argnum]``, one element at a time, in float64 (that argument is given to
    ``f`` as a float64 array, the others as they are).

    >>> ag.testing.numeric_gradient(lambda x, y: float(np.sum(x * x * y)), [1.0, 2.0], 3.0)
    array([ 6., 12.])
    """
    base = np.array(args[argnum], dtype=np.float64)
    result = np.zeros(base.shape, np.float64)
    for index in np.ndindex(*base.shape):
        shifted = []
        for sign in (1, -1):
            moved = base.copy()
            moved[index] += sign * eps
            shifted.append(float(f(*args[:argnum], moved, *args[argnum + 1:])))
        result[index] = (shifted[0] - shifted[1]) / (2 * eps)
    return result


def _as_float64(value: Any) -> Any:
    array = np.asarray(value._value if isinstance(value, Tensor) else value)
    if array.dtype.kind != "f":
        return value
    return constant(array.astype(np.float64))


def _scalarized(f: Callable[..., Tensor], rng: np.random.Generator) -> Callable[..., Tensor]:
    """``f`` itself when it returns a scalar, else a fixed random weighted sum of its output."""
    weights: dict = {}

    def terms(*args: Any) -> List[Tensor]:
        out = f(*args)
        if not isinstance(out, Tensor):
            raise TypeError(f"check_grads: f must return a Tensor, got {type(out).__name__}")
        if out.ndim == 0:
            return [out]
        if out.shape not in weights:
            weights[out.shape] = rng.standard_normal(out.shape)
        return [out * weights[out.shape]]

    def scalar(*args: Any) -> Tensor:
        from .ops import sum as reduce_sum
        out = terms(*args)[0]
        return out if out.ndim == 0 else reduce_sum(out)
    scalar.terms = terms  # type: ignore[attr-defined]  # a function attribute
    return scalar


def _directional_gradient(f: Callable[..., Tensor], positions: Sequence[int], values: list,
                          rng: np.random.Generator) -> Callable[..., Tensor]:
    """``g(args) = sum_i <df/d args[i], v_i>`` with fixed random ``v_i``: its gradient is a
    Hessian-vector product, taken by the tape through the recorded backward pass."""
    from .ops import sum as reduce_sum
    directions = {i: rng.standard_normal(values[i].shape) for i in positions}

    def g_terms(*args: Any) -> List[Tensor]:
        sources = [args[i] for i in positions]
        with GradientTape() as inner:
            inner.watch(sources)
            out = f(*args)
        grads = inner.gradient(out, sources, unconnected_gradients=UnconnectedGradients.ZERO)
        return [grad * directions[i] for grad, i in zip(grads, positions)]

    def g(*args: Any) -> Tensor:
        parts = [reduce_sum(term) for term in g_terms(*args)]
        total = parts[0]
        for part in parts[1:]:
            total = total + part
        return total
    g.terms = g_terms  # type: ignore[attr-defined]  # a function attribute
    return g


# --- the whole function -------------------------------------------------------------------
def _check(f: Callable[..., Tensor], values: list, positions: List[int], order: int,
           rtol: float, atol: float, seed: int, first: Optional[Callable] = None,
           allow_none: bool = True, variables: Tuple[Variable, ...] = ()) -> None:
    sources = [values[i] for i in positions] + list(variables)
    with GradientTape(persistent=True) as tape:
        tape.watch(sources)
        out = f(*values)
    grads = tape.gradient(out, sources)
    numerics = [_term_differences(f.terms, values, argnum) if hasattr(f, "terms")
                else _differences(lambda *a: float(f(*a)), values, argnum)
                for argnum in positions]
    numerics += [_variable_differences(lambda: float(f(*values)), v) for v in variables]
    names = [str(i) for i in positions] + [repr(v.name) for v in variables]
    for argnum, source, grad, numeric, name in zip(positions + [-1] * len(variables), sources,
                                                  grads, numerics, names):
        if grad is None:
            if not allow_none:
                raise GradientCheckError(f"check_grads: the gradient with respect to argument "
                                         f"{name} is None (unconnected)",
                                         Mismatch(order, argnum, (), np.nan, np.nan), None)
            grad = wrap(np.zeros(source.shape))
        elif grad.dtype != np.float64:
            raise GradientCheckError(f"check_grads: the gradient with respect to argument "
                                     f"{name} is {grad.dtype}, not float64 like its source",
                                     Mismatch(order, argnum, (), np.nan, np.nan), None)
        bad = _worst(np.asarray(grad._value, np.float64), numeric, rtol, atol)
        if bad is not None:
            mismatch = Mismatch(order, argnum, bad, float(grad._value[bad]), float(numeric[bad]))
            culprit = _culprit(tape._records, first, values, order, rtol, atol, seed)
            raise GradientCheckError(_message(mismatch, culprit), mismatch, culprit)


def _differences(f: Callable[..., float], values: list, argnum: int) -> np.ndarray:
    """Central differences of scalar ``f`` with respect to ``values[argnum]``, per element."""
    def moved(*args: Any) -> float:
        return f(*args[:argnum], wrap(args[argnum]), *args[argnum + 1:])
    return numeric_gradient(moved, *values[:argnum], _raw(values[argnum]), *values[argnum + 1:],
                            argnum=argnum, eps=EPS)


def _term_differences(terms: Callable[..., List[Tensor]], values: list, argnum: int
                      ) -> np.ndarray:
    """Central differences of ``sum(terms(...))`` with respect to ``values[argnum]``, the terms
    subtracted before they are summed: terms that do not move cancel exactly, so one large
    output beside the one that moves does not drown its difference in rounding."""
    base = np.array(_raw(values[argnum]), dtype=np.float64)
    result = np.zeros(base.shape, np.float64)
    for index in np.ndindex(*base.shape):
        shifted = []
        for sign in (1, -1):
            moved = base.copy()
            moved[index] += sign * EPS
            args = [*values[:argnum], wrap(moved), *values[argnum + 1:]]
            shifted.append([np.asarray(_raw(t), np.float64) for t in terms(*args)])
        result[index] = sum(float(np.sum(a - b)) for a, b in zip(*shifted)) / (2 * EPS)
    return result


def _variable_differences(f: Callable[[], float], variable: Variable) -> np.ndarray:
    """Central differences of ``f()`` with respect to a Variable it reads, by moving its value
    (restored afterwards)."""
    original = variable.numpy()

    def moved(value: np.ndarray) -> float:
        variable.assign(value)
        return f()
    try:
        return numeric_gradient(moved, original, eps=EPS)
    finally:
        variable.assign(original)


def _worst(computed: np.ndarray, numeric: np.ndarray, rtol: float, atol: float
           ) -> Optional[tuple]:
    """The index where ``computed`` misses ``numeric`` by most beyond tolerance, or None."""
    excess = np.abs(computed - numeric) - (atol + rtol * np.abs(numeric))
    excess = np.where(np.isnan(computed) != np.isnan(numeric), np.inf, np.nan_to_num(excess))
    if excess.size == 0 or excess.max() <= 0:
        return None
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(excess)), excess.shape))


def _message(mismatch: Mismatch, culprit: Optional[Mismatch]) -> str:
    what = "gradient" if mismatch.order == 1 else "second derivative (Hessian-vector product)"
    head = (f"check_grads: the tape's {what} with respect to argument {mismatch.argnum} "
            f"differs from central differences {mismatch.where()}")
    if culprit is None:
        return (head + "\nno single recorded op disagrees on its own inputs: check f itself "
                "(kinks such as relu or abs at 0, randomness, or values that left the tape)")
    shapes = ", ".join(str(s) for s in culprit.shapes)
    if culprit.order == 1:
        return (f"{head}\nfirst recorded op whose VJP disagrees on its actual inputs: "
                f"{culprit.op} (input shapes {shapes}), VJP for input {culprit.argnum} "
                f"{culprit.where()}")
    return (f"{head}\nfirst recorded op whose VJP the tape differentiates wrongly: {culprit.op} "
            f"(input shapes {shapes}), derivative for input {culprit.argnum} {culprit.where()}; "
            f"is its VJP written with ag ops rather than raw NumPy?")


# --- op by op -----------------------------------------------------------------------------
def _culprit(records: Sequence[Record], first: Optional[Callable], values: list, order: int,
             rtol: float, atol: float, seed: int) -> Optional[Mismatch]:
    """The first record whose VJP is wrong; at order 2 (where ``records`` include the ops
    run by the backward pass) then the first forward op whose VJP the tape differentiates
    wrongly."""
    rng = np.random.default_rng(seed)
    for record in records:
        found = _check_op(record, rng, rtol, atol)
        if found is not None:
            return found
    if order == 2 and first is not None:
        for record in _recorded(first, values):
            found = _check_op_second(record, rng, rtol, atol)
            if found is not None:
                return found
    return None


def _recorded(f: Callable[..., Tensor], values: list) -> Sequence[Record]:
    """The records of one call of ``f`` with its floating arguments watched."""
    with GradientTape(persistent=True) as tape:
        tape.watch([v for v in values if isinstance(v, Tensor)])
        f(*values)
    return tape._records


def _inputs_to_check(record: tuple) -> List[int]:
    primitive, inputs = record[0], record[1]
    from .custom_gradient import _forward as custom_forward
    if primitive.forward is custom_forward:  # a custom gradient: no forward to replay
        return []
    return [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.dtype.kind == "f"
            and primitive.vjp(i) is not None]


def _check_op(record: tuple, rng: np.random.Generator, rtol: float, atol: float
              ) -> Optional[Mismatch]:
    """Does each VJP of this record match central differences of the op's forward?"""
    primitive, inputs, out, params = _in_float64(record)
    upstream = rng.standard_normal(out.shape)
    for argnum in _inputs_to_check(record):
        with _quiet():
            STATE.backward_of = primitive.name
            raw = primitive.vjp(argnum)(wrap(upstream.astype(out.dtype)), out, *inputs, **params)
            computed = np.asarray(fit_gradient(raw, inputs[argnum], primitive)._value, np.float64)
        numeric = _differences(lambda *a: float(np.sum(upstream * _forward(primitive, a, params))),
                               list(inputs), argnum)
        bad = _worst(computed, numeric, rtol, atol)
        if bad is not None:
            return Mismatch(1, argnum, bad, float(computed[bad]), float(numeric[bad]),
                            primitive.name, tuple(np.shape(_raw(x)) for x in inputs))
    return None


def _check_op_second(record: tuple, rng: np.random.Generator, rtol: float, atol: float
                     ) -> Optional[Mismatch]:
    """Is each VJP of this record itself differentiated right by the tape?"""
    primitive, inputs, out, params = _in_float64(record)
    upstream = wrap(rng.standard_normal(out.shape).astype(out.dtype))
    for argnum in _inputs_to_check(record):
        direction = rng.standard_normal(np.shape(_raw(inputs[argnum])))
        for wrt in _inputs_to_check(record):
            h = _vjp_projection(primitive, params, argnum, upstream, direction)
            found = _compare_gradient(h, list(inputs), wrt, rtol, atol)
            if found is not None:
                bad, computed, numeric = found
                return Mismatch(2, wrt, bad, computed, numeric, primitive.name,
                                tuple(np.shape(_raw(x)) for x in inputs))
    return None


def _vjp_projection(primitive: Any, params: dict, argnum: int, upstream: Tensor,
                    direction: np.ndarray) -> Callable[..., Tensor]:
    """``h(inputs) = <VJP_argnum(upstream; op(inputs)), direction>``, built from ag ops."""
    from .ops import sum as reduce_sum

    def h(*inputs: Any) -> Tensor:
        out = _apply(primitive, inputs, params)
        raw = primitive.vjp(argnum)(upstream, out, *inputs, **params)
        return reduce_sum(fit_gradient(raw, inputs[argnum], primitive) * direction)
    return h


def _compare_gradient(h: Callable[..., Tensor], inputs: list, wrt: int, rtol: float,
                      atol: float) -> Optional[tuple]:
    source = wrap(np.array(inputs[wrt]._value))
    inputs[wrt] = source
    with GradientTape() as tape:
        tape.watch(source)
        value = h(*inputs)
    grad = tape.gradient(value, source, unconnected_gradients=UnconnectedGradients.ZERO)
    computed = np.asarray(grad._value, np.float64)
    numeric = _differences(lambda *a: float(h(*a)), inputs, wrt)
    bad = _worst(computed, numeric, rtol, atol)
    return None if bad is None else (bad, float(computed[bad]), float(numeric[bad]))


def _in_float64(record: tuple) -> tuple:
    """The record replayed on float64 copies of its floating inputs: differences taken in
    float32 (data a function closes over, say) would blame a correct op."""
    primitive, inputs, out, params = record
    if all(np.asarray(_raw(x)).dtype.kind != "f" or np.asarray(_raw(x)).dtype == np.float64
           for x in inputs):
        return record
    wide = tuple(wrap(np.asarray(_raw(x), dtype=np.float64))
                 if np.asarray(_raw(x)).dtype.kind == "f" else x for x in inputs)
    with _quiet():
        out = _apply(primitive, wide, params)
    return primitive, wide, out, params


def _apply(primitive: Any, inputs: Sequence[Any], params: dict) -> Tensor:
    """Run one op as its public function does: forward on the values, then record it."""
    out, params = _run(primitive, inputs, params)
    result = wrap(np.asarray(out))
    if STATE.busy:
        after_op(primitive, tuple(inputs), params, result)
    return result


def _forward(primitive: Any, inputs: Sequence[Any], params: dict) -> np.ndarray:
    return _run(primitive, inputs, params)[0]


def _run(primitive: Any, inputs: Sequence[Any], params: dict) -> tuple:
    """The forward on the inputs' values, and the params its record keeps (with a residual of
    these inputs for an op that keeps one)."""
    settings = {k: v for k, v in params.items() if k != "residual"}
    out = primitive.forward(*[_raw(x) for x in inputs], **settings)
    if primitive.residual:
        out, settings["residual"] = out
    return out, settings


def _raw(x: Any) -> Any:
    return x._value if isinstance(x, Tensor) else x


__all__ = ["check_grads", "numeric_gradient", "GradientCheckError"]
