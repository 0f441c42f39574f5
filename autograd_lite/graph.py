"""The two walks over a tape's records, kept in one place: what a target came from, and what
a set of values reaches.

Both are one pass over the list in execution order (or its reverse), never a recursion, so a
chain of a million ops is walked like a short one. ``gradient`` uses :func:`reachable` to skip
the records no source can affect; ``why_none``, ``explain``, ``draw_graph`` and
``backward_steps`` use both.
"""
from __future__ import annotations

from typing import Any, Iterable, List, Set, Tuple

from .records import MANY_INPUTS, Record, Records, RecordsView
from .tensor import Tensor


def reachable(records: Any, start: Iterable[int]) -> Tuple[List[int], Set[int]]:
    """The positions of the records reachable from the values whose ids are in ``start`` (in
    execution order), and the ids of every value reached (``start`` included): only these
    records and values can carry a gradient from those values.

    >>> x = ag.constant(1.0)
    >>> with ag.GradientTape() as tape:
    ...     tape.watch(x)
    ...     y = ag.sin(x)
    ...     z = ag.exp(ag.constant(2.0) * 1.0)
    ...     w = y * 3.0
    >>> path, reached = reachable(tape.records, {x.id})
    >>> [tape.records[i].op.name for i in path], w.id in reached, z.id in reached
    (['sin', 'multiply'], True, False)
    """
    columns = _columns(records)
    reached = set(start)
    path = []
    index = -1
    for first, second, output in zip(columns.firsts, columns.seconds, columns.outputs):
        index += 1
        if second is MANY_INPUTS:
            hit = any(isinstance(a, Tensor) and a._id in reached for a in first)
        else:  # ONE_INPUT is no Tensor
            hit = (isinstance(first, Tensor) and first._id in reached) or (
                isinstance(second, Tensor) and second._id in reached)
        if hit:
            reached.add(output._id)
            path.append(index)
    return path, reached


def ancestry(records: Any, targets: Iterable[int]) -> List[Record]:
    """The records the values whose ids are in ``targets`` were computed from, in execution
    order (one reverse pass over the records).

    >>> x = ag.constant(1.0)
    >>> with ag.GradientTape() as tape:
    ...     tape.watch(x)
    ...     y = ag.sin(x)
    ...     z = ag.exp(x)
    ...     w = y * 3.0
    >>> [record.op.name for record in ancestry(tape.records, {w.id})]
    ['sin', 'multiply']
    """
    columns = _columns(records)
    wanted = set(targets)
    found = []
    outputs, firsts, seconds = columns.outputs, columns.firsts, columns.seconds
    for index in range(len(outputs) - 1, -1, -1):
        if outputs[index]._id in wanted:
            found.append(index)
            first, second = firsts[index], seconds[index]
            if second is MANY_INPUTS:
                wanted.update([a._id for a in first if isinstance(a, Tensor)])
                continue
            if isinstance(first, Tensor):  # (ONE_INPUT, in ``second``, is no Tensor)
                wanted.add(first._id)
            if isinstance(second, Tensor):
                wanted.add(second._id)
    return [columns.record(index) for index in reversed(found)]


def _columns(records: Any) -> Records:
    if isinstance(records, RecordsView):
        return records._columns
    if isinstance(records, Records):
        return records
    raise TypeError(f"expected a tape's records (tape.records), got {type(records).__name__}")


__all__ = ["reachable", "ancestry"]
