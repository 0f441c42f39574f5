"""The backward pass, step by step: what ``tape.explain(target, sources)`` reports.

:func:`walk` replays ``tape.gradient(target, sources)`` without using the tape up, one
:class:`Step` per record with a :class:`Send` per input that receives a gradient;
:func:`explain` turns the walk into an :class:`Explanation` (a text table, an HTML table in
Jupyter). :func:`reach` (the records on a path from some values) is shared with ``why_none``,
:func:`not_recorded` (from :mod:`autograd_lite.tape`) pauses the tapes for the replay.
"""
from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

from ..graph import reachable
from ..nest import flatten
from ..nest import targets as as_targets
from ..records import Record
from ..tape import backward_pass, not_recorded
from ..tensor import Tensor
from .labels import Labels, _shape, _value, short
from .listing import _align


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


def walk(tape: Any, target: Any, sources: Any) -> List[Step]:
    """The backward pass of ``tape.gradient(target, sources)``, one :class:`Step` per record
    it walks: the very walk ``gradient`` runs (:func:`autograd_lite.tape.backward_pass`), told
    to an observer, without using the tape up.

    >>> w = ag.Variable(2.0, name="w")
    >>> with ag.GradientTape() as tape:
    ...     y = ag.sin(w * w)
    >>> [(step.primitive.name, len(step.sends)) for step in walk(tape, y, w)]
    [('sin', 1), ('multiply', 2)]
    """
    return _walk(tape, target, sources)[0]


def _walk(tape: Any, target: Any, sources: Any) -> Tuple[List[Step], Dict[int, np.ndarray]]:
    """The steps of the backward pass, and the sources' gradients keyed by id."""
    _check_records(tape, "explain")
    targets = as_targets(target, "explain")
    flat = flatten(sources, "GradientTape.explain", "sources")
    observer = _StepNotes(tape.records)
    grads = backward_pass(tape, targets, flat, observer)
    labels = Labels(tape)
    with not_recorded():
        for step, params, sent in zip(observer.steps, observer.params, observer.sent):
            _describe_sends(step, params, sent, labels)
    return observer.steps, {i: np.asarray(g) for i, g in grads.items()}


class _StepNotes:
    """The observer of the backward pass that ``walk`` gives it: a :class:`Step` per record
    reached, and what each record sent to which input."""

    def __init__(self, records: Any) -> None:
        self.records = records
        self.steps: List[Step] = []
        self.params: List[Any] = []
        self.sent: List[list] = []

    def record(self, index: int, upstream: Any) -> None:
        primitive, inputs, out, params = self.records[index]
        self.steps.append(Step(len(self.steps) + 1, primitive, inputs, out,
                               np.asarray(upstream)))
        self.params.append(params)
        self.sent.append([])

    def send(self, index: int, argnum: int, sent: Any, earlier: Any, total: Any) -> None:
        self.sent[-1].append((argnum, np.asarray(sent),
                              None if earlier is None else np.asarray(earlier),
                              None if earlier is None else np.asarray(total)))


def _describe_sends(step: Step, params: Any, sent: list, labels: Labels) -> None:
    """Each send of ``step`` with its formula and the local derivative as numbers: the VJP of
    a unit upstream, where that is meaningful (elementwise ops, or a one-element output)."""
    from ..ops import ones_like
    ones = ones_like(step.output)
    for argnum, value, earlier, total in sent:
        rule = step.primitive.vjp(argnum)
        probe = rule(ones, step.output, *step.inputs, **params)
        local = None
        if step.primitive.elementwise or step.output.size == 1:
            local = np.asarray(_value(probe))
        step.sends.append(Send(step.inputs[argnum],
                               named_formula(step.primitive, argnum, step.inputs, labels), local,
                               value, _shape(probe), earlier, total))


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


def named_formula(primitive: Any, argnum: int, inputs: tuple, labels: Labels) -> str:
    """The op's local-derivative formula for input ``argnum`` with its parameter names
    replaced, in one pass, by the inputs' labels: multiply's ``y`` becomes ``x`` when the
    op's second input is the data called x, or ``0.5``, or ``%3``.

    >>> w, x = ag.Variable(2.0, name="w"), ag.constant(3.0, name="x")
    >>> with ag.GradientTape() as tape:
    ...     y = w * x
    >>> record = tape.records[0]
    >>> named_formula(record.op, 0, record.inputs, Labels(tape))
    'x'
    """
    formula = primitive.local_formula(argnum)
    names = primitive.input_names
    texts = {name: labels.short(value) for name, value in zip(names, inputs)}
    if texts:
        pattern = "|".join(re.escape(n) for n in sorted(texts, key=len, reverse=True))
        formula = re.sub(rf"(?<![A-Za-z_%])({pattern})(?![A-Za-z_(])",
                         lambda m: texts[m.group(1)], formula)
    return re.sub(r"(\d)(%)", r"\1·\2", formula)


class Explanation:
    """The backward pass of one ``gradient`` call, step by step (made by ``tape.explain``).

    ``str(report)`` is an aligned text table; in Jupyter it renders as an HTML table.
    ``report.steps`` holds the :class:`Step` objects, ``report.gradients`` the results
    (label -> array or None) and ``report.rows()`` the table cells. Values of up to
    ``max_elements`` elements are written out, larger ones by their shape; with ``width`` no
    text column is wider than that many characters (longer cells wrap onto more lines).
    """

    COLUMNS = ("step", "op", "output", "upstream", "to input", "local derivative",
               "local value", "sent", "note")

    def __init__(self, steps: List[Step], labels: Labels, targets: List[Tensor],
                 sources: List[Tensor], grads: Dict[int, np.ndarray], max_elements: int = 24,
                 width: Optional[int] = None) -> None:
        self.steps = steps
        self._labels = labels
        self._targets = targets
        self._sources = sources
        self._grads = grads
        self.max_elements = max_elements
        self.width = width
        self.gradients = {labels.of(s): grads.get(s.id) for s in sources}

    def _short(self, value: Any) -> str:
        return short(value, self.max_elements)

    def rows(self) -> List[Tuple[str, ...]]:
        """One row per (step, input that receives a gradient); step cells only on its first."""
        rows = []
        for step in self.steps:
            first = self.step_cells(step)
            if not step.sends:
                rows.append(first + ("", "", "", "", "(no input takes a gradient)"))
            for i, send in enumerate(step.sends):
                head = first if i == 0 else ("",) * 4
                rows.append(head + self._send_cells(send))
        return rows

    def step_cells(self, step: Step) -> Tuple[str, ...]:
        """The step's own cells: number, op, its output and the upstream gradient."""
        return (str(step.number), step.primitive.name,
                f"{self._labels.of(step.output)} = {self._short(step.output)}",
                self._short(step.upstream))

    def step_rows(self, step: Step) -> List[Tuple[str, ...]]:
        """The table rows of one step (one per input that receives a gradient)."""
        first = self.step_cells(step)
        if not step.sends:
            return [first + ("", "", "", "", "(no input takes a gradient)")]
        return [(first if i == 0 else ("",) * 4) + self._send_cells(send)
                for i, send in enumerate(step.sends)]

    def _send_cells(self, send: Send) -> Tuple[str, ...]:
        label = self._labels.of(send.input)
        value = "" if send.local is None else self._short(send.local)
        return (f"{label} = {self._short(send.input)}", send.formula, value,
                self._short(send.sent), self._note(send, label))

    def _note(self, send: Send, label: str) -> str:
        notes = []
        axes = summed_axes(send.raw_shape, send.input.shape)
        if axes:
            notes.append(f"summed over axis {', '.join(map(str, axes))}: {label} "
                         f"{send.input.shape} was broadcast to {send.raw_shape}")
        if send.earlier is not None:
            notes.append(f"fan-out: {label} gets {self._short(send.earlier)} + "
                         f"{self._short(send.sent)} = {self._short(send.total)}")
        return "; ".join(notes)

    def results(self) -> List[str]:
        """One line per source: its gradient and, when it is zero or None, why."""
        target = " + ".join(self._labels.of(t).split(" ")[-1] for t in self._targets)
        lines = []
        for s in self._sources:
            label = self._labels.of(s)
            grad = self._grads.get(s.id)
            name = label.split(" ")[-1]
            text = "None" if grad is None else self._short(grad)
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
        table = _wrapped([self.COLUMNS] + self.rows(), self.width) if self.steps \
            else ["(no steps)"]
        return "\n".join([head] + table + ["gradients:"] + ["  " + r for r in self.results()])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        cells = "".join(f"<th>{html.escape(c)}</th>" for c in self.COLUMNS)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                       for row in self.rows())
        results = "".join(f"<li><code>{html.escape(r)}</code></li>" for r in self.results())
        return (f"<table class='ag-explain'><thead><tr>{cells}</tr></thead><tbody>{body}"
                f"</tbody></table><p>gradients:</p><ul>{results}</ul>")


def _wrapped(rows: List[Tuple[str, ...]], width: Optional[int]) -> List[str]:
    """Aligned columns; with ``width``, a cell longer than that wraps onto further lines."""
    if width is None:
        return _align(rows)
    lines: List[Tuple[str, ...]] = []
    for row in rows:
        cells = [textwrap.wrap(cell, width, break_on_hyphens=False) or [""] for cell in row]
        for k in range(max(len(c) for c in cells)):
            lines.append(tuple(c[k] if k < len(c) else "" for c in cells))
    return _align(lines)


def summed_axes(raw: tuple, shape: tuple) -> tuple:
    """The axes that summing a gradient of shape ``raw`` back to ``shape`` went over.

    >>> summed_axes((4, 3), (3,)), summed_axes((4, 1), (1,)), summed_axes((2, 3), (2, 1))
    ((0,), (0,), (1,))
    """
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


def explain(tape: Any, target: Any, sources: Any, max_elements: int = 24,
            width: Optional[int] = None) -> Explanation:
    """Walk the backward pass of ``tape.gradient(target, sources)`` and report every step.

    Does not use the tape up: a non-persistent tape can still answer ``gradient`` afterwards.
    Values and gradients of up to ``max_elements`` elements are written out (24 covers a
    (4, 3) hidden layer at batch 4), larger ones by their shape; ``width`` caps a text
    column's width (longer cells wrap).

    >>> report = tape.explain(loss, [w, b])                             # doctest: +SKIP
    >>> print(report)                                                    # doctest: +SKIP
    """
    if isinstance(max_elements, bool) or not isinstance(max_elements, (int, np.integer)) \
            or max_elements < 1:
        raise ValueError(f"explain: max_elements must be a positive int, got {max_elements!r}")
    if width is not None and (isinstance(width, bool) or not isinstance(width, (int, np.integer))):
        raise ValueError(f"explain: width must be an int or None, got {width!r}")
    if width is not None and width < 8:
        raise ValueError(f"explain: width must be at least 8 characters, got {width}")
    steps, grads = _walk(tape, target, sources)
    targets = as_targets(target, "explain")
    flat = flatten(sources, "GradientTape.explain", "sources")
    return Explanation(steps, Labels(tape), list(targets), list(flat), grads,
                       int(max_elements), None if width is None else int(width))


__all__ = ["Send", "Step", "walk", "reach", "not_recorded", "Explanation", "explain",
           "named_formula", "summed_axes"]
