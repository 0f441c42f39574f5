"""The tape's records: ``(primitive, inputs, output, params)`` in execution order, kept as
columns.

One list per field instead of one tuple per record, and an op's one or two inputs stored in two
columns instead of a tuple: a recorded op then adds no container object besides its output
Tensor. Python's cyclic garbage collector walks every live container at each collection, so on
a long tape three objects per op made recording grow faster than the tape (a 10^6-op chain
recorded twice as slowly per op as a 10^4-op one); with one it grows in step.

Reading the records (iterating, indexing, slicing) gives the tuples; the backward pass reads the
columns directly.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Iterator, List, Union

from .tensor import Tensor

ONE_INPUT = object()    # in ``seconds``: the op had one input
MANY_INPUTS = object()  # in ``seconds``: the op had three or more; ``firsts`` holds the tuple

Record = tuple  # (primitive, inputs, output, params)


class Records(Sequence):
    """Records in execution order: ``ops``, ``firsts``, ``seconds``, ``outputs`` and ``params``
    are parallel lists.

    >>> records = Records()
    >>> records.add("sin", ("x",), "y", {})
    >>> records[0]
    ('sin', ('x',), 'y', {})
    """

    __slots__ = ("ops", "firsts", "seconds", "outputs", "params")

    def __init__(self) -> None:
        self.ops: List[Any] = []
        self.firsts: List[Any] = []
        self.seconds: List[Any] = []
        self.outputs: List[Any] = []
        self.params: List[Any] = []

    def add(self, primitive: Any, inputs: tuple, output: Any, params: Any) -> None:
        """Append one record."""
        self.ops.append(primitive)
        if len(inputs) == 1:
            self.firsts.append(inputs[0])
            self.seconds.append(ONE_INPUT)
        elif len(inputs) == 2:
            self.firsts.append(inputs[0])
            self.seconds.append(inputs[1])
        else:
            self.firsts.append(inputs)
            self.seconds.append(MANY_INPUTS)
        self.outputs.append(output)
        self.params.append(params)

    def inputs(self, index: int) -> tuple:
        """The inputs of record ``index``, as the op received them."""
        second = self.seconds[index]
        if second is ONE_INPUT:
            return (self.firsts[index],)
        if second is MANY_INPUTS:
            return self.firsts[index]
        return (self.firsts[index], second)

    def reachable(self, start: set) -> tuple:
        """The indices of the records reachable from the ids in ``start``, in execution order,
        and the ids they reach (one forward pass: only these records and inputs can carry a
        source's gradient)."""
        reached = set(start)
        path = []
        columns = zip(self.firsts, self.seconds, self.outputs)
        for index, (first, second, output) in enumerate(columns):
            if second is MANY_INPUTS:
                hit = any(isinstance(a, Tensor) and a._id in reached for a in first)
            else:  # ONE_INPUT is no Tensor
                hit = (isinstance(first, Tensor) and first._id in reached) or (
                    isinstance(second, Tensor) and second._id in reached)
            if hit:
                reached.add(output._id)
                path.append(index)
        return path, reached

    def clear(self) -> None:
        for column in (self.ops, self.firsts, self.seconds, self.outputs, self.params):
            column.clear()

    def __len__(self) -> int:
        return len(self.ops)

    def __getitem__(self, index: Union[int, slice]) -> Union[Record, List[Record]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = range(len(self.ops))[index]  # negative indices; IndexError past the end
        return (self.ops[index], self.inputs(index), self.outputs[index], self.params[index])

    def __iter__(self) -> Iterator[Record]:
        for index in range(len(self.ops)):
            yield self[index]

    def __repr__(self) -> str:
        return f"<Records of {len(self)} ops>"


__all__ = ["Records", "ONE_INPUT", "MANY_INPUTS"]
