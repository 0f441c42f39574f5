"""What composite ops do with their array arguments before using them: lists become Tensors,
and lists that hold Tensors are stacked, so that the gradient reaches each Tensor."""
from __future__ import annotations

from typing import Any, List

import numpy as np

from ..primitive import holds_tensor
from ..recording import MODE
from ..tensor import Tensor, to_array, wrap


def as_input(value: Any, where: str = "constant") -> Any:
    """A Tensor as it is; a (nested) list or tuple holding Tensors stacked into one Tensor; any
    other value (arrays, numbers, lists) converted by ``ag.constant``'s rules (an array is
    copied: the caller may change it later), or refused with a TypeError naming ``where``. In
    a raw backward pass (bare arrays in, bare arrays out) an array stays as it is.

    >>> as_input([ag.constant(1.0), 2.0]).numpy()
    array([1., 2.], dtype=float32)
    >>> as_input([1, 2]).dtype
    dtype('int64')
    """
    if isinstance(value, Tensor) or (MODE.raw and isinstance(value, np.ndarray)):
        return value
    if isinstance(value, np.ndarray):
        return wrap(to_array(value, where=where).copy())
    if isinstance(value, (list, tuple)) and holds_tensor(value):
        tensors: List[Tensor] = []
        _collect(value, tensors)
        return _stacked(value, tensors, where)
    return wrap(to_array(value, where=where))


def _collect(value: Any, tensors: List[Tensor]) -> None:
    for item in value:
        if isinstance(item, Tensor):
            tensors.append(item)
        elif isinstance(item, (list, tuple)):
            _collect(item, tensors)


def _stacked(value: Any, tensors: List[Tensor], where: str) -> Any:
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (list, tuple)):
        return stack([_stacked(v, tensors, where) for v in value])
    return to_array(value, where=where, like=tensors)  # a number next to Tensors takes their dtype


from .shape import stack  # noqa: E402
