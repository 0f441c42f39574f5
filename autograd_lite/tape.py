"""GradientTape: records ops in execution order and walks them backwards to get gradients.

A record is ``(primitive, inputs, output, params)``; the tape keeps them in execution order
(column by column, see :mod:`autograd_lite.records`). ``gradient`` first marks the records that
lie on a path from the sources, then walks those in reverse, asking each op's VJP for its
inputs' gradients. Nothing here recurses, so a chain of a million ops is fine.
"""
from __future__ import annotations

import contextlib
import enum
import operator
import threading
import warnings
import weakref
from typing import Any, Dict, Iterator, List, Optional

import numpy as np

from . import ops as _ops
from .backend import ARRAY, FLOAT_SCALARS, asarray, xp
from .graph import reachable
from .nest import flatten as _flatten
from .nest import one_target as _one_target
from .nest import targets as _targets
from .nest import unflatten as _unflatten
from .recording import _THREAD, MODE, STATE, after_op, current_tapes  # noqa: F401 (after_op: re-exported)
from .records import MANY_INPUTS, ONE_INPUT, Records, RecordsView
from .tensor import TRACING, Tensor, Variable, VariableRead, next_id, to_array, wrap
from .unbroadcast import fit_gradient, sum_to


class UnconnectedGradients(enum.Enum):
    """What ``gradient`` returns for a source the target does not depend on."""

    NONE = "none"
    ZERO = "zero"


_new = object.__new__
_ID = operator.attrgetter("_id")
_LIVE: List["weakref.ref[GradientTape]"] = []  # every tape made, weakly; pruned as it grows
_LIVE_PRUNE = threading.Lock()
_live_limit = 64


def live_tapes() -> tuple:
    """Every GradientTape still alive in the process (in any thread), oldest first. Tools that
    are given a value but not its tape (``visualize.draw_graph``) look for the tape here.

    >>> tape = ag.GradientTape()
    >>> tape in live_tapes()
    True
    """
    return tuple(t for t in (ref() for ref in list(_LIVE)) if t is not None)


def _register(tape: "GradientTape") -> None:
    global _live_limit
    _LIVE.append(weakref.ref(tape))  # (list.append is atomic: no lock on the common path)
    if len(_LIVE) > _live_limit:
        with _LIVE_PRUNE:
            count = len(_LIVE)  # tapes appended meanwhile, past ``count``, are kept as they are
            _LIVE[:count] = [ref for ref in _LIVE[:count] if ref() is not None]
            _live_limit = 2 * len(_LIVE) + 64


class GradientTape:
    """Record operations for automatic differentiation.

    Trainable Variables read inside the context are watched automatically; anything else is
    watched with :meth:`watch`. A tape answers one :meth:`gradient` call unless it is
    ``persistent``. Tapes nest: a gradient computed while an outer tape records is recorded by
    it, which gives higher derivatives.

    >>> x = ag.constant(3.0)
    >>> with ag.GradientTape() as tape:
    ...     tape.watch(x)
    ...     y = x * x
    >>> float(tape.gradient(y, x))
    6.0
    """

    def __init__(self, persistent: bool = False, watch_accessed_variables: bool = True) -> None:
        self._persistent = bool(persistent)
        self._watch_accessed_variables = bool(watch_accessed_variables)
        self._recording = True
        self._active = False
        self._owner: Optional[dict] = None  # the per-thread storage of the entering thread
        self._exit_id: Optional[int] = None  # ids above it were made after the context ended
        self._clear()
        _register(self)

    def _clear(self) -> None:
        self.last_gradients: Dict[int, Tensor] = {}
        self._records = Records()
        self._tracked: set = set()
        self._watched: set = set()  # ids given to watch (or read): every record descends from them
        self._variables: Dict[int, Variable] = {}
        self._used = False
        self._spent: Optional[set] = None  # ids tracked before a release, for why_none

    # --- the context ---------------------------------------------------------------
    def __enter__(self) -> "GradientTape":
        if self._active:
            raise RuntimeError("GradientTape: this tape is already recording; a tape cannot be "
                               "entered twice at once")
        with STATE.lock:
            # The entering thread's own storage, so that leaving from another thread (a
            # generator holding the tape, closed elsewhere) takes the tape off this stack.
            self._owner = _THREAD.__dict__
            _THREAD.stack = _THREAD.stack + (self,)
            self._active = True
            STATE.active_tapes += 1
            STATE.busy = True  # STATE.update(), inlined: a tape is now active
        return self

    def __exit__(self, *exc_info: Any) -> None:
        with STATE.lock:
            if not self._active:
                return  # left already, or never entered: nothing to undo (as TF)
            owner, self._owner = self._owner, None
            if owner is not None:  # always, with _active: entering set both
                stack = owner.get("stack", ())  # the innermost tape is the usual one to leave
                owner["stack"] = stack[:-1] if stack and stack[-1] is self else tuple(
                    t for t in stack if t is not self)
            self._active = False
            self._exit_id = next_id()
            STATE.active_tapes -= 1  # STATE.update(), inlined (``watching`` is kept current by
            STATE.busy = STATE.active_tapes > 0 or STATE.watching  # whoever changes it)

    @property
    def persistent(self) -> bool:
        return self._persistent

    @property
    def watch_accessed_variables(self) -> bool:
        """Whether trainable Variables read inside the context are watched by themselves."""
        return self._watch_accessed_variables

    # --- reading what was recorded (for tools outside the core) ------------------------
    @property
    def records(self) -> RecordsView:
        """The recorded ops in execution order, a read-only sequence of ``ag.Record(op, inputs,
        output, params)``. Empty once a non-persistent tape has answered its gradient call.

        >>> x = ag.constant(3.0)
        >>> with ag.GradientTape() as tape:
        ...     tape.watch(x)
        ...     y = x * x
        >>> [(r.op.name, r.output is y) for r in tape.records]
        [('multiply', True)]
        """
        return RecordsView(self._records)

    def tracked(self, tensor: Any) -> bool:
        """Whether ``tensor`` is on this tape: watched, or computed by a recorded op (so a
        gradient can flow through it). A non-persistent tape that released its records in its
        gradient call still answers for what it tracked before.

        >>> x, c = ag.constant(3.0), ag.constant(1.0)
        >>> with ag.GradientTape() as tape:
        ...     tape.watch(x)
        ...     y = x * c
        >>> tape.tracked(x), tape.tracked(y), tape.tracked(c)
        (True, True, False)
        """
        if not isinstance(tensor, Tensor):
            return False
        tracked = self._spent if self._used and self._spent is not None else self._tracked
        return tensor._id in tracked

    @property
    def released(self) -> bool:
        """True once a non-persistent tape has answered its one gradient (or jacobian) call
        and let its records go."""
        return self._used

    def made_after_exit(self, tensor: Tensor) -> Optional[bool]:
        """Whether ``tensor`` was made after this tape's with-block was left (so the tape
        cannot have recorded it); ``None`` while the tape is recording or was never left.

        >>> with ag.GradientTape() as tape:
        ...     before = ag.constant(1.0)
        >>> tape.made_after_exit(before), tape.made_after_exit(ag.constant(2.0))
        (False, True)
        """
        if self._active or self._exit_id is None:
            return None
        return tensor._id > self._exit_id

    # --- what is watched -------------------------------------------------------------
    def _watch_variable(self, variable: Variable) -> None:
        if variable._value.dtype.kind == "f":
            self._tracked.add(variable._id)
            self._watched.add(variable._id)
            self._variables.setdefault(variable._id, variable)

    def watch(self, tensor: Any) -> None:
        """Watch a Tensor or Variable (or a nested list / tuple / dict of them).

        Integer and bool values cannot carry gradients: watching one warns and does nothing.

        >>> c = ag.constant(2.0)
        >>> with ag.GradientTape() as tape:
        ...     tape.watch(c)
        ...     y = c ** 3
        >>> float(tape.gradient(y, c))
        12.0
        """
        for item in _flatten(tensor, "GradientTape.watch", "tensor"):
            if item.dtype.kind != "f":
                warnings.warn(f"GradientTape.watch: a value of dtype {item.dtype} cannot carry a "
                              f"gradient (only floating dtypes can); cast it first with "
                              f"ag.cast(x, 'float32')", stacklevel=2)
            elif isinstance(item, Variable):
                self._watch_variable(item)
            else:
                self._tracked.add(item._id)
                self._watched.add(item._id)

    def watched_variables(self) -> tuple:
        """The Variables this tape watches, in the order first watched."""
        return tuple(self._variables.values())

    @contextlib.contextmanager
    def stop_recording(self) -> Iterator[None]:
        """Ops run inside this block are not recorded by this tape (outer tapes go on)."""
        previous = self._recording
        self._recording = False
        try:
            yield
        finally:
            self._recording = previous

    def reset(self) -> None:
        """Forget everything recorded and watched so far."""
        self._clear()

    # --- differentiation -------------------------------------------------------------
    def gradient(self, target: Any, sources: Any, output_gradients: Any = None,
                 unconnected_gradients: Any = UnconnectedGradients.NONE) -> Any:
        """Gradients of ``target`` (a Tensor, or a list whose gradients add) w.r.t. ``sources``.

        ``sources`` may be one Tensor or Variable or a nested list / tuple / dict of them; the
        result has the same structure, each entry with its source's shape and dtype, or ``None``
        where the target does not depend on it (zeros with ``unconnected_gradients="zero"``).
        A non-scalar target is differentiated as its sum, or weighted by ``output_gradients``.

        >>> w = ag.Variable([1.0, 2.0])
        >>> with ag.GradientTape() as tape:
        ...     loss = ag.sum(w * w)
        >>> tape.gradient(loss, w).numpy()
        array([2., 4.], dtype=float32)
        """
        self._check_usable("gradient")
        unconnected = unconnected_gradients if unconnected_gradients is _NONE else _unconnected(
            unconnected_gradients)
        targets = _targets(target, "gradient")
        seeds = _seeds(target, targets, output_gradients)
        flat = _flatten(sources, "GradientTape.gradient", "sources")
        itself = _unread_variable_seeds(targets, seeds, self._tracked)
        kept: Optional[Dict[int, Any]] = {} if self._persistent else None
        try:
            if TRACING.tracer is not None and TRACING.tracer.active:
                grads = TRACING.tracer.gradient(self, targets, seeds, flat)  # ag.function plans
            else:
                grads = _backward(self, targets, seeds, flat, kept,
                                  consume=not self._persistent)
        finally:
            self._release()
        if kept is not None:
            self.last_gradients = kept
        results = [grads.get(s._id) for s in flat]
        if itself:
            results = [itself.get(s._id) if g is None and type(s) is Variable else g
                       for g, s in zip(results, flat)]
        # grads holds one entry per distinct source that has a gradient: as many as ``flat``
        # holds entries means none is None (the common case, without a generator's frame)
        if len(grads) < len(flat) and any(g is None for g in results):
            results = [_finish(g, s.shape, s.dtype, unconnected) for g, s in zip(results, flat)]
        return results if flat is sources else _unflatten(sources, iter(results))

    def jacobian(self, target: Tensor, sources: Any,
                 unconnected_gradients: Any = UnconnectedGradients.NONE,
                 parallel_iterations: Any = None, experimental_use_pfor: bool = True) -> Any:
        """The Jacobian of ``target`` w.r.t. each source: shape ``target.shape + source.shape``.

        One backward pass per element of ``target``. ``parallel_iterations`` and
        ``experimental_use_pfor`` are accepted for TensorFlow compatibility and change nothing.

        >>> x = ag.constant([1.0, 2.0])
        >>> with ag.GradientTape() as tape:
        ...     tape.watch(x)
        ...     y = x * x
        >>> tape.jacobian(y, x).numpy()
        array([[2., 0.],
               [0., 4.]], dtype=float32)
        """
        self._check_usable("jacobian")
        if TRACING.tracer is not None:
            TRACING.tracer.cannot_plan("a jacobian")
        unconnected = _unconnected(unconnected_gradients)
        target = _one_target(target, "jacobian")
        flat = _flatten(sources, "GradientTape.jacobian", "sources")
        seeds = list(_unit_seeds(target, target.shape))
        try:
            rows = [_backward(self, [target], [seed], flat) for seed in seeds]
            for row, seed in zip(rows, seeds):  # an unread Variable w.r.t. itself: identity
                row.update(_unread_variable_seeds([target], [seed], self._tracked))
        finally:
            self._release()
        results = [_stack_rows([r.get(s._id) for r in rows], s, target.shape + s.shape,
                               unconnected) for s in flat]
        return _unflatten(sources, iter(results))

    def batch_jacobian(self, target: Tensor, source: Tensor,
                       unconnected_gradients: Any = UnconnectedGradients.NONE,
                       parallel_iterations: Any = None,
                       experimental_use_pfor: bool = True) -> Any:
        """Per-example Jacobians: shape ``(batch,) + target.shape[1:] + source.shape[1:]``.

        Examples in the batch must be independent (row ``i`` of the target depends only on row
        ``i`` of the source), as for ``tf.GradientTape.batch_jacobian``.
        """
        self._check_usable("batch_jacobian")
        if TRACING.tracer is not None:
            TRACING.tracer.cannot_plan("a batch_jacobian")
        unconnected = _unconnected(unconnected_gradients)
        target = _one_target(target, "batch_jacobian")
        (source,) = _flatten(source, "GradientTape.batch_jacobian", "source")
        if target.ndim == 0 or source.ndim == 0 or target.shape[0] != source.shape[0]:
            raise ValueError(f"batch_jacobian: target of shape {target.shape} and source of "
                             f"shape {source.shape} must share their first (batch) dimension")
        try:
            rows = [_backward(self, [target], [seed], [source])
                    for seed in _unit_seeds(target, target.shape[1:])]
        finally:
            self._release()
        return _stack_rows([r.get(source._id) for r in rows], source,
                           target.shape + source.shape[1:], unconnected, axis=1)

    def _check_usable(self, what: str) -> None:
        if self._used:
            raise RuntimeError(f"GradientTape.{what}: a non-persistent tape answers only one "
                               f"gradient or jacobian call and has released its records; create "
                               f"it with ag.GradientTape(persistent=True) to call it again")

    def _release(self) -> None:
        """Let a one-shot tape's records go. What it watched is still answered (as in TF), and
        the ids it tracked are kept (no Tensors) for why_none."""
        if not self._persistent:
            self._spent, self._tracked, self._watched = self._tracked, set(), set()
            if self._records.ops:  # (a consuming walk has emptied them already)
                self._records.clear()
            self.last_gradients = {}
            self._used = True

    def __repr__(self) -> str:
        kind = "persistent " if self._persistent else ""
        return f"<ag.GradientTape {kind}records={len(self._records)}>"

    # --- reading the tape (autograd_lite/introspect/ does the work) -------------------
    def listing(self, max_records: int = 40) -> str:
        """The recorded program, one line per record: ``%3 = matmul(%1 W, %2 x)  ...``."""
        from .introspect import listing
        return listing(self, max_records)

    def __str__(self) -> str:
        return self.listing()

    @property
    def nbytes(self) -> int:
        """Bytes of the arrays this tape keeps alive (records and last gradients)."""
        from .introspect import nbytes
        return nbytes(self)

    def explain(self, target: Any, sources: Any, max_elements: int = 24,
                width: Optional[int] = None) -> Any:
        """Report the backward pass of ``gradient(target, sources)`` step by step (the tape
        is not used up): values of up to ``max_elements`` elements written out, text columns
        at most ``width`` characters wide. See :func:`autograd_lite.introspect.explain`."""
        from .introspect import explain
        return explain(self, target, sources, max_elements, width)

    def why_none(self, target: Any, source: Any) -> Any:
        """Why ``gradient(target, source)`` is None: the cause and the fix. See
        :func:`autograd_lite.introspect.why_none`."""
        from .introspect import why_none
        return why_none(self, target, source)


# --- the backward walk --------------------------------------------------------------------
def _backward(tape: "GradientTape", targets: List[Tensor], seeds: List[Tensor],
              sources: List[Tensor], kept: Optional[dict] = None, consume: bool = False,
              observer: Any = None) -> Dict[int, Tensor]:
    """Walk the records backwards from ``targets``; return the sources' gradients by id.

    The walk is the loop below: for each record, last first, that a gradient reached (its
    ``upstream``), ask the op's VJP for the gradient of each input on a path to a source, and
    add it to what that input has. The helpers beside it keep that loop fast:
    :func:`_on_path` skips the records no source reaches; a pass that nothing records runs the
    VJPs on bare arrays (``MODE.raw``; :func:`_raw_args`, :func:`_on_tensors`);
    :func:`fit_gradient` sums a broadcast gradient back to its input's shape.

    ``kept`` (a dict) receives every value's gradient, for pictures; ``consume`` (a one-shot
    tape's only call) frees each record once walked; ``observer`` (see :func:`backward_pass`)
    is told of every record reached and every gradient sent.
    """
    records, tracked = tape._records, tape._tracked
    source_ids = tracked.intersection(map(_ID, sources))  # (in C: no comprehension's frame)
    raw = not _backward_is_recorded(records if consume else None)
    grads = _seeded(targets, seeds, tracked, raw)
    if not source_ids or not grads:
        return {}
    path, reached = _on_path(records, source_ids, tape._watched, tracked)
    add = xp().add if raw else _ops.add
    previous, was_raw = MODE.backward_of, MODE.raw
    MODE.raw = raw
    ops, firsts, seconds = records.ops, records.firsts, records.seconds
    outputs, settings = records.outputs, records.params
    noting = kept is not None or observer is not None
    value: Any  # the gradient's array
    try:
        for index in reversed(path):
            out = outputs[index]
            out_id = out._id
            upstream = grads.get(out_id) if out_id in source_ids else grads.pop(out_id, None)
            if upstream is None:
                continue  # no gradient reaches this record
            # The record, read from its columns (Records.inputs, inlined: each call costs 3% of
            # walking a one-input record), and the inputs the VJPs get: arrays in a raw pass.
            primitive, first, second, params = (ops[index], firsts[index], seconds[index],
                                                settings[index])
            inputs: tuple
            args: tuple
            if second is ONE_INPUT:
                inputs = (first,)
                args = (first._value,) if raw and isinstance(first, Tensor) else inputs
            elif second is MANY_INPUTS:
                inputs = first
                args = _raw_args(first) if raw else inputs
            else:
                inputs = (first, second)
                args = (first._value if isinstance(first, Tensor) else first,
                        second._value if isinstance(second, Tensor) else second) \
                    if raw else inputs
            if consume:  # let go of what the record holds once it is walked
                firsts[index] = seconds[index] = outputs[index] = settings[index] = None
            if noting:  # (one test for the two rare cases)
                if kept is not None:
                    kept[out_id] = upstream
                if observer is not None:
                    observer.record(index, upstream)
            if raw:
                result = out._value
            else:  # MODE.backward_of names the op in check_numerics' messages
                result, MODE.backward_of = out, primitive.name
            rules = primitive.rules
            argnum = -1  # counted by hand: enumerate costs 7% of walking a one-input record
            for x in inputs:
                argnum += 1
                if not isinstance(x, Tensor) or (x_id := x._id) not in reached:
                    continue
                rule = rules[argnum] if rules is not None else primitive.vjp(argnum)
                if rule is None:
                    continue  # no gradient flows to this input
                try:  # the input's gradient: called with its arguments spelled out where it
                    # can be (a call with *args costs four times as much), and no empty ** dict
                    if params or second is MANY_INPUTS:
                        grad = rule(upstream, result, *args, **params)
                    elif second is ONE_INPUT:
                        grad = rule(upstream, result, args[0])
                    else:
                        grad = rule(upstream, result, args[0], args[1])
                except AttributeError as error:
                    if not raw:
                        raise
                    grad = _on_tensors(primitive, argnum, error, upstream, out, inputs, params)
                value, expected = grad if raw else getattr(grad, "_value", None), x._value
                if type(value) not in _GRADIENT_TYPES or value.shape != expected.shape or (
                        value.dtype is not expected.dtype and value.dtype != expected.dtype):
                    # broadcast (a bias: summed by a plan kept for the shapes), or a dtype to keep
                    fitted = sum_to(value, expected.shape) if raw and type(value) is ARRAY and (
                        value.dtype is expected.dtype) else None
                    grad = fit_gradient(grad, x, primitive) if fitted is None else fitted
                known = grads.get(x_id)  # accumulate: fan-out adds
                grads[x_id] = grad if known is None else add(known, grad)
                if observer is not None:
                    observer.send(index, argnum, grad, known, grads[x_id])
    finally:
        MODE.backward_of, MODE.raw = previous, was_raw
        if consume:
            records.clear()
    return _found(grads, source_ids, kept, raw)


def backward_pass(tape: "GradientTape", target: Any, sources: Any, observer: Any) -> dict:
    """Run the backward pass of ``tape.gradient(target, sources)`` (the very walk ``gradient``
    runs) without using the tape up, and without recording it on any tape, telling
    ``observer`` what it does; return the sources' gradients keyed by id. ``observer`` has two
    methods: ``record(index, upstream)`` when a gradient reaches ``tape.records[index]``, and
    ``send(index, argnum, sent, earlier, total)`` when that record's VJP sends ``sent`` to its
    input ``argnum``, which had ``earlier`` (``None`` at first) and now has ``total``. The
    gradients are NumPy arrays (or scalars) in a pass that nothing records, else Tensors.

    >>> class Printer:
    ...     def record(self, index, upstream):
    ...         print("record", index, "upstream", float(upstream))
    ...     def send(self, index, argnum, sent, earlier, total):
    ...         print("  to input", argnum, "sent", float(sent))
    >>> x = ag.constant(3.0)
    >>> with ag.GradientTape() as tape:
    ...     tape.watch(x)
    ...     y = ag.square(x) * 2.0
    >>> grads = backward_pass(tape, y, x, Printer())
    record 1 upstream 1.0
      to input 0 sent 2.0
    record 0 upstream 2.0
      to input 0 sent 12.0
    >>> float(grads[x.id])
    12.0
    """
    targets = _targets(target, "backward_pass")
    flat = _flatten(sources, "backward_pass", "sources")
    if tape._used:
        raise RuntimeError("backward_pass: this non-persistent tape released its records in "
                           "its gradient call")
    with not_recorded():
        return _backward(tape, targets, [_ones_like(t) for t in targets], flat,
                         observer=observer)


@contextlib.contextmanager
def not_recorded() -> Iterator[None]:
    """Run ops without recording them on any tape of this thread (for a replay, or a check
    that must not change what the tapes hold).

    >>> x = ag.constant(1.0)
    >>> with ag.GradientTape() as tape:
    ...     tape.watch(x)
    ...     with not_recorded():
    ...         y = ag.sin(x)
    >>> len(tape.records)
    0
    """
    paused = [t for t in _THREAD.stack if t._recording]
    previous = STATE.backward_of
    for t in paused:
        t._recording = False
    try:
        yield
    finally:
        for t in paused:
            t._recording = True
        STATE.backward_of = previous


def _on_path(records: Records, source_ids: set, watched: set, tracked: set) -> tuple:
    """The records a gradient can flow through to a source, and the ids they reach."""
    if source_ids >= watched:  # every record descends from a source: no need to search
        return range(len(records)), tracked
    return reachable(records, source_ids)


def _raw_args(inputs: tuple) -> tuple:
    """The arrays of three or more inputs, for a raw pass."""
    return tuple([a._value if isinstance(a, Tensor) else a for a in inputs])


def _found(grads: dict, source_ids: set, kept: Optional[dict], raw: bool) -> Dict[int, Tensor]:
    """The sources' gradients, as Tensors; every gradient of the walk into ``kept``."""
    if kept is not None:
        kept.update(grads)
        if raw:
            kept.update({i: _wrap_raw(g) for i, g in kept.items()})
    if not raw:
        return {i: grads[i] for i in source_ids if i in grads}
    found = {}
    for i in source_ids.intersection(grads):  # the sources a gradient reached
        g = grads[i]  # _wrap_raw(g), inlined: two calls less per gradient
        tensor = found[i] = _new(Tensor)
        tensor._value, tensor._id, tensor.name = g if type(g) is ARRAY else asarray(g), \
            next_id(), None
    return found


def _seeded(targets: List[Tensor], seeds: List[Tensor], tracked: set, raw: bool) -> dict:
    """The gradients the walk starts from, keyed by id: each recorded float target's seed (the
    seeds of a target given twice add up), as arrays for a raw pass: a 0-d one (a loss's) as a
    NumPy scalar, since arithmetic on a 0-d array costs 7 times as much (0.53 against 0.07 us)."""
    grads: Dict[int, Any] = {}
    add = np.add if raw else _ops.add
    seed: Any  # a Tensor, or its array in a raw pass
    for target, seed in zip(targets, seeds):
        if target._id in tracked and target._value.dtype.kind == "f":
            if raw:
                seed = seed._value[()] if seed._value.ndim == 0 else seed._value
            known = grads.get(target._id)
            grads[target._id] = seed if known is None else add(known, seed)
    return grads


# What a VJP may return as it is: an array or, for 0-d values in raw mode, a NumPy scalar.
_GRADIENT_TYPES = FLOAT_SCALARS | {ARRAY}


def _on_tensors(primitive: Any, argnum: int, error: AttributeError, upstream: Any, out: Tensor,
                inputs: tuple, params: Any) -> Any:
    """Run a VJP that needs what only Tensors have (``.numpy()``, say) on Tensors, inside a
    raw pass; its result comes back as an array. A VJP that fails this way too raises. The
    first time for each VJP a warning says why the pass is slower than it could be."""
    key = (primitive, argnum)
    if key not in _RERUN_WARNED:
        _RERUN_WARNED.add(key)
        warnings.warn(f"{primitive.name}: the VJP for input {argnum} raised AttributeError on "
                      f"NumPy arrays ({error}), so it is run on Tensors instead, which is "
                      f"slower; write it with ag ops and the attributes arrays and Tensors "
                      f"share (.shape, .T, .sum, ...)", RuntimeWarning, stacklevel=4)
    MODE.raw = False
    try:
        rule = primitive.vjp(argnum)
        grad = rule(_wrap_raw(upstream), out, *inputs, **params)
    finally:
        MODE.raw = True
    return grad._value if isinstance(grad, Tensor) else grad


_RERUN_WARNED: set = set()  # (primitive, argnum) of the VJPs warned about by _on_tensors


def _wrap_raw(gradient: Any) -> Tensor:
    """A raw-mode gradient as a Tensor (NumPy hands back 0-d results as scalars)."""
    return wrap(gradient if type(gradient) is ARRAY else asarray(gradient))


def _backward_is_recorded(own_records: Optional[Records]) -> bool:
    """Would ops run now be recorded or checked? A one-shot tape differentiated inside its own
    context (``own_records``) does not count: it is used up by this call."""
    if MODE.check_numerics:
        return True
    for tape in _THREAD.stack:
        if tape._recording and tape._records is not own_records:
            return True
    return False


# --- arguments and results ------------------------------------------------------------------
_NONE = UnconnectedGradients.NONE


def _unconnected(value: Any) -> UnconnectedGradients:
    if isinstance(value, UnconnectedGradients):
        return value
    try:
        return UnconnectedGradients(str(value).lower())
    except ValueError:
        raise ValueError(f"unconnected_gradients must be 'none' or 'zero', got {value!r}") from None


def _seeds(target: Any, targets: List[Tensor], output_gradients: Any) -> List[Tensor]:
    """The upstream gradient each of the ``targets`` (flattened from ``target``) starts with:
    ones, or ``output_gradients``."""
    if output_gradients is None:
        return [_ones_like(t) for t in targets]
    given = _per_target(target, output_gradients)
    seeds = []
    for t, g in zip(targets, given):
        if g is None:
            seeds.append(_ones_like(t))
            continue
        if not isinstance(g, Tensor):  # a copy; complex values and strings are refused
            g = wrap(np.array(to_array(g, t.dtype, "GradientTape.gradient: output_gradients"),
                              copy=True))
        if g.dtype != t.dtype:  # the gradient of a target w.r.t. itself keeps its dtype
            g = _ops.cast(g, t.dtype)
        if g.shape != t.shape:
            raise ValueError(f"GradientTape.gradient: output_gradients of shape {g.shape} must "
                             f"match the target's shape {t.shape}")
        seeds.append(g)
    return seeds


def _unread_variable_seeds(targets: List[Tensor], seeds: List[Tensor], tracked: set) -> dict:
    """The seeds of float Variables given as targets that this tape never read, by id: the
    gradient of a Variable with respect to itself is its seed, read or not (as TF). A Variable
    the tape did read gets its seed from the backward walk."""
    found: Dict[int, Tensor] = {}
    for target, seed in zip(targets, seeds):
        if type(target) is Variable and target._id not in tracked and (
                target._value.dtype.kind == "f"):
            known = found.get(target._id)
            found[target._id] = seed if known is None else _ops.add(known, seed)
    return found


def _per_target(target: Any, output_gradients: Any) -> List[Any]:
    """``output_gradients`` laid out as ``target`` is (TF's rule), one per target Tensor. For a
    single target, ``[g]`` stands for ``g`` when ``g`` is a Tensor, None or an array of the
    target's shape (a list of numbers is the gradient's value itself)."""
    if isinstance(target, Tensor):
        if isinstance(output_gradients, (list, tuple)) and len(output_gradients) == 1:
            only = output_gradients[0]
            if only is None or isinstance(only, Tensor) or (
                    isinstance(only, np.ndarray) and only.shape == target.shape):
                return [only]
        return [output_gradients]
    if isinstance(target, dict):
        if not isinstance(output_gradients, dict) or set(output_gradients) != set(target):
            raise ValueError("GradientTape.gradient: output_gradients must be a dict with the "
                             f"target's keys {sorted(target, key=str)}")
        return [g for key in target for g in _per_target(target[key], output_gradients[key])]
    if len(target) == 1 and not isinstance(output_gradients, (list, tuple)):
        return _per_target(target[0], output_gradients)  # [y] with g, as TF's nest allows
    if not isinstance(output_gradients, (list, tuple)) or len(output_gradients) != len(target):
        count = len(output_gradients) if isinstance(output_gradients, (list, tuple)) else 1
        raise ValueError(f"GradientTape.gradient: {count} output_gradients for "
                         f"{len(target)} targets")
    return [g for t, given in zip(target, output_gradients) for g in _per_target(t, given)]


def _ones_like(target: Tensor) -> Tensor:
    ones = np.empty(target._value.shape, target._value.dtype)
    ones.fill(1)  # np.ones is written in Python: this is about twice as fast for small seeds
    return wrap(ones)


def _unit_seeds(target: Tensor, shape: tuple) -> Iterator[Tensor]:
    """One-hot upstream gradients, one per element of ``shape`` (all batch rows at once)."""
    for index in np.ndindex(*shape):
        seed = np.zeros(target.shape, dtype=target.dtype)
        seed[(Ellipsis,) + index if len(shape) < target.ndim else index] = 1
        yield wrap(seed)


def _finish(grad: Optional[Tensor], shape: tuple, dtype: np.dtype,
            unconnected: UnconnectedGradients) -> Optional[Tensor]:
    """``grad``, or for an unconnected source ``None`` or zeros of ``shape`` and ``dtype``."""
    if grad is not None:
        return grad
    if unconnected is UnconnectedGradients.ZERO:
        return wrap(np.zeros(shape, dtype=dtype))
    return None


def _stack_rows(rows: list, source: Tensor, shape: tuple, unconnected: UnconnectedGradients,
                axis: int = 0) -> Optional[Tensor]:
    """One gradient per seed, stacked along ``axis`` into a Jacobian of ``shape`` (zeros for
    the unconnected rows; ``None`` or zeros when no row is connected)."""
    if all(r is None for r in rows):
        return _finish(None, shape, source.dtype, unconnected)
    rows = [r if r is not None else _ops.zeros_like(source) for r in rows]
    return _ops.reshape(_ops.stack(rows, axis=axis), shape)


__all__ = ["GradientTape", "UnconnectedGradients", "VariableRead", "current_tapes",
           "live_tapes", "backward_pass", "not_recorded"]
