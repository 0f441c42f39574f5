"""Naming values: the ``%n`` labels of a tape's values and the text of small arrays.

:class:`Labels` numbers the values of a tape in order of first appearance and adds a Variable's
name or ``const``; :func:`short` writes a small array by value and a large one by its shape.
The listing, the backward report and ``why_none`` all name values through this module.
"""
from __future__ import annotations

from typing import Any, Dict, Set

import numpy as np

from ..tensor import Tensor

_SMALL = 6  # tensors with at most this many elements are shown by value


class Labels:
    """Short names for the values of a tape: ``%3`` in order of first appearance, plus the
    name of a Variable or named constant (``%1 W``) and ``const`` for untracked constants.

    >>> w = ag.Variable([1.0, 2.0], name="W")
    >>> with ag.GradientTape() as tape:
    ...     loss = ag.sum(w * 2.0)
    >>> labels = Labels(tape)
    >>> labels.of(w), labels.of(loss), labels.kind(loss)
    ('%1 W', '%3', 'computed')
    """

    def __init__(self, tape: Any) -> None:
        self._numbers: Dict[int, int] = {}
        self._tape = tape
        outputs: Set[int] = set()
        self._outputs = outputs
        self.watched: Set[int] = set()  # ids of the watched values the records read
        for _, inputs, out, _ in tape.records:
            for a in inputs:
                if isinstance(a, Tensor):
                    self.number(a)
                    if a.id not in outputs and tape.tracked(a):
                        self.watched.add(a.id)
            self.number(out)
            outputs.add(out.id)

    def number(self, tensor: Tensor) -> int:
        """The ``n`` of ``%n``: values are numbered in order of first appearance."""
        return self._numbers.setdefault(tensor.id, len(self._numbers) + 1)

    def of(self, tensor: Tensor) -> str:
        """``%n`` followed by the value's name, or by ``const`` when the tape does not track it."""
        ref = f"%{self.number(tensor)}"
        if tensor.name:
            return f"{ref} {tensor.name}"
        return f"{ref} const" if self.kind(tensor) == "constant" else ref

    def kind(self, tensor: Tensor) -> str:
        """``"computed"`` (a record's output), ``"watched"`` or ``"constant"``."""
        if tensor.id in self._outputs:
            return "computed"
        return "watched" if self._tape.tracked(tensor) else "constant"

    def short(self, value: Any) -> str:
        """The name alone for a named value, else ``%n``; a number for a scalar."""
        if isinstance(value, Tensor):
            return value.name or f"%{self.number(value)}"
        return self.arg(value)

    def arg(self, value: Any) -> str:
        """A record input as text: a label for a Tensor, the number or shape otherwise."""
        if isinstance(value, Tensor):
            return self.of(value)
        if isinstance(value, np.ndarray) and value.size > 1:
            return f"array{value.shape}"
        return short(np.asarray(value))


def short(value: Any, most: int = _SMALL) -> str:
    """A compact text for a value of at most ``most`` elements, the shape for a larger one.

    >>> short(np.array([[0.95257], [0.99909]]))
    '[0.95257 0.99909]ᵀ'
    >>> short(np.arange(12.0).reshape(4, 3) - 0.0, most=24), short(np.zeros((4, 3)))
    ('[[0 1 2] [3 4 5] [6 7 8] [9 10 11]]', '(4, 3) float64')
    """
    array = np.asarray(value)
    if array.size > most:
        return f"{array.shape} {array.dtype.name}"
    if array.ndim == 0:
        return _number(array.item())
    if array.ndim == 2 and array.shape[1] == 1 and array.shape[0] > 1:
        return short(array[:, 0], most) + "ᵀ"  # a column vector, written as a transposed row
    text = np.array2string(array, separator=" ", formatter={"all": _number},
                           threshold=max(most, 1))
    return " ".join(text.split())


def _number(value: Any) -> str:
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    value = float(value)
    return "0" if value == 0 else f"{value:.5g}"


def _shape(value: Any) -> tuple:
    return value.shape if isinstance(value, Tensor) else np.shape(value)


def _value(x: Any) -> Any:
    """A Tensor's value as a read-only array (no copy); anything else as it is."""
    return np.asarray(x) if isinstance(x, Tensor) else x


__all__ = ["Labels", "short"]
