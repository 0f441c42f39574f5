"""Checks of the settings ops take (``axis``, ``alpha``, ``depth``, ``dtype``).

Each raises before any work is done, naming the function, the argument and what it got: a
``TypeError`` for a value of the wrong kind, an :class:`ArgumentError` (a ``ValueError``) for
a value of the right kind out of range.

>>> check_axis((0, 1), "sum")
(0, 1)
>>> check_axis("a", "sum")
Traceback (most recent call last):
TypeError: sum: axis must be None, an int or a tuple of ints, got str 'a'
"""
from __future__ import annotations

import numbers
import operator
from typing import Any, Optional

import numpy as np

_NUMERIC_KINDS = "biuf"


class ArgumentError(ValueError):
    """A setting of the right type but a bad value. The op machinery passes it on as it is
    (other ``ValueError``s from a forward are reported as shape errors)."""


def describe(value: Any) -> str:
    """``value``'s type and a short repr: ``"str 'a'"``.

    >>> describe([1, 2])
    'list [1, 2]'
    """
    text = repr(value)
    return f"{type(value).__name__} {text[:60] + '...' if len(text) > 60 else text}"


def check_axis(axis: Any, where: str) -> Any:
    """``axis`` as NumPy takes it (a list becomes a tuple); anything but None, an integer or a
    tuple / list of integers is a ``TypeError``.

    >>> check_axis([1, 0], "mean")
    (1, 0)
    """
    if axis is None or type(axis) is int:
        return axis
    if isinstance(axis, (list, tuple)):
        if all(_is_integer(a) for a in axis):
            return tuple(axis)
    elif _is_integer(axis):
        return axis
    raise TypeError(f"{where}: axis must be None, an int or a tuple of ints, "
                    f"got {describe(axis)}")


def check_number(value: Any, where: str, name: str) -> Any:
    """A real number (a Python or NumPy scalar, or a 0-d real array) passes as it is.

    >>> check_number(0.1, "leaky_relu", "alpha")
    0.1
    """
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return value
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        return value
    raise TypeError(f"{where}: {name} must be a real number, got {describe(value)}")


def check_count(value: Any, where: str, name: str) -> int:
    """A non-negative integer (``TypeError`` for a float or a string, :class:`ArgumentError`
    for a negative one).

    >>> check_count(3, "one_hot", "depth")
    3
    """
    if not _is_integer(value):
        raise TypeError(f"{where}: {name} must be an integer, got {describe(value)}")
    count = operator.index(value)
    if count < 0:
        raise ArgumentError(f"{where}: {name} must be >= 0, got {count}")
    return count


def check_dtype(dtype: Any, where: str) -> Optional[np.dtype]:
    """``None`` or a NumPy bool, integer or floating dtype; an unknown name, or complex,
    string, object or datetime dtypes (which Tensors do not hold) are a ``TypeError``.

    >>> check_dtype("float64", "cast")
    dtype('float64')
    """
    if dtype is None:
        return None
    try:
        result = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{where}: dtype must name a NumPy dtype such as 'float32', got "
                        f"{describe(dtype)}") from None
    if result.kind not in _NUMERIC_KINDS:
        raise TypeError(f"{where}: dtype {result} is not supported (Tensors hold bool, integer "
                        f"or floating values), got {describe(dtype)}")
    return result


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (numbers.Integral, np.integer)):
        return True
    return isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iu"


__all__ = ["ArgumentError", "check_axis", "check_count", "check_dtype", "check_number",
           "describe"]
