"""The op registry: every op and composite by name, with every name it answers to.

An ``@op`` or ``@composite`` declaration (:mod:`autograd_lite.primitive`) is the only place an
op's names live; everything else reads them from here:

- ``ag.<name>`` (``public`` entries), and TF's spellings (``tf="math.log1p"`` is
  ``ag.math.log1p``; ``tf="nn.relu"`` is ``ag.nn.relu``; a name without a dot is ``ag.<name>``);
- ``np.f(tensor)`` for each NumPy function or ufunc in ``numpy=`` (:data:`NUMPY`), answered by
  ``Tensor.__array_ufunc__`` and ``Tensor.__array_function__``;
- ``anp.<name>`` (:mod:`autograd_lite.numpy`): the NumPy names of the ``numpy=`` callables,
  plus the ``anp=`` extras; ``autograd_lite.scipy`` names from ``scipy=``;
- :data:`OPS`, the Tensor operators' way to the ops (``a + b`` runs ``OPS.add``).

This module imports nothing from the package, so that ``tensor.py`` can use it at import time.

>>> REGISTRY["log"].numpy == (np.log,)
True
>>> tf_name("math.log") is REGISTRY["log"].function
True
"""
from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

Names = Union[str, Sequence[str]]
NumPyFunctions = Union[None, Callable, Sequence[Callable]]


@dataclass(frozen=True)
class Entry:
    """One row of the op registry: a public function and every name it answers to.

    ``primitive`` is the op's :class:`~autograd_lite.primitive.Primitive`, or ``None`` for a
    composite (a function written with other ops, whose gradient comes from theirs). ``numpy``
    holds the NumPy functions and ufuncs that run this op when given a Tensor; ``anp``, ``tf``
    and ``scipy`` are dotted names under ``autograd_lite.numpy``, ``autograd_lite`` (TensorFlow's
    spelling) and ``autograd_lite.scipy``; ``public`` puts it in ``ag.<name>``.
    """

    name: str
    function: Callable
    primitive: Any
    numpy: Tuple[Callable, ...] = ()
    anp: Tuple[str, ...] = ()
    tf: Tuple[str, ...] = ()
    scipy: Tuple[str, ...] = ()
    elementwise: bool = False
    public: bool = True
    module: str = ""


REGISTRY: Dict[str, Entry] = {}
"""Every registered op and composite by name, in declaration order."""

NUMPY: Dict[Any, Callable] = {}
"""NumPy function or ufunc -> the registered function that runs it on Tensors."""

ADAPTERS: Dict[Any, Callable] = {}
"""NumPy function -> a function taking NumPy's arguments for the op that answers it
(``np.sum(a, axis, dtype, out, keepdims)`` for ``sum``); see ``ops/numpy_functions.py``."""

PLAIN = type("Plain", (), {"__repr__": lambda self: "PLAIN"})()
"""What an adapter returns for arguments its op does not take: NumPy then runs on plain
arrays, and the result leaves the tape."""

OPS = types.SimpleNamespace()
"""Every registered function as an attribute (``OPS.add``): what Tensor operators call."""


def _names(names: Optional[Names]) -> Tuple[str, ...]:
    if names is None:
        return ()
    return (names,) if isinstance(names, str) else tuple(names)


def _numpy_functions(functions: NumPyFunctions) -> Tuple[Callable, ...]:
    if functions is None:
        return ()
    return tuple(functions) if isinstance(functions, (tuple, list)) else (functions,)


def register(function: Callable, primitive: Any, *, name: str,
             numpy: NumPyFunctions = None, anp: Optional[Names] = None,
             tf: Optional[Names] = None, scipy: Optional[Names] = None,
             elementwise: bool = False, public: bool = True) -> Entry:
    """Add ``function`` to :data:`REGISTRY` under ``name``. Two declarations of one name in the
    op table's modules are a mistake and raise (a module run again replaces its own); an op
    declared outside the table (user code, tests) is listed unless it has a table op's name.

    >>> register(len, None, name="length_example", public=False).name
    'length_example'
    >>> del REGISTRY["length_example"]
    """
    known = REGISTRY.get(name)
    module = function.__module__ or ""  # exec'd code has no module name
    if known is not None and _in_package(known.module) and known.module != module:
        if _in_package(module):
            raise ValueError(f"op registry: {name!r} is declared twice ({known.module} and "
                             f"{module})")
        return known
    entry = Entry(name, function, primitive, _numpy_functions(numpy), _names(anp), _names(tf),
                  _names(scipy), elementwise, public, function.__module__ or "")
    if _in_package(entry.module):
        _check_unclaimed(entry)
    REGISTRY[name] = entry
    setattr(OPS, name, function)
    for numpy_function in entry.numpy:
        NUMPY[numpy_function] = function
    _TF_CACHE.clear()
    return entry


_CLAIMED: Dict[Tuple[str, str], str] = {}


def _check_unclaimed(entry: Entry) -> None:
    """A TF, anp or scipy name belongs to one op of the table: a second claim is a mistake."""
    for kind in ("tf", "anp", "scipy", "numpy"):
        for dotted in getattr(entry, kind):
            owner = _CLAIMED.setdefault((kind, dotted), entry.name)
            other = REGISTRY.get(owner)
            if owner != entry.name and other is not None and _in_package(other.module):
                raise ValueError(f"op registry: {kind} name {_shown(dotted)} is declared by "
                                 f"{owner!r} ({other.module}) and {entry.name!r} "
                                 f"({entry.module})")
            _CLAIMED[(kind, dotted)] = entry.name


def _shown(name: Any) -> str:
    return repr(name) if isinstance(name, str) else f"np.{getattr(name, '__name__', name)}"


def _in_package(module: Optional[str]) -> bool:
    return module is not None and (module == "autograd_lite" or
                                   module.startswith("autograd_lite."))


_TF_CACHE: Dict[str, Callable] = {}


def tf_names() -> Dict[str, Callable]:
    """Every TF spelling (``"math.log1p"``, ``"reduce_sum"``, ``"nn.relu"``) -> its function.

    >>> tf_names()["reduce_sum"] is REGISTRY["sum"].function
    True
    """
    if not _TF_CACHE:
        for entry in REGISTRY.values():
            for dotted in entry.tf:
                _TF_CACHE[dotted] = entry.function
    return _TF_CACHE


def tf_name(dotted: str) -> Optional[Callable]:
    """The function TF's ``dotted`` name (under ``ag.``) stands for, or ``None``."""
    return tf_names().get(dotted)


def tf_namespace(prefix: str) -> Dict[str, Callable]:
    """The TF names under ``prefix`` (``"math"``, ``"nn"``, ``"linalg"``) without it.

    >>> tf_namespace("nn")["relu"] is REGISTRY["relu"].function
    True
    """
    start = prefix + "."
    return {dotted[len(start):]: function for dotted, function in tf_names().items()
            if dotted.startswith(start) and "." not in dotted[len(start):]}


def tf_module(prefix: str) -> Tuple[Callable[[str], Any], Callable[[], List[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``ag.<prefix>`` (``ag.math``, ``ag.linalg``):
    the ops that declare ``tf="<prefix>.<name>"``.

    >>> getattr_, dir_ = tf_module("math")
    >>> getattr_("log1p") is tf_name("math.log1p")
    True
    """
    def getattr_(name: str) -> Any:
        function = tf_namespace(prefix).get(name)
        if function is None:
            raise AttributeError(f"module 'autograd_lite.{prefix}' has no attribute {name!r} "
                                 f"(no op declares tf='{prefix}.{name}')")
        return function

    def dir_() -> List[str]:
        return sorted(tf_namespace(prefix))
    return getattr_, dir_


def public_names() -> Dict[str, Callable]:
    """``ag.<name>``: the public entries by name, and TF names without a dot.

    >>> public_names()["reduce_mean"] is REGISTRY["mean"].function
    True
    """
    names = {name: e.function for name, e in REGISTRY.items() if e.public}
    names.update((k, f) for k, f in tf_names().items() if "." not in k)
    return names


def entry_of(function: Callable) -> Optional[Entry]:
    """The registry entry whose function is ``function`` (``None`` if it has none)."""
    for entry in REGISTRY.values():
        if entry.function is function:
            return entry
    return None




_KEYWORDS: Dict[Any, Optional[frozenset]] = {}


def accepts(function: Callable, keywords: Dict[str, Any]) -> bool:
    """Does ``function`` take every keyword in ``keywords``? (NumPy passes its callers'
    options on: an op without ``dtype=`` leaves ``np.f(t, dtype=...)`` to NumPy.)

    >>> accepts(REGISTRY["sum"].function, {"axis": 0}), accepts(REGISTRY["sum"].function,
    ...                                                          {"out": None})
    (True, False)
    """
    names = _KEYWORDS.get(function, False)
    if names is False:
        primitive = getattr(function, "primitive", None)
        if primitive is not None:
            names = frozenset(primitive.param_names) | frozenset(primitive.input_names)
        else:
            import inspect
            try:
                parameters = inspect.signature(function).parameters.values()
            except (TypeError, ValueError):
                parameters = ()
            names = None if any(p.kind is p.VAR_KEYWORD for p in parameters) else frozenset(
                p.name for p in parameters if p.kind is not p.VAR_POSITIONAL)
        _KEYWORDS[function] = names
    return names is None or all(k in names for k in keywords)
