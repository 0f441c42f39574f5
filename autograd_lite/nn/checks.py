"""Argument checks for layers, optimizers and ``fit``: a named error before anything changes.

Each names the function, the argument and what it got: ``TypeError`` for a value of the
wrong kind, ``ValueError`` for one of the right kind out of range (as Keras).

Examples
--------
>>> from autograd_lite.nn.checks import check_fraction
>>> check_fraction(0.5, "Dropout", "rate")
0.5
>>> check_fraction("a", "Dropout", "rate")
Traceback (most recent call last):
TypeError: Dropout: rate must be a real number, got str 'a'
"""
from __future__ import annotations

import math
from typing import Any, List, Optional, Sequence, Tuple

from autograd_lite.arguments import check_number, describe

from . import initializers, regularizers

__all__ = ["check_float", "check_fraction", "check_integer", "check_shape", "check_rate",
           "check_callbacks", "check_identifiers"]


def check_float(value: Any, where: str, name: str) -> float:
    """A real, finite number as a float.

    >>> check_float(2, "SGD", "momentum")
    2.0
    """
    number = float(check_number(value, where, name))
    if not math.isfinite(number):
        raise ValueError(f"{where}: {name} must be finite, got {value!r}")
    return number


def check_fraction(value: Any, where: str, name: str, upper_open: bool = True) -> float:
    """A number in ``[0, 1)`` (``[0, 1]`` when ``upper_open`` is False).

    >>> check_fraction(1, "SGD", "momentum", upper_open=False)
    1.0
    """
    number = check_float(value, where, name)
    if not (0.0 <= number < 1.0 if upper_open else 0.0 <= number <= 1.0):
        interval = "[0, 1)" if upper_open else "[0, 1]"
        raise ValueError(f"{where}: {name} must be in {interval}, got {value!r}")
    return number


def check_integer(value: Any, where: str, name: str, minimum: int = 0) -> int:
    """An integer (not a bool, a float or a string) of at least ``minimum``.

    >>> check_integer(3, "fit", "epochs")
    3
    """
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise TypeError(f"{where}: {name} must be an integer, got {describe(value)}")
    number = value.__index__()
    if number < minimum:
        raise ValueError(f"{where}: {name} must be >= {minimum}, got {number}")
    return number


def check_shape(shape: Any, where: str, name: str = "shape",
                allow_none: bool = False) -> Tuple[Optional[int], ...]:
    """A shape: an int or a tuple / list of ints (and ``None`` for an unknown size when
    ``allow_none``).

    >>> check_shape([28, 28], "Input")
    (28, 28)
    """
    dims = shape if isinstance(shape, (tuple, list)) else (shape,)
    for dim in dims:
        if (dim is not None or not allow_none) and (
                isinstance(dim, bool) or not hasattr(dim, "__index__")):
            raise TypeError(f"{where}: {name} must be a tuple of ints, got {describe(shape)}")
    out = tuple(None if d is None else d.__index__() for d in dims)
    if any(d is not None and d < 0 for d in out):
        raise ValueError(f"{where}: {name} must not hold negative sizes, got {shape!r}")
    return out


def check_rate(value: Any, where: str) -> Any:
    """A learning rate: a schedule (any callable) as it is, or a number >= 0 as a float.

    >>> check_rate(0.1, "SGD")
    0.1
    """
    if callable(value):
        return value
    if isinstance(value, bool) or not _is_real(value):
        raise TypeError(f"{where}: learning_rate must be a number or a schedule, got "
                        f"{describe(value)}")
    rate = float(value)
    if not rate >= 0:
        raise ValueError(f"{where}: learning_rate must be >= 0, received {value!r}")
    return rate


def check_callbacks(callbacks: Any, where: str) -> List[Any]:
    """``callbacks`` as a list, each with a callback's ``set_model`` and ``set_params``.

    >>> check_callbacks(None, "fit")
    []
    """
    if callbacks is None:
        return []
    if not isinstance(callbacks, (list, tuple)):
        raise TypeError(f"{where}: callbacks must be a list of Callback objects, got "
                        f"{describe(callbacks)}")
    for index, callback in enumerate(callbacks):
        if not (hasattr(callback, "set_model") and hasattr(callback, "set_params")):
            raise TypeError(f"{where}: callbacks must be Callback objects (subclass "
                            f"ag.callbacks.Callback), got {describe(callback)} at position "
                            f"{index}")
    return list(callbacks)


def check_identifiers(where: str, initializer_args: Sequence[Tuple[str, Any]] = (),
                      regularizer_args: Sequence[Tuple[str, Any]] = ()) -> None:
    """Resolve initializer and regularizer names now, so a typo fails in the constructor
    rather than at the first call (which would leave a half-built layer).

    >>> check_identifiers("Dense", [("kernel_initializer", "ones")])
    """
    for name, value in initializer_args:
        _resolved(initializers.get, value, where, name)
    for name, value in regularizer_args:
        _resolved(regularizers.get, value, where, name)


def _resolved(get: Any, value: Any, where: str, name: str) -> None:
    try:
        get(value)
    except (TypeError, ValueError) as error:
        raise type(error)(f"{where}: {name}: {error}") from None


def _is_real(value: Any) -> bool:
    try:
        check_number(value, "", "")
    except TypeError:
        return False
    return True
