"""The ndarray methods of Tensors (``t.ravel()``, ``t.prod()``, ``t.cumsum()``, ``t.std()``),
each the op that answers the NumPy function of the same name, found in the registry.

Each ndarray method name the Tensor class does not define holds a stand-in
(``tensor._NdarrayMethod``) that asks :func:`method` when first read; the answer is cached on
the class, so an op added to the registry becomes a method with no edit here. (A
``Tensor.__getattr__`` would do the same, but would make every attribute read of a Tensor,
``t._value`` on the hot path included, take CPython's slow lookup.)

>>> ag.constant([[1.0, 2.0], [3.0, 4.0]]).ravel().numpy()
array([1., 2., 3., 4.], dtype=float32)
>>> float(ag.constant([1.0, 2.0, 6.0]).std(ddof=1))
2.6457512...
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

_NDARRAY_METHODS = frozenset(name for name in dir(np.ndarray) if not name.startswith("_"))

# Methods that NumPy has only as methods, or under another function's name.
_SPELLED = {"flatten": "ravel", "conjugate": "conj"}

# Read-only methods whose results carry no gradient: answered by the value itself.
_PLAIN_VALUE = frozenset({"tolist", "item", "tobytes", "argsort", "nonzero", "searchsorted",
                          "all", "any"})

# Methods that change an ndarray in place: Tensors are immutable.
_IN_PLACE = frozenset({"sort", "fill", "put", "partition", "resize", "itemset", "setfield",
                       "setflags", "byteswap"})


def method(cls: type, name: str) -> Callable:
    """The function behind ``tensor.<name>``, cached on ``cls``; AttributeError if none."""
    function = _resolve(name)
    if function is None:
        raise AttributeError(_missing(cls, name))
    setattr(cls, name, function)
    return function


def _resolve(name: str) -> Any:
    if name not in _NDARRAY_METHODS or name in _IN_PLACE:  # t.sort() would sort in place
        return None
    if name in _PLAIN_VALUE and name not in _registry_names():
        return _value_method(name)
    from .numpy import registered
    function = registered(_SPELLED.get(name, name))
    if function is None:
        return None

    def bound(self: Any, *args: Any, **kwargs: Any) -> Any:
        return function(self, *args, **kwargs)
    bound.__name__ = bound.__qualname__ = name
    bound.__doc__ = f"``t.{name}(...)`` is ``anp.{_SPELLED.get(name, name)}(t, ...)``."
    return bound


def _registry_names() -> frozenset:
    from .numpy import registered_names
    return registered_names()


def _value_method(name: str) -> Callable:
    def plain(self: Any, *args: Any, **kwargs: Any) -> Any:
        return getattr(self._value, name)(*args, **kwargs)
    plain.__name__ = plain.__qualname__ = name
    plain.__doc__ = f"``t.{name}(...)``: NumPy's, on the value (no gradient flows through it)."
    return plain


def _missing(cls: type, name: str) -> str:
    kind = cls.__name__
    if name in _IN_PLACE:
        return (f"{kind!r} object has no attribute {name!r}: Tensors are immutable; use "
                f"anp.{name}(t) for a new Tensor where an op exists")
    if name in _NDARRAY_METHODS:
        return (f"{kind!r} object has no attribute {name!r}: no op answers np.{name} yet "
                f"(compute it with ag ops, or on t.numpy() off the tape)")
    return f"{kind!r} object has no attribute {name!r}"
