"""What a VJP rule reads of its arguments, for ``ag.function``'s plans.

A plan calls an op's VJP rule as ``rule(upstream, out, *inputs, residual=..., **params)``.
Many rules read only the *shape* of some of these (``mean``'s VJP reads the input's shape,
``matmul``'s reads each input's ``ndim``) or nothing of them (``add``'s reads only the
upstream gradient). Handing such a rule the real array keeps that buffer alive until the
backward pass reaches the rule, and stops an earlier step from writing into it. A plan gives
such arguments a :func:`stand_in` instead: an array of the same shape and dtype that takes no
memory, so the real buffer dies at its last real use.

:func:`shape_only` finds these arguments by running the rule once with a :class:`ShapeOnly`
probe in their place, an object that answers ``shape``, ``dtype``, ``ndim``, ``size`` and
``len`` and fails on anything else (arithmetic, indexing, conversion to an array). Then it
runs the rule on the stand-ins and keeps the answer only if that gives the very result the
real arrays gave. Answers are cached per rule, settings and argument shapes.

What this cannot see: a rule that branches in Python on the *values* of its other arguments
(``if (upstream == 0).all(): ...``) and reads a probed argument only on the other branch. No
rule of the op table does; the plans of such a rule would be wrong, so declare its reads
instead (see :mod:`autograd_lite.plan_kernels`).
"""
from __future__ import annotations

from typing import Any, Callable, Dict, FrozenSet, Hashable, Optional, Sequence

import numpy as np

__all__ = ["ShapeOnly", "stand_in", "shape_only"]


class ShapeOnly:
    """A probe for an argument: it has the shape, dtype, ndim and size of ``array`` and
    nothing else.

    >>> probe = ShapeOnly(np.zeros((2, 3), np.float32))
    >>> probe.shape, probe.ndim, probe.size, len(probe)
    ((2, 3), 2, 6, 2)
    >>> probe + 1
    Traceback (most recent call last):
    TypeError: unsupported operand type(s) for +: 'ShapeOnly' and 'int'
    """

    __slots__ = ("shape", "dtype", "ndim", "size")
    __array_ufunc__ = None  # NumPy's operators and ufuncs refuse it instead of wrapping it

    def __init__(self, array: np.ndarray) -> None:
        self.shape, self.dtype, self.ndim, self.size = (array.shape, array.dtype, array.ndim,
                                                        array.size)

    def __len__(self) -> int:
        if not self.shape:
            raise TypeError("len() of a 0-d array")
        return self.shape[0]

    def __array__(self, *args: Any, **kwargs: Any) -> np.ndarray:
        raise TypeError("a shape-only probe has no values")

    def __iter__(self) -> Any:
        raise TypeError("a shape-only probe has no values")

    def __bool__(self) -> bool:
        raise TypeError("a shape-only probe has no values")


def stand_in(array: np.ndarray) -> np.ndarray:
    """A read-only array with ``array``'s shape and dtype that takes no memory (a broadcast
    view of one zero).

    >>> s = stand_in(np.ones((1000, 1000), np.float32))
    >>> s.shape, s.dtype, s.strides, s.flags.writeable
    ((1000, 1000), dtype('float32'), (0, 0), False)
    """
    return np.broadcast_to(np.zeros((), array.dtype), array.shape)


# (rule's key, settings, argument layout) -> the positions that may be stand-ins
_CACHE: Dict[Hashable, FrozenSet[int]] = {}
_NONE: FrozenSet[int] = frozenset()


def _layout(value: Any) -> Any:
    if type(value) is np.ndarray:
        return (value.shape, value.dtype.str)
    return type(value)


def shape_only(rule: Callable[..., Any], key: Hashable, args: Sequence[Any],
               params: Optional[Dict[str, Any]], result: Any,
               candidates: Sequence[int]) -> FrozenSet[int]:
    """The positions among ``candidates`` of ``args`` (the rule's positional arguments, the
    residual appended last when ``params`` has one) that ``rule`` reads only for their shape,
    dtype, ndim or size. ``result`` is what ``rule`` returned on ``args`` (in raw mode, as
    here). ``key`` names the rule for the cache.

    >>> rule = lambda upstream, out, x: upstream / x.size  # out unused, x's size only
    >>> x = np.arange(4.0)
    >>> args = [np.ones(()), np.array(6.0), x]
    >>> sorted(shape_only(rule, "example", args, None, rule(*args), [1, 2]))
    [1, 2]
    >>> relu_vjp = lambda upstream, out, x: upstream * (x > 0)  # reads x's values
    >>> args = [np.ones(4), x, x]
    >>> sorted(shape_only(relu_vjp, "relu example", args, None, relu_vjp(*args), [1, 2]))
    [1]
    """
    settings = None
    if params:
        try:
            settings = tuple(sorted((k, v) for k, v in params.items() if k != "residual"))
            hash(settings)
        except TypeError:
            settings = None
            key = None  # settings we cannot key on: probe without caching
    cache_key = None if key is None else (key, settings, tuple(_layout(a) for a in args))
    if cache_key is not None:
        known = _CACHE.get(cache_key)
        if known is not None:
            return known
    arrays = [i for i in candidates if type(args[i]) is np.ndarray]
    found = _probe(rule, args, params, arrays)
    if found and not _same(_call(rule, args, params, found, stand_in), result):
        found = _NONE  # the stand-ins took the rule down another path
    if cache_key is not None:
        if len(_CACHE) >= 4096:  # (many shapes: start over rather than grow without bound)
            _CACHE.clear()
        _CACHE[cache_key] = found
    return found


def _call(rule: Callable[..., Any], args: Sequence[Any], params: Optional[Dict[str, Any]],
          replaced: FrozenSet[int], make: Callable[[np.ndarray], Any]) -> Any:
    values = [make(a) if i in replaced else a for i, a in enumerate(args)]
    if params and "residual" in params:
        return rule(*values[:-1], **dict(params, residual=values[-1]))
    return rule(*values, **params) if params else rule(*values)


def _probe(rule: Callable[..., Any], args: Sequence[Any], params: Optional[Dict[str, Any]],
           positions: Sequence[int]) -> FrozenSet[int]:
    """Try all positions as probes at once (usual: they all pass or one fails), then one by
    one."""
    if not positions:
        return _NONE
    every = frozenset(positions)
    if _runs(rule, args, params, every):
        return every
    if len(positions) == 1:
        return _NONE
    return frozenset(i for i in positions if _runs(rule, args, params, frozenset((i,))))


def _runs(rule: Callable[..., Any], args: Sequence[Any], params: Optional[Dict[str, Any]],
          replaced: FrozenSet[int]) -> bool:
    try:
        _call(rule, args, params, replaced, ShapeOnly)
    except Exception:  # any failure: the rule reads a value there
        return False
    return True


def _same(a: Any, b: Any) -> bool:
    """The same result, bit for bit (NaNs where the other has them)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (np.ndarray, np.generic)):
        return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(
            a, b, equal_nan=a.dtype.kind in "fc")
    try:
        return bool(a == b)
    except Exception:
        return False

