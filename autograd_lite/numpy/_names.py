"""How ``anp`` finds its functions: the NumPy names of the registry's ``numpy=`` callables
(``np.log1p`` is ``anp.log1p``, ``np.linalg.inv`` is ``anp.linalg.inv``), the ``anp=`` extras,
and NumPy itself for everything without an op (constants, dtypes, ``zeros``, ``arange``).

Each registered function is wrapped once (:func:`_numpy_style`) so that it takes what NumPy
takes: lists become arrays as NumPy makes them (``[1.0, 2.0]`` is float64), lists holding
Tensors are stacked, Python scalars with no array beside them follow NumPy's dtypes, and an
option the op does not take runs NumPy on plain arrays (which leaves the tape, with a warning).
"""
from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Dict, List, Optional, Set, Tuple

import numpy as np

from ..registry import ADAPTERS, PLAIN, REGISTRY, Entry
from ..tensor import Tensor, _plain_numpy

_SUBMODULES = {"": np, "linalg": np.linalg, "fft": np.fft}
# Parameters that hold a sequence of arrays, not one array: never stacked. (NumPy's ``values``,
# in ``np.append`` and ``np.insert``, is one array.)
_SEQUENCE_PARAMETERS = frozenset({"arrays", "tup", "xs", "operands"})

_INDEX: Dict[Tuple[str, str], Tuple[Entry, Any]] = {}
_INDEXED = {"size": -1}
_WRAPPED: Dict[Tuple[str, str], Callable] = {}


def _numpy_names() -> Dict[int, list]:
    """id of each NumPy function/ufunc -> [(submodule, name)] under which NumPy exports it."""
    names: Dict[int, list] = {}
    for sub, module in _SUBMODULES.items():
        for name in dir(module):
            if not name.startswith("_"):
                names.setdefault(id(getattr(module, name)), []).append((sub, name))
    return names


_NUMPY_NAMES = _numpy_names()


def index() -> Dict[Tuple[str, str], Tuple[Entry, Any]]:
    """(submodule, name) -> (registry entry, the NumPy callable it answers for, or None),
    rebuilt whenever the registry has grown."""
    if _INDEXED["size"] != len(REGISTRY):
        _INDEX.clear()
        _WRAPPED.clear()
        for entry in REGISTRY.values():
            if not entry.module.startswith("autograd_lite."):
                continue  # ops declared in user code stay out of anp
            for function in entry.numpy:
                for key in _NUMPY_NAMES.get(id(function), ()):
                    _INDEX.setdefault(key, (entry, function))
            for dotted in entry.anp:
                sub, _, name = dotted.rpartition(".")
                _INDEX[(sub, name)] = (entry, None)
        _INDEXED["size"] = len(REGISTRY)
    return _INDEX


def lookup(sub: str, name: str) -> Optional[Callable]:
    """``anp[.sub].name`` as a registered function taking NumPy's arguments, or ``None``."""
    found = index().get((sub, name))
    if found is None:
        return None
    wrapped = _WRAPPED.get((sub, name))
    if wrapped is None:
        wrapped = _WRAPPED[(sub, name)] = _numpy_style(found[0], found[1], sub, name)
    return wrapped


def names(sub: str) -> list:
    """The registered names under ``anp[.sub]``."""
    return sorted(name for (s, name) in index() if s == sub)


def submodule(sub: str, numpy_module: Any) -> Tuple[Callable[[str], Any], Callable[[], List[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``anp.<sub>``: the ops that answer
    ``np.<sub>``'s names, on the tape, and NumPy's own for the rest.

    >>> getattr_, dir_ = submodule("linalg", np.linalg)
    >>> getattr_("det")([[2.0, 0.0], [0.0, 3.0]]).numpy().item()
    6.0
    """
    where = f"autograd_lite.numpy.{sub}"

    def getattr_(name: str) -> Any:
        function = lookup(sub, name)
        if function is not None:
            return function
        try:
            return getattr(numpy_module, name)
        except AttributeError:
            raise AttributeError(f"module {where!r} has no attribute {name!r} (nor has "
                                 f"np.{sub})") from None

    def dir_() -> List[str]:
        return sorted(set(dir(numpy_module)) | set(names(sub)))
    return getattr_, dir_


def _numpy_style(entry: Entry, numpy_function: Any, sub: str, name: str) -> Callable:
    target = ADAPTERS.get(numpy_function, entry.function) if numpy_function is not None \
        else entry.function
    inputs = _input_positions(target)

    def function(*args: Any, **kwargs: Any) -> Any:
        args = _as_numpy_inputs(args, inputs)
        result = target(*args, **kwargs)
        if result is PLAIN:  # an option the op does not take: NumPy, off the tape
            return _plain_numpy(numpy_function, numpy_function, args, kwargs)
        return result

    functools.update_wrapper(function, target)
    function.__name__ = function.__qualname__ = name
    function.__module__ = "autograd_lite.numpy" + (f".{sub}" if sub else "")
    where = f"np.{sub + '.' if sub else ''}{name}"
    function.__doc__ = (f"``{where}`` on the tape: the ``{entry.name}`` op "
                        f"(``{entry.module}``).\n\n" + (inspect.getdoc(target) or ""))
    return function


def _input_positions(function: Callable) -> Tuple[Optional[int], frozenset]:
    """How many leading positional arguments are array inputs (``None``: all of them), and
    which of those positions hold sequences of arrays (``np.concatenate``'s ``arrays``)."""
    primitive = getattr(function, "primitive", None)
    if primitive is not None:
        return primitive.n_inputs, frozenset()
    count = 0
    sequences: Set[int] = set()  # positions holding sequences of arrays
    for parameter in inspect.signature(function).parameters.values():
        if parameter.kind is parameter.VAR_POSITIONAL:
            return None, frozenset(sequences)
        if parameter.default is not parameter.empty or parameter.kind not in (
                parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            break
        if parameter.name in _SEQUENCE_PARAMETERS:
            sequences.add(count)
        count += 1
    return count, frozenset(sequences)


def _as_numpy_inputs(args: tuple, inputs: Tuple[Optional[int], frozenset]) -> tuple:
    count, sequences = inputs
    count = len(args) if count is None else min(count, len(args))
    converted = list(args)
    has_array = False
    for i in range(count):
        value = args[i]
        if i in sequences:
            converted[i] = [_as_numpy_input(v) for v in value]
            has_array = True
        elif isinstance(value, (list, tuple)):
            converted[i] = array(value)
            has_array = True
        elif isinstance(value, (Tensor, np.ndarray)):
            has_array = True
    if not has_array:  # only scalars: NumPy's dtypes (a Python float is float64)
        converted[:count] = [np.asarray(v) if _is_scalar(v) else v for v in converted[:count]]
    return tuple(converted)


def _as_numpy_input(value: Any) -> Any:
    if isinstance(value, (list, tuple)) or _is_scalar(value):
        return array(value)
    return value


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (bool, int, float, np.generic))


def _holds_tensor(value: Any) -> bool:
    if isinstance(value, Tensor):
        return True
    if isinstance(value, (list, tuple)):
        return any(_holds_tensor(v) for v in value)
    return False


def array(object: Any, dtype: Any = None, copy: bool = True, **kwargs: Any) -> Any:
    """``np.array``: a list or tuple holding Tensors is stacked into a Tensor on the tape (so
    ``anp.array([t1, t2])`` has a gradient); a Tensor is returned as it is (or cast to
    ``dtype``); anything else is NumPy's own array, with NumPy's dtypes (``[1.0, 2.0]`` is
    float64), as in ``autograd.numpy``.

    >>> import autograd_lite.numpy as anp
    >>> t = ag.constant(2.0)
    >>> anp.array([t, 3 * t]).numpy()
    array([2., 6.], dtype=float32)
    >>> anp.array([1.0, 2.0]).dtype
    dtype('float64')
    """
    from ..ops.misc import cast
    from ..ops.shape import stack
    if isinstance(object, Tensor):
        return object if dtype is None else cast(object, dtype)
    if isinstance(object, (list, tuple)) and _holds_tensor(object):
        parts = [array(item) if isinstance(item, (list, tuple)) else item for item in object]
        has_tensor = [p for p in parts if isinstance(p, Tensor)]
        like = has_tensor[0].dtype
        parts = [p if isinstance(p, Tensor) else np.asarray(p, dtype=np.result_type(p, like))
                 for p in parts]
        stacked = stack(parts)
        return stacked if dtype is None else cast(stacked, dtype)
    return np.array(object, dtype=dtype, copy=copy, **kwargs)


def asarray(a: Any, dtype: Any = None, **kwargs: Any) -> Any:
    """``np.asarray``: as :func:`array`, without copying a NumPy array.

    >>> import autograd_lite.numpy as anp
    >>> t = ag.constant([1.0])
    >>> anp.asarray(t) is t
    True
    """
    if isinstance(a, Tensor) or (isinstance(a, (list, tuple)) and _holds_tensor(a)):
        return array(a, dtype=dtype)
    return np.asarray(a, dtype=dtype, **kwargs)
