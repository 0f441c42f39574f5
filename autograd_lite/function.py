"""``ag.function``: trace a step once, then replay it as straight-line NumPy.

The first call for an input signature runs ``fn`` eagerly while a tracer watches: every op
(also non-differentiable ones and ops on untracked inputs), every Variable read and assign,
random draws, each ``GradientTape.gradient`` (planned as the VJP calls its backward walk
would make, each given only what it reads) and each optimizer update. From that it writes a
plan: a small Python function of plain NumPy calls, one line per step, with a Variable's
value read where the step read it, steps on constants computed once, the hot steps as NumPy
kernels writing into buffers that die there (:mod:`autograd_lite.plan_kernels`), and every
intermediate dropped after its last use. Later calls with the same signature run the plan:
no Tensors, no tape, no Python control flow of ``fn``. docs/function.md tells the whole
story.

>>> import autograd_lite as ag
>>> w = ag.Variable([1.0, 2.0])
>>> @ag.function
... def step(x):
...     with ag.GradientTape() as tape:
...         loss = ag.sum(w * x)
...     w.assign_sub(0.5 * tape.gradient(loss, w))
...     return loss
>>> float(step(ag.constant([1.0, 1.0]))), float(step(ag.constant([1.0, 1.0])))
(3.0, 2.0)
>>> step.trace_count, w.numpy()
(1, array([0., 1.], dtype=float32))
"""
from __future__ import annotations

import functools
import linecache
import math
import os
import sys
import threading
import warnings
from types import FrameType
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import tape as _tape
from .allocator import keep_freed_memory
from .graph import reachable
from .plan_kernels import SCOPE, forward_kernel, sum_steps, vjp_kernel
from .plan_reads import shape_only, stand_in
from .recording import MODE as _MODE
from .recording import current_tapes
from .tensor import TRACING, Tensor, Variable, VariableRead, wrap

__all__ = ["function", "Function", "TracingError", "tracing", "traced_source", "traced_apply"]

_PACKAGE = os.path.dirname(os.path.abspath(__file__))
_asarray = np.asarray
_ndarray = np.ndarray
_get_ident = threading.get_ident


class TracingError(RuntimeError):
    """A traced function turned a traced value into Python (``float(t)``, ``if t > 0:``),
    which a plan cannot replay."""


class _CannotPlan(Exception):
    """Something a plan cannot capture (a persistent tape, a jacobian, check_numerics)."""


def tracing() -> bool:
    """Whether ``ag.function`` is tracing right now (on any thread).

    >>> tracing()
    False
    """
    return TRACING.tracer is not None


def traced_source(fn: Callable[[], np.ndarray], like: Optional[Tensor] = None) -> Tensor:
    """A Tensor holding ``fn()``; while tracing, the plan calls ``fn`` again at each replay (a
    random draw stays random instead of being frozen into the plan).

    >>> t = traced_source(lambda: np.ones(2, np.float32))
    >>> t.numpy()
    array([1., 1.], dtype=float32)
    """
    tracer = TRACING.tracer
    if tracer is None or not tracer.active:
        return wrap(np.asarray(fn()))
    return tracer.source(fn)


def traced_effect(fn: Callable[..., Any], tensors: List[Any], may_reuse: bool = False) -> None:
    """Call ``fn(*values)`` for its side effects (an optimizer update; its result is unused); while
    tracing, the plan calls it again at each replay with that call's values. ``may_reuse``:
    ``fn`` takes ``owned=True``, given when the plan's buffers passed die at the call (``fn``
    may then write into them)."""
    tracer = TRACING.tracer
    if tracer is None or not tracer.active:
        fn(*[t._value if isinstance(t, Tensor) else t for t in tensors])
    else:
        tracer.effect(fn, tensors, may_reuse)


def traced_apply(fn: Callable[..., np.ndarray], tensors: List[Any]) -> Tensor:
    """A constant Tensor holding ``fn(*values)`` (no gradient flows through it); while tracing,
    the plan calls ``fn`` again at each replay on that replay's values (``ag.random.shuffle``
    of a traced value gathers with each replay's permutation).

    >>> traced_apply(np.add, [wrap(np.ones(2)), 1.0]).numpy()
    array([2., 2.])
    """
    tracer = TRACING.tracer
    values = [t._value if isinstance(t, Tensor) else t for t in tensors]
    if tracer is None or not tracer.active:
        return wrap(np.asarray(fn(*values)))
    return tracer.apply(fn, tensors, values)


def _user_line() -> str:
    """The first frame outside autograd_lite: ``file:line: code``."""
    frame: Optional[FrameType] = sys._getframe(2)
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(_PACKAGE):
        frame = frame.f_back
    if frame is None:
        return "<unknown line>"
    code = linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()
    return f"{frame.f_code.co_filename}:{frame.f_lineno}: {code}"


class _Line:
    """One statement of a plan: ``targets = text`` (``text`` alone without targets).

    ``reads`` are the locals it reads; a ``pure`` line is left out when nothing reads its
    targets; ``inplace`` is ``(prefix, candidates, like)``: the line may become
    ``prefix + name + ")"``, writing its result ``like`` into the buffer of the first candidate
    local that the plan owns and that dies here, or else into a buffer of the plan's own;
    ``effect``: an update that may keep its arguments (and, if it ``reuses``, write into them
    when given ``owned=True``); a line that ``borrows`` (an assign) reads its arguments without
    keeping them."""

    __slots__ = ("targets", "text", "reads", "pure", "inplace", "effect", "reuses", "borrows")

    def __init__(self, targets: Tuple[str, ...], text: str, reads: Sequence[str],
                 pure: bool = True, inplace: Optional[Tuple[str, List[str], str]] = None,
                 effect: bool = False, reuses: bool = False, borrows: bool = False) -> None:
        self.targets, self.text, self.reads, self.pure = targets, text, reads, pure
        self.inplace, self.effect, self.reuses = inplace, effect, reuses
        self.borrows = borrows

    def render(self) -> str:
        return f"{', '.join(self.targets)} = {self.text}" if self.targets else self.text


class _Tracer:
    """Collects the steps of one trace (see the module docstring)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: List[_Line] = []      # the plan's body, one statement per step
        self.names: Dict[str, Any] = {}   # globals of the plan: functions, constants, Variables
        self.global_of: Dict[int, str] = {}  # id of a function, Variable or constant -> its name
        self.slot_of: Dict[int, str] = {}  # Tensor id -> the name holding its array
        self.keep: List[Any] = []         # Tensors whose ids are keys above (ids stay unique)
        self.read_of: Dict[int, str] = {}  # Variable id -> local name of its current read
        self.steps: List[Tuple[str, str, List[str]]] = []  # (output, label, inputs): the graph
        self.assigned: Dict[int, Tuple[Variable, np.ndarray]] = {}
        self.values: Dict[str, Any] = {}  # local name -> its array in the trace; a name that is
        # not a key is a constant of the plan (a global or a literal)
        self.foreign: set = set()  # locals holding arrays the plan does not own (inputs, reads)
        self.residual_of: Dict[int, str] = {}  # output id -> name of its residual
        self.inputs_of: Dict[int, List[str]] = {}  # output id -> its op's input expressions
        self.forward: List[tuple] = []  # (primitive, inputs, output, params): for pictures
        self.stand_ins: Dict[tuple, str] = {}  # (shape, dtype) -> a stand-in's global name
        self.count = 0
        self.suspended = 0
        self.thread = _get_ident()  # ops of other threads are not this trace's

    @property
    def active(self) -> bool:
        """Does this thread trace now (not inside an effect the plan runs as one step)?"""
        return not self.suspended and _get_ident() == self.thread

    # --- names ----------------------------------------------------------------------
    def _new(self, prefix: str = "v") -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def _global(self, value: Any, prefix: str) -> str:
        name = self._new(prefix)
        self.names[name] = value
        return name

    def _shared(self, value: Any, prefix: str) -> str:
        """One global name per object (a forward, a rule, a Variable, a captured array)."""
        name = self.global_of.get(id(value))
        if name is None:
            name = self.global_of[id(value)] = self._global(value, prefix)
        return name

    def bind(self, tensor: Tensor, name: str) -> None:
        self.slot_of[tensor._id] = name
        self.keep.append(tensor)

    def ref(self, value: Any) -> str:
        """The expression for an op's input: a traced local, a Variable read or a constant."""
        if isinstance(value, Tensor):
            if type(value) is Variable:
                return self._read(value)
            if type(value) is VariableRead:
                return self._read(value.variable)
            name = self.slot_of.get(value._id)
            if name is not None:
                return name
            return self._shared(value._value, "c")  # captured: the same value every replay
        kind = type(value)
        if kind is bool or kind is int or value is None or (
                kind is float and math.isfinite(value)):
            return repr(value)
        return self._shared(value, "c")

    def _read(self, variable: Variable) -> str:
        name = self.read_of.get(variable._id)
        if name is None:
            holder = self._shared(variable, "var")
            name = self._new()
            self.lines.append(_Line((name,), f"{holder}._value", ()))
            self.values[name] = variable._value
            self.foreign.add(name)
            self.steps.append((name, f"read {variable.name}", []))
            self.read_of[variable._id] = name
        return name

    def _stand_in(self, array: np.ndarray) -> str:
        key = (array.shape, array.dtype.str)
        name = self.stand_ins.get(key)
        if name is None:
            name = self.stand_ins[key] = self._global(stand_in(array), "s")
        return name

    def forget_reads(self) -> None:
        self.read_of.clear()

    # --- steps ------------------------------------------------------------------------
    def op(self, primitive: Any, inputs: tuple, params: Any, result: Tensor) -> None:
        if self.suspended or _get_ident() != self.thread:
            return
        args = [self.ref(a) for a in inputs]
        self.forward.append((primitive, tuple(a.read() if type(a) is Variable else a
                                              for a in inputs), result, params))
        self.inputs_of[result._id] = args
        values = self.values
        value = result._value
        reads = [a for a in args if a in values]
        if not reads:  # only constants in: the result is one too (computed once, now)
            self.bind(result, self._global(value, "c"))
            if primitive.residual:
                self.residual_of[result._id] = self._global(params.get("residual"), "c")
            return
        kwargs = {k: v for k, v in params.items() if k != "residual"} if params else {}
        kernel = forward_kernel(primitive.forward, kwargs, [
            a._value if isinstance(a, Tensor) else a for a in inputs])
        out = self._new()
        residual = self._new("r") if primitive.residual else ""
        inplace = None
        if kernel is not None:
            text = kernel.template.format(*args)
            like = (out, residual)[kernel.like]
            like_value = value if kernel.like == 0 else params.get("residual")
            if type(like_value) is np.ndarray and like_value.ndim:
                inplace = (kernel.template[:-1].format(*args) + ", out=",
                           [args[i] for i in kernel.inplace], like)
        else:
            forward = self._shared(primitive.forward, "f")
            text = f"{forward}({', '.join(args)}" + (
                f", **{self._global(kwargs, 'p')})" if kwargs else ")")
        if type(value) is np.ndarray and value.ndim == 0:
            text = f"asarray({text})"
        targets: Tuple[str, ...] = (out,)
        if primitive.residual:
            targets = (out, residual)
            self.residual_of[result._id] = residual
            values[residual] = params.get("residual")
        self.lines.append(_Line(targets, text, reads, inplace=inplace))
        self.bind(result, out)
        values[out] = value
        self.steps.append((out, primitive.name, args))

    def source(self, fn: Callable[[], np.ndarray]) -> Tensor:
        result = wrap(np.asarray(fn()))
        out = self._new()
        self.lines.append(_Line((out,), f"asarray({self._global(fn, 'src')}())", (),
                                pure=False))  # a draw advances the generator: always kept
        self.bind(result, out)
        self.values[out] = result._value
        self.foreign.add(out)  # (the draw's array may be kept by whatever made it)
        self.steps.append((out, getattr(fn, "__name__", "draw"), []))
        return result

    def apply(self, fn: Callable[..., np.ndarray], tensors: List[Any],
              values: List[Any]) -> Tensor:
        args = [self.ref(t) for t in tensors]
        result = wrap(np.asarray(fn(*values)))
        reads = [a for a in args if a in self.values]
        if not reads:  # constants in: a constant out
            self.bind(result, self._global(result._value, "c"))
            return result
        out = self._new()
        self.lines.append(_Line((out,), f"asarray({self._shared(fn, 'f')}({', '.join(args)}))",
                                reads))
        self.bind(result, out)
        self.values[out] = result._value
        self.foreign.add(out)  # (fn's result may be a view of its arguments)
        self.steps.append((out, getattr(fn, "__name__", "apply"), args))
        return result

    def effect(self, fn: Callable[..., None], tensors: List[Any], may_reuse: bool = False) -> None:
        args = [self.ref(t) for t in tensors]
        name = self._global(fn, "eff")
        reads = [a for a in args if a in self.values]
        self.lines.append(_Line((), f"{name}({', '.join(args)})", reads, pure=False, effect=True,
                                reuses=may_reuse and len(reads) == len(args)))
        self.steps.append(("", getattr(fn, "__name__", "update"), args))
        self.forget_reads()  # it may write Variables: later steps read them again
        self.suspended += 1
        try:
            fn(*[t._value if isinstance(t, Tensor) else t for t in tensors])
        finally:
            self.suspended -= 1

    def assign(self, variable: Variable, method: str, value: Any) -> None:
        """Record ``variable.<method>(value)`` (the eager call runs after this)."""
        if self.suspended or _get_ident() != self.thread:
            return
        if variable._id not in self.assigned:
            # Holding the array makes the eager update below write a new one instead of
            # updating this one in place (Variable._sole_owner), so no copy is needed.
            self.assigned[variable._id] = (variable, variable._value)
        if isinstance(value, Tensor):
            arg, array = self.ref(value), value._value
        else:
            arg = self.ref(value) if isinstance(value, (int, float)) else self._global(
                np.asarray(value), "c")
            array = None
        holder = self._shared(variable, "var")
        if method == "assign":
            text = f"{holder}.assign({arg})"
        else:
            ufunc = "add" if method == "assign_add" else "subtract"
            current = variable._value
            if type(array) is np.ndarray and array.dtype == current.dtype and (
                    array.shape == current.shape):  # Variable._update's in-place case, inline
                text = (f"{ufunc}({holder}._value, {arg}, out={holder}._value) if "
                        f"{holder}._sole_owner() else {holder}.{method}({arg})")
            else:
                text = f"update({holder}, {ufunc}, {method!r}, {arg})"
        # (assign copies its value and assign_add/sub only read theirs: nothing is kept)
        self.lines.append(_Line((), text, [arg] if arg in self.values else [], pure=False,
                                borrows=True))
        self.steps.append(("", f"{method} {variable.name}", [arg]))
        self.read_of.pop(variable._id, None)

    def refuse(self, tensor: Tensor, what: str) -> None:
        """A traced value (or a Variable) is being turned into Python: raise TracingError."""
        if self.suspended or _get_ident() != self.thread:
            return
        if type(tensor) is not Variable and self.slot_of.get(tensor._id) not in self.values:
            return  # a constant: its value is known and fixed
        raise TracingError(
            f"ag.function({self.name}): {what} of a traced value at {_user_line()}: a plan "
            f"has no Python control flow or Python numbers of its values; choose by value with "
            f"ag.where(condition, a, b), or use ag.function(fn, eager_fallback=True) to run "
            f"this function eagerly")

    def restore(self) -> None:
        """Undo the assigns of a failed trace (before running the step eagerly)."""
        for variable, value in self.assigned.values():
            variable._set(value, "assign", fresh=True)

    # --- the backward pass ------------------------------------------------------------
    def gradient(self, tape: Any, targets: List[Tensor], seeds: List[Tensor],
                 sources: List[Tensor]) -> Dict[int, Any]:
        """Plan ``_backward`` for a one-shot tape: the same VJP calls in the same order, on
        the trace's arrays now (raw mode) and as plan lines for the replays. Returns the
        source gradients as arrays keyed by id (what ``_backward`` returns, unwrapped)."""
        if _tape.STATE.check_numerics or tape.persistent:
            raise _CannotPlan("a persistent tape (or check_numerics)")
        if any(t is not tape for t in current_tapes()):
            # A tape outside records this gradient (a second derivative): the backward walk
            # then runs the VJPs as ops, which this trace records like any others.
            try:
                return _tape._backward(tape, targets, seeds, sources, None, consume=True)
            except TracingError as error:
                raise _CannotPlan(f"a nested tape's gradient ({error})") from None
        records = tape.records
        source_ids = {s.id for s in sources if tape.tracked(s)}
        grads: Dict[int, Tuple[Any, str]] = {}  # id -> (array now, name in the plan)
        for target, seed in zip(targets, seeds):
            if tape.tracked(target) and target._value.dtype.kind == "f":
                value = seed._value[()] if seed._value.ndim == 0 else seed._value
                name = self.ref(seed) if seed._id in self.slot_of else self._global(value, "c")
                known = grads.get(target._id)
                grads[target._id] = (value, name) if known is None else self._add(known,
                                                                                  (value, name))
        if not source_ids or not grads:
            return {}
        path, reached = reachable(records, source_ids)
        was_raw, _tape.MODE.raw = _tape.MODE.raw, True
        try:
            for index in reversed(path):
                record = records[index]
                out = record.output
                entry = grads.get(out._id) if out._id in source_ids else grads.pop(out._id, None)
                if entry is None:
                    continue
                self._backward_record(record, entry, reached, grads)
        finally:
            _tape.MODE.raw = was_raw
        found = {}
        for i in source_ids:
            if i in grads:
                value, name = grads[i]
                found[i] = tensor = wrap(value if type(value) is np.ndarray else np.asarray(value))
                self.bind(tensor, name)
        return found

    def cannot_plan(self, what: str) -> None:
        if self.active:
            raise _CannotPlan(f"{what} inside the function cannot be planned yet")

    def _backward_record(self, record: Any, entry: Tuple[Any, str], reached: set,
                         grads: Dict[int, Tuple[Any, str]]) -> None:
        primitive, inputs, out, params = record
        arg_names = self.inputs_of.get(out._id)
        if arg_names is None:
            raise _CannotPlan(f"the record of {primitive.name} was made before tracing began")
        kwargs = dict(params) if params else {}
        upstream, up_name = entry
        names = [up_name, self.slot_of[out._id], *arg_names]
        values = [upstream, out._value, *(a._value if isinstance(a, Tensor) else a
                                          for a in inputs)]
        has_residual = "residual" in kwargs
        if has_residual:
            values.append(kwargs.pop("residual"))
            names.append(self.residual_of[out._id])
        rules = primitive.vjps if primitive.n_inputs is not None else None
        for argnum, x in enumerate(inputs):
            if not isinstance(x, Tensor) or x._id not in reached:
                continue
            rule = rules[argnum] if rules is not None else primitive.vjp(argnum)
            if rule is None:
                continue
            grad, name = self._vjp(primitive, argnum, rule, names, values, kwargs, has_residual)
            expected = x._value
            if type(grad) not in _tape._GRADIENT_TYPES or grad.shape != expected.shape or (
                    grad.dtype is not expected.dtype and grad.dtype != expected.dtype):
                grad, name = self._fit(grad, name, x, primitive)
            known = grads.get(x._id)
            grads[x._id] = (grad, name) if known is None else self._add(known, (grad, name))

    def _vjp(self, primitive: Any, argnum: int, rule: Any, names: List[str], values: List[Any],
             kwargs: Dict[str, Any], has_residual: bool) -> Tuple[Any, str]:
        """Plan one VJP call: a kernel, or the rule with stand-ins for what it reads only the
        shape of; a constant when it reads only constants; nothing when it returns its
        upstream gradient as it is."""
        label = f"d {primitive.name}/d input {argnum}"
        kernel = vjp_kernel(rule, values, kwargs)
        if kernel is not None:
            grad = kernel.value
            used = [names[i] for i in kernel.uses]
            reads = [n for n in used if n in self.values]
            if not reads:
                return grad, self._global(grad, "c")
            name = self._new("g")
            inplace = None
            if type(grad) is np.ndarray and grad.ndim:
                inplace = (kernel.template[:-1].format(*used) + ", out=",
                           [used[i] for i in kernel.inplace], name)
            self.lines.append(_Line((name,), kernel.template.format(*used), reads,
                                    inplace=inplace))
            self.values[name] = grad
            self.steps.append((name, label, used))
            return grad, name
        settings = dict(kwargs, residual=values[-1]) if has_residual else kwargs
        try:
            if has_residual:
                grad = rule(*values[:-1], **settings)
            else:
                grad = rule(*values, **kwargs) if kwargs else rule(*values)
        except AttributeError as error:
            raise _CannotPlan(f"the gradient of {primitive.name} needs Tensors "
                              f"({error})") from None
        if grad is values[0]:
            return grad, names[0]  # the upstream gradient itself (add's): no step
        local = self.values
        candidates = [i for i in range(1, len(names)) if names[i] in local]
        args = list(names)
        for i in shape_only(rule, (primitive, argnum), values, settings, grad, candidates):
            args[i] = self._stand_in(values[i])
        reads = [n for n in args if n in local]
        if not any(n in local for n in args):  # (the upstream too: a constant)
            return grad, self._global(grad, "c")
        extra = ""
        if has_residual:
            extra, args = f", residual={args[-1]}", args[:-1]
        if kwargs:
            extra += f", **{self._global(kwargs, 'p')}"
        name = self._new("g")
        rule_name = self._shared(rule, "vjp")
        self.lines.append(_Line((name,), f"{rule_name}({', '.join(args)}{extra})", reads))
        self.values[name] = grad
        self.steps.append((name, label, args))
        return grad, name

    def _fit(self, grad: Any, name: str, x: Tensor, primitive: Any) -> Tuple[Any, str]:
        """Bring a gradient to its input's shape and dtype: the sums ``unbroadcast`` would do,
        with their axes known now, or ``fit_gradient`` at each replay."""
        from .unbroadcast import fit_gradient
        expected = x._value
        constant = name not in self.values
        steps = sum_steps(grad, expected.shape)
        final: Any = steps[-1][2] if steps else None
        if steps and final.shape == expected.shape and final.dtype == expected.dtype:
            if constant:
                return final, self._global(final, "c")
            for template, kept, value in steps:
                total = self._new("g")
                extra = self._global(kept, "c") if kept is not None else ""
                text = template.format(name, extra)
                inplace: Optional[Tuple[str, List[str], str]] = (
                    text[:-1] + ", out=", [], total) if value.ndim else None
                self.lines.append(_Line((total,), text, (name,), inplace=inplace))
                self.values[total] = value
                self.steps.append((total, "sum to shape", [name]))
                name = total
            return final, name
        grad = fit_gradient(grad, x, primitive)
        if constant:
            return grad, self._global(grad, "c")
        fit = self._global(functools.partial(_fit, x=x, primitive=primitive), "fit")
        fitted = self._new("g")
        self.lines.append(_Line((fitted,), f"{fit}({name})", (name,)))
        self.values[fitted] = grad
        self.steps.append((fitted, "fit", [name]))
        return grad, fitted

    def _add(self, a: Tuple[Any, str], b: Tuple[Any, str]) -> Tuple[Any, str]:
        total = np.add(a[0], b[0])
        reads = [n for n in (a[1], b[1]) if n in self.values]
        if not reads:
            return total, self._global(total, "c")
        name = self._new("g")
        inplace = (f"add({a[1]}, {b[1]}, out=", [a[1], b[1]], name) if (
            type(total) is np.ndarray and total.ndim) else None
        self.lines.append(_Line((name,), f"add({a[1]}, {b[1]})", reads, inplace=inplace))
        self.steps.append((name, "add", [a[1], b[1]]))
        self.values[name] = total
        return total, name


def _update(variable: Variable, ufunc: Any, method: str, delta: Any) -> None:
    """``variable.assign_add`` / ``assign_sub`` in a replay: in place when nothing else holds
    the array and ``delta`` matches it, else the method."""
    if type(delta) is np.ndarray and delta.dtype is variable._value.dtype and (
            delta.shape == variable._value.shape) and variable._sole_owner():
        ufunc(variable._value, delta, variable._value)
    else:
        getattr(variable, method)(delta)


class _Out:
    """A placeholder in a plan's result structure: output ``index``, or a Python ``value``;
    ``copy``: the array may be one the plan does not own (an input, a Variable's, a constant),
    so the Tensor gets a copy."""

    __slots__ = ("index", "value", "copy")

    def __init__(self, index: Optional[int], value: Any = None) -> None:
        self.index, self.value, self.copy = index, value, True


def _fit(grad: Any, x: Tensor, primitive: Any) -> Any:
    from .unbroadcast import fit_gradient
    return fit_gradient(grad, x, primitive)


class _Plan:
    """One signature's compiled step: ``run(*input_arrays)`` returns the output arrays.

    ``buffers``: the plan's own arrays, by name, allocated here and reused by every replay
    (``run`` writes into them). A replay takes a compiled instance from ``pool`` and puts it
    back after; a call meanwhile (another thread, or the plan called from inside itself)
    finds the pool empty and gets :meth:`another`, an instance with buffers of its own (which
    then joins the pool). ``fresh`` runs the plan allocating its arrays instead, as a replay
    did before plans had buffers (for measurements)."""

    def __init__(self, source: str, names: Dict[str, Any], outputs: Any,
                 steps: List[Tuple[str, str, List[str]]],
                 shapes: Optional[Dict[str, Tuple[tuple, Any]]] = None,
                 fresh_source: Optional[str] = None) -> None:
        self.source = source
        self.outputs = outputs  # the result's structure, with _Out placeholders
        self.single = outputs if type(outputs) is _Out and outputs.index is not None else None
        self.steps = steps
        self.names = names
        self.shapes = shapes or {}
        self.buffers = self._allocate()
        self.fresh_source = fresh_source or source
        self._fresh: Optional[Callable[..., tuple]] = None
        self.run = self._compile(source, self.buffers)
        self.pool = [self.run]

    def _allocate(self) -> Dict[str, np.ndarray]:
        return {name: _aligned(shape, dtype) for name, (shape, dtype) in self.shapes.items()}

    def _compile(self, source: str, buffers: Dict[str, np.ndarray]) -> Callable[..., tuple]:
        scope = dict(SCOPE)
        scope.update(self.names)
        scope.update(buffers)
        scope.update(update=_update)
        code = _COMPILED.get(source)
        if code is None:  # (Python's parser takes ~25 us a line: a trace's largest single cost)
            if len(_COMPILED) >= 64:
                _COMPILED.clear()
            code = _COMPILED[source] = compile(source, "<ag.function plan>", "exec")
        exec(code, scope)  # noqa: S102 (our own text)
        return scope["plan"]

    def another(self) -> Callable[..., tuple]:
        """An instance of the plan for a concurrent call: the same one when the plan has no
        buffers, else one with buffers of its own."""
        if not self.shapes:
            return self.run
        return self._compile(self.source, self._allocate())

    def fresh(self, *inputs: Any) -> tuple:
        """Run the plan allocating its arrays, none of the buffers (for measurements)."""
        if self._fresh is None:
            self._fresh = self._compile(self.fresh_source, {})
        return self._fresh(*inputs)


def _aligned(shape: tuple, dtype: Any, alignment: int = 64) -> np.ndarray:
    """An uninitialized C-contiguous array starting at a multiple of ``alignment`` bytes
    (OpenBLAS's gemm writing a 32x128 float32 result runs ~8% fewer instructions into a
    64-byte-aligned buffer than into np.empty's 16- or 32-byte-aligned one).

    >>> _aligned((3, 5), np.float32).ctypes.data % 64, _aligned((3, 5), np.float32).shape
    (0, (3, 5))
    """
    dtype = np.dtype(dtype)
    nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    raw = np.empty(nbytes + alignment, np.uint8)
    start = -raw.ctypes.data % alignment
    return raw[start:start + nbytes].view(dtype).reshape(shape)


# plan source -> its code: a retrace with the same steps (another batch size, say) or another
# model of the same shape compiles nothing
_COMPILED: Dict[str, Any] = {}


def _pruned(lines: List[_Line]) -> List[_Line]:
    """The lines without pure steps whose results nothing uses (work done while tracing that
    the result does not need). Random draws, assigns and updates always stay."""
    needed: set = set()
    kept = []
    for line in reversed(lines):
        if line.pure and needed.isdisjoint(line.targets):
            continue
        needed.update(line.reads)
        kept.append(line)
    return kept[::-1]


def _root(value: Any) -> int:
    """The id of the object that owns ``value``'s memory (a view's base, all the way down)."""
    while True:
        base = getattr(value, "base", None)
        if base is None:
            return id(value)
        value = base


class _Ownership:
    """Which buffers a plan may write into: the arrays its own steps made, not inputs,
    Variables' values, draws or constants, nor anything sharing their memory, nor what an
    effect (an optimizer's update) was handed and may keep. Worked out from the trace's
    arrays: a step that made a fresh array or a view while tracing makes one at every replay
    (the signature fixes shapes, dtypes and the layout of non-contiguous inputs)."""

    def __init__(self, lines: List[_Line], tracer: _Tracer) -> None:
        self.values = values = tracer.values
        self.last: Dict[str, int] = {}
        for number, line in enumerate(lines):
            for name in line.targets:
                self.last[name] = number
            for name in line.reads:
                self.last[name] = number
        self.groups: Dict[int, List[str]] = {}
        for name in self.last:
            value = values.get(name)
            if type(value) is np.ndarray:
                self.groups.setdefault(_root(value), []).append(name)
        self.foreign = {_root(values[name]) for name in tracer.foreign if name in values}
        for value in tracer.names.values():
            if isinstance(value, Tensor):
                value = value._value
            if isinstance(value, dict):
                self.foreign.update(_root(v) for v in value.values() if type(v) is np.ndarray)
            elif type(value) is np.ndarray:
                self.foreign.add(_root(value))
        self.escaped: Dict[int, int] = {}  # root -> the first line handing it to an effect
        for number, line in enumerate(lines):
            if line.effect:
                for name in line.reads:
                    if type(values.get(name)) is np.ndarray:
                        self.escaped.setdefault(_root(values[name]), number)

    def may_write(self, name: str, number: int, result: Any = None) -> bool:
        """May line ``number`` write into local ``name`` (whose last use it is)? ``result``:
        the line's result (the same shape and dtype needed), None for an effect's own use."""
        array = self.values.get(name)
        if type(array) is not np.ndarray or array.base is not None or not array.ndim or (
                not array.flags.writeable) or self.last.get(name) != number:
            return False
        if result is not None and (type(result) is not np.ndarray or result.shape != array.shape
                                   or result.dtype != array.dtype):
            return False
        root = id(array)
        if root in self.foreign or self.escaped.get(root, number) < number:
            return False
        last = self.last
        return all(last.get(other, -1) <= number for other in self.groups.get(root, ()))

    def owned(self, name: str) -> bool:
        """Is the array of local ``name`` the plan's own at the end (a result may be
        returned without a copy)?"""
        array = self.values.get(name)
        if type(array) is not np.ndarray:
            return False
        root = _root(array)
        return root not in self.foreign and root not in self.escaped


def _body(lines: List[_Line], tracer: _Tracer) -> Tuple[List[str], _Ownership, "_Buffers"]:
    """The plan's statements: pruned, each elementwise step or kernel whose input dies there
    writing into that input (``out=``) when the plan owns it, an effect that may reuse its
    dying arguments told so (``owned=True``), and ``del`` after each local's last use (a dead
    buffer is freed at once, and a Variable's array read earlier is not held when an update
    writes it). Then :class:`_Buffers` gives the kernels that would allocate a buffer of the
    plan's own where their result never escapes."""
    lines = _pruned(lines)
    ownership = _Ownership(lines, tracer)
    last = ownership.last
    values = tracer.values
    dead_at: Dict[int, List[str]] = {}
    for name, number in last.items():
        if name[:1] != "a":  # (the inputs: the caller holds them anyway)
            dead_at.setdefault(number, []).append(name)
    buffers = _Buffers(values, lines)
    out: List[str] = []
    for number, line in enumerate(lines):
        text = line.render()
        into = None
        if line.inplace is not None:
            prefix, candidates, like = line.inplace
            for name in candidates:
                if ownership.may_write(name, number, values.get(like)):
                    text = f"{', '.join(line.targets)} = {prefix}{name})"
                    into = name
                    break
        elif line.reuses and line.reads and all(
                ownership.may_write(name, number) for name in line.reads) and len(
                {id(values[name]) for name in line.reads}) == len(line.reads):
            text = f"{text[:-1]}, owned=True)"
        buffers.line(number, line, into, len(out))
        out.append(text)
        dead = dead_at.get(number)
        if dead and not line.text.startswith("return"):
            out.append(f"del {', '.join(sorted(dead))}")
    return out, ownership, buffers


class _Buffers:
    """The plan's own buffers (a register allocation over the plan's lines).

    Each array a replay makes lives in a *storage*: a kernel's fresh result starts one; a
    result written into a dying input (``out=``), or a view, lives in that input's. A storage
    started by a kernel that takes ``out=`` gets a buffer allocated once with the plan when
    nothing that may keep an array (a return, an optimizer's update, an effect) reads any name
    living in it; storages of one shape and dtype whose lives do not overlap share a buffer."""

    def __init__(self, values: Dict[str, Any], lines: List[_Line]) -> None:
        self.values, self.lines = values, lines
        self.storage_of: Dict[int, int] = {}  # the trace's root array id -> storage number
        self.end: List[int] = []  # storage -> the last line a name living in it is used
        self.escapes: List[bool] = []
        self.made: Dict[int, Tuple[int, int, str, np.ndarray]] = {}  # storage -> (line,
        # statement index, prefix, like array): where a kernel could write into a buffer

    def _storage(self, name: str) -> Optional[int]:
        value = self.values.get(name)
        return self.storage_of.get(_root(value)) if type(value) is np.ndarray else None

    def line(self, number: int, line: _Line, into: Optional[str], index: int) -> None:
        keeps = not line.pure and not line.borrows
        for name in line.reads:
            storage = self._storage(name)
            if storage is not None:
                self.end[storage] = number
                self.escapes[storage] |= keeps
        for name in line.targets:
            value = self.values.get(name)
            if type(value) is not np.ndarray:
                continue
            root = _root(value)
            storage = self.storage_of.get(root)
            if storage is None:
                inplace = line.inplace
                # (a cross-entropy's out= is scratch for the shifted logits)
                written = into is not None and inplace is not None and name == inplace[2] \
                    and not line.text.startswith("cross_entropy(")
                storage = self._storage(into) if into is not None and written else None
                if storage is None:
                    storage = len(self.end)
                    self.end.append(number)
                    self.escapes.append(False)
                    if inplace is not None and into is None and name == inplace[2] and (
                            value.base is None and value.flags.c_contiguous and value.ndim and
                            not line.text.startswith("cross_entropy(")):
                        self.made[storage] = (number, index, inplace[0], value)
                self.storage_of[root] = storage
            self.end[storage] = max(self.end[storage], number)

    def allocate(self, body: List[str]) -> Dict[str, Tuple[tuple, Any]]:
        """Write the buffers into ``body`` (``out=bN``); return their (shape, dtype) by name."""
        shapes: Dict[str, Tuple[tuple, Any]] = {}
        free: Dict[Tuple[tuple, str], List[Tuple[int, str]]] = {}  # -> [(free after, name)]
        for storage, (number, index, prefix, like) in sorted(self.made.items(),
                                                               key=lambda item: item[1][0]):
            if self.escapes[storage]:
                continue
            key = (like.shape, like.dtype.str)
            pool = free.setdefault(key, [])
            name = next((b for after, b in pool if after < number), None)
            if name is None:
                name = f"b{len(shapes) + 1}"
                shapes[name] = (like.shape, like.dtype)
            else:
                pool[:] = [(after, b) for after, b in pool if b != name]
            pool.append((self.end[storage], name))
            body[index] = f"{', '.join(self.lines[number].targets)} = {prefix}{name})"
        return shapes


class Function:
    """What :func:`function` returns: call it like ``fn``.

    Attributes
    ----------
    trace_count : int
        How many signatures have been traced.
    graph : Graph
        The most recent trace's program (``print(step.graph)`` lists it).
    """

    def __init__(self, fn: Callable, eager_fallback: bool = False, warn: bool = True) -> None:
        self.fn = fn
        self.eager_fallback = bool(eager_fallback)
        self.warn = warn
        self.fallback_reason: Optional[str] = None  # why a signature runs eagerly
        self._warned_numerics = False
        self.trace_count = 0
        self._plans: Dict[Any, Any] = {}
        self._last: Optional[Tuple[_Plan, tuple, int]] = None  # the last replay's plan, the
        # (shape, dtype, strides) of its array arguments (or the ids tuple given there), and
        # how many there were
        self.graph: Optional[Graph] = None
        functools.update_wrapper(self, fn)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        mode = _MODE
        if mode.check_numerics:  # a plan does not check each op: run eagerly
            if not self._warned_numerics:
                self._warned_numerics = True
                name = getattr(self, "__name__", "fn")
                warnings.warn(f"ag.function({name}): running eagerly while check_numerics "
                              f"is on", stacklevel=2)
            return self.fn(*args, **kwargs)
        inputs: Optional[List[Any]] = None
        last = self._last
        if last is not None and not kwargs and len(args) == last[2]:
            # The arguments of the last replay again (a training loop's usual call): the same
            # shapes, dtype objects and strides are the same signature; no key to hash.
            plan, expected, _ = last
            inputs = []
            for arg, want in zip(args, expected):
                kind = type(arg)
                if kind is Tensor:
                    value = arg._value
                elif kind is np.ndarray:
                    value = arg
                elif kind is tuple and arg == want:  # ids (fit's trained variables)
                    continue
                else:
                    inputs = None
                    break
                if type(value) is not _ndarray or value.shape != want[0] or (
                        value.dtype is not want[1]) or value.strides != want[2]:
                    inputs = None
                    break
                inputs.append(value)
        if inputs is None:
            plan, inputs = self._lookup(args, kwargs)
            if plan is None:
                return self._trace(_signature(args, kwargs), args, kwargs)
            if type(plan) is str:  # "eager"
                return self.fn(*args, **kwargs)
        was_raw, mode.raw = mode.raw, True
        pool = plan.pool
        try:
            run = pool.pop()
        except IndexError:  # another thread, or this plan inside itself, has the buffers
            run = plan.another()
        try:
            arrays = run(*inputs)
        finally:
            mode.raw = was_raw
            pool.append(run)
        single = plan.single
        if single is not None:  # one Tensor returned
            value = arrays[single.index]  # type: ignore[index]  # (set only with an int index)
            if type(value) is _ndarray:
                return wrap(value.copy() if single.copy else value)
        return _rebuild(plan.outputs, arrays)

    def _lookup(self, args: tuple, kwargs: dict) -> Tuple[Any, List[Any]]:
        """The plan for these arguments (None: none yet) and the arrays it takes; remembers
        the arguments' layout for :meth:`__call__`'s quick check."""
        expected: Optional[List[Any]] = None
        if not kwargs:  # the usual call, Tensors and arrays only: key and inputs in one pass
            shapes, inputs, expected = [], [], []
            for arg in args:
                kind = type(arg)
                value = arg._value if kind is Tensor else arg if kind is np.ndarray else None
                if type(value) is not np.ndarray or not value.flags.c_contiguous:
                    if kind is tuple and all(type(i) is int for i in arg):
                        shapes.append(arg)  # ids, say (fit's trained variables): as _key
                        expected.append(arg)
                        continue
                    expected = None
                    break
                shapes.append((value.shape, value.dtype))  # what _key gives
                expected.append((value.shape, value.dtype, value.strides))
                inputs.append(value)
        key = tuple(shapes) if expected is not None else _signature(args, kwargs)
        plan = self._plans.get(key)
        if plan is None or type(plan) is str:
            return plan, []
        if expected is None:
            inputs = [a._value if isinstance(a, Tensor) else a for a in _inputs(args, kwargs)]
        else:
            self._last = (plan, tuple(expected), len(expected))
        return plan, inputs

    def _trace(self, key: Any, args: tuple, kwargs: dict) -> Any:
        if TRACING.tracer is not None:  # called inside another trace (inlined there), or while
            return self.fn(*args, **kwargs)  # another thread traces (run eagerly meanwhile)
        keep_freed_memory()  # a replay then reuses the heap's pages (no page faults)
        name = getattr(self.fn, "__name__", "") or getattr(
            getattr(self.fn, "func", None), "__name__", "fn")  # (a functools.partial's)
        tracer = _Tracer(name)
        flat = _inputs(args, kwargs)
        params = []
        wrapped: Dict[int, Tensor] = {}
        for index, value in enumerate(flat):
            tensor = wrap(value) if isinstance(value, np.ndarray) else value
            wrapped[id(value)] = tensor
            params.append(f"a{index}")
            tracer.bind(tensor, f"a{index}")
            tracer.foreign.add(f"a{index}")
            tracer.values[f"a{index}"] = tensor._value
        args, kwargs = _replace(args, kwargs, wrapped)
        TRACING.tracer = tracer
        _tape.STATE.update()
        try:
            result = self.fn(*args, **kwargs)
        except (TracingError, _CannotPlan) as error:
            TRACING.tracer = None
            _tape.STATE.update()
            tracer.restore()
            if isinstance(error, TracingError) and not self.eager_fallback:
                raise
            self.fallback_reason = str(error)
            if self.warn:
                warnings.warn(f"ag.function({name}): running eagerly: {error}", stacklevel=3)
            self._plans[key] = "eager"
            return self.fn(*args, **kwargs)
        finally:
            TRACING.tracer = None
            _tape.STATE.update()
        outputs, returned, slots = _outputs(result, tracer)
        tracer.lines.append(_Line((), f"return ({''.join(n + ', ' for n in returned)})",
                                  [n for n in returned if n in tracer.values], pure=False))
        body, ownership, buffers = _body(tracer.lines, tracer)
        for slot, returned_name in zip(slots, returned):
            slot.copy = not ownership.owned(returned_name)
        head = f"def plan({', '.join(params)}):\n"
        fresh = head + "".join(f"    {line}\n" for line in body)
        shapes = buffers.allocate(body)
        source = head + "".join(f"    {line}\n" for line in body)
        plan = _Plan(source, tracer.names, outputs, tracer.steps, shapes, fresh)
        self._plans[key] = plan
        self.trace_count += 1
        self.graph = Graph(name, plan, params, tracer.forward, result)
        return _fresh(result)

    def __repr__(self) -> str:
        return f"<ag.function {getattr(self.fn, '__name__', 'fn')} traces={self.trace_count}>"

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        return functools.partial(self.__call__, instance)


class Graph:
    """A traced program: ``print(graph)`` lists its steps like ``print(tape)``, and
    ``visualize.draw_graph(graph)`` draws its forward ops (TF's graph mode picture)."""

    def __init__(self, name: str, plan: _Plan, params: List[str], forward: List[tuple],
                 result: Any) -> None:
        self.name, self.plan, self.params = name, plan, params
        self._forward, self._result = forward, result

    @property
    def outputs(self) -> List[Tensor]:
        """The Tensors the trace returned (what a picture is drawn back from)."""
        from .tape import _flatten
        try:
            return [t for t in _flatten(self._result, "Graph", "outputs")
                    if type(t) is not Variable]
        except TypeError:
            return []

    @property
    def tape(self) -> Any:
        """A persistent tape holding the trace's forward ops (every op, for pictures)."""
        from .tape import GradientTape
        tape = GradientTape(persistent=True)
        for primitive, inputs, output, params in self._forward:
            tape._records.add(primitive, inputs, output, params or {})
            tape._tracked.add(output._id)
            tape._tracked.update(a._id for a in inputs if isinstance(a, Tensor))
        return tape

    @property
    def source(self) -> str:
        """The plan as Python source (what a replay runs)."""
        return self.plan.source

    def __len__(self) -> int:
        return len(self.plan.steps)

    def __str__(self) -> str:
        lines = [f"ag.function {self.name}: {len(self.plan.steps)} steps, inputs "
                 f"{', '.join('%' + p for p in self.params) or '(none)'}"]
        for out, label, args in self.plan.steps:
            inputs = ", ".join("%" + a if a[:1] in "vgrac" and a[1:].isdigit() else a
                               for a in args)
            lines.append(f"  {'%' + out + ' = ' if out else ''}{label}({inputs})")
        return "\n".join(lines)

    __repr__ = __str__


def function(fn: Optional[Callable] = None, *, eager_fallback: bool = False) -> Any:
    """Trace ``fn`` once per input signature and replay it as plain NumPy (API.md section 10).

    Usable as ``ag.function(fn)``, ``@ag.function`` or ``@ag.function(eager_fallback=True)``.
    The signature is the shapes and dtypes of Tensor and array arguments and the values of
    the others. Converting a traced value to Python while tracing raises
    :class:`TracingError`, unless ``eager_fallback=True``, which runs ``fn`` eagerly with a
    warning instead; a persistent tape, a jacobian or check_numerics inside ``fn`` runs it
    eagerly with a warning (a nested tape, for a second derivative, is planned).

    >>> import autograd_lite as ag
    >>> double = ag.function(lambda x: x * 2)
    >>> double(ag.constant([1.0])).numpy(), double(ag.constant([3.0])).numpy()
    (array([2.], dtype=float32), array([6.], dtype=float32))
    >>> double.trace_count
    1
    """
    if fn is None:
        return functools.partial(function, eager_fallback=eager_fallback)
    return Function(fn, eager_fallback=eager_fallback)


# --- arguments and results -------------------------------------------------------------------
def _inputs(args: tuple, kwargs: dict) -> List[Any]:
    """The Tensor and array arguments, also inside lists, tuples and dicts, in order (not
    Variables: plans read those themselves)."""
    flat: List[Any] = []
    for value in args:
        _walk(value, flat)
    for name in sorted(kwargs):
        _walk(kwargs[name], flat)
    return flat


def _walk(value: Any, flat: List[Any]) -> None:
    """Append the inputs in ``value`` to ``flat`` (at module level: a nested closure would make
    a reference cycle per call that keeps the arguments alive until the collector runs)."""
    if _is_input(value):
        flat.append(value)
    elif type(value) in (list, tuple):
        for item in value:
            _walk(item, flat)
    elif type(value) is dict:
        for item in value.values():
            _walk(item, flat)


def _is_input(value: Any) -> bool:
    return (isinstance(value, Tensor) and type(value) is not Variable) or isinstance(
        value, np.ndarray)


def _replace(args: tuple, kwargs: dict, wrapped: Dict[int, Tensor]) -> Tuple[tuple, dict]:
    def rebuild(value: Any) -> Any:
        if _is_input(value):
            return wrapped.get(id(value), value)
        if type(value) in (list, tuple):
            return type(value)(rebuild(item) for item in value)
        if type(value) is dict:
            return {key: rebuild(item) for key, item in value.items()}
        return value

    return tuple(rebuild(a) for a in args), {k: rebuild(v) for k, v in kwargs.items()}


def _key(value: Any) -> Any:
    if isinstance(value, Tensor):
        if type(value) is Variable:
            return ("var", id(value))
        value = value._value
        if type(value) is not np.ndarray:
            return (np.shape(value), value.dtype)
    if type(value) is np.ndarray:
        if value.flags.c_contiguous:
            return (value.shape, value.dtype)
        # another layout may make a step copy where the trace saw a view, or the reverse
        return (value.shape, value.dtype, value.strides)
    if type(value) is tuple and all(type(v) is int for v in value):
        return value  # (ids, say): as it is
    if isinstance(value, (list, tuple)):
        return (type(value).__name__,) + tuple(_key(v) for v in value)
    if type(value) is dict:
        return ("dict",) + tuple((k, _key(v)) for k, v in value.items())
    try:
        hash(value)
    except TypeError:
        return ("id", id(value))
    return (type(value).__name__, value)


def _signature(args: tuple, kwargs: dict) -> Any:
    return tuple(_key(a) for a in args) + tuple((k, _key(kwargs[k])) for k in sorted(kwargs))


def _outputs(result: Any, tracer: _Tracer) -> Tuple[Any, List[str], List["_Out"]]:
    """The result's structure with each Tensor replaced by an :class:`_Out`, the plan's
    expressions for those, and the placeholders in order (a Variable returned is returned
    itself)."""
    names: List[str] = []
    slots: List[_Out] = []

    def walk(value: Any) -> Any:
        if isinstance(value, Tensor) and type(value) is not Variable:
            names.append(tracer.ref(value))
            slots.append(_Out(len(names) - 1))
            return slots[-1]
        if isinstance(value, (list, tuple)) and type(value) in (list, tuple):
            return type(value)(walk(v) for v in value)
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return _Out(None, value)

    return walk(result), names, slots


def _rebuild(structure: Any, arrays: tuple) -> Any:
    """The result of a replay: fresh Tensors (an array the plan made at this call as it is,
    any other a copy)."""
    if type(structure) is _Out:
        if structure.index is None:
            return structure.value
        value = arrays[structure.index]
        if type(value) is not np.ndarray:
            return wrap(np.asarray(value).copy())
        return wrap(value.copy() if structure.copy else value)
    if isinstance(structure, dict):
        return {k: _rebuild(v, arrays) for k, v in structure.items()}
    return type(structure)(_rebuild(v, arrays) for v in structure)


def _fresh(result: Any) -> Any:
    return result
