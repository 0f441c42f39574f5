"""Debugging switches: stop at the first op that produces NaN or infinity."""
from __future__ import annotations

from typing import Any

import numpy as np

from .leaks import tape_leaks  # noqa: F401  (ag.debug.tape_leaks)
from .recording import MODE, STATE
from .tensor import Tensor


def check_numerics(enabled: bool = True) -> None:
    """Make the first op whose result holds NaN or Inf raise ``FloatingPointError``.

    Forward ops and the ops run by a backward pass are both checked; off by default. The
    switch is per thread, as TF's: it checks the ops of the thread that turned it on.

    >>> ag.debug.check_numerics(True)
    >>> ag.log(ag.constant([0.0]))  # doctest: +SKIP
    FloatingPointError: log (forward pass) produced -inf at index (0,) ...
    """
    enabled = bool(enabled)
    if MODE.check_numerics == enabled:
        return
    MODE.check_numerics = enabled
    if enabled:
        with STATE.lock:
            STATE.numerics_threads += 1
            STATE.update()
        MODE.numerics_token = _ThreadChecks()
    else:
        MODE.numerics_token = None  # (outside the lock: dropping it takes the lock)


class _ThreadChecks:
    """Held by a thread while it checks numerics: dropped when the switch goes off or when
    the thread ends (its thread-local values go), it gives back the thread's share of
    ``STATE.busy``, so a thread that ends with checks on does not slow the others."""

    def __del__(self) -> None:
        with STATE.lock:
            STATE.numerics_threads -= 1
            STATE.update()


def numerics_checked() -> bool:
    """Whether :func:`check_numerics` is on in this thread."""
    return MODE.check_numerics


def check_finite(primitive: Any, inputs: tuple, result: Tensor) -> None:
    """Raise ``FloatingPointError`` if ``result`` holds NaN or Inf, naming the op and the pass."""
    value = result._value
    if value.dtype.kind not in "fc" or np.isfinite(value).all():
        return
    index = tuple(int(i) for i in np.argwhere(~np.isfinite(value))[0])
    stage = (f"backward pass, computing the gradient of {STATE.backward_of}"
             if STATE.backward_of else "forward pass")
    seen = ", ".join(_input_at(x, index, value.shape) for x in inputs)
    raise FloatingPointError(f"{primitive.name} ({stage}) produced {value[index]} at index "
                             f"{index}; inputs there: {seen}"
                             f"{_backward_hint(value[index], inputs, index, value.shape)}")


_WHERE_FIX = ("make the untaken branch safe too, e.g. ag.where(x > 0, ag.sqrt(ag.where(x > 0, "
              "x, 1)), 0) (docs/inspecting.md, 'Pitfalls')")


def _backward_hint(bad: Any, inputs: tuple, index: tuple, shape: tuple) -> str:
    """Name the ``where`` trap when a VJP meets 0 · inf (or 0 / 0) at an untaken branch."""
    if not STATE.backward_of:
        return ""
    op = STATE.backward_of
    there = [_number_at(x, index, shape) for x in inputs]
    zero = any(v == 0 for v in there)
    if np.isnan(bad) and zero and (there.count(0) > 1 or any(np.isinf(v) for v in there)):
        return (f". This is 0 · inf (or 0 / 0): the gradient reaching {op} is 0 at this element "
                f"while {op}'s local derivative is infinite there. The usual cause is "
                f"ag.where(cond, {op}(x), ...) whose {op} branch is not taken here: where sends "
                f"it a zero gradient, and zero times an infinite derivative is NaN. Fix: "
                f"{_WHERE_FIX}")
    if np.isinf(bad):
        return (f". {op}'s local derivative is infinite here; if this element is in the untaken "
                f"branch of an ag.where, the gradient will be 0 · inf = NaN. Fix: {_WHERE_FIX}")
    return ""


def _number_at(x: Any, index: tuple, shape: tuple) -> float:
    array = np.asarray(x._value if isinstance(x, Tensor) else x)
    try:
        return float(np.broadcast_to(array, shape)[index])
    except (ValueError, TypeError):
        return float("nan")


def _input_at(x: Any, index: tuple, shape: tuple) -> str:
    array = np.asarray(x._value if isinstance(x, Tensor) else x)
    try:
        return repr(np.broadcast_to(array, shape)[index].item())
    except ValueError:
        return f"array of shape {array.shape}"
