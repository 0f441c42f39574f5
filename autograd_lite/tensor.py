"""Values: the immutable Tensor, the mutable Variable, and the dtype rules that make them.

Every operator on a Tensor delegates to the op of the same name in :mod:`autograd_lite.ops`,
so the tape sees ``a * b`` exactly as it sees ``ag.multiply(a, b)``.
"""
from __future__ import annotations

import itertools
import numbers
import sys
from typing import Any, Callable, Optional, Sequence

import numpy as np

from .arguments import check_dtype
from .registry import ADAPTERS as _ADAPTERS
from .registry import NUMPY as _NUMPY
from .registry import OPS as _OPS
from .registry import PLAIN as _PLAIN
from .registry import accepts as _accepts

next_id: Callable[[], int] = itertools.count(1).__next__
_new = object.__new__
_refcount = sys.getrefcount
_NUMERIC_KINDS = "biuf"
_FLOAT32 = np.dtype(np.float32)
_PYTHON_NUMBERS = frozenset((float, int, bool))
_SEQUENCES = frozenset((list, tuple))


def as_dtype(dtype: Any, where: str = "dtype") -> Optional[np.dtype]:
    """``None`` or a NumPy dtype from a string, a NumPy dtype or a Python type; a dtype a
    Tensor cannot hold (complex, str, object) is a ``TypeError`` naming ``where``."""
    return None if dtype is None else check_dtype(dtype, where)


def to_array(value: Any, dtype: Any = None, where: str = "constant",
             like: Sequence[Any] = ()) -> np.ndarray:
    """Convert ``value`` to a NumPy array with the dtype rules of ``ag.constant``.

    Python floats (and lists of them) become float32, Python ints int64, bools bool; NumPy arrays
    and Tensors keep their dtype; ``dtype`` overrides, converting straight from the Python values
    (no float32 step on the way). ``like`` holds the values ``value`` is used with (an op's other
    operands, a Variable's array): next to arrays, Python floats take the dtype NumPy gives a
    Python float next to them, so ``[0.1]`` next to float64 stays exactly 0.1. Anything that is
    not numeric raises a ``TypeError`` naming ``where``.

    >>> to_array(1.5).dtype
    dtype('float32')
    >>> to_array([0.1], like=[np.zeros(2)]).tolist() == [0.1]
    True
    """
    if dtype is not None:
        dtype = as_dtype(dtype, where)
    if isinstance(value, Tensor):
        array = value._value
    elif isinstance(value, np.ndarray):
        array = value
    elif isinstance(value, np.generic):
        array = np.asarray(value)
    elif isinstance(value, (float, numbers.Integral)):
        return _scalar_to_array(value, dtype, where, like)
    else:
        array = _sequence_to_array(value, dtype, where, like)
    if array.dtype.kind not in _NUMERIC_KINDS:
        if array.dtype.kind == "c":
            raise TypeError(f"{where}: complex values are not supported (got "
                            f"{_describe(value)}, dtype {array.dtype}); pass the real and "
                            f"imaginary parts as separate real Tensors")
        raise TypeError(f"{where}: cannot make a numeric array from {_describe(value)} "
                        f"(dtype {array.dtype})")
    if dtype is not None:
        array = array.astype(dtype, copy=False)
    return array


def _weak_float(like: Sequence[Any]) -> np.dtype:
    """The dtype of Python floats next to ``like``: NumPy's for a Python float next to the arrays
    there (float64 next to float64 or integers, float32 next to float32), else float32 (TF's).
    A bool mask (``where``'s condition) has no say."""
    dtypes = [x.dtype for x in like if isinstance(x, (Tensor, np.ndarray, np.generic)) and
              x.dtype.kind != "b"]
    return np.result_type(*dtypes, 0.0) if dtypes else _FLOAT32


def _scalar_to_array(value: Any, dtype: Any, where: str, like: Sequence[Any]) -> np.ndarray:
    if dtype is None:
        dtype = _weak_float(like) if isinstance(value, float) else \
            np.bool_ if isinstance(value, bool) else np.int64
    try:
        return np.asarray(value, dtype=dtype)
    except (OverflowError, ValueError):  # 2**70 as int64, nan or inf as an integer
        raise TypeError(f"{where}: {_describe(value)} cannot be represented as "
                        f"{np.dtype(dtype).name}; pass a dtype that can hold it") from None


def _sequence_to_array(value: Any, dtype: Any, where: str, like: Sequence[Any]) -> np.ndarray:
    if value is None or isinstance(value, (str, bytes, dict, set)):
        raise TypeError(f"{where}: cannot make a numeric array from {_describe(value)}")
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:  # ragged lists land here
        raise TypeError(f"{where}: cannot make a numeric array from {_describe(value)}: "
                        f"{error}") from None
    if dtype is None and array.dtype.kind in "fu" and isinstance(value, (list, tuple)):
        array = _python_number_dtype(array, value, where, like)
    return array


def _python_number_dtype(array: np.ndarray, value: Any, where: str,
                         like: Sequence[Any]) -> np.ndarray:
    """NumPy makes Python floats float64 and Python ints past int64 uint64: apply our rules,
    letting any NumPy scalar, array or Tensor inside the list keep its dtype."""
    if array.dtype == np.float64:
        weak = _weak_float(like)
        if weak == np.float64:  # nothing in the list can ask for more
            return array
        return array.astype(np.result_type(weak, *_numpy_leaf_dtypes(value)), copy=False)
    if array.dtype == np.uint64 and not _numpy_leaf_dtypes(value):
        raise TypeError(f"{where}: {_describe(value)} holds Python ints that cannot be "
                        f"represented as int64; pass a dtype that can hold them")
    return array


def _numpy_leaf_dtypes(value: Any) -> list:
    """The dtypes of the items of nested lists that are not Python numbers (NumPy scalars and
    arrays, Tensors), looking at one level of nesting at a time at C speed."""
    found, level = [], value
    while level:
        kinds = set(map(type, level))
        if kinds <= _PYTHON_NUMBERS:
            break
        if kinds <= _SEQUENCES:
            level = list(itertools.chain.from_iterable(level))
            continue
        nested = []
        for item in level:
            if isinstance(item, (list, tuple)):
                nested.append(item)
            elif type(item) not in _PYTHON_NUMBERS:
                dtype = getattr(item, "dtype", None)
                found.append(dtype if isinstance(dtype, np.dtype) else np.asarray(item).dtype)
        level = list(itertools.chain.from_iterable(nested))
    return found


def _describe(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:60] + '...' if len(text) > 60 else text}"


class _Tracing:
    """``TRACING.tracer`` is the tracer of ``ag.function`` while it traces (else None)."""

    tracer: Any = None


TRACING = _Tracing()


def wrap(array: np.ndarray) -> "Tensor":
    """Make a Tensor around ``array`` without copying (internal: ops use it for results)."""
    tensor = _new(Tensor)
    tensor._value = array
    tensor._id = next_id()
    tensor.name = None
    return tensor


def constant(value: Any, dtype: Any = None, name: Optional[str] = None) -> "Tensor":
    """An immutable Tensor holding ``value``.

    Python floats become float32, ints int64, bools bool; NumPy arrays keep their dtype and are
    copied; a Tensor passes through unless ``dtype`` asks for another.

    >>> ag.constant([1.0, 2.0])
    <ag.Tensor shape=(2,) dtype=float32 numpy=array([1., 2.], dtype=float32)>
    """
    if isinstance(value, Tensor) and not isinstance(value, Variable):
        if dtype is None or value.dtype == as_dtype(dtype, "constant"):
            return value
    array = to_array(value, dtype, "constant")
    if isinstance(value, np.ndarray) and array is value:
        array = array.copy()
    tensor = wrap(array)
    tensor.name = name
    return tensor


class Tensor:
    """An immutable n-d value. Make one with :func:`ag.constant` or get one from an op.

    >>> x = ag.constant([[1.0, 2.0]])
    >>> (x * 3).numpy()
    array([[3., 6.]], dtype=float32)
    """

    __slots__ = ("_value", "_id", "name", "__weakref__")
    _value: np.ndarray
    _id: int
    name: Optional[str]
    __array_priority__ = 1000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("Tensors are not constructed directly: use ag.constant(value) "
                        "or ag.Variable(value)")

    # --- what it holds -------------------------------------------------------------
    @property
    def id(self) -> int:
        """A number that names this value for as long as the process runs (what a tape keys
        it by). A Variable keeps its id through ``assign``; the reads a tape records of it
        carry the same id.

        >>> v = ag.Variable(1.0)
        >>> _ = v.assign(2.0)
        >>> v.read().id == v.id
        True
        """
        return self._id

    @property
    def shape(self) -> tuple:
        return self._value.shape

    @property
    def dtype(self) -> np.dtype:
        return self._value.dtype

    @property
    def ndim(self) -> int:
        return self._value.ndim

    @property
    def size(self) -> int:
        return self._value.size

    @property
    def T(self) -> "Tensor":
        return _OPS.transpose(self)

    def numpy(self) -> np.ndarray:
        """A copy of the value as a NumPy array (changing it never changes the Tensor)."""
        if TRACING.tracer is not None:
            TRACING.tracer.refuse(self, "t.numpy()")
        return self._value.copy()

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        if TRACING.tracer is not None:
            TRACING.tracer.refuse(self, "np.asarray(t)")
        array = self._value if dtype is None else self._value.astype(dtype)
        if copy:
            return array.copy()
        view = array.view()
        view.flags.writeable = False
        return view

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        # `np_array * tensor` and `np.exp(tensor)` come here: answer with our differentiable op.
        if method == "__call__" and not kwargs:
            op = _NUMPY.get(ufunc)
            if op is not None:
                return op(*inputs)
        return _plain_numpy(getattr(ufunc, method), ufunc, inputs, kwargs)

    def __array_function__(self, func: Callable, types: tuple, args: tuple,
                           kwargs: dict) -> Any:
        """NumPy functions given a Tensor (NEP 18). Those an op answers for (its ``numpy=``
        declaration: ``np.dot``, ``np.where``, ``np.clip``, ``np.concatenate``, ``np.sum``, ...)
        run it and return a Tensor on the tape; any other gets the values as arrays and returns
        NumPy's plain result, which leaves the tape: its gradient is ``None``, and under a
        recording tape ``ag.TapeLeakWarning`` says so.

        >>> type(np.dot(ag.ones((2, 3)), np.ones(3))).__name__
        'Tensor'
        """
        for kind in types:
            if not issubclass(kind, _ARRAY_TYPES):
                return NotImplemented  # another library's arrays: let it answer
        handler = _ADAPTERS.get(func)
        if handler is None:
            handler = _NUMPY.get(func)
            if handler is not None and kwargs and not _accepts(handler, kwargs):
                handler = None  # an option the op does not take: NumPy answers
        if handler is not None:
            result = handler(*args, **kwargs)
            if result is not _PLAIN:
                return result
        return _plain_numpy(func, func, args, kwargs)

    def __len__(self) -> int:
        if self._value.ndim == 0:
            raise TypeError("len() of a 0-d Tensor")
        return len(self._value)

    def __iter__(self):
        if self._value.ndim == 0:
            raise TypeError("iteration over a 0-d Tensor")
        return (self[i] for i in range(len(self._value)))

    def __float__(self) -> float:
        return float(self._one_element("float"))

    def __int__(self) -> int:
        return int(self._one_element("int"))

    def _one_element(self, what: str) -> Any:
        if TRACING.tracer is not None:
            TRACING.tracer.refuse(self, f"{what}(t)")
        if self._value.size != 1:
            raise TypeError(f"{what}() needs a Tensor of one element, got shape {self.shape}")
        return self._value.item()

    def __bool__(self) -> bool:
        if TRACING.tracer is not None:
            TRACING.tracer.refuse(self, "bool(t) (an `if` or `while` on a Tensor)")
        return bool(self._value)

    def __index__(self) -> int:
        if TRACING.tracer is not None:
            TRACING.tracer.refuse(self, "int(t) (as an index)")
        if self._value.dtype.kind not in "iub" or self._value.ndim != 0:
            raise TypeError("only 0-d integer Tensors can be used as an index")
        return int(self._value)

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return (f"<ag.Tensor shape={self.shape} dtype={self.dtype.name} "
                f"numpy={_numpy_repr(self._value)}>")

    def __str__(self) -> str:
        return f"ag.Tensor({np.array2string(self._value, threshold=50)}, shape={self.shape}, " \
               f"dtype={self.dtype.name})"

    def __reduce__(self) -> tuple:
        """Copies and pickles are new values: the same numbers under a new tape id (a copy
        that kept the id would be taken for the original by every tape)."""
        return _rebuilt_tensor, (self._value, self.name)

    def __setitem__(self, index: Any, value: Any) -> None:
        raise TypeError("Tensors are immutable: build a new one with ag.where(mask, new, old) or "
                        "ag.concat, or keep the value in an ag.Variable and use .assign")

    # --- operators: each is the op of the same name --------------------------------
    def __add__(self, other): return _OPS.add(self, other)
    def __radd__(self, other): return _OPS.add(other, self)
    def __sub__(self, other): return _OPS.subtract(self, other)
    def __rsub__(self, other): return _OPS.subtract(other, self)
    def __mul__(self, other): return _OPS.multiply(self, other)
    def __rmul__(self, other): return _OPS.multiply(other, self)
    def __truediv__(self, other): return _OPS.divide(self, other)
    def __rtruediv__(self, other): return _OPS.divide(other, self)
    def __pow__(self, other): return _OPS.power(self, other)
    def __rpow__(self, other): return _OPS.power(other, self)
    def __matmul__(self, other): return _OPS.matmul(self, other)
    def __rmatmul__(self, other): return _OPS.matmul(other, self)
    def __mod__(self, other): return _OPS.mod(self, other)
    def __rmod__(self, other): return _OPS.mod(other, self)
    def __floordiv__(self, other): return _OPS.floor_divide(self, other)
    def __rfloordiv__(self, other): return _OPS.floor_divide(other, self)
    def __neg__(self): return _OPS.negative(self)
    def __pos__(self): return self
    def __abs__(self): return _OPS.abs(self)
    def __getitem__(self, index): return _OPS.getitem(self, index)
    def __lt__(self, other): return _OPS.less(self, other)
    def __le__(self, other): return _OPS.less_equal(self, other)
    def __gt__(self, other): return _OPS.greater(self, other)
    def __ge__(self, other): return _OPS.greater_equal(self, other)

    # An operand that sets __array_ufunc__ = None (pytest.approx) compares itself, as with NumPy.
    def __eq__(self, other):
        if getattr(type(other), "__array_ufunc__", 0) is None:
            return NotImplemented
        return False if other is None or isinstance(other, str) else _OPS.equal(self, other)

    def __ne__(self, other):
        if getattr(type(other), "__array_ufunc__", 0) is None:
            return NotImplemented
        return True if other is None or isinstance(other, str) else _OPS.not_equal(self, other)

    # --- methods mirroring the module functions ---------------------------------------
    def reshape(self, *shape: Any) -> "Tensor":
        """``x.reshape(2, 3)`` or ``x.reshape((2, 3))``, as :func:`ag.reshape`."""
        return _OPS.reshape(self, shape[0] if len(shape) == 1 else shape)

    def transpose(self, *axes: Any) -> "Tensor":
        """``x.transpose()``, ``x.transpose(1, 0)`` or ``x.transpose((1, 0))``."""
        order: Any = axes
        if len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (tuple, list))):
            order = axes[0]
        return _OPS.transpose(self, order or None)

    # dtype and out are accepted so that np.sum(t), np.mean(t), ... work on Tensors.
    def sum(self, axis: Any = None, keepdims: bool = False, dtype: Any = None,
            out: Any = None) -> "Tensor":
        return _OPS.sum(_numpy_call(self, dtype, out, "sum"), axis, keepdims)

    def mean(self, axis: Any = None, keepdims: bool = False, dtype: Any = None,
             out: Any = None) -> "Tensor":
        return _OPS.mean(_numpy_call(self, dtype, out, "mean"), axis, keepdims)

    def max(self, axis: Any = None, keepdims: bool = False, out: Any = None,
            **kwargs: Any) -> "Tensor":
        return _OPS.max(_numpy_call(self, None, out, "max"), axis, keepdims)

    def min(self, axis: Any = None, keepdims: bool = False, out: Any = None,
            **kwargs: Any) -> "Tensor":
        return _OPS.min(_numpy_call(self, None, out, "min"), axis, keepdims)

    def astype(self, dtype: Any) -> "Tensor":
        return _OPS.cast(self, dtype)


def _as_arrays(value: Any) -> Any:
    """``value`` with every Tensor (also inside lists and tuples) read as a read-only array."""
    if isinstance(value, Tensor):
        return np.asarray(value)
    if type(value) in _SEQUENCES:
        return type(value)(_as_arrays(item) for item in value)
    return value


def _plain_numpy(call: Callable, func: Any, args: tuple, kwargs: dict) -> Any:
    """Run NumPy's ``call`` on the Tensors' values: a plain result, off the tape (and a
    TapeLeakWarning when a recording tape tracks one of the Tensors)."""
    result = call(*_as_arrays(args), **{k: _as_arrays(v) for k, v in kwargs.items()})
    from .leaks import check_leak
    check_leak(func, args, kwargs, result)
    return result


def _numpy_call(tensor: Tensor, dtype: Any, out: Any, name: str) -> Tensor:
    if out is not None:
        raise TypeError(f"{name}: Tensors are immutable, so out= is not supported")
    return tensor if dtype is None else _OPS.cast(tensor, dtype)


class _NdarrayMethod:
    """``t.ravel``, ``t.cumsum``, ...: an ndarray method name the class does not define, found
    by :func:`autograd_lite.methods.method` when first read (which puts the answer on the class
    in its place) or an AttributeError saying why there is none.

    These stand in for a ``Tensor.__getattr__``: a class with one makes every attribute read
    of its instances (``t._value`` on the hot path) take CPython's slow lookup, twice the cost.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, tensor: Any, cls: Optional[type] = None) -> Any:
        from .methods import method
        function = method(type(tensor) if tensor is not None else cls or Tensor, self.name)
        return function if tensor is None else function.__get__(tensor, cls)


for _name in sorted(n for n in dir(np.ndarray) if not n.startswith("_")):
    if not hasattr(Tensor, _name):
        setattr(Tensor, _name, _NdarrayMethod(_name))
del _name


class VariableRead(Tensor):
    """What an op saw when it read a Variable: the value at that moment, keyed as the Variable.

    The tape records reads rather than the Variable itself, so an ``assign`` between two reads
    leaves each record with the value it used, and both reads' gradients add up on the Variable.
    """

    __slots__ = ("variable",)
    variable: "Variable"


class Variable(Tensor):
    """A mutable value; trainable Variables are watched by a tape automatically.

    >>> w = ag.Variable([1.0, 2.0], name="w")
    >>> w.assign_sub([0.5, 0.5]).numpy()
    array([0.5, 1.5], dtype=float32)
    """

    __slots__ = ("_trainable", "_read", "path")
    _trainable: bool
    _read: Optional[VariableRead]  # made on the first read, then reused
    path: str

    def __init__(self, initial_value: Any, trainable: bool = True, name: Optional[str] = None,
                 dtype: Any = None) -> None:
        if callable(initial_value):
            initial_value = initial_value()
        array = to_array(initial_value, dtype, "Variable")
        self._value = np.array(array, copy=True)
        self._id = next_id()
        self.name = name or "Variable"
        self.path = self.name  # Keras 3: a layer's weight is "kernel" with path "dense/kernel"
        self._trainable = bool(trainable)
        self._read = None

    @property
    def trainable(self) -> bool:
        return self._trainable

    def read(self) -> VariableRead:
        """The current value as a Tensor keyed to this Variable (what the tape records)."""
        read = self._read
        if read is None:
            read = _new(VariableRead)
            read._value = self._value
            read._id = self._id
            read.name = self.path  # listings and pictures say "dense/kernel", not "kernel"
            read.variable = self
            self._read = read
        return read

    def value(self) -> Tensor:
        """The current value as an immutable Tensor (TF's ``Variable.value``): a recorded read,
        so gradients flow back to the Variable, and a later ``assign`` leaves it alone.

        >>> v = ag.Variable([1.0, 2.0])
        >>> t = v.value()
        >>> _ = v.assign([5.0, 6.0])
        >>> t.numpy()
        array([1., 2.], dtype=float32)
        """
        return _OPS.positive(self)

    read_value = value  # TF's other name for it

    def assign(self, value: Any) -> "Variable":
        """Replace the value (same shape); not differentiated through. Returns the Variable."""
        if TRACING.tracer is not None:
            TRACING.tracer.assign(self, "assign", value)
        array = to_array(value, where=f"Variable.assign ({self.name!r})", like=(self._value,))
        return self._set(array, "assign")

    def assign_add(self, delta: Any) -> "Variable":
        """``v += delta`` in place; not differentiated through."""
        if TRACING.tracer is not None:
            TRACING.tracer.assign(self, "assign_add", delta)
        return self._update(np.add, delta, "assign_add")

    def assign_sub(self, delta: Any) -> "Variable":
        """``v -= delta`` in place; not differentiated through."""
        if TRACING.tracer is not None:
            TRACING.tracer.assign(self, "assign_sub", delta)
        return self._update(np.subtract, delta, "assign_sub")

    def _update(self, ufunc: np.ufunc, delta: Any, method: str) -> "Variable":
        if isinstance(delta, Tensor):
            delta = delta._value
        else:
            delta = to_array(delta, where=f"Variable.{method} ({self.name!r})",
                             like=(self._value,))
        value = self._value
        if delta.shape != value.shape:
            self._check_shape(delta.shape, method, delta)
        # Nothing else holds the array (no recorded read, no view, no Tensor sharing it), so
        # writing in place is invisible: it saves a weight-sized allocation per optimizer step
        # (benchmarks/: memory of an MLP step). _sole_owner, inlined, with ``value`` held here.
        read = self._read
        if _refcount(value) <= (3 if read is None else 4) and (
                read is None or _refcount(read) <= 3):
            if delta.dtype is value.dtype or delta.dtype == value.dtype:
                ufunc(value, delta, value)
                return self
            if np.can_cast(delta.dtype, value.dtype, "same_kind"):
                ufunc(value, delta, out=value, casting="same_kind")
                return self
        return self._set(ufunc(value, delta), method, fresh=True)

    def _sole_owner(self) -> bool:
        """Is this Variable the only holder of its array? (CPython reference counts: the slot
        and getrefcount's argument, plus the read cached here when nothing else holds that
        read; it shares the array, so it stays valid through an in-place write.)"""
        if self._read is None:
            return _refcount(self._value) <= 2
        return _refcount(self._read) <= 2 and _refcount(self._value) <= 3

    def _check_shape(self, shape: tuple, method: str, value: np.ndarray) -> None:
        if shape != self.shape:
            raise ValueError(f"Variable.{method}: value of shape {value.shape} does not match "
                             f"the shape {self.shape} of Variable {self.name!r}")

    def _set(self, array: np.ndarray, method: str, fresh: bool = False) -> "Variable":
        """Store ``array``: a new array, never an in-place write, so that records of earlier
        reads keep their values. ``fresh`` arrays (just computed here) need no copy."""
        self._check_shape(array.shape, method, array)
        if not np.can_cast(array.dtype, self.dtype, "same_kind"):
            raise TypeError(f"Variable.{method}: cannot store a {array.dtype} value in "
                            f"Variable {self.name!r} of dtype {self.dtype}")
        if fresh and array.dtype == self.dtype:
            self._value = array if type(array) is np.ndarray else np.asarray(array)  # (0-d)
        else:
            self._value = np.array(array, dtype=self.dtype, copy=True)
        self._read = None
        return self

    __pos__ = value  # +v: a snapshot, not the Variable itself

    def __copy__(self) -> "Variable":
        return self  # as tf.Variable: a shallow copy is the Variable itself

    def __reduce__(self) -> tuple:
        """A deep copy or a pickle is a new Variable (new tape id) with an equal value."""
        return _rebuilt_variable, (self._value, self._trainable, self.name)

    def __repr__(self) -> str:
        return (f"<ag.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}, "
                f"trainable={self._trainable}, numpy={_numpy_repr(self._value)}>")

    __str__ = __repr__  # as tf.Variable: print(v) shows the name and the trainable flag


def _rebuilt_tensor(array: np.ndarray, name: Optional[str]) -> Tensor:
    tensor = wrap(array)
    tensor.name = name
    return tensor


def _rebuilt_variable(array: np.ndarray, trainable: bool, name: str) -> Variable:
    return Variable(array, trainable=trainable, name=name)


def _numpy_repr(array: np.ndarray) -> str:
    return np.array2string(array) if array.ndim == 0 else np.array_repr(array)


_ARRAY_TYPES = (Tensor, np.ndarray)
