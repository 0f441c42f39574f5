"""The text inside the graph's nodes: values with their gradients, ops with local derivatives.

Labels are Graphviz HTML-like tables (a string wrapped in ``<...>``).

>>> import numpy as np
>>> "0.94993" in value_label("target", "", np.array(0.949931), None)
True
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

import numpy as np


from .styles import GRAD_COLOR, GRAD_FILL, MUTED
from .values import escape, grid, shape_text


def _small(text: str, color: str = MUTED, size: int = 8) -> str:
    return f'<FONT POINT-SIZE="{size}" COLOR="{color}">{escape(text)}</FONT>'


def value_label(title: str, subtitle: str, array: Optional[np.ndarray],
                grad: Optional[np.ndarray], shape: str = "", ref: str = "") -> str:
    """A value node: its ``%n`` (as ``print(tape)`` and ``explain`` number it), title, shape
    and dtype, then the value and, beside it, the gradient.

    ``array`` is ``None`` when values are hidden; ``grad`` is ``None`` when unknown.
    """
    rows = []
    head = " ".join(part for part in (
        _small(ref, size=9) if ref else "", f"<B>{escape(title)}</B>" if title else "",
        _small(subtitle) if subtitle else "") if part)
    if head:
        rows.append(f'<TR><TD COLSPAN="2">{head}</TD></TR>')
    if shape:
        rows.append(f'<TR><TD COLSPAN="2">{_small(shape)}</TD></TR>')
    cells = []
    if array is not None:
        cells.append(("value", grid(array), MUTED))
    if grad is not None:
        cells.append(("grad", grid(grad, GRAD_COLOR, GRAD_FILL), GRAD_COLOR))
    if len(cells) == 2:
        rows.append("<TR>" + "".join(f'<TD ALIGN="LEFT">{_small(name, color)}</TD>'
                                     for name, _, color in cells) + "</TR>")
    if cells:
        rows.append("<TR>" + "".join(f'<TD ALIGN="LEFT" VALIGN="TOP">{table}</TD>'
                                     for _, table, _ in cells) + "</TR>")
    return _table(rows or ['<TR><TD> </TD></TR>'])


def array_shape(value: Any) -> str:
    """Shape and dtype of a recorded input; a bare Python number says so."""
    if isinstance(value, (bool, int, float)):
        return f"Python {type(value).__name__}"
    return shape_text(np.asarray(value))


def op_label(name: str, params: Dict[str, Any], formulas: Sequence[str]) -> str:
    """An op node: its name, its non-default settings, one local derivative per input."""
    rows = [f'<TR><TD><B>{escape(name)}</B></TD></TR>']
    settings = ", ".join(f"{k}={_short(v)}" for k, v in params.items())
    if settings:
        rows.append(f"<TR><TD>{_small(settings)}</TD></TR>")
    rows += [f"<TR><TD>{_small(text, '#1a5276', 9)}</TD></TR>" for text in formulas]
    return _table(rows)


def _table(rows: List[str]) -> str:
    return ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="0">'
            + "".join(rows) + "</TABLE>>")


def _short(value: Any, most: int = 24) -> str:
    text = repr(value)
    return text if len(text) <= most else text[:most - 1] + "…"


def input_name(primitive: Any, argnum: int) -> str:
    """The name an op gives input ``argnum`` (``x``, ``y``, ``a``...; ``x0, x1`` if variadic).

    >>> import autograd_lite as ag
    >>> input_name(ag.matmul.primitive, 1)
    'b'
    """
    names = primitive.input_names  # empty for a variadic op
    if argnum >= len(names):
        return f"x{argnum}"
    return names[argnum]


def changed_params(primitive: Any, params: Dict[str, Any]) -> Dict[str, Any]:
    """The op's settings that differ from their defaults (``axis=0``, not ``keepdims=False``)."""
    defaults = primitive.defaults
    changed = {}
    for key, value in params.items():
        if key == "residual":  # what the forward kept for its VJPs: data, not a setting
            continue
        try:
            same = key in defaults and bool(value == defaults[key])
        except (ValueError, TypeError):
            same = False
        if not same:
            changed[key] = value
    return changed
