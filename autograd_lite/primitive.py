"""The op machinery: a primitive is a NumPy forward plus one vector-Jacobian product per input.

Ops are declared with the :func:`op` decorator in ``autograd_lite/ops/``::

    @op(vjp=lambda upstream, out, x: upstream * cos(x), local="cos(x)")
    def sin(x):
        return np.sin(x)

A VJP receives the upstream gradient, the op's output and its inputs plus the op's keyword
parameters, and returns the gradient for one input. It is written with the public ops (and the
operators and ``.sum``, ``.reshape``, ``.T``, ``.shape`` that Tensors share with NumPy arrays):

- while an outer tape records the backward pass, it gets Tensors and is itself recorded, which
  gives higher derivatives;
- otherwise (the usual ``tape.gradient`` after the ``with`` block) it runs in raw mode
  (``recording.MODE.raw``): it gets bare NumPy arrays (a 0-d upstream gradient may be a NumPy
  scalar), and every op it calls takes and returns arrays, so a backward step costs little
  more than its NumPy calls. A VJP that needs what only Tensors have (``.numpy()``) is rerun
  on Tensors.
"""
from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Optional, Sequence, Union

import numpy as np

from . import recording as _recording
from .arguments import ArgumentError, describe
from .backend import ARRAY, asarray
from .registry import REGISTRY, Entry, Names, NumPyFunctions, register
from .tensor import _NUMERIC_KINDS, _PYTHON_NUMBERS, Tensor, next_id, to_array, wrap

_ndarray = ARRAY
_asarray = asarray
_new = object.__new__
_next_id = next_id
_STATE = _recording.STATE
_after_op = _recording.after_op
MODE = _recording.MODE

VJP = Callable[..., Any]
VJPs = Union[None, VJP, Sequence[Optional[VJP]]]
# What @op returns: the op's public function, with its Primitive as ``.primitive``.
OpFunction = Callable[..., Any]
Decorator = Callable[[Callable[..., Any]], OpFunction]


class Primitive:
    """One entry of the op table: name, NumPy forward, VJPs and local-derivative formulas.

    What listings, ``explain`` and pictures read comes from the forward's signature once, here:
    ``input_names`` (the parameters without defaults; empty for a variadic op), ``param_names``
    and ``defaults`` (the settings), and ``elementwise`` from the declaration.
    """

    __slots__ = ("name", "forward", "vjps", "local", "n_inputs", "param_names", "mismatch",
                 "residual", "input_names", "elementwise", "defaults", "rules")
    vjps: Any  # one rule per input (None: no gradient); a variadic op's one rule takes argnum
    rules: Optional[tuple]  # what the backward walk indexes: vjps, None for a variadic op
    n_inputs: Optional[int]  # None for a variadic op

    def __init__(self, name: str, forward: Callable, vjps: VJPs,
                 local: Union[None, str, Sequence[str]], mismatch: Optional[str],
                 residual: bool = False, elementwise: bool = False) -> None:
        signature = inspect.signature(forward)
        kinds = [p.kind for p in signature.parameters.values()]
        self.name = name
        self.forward = forward
        self.n_inputs = None if inspect.Parameter.VAR_POSITIONAL in kinds else sum(
            1 for p in signature.parameters.values() if p.default is inspect.Parameter.empty)
        self.defaults = {p.name: p.default for p in signature.parameters.values()
                         if p.default is not inspect.Parameter.empty}
        self.param_names = tuple(self.defaults)
        self.input_names = tuple(p.name for p in signature.parameters.values()
                                 if p.default is inspect.Parameter.empty
                                 and p.kind is not inspect.Parameter.VAR_POSITIONAL)
        self.elementwise = elementwise
        self.vjps = vjps if vjps is None or isinstance(vjps, tuple) or self.n_inputs is None \
            else (vjps,)
        self.rules = self.vjps if self.n_inputs is not None else None
        self.local = (local,) if isinstance(local, str) else local
        self.mismatch = mismatch
        self.residual = residual

    def vjp(self, argnum: int) -> Optional[VJP]:
        """The VJP rule for input ``argnum`` (``None`` where no gradient flows)."""
        if self.n_inputs is None:  # variadic ops take the input's position as first argument
            return functools.partial(self.vjps, argnum)
        return self.vjps[argnum]

    def local_formula(self, argnum: int) -> str:
        """The local derivative of input ``argnum`` as text, e.g. ``"cos(x)"``."""
        if not self.local:
            return "?"
        return self.local[min(argnum, len(self.local) - 1)]

    def __repr__(self) -> str:
        return f"<primitive {self.name}>"


def op(vjp: VJPs = None, local: Union[None, str, Sequence[str]] = None,
       *, name: Optional[str] = None, mismatch: Optional[str] = None,
       residual: bool = False, numpy: NumPyFunctions = None, anp: Optional[Names] = None,
       tf: Optional[Names] = None, scipy: Optional[Names] = None, elementwise: bool = False,
       public: bool = True) -> Decorator:
    """Declare an op from its NumPy forward, and register every name it answers to.

    Parameters without defaults are the op's inputs (Tensors, arrays or scalars); parameters
    with defaults are static settings such as ``axis``. ``vjp`` is one rule per input (``None``
    for an input that takes no gradient); an op without ``vjp`` is not differentiable and is
    never recorded. ``mismatch`` words the shape error, e.g. ``"are not aligned"``.

    ``residual=True``: the forward returns ``(output, residual)``, a value it computed anyway
    that its VJPs would otherwise compute again (the softmax of a cross-entropy). The record
    keeps it and the VJPs get it as the keyword ``residual``. A VJP may use it only when given
    bare arrays (a raw pass); on Tensors it recomputes with ops, so that a higher derivative
    sees how the value depends on the inputs.

    The registry keywords (see :class:`Entry`): ``numpy`` the NumPy functions/ufuncs this op
    answers for on Tensors (``np.log1p``); ``anp``, ``tf``, ``scipy`` extra dotted names
    (``tf="math.log1p"``); ``elementwise`` whether output element i depends only on input
    element i; ``public=False`` keeps it out of ``ag.<name>``.

    >>> @op(vjp=lambda upstream, out, x: upstream * 2 * x, local="2x", public=False,
    ...     elementwise=True)
    ... def twice_square(x):
    ...     return x * x
    >>> twice_square.primitive.input_names, twice_square.primitive.elementwise
    (('x',), True)
    >>> del REGISTRY["twice_square"]  # an example, not an op of the table
    """
    def decorate(forward: Callable[..., Any]) -> OpFunction:
        op_name = name or forward.__name__
        primitive = Primitive(op_name, forward, vjp, local, mismatch, residual, elementwise)
        make = _FAST_APPLY.get(primitive.n_inputs, _general_apply) \
            if primitive.n_inputs is not None else _general_apply
        apply: Any = make(primitive)
        functools.update_wrapper(apply, forward)
        apply.primitive = primitive
        register(apply, primitive, name=op_name, numpy=numpy, anp=anp, tf=tf, scipy=scipy,
                 elementwise=elementwise, public=public)
        return apply
    return decorate


def composite(*, name: Optional[str] = None, numpy: NumPyFunctions = None,
              anp: Optional[Names] = None, tf: Optional[Names] = None,
              scipy: Optional[Names] = None, elementwise: bool = False,
              public: bool = True) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a function written with other ops (its gradient is theirs) under the same
    names an :func:`op` takes.

    >>> @composite(public=False)
    ... def cube_composite(x):
    ...     return x * x * x
    >>> REGISTRY["cube_composite"].primitive is None
    True
    >>> del REGISTRY["cube_composite"]
    """
    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        register(function, None, name=name or function.__name__, numpy=numpy, anp=anp, tf=tf,
                 scipy=scipy, elementwise=elementwise, public=public)
        return function
    return decorate


# The per-op hot path: one function per arity, for Tensor inputs (and, for two inputs, a Tensor
# with a Python number) and for the bare arrays of a raw backward pass. Anything else (arrays
# or lists from the caller, settings given by position) goes to _apply_mixed.
def _unary_apply(primitive: Primitive) -> Callable:
    forward = primitive.forward

    def apply(x: Any, *extra: Any, **params: Any) -> Tensor:
        if extra:
            return _apply_mixed(primitive, (x,) + extra, params)
        if isinstance(x, Tensor):
            value = x._value
        elif MODE.raw:
            value = x
        else:
            return _apply_mixed(primitive, (x,), params)
        try:
            out = forward(value, **params) if params else forward(value)
        except ValueError as error:
            raise _shape_error(primitive, (value,), error) from None
        except TypeError as error:
            raise _setting_error(primitive, params, error) from None
        if type(out) is not _ndarray:  # a scalar, or an output with its residual
            out, params = _settled(primitive, out, params)
        if value is x:  # raw: arrays in, arrays out
            return out
        result = _new(Tensor)  # wrap(out), inlined: one call less per op (3% of recording)
        result._value, result._id, result.name = out, _next_id(), None
        if _STATE.busy:
            _after_op(primitive, (x,), params, result)
        return result
    return apply


def _binary_apply(primitive: Primitive) -> Callable:
    forward = primitive.forward

    def apply(x: Any, y: Any, *extra: Any, **params: Any) -> Tensor:
        # A Python number next to a Tensor stays as it is (weak in NumPy: the Tensor's dtype)
        a: Any  # an array, a Python number, or None for "not this fast path"
        b: Any
        raw = False
        if isinstance(x, Tensor):
            a = x._value
            b = y._value if isinstance(y, Tensor) else y if type(y) in _PYTHON_NUMBERS else None
        elif isinstance(y, Tensor):
            a = x if type(x) in _PYTHON_NUMBERS else None
            b = y._value
        elif MODE.raw:
            a, b, raw = x, y, True
        else:
            a = b = None
        if a is None or b is None or extra:
            return _apply_mixed(primitive, (x, y) + extra, params)
        try:
            out = forward(a, b, **params) if params else forward(a, b)
        except ValueError as error:
            raise _shape_error(primitive, (a, b), error) from None
        except TypeError as error:
            raise _setting_error(primitive, params, error) from None
        if type(out) is not _ndarray:  # a scalar, or an output with its residual
            out, params = _settled(primitive, out, params)
        if raw:  # arrays in, arrays out
            return out
        result = _new(Tensor)  # wrap(out), inlined as above
        result._value, result._id, result.name = out, _next_id(), None
        if _STATE.busy:
            _after_op(primitive, (x, y), params, result)
        return result
    return apply


def _general_apply(primitive: Primitive) -> Callable:
    def apply(*args: Any, **params: Any) -> Tensor:
        return _apply_mixed(primitive, args, params)
    return apply


_FAST_APPLY = {1: _unary_apply, 2: _binary_apply}


def _apply_mixed(primitive: Primitive, args: tuple, params: dict) -> Any:
    """Apply ``primitive`` to any inputs: Tensors, arrays, scalars, lists (or, in raw mode,
    bare arrays, returning a bare array)."""
    n_inputs = primitive.n_inputs
    if n_inputs is not None and len(args) != n_inputs:
        args, params = _bind(primitive, n_inputs, args, params)
    raw = MODE.raw
    if raw:
        values, foreign = [a._value if isinstance(a, Tensor) else a for a in args], False
    else:
        try:
            values, foreign = _convert_inputs(primitive, args)
        except _HoldsTensors:  # stacked, the gradient reaches each Tensor (ag.mean([t1, t2]))
            args = _stacked_sequences(primitive, args)
            values, foreign = _convert_inputs(primitive, args)
    try:
        out = primitive.forward(*values, **params)
    except ValueError as error:
        raise _shape_error(primitive, values, error) from None
    except TypeError as error:
        raise _setting_error(primitive, params, error) from None
    if type(out) is not _ndarray:  # a scalar, or an output with its residual
        out, params = _settled(primitive, out, params)
    if raw:
        return out
    if foreign and _may_alias(out, values):
        out = out.copy()  # the caller's array (or a view) would let them change a Tensor
    result = wrap(out)
    if _STATE.busy:  # lists and the like are recorded as the arrays they became
        recorded = tuple(a if isinstance(a, Tensor) else v for a, v in zip(args, values)) \
            if foreign else args
        _after_op(primitive, recorded, params, result)
    return result


class _HoldsTensors(Exception):
    """An input is a list holding Tensors: stack it instead of reading it as an array."""


_SEQUENCES = frozenset((list, tuple))
_PLAIN_ITEMS = frozenset((float, int, bool))


def holds_tensor(value: Any) -> bool:
    """Whether the (nested) list or tuple ``value`` holds a Tensor (lists of numbers are
    scanned at C speed).

    >>> holds_tensor([1.0, [ag.constant(2.0)]]), holds_tensor([[1.0, 2.0]])
    (True, False)
    """
    if _PLAIN_ITEMS.issuperset(map(type, value)):
        return False
    return any(isinstance(v, Tensor) or (type(v) in _SEQUENCES and holds_tensor(v))
               for v in value)


_holds_tensor = holds_tensor


def _stacked_sequences(primitive: Primitive, args: tuple) -> tuple:
    from .ops.inputs import as_input
    return tuple(as_input(a, primitive.name) if type(a) in _SEQUENCES and holds_tensor(a)
                 else a for a in args)


def _settled(primitive: Primitive, out: Any, params: Any) -> tuple:
    """A forward's result as an array, and the params to record: for an op that keeps a
    residual, ``(output, residual)`` is split and the residual joins the params."""
    if primitive.residual:
        out, residual = out
        params = {**params, "residual": residual}
    return out if type(out) is _ndarray else _asarray(out), params


def _bind(primitive: Primitive, n_inputs: int, args: tuple, params: dict) -> tuple:
    """Split positional arguments into a fixed-arity op's ``n_inputs`` inputs and static
    settings (``ag.sum(x, 0)``)."""
    if len(args) < n_inputs:
        raise TypeError(f"{primitive.name}: expected {n_inputs} inputs, got {len(args)}")
    extra = args[n_inputs:]
    if len(extra) > len(primitive.param_names):
        raise TypeError(f"{primitive.name}: takes {n_inputs + len(primitive.param_names)} "
                        f"arguments, got {len(args)}")
    params = dict(params)
    for param_name, value in zip(primitive.param_names, extra):
        if param_name in params:
            raise TypeError(f"{primitive.name}: got multiple values for {param_name!r}")
        params[param_name] = value
    return args[:n_inputs], params


_SCALAR_TYPES = frozenset((bool, int, float)) | frozenset(
    type(t(0)) for t in (np.float16, np.float32, np.float64, np.int8, np.int16, np.int32,
                         np.int64, np.uint8, np.uint16, np.uint32, np.uint64, np.bool_))


def _convert_inputs(primitive: Primitive, args: Sequence[Any]) -> tuple:
    """Values of mixed inputs, and whether one is the caller's array (a result could alias it).

    Scalars stay as they are next to arrays (NumPy's weak Python scalars); when every input is
    a scalar they follow ``ag.constant``'s dtype rules."""
    values = []
    has_array = foreign = False
    for a in args:
        if isinstance(a, Tensor):
            values.append(a._value)
            has_array = True
        elif type(a) in _SCALAR_TYPES:
            values.append(a)
        else:  # arrays, lists; anything non-numeric is refused here with the op's name
            numeric = isinstance(a, _ndarray) and a.dtype.kind in _NUMERIC_KINDS
            if not numeric and type(a) in _SEQUENCES and _holds_tensor(a):
                raise _HoldsTensors
            values.append(a if numeric else to_array(a, where=primitive.name, like=args))
            has_array = foreign = True
    if not has_array:
        values = [to_array(v, where=primitive.name) for v in values]
    return values, foreign


def _may_alias(out: np.ndarray, values: list) -> bool:
    return out.base is not None or any(v is out for v in values)


def _shape_error(primitive: Primitive, values: Sequence[Any], error: ValueError) -> ValueError:
    if isinstance(error, ArgumentError):  # a bad setting, named by the op already
        return error
    shapes = [np.shape(v) for v in values]
    if primitive.mismatch is not None and len(shapes) == 2:
        return ValueError(f"{primitive.name}: shapes {shapes[0]} and {shapes[1]} "
                          f"{primitive.mismatch}")
    listed = " and ".join(str(s) for s in shapes)
    return ValueError(f"{primitive.name}: cannot apply to operands of shapes {listed}: {error}")


def _setting_error(primitive: Primitive, params: dict, error: TypeError) -> TypeError:
    """A TypeError from a forward, named: the op and the setting given a string (``axis="a"``,
    ``alpha="a"``), or at least the op. Errors that name the op already pass as they are."""
    if str(error).startswith(f"{primitive.name}:"):
        return error
    unknown = [name for name in params if name not in primitive.param_names
               and name != "residual"]
    if unknown:
        takes = ", ".join(primitive.param_names) or "none"
        return TypeError(f"{primitive.name}: unexpected keyword argument {unknown[0]!r} (its "
                         f"settings: {takes})")
    for name, value in params.items():
        if isinstance(value, (str, bytes)):
            return TypeError(f"{primitive.name}: {name} must be a number (or a tuple of them), "
                             f"got {describe(value)}")
    return TypeError(f"{primitive.name}: {error}")


def value_of(x: Any) -> Any:
    """The array behind a Tensor, or ``x`` itself: a bare array (a raw pass), a number
    (for masks computed inside VJPs)."""
    return x._value if isinstance(x, Tensor) else x


def piecewise(array: Any) -> Any:
    """A mask or other piecewise-constant factor of a VJP as a Tensor that no tape follows
    (its derivative is zero), so multiplying by it stays on the ops' all-Tensor fast path;
    in raw mode (see :data:`MODE`) the bare array."""
    array = asarray(array)
    return array if MODE.raw else wrap(array)


__all__ = ["MODE", "Primitive", "Entry", "REGISTRY", "op", "composite", "register", "value_of",
           "piecewise", "holds_tensor"]
