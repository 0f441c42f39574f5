"""The array backend: the one module that names the array library values live in (NumPy).

A Tensor wraps one array of the backend; the op table computes on those arrays; a backward
pass that nothing records hands the arrays themselves (and the backend's scalars, which NumPy
returns for 0-d results) from VJP to VJP. The core asks this module rather than NumPy when
it needs to know what is a bare array (:func:`is_raw`, :data:`ARRAY`), to make one
(:func:`asarray`) or to find the array functions for some values (:func:`xp`). A second
backend (CuPy, say) is then a change here: ``xp`` answers ``cupy`` for CuPy arrays, ``ARRAY``
and ``RAW_TYPES`` take in its array type, and ``asarray`` keeps arrays on their device. See
docs/design.md.

>>> xp(np.ones(2)).sin(np.zeros(2))
array([0., 0.])
>>> is_raw(np.ones(2)), is_raw(np.float32(1.0)), is_raw(ag.constant(1.0)), is_raw(1.0)
(True, True, False, False)
>>> asarray([1, 2], dtype=np.float32)
array([1., 2.], dtype=float32)
"""
from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

ARRAY = np.ndarray
"""The backend's array type: ``type(x) is ARRAY`` is the fast test for a bare array."""

FLOAT_SCALARS = frozenset(type(t(0)) for t in (np.float16, np.float32, np.float64,
                                               np.longdouble))
"""The backend's floating scalar types (what 0-d arithmetic on arrays returns)."""

RAW_TYPES = frozenset({ARRAY}) | FLOAT_SCALARS | frozenset(
    type(t(0)) for t in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
                         np.uint64, np.bool_, np.complex64, np.complex128))
"""The types of bare values: the backend's arrays and scalars (not Tensors, not Python
numbers)."""


def xp(*values: Any) -> ModuleType:
    """The array module that computes on ``values``: NumPy, the one backend today.

    >>> xp(np.zeros(3)) is np
    True
    """
    return np


def is_raw(value: Any) -> bool:
    """Whether ``value`` is a bare array or scalar of the backend, as a backward pass that
    nothing records hands to VJPs, rather than a Tensor (or a Python number).

    >>> is_raw(np.zeros(3)), is_raw(ag.zeros(3))
    (True, False)
    """
    return type(value) in RAW_TYPES


asarray = np.asarray
"""``asarray(value, dtype=None)``: ``value`` as an array of the backend, without a copy when it
already is one (NumPy's own function, so the hot path pays no extra call)."""


__all__ = ["ARRAY", "FLOAT_SCALARS", "RAW_TYPES", "xp", "is_raw", "asarray"]
