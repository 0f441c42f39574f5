"""Why a gradient is None: what ``tape.why_none(target, source)`` answers.

:func:`why_none` checks the causes in order (a non-float dtype, a source never watched, a
target computed after the with-block or from values that left the tape, no recorded path) and
returns a :class:`WhyNone` with a ``cause`` code, the explanation and the fix. It reads the tape
through its public reading API and the walks of :mod:`autograd_lite.graph`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import numpy as np

from ..graph import ancestry
from ..leaks import leaks_of
from ..nest import flatten, one_target
from ..tensor import Tensor, Variable, VariableRead
from .explain import reach
from .labels import Labels, _value, short


@dataclass
class WhyNone:
    """The answer of ``tape.why_none``: a short ``cause`` code, the explanation and the fix.

    Causes: ``"integer_dtype"``, ``"never_watched"``, ``"rebound_variable"`` (a Tensor where a
    Variable was expected: ``w = w - lr * dw``), ``"after_context"``, ``"left_tape"``,
    ``"target_not_recorded"``, ``"not_on_path"``, ``"connected"`` (the gradient is not None),
    and ``"released"`` when a non-persistent tape's records are gone and the path cannot be
    checked.
    """

    cause: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.message}\nfix: {self.fix}" if self.fix else self.message

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


def why_none(tape: Any, target: Tensor, source: Tensor) -> WhyNone:
    """Say why ``tape.gradient(target, source)`` is (or would be) ``None``, from the records.

    >>> c = ag.constant(2.0, name="c")
    >>> with ag.GradientTape() as tape:
    ...     y = c * c
    >>> tape.why_none(y, c).cause
    'never_watched'
    >>> w = ag.Variable(3.0)
    >>> w = w - 0.1 * 6.0                 # now a Tensor: the classic training-loop slip
    >>> with ag.GradientTape() as tape:
    ...     loss = w * w
    >>> tape.why_none(loss, w).cause
    'rebound_variable'
    """
    target = one_target(target, "why_none")
    (source,) = flatten(source, "GradientTape.why_none", "source")
    for check in (_dtype_cause, _watch_cause):
        answer = check(tape, target, source)
        if answer is not None:
            return answer
    if not tape.tracked(target):
        return _unrecorded_target(tape, target, source)
    return _path_cause(tape, target, source)


def _name(tensor: Tensor) -> str:
    kind = "Variable" if isinstance(tensor, (Variable, VariableRead)) else "Tensor"
    return f"{kind} {tensor.name!r}" if tensor.name else f"this {kind.lower()}"


def _dtype_cause(tape: Any, target: Tensor, source: Tensor) -> Optional[WhyNone]:
    for role, value in (("source", source), ("target", target)):
        if value.dtype.kind != "f":
            return WhyNone("integer_dtype",
                           f"the {role} ({_name(value)}) has dtype {value.dtype.name}; only "
                           f"floating dtypes carry gradients",
                           "make it a float: ag.cast(x, 'float32'), or ag.constant(1.0) / "
                           "ag.Variable(1.0) rather than 1")
    return None


def _watch_cause(tape: Any, target: Tensor, source: Tensor) -> Optional[WhyNone]:
    if tape.tracked(source):
        return None
    variable = source.variable if isinstance(source, VariableRead) else source
    if isinstance(variable, Variable) and not variable.trainable:
        what = f"{_name(variable)} is not trainable, and tapes watch only trainable Variables"
        fix = "call tape.watch(v) inside the with-block before using it"
    elif isinstance(variable, Variable) and not tape.watch_accessed_variables:
        what = (f"{_name(variable)} was never watched: the tape was created with "
                f"watch_accessed_variables=False")
        fix = "call tape.watch(v) inside the with-block before using it"
    elif isinstance(variable, Variable):
        leaked = ", ".join(leaks_of(tape)) or "np.fmod"  # the NumPy functions seen, if any
        what = (f"{_name(variable)} was never read by an op while the tape was recording "
                f"(.numpy(), np.asarray or a NumPy function the engine does not run, such as "
                f"{leaked}, read it off the tape)")
        fix = "use the Variable through ag ops inside the with-block"
    elif _looks_rebound(tape, source):
        return WhyNone("rebound_variable",
                       "never watched: this is a Tensor, not a Variable, and the tape watched no "
                       "Variable at all. The usual cause is a Variable rebound to a Tensor: "
                       "`w = w - lr * dw` makes w a new Tensor (not a Variable) at the first "
                       "step, and no later tape watches it",
                       "update the Variable in place, so it stays a Variable: "
                       "w.assign_sub(lr * dw) (or optimizer.apply_gradients); if this really is "
                       "a constant, call tape.watch(x) inside the with-block")
    else:
        what = (f"{_name(source)} is a constant, and a tape watches only trainable Variables "
                f"by itself")
        fix = ("call tape.watch(x) inside the with-block before using x, or make it an "
               "ag.Variable")
        if not source.name:
            fix += ("; if it was a Variable before, `w = w - lr * dw` rebound it to a Tensor: "
                    "update it in place with w.assign_sub(lr * dw)")
    return WhyNone("never_watched", f"never watched: {what}", fix)


def _looks_rebound(tape: Any, source: Tensor) -> bool:
    """An unnamed float Tensor that no tape watched, on a tape that watched no Variable: what
    ``w = w - lr * dw`` in a training loop leaves behind (a named constant is not taken for
    one)."""
    return (not source.name and source.dtype.kind == "f"
            and not any(True for _ in tape.watched_variables()))


def _unrecorded_target(tape: Any, target: Tensor, source: Tensor) -> WhyNone:
    after_exit = tape.made_after_exit(target)
    if after_exit:
        return WhyNone("after_context",
                       "the target was computed after the tape's with-block ended, so the tape "
                       "never recorded it",
                       "compute the target inside the with-block (only gradient calls go after "
                       "it)")
    leaks = leaks_of(tape)
    if leaks:  # a NumPy function without an op returned a plain array (TapeLeakWarning)
        name, advice = next(iter(leaks.items()))
        return WhyNone("left_tape",
                       f"the target was not recorded: {name} ran on a Tensor the tape tracks "
                       f"and, having no op, returned a plain NumPy array that no tape follows",
                       advice)
    broken = _dangling(tape, source, target) if not tape.released else None
    if broken or (tape.released and after_exit is False):
        where = f" (the values computed from it end at {broken})" if broken else ""
        return WhyNone("left_tape",
                       f"the target was not recorded: it was computed inside the with-block "
                       f"from values the tape does not track, although the source is "
                       f"tracked{where}. A value left the tape (.numpy(), np.asarray, float()) "
                       f"and came back as a constant (or went through ag.stop_gradient)",
                       "keep the computation in ag ops on Tensors: no .numpy() / np.asarray / "
                       "float() between the source and the target")
    return WhyNone("target_not_recorded",
                   "the tape never recorded the target: it was computed only from values the "
                   "tape does not track (or under stop_recording / stop_gradient)",
                   "compute the target from the watched source with ag ops")


def _dangling(tape: Any, source: Tensor, target: Optional[Tensor] = None) -> str:
    """The recorded values reachable from ``source`` that no later record uses, as text."""
    records = tape.records
    path = reach(records, {source.id})[0]
    used = {a.id for r in records for a in r.inputs if isinstance(a, Tensor)}
    labels = Labels(tape)
    skip = target.id if target is not None else None
    ends = [r for r in path if r.output.id not in used and r.output.id != skip]
    return ", ".join(f"{labels.of(r.output)} = {r.op.name}(...)" for r in ends[-3:])


def _path_cause(tape: Any, target: Tensor, source: Tensor) -> WhyNone:
    if tape.released:
        return WhyNone("released",
                       "the source is watched and the target was recorded, so if gradient "
                       "gave None no recorded op leads from the source to the target (this "
                       "tape released its records, so the path cannot be shown)",
                       "check that the target is computed from the source; call why_none "
                       "before gradient (or use persistent=True) for the details")
    path = reach(tape.records, {source.id})[0]
    reached = {r.output.id for r in path}
    if target.id in reached or target.id == source.id:
        on_the_way = [r for r in ancestry(tape.records, {target.id}) if r.output.id in reached]
        return WhyNone("connected",
                       "the gradient is not None: the target depends on the source through "
                       f"the recorded ops ({len(on_the_way)} on the way)", "")
    left = _came_back(tape, source, target)
    if left:
        return WhyNone("left_tape",
                       f"the source's values left the tape and came back as a constant: {left}",
                       "keep the computation in ag ops on Tensors: no .numpy() / np.asarray "
                       "/ float() between the source and the target")
    return _not_on_path(tape, source)


def _not_on_path(tape: Any, source: Tensor) -> WhyNone:
    uses = sum(1 for r in tape.records
               if any(isinstance(a, Tensor) and a.id == source.id for a in r.inputs))
    if not uses:
        return WhyNone("not_on_path",
                       "the source is watched but no recorded op uses it",
                       "use the source in the computation of the target (and call tape.watch "
                       "before the ops that use it)")
    broken = _dangling(tape, source)
    return WhyNone("not_on_path",
                   f"the source is watched and used by {uses} recorded op(s), but none of "
                   f"them leads to the target (the values computed from it end at {broken})",
                   "compute the target from those values, or drop the source from the call")


def _came_back(tape: Any, source: Tensor, target: Tensor) -> str:
    """A dangling value from ``source`` whose numbers reappear as a constant feeding
    ``target``: the value went through NumPy and came back. Empty when there is none."""
    records = tape.records
    labels = Labels(tape)
    ends = [source] + [r.output for r in reach(records, {source.id})[0]]
    for record in reversed(ancestry(records, {target.id})):
        for a in record.inputs:
            if not _foreign(a, tape):
                continue
            match = next((e for e in ends if _same_numbers(e, a)), None)
            if match is not None:
                return (f"{labels.of(match)} = {short(match)} reappears as the untracked "
                        f"input {labels.arg(a)} of {record[0].name}")
    return ""


def _foreign(value: Any, tape: Any) -> bool:
    """An array or an untracked Tensor: what a value that left the tape comes back as."""
    if isinstance(value, Tensor):
        return not tape.tracked(value)
    return isinstance(value, np.ndarray)


def _same_numbers(tensor: Tensor, value: Any) -> bool:
    array = np.asarray(_value(value))
    if array.dtype.kind not in "fc" or array.shape != tensor.shape or array.size == 0:
        return False
    return bool(np.allclose(array, np.asarray(tensor), rtol=1e-6, atol=0))


__all__ = ["WhyNone", "why_none"]
