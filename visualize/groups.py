"""Parts of a computational graph drawn differently: groups collapsed into one node, and a
model's sigmoid or softmax output that the loss skips by reading its logits.

``find_groups(plan, {"cross-entropy": (z, loss)})`` selects the ops on the way from ``z`` to
``loss``; ``draw_graph(..., group=...)`` draws them as one node. ``logits_notes(plan)`` finds the
output activations (a ``Dense(1, activation="sigmoid")``) whose loss took the logits instead, as
Keras does, so that the picture can show them with a note.

>>> import autograd_lite as ag
>>> from visualize.tape_reader import read_tape
>>> x = ag.Variable(2.0, name="x")
>>> with ag.GradientTape() as tape:
...     z = x * 3.0
...     y = ag.sin(ag.exp(z))
>>> [g.op_counts for g in find_groups(read_tape(y, tape), {"tail": (z, y)})]
[Counter({'exp': 1, 'sin': 1})]
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Set, Tuple

from autograd_lite import Tensor

from .tape_reader import Plan, Step
from .values import escape


@dataclass
class Group:
    """Ops drawn as one node: their positions, the values entering from outside, and the
    values they make that something outside the group uses."""

    number: int
    name: str
    positions: List[int]
    op_counts: Counter
    inputs: List[Tensor] = field(default_factory=list)
    outputs: List[Tensor] = field(default_factory=list)
    constants: int = 0

    def label(self) -> str:
        """The node's text: the name, how many ops, the most common ones."""
        ops = ", ".join(f"{name} × {count}" if count > 1 else name
                        for name, count in self.op_counts.most_common(4))
        more = len(self.op_counts) - 4
        lines = [f"<B>{escape(self.name)}</B>",
                 f"{len(self.positions)} ops: {escape(ops)}" + (f" +{more} more" if more > 0
                                                               else "")]
        if self.constants:
            lines.append(f"{self.constants} constant input{'s' if self.constants > 1 else ''}")
        return "<" + "<BR/>".join(lines) + ">"

    def tooltip(self) -> str:
        """Every op of the group, for the SVG's tooltip (draw without ``group=`` to expand)."""
        names = ", ".join(f"{name} × {count}" for name, count in self.op_counts.items())
        return f"{self.name}: {names}. Draw without group= to see each op."


def find_groups(plan: Plan, groups: Optional[Dict[str, Any]]) -> List[Group]:
    """The groups of ``draw_graph(..., group=groups)`` among the plan's visible steps."""
    if groups is None:
        return []
    if not isinstance(groups, dict):
        raise TypeError(f"draw_graph: group must be a dict {{name: (start, end)}}, got "
                        f"{type(groups).__name__}")
    steps = {step.position: step for step in plan.steps}
    found: List[Group] = []
    taken: Set[int] = set()
    for name, ends in groups.items():
        start, end = _ends(name, ends)
        positions = sorted(_between(plan.steps, start, end) - taken)
        if not positions:
            raise ValueError(f"draw_graph: group {name!r} holds no drawn op: no recorded op "
                             f"leads from its start to its end ({end.shape} value)")
        taken.update(positions)
        found.append(_group(len(found) + 1, name, [steps[p] for p in positions], plan, taken))
    return found


def _ends(name: str, ends: Any) -> Tuple[List[Tensor], Tensor]:
    if not (isinstance(ends, tuple) and len(ends) == 2):
        raise TypeError(f"draw_graph: group {name!r} must be a pair (start, end) of values (start "
                        f"may be a list, [] for everything before end), got "
                        f"{type(ends).__name__}")
    start, end = ends
    starts = list(start) if isinstance(start, (list, tuple)) else [start]
    if not all(isinstance(v, Tensor) for v in starts + [end]):
        raise TypeError(f"draw_graph: group {name!r}: start and end must be Tensors")
    return starts, end


def _between(steps: List[Step], starts: List[Tensor], end: Tensor) -> Set[int]:
    """Positions of the steps that depend on a start (every step when there is no start)
    and that the end depends on."""
    reached = {s.id for s in starts}
    after = set() if starts else {step.position for step in steps}
    for step in steps:
        if any(isinstance(a, Tensor) and a.id in reached for a in step.inputs):
            after.add(step.position)
            reached.add(step.output.id)
    needed = {end.id}
    before = set()
    for step in reversed(steps):
        if step.output.id in needed:
            before.add(step.position)
            needed.update(a.id for a in step.inputs if isinstance(a, Tensor))
    return after & before


def _group(number: int, name: str, members: List[Step], plan: Plan, taken: Set[int]) -> Group:
    inside = {step.output.id for step in members}
    group = Group(number, name, [s.position for s in members],
                  Counter(step.primitive.name for step in members))
    seen: Set[int] = set()
    for step in members:
        for a in step.inputs:
            if not isinstance(a, Tensor):
                group.constants += 1
            elif a.id not in inside and a.id not in seen:
                seen.add(a.id)
                group.inputs.append(a)
    used_outside = {a.id for step in plan.steps if step.position not in taken
                    for a in step.inputs if isinstance(a, Tensor)}
    used_outside |= {t.id for t in plan.targets}
    for step in members:
        if step.output.id in used_outside:
            group.outputs.append(step.output)
    return group


def logits_notes(plan: Plan) -> List[Tuple[Step, Tensor, str]]:
    """Sigmoid / softmax outputs recorded on the tape whose loss read their logits instead:
    ``(the activation's step, its logits, "sigmoid" | "softmax")``, logits on the drawn path."""
    from autograd_lite.nn.activations import remembered_logits

    produced = plan.produced
    notes = []
    for position, record in enumerate(plan.tape.records):
        if record.op.name not in ("sigmoid", "softmax") or record.output.id in produced:
            continue
        remembered = remembered_logits(record.output)
        if remembered is None or remembered[0].id not in produced:
            continue
        notes.append((Step(position, *record), remembered[0], remembered[1]))
    return notes
