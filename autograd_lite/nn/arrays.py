"""Turning user data into numeric arrays, with errors that name who received it.

Layers, losses, ``fit`` and ``set_weights`` all take "array-like" data. When
the data cannot become a numeric array (a string, ``None``, a dict, a ragged
list), the ``TypeError`` names the function or layer that received it and
says what was wrong, instead of a bare NumPy message.

Examples
--------
>>> from autograd_lite.nn.arrays import numeric_array
>>> numeric_array([[1.0], [1.0, 2.0]], "fit", "x")
Traceback (most recent call last):
    ...
TypeError: fit: x must be numeric (a number, an array or equal-length nested lists of numbers), \
received a ragged list (its rows differ in length): [[1.0], [1.0, 2.0]]
"""
from __future__ import annotations

from typing import Any

import numpy as np

import autograd_lite as ag

__all__ = ["numeric_array", "to_tensor", "describe"]

_NUMERIC_KINDS = "biuf"


def describe(value: Any, limit: int = 60) -> str:
    """A short description of ``value`` for error messages: its type and a clipped repr.

    Examples
    --------
    >>> from autograd_lite.nn.arrays import describe
    >>> describe("abc"), describe(None)
    ("str 'abc'", 'None')
    """
    if value is None:
        return "None"
    text = repr(value)
    return f"{type(value).__name__} {text[:limit] + '...' if len(text) > limit else text}"


def _clipped(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text[:limit] + "..." if len(text) > limit else text


def _problem(value: Any) -> str:
    """Why ``value`` is not numeric data, or ``""`` when it is."""
    if value is None or isinstance(value, (str, bytes, dict, set, frozenset)):
        return describe(value)
    try:
        array = np.asarray(value)
    except (ValueError, TypeError):  # NumPy refuses ragged nested lists
        return f"a ragged list (its rows differ in length): {_clipped(value)}"
    if array.dtype.kind not in _NUMERIC_KINDS:
        return f"{describe(value)} (values of dtype {array.dtype})"
    return ""


def _error(where: str, what: str, problem: str) -> TypeError:
    return TypeError(f"{where}: {what} must be numeric (a number, an array or equal-length "
                     f"nested lists of numbers), received {problem}")


def numeric_array(value: Any, where: str, what: str = "the value") -> np.ndarray:
    """``value`` (a number, array, Tensor or nested list) as a numeric NumPy array.

    Parameters
    ----------
    value : array_like
    where : str
        Who received it (``"fit"``, ``"Dense 'dense'"``), named in the error.
    what : str
        Which argument it is (``"x"``, ``"y_true"``), named in the error.

    Returns
    -------
    numpy.ndarray
        Of a bool, integer or floating dtype.

    Raises
    ------
    TypeError
        For a string, ``None``, a dict, a ragged list or non-numeric values.

    Examples
    --------
    >>> from autograd_lite.nn.arrays import numeric_array
    >>> numeric_array([[1, 2]], "fit", "x").shape
    (1, 2)
    """
    if isinstance(value, (ag.Tensor, ag.Variable)):
        return value.numpy()
    problem = _problem(value)
    if problem:
        raise _error(where, what, problem)
    return np.asarray(value)


def to_tensor(value: Any, where: str, what: str = "the value") -> "ag.Tensor":
    """``value`` as a Tensor (by the dtype rules of ``ag.constant``); Tensors pass through.

    Parameters
    ----------
    value : Tensor or array_like
    where : str
        Who received it, named in the error.
    what : str
        Which argument it is, named in the error.

    Raises
    ------
    TypeError
        Naming ``where`` and ``what`` when ``value`` is not numeric data.

    Examples
    --------
    >>> from autograd_lite.nn.arrays import to_tensor
    >>> to_tensor([1.0, 2.0], "mean_squared_error", "y_true").dtype
    dtype('float32')
    >>> to_tensor(None, "mean_squared_error", "y_true")
    Traceback (most recent call last):
        ...
    TypeError: mean_squared_error: y_true must be numeric (a number, an array or equal-length \
nested lists of numbers), received None
    """
    if isinstance(value, (ag.Tensor, ag.Variable)):
        return value
    try:
        return ag.constant(value)
    except (TypeError, ValueError) as error:
        problem = _problem(value) or str(error)
        raise _error(where, what, problem) from None
