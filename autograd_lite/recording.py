"""The recording layer beneath the op table: the switches every op reads, the per-thread stack
of active tapes, and :func:`after_op`, which puts an op on the tapes that follow its inputs.

The op machinery (:mod:`autograd_lite.primitive`) needs only this module, so the op table
sits between it and :mod:`autograd_lite.tape` (GradientTape and the backward walk), which
builds its VJP seeds and sums from the ops: no module imports one that imports it back.
"""
from __future__ import annotations

import threading
import types
from typing import Any, Optional

from .records import MANY_INPUTS, ONE_INPUT
from .tensor import TRACING, Tensor, Variable


class _State:
    """Process-wide switches read on every op; ``busy`` is the one flag the fast path checks.

    ``busy`` is True while any thread has an active tape or checks numerics; ``after_op`` then
    decides for its own thread (its stack of tapes, its ``MODE.check_numerics``)."""

    def __init__(self) -> None:
        self.active_tapes = 0
        self.numerics_threads = 0  # how many threads have check_numerics on
        self.busy = False
        self.watching = False  # numerics are checked or ag.function traces: after_op reports
        self.lock = threading.Lock()

    def update(self) -> None:
        self.watching = self.numerics_threads > 0 or TRACING.tracer is not None
        self.busy = self.active_tapes > 0 or self.watching

    @property
    def check_numerics(self) -> bool:
        """Whether this thread checks numerics (see :func:`ag.debug.check_numerics`)."""
        return MODE.check_numerics

    # The op whose VJP runs now, named by check_numerics' messages: per thread, so another
    # thread's forward op is never reported as this thread's backward pass.
    @property
    def backward_of(self) -> Optional[str]:
        return MODE.backward_of

    @backward_of.setter
    def backward_of(self, name: Optional[str]) -> None:
        MODE.backward_of = name


STATE = _State()


class _ThreadTapes(threading.local):
    stack: tuple = ()


_THREAD = _ThreadTapes()


def current_tapes() -> tuple:
    """The tapes recording in this thread, innermost last (entered and not yet left).

    >>> with ag.GradientTape() as outer:
    ...     with ag.GradientTape() as inner:
    ...         ag.current_tapes() == (outer, inner)
    True
    >>> ag.current_tapes()
    ()
    """
    return _THREAD.stack


class _Mode(threading.local):
    raw = False
    check_numerics = False
    backward_of: Optional[str] = None
    numerics_token: Any = None  # see debug._ThreadChecks


MODE = _Mode()
"""Per thread: ``MODE.raw`` is True while a backward pass that nothing records runs its VJPs.
Ops then take and return bare NumPy arrays, so a VJP written with the public ops costs little
more than its NumPy calls; under an outer tape the same VJP records Tensors (higher order)."""


def after_op(primitive, inputs: tuple, params: dict, result: Tensor) -> None:
    """Called by every op while a tape is active (or numerics are checked): record it on each
    recording tape that tracks one of ``inputs``. Reading a trainable Variable watches it, by
    any op (as in TF: ``v > 0`` and ``ag.stop_gradient(v)`` watch ``v`` too)."""
    if STATE.watching:
        _watch(primitive, inputs, params, result)
    if primitive.vjps is None or result._value.dtype.kind != "f":
        if Variable in map(type, inputs):
            _watch_reads(inputs)  # nothing to record, but a Variable read to watch
        return
    recorded = None
    for tape in _THREAD.stack:
        if not tape._recording:
            continue
        tracked = tape._tracked
        seen = reads_variable = False
        for a in inputs:
            if type(a) is Variable:  # (tested first: a Variable is a Tensor too)
                reads_variable = True
                if a._id in tracked:
                    seen = True
                elif a._trainable and tape._watch_accessed_variables and (
                        a._value.dtype.kind == "f"):  # tape._watch_variable(a), inlined
                    tracked.add(a._id)
                    tape._watched.add(a._id)
                    tape._variables.setdefault(a._id, a)
                    seen = True
            elif not seen and isinstance(a, Tensor):
                seen = a._id in tracked
        if seen:
            if recorded is None:
                recorded = _reads(inputs) if reads_variable else inputs
            # Records.add, inlined: the call and its length tests cost 10% of recording an op
            records = tape._records
            records.ops.append(primitive)
            if len(recorded) == 2:
                records.firsts.append(recorded[0])
                records.seconds.append(recorded[1])
            elif len(recorded) == 1:
                records.firsts.append(recorded[0])
                records.seconds.append(ONE_INPUT)
            else:
                records.firsts.append(recorded)
                records.seconds.append(MANY_INPUTS)
            records.outputs.append(result)
            records.params.append(params or _NO_PARAMS)
            tracked.add(result._id)


def _watch_reads(inputs: tuple) -> None:
    """Watch the trainable Variables among ``inputs`` on each recording tape that watches what
    it reads (an op that records nothing still reads them)."""
    for tape in _THREAD.stack:
        if tape._recording and tape._watch_accessed_variables:
            for a in inputs:
                if type(a) is Variable and a._trainable and a._id not in tape._tracked:
                    tape._watch_variable(a)


def _watch(primitive, inputs: tuple, params: dict, result: Tensor) -> None:
    """check_numerics' check, and ag.function's tracer, see each op."""
    if STATE.numerics_threads and MODE.check_numerics:
        from .debug import check_finite
        check_finite(primitive, inputs, result)
    if TRACING.tracer is not None:
        TRACING.tracer.op(primitive, inputs, params, result)


# One shared, read-only "no settings" for records.
_NO_PARAMS: types.MappingProxyType[str, Any] = types.MappingProxyType({})


def _reads(inputs: tuple) -> tuple:
    """The inputs as recorded: each Variable replaced by a read holding its current value."""
    if len(inputs) == 2:  # x @ W, x + b: without a comprehension's frame, half the cost
        x, y = inputs  # (a Variable keeps its read once made: read() only makes the first)
        return (x if type(x) is not Variable else r if (r := x._read) is not None else x.read(),
                y if type(y) is not Variable else r if (r := y._read) is not None else y.read())
    return tuple([x.read() if type(x) is Variable else x for x in inputs])


__all__ = ["STATE", "MODE", "after_op", "current_tapes"]
