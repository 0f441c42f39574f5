"""The backward pass, step by step: what ``tape.explain(target, sources)`` reports.

:func:`walk` replays ``tape.gradient(target, sources)`` without using the tape up, one
:class:`Step` per record with a :class:`Send` per input that receives a gradient;
:func:`explain` turns the walk into an :class:`Explanation` (a text table, an HTML table in
Jupyter). :func:`reach` (the records on a path from some values) is shared with ``why_none``,
:func:`not_recorded` (run VJPs without recording them) with ``ag.testing``.
"""
from __future__ import annotations

import contextlib
import html
import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Tuple

import numpy as np

from ..graph import reachable
from ..nest import flatten
from ..nest import targets as as_targets
from ..records import Record, input_names
from ..tape import STATE, current_tapes
from ..tensor import Tensor
from .labels import Labels, _shape, _value, short
from .listing import _align

# Ops whose local derivative is elementwise, so "local as a number" is the VJP of ones.
_ELEMENTWISE = {"add", "subtract", "multiply", "divide", "negative", "power", "square", "sqrt",
                "exp", "log", "sin", "cos", "abs", "maximum", "minimum", "clip", "where",
                "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "step", "sign",
                "cast"}


@dataclass
class Send:
    """What one backward step sends to one of its inputs."""

    input: Tensor
    formula: str
    local: Optional[np.ndarray]
    sent: np.ndarray
    raw_shape: tuple
    earlier: Optional[np.ndarray] = None
    total: Optional[np.ndarray] = None


@dataclass
class Step:
    """One record of the backward walk: the op, its output and the upstream gradient."""

    number: int
    primitive: Any
    inputs: tuple
    output: Tensor
    upstream: np.ndarray
    sends: List[Send] = field(default_factory=list)


@contextlib.contextmanager
def not_recorded() -> Iterator[None]:
    """Run ops without recording them on any tape of this thread (for a replay).

    >>> x = ag.constant(1.0)
    >>> with ag.GradientTape() as tape:
    ...     tape.watch(x)
    ...     with not_recorded():
    ...         y = ag.sin(x)
    >>> len(tape.records)
    0
    """
    previous = STATE.backward_of
    with contextlib.ExitStack() as paused:
        for tape in current_tapes():
            paused.enter_context(tape.stop_recording())
        try:
            yield
        finally:
            STATE.backward_of = previous


def walk(tape: Any, target: Any, sources: Any) -> List[Step]:
    """Replay the backward pass of ``tape.gradient(target, sources)``, one :class:`Step` per
    record, computing exactly what ``gradient`` computes without using the tape up."""
    _check_records(tape, "explain")
    from ..ops import add, ones_like
    targets = as_targets(target, "explain")
    flat = flatten(sources, "GradientTape.explain", "sources")
    source_ids = {s.id for s in flat if tape.tracked(s)}
    labels = Labels(tape)
    steps: List[Step] = []
    with not_recorded():
        grads: Dict[int, Tensor] = {}
        for t in targets:
            if tape.tracked(t) and t.dtype.kind == "f":
                seed = ones_like(t)
                grads[t.id] = seed if t.id not in grads else add(grads[t.id], seed)
        if not source_ids or not grads:
            return steps
        path, reached = reach(tape.records, source_ids)
        for record in reversed(path):
            out_id = record.output.id
            upstream = grads.get(out_id) if out_id in source_ids else grads.pop(out_id, None)
            if upstream is not None:
                steps.append(_step(len(steps) + 1, record, upstream, grads, reached, labels))
    return steps


def _step(number: int, record: tuple, upstream: Tensor, grads: Dict[int, Tensor],
          reached: set, labels: Labels) -> Step:
    """Run one record's VJPs as ``gradient`` does, noting what each input is sent."""
    from ..ops import add, ones_like
    from ..unbroadcast import fit_gradient
    primitive, inputs, out, params = record
    STATE.backward_of = primitive.name
    step = Step(number, primitive, inputs, out, _value(upstream))
    for argnum, x in enumerate(inputs):
        rule = primitive.vjp(argnum) if isinstance(x, Tensor) and x.id in reached else None
        if rule is None:
            continue
        raw = rule(upstream, out, *inputs, **params)
        grad = fit_gradient(raw, x, primitive)
        known = grads.get(x.id)
        grads[x.id] = grad if known is None else add(known, grad)
        step.sends.append(Send(x, _formula(primitive, argnum, inputs, labels),
                               _local(primitive, rule, out, inputs, params, ones_like(upstream)),
                               _value(grad), _shape(raw),
                               None if known is None else _value(known),
                               None if known is None else _value(grads[x.id])))
    return step


def reach(records: Any, start: set) -> Tuple[List[Record], set]:
    """The records reachable from the values whose ids are in ``start`` (see
    :func:`autograd_lite.graph.reachable`), and the ids they reach.

    >>> x = ag.constant(1.0)
    >>> with ag.GradientTape() as tape:
    ...     tape.watch(x)
    ...     y = ag.cos(ag.sin(x))
    >>> [record.op.name for record in reach(tape.records, {x.id})[0]]
    ['sin', 'cos']
    """
    path, reached = reachable(records, start)
    return [records[i] for i in path], reached


def _check_records(tape: Any, what: str) -> None:
    if tape.released:
        raise RuntimeError(f"GradientTape.{what}: this non-persistent tape released its records "
                           f"in its gradient call; call {what} before gradient, or create the "
                           f"tape with ag.GradientTape(persistent=True)")


def _local(primitive: Any, rule: Any, out: Tensor, inputs: tuple, params: dict,
           ones: Tensor) -> Optional[np.ndarray]:
    """The local derivative as numbers: the VJP of a unit upstream, where that is meaningful
    (elementwise ops, or an op with a one-element output)."""
    if primitive.name not in _ELEMENTWISE and out.size != 1:
        return None
    return np.asarray(_value(rule(ones, out, *inputs, **params)))


def _formula(primitive: Any, argnum: int, inputs: tuple, labels: Labels) -> str:
    """The op's local-derivative formula with its parameter names replaced by the inputs'
    labels: multiply's ``x`` for input 1 becomes ``0.5`` or ``%3``."""
    formula = primitive.local_formula(argnum)
    names = input_names(primitive)
    for name, value in zip(names, inputs):
        text = labels.short(value)
        pattern = rf"(?<![A-Za-z_%]){re.escape(name)}(?![A-Za-z_(])"
        formula = re.sub(pattern, lambda m, text=text: text, formula)
    return re.sub(r"(\d)(%)", r"\1·\2", formula)


class Explanation:
    """The backward pass of one ``gradient`` call, step by step (made by ``tape.explain``).

    ``str(report)`` is an aligned text table; in Jupyter it renders as an HTML table.
    ``report.steps`` holds the :class:`Step` objects, ``report.gradients`` the results
    (label -> array or None) and ``report.rows()`` the table cells.
    """

    COLUMNS = ("step", "op", "output", "upstream", "to input", "local derivative",
               "local value", "sent", "note")

    def __init__(self, steps: List[Step], labels: Labels, targets: List[Tensor],
                 sources: List[Tensor], grads: Dict[int, np.ndarray]) -> None:
        self.steps = steps
        self._labels = labels
        self._targets = targets
        self._sources = sources
        self._grads = grads
        self.gradients = {labels.of(s): grads.get(s.id) for s in sources}

    def rows(self) -> List[Tuple[str, ...]]:
        """One row per (step, input that receives a gradient); step cells only on its first."""
        rows = []
        for step in self.steps:
            first = (str(step.number), step.primitive.name,
                     f"{self._labels.of(step.output)} = {short(step.output)}", short(step.upstream))
            if not step.sends:
                rows.append(first + ("", "", "", "", "(no input takes a gradient)"))
            for i, send in enumerate(step.sends):
                head = first if i == 0 else ("",) * 4
                rows.append(head + self._send_cells(send))
        return rows

    def _send_cells(self, send: Send) -> Tuple[str, ...]:
        label = self._labels.of(send.input)
        value = "" if send.local is None else short(send.local)
        return (f"{label} = {short(send.input)}", send.formula, value, short(send.sent),
                self._note(send, label))

    def _note(self, send: Send, label: str) -> str:
        notes = []
        axes = _summed_axes(send.raw_shape, send.input.shape)
        if axes:
            notes.append(f"summed over axis {', '.join(map(str, axes))}: {label} "
                         f"{send.input.shape} was broadcast to {send.raw_shape}")
        if send.earlier is not None:
            notes.append(f"fan-out: {label} gets {short(send.earlier)} + {short(send.sent)} "
                         f"= {short(send.total)}")
        return "; ".join(notes)

    def results(self) -> List[str]:
        """One line per source: its gradient and, when it is zero or None, why."""
        target = " + ".join(self._labels.of(t).split(" ")[-1] for t in self._targets)
        lines = []
        for s in self._sources:
            label = self._labels.of(s)
            grad = self._grads.get(s.id)
            name = label.split(" ")[-1]
            text = "None" if grad is None else short(grad)
            lines.append(f"d{target}/d{name} = {text}{self._why(s, grad)}")
        return lines

    def _why(self, source: Tensor, grad: Optional[np.ndarray]) -> str:
        if grad is None:
            return "  (no path from the target: ask tape.why_none(target, source))"
        if np.any(grad != 0):
            return ""
        reasons = [_zero_reason(step, send, self._labels) for step in self.steps
                   for send in step.sends if send.input.id == source.id]
        return "  because " + "; ".join(dict.fromkeys(reasons)) if reasons else ""

    def __str__(self) -> str:
        names = ", ".join(self._labels.of(s) for s in self._sources)
        target = " + ".join(self._labels.of(t) for t in self._targets)
        head = (f"backward pass of {target} with respect to {names}: {len(self.steps)} steps, "
                f"last op first\n(sent = upstream x local derivative, summed back to the "
                f"input's shape)")
        table = _align([self.COLUMNS] + self.rows()) if self.steps else ["(no steps)"]
        return "\n".join([head] + table + ["gradients:"] + ["  " + r for r in self.results()])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        cells = "".join(f"<th>{html.escape(c)}</th>" for c in self.COLUMNS)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                       for row in self.rows())
        results = "".join(f"<li><code>{html.escape(r)}</code></li>" for r in self.results())
        return (f"<table class='ag-explain'><thead><tr>{cells}</tr></thead><tbody>{body}"
                f"</tbody></table><p>gradients:</p><ul>{results}</ul>")


def _summed_axes(raw: tuple, shape: tuple) -> tuple:
    """The axes that summing a gradient of shape ``raw`` back to ``shape`` went over."""
    if raw == shape or len(raw) < len(shape):
        return ()
    extra = len(raw) - len(shape)
    return tuple(range(extra)) + tuple(extra + i for i, n in enumerate(shape)
                                       if n == 1 and raw[extra + i] != 1)


def _zero_reason(step: Step, send: Send, labels: Labels) -> str:
    name = step.primitive.name
    if not np.any(step.upstream != 0):
        return f"the gradient arriving at {name} is already 0"
    others = [a for a in step.inputs if a is not send.input]
    zero = [a for a in others if np.size(_value(a)) and not np.any(np.asarray(_value(a)) != 0)]
    if zero:
        return (f"{name}'s local derivative {send.formula} is zero: its other input "
                f"{labels.arg(zero[0])} = {short(_value(zero[0]))} is zero")
    if send.local is not None and not np.any(send.local != 0):
        return f"{name}'s local derivative {send.formula} is 0 here"
    return f"the contributions through {name} cancel"


def explain(tape: Any, target: Any, sources: Any) -> Explanation:
    """Walk the backward pass of ``tape.gradient(target, sources)`` and report every step.

    Does not use the tape up: a non-persistent tape can still answer ``gradient`` afterwards.

    >>> report = tape.explain(loss, [w, b])                             # doctest: +SKIP
    >>> print(report)                                                    # doctest: +SKIP
    """
    steps = walk(tape, target, sources)
    targets = as_targets(target, "explain")
    flat = flatten(sources, "GradientTape.explain", "sources")
    grads = _final_gradients(steps, targets, flat, tape)
    return Explanation(steps, Labels(tape), list(targets), list(flat), grads)


def _final_gradients(steps: List[Step], targets: List[Tensor], sources: List[Tensor],
                     tape: Any) -> Dict[int, np.ndarray]:
    """Each source's gradient as the walk left it (the last total sent to it); a source
    that is itself a target starts from ones, as in ``gradient``."""
    grads: Dict[int, np.ndarray] = {}
    for t in targets:
        if tape.tracked(t) and t.dtype.kind == "f" and any(t.id == s.id for s in sources):
            grads[t.id] = np.ones(t.shape, t.dtype)
    for step in steps:
        for send in step.sends:
            grads[send.input.id] = send.sent if send.total is None else send.total
    return {s.id: grads[s.id] for s in sources if s.id in grads}


__all__ = ["Send", "Step", "walk", "reach", "not_recorded", "Explanation", "explain"]
