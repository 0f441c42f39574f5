"""Tape leaks: a NumPy function without an op, called on a Tensor that a tape is recording.

NumPy then runs on the Tensor's values and returns a plain array, which no tape follows: a
gradient through it would be silently ``None``. :func:`check_leak` warns once per function and
tape with :class:`TapeLeakWarning`, naming the ``anp``/``ag`` call to use where there is one;
:func:`tape_leaks` (``ag.debug.tape_leaks``) makes it an error or silences it. Results that
cannot carry a gradient (integer or bool, ``np.argsort``, ``np.isnan``) never warn.

>>> x = ag.constant([3.0, 1.0])
>>> with ag.GradientTape() as tape:
...     tape.watch(x)
...     with warnings.catch_warnings(record=True) as caught:
...         warnings.simplefilter("always")
...         y = np.fmod(x, 2.0)
>>> caught[0].category.__name__, type(y).__name__
('TapeLeakWarning', 'ndarray')
"""
from __future__ import annotations

import warnings
import weakref
from typing import Any, Dict, List

import numpy as np

from .tape import _THREAD, STATE
from .tensor import Tensor, Variable


class TapeLeakWarning(UserWarning):
    """A NumPy function without an op ran on a Tensor a tape records: its result left the tape."""


_MODES = ("warn", "error", "ignore")
_SETTINGS = {"mode": "warn"}
_SEEN: "weakref.WeakKeyDictionary[Any, Dict[str, str]]" = weakref.WeakKeyDictionary()


def tape_leaks(mode: str = "warn") -> str:
    """Set what a tape leak does: ``"warn"`` (once per function and tape, the default),
    ``"error"`` (raise :class:`TapeLeakWarning` as an exception) or ``"ignore"``. Returns the
    previous setting.

    >>> previous = ag.debug.tape_leaks("error")
    >>> ag.debug.tape_leaks(previous)
    'error'
    """
    if mode not in _MODES:
        raise ValueError(f"tape_leaks: mode must be one of {_MODES}, got {mode!r}")
    previous, _SETTINGS["mode"] = _SETTINGS["mode"], mode
    return previous


def leaks_of(tape: Any) -> Dict[str, str]:
    """The leaks seen on ``tape``: NumPy function name -> the advice given (for ``why_none``)."""
    return dict(_SEEN.get(tape, {}))


def check_leak(func: Any, args: tuple, kwargs: dict, result: Any) -> None:
    """Warn (or raise) if ``func`` ran on a Tensor a recording tape tracks and returned a float
    result that has left the tape."""
    if not STATE.busy or not _is_float(result):
        return
    tensors = _tensors(args) + _tensors(tuple(kwargs.values()))
    if not tensors:
        return
    for tape in _THREAD.stack:
        if tape._recording and _tracks(tape, tensors):
            _report(tape, func, kwargs)


def _is_float(result: Any) -> bool:
    if isinstance(result, (tuple, list)):
        return any(_is_float(r) for r in result)
    dtype = getattr(result, "dtype", None)
    return dtype is not None and dtype.kind in "fc"


def _tensors(values: tuple) -> List[Tensor]:
    found: List[Tensor] = []
    for value in values:
        if isinstance(value, Tensor):
            found.append(value)
        elif isinstance(value, (list, tuple)):
            found.extend(_tensors(tuple(value)))
    return found


def _tracks(tape: Any, tensors: List[Tensor]) -> bool:
    for t in tensors:
        if t._id in tape._tracked:
            return True
        if type(t) is Variable and t._trainable and tape._watch_accessed_variables \
                and t.dtype.kind == "f":
            return True
    return False


def _report(tape: Any, func: Any, kwargs: dict) -> None:
    name = numpy_name(func)
    seen = _SEEN.setdefault(tape, {})  # kept in every mode: why_none names the function
    mode = _SETTINGS["mode"]
    if (name in seen and mode == "warn") or mode == "ignore":
        seen.setdefault(name, _advice(func, name, kwargs))
        return
    advice = _advice(func, name, kwargs)
    seen[name] = advice
    message = (f"{name} has no op, so on a Tensor the tape records it returned a plain NumPy "
               f"array: no gradient flows through it (it would be None). {advice} "
               f"(ag.debug.tape_leaks('ignore') silences this, 'error' makes it an error)")
    if _SETTINGS["mode"] == "error":
        raise TapeLeakWarning(message)
    warnings.warn(message, TapeLeakWarning, stacklevel=5)  # the caller of np.f


def numpy_name(func: Any) -> str:
    """``np.sort``, ``np.linalg.inv``, ``np.add.reduce``: how a user wrote ``func``.

    >>> numpy_name(np.linalg.inv), numpy_name(np.add.reduce), numpy_name(np.fmod)
    ('np.linalg.inv', 'np.add.reduce', 'np.fmod')
    """
    owner = getattr(func, "__self__", None)
    if isinstance(owner, np.ufunc):
        return f"np.{owner.__name__}.{func.__name__}"
    name = getattr(func, "__name__", repr(func))
    module = getattr(func, "__module__", None) or "numpy"
    if module.startswith("numpy.linalg"):
        return f"np.linalg.{name}"
    if module.startswith("numpy.fft"):
        return f"np.fft.{name}"
    return f"np.{name}"


def _advice(func: Any, name: str, kwargs: dict) -> str:
    from .registry import ADAPTERS, NUMPY
    if func in NUMPY or func in ADAPTERS:
        options = ", ".join(f"{k}=" for k in kwargs)
        return (f"An op answers {name} without the options given ({options}): leave them out "
                f"(use {'anp.' + name[3:]})." if options else
                f"Use {'anp.' + name[3:]} with the options its op takes.")
    return ("There is no anp/ag op for it yet: write it with ag ops, or compute it outside "
            "the tape if no gradient is needed.")
