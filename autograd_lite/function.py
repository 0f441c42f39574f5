"""``ag.function``: trace a step once, then replay it as straight-line NumPy.

The first call for an input signature runs ``fn`` eagerly while a tracer watches: every op
(also non-differentiable ones and ops on untracked inputs), every Variable read and assign,
random draws, each ``GradientTape.gradient`` (planned as the VJP calls its backward walk
would make) and each optimizer update. From that it writes a plan: a small Python function
of plain NumPy calls, one line per step, with a Variable's value read where the step read it,
and every intermediate dropped after its last use. Later calls with the same signature run
the plan: no Tensors, no tape, no Python control flow of ``fn``.

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
import os
import re
import sys
import threading
import warnings
from types import FrameType
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import tape as _tape
from .allocator import keep_freed_memory
from .graph import reachable
from .records import MANY_INPUTS, ONE_INPUT
from .tensor import TRACING, Tensor, Variable, VariableRead, wrap

__all__ = ["function", "Function", "TracingError", "tracing", "traced_source"]

_PACKAGE = os.path.dirname(os.path.abspath(__file__))
_asarray = np.asarray
_get_ident = threading.get_ident


class TracingError(RuntimeError):
    """A traced function turned a traced value into Python (``float(t)``, ``if t > 0:``),
    which a plan cannot replay."""


class _CannotPlan(Exception):
    """Something a plan cannot capture (a nested tape, a jacobian, check_numerics)."""


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


def _user_line() -> str:
    """The first frame outside autograd_lite: ``file:line: code``."""
    frame: Optional[FrameType] = sys._getframe(2)
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(_PACKAGE):
        frame = frame.f_back
    if frame is None:
        return "<unknown line>"
    code = linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()
    return f"{frame.f_code.co_filename}:{frame.f_lineno}: {code}"


class _Tracer:
    """Collects the steps of one trace (see the module docstring)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: List[str] = []        # the plan's body, one statement per step
        self.names: Dict[str, Any] = {}   # globals of the plan: functions, constants, Variables
        self.slot_of: Dict[int, str] = {}  # Tensor id -> local name holding its array
        self.keep: List[Any] = []         # Tensors whose ids are keys above (ids stay unique)
        self.read_of: Dict[int, str] = {}  # Variable id -> local name of its current read
        self.steps: List[Tuple[str, str, List[str]]] = []  # (output, label, inputs): the graph
        self.assigned: Dict[int, Tuple[Variable, np.ndarray]] = {}
        self.values: Dict[str, Any] = {}  # local name -> its array in the trace (for reuse)
        self.foreign: set = set()  # locals holding arrays the plan does not own (inputs, reads)
        self.residual_of: Dict[int, str] = {}  # output id -> local name of its residual
        self.inputs_of: Dict[int, List[str]] = {}  # output id -> its op's input expressions
        self.forward: List[tuple] = []  # (primitive, inputs, output, params): for pictures
        self.reusing: set = set()  # effects that may write into their dying array arguments
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
            return self._global(value._value, "c")  # captured: the same value every replay
        if type(value) in (int, float, bool) or value is None:
            return repr(value)
        return self._global(value, "c")

    def _read(self, variable: Variable) -> str:
        name = self.read_of.get(variable._id)
        if name is None:
            holder = self._global(variable, "var")
            name = self._new()
            self.lines.append(f"{name} = {holder}._value")
            self.values[name] = variable._value
            self.foreign.add(name)
            self.steps.append((name, f"read {variable.name}", []))
            self.read_of[variable._id] = name
        return name

    def forget_reads(self) -> None:
        self.read_of.clear()

    # --- steps ------------------------------------------------------------------------
    def op(self, primitive: Any, inputs: tuple, params: Any, result: Tensor) -> None:
        if self.suspended or _get_ident() != self.thread:
            return
        args = [self.ref(a) for a in inputs]
        kwargs = {k: v for k, v in params.items() if k != "residual"} if params else {}
        forward = self._global(primitive.forward, "f")
        call = f"{forward}({', '.join(args)}" + (
            f", **{self._global(kwargs, 'p')})" if kwargs else ")")
        out = self._new()
        if primitive.residual:
            residual = self._new("r")
            self.lines.append(f"{out}, {residual} = {call}")
            self.residual_of[result._id] = residual
            self.values[residual] = params.get("residual")
        else:
            self.lines.append(f"{out} = {call}")
        if type(result._value) is np.ndarray and result._value.ndim == 0:
            self.lines.append(f"{out} = asarray({out})")
        self.bind(result, out)
        self.values[out] = result._value
        self.inputs_of[result._id] = args
        self.forward.append((primitive, tuple(a.read() if type(a) is Variable else a
                                              for a in inputs), result, params))
        self.steps.append((out, primitive.name, args))

    def source(self, fn: Callable[[], np.ndarray]) -> Tensor:
        result = wrap(np.asarray(fn()))
        out = self._new()
        self.lines.append(f"{out} = asarray({self._global(fn, 'src')}())")
        self.bind(result, out)
        self.values[out] = result._value
        self.steps.append((out, getattr(fn, "__name__", "draw"), []))
        return result

    def effect(self, fn: Callable[..., None], tensors: List[Any], may_reuse: bool = False) -> None:
        args = [self.ref(t) for t in tensors]
        name = self._global(fn, "eff")
        if may_reuse:
            self.reusing.add(name)
        self.lines.append(f"{name}({', '.join(args)})")
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
            self.assigned[variable._id] = (variable, variable._value.copy())
        arg = self.ref(value) if isinstance(value, Tensor) else self._global(
            np.asarray(value), "c") if not isinstance(value, (int, float)) else repr(value)
        holder = self._global(variable, "var")
        if method == "assign":
            self.lines.append(f"{holder}.assign({arg})")
        else:
            ufunc = "add" if method == "assign_add" else "subtract"
            self.lines.append(f"update({holder}, {ufunc}, {method!r}, {arg})")
        self.steps.append(("", f"{method} {variable.name}", [arg]))
        self.read_of.pop(variable._id, None)

    def refuse(self, tensor: Tensor, what: str) -> None:
        """A traced value (or a Variable) is being turned into Python: raise TracingError."""
        if self.suspended or _get_ident() != self.thread:
            return
        if type(tensor) is not Variable and tensor._id not in self.slot_of:
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
        if _tape.STATE.check_numerics or tape._persistent or any(
                t is not tape and t._recording for t in _tape._THREAD.stack):
            raise _CannotPlan("a persistent or nested tape (or check_numerics)")
        records, tracked, watched = tape._records, tape._tracked, tape._watched
        source_ids = {s._id for s in sources if s._id in tracked}
        grads: Dict[int, Tuple[Any, str]] = {}  # id -> (array now, local name in the plan)
        for target, seed in zip(targets, seeds):
            if target._id in tracked and target._value.dtype.kind == "f":
                value = seed._value[()] if seed._value.ndim == 0 else seed._value
                name = self.ref(seed) if seed._id in self.slot_of else self._global(value, "c")
                known = grads.get(target._id)
                grads[target._id] = (value, name) if known is None else self._add(known,
                                                                                  (value, name))
        if not source_ids or not grads:
            return {}
        path: Sequence[int]  # the records to walk, in order
        if source_ids >= watched:
            path, reached = range(len(records)), tracked
        else:
            path, reached = reachable(records, source_ids)
        was_raw, _tape.MODE.raw = _tape.MODE.raw, True
        try:
            for index in reversed(path):
                out = records.outputs[index]
                entry = grads.get(out._id) if out._id in source_ids else grads.pop(out._id, None)
                if entry is None:
                    continue
                self._backward_record(records, index, entry, reached, grads)
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

    def _backward_record(self, records: Any, index: int, entry: Tuple[Any, str],
                         reached: set, grads: Dict[int, Tuple[Any, str]]) -> None:
        from .unbroadcast import fit_gradient, unbroadcast
        primitive, first, second, params = (records.ops[index], records.firsts[index],
                                            records.seconds[index], records.params[index])
        out = records.outputs[index]
        inputs = (first,) if second is ONE_INPUT else first if second is MANY_INPUTS else (
            first, second)
        arg_names = self.inputs_of.get(out._id)
        if arg_names is None:
            raise _CannotPlan(f"the record of {primitive.name} was made before tracing began")
        args = tuple(a._value if isinstance(a, Tensor) else a for a in inputs)
        kwargs = dict(params) if params else {}
        extra = ""
        if "residual" in kwargs:
            extra = f", residual={self.residual_of[out._id]}"
            kwargs.pop("residual")
        if kwargs:
            extra += f", **{self._global(kwargs, 'p')}"
        upstream, up_name = entry
        out_name = self.slot_of[out._id]
        rules = primitive.vjps if primitive.n_inputs is not None else None
        for argnum, x in enumerate(inputs):
            if not isinstance(x, Tensor) or x._id not in reached:
                continue
            rule = rules[argnum] if rules is not None else primitive.vjp(argnum)
            if rule is None:
                continue
            try:
                grad = rule(upstream, out._value, *args, **params) if params else rule(
                    upstream, out._value, *args)
            except AttributeError as error:
                raise _CannotPlan(f"the gradient of {primitive.name} needs Tensors "
                                  f"({error})") from None
            name = self._new("g")
            rule_name = self._global(rule, "vjp")
            self.lines.append(f"{name} = {rule_name}({up_name}, {out_name}, "
                              f"{', '.join(arg_names)}{extra})")
            self.steps.append((name, f"d {primitive.name}/d input {argnum}",
                               [up_name, out_name] + list(arg_names)))
            expected = x._value
            if type(grad) not in _tape._GRADIENT_TYPES or grad.shape != expected.shape or (
                    grad.dtype is not expected.dtype and grad.dtype != expected.dtype):
                summed = unbroadcast(grad, expected.shape) if type(grad) is np.ndarray else None
                if summed is not None and summed.shape == expected.shape and (
                        summed.dtype == expected.dtype):  # the usual case: a bias's sum
                    grad = summed
                    shape = self._global(expected.shape, "c")
                    self.lines.append(f"{name} = unbroadcast({name}, {shape})")
                else:
                    grad = fit_gradient(grad, x, primitive)
                    fit = self._global(functools.partial(_fit, x=x, primitive=primitive), "fit")
                    self.lines.append(f"{name} = {fit}({name})")
            self.values[name] = grad
            known = grads.get(x._id)
            grads[x._id] = (grad, name) if known is None else self._add(known, (grad, name))

    def _add(self, a: Tuple[Any, str], b: Tuple[Any, str]) -> Tuple[Any, str]:
        name = self._new("g")
        self.lines.append(f"{name} = add({a[1]}, {b[1]})")
        self.steps.append((name, "add", [a[1], b[1]]))
        self.values[name] = total = np.add(a[0], b[0])
        return total, name


def _update(variable: Variable, ufunc: Any, method: str, delta: Any) -> None:
    """``variable.assign_add`` / ``assign_sub`` in a replay: in place when nothing else holds
    the array and ``delta`` matches it (checked while tracing, so usually), else the method."""
    if type(delta) is np.ndarray and delta.dtype is variable._value.dtype and (
            delta.shape == variable._value.shape) and variable._sole_owner():
        ufunc(variable._value, delta, variable._value)
    else:
        getattr(variable, method)(delta)


class _Out:
    """A placeholder in a plan's result structure: output ``index``, or a Python ``value``."""

    __slots__ = ("index", "value")

    def __init__(self, index: Optional[int], value: Any = None) -> None:
        self.index, self.value = index, value


def _fit(grad: Any, x: Tensor, primitive: Any) -> Any:
    from .unbroadcast import fit_gradient
    return fit_gradient(grad, x, primitive)


class _Plan:
    """One signature's compiled step: ``run(*input_arrays)`` returns the output arrays."""

    def __init__(self, source: str, names: Dict[str, Any], outputs: Any,
                 steps: List[Tuple[str, str, List[str]]]) -> None:
        self.source = source
        self.outputs = outputs  # the result's structure, with ("slot", i) placeholders
        self.steps = steps
        scope = dict(names)
        from .unbroadcast import unbroadcast
        scope.update(asarray=np.asarray, add=np.add, subtract=np.subtract, update=_update,
                     unbroadcast=unbroadcast)
        exec(compile(source, "<ag.function plan>", "exec"), scope)  # noqa: S102 (our own text)
        self.run = scope["plan"]


_TOKEN = re.compile(r"\b([vgr]\d+)\b")
_PURE = re.compile(r"^[vgr]\d+(, [vgr]\d+)? = (f|vjp|fit|add|asarray|var)")


def _pruned(lines: List[str]) -> List[str]:
    """The lines without pure steps whose results nothing uses (work done while tracing that
    the result does not need). Random draws, assigns and updates always stay."""
    needed: set = set()
    kept = []
    for line in reversed(lines):
        target, _, expression = line.partition(" = ") if _PURE.match(line) else ("", "", line)
        if target and not needed.intersection(_TOKEN.findall(target)):
            continue
        needed.update(_TOKEN.findall(expression))
        kept.append(line)
    return kept[::-1]


_EFFECT = re.compile(r"^(eff\d+)\(([^*=]*)\)$")
_ELEMENTWISE = re.compile(r"^([vg]\d+) = (f\d+)\(([^*]*)\)$")


def _in_place_ufuncs() -> Dict[Any, Any]:
    """Forwards that are one NumPy ufunc call on their inputs: a plan may give them ``out=``."""
    from . import ops
    table = {"add": np.add, "subtract": np.subtract, "multiply": np.multiply,
             "divide": np.true_divide, "negative": np.negative, "square": np.square,
             "sqrt": np.sqrt, "exp": np.exp, "log": np.log, "sin": np.sin, "cos": np.cos,
             "tanh": np.tanh}
    return {getattr(ops, name).primitive.forward: ufunc for name, ufunc in table.items()}


def _liveness(lines: List[str], tracer: _Tracer) -> List[str]:
    """The plan's lines with ``del`` after each local's last use (a dead buffer is freed at
    once, and a Variable's array read earlier is not held when an update writes it), and an
    elementwise step whose input dies there writing into that input (``out=``) when the
    trace showed the plan owns it: same shape and dtype, no view, no alias still alive."""
    lines = _pruned(lines)
    token = _TOKEN
    first: Dict[str, int] = {}
    last: Dict[str, int] = {}
    for number, line in enumerate(lines):
        for name in token.findall(line):
            first.setdefault(name, number)
            last[name] = number
    ufuncs = _in_place_ufuncs()
    out = []
    for number, line in enumerate(lines):
        effect = _EFFECT.match(line)
        if effect and effect.group(1) in tracer.reusing:
            args = effect.group(2).split(", ")
            if args and all(last.get(a) == number and _owned(a, a, number, first, last, tracer)
                            and all(b == a or tracer.values.get(b) is not tracer.values.get(a)
                                    for b in args) for a in args):
                line = f"{effect.group(1)}({effect.group(2)}, owned=True)"
        match = _ELEMENTWISE.match(line)
        ufunc = ufuncs.get(tracer.names.get(match.group(2))) if match else None
        if match is not None and ufunc is not None:
            target, args = match.group(1), match.group(3).split(", ")
            for arg in args:
                if last.get(arg) == number and _owned(arg, target, number, first, last,
                                                      tracer):
                    ufunc_name = tracer._global(ufunc, "u")
                    line = f"{target} = {ufunc_name}({', '.join(args)}, out={arg})"
                    break
        out.append(line)
        dead = sorted(n for n, at in last.items() if at == number)
        if dead:
            out.append(f"del {', '.join(dead)}")
    return out


def _owned(name: str, target: str, number: int, first: Dict[str, int], last: Dict[str, int],
           tracer: _Tracer) -> bool:
    """May the step at line ``number`` write its result into local ``name``?"""
    values = tracer.values
    array, result = values.get(name), values.get(target)
    if name in tracer.foreign or type(array) is not np.ndarray or array.base is not None or (
            type(result) is not np.ndarray or result.shape != array.shape
            or result.dtype != array.dtype or not array.flags.writeable):
        return False
    for other, value in values.items():
        alive = first[other] <= number < last[other] if other in first else False
        if other != name and type(value) is np.ndarray and (alive or other in tracer.foreign) \
                and np.may_share_memory(array, value):
            return False
    for value in tracer.names.values():
        held = value._value if isinstance(value, Tensor) else value
        if type(held) is np.ndarray and np.may_share_memory(array, held):
            return False
    return True


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
        self.graph: Optional[Graph] = None
        functools.update_wrapper(self, fn)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if _tape.STATE.check_numerics:  # a plan does not check each op: run eagerly
            if not self._warned_numerics:
                self._warned_numerics = True
                name = getattr(self, "__name__", "fn")
                warnings.warn(f"ag.function({name}): running eagerly while check_numerics "
                              f"is on", stacklevel=2)
            return self.fn(*args, **kwargs)
        key = _signature(args, kwargs)
        plan = self._plans.get(key)
        if plan is None:
            return self._trace(key, args, kwargs)
        if plan == "eager":
            return self.fn(*args, **kwargs)
        inputs = [a._value if isinstance(a, Tensor) else a for a in _inputs(args, kwargs)]
        was_raw, _tape.MODE.raw = _tape.MODE.raw, True
        try:
            arrays = plan.run(*inputs)
        finally:
            _tape.MODE.raw = was_raw
        return _rebuild(plan.outputs, arrays)

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
        outputs, returned = _outputs(result, tracer)
        body = _liveness(tracer.lines + [f"return ({''.join(n + ', ' for n in returned)})"],
                         tracer)
        source = f"def plan({', '.join(params)}):\n" + "".join(f"    {line}\n" for line in body)
        plan = _Plan(source, tracer.names, outputs, tracer.steps)
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
    warning instead; a nested tape, a jacobian or check_numerics inside ``fn`` runs it
    eagerly with a warning.

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

    def walk(value: Any) -> None:
        if _is_input(value):
            flat.append(value)
        elif type(value) in (list, tuple):
            for item in value:
                walk(item)
        elif type(value) is dict:
            for item in value.values():
                walk(item)

    for value in args:
        walk(value)
    for name in sorted(kwargs):
        walk(kwargs[name])
    return flat


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
        return (value._value.shape, value._value.dtype)
    if type(value) is np.ndarray:
        return (value.shape, value.dtype)
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


def _outputs(result: Any, tracer: _Tracer) -> Tuple[Any, List[str]]:
    """The result's structure with each Tensor replaced by ``("slot", i)``, and the plan's
    expressions for those slots (a Variable returned is returned itself)."""
    names: List[str] = []

    def walk(value: Any) -> Any:
        if isinstance(value, Tensor) and type(value) is not Variable:
            names.append(tracer.ref(value))
            return _Out(len(names) - 1)
        if isinstance(value, (list, tuple)) and type(value) in (list, tuple):
            return type(value)(walk(v) for v in value)
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return _Out(None, value)

    return walk(result), names


def _rebuild(structure: Any, arrays: tuple) -> Any:
    """The result of a replay: fresh Tensors (copies: a plan's buffers are its own)."""
    if type(structure) is _Out:
        if structure.index is None:
            return structure.value
        value = arrays[structure.index]
        return wrap(np.array(value, copy=True) if type(value) is np.ndarray else
                    np.asarray(value).copy())
    if isinstance(structure, dict):
        return {k: _rebuild(v, arrays) for k, v in structure.items()}
    return type(structure)(_rebuild(v, arrays) for v in structure)


def _fresh(result: Any) -> Any:
    return result
