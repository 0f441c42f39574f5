"""``@ag.custom_gradient``: a function that brings its own gradient, as ``tf.custom_gradient``.

The decorated ``f`` returns ``(y, grad_fn)``; ``grad_fn(upstream)`` returns the gradients of
``f``'s positional arguments (one, or a list of one per argument). When ``f`` reads trainable
Variables, ``grad_fn(upstream, variables=...)`` returns ``(input_grads, variable_grads)``.

The tapes record one op named after ``f``. The ops inside ``f`` are kept on a private tape
instead: when a backward pass is itself recorded (nested tapes), they are copied onto the
recording tapes before ``grad_fn`` runs, so the values ``grad_fn`` closes over are known as
functions of the inputs and second derivatives come out right.
"""
from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, List, Optional

import numpy as np

from . import tape as _tape
from .primitive import Primitive
from .tensor import Tensor, Variable, constant, wrap

__all__ = ["custom_gradient"]


def custom_gradient(f: Callable) -> Callable:
    """Decorate ``f`` (returning ``(y, grad_fn)``) so that tapes use ``grad_fn`` as its VJP.

    >>> @ag.custom_gradient
    ... def log1pexp(x):
    ...     e = ag.exp(x)
    ...     def grad(upstream):
    ...         return upstream * (1 - 1 / (1 + e))
    ...     return ag.log(1 + e), grad
    >>> x = ag.constant(100.0)
    >>> with ag.GradientTape() as tape:
    ...     tape.watch(x)
    ...     y = log1pexp(x)
    >>> float(tape.gradient(y, x))
    1.0
    """
    if not callable(f):
        raise TypeError(f"custom_gradient: expected a function, got {type(f).__name__}")
    name = getattr(f, "__name__", "custom_gradient")
    primitive = Primitive(name, _forward, _vjp, f"grad_fn of {name}", None, residual=True)

    @functools.wraps(f)
    def decorated(*args: Any, **kwargs: Any) -> Any:
        if not _tape.STATE.busy:  # nothing records: f's value is all there is
            result, grad_fn = _returned(name, f(*args, **kwargs))
            return result
        return _call(primitive, name, f, args, kwargs)
    decorated.primitive = primitive
    return decorated


def _forward(*inputs: Any, residual: Any = None) -> Any:
    raise RuntimeError("custom_gradient: the op runs its function, never this forward")


def _returned(name: str, returned: Any) -> tuple:
    if not (isinstance(returned, tuple) and len(returned) == 2 and callable(returned[1])):
        raise TypeError(f"custom_gradient: {name} must return (y, grad_fn) with grad_fn a "
                        f"function of the upstream gradient, got {type(returned).__name__}")
    return returned


class _Call:
    """One call of a custom-gradient function: what its VJP needs."""

    __slots__ = ("name", "grad_fn", "n_args", "args", "variables", "outputs", "private",
                 "cache")

    def __init__(self, name: str, grad_fn: Callable, args: tuple, variables: List[Variable],
                 outputs: List[Tensor], private: Any) -> None:
        self.name, self.grad_fn, self.args = name, grad_fn, args
        self.n_args, self.variables, self.outputs = len(args), variables, outputs
        self.private = private  # the records of the ops run inside f
        self.cache: Optional[tuple] = None  # (output index, upstream, gradients)

    def gradients(self, index: int, upstream: Any) -> List[Any]:
        """Every input's gradient for ``upstream`` (as the backward pass gave it: a Tensor, or
        in a raw pass an array) on output ``index``; grad_fn runs once per upstream, however
        many inputs ask."""
        cache = self.cache
        if cache is not None and cache[0] == index and cache[1] is upstream:
            return cache[2]
        key = upstream
        if not isinstance(upstream, Tensor):
            upstream = wrap(np.asarray(upstream))
        upstreams = [upstream if i == index else _zeros_like(out)
                     for i, out in enumerate(self.outputs)]
        if self.variables:
            returned = self.grad_fn(*upstreams, variables=self.variables)
            if not (isinstance(returned, (tuple, list)) and len(returned) == 2):
                raise TypeError(f"custom_gradient: {self.name}'s grad_fn reads Variables and "
                                f"must return (input_grads, variable_grads)")
            input_grads, variable_grads = returned
            variable_grads = list(variable_grads)
            if len(variable_grads) != len(self.variables):
                raise ValueError(f"custom_gradient: {self.name}'s grad_fn returned "
                                 f"{len(variable_grads)} variable gradients for "
                                 f"{len(self.variables)} variables")
        else:
            input_grads, variable_grads = self.grad_fn(*upstreams), []
        if not isinstance(input_grads, (list, tuple)):
            input_grads = [input_grads]
        if len(input_grads) != self.n_args:
            raise ValueError(f"custom_gradient: {self.name}'s grad_fn returned "
                             f"{len(input_grads)} gradients for {self.n_args} arguments")
        grads = list(input_grads) + variable_grads
        self.cache = (index, key, grads)
        return grads

    def replay(self) -> None:
        """Copy the ops run inside f onto every recording tape that tracks their inputs."""
        records = self.private
        for tape in _tape._THREAD.stack:
            if not tape._recording or tape._records is records:
                continue
            tracked = tape._tracked
            for primitive, inputs, output, params in records:
                if output._id not in tracked and any(
                        isinstance(a, Tensor) and a._id in tracked for a in inputs):
                    tape._records.add(primitive, inputs, output, params)
                    tracked.add(output._id)


class _Output:
    """The residual of one output's record: its call and its position among the outputs."""

    __slots__ = ("call", "index")

    def __init__(self, call: _Call, index: int) -> None:
        self.call, self.index = call, index

    def __repr__(self) -> str:
        return f"<grad_fn of {self.call.name}>"


def _call(primitive: Primitive, name: str, f: Callable, args: tuple, kwargs: dict) -> Any:
    inputs = tuple(a if isinstance(a, Tensor) or not _numeric(a) else constant(a) for a in args)
    paused = [t for t in _tape._THREAD.stack if t._recording]
    for t in paused:
        t._recording = False
    try:
        with _tape.GradientTape(persistent=True) as private:
            private.watch([a for a in inputs if isinstance(a, Tensor) and a.dtype.kind == "f"])
            result, grad_fn = _returned(name, f(*args, **kwargs))
    finally:
        for t in paused:
            t._recording = True
    arg_ids = {a._id for a in inputs if isinstance(a, Tensor)}
    variables = [v for v in private.watched_variables() if v._id not in arg_ids]
    if variables and not _takes_variables(grad_fn):
        raise TypeError(f"custom_gradient: {name} reads the Variables "
                        f"{[v.name for v in variables]}, so its grad_fn must accept the keyword "
                        f"argument 'variables'")
    several = isinstance(result, (tuple, list))
    outputs = [r if isinstance(r, Tensor) else constant(r)
               for r in (result if several else [result])]
    fresh = [wrap(out._value) for out in outputs]  # new ids: only the custom op produced them
    call = _Call(name, grad_fn, inputs, variables, outputs, private._records)
    recorded = inputs + tuple(variables)
    for index, out in enumerate(fresh):
        _tape.after_op(primitive, recorded, {"residual": _Output(call, index)}, out)
    if not several:
        return fresh[0]
    return type(result)(fresh) if isinstance(result, list) else tuple(fresh)


def _vjp(argnum: int, upstream: Any, out: Any, *inputs: Any, residual: _Output) -> Any:
    """The VJP of a custom-gradient op for input ``argnum``: grad_fn's answer, computed on
    Tensors (grad_fn is user code) whether or not this backward pass is recorded."""
    call = residual.call
    target = inputs[argnum]
    if not _tape.MODE.raw:
        call.replay()
        grad = call.gradients(residual.index, upstream)[argnum]
        return _as_gradient(grad, target, tensors=True)
    _tape.MODE.raw = False
    try:
        grad = call.gradients(residual.index, upstream)[argnum]
        return _as_gradient(grad, target, tensors=False)
    finally:
        _tape.MODE.raw = True


def _as_gradient(grad: Any, target: Any, tensors: bool) -> Any:
    """grad_fn's gradient for ``target`` as the backward pass wants it: zeros for None, a
    Tensor when recorded, else an array."""
    dtype = target.dtype if hasattr(target, "dtype") else np.asarray(target).dtype
    if grad is None:
        value = np.zeros(np.shape(target._value if isinstance(target, Tensor) else target), dtype)
        return wrap(value) if tensors else value
    if isinstance(grad, Tensor):
        return grad if tensors else grad._value
    value = np.asarray(grad, dtype=dtype)
    return wrap(value) if tensors else value


def _zeros_like(t: Tensor) -> Tensor:
    return wrap(np.zeros(t.shape, t.dtype))


def _numeric(value: Any) -> bool:
    try:
        return np.asarray(value).dtype.kind in "biuf"
    except (TypeError, ValueError):
        return False


def _takes_variables(grad_fn: Callable) -> bool:
    try:
        parameters = inspect.signature(grad_fn).parameters.values()
    except (TypeError, ValueError):
        return True
    return any(p.name == "variables" or p.kind is inspect.Parameter.VAR_KEYWORD
               for p in parameters)
