"""The tape listing: the recorded program, one line per record, and the bytes a tape holds.

``tape.listing()`` and ``print(tape)`` call :func:`listing`; ``tape.nbytes`` calls
:func:`nbytes`. ``_align`` (left-aligned text columns) is shared with the backward report.
A listing costs one pass over the tape (to number the values) plus the lines it prints.
"""
from __future__ import annotations

from typing import Any, Dict, List, Sequence, Tuple

import numpy as np

from ..records import Record
from ..tensor import Tensor
from .labels import Labels, _shape

_SYMBOLS = {"add": "+", "subtract": "-", "multiply": "*", "divide": "/", "matmul": "@",
            "power": "**"}


def listing(tape: Any, max_records: int = 40) -> str:
    """The recorded program in execution order, one line per record, then a summary line
    (records, the watched values they read, bytes held).

    Tapes longer than ``max_records`` show their first and last records and count the rest.

    >>> print(tape.listing())                                           # doctest: +SKIP
    %3 = matmul(%1 W, %2 x)    (2, 3) @ (3, 1) -> (2, 1)  float64
    1 record, 2 watched; tape.nbytes = 88 bytes
    """
    records = tape.records
    if not records and tape.released:
        return ("(no records: this non-persistent tape released them in its gradient call; "
                "use ag.GradientTape(persistent=True) to keep them)")
    labels = Labels(tape)
    lines = _align([_record_line(record, labels) for record in _shown(records, max_records)])
    if len(records) > max_records:
        head = max_records * 2 // 3
        lines.insert(head, _omitted(records, head, len(records) - (max_records - head)))
    lines.append(_footer(tape, labels))
    return "\n".join(lines)


def _shown(records: Sequence[Record], limit: int) -> List[Record]:
    if len(records) <= limit:
        return list(records)
    head = limit * 2 // 3
    return list(records[:head]) + list(records[len(records) - (limit - head):])


def _record_line(record: tuple, labels: Labels) -> Tuple[str, str, str]:
    primitive, inputs, out, params = record
    args = [labels.arg(a) for a in inputs] + [f"{k}={v!r}" for k, v in _non_default(
        primitive, params).items()]
    call = f"{labels.of(out)} = {primitive.name}({', '.join(args)})"
    shapes = [str(_shape(a)) for a in inputs]
    symbol = _SYMBOLS.get(primitive.name)
    joined = f" {symbol} ".join(shapes) if symbol and len(shapes) == 2 else ", ".join(shapes)
    return call, f"{joined} -> {out.shape}", out.dtype.name


def _align(rows: List[Tuple[str, ...]]) -> List[str]:
    """Left-aligned columns separated by at least two spaces."""
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()
            for row in rows]


def _non_default(primitive: Any, params: dict) -> dict:
    """The op's settings that differ from the defaults of its forward (``axis=0``, ...)."""
    if not params:
        return {}
    defaults = primitive.defaults
    return {k: v for k, v in params.items() if k != "residual" and (
        k not in defaults or not _same(v, defaults[k]))}  # a residual is data, not a setting


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b) and type(a) is type(b)
    except (ValueError, TypeError):
        return False


def _omitted(records: Sequence[Record], start: int, stop: int) -> str:
    counts: Dict[str, int] = {}
    for index in range(start, stop):
        name = records[index].op.name
        counts[name] = counts.get(name, 0) + 1
    ops = ", ".join(f"{name} x{n}" for name, n in sorted(counts.items(), key=lambda kv: -kv[1]))
    return f"... {stop - start} more records ({ops}) ..."


def _footer(tape: Any, labels: Labels) -> str:
    n = len(tape.records)
    return (f"{n} record{'s' if n != 1 else ''}, {len(labels.watched)} watched; "
            f"tape.nbytes = {_bytes(nbytes(tape))}")


def _bytes(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit} ({n} bytes)"
    return f"{n} bytes"


def nbytes(tape: Any) -> int:
    """Bytes of the arrays the tape keeps alive: record inputs and outputs, and (persistent
    tapes) the gradients of the last call. Views count once, through the array they view.

    >>> tape.nbytes                                                     # doctest: +SKIP
    312
    """
    seen: Dict[int, int] = {}
    arrays: List[Any] = []
    for _, inputs, out, _ in tape.records:
        arrays.extend(inputs)
        arrays.append(out)
    arrays.extend(getattr(tape, "last_gradients", {}).values())
    for item in arrays:
        array = np.asarray(item) if isinstance(item, Tensor) else item
        if isinstance(array, np.ndarray):
            while isinstance(array.base, np.ndarray):
                array = array.base
            seen[id(array)] = array.nbytes
    return sum(seen.values())


__all__ = ["listing", "nbytes"]
