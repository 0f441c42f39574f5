"""The text of ``Model.summary()``: a Keras-3-style table of layers and parameters.

Examples
--------
>>> import autograd_lite as ag
>>> from autograd_lite.nn.summary import format_summary
>>> model = ag.nn.Sequential([ag.nn.Input((3,)), ag.nn.Dense(2)], name="tiny")
>>> print(format_summary(model).splitlines()[0])
Model: "tiny"
"""
from __future__ import annotations

from typing import List, Sequence, Tuple

import numpy as np

__all__ = ["format_summary", "format_bytes"]

_WIDTHS = (31, 24, 13)


def format_bytes(count: int) -> str:
    """``1536 -> "1.50 KB"`` (powers of 1024, as Keras prints them).

    Examples
    --------
    >>> from autograd_lite.nn.summary import format_bytes
    >>> format_bytes(19240)
    '18.79 KB'
    """
    value = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.2f} {unit}"
        value /= 1024
    return f"{value:.2f} GB"


def _floating(variables) -> List:
    return [v for v in variables if np.issubdtype(v.dtype, np.floating)]


def _totals(variables) -> str:
    floats = _floating(variables)
    count = sum(int(v.size) for v in floats)
    size = sum(int(v.size) * np.dtype(v.dtype).itemsize for v in floats)
    return f"{count:,} ({format_bytes(size)})"


def _widths(rows: Sequence[Sequence[str]]) -> Tuple[int, ...]:
    """Keras's column widths, widened where a cell (plus its two spaces) would not fit."""
    return tuple(max([default] + [len(row[i]) + 2 for row in rows])
                 for i, default in enumerate(_WIDTHS))


def _row(cells: Sequence[str], widths: Sequence[int], left: str, middle: str,
         right: str) -> str:
    name, shape, params = cells
    return (f"{left} {name:<{widths[0] - 2}} {middle} {shape:<{widths[1] - 2}} {middle} "
            f"{params:>{widths[2] - 2}} {right}")


def _rule(widths: Sequence[int], left: str, fill: str, middle: str, right: str) -> str:
    return left + middle.join(fill * w for w in widths) + right


def _layer_cells(layer) -> Sequence[str]:
    name = f"{layer.name} ({type(layer).__name__})"
    shape = str(layer.output_shape) if layer.output_shape is not None else "?"
    params = f"{layer.count_params():,}" if layer.built else "0 (unbuilt)"
    return name, shape, params


def format_summary(model) -> str:
    """Return the summary table of ``model`` as one string.

    Parameters
    ----------
    model : Layer
        Usually a Sequential or Model; its direct sub-layers are the rows.

    Returns
    -------
    str
        Columns keep Keras's widths unless a cell is longer; then that column
        widens so every border lines up.
    """
    header = ("Layer (type)", "Output Shape", "Param #")
    rows = [_layer_cells(layer) for layer in model.layers]
    widths = _widths([header] + rows)
    lines = [f'Model: "{model.name}"', _rule(widths, "┏", "━", "┳", "┓"),
             _row(header, widths, "┃", "┃", "┃"), _rule(widths, "┡", "━", "╇", "┩")]
    lines += [_row(cells, widths, "│", "│", "│") for cells in rows]
    lines.append(_rule(widths, "└", "─", "┴", "┘"))
    lines.append(f" Total params: {_totals(model.variables)}")
    lines.append(f" Trainable params: {_totals(model.trainable_variables)}")
    lines.append(f" Non-trainable params: {_totals(model.non_trainable_variables)}")
    return "\n".join(lines)
