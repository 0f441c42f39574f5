"""Reading a tape: the listing, the step-by-step backward report, and why a gradient is None.

Everything here reads the tape through its public reading API (``tape.records``, a sequence of
``ag.Record(op, inputs, output, params)``, ``tape.tracked(t)``, ``tensor.id``) and the walks of
:mod:`autograd_lite.graph`; nothing changes what a tape computes. The entry points are the
tape's own methods ``tape.listing()``, ``print(tape)``, ``tape.nbytes``,
``tape.explain(target, sources)`` and ``tape.why_none(target, source)``, which call the functions
of these modules:

``labels``
    naming values: :class:`Labels` (``%3``, ``%1 W``, ``const``) and :func:`short`, the compact
    text of a small array.
``listing``
    the tape listing: :func:`listing` (one line per record, then a summary) and :func:`nbytes`.
``explain``
    the backward pass step by step: :func:`walk` replays ``gradient`` as :class:`Step` and
    :class:`Send` objects, :func:`reach` finds the records on a path from the sources,
    :func:`not_recorded` pauses the tapes for a replay, and :func:`explain` turns the walk
    into an :class:`Explanation` table.
``why_none``
    why a gradient is None: :func:`why_none` and its answer :class:`WhyNone`.
"""
from .explain import (
    Explanation,
    Send,
    Step,
    explain,
    named_formula,
    not_recorded,
    reach,
    summed_axes,
    walk,
)
from .labels import Labels, short
from .listing import listing, nbytes
from .why_none import WhyNone, why_none

__all__ = ["Labels", "listing", "nbytes", "walk", "reach", "not_recorded", "explain",
           "Explanation", "Step", "Send", "why_none", "WhyNone", "short", "named_formula",
           "summed_axes"]
