"""Read a tape's records into a plan of what to draw: ops, values, and collapsed runs.

Nothing here changes the tape, and nothing recurses: selecting the records that led to a
target is one reverse pass over the list (``autograd_lite.graph.ancestry``), and finding long
linear runs follows ``next`` pointers in a loop, so a chain of 100,000 ops is read in a fraction
of a second. The tape is read only through its public reading API (``tape.records``,
``tape.tracked``, ``tensor.id``).

>>> import autograd_lite as ag
>>> x = ag.Variable(2.0)
>>> with ag.GradientTape() as tape:
...     y = ag.sin(x * x)
>>> [step.primitive.name for step in read_tape(y, tape).steps]
['multiply', 'sin']
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Set, Union

from autograd_lite import GradientTape, Record, Tensor, Variable
from autograd_lite.graph import ancestry
from autograd_lite.tape import live_tapes
from autograd_lite.tensor import VariableRead


@dataclass
class Step:
    """One recorded op: where it sits among the selected records and what it saw."""

    position: int
    primitive: Any
    inputs: tuple
    output: Tensor
    params: dict


@dataclass
class Run:
    """Records hidden behind one node: the middle of a long chain of ops."""

    number: int
    positions: List[int]
    op_counts: Counter
    steps: List[Step] = field(default_factory=list)  # the first and last hidden step
    side_inputs: List[Tensor] = field(default_factory=list)
    hidden_inputs: int = 0


@dataclass
class Plan:
    """What to draw: visible steps, collapsed runs, and the kind of every leaf value."""

    tape: GradientTape
    targets: List[Tensor]
    steps: List[Step]
    runs: List[Run]
    produced: Set[int]
    hidden: Set[int]

    def tracked(self, value: Any) -> bool:
        """Whether the tape tracks ``value`` (a watched value or a recorded op's output)."""
        return self.tape.tracked(value)

    def kind_of(self, value: Any) -> str:
        """``trainable``, ``non_trainable``, ``watched``, ``constant`` or ``intermediate``."""
        if isinstance(value, (VariableRead, Variable)):
            variable = value.variable if isinstance(value, VariableRead) else value
            return "trainable" if variable.trainable else "non_trainable"
        if isinstance(value, Tensor):
            if value.id in self.produced:
                return "intermediate"
            return "watched" if self.tape.tracked(value) else "constant"
        return "constant"


def as_targets(target: Union[Tensor, Sequence[Tensor]]) -> List[Tensor]:
    """``target`` as a list of Tensors; anything else is a ``TypeError``."""
    targets = list(target) if isinstance(target, (list, tuple)) else [target]
    for t in targets:
        if not isinstance(t, Tensor):
            raise TypeError(f"draw_graph: the target must be a Tensor (or a list of them), got "
                            f"{type(t).__name__}")
    return targets


def find_tape(targets: List[Tensor]) -> GradientTape:
    """The innermost live tape that recorded the targets (the one with the fewest records),
    among the tapes the core keeps a weak registry of (``autograd_lite.tape.live_tapes``)."""
    found = [tape for tape in live_tapes() if not tape.released
             and any(tape.tracked(t) for t in targets)]
    if not found:
        raise ValueError("draw_graph: no live GradientTape recorded this target; pass the tape "
                         "with draw_graph(target, tape). " + _RELEASED_HINT)
    return min(found, key=lambda tape: len(tape.records))


_RELEASED_HINT = ("A non-persistent tape forgets its records when gradient() is called: draw "
                  "before calling gradient, or record with ag.GradientTape(persistent=True) to "
                  "draw the gradients too.")


def read_tape(target: Union[Tensor, Sequence[Tensor]], tape: Optional[GradientTape] = None,
              collapse_over: Optional[int] = 30, keep: int = 3) -> Plan:
    """Select the records that produced ``target`` and collapse linear runs longer than
    ``collapse_over`` ops (``None`` never collapses), keeping ``keep`` ops at each end."""
    targets = as_targets(target)
    if tape is None:
        tape = find_tape(targets)
    _check_recorded(targets, tape)
    target_ids = {t.id for t in targets}
    chosen = ancestry(tape.records, target_ids)
    produced = {record.output.id for record in chosen}
    runs = []
    if collapse_over is not None:
        runs = _collapse(chosen, target_ids, max(collapse_over, 2 * keep + 1), keep)
    hidden = {position for run in runs for position in run.positions}
    steps = [Step(i, *record) for i, record in enumerate(chosen) if i not in hidden]
    for run in runs:
        run.steps = [Step(i, *chosen[i]) for i in (run.positions[0], run.positions[-1])]
        _gather_side_inputs(run, [chosen[i] for i in run.positions], produced, tape)
    return Plan(tape, targets, steps, runs, produced, hidden)


def _check_recorded(targets: List[Tensor], tape: GradientTape) -> None:
    if not isinstance(tape, GradientTape):
        raise TypeError(f"draw_graph: tape must be an ag.GradientTape, got "
                        f"{type(tape).__name__}")
    if tape.released:
        raise ValueError("draw_graph: this tape has released its records. " + _RELEASED_HINT)
    missing = [t for t in targets if not tape.tracked(t)]
    if not missing:
        return
    raise ValueError(f"draw_graph: the target (shape {missing[0].shape}) was not recorded on "
                     f"this tape: compute it inside `with tape:` from a watched value")


def _collapse(chosen: List[Record], targets: Set[int], longest: int, keep: int) -> List[Run]:
    """Runs of more than ``longest`` ops where each feeds only the next; the middles hide."""
    producer = {record.output.id: i for i, record in enumerate(chosen)}
    only_feed, consumers = _feeds(chosen, producer)
    next_of: Dict[int, int] = {}
    for position, before in enumerate(only_feed):
        if before is not None and before != -1 and consumers[before] == 1 \
                and before not in targets:
            next_of[producer[before]] = position
    followers = set(next_of.values())
    runs = []
    for head in range(len(chosen)):
        if head in followers:
            continue
        chain = [head]
        while chain[-1] in next_of:
            chain.append(next_of[chain[-1]])
        if len(chain) > longest:
            middle = chain[keep:-keep]
            runs.append(Run(len(runs) + 1, middle, _op_counts(chosen, middle)))
    return runs


def _feeds(chosen: List[Record], producer: Dict[int, int]) -> tuple:
    """Per record, the id of its one recorded input (``None`` if none, ``-1`` if several);
    and how many records read each recorded value."""
    only: List[Optional[int]] = []
    consumers: Counter = Counter()
    for _, inputs, _, _ in chosen:
        ids = {a.id for a in inputs if isinstance(a, Tensor) and a.id in producer}
        consumers.update(ids)
        only.append(next(iter(ids)) if len(ids) == 1 else (None if not ids else -1))
    return only, consumers


def _op_counts(chosen: List[Record], positions: List[int]) -> Counter:
    return Counter(chosen[i].op.name for i in positions)


def _gather_side_inputs(run: Run, records: List[Record], produced: Set[int], tape: GradientTape,
                        most: int = 6) -> None:
    """Variables and watched values that enter the hidden ops (constants are only counted)."""
    seen: Set[int] = set()
    for _, inputs, _, _ in records:
        for a in inputs:
            if not isinstance(a, Tensor):
                run.hidden_inputs += 1
            elif a.id not in produced and a.id not in seen:
                seen.add(a.id)
                if (isinstance(a, (Variable, VariableRead)) or tape.tracked(a)) and \
                        len(run.side_inputs) < most:
                    run.side_inputs.append(a)
                else:
                    run.hidden_inputs += 1
