"""The tape's records: ``(primitive, inputs, output, params)`` in execution order, kept as
columns.

One list per field instead of one tuple per record, and an op's one or two inputs stored in two
columns instead of a tuple: a recorded op then adds no container object besides its output
Tensor. Python's cyclic garbage collector walks every live container at each collection, so on
a long tape three objects per op made recording grow faster than the tape (a 10^6-op chain
recorded twice as slowly per op as a 10^4-op one); with one it grows in step.

Reading the records (iterating, indexing, slicing) gives :class:`Record` tuples; the backward
pass reads the columns directly. ``tape.records`` is :class:`RecordsView`, the read-only face of
the columns that tools outside the core read.
"""
from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any, Dict, Iterator, List, NamedTuple, Union, overload

ONE_INPUT = object()    # in ``seconds``: the op had one input
MANY_INPUTS = object()  # in ``seconds``: the op had three or more; ``firsts`` holds the tuple


class Record(NamedTuple):
    """One recorded op: the ``Primitive`` (``op.name``, ``op.local``), the inputs as the op
    received them (Tensors, arrays or numbers), the output Tensor and the op's settings.

    >>> x = ag.constant(2.0)
    >>> with ag.GradientTape() as tape:
    ...     tape.watch(x)
    ...     y = ag.sin(x)
    >>> record = tape.records[0]
    >>> record.op.name, record.inputs[0] is x, record.output is y
    ('sin', True, True)
    """

    op: Any
    inputs: tuple
    output: Any
    params: Any


class Records(Sequence):
    """Records in execution order: ``ops``, ``firsts``, ``seconds``, ``outputs`` and ``params``
    are parallel lists.

    >>> records = Records()
    >>> records.add("sin", ("x",), "y", {})
    >>> records[0]
    Record(op='sin', inputs=('x',), output='y', params={})
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

    def clear(self) -> None:
        # (unrolled: a loop over a tuple of the columns runs twice the bytecodes, every step)
        self.ops.clear()
        self.firsts.clear()
        self.seconds.clear()
        self.outputs.clear()
        self.params.clear()

    def __len__(self) -> int:
        return len(self.ops)

    @overload
    def __getitem__(self, index: int) -> Record: ...

    @overload
    def __getitem__(self, index: slice) -> List[Record]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[Record, List[Record]]:
        if isinstance(index, slice):
            return [self.record(i) for i in range(*index.indices(len(self)))]
        return self.record(range(len(self.ops))[index])  # negative indices; IndexError past end

    def record(self, index: int) -> Record:
        """Record ``index`` (``0 <= index < len(self)``) as a :class:`Record`."""
        return Record(self.ops[index], self.inputs(index), self.outputs[index],
                      self.params[index])

    def __iter__(self) -> Iterator[Record]:
        for index in range(len(self.ops)):
            yield self.record(index)

    def __reversed__(self) -> Iterator[Record]:
        for index in reversed(range(len(self.ops))):
            yield self.record(index)

    def __repr__(self) -> str:
        return f"<Records of {len(self)} ops>"


class RecordsView(Sequence):
    """A tape's records as a read-only sequence of :class:`Record` in execution order
    (``tape.records``): indexing, slicing, ``len`` and iteration, forwards or reversed, each
    record built when it is read. It reads the tape's columns as they are now, so it sees ops
    recorded after it was made.

    >>> w = ag.Variable([1.0, 2.0])
    >>> with ag.GradientTape() as tape:
    ...     y = ag.sum(w * w)
    >>> [record.op.name for record in tape.records]
    ['multiply', 'sum']
    >>> tape.records[-1].output is y
    True
    """

    __slots__ = ("_columns",)

    def __init__(self, columns: Records) -> None:
        self._columns = columns

    def __len__(self) -> int:
        return len(self._columns)

    @overload
    def __getitem__(self, index: int) -> Record: ...

    @overload
    def __getitem__(self, index: slice) -> List[Record]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[Record, List[Record]]:
        return self._columns[index]

    def __iter__(self) -> Iterator[Record]:
        return iter(self._columns)

    def __reversed__(self) -> Iterator[Record]:
        return reversed(self._columns)

    def __repr__(self) -> str:
        return f"<tape records: {len(self)} ops>"


def input_names(op: Any) -> tuple:
    """The names an op gives its inputs, from its NumPy forward (``()`` for a variadic op).

    >>> x = ag.constant([1.0])
    >>> with ag.GradientTape() as tape:
    ...     tape.watch(x)
    ...     y = ag.concat([x, x], axis=0) @ ag.ones((2, 1))
    >>> [input_names(record.op) for record in tape.records]
    [(), ('a', 'b')]
    """
    if getattr(op, "n_inputs", 0) is None:
        return ()  # variadic: its inputs have no names of their own
    names = getattr(op, "input_names", None)  # (the op table states them)
    if names is None:
        names = _INPUT_NAMES.get(op)
        if names is None:
            parameters = inspect.signature(op.forward).parameters.values()
            names = () if any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in parameters) \
                else tuple(p.name for p in parameters if p.default is inspect.Parameter.empty)
            _INPUT_NAMES[op] = names
    return names


_INPUT_NAMES: Dict[Any, tuple] = {}


__all__ = ["Record", "Records", "RecordsView", "input_names", "ONE_INPUT", "MANY_INPUTS"]
