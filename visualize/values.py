"""Numbers as text: five significant digits, small arrays as grids, large ones as a summary.

The grids are Graphviz HTML-like tables, so a (3, 1) column reads as a column and a (3, 3)
matrix as a matrix.

>>> fmt(0.949931)
'0.94993'
>>> summary_lines(np.arange(100.0))
['mean 49.5', 'min 0', 'max 99']
"""
from __future__ import annotations

import html
from typing import List

import numpy as np

#: Arrays with at most this many elements are shown in full; larger ones as a summary.
SMALL = 12
#: Significant digits of every number in a picture.
DIGITS = 5


def fmt(number: object) -> str:
    """One number with five significant digits (``True``/``False`` for bools).

    >>> fmt(2.0), fmt(-0.0047441234), fmt(True), fmt(-0.0)
    ('2', '-0.0047441', 'True', '0')
    """
    if isinstance(number, (bool, np.bool_)):
        return str(bool(number))
    value = float(number)
    return "0" if value == 0 else f"{value:.{DIGITS}g}"  # -0.0 reads as "0", not "-0"


def escape(text: str) -> str:
    """Text made safe inside a Graphviz HTML-like label.

    >>> escape("[x<y]")
    '[x&lt;y]'
    """
    return html.escape(str(text), quote=True)


def summary_lines(array: np.ndarray) -> List[str]:
    """Mean, min and max of a large array, one line each.

    >>> summary_lines(np.array([1.0, 3.0]))
    ['mean 2', 'min 1', 'max 3']
    """
    if array.size == 0:
        return ["empty"]
    if array.dtype.kind == "b":
        return [f"{int(array.sum())} of {array.size} true"]
    numeric = array.astype(np.float64)
    return [f"mean {fmt(numeric.mean())}", f"min {fmt(numeric.min())}",
            f"max {fmt(numeric.max())}"]


def _rows(array: np.ndarray) -> List[List[str]]:
    """The array as rows of formatted numbers (n-d arrays folded to rows of the last axis)."""
    if array.ndim == 0:
        return [[fmt(array.item())]]
    matrix = array.reshape(-1, array.shape[-1]) if array.ndim > 1 else array.reshape(1, -1)
    return [[fmt(v) for v in row] for row in matrix]


def grid(array: np.ndarray, color: str = "#000000", fill: str = "#ffffff") -> str:
    """An HTML-like table showing ``array``: every number when small, else a summary.

    >>> "0.5" in grid(np.array([0.5, 1.0]))
    True
    """
    array = np.asarray(array)
    if array.size > SMALL:
        rows = [[line] for line in summary_lines(array)]
        align = "LEFT"
    else:
        rows = _rows(array)
        align = "RIGHT"
    body = "".join(
        "<TR>" + "".join(f'<TD ALIGN="{align}"><FONT COLOR="{color}">{escape(cell)}</FONT></TD>'
                         for cell in row) + "</TR>"
        for row in rows)
    return (f'<TABLE BORDER="1" COLOR="#bbbbbb" CELLBORDER="0" CELLSPACING="0" '
            f'CELLPADDING="2" BGCOLOR="{fill}">{body}</TABLE>')


def shape_text(array: np.ndarray) -> str:
    """``"(3, 1) float32"``; a scalar says ``"scalar float32"``.

    >>> shape_text(np.zeros((3, 1), np.float32))
    '(3, 1) float32'
    """
    shape = "scalar" if array.ndim == 0 else str(tuple(array.shape))
    return f"{shape} {array.dtype.name}"
