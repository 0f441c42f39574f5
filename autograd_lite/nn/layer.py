"""The Layer base class: variable and sub-layer tracking, building, weights.

A layer creates its variables on its first call, from the shape of the input
(``build``), and from then on checks that inputs have the dimensions it was
built for. Variables and layers assigned as attributes are tracked, and so
are those inside lists, tuples and dicts assigned as attributes (nested, and
including items appended later: containers are walked whenever variables are
collected; a tuple holding no list, dict, Variable or Layer, such as a shape,
is not walked), so ``trainable_variables``, ``get_weights``, ``summary`` and the
weight files see them.

Examples
--------
>>> import autograd_lite as ag
>>> class Scale(ag.nn.Layer):
...     def build(self, input_shape):
...         self.factor = self.add_weight("factor", (input_shape[-1],), "ones")
...     def call(self, x):
...         return x * self.factor
>>> layer = Scale(name="scale")
>>> layer(ag.constant([[1.0, 2.0]])).numpy()
array([[1., 2.]], dtype=float32)
>>> [(v.name, v.path) for v in layer.trainable_variables]
[('factor', 'scale/factor')]
"""
from __future__ import annotations

import contextlib
import functools
import inspect
import itertools
import threading
from collections import defaultdict
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

import numpy as np

import autograd_lite as ag
from . import initializers as initializers_module
from . import regularizers as regularizers_module
from .arrays import describe, numeric_array, to_tensor
from .symbolic import is_structure, is_symbolic, map_leaves, symbolic_call

__all__ = ["Layer", "unique_name", "snake_case", "reporting_batch", "reported_shape"]

_CONTAINERS = (list, tuple, dict)

_name_counts: Dict[str, itertools.count] = defaultdict(itertools.count)

# The training flag of the layer calls in progress, per thread, so a layer
# called inside another's ``call`` without ``training=`` inherits it.
_call_context = threading.local()
# Bumped whenever a layer gains a Variable or a sub-layer, is built or has ``trainable`` set:
# ``fit`` keeps its layer walks (the trained variables, the regularized ones) until it moves.
_structure = [0]
_STRUCTURAL = frozenset(("built", "_trainable"))


def snake_case(name: str) -> str:
    """``"BatchNormalization"`` -> ``"batch_normalization"``.

    Examples
    --------
    >>> from autograd_lite.nn.layer import snake_case
    >>> snake_case("BatchNormalization")
    'batch_normalization'
    """
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def unique_name(base: str) -> str:
    """Return ``base``, then ``base_1``, ``base_2`` ... on later calls (as Keras names layers).

    Examples
    --------
    >>> from autograd_lite.nn.layer import unique_name
    >>> unique_name("doc_example"), unique_name("doc_example")
    ('doc_example', 'doc_example_1')
    """
    index = next(_name_counts[base])
    return base if index == 0 else f"{base}_{index}"


def _is_tensor(value: Any) -> bool:
    return isinstance(value, (ag.Tensor, ag.Variable))


@contextlib.contextmanager
def reporting_batch(size: int) -> Iterator[None]:
    """Inside this context, input-shape errors quote a batch axis of ``size``.

    ``fit`` checks the model on one example; this makes its errors quote the
    shape of the whole data it was given rather than that of the probe.

    Examples
    --------
    >>> from autograd_lite.nn.layer import reporting_batch, reported_shape
    >>> with reporting_batch(5):
    ...     reported_shape((1, 4))
    (5, 4)
    >>> reported_shape((1, 4))
    (1, 4)
    """
    stack = _call_context.__dict__.setdefault("batch", [])
    stack.append(int(size))
    try:
        yield
    finally:
        stack.pop()


def reported_shape(shape: Sequence[int]) -> Tuple[int, ...]:
    """``shape`` as an error message should quote it (see :func:`reporting_batch`).

    Examples
    --------
    >>> from autograd_lite.nn.layer import reported_shape
    >>> reported_shape([2, 3])
    (2, 3)
    """
    shape = tuple(shape)
    stack = _call_context.__dict__.get("batch")
    return (stack[-1],) + shape[1:] if stack and shape else shape


def _container_items(name: str, value: Any) -> List[Tuple[str, Any]]:
    """The Variables and Layers inside a (nested) list, tuple or dict, in container order.

    Each comes with a dotted path (``"blocks.0"``, ``"heads.a"``); cycles are
    walked once.
    """
    found: List[Tuple[str, Any]] = []
    seen = set()
    stack = [(name, value)] if isinstance(value, _CONTAINERS) else []
    while stack:
        path, item = stack.pop()
        if isinstance(item, (ag.Variable, Layer)):
            found.append((path, item))
        elif isinstance(item, _CONTAINERS) and id(item) not in seen:
            seen.add(id(item))
            entries = list(item.items() if isinstance(item, dict) else enumerate(item))
            stack.extend((f"{path}.{key}", sub) for key, sub in reversed(entries))
    return found


def _may_hold_tracked(value: Any) -> bool:
    """Whether a container may hold Variables or Layers, now or once appended to.

    Lists and dicts always may; a tuple only if it holds a list, dict,
    Variable or Layer at some depth (so shape tuples are not walked).

    Examples
    --------
    >>> from autograd_lite.nn.layer import _may_hold_tracked
    >>> _may_hold_tracked((None, 3)), _may_hold_tracked(((2,), [])), _may_hold_tracked({})
    (False, True, True)
    """
    if isinstance(value, (list, dict)):
        return True
    stack = [value] if isinstance(value, tuple) else []
    while stack:
        item = stack.pop()
        if isinstance(item, (list, dict, ag.Variable, Layer)):
            return True
        if isinstance(item, tuple):
            stack.extend(item)
    return False


def _splice(explicit: List[Any], inserts: List[Tuple[int, List[Any]]]) -> List[Any]:
    """``explicit`` with each ``(position, items)`` of ``inserts`` placed before that index."""
    out: List[Any] = []
    pending = iter(inserts)
    nxt = next(pending, None)
    for index, item in enumerate(explicit):
        while nxt is not None and nxt[0] <= index:
            out.extend(nxt[1])
            nxt = next(pending, None)
        out.append(item)
    while nxt is not None:
        out.extend(nxt[1])
        nxt = next(pending, None)
    return out


def _first_of_each(items: List[Any], key: Callable[[Any], Any]) -> List[Any]:
    """``items`` without repeats: an item whose ``key`` object was seen before is dropped."""
    seen, out = set(), []
    for item in items:
        if id(key(item)) not in seen:
            seen.add(id(key(item)))
            out.append(item)
    return out


def _marking_built(build: Callable) -> Callable:
    """A subclass's ``build`` that also marks the layer built once it returns."""
    if getattr(build, "_marks_built", False):
        return build

    @functools.wraps(build)
    def build_and_mark(self, *args: Any, **kwargs: Any) -> Any:
        result = build(self, *args, **kwargs)
        self.built = True
        return result
    build_and_mark._marks_built = True
    return build_and_mark


class Layer:
    """Base class of layers and models.

    Subclasses implement ``build(input_shape)`` (create variables with
    :meth:`add_weight`, or assign ``ag.Variable`` attributes) and
    ``call(x)`` or ``call(x, training=False)``.

    Parameters
    ----------
    name : str, optional
        Defaults to the snake-cased class name, made unique.
    trainable : bool
        ``False`` moves every variable of the layer (and its sub-layers) to
        ``non_trainable_variables``.
    dtype : str
        The dtype of the variables and of floating inputs (inputs are cast).
    input_shape : tuple, optional
        The shape of one example (no batch axis): a :class:`Sequential` whose
        first layer declares it is built at once.
    input_dim : int, optional
        Shorthand for ``input_shape=(input_dim,)``.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> dense = ag.nn.Dense(2)
    >>> dense.built
    False
    >>> _ = dense(ag.ones((1, 3)))
    >>> [v.shape for v in dense.trainable_variables]
    [(3, 2), (2,)]
    """

    #: Whether ``__call__`` casts numeric inputs to the layer's dtype.
    autocast = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "build" in cls.__dict__:
            cls.build = _marking_built(cls.__dict__["build"])

    def __init__(self, name: Optional[str] = None, trainable: bool = True,
                 dtype: Any = "float32", input_shape: Optional[Sequence[int]] = None,
                 input_dim: Optional[int] = None):
        self._init_tracking()
        self.name = name or unique_name(snake_case(type(self).__name__))
        self._trainable = bool(trainable)
        self.dtype = np.dtype(dtype)
        self.built = False
        # (least rank, ((axis, size), ...)): all tuples, so not walked for variables
        self.input_spec: Optional[Tuple[int, Tuple[Tuple[int, int], ...]]] = None
        self.output_shape: Optional[Tuple[Optional[int], ...]] = None
        if input_dim is not None:
            input_shape = (int(input_dim),)
        self.declared_input_shape = tuple(input_shape) if input_shape is not None else None

    def _init_tracking(self) -> None:
        if "_own_variables" not in self.__dict__:
            object.__setattr__(self, "_own_variables", [])
            object.__setattr__(self, "_sublayers", [])
            object.__setattr__(self, "_regularized", [])
            object.__setattr__(self, "_added_losses", [])
            # attribute name -> (len(_own_variables), len(_sublayers)) when first assigned a
            # list, a dict or a tuple that may hold one (see _may_hold_tracked): its contents
            # are walked, in that place, whenever the variables or layers are collected, so
            # items appended later count too.
            object.__setattr__(self, "_containers", {})

    def __setattr__(self, name: str, value: Any) -> None:
        self._init_tracking()
        if isinstance(value, ag.Variable):
            self._track_variable(name, value)
        elif isinstance(value, Layer):
            self._track_layer(value)
        elif name not in self._containers and _may_hold_tracked(value):
            self._containers[name] = (len(self._own_variables), len(self._sublayers))
            _structure[0] += 1
        elif name in _STRUCTURAL:
            _structure[0] += 1
        object.__setattr__(self, name, value)

    def _track_variable(self, short_name: str, variable) -> None:
        _structure[0] += 1
        if any(v is variable for _, v in self._own_variables):
            return
        for index, (name, _) in enumerate(self._own_variables):
            if name == short_name:  # an attribute re-assigned: the new Variable replaces it
                self._own_variables[index] = (short_name, variable)
                return
        self._own_variables.append((short_name, variable))

    def _track_layer(self, layer: "Layer") -> None:
        if layer is self:
            raise ValueError(f"{self.name}: a layer cannot contain itself")
        _structure[0] += 1
        if not any(sub is layer for sub in self._sublayers):
            self._sublayers.append(layer)

    # ----- variables -------------------------------------------------------------------------

    def add_weight(self, name: Optional[str] = None, shape: Sequence[int] = (),
                   initializer: Any = "glorot_uniform", trainable: bool = True,
                   regularizer: Any = None, dtype: Any = None) -> "ag.Variable":
        """Create, track and return a Variable.

        Parameters
        ----------
        name : str, optional
            The Variable's name (``"kernel"``; ``"variable"`` when omitted); its ``path`` is
            ``"<layer name>/<name>"``, as in Keras 3. Keras 3's keyword form
            ``add_weight(shape=..., initializer=..., trainable=...)`` and its positional
            ``add_weight(shape, initializer)`` work too.
        shape : tuple of int
        initializer : str or callable
            A name from :mod:`autograd_lite.nn.initializers` or ``f(shape, dtype)``.
        trainable : bool
        regularizer : str or callable, optional
            Its penalty on this variable appears in :attr:`losses`.
        dtype : optional
            Defaults to the layer's dtype.

        Returns
        -------
        Variable

        Examples
        --------
        >>> import autograd_lite as ag
        >>> layer = ag.nn.Layer()
        >>> w = layer.add_weight("w", (2,), "ones")
        >>> layer.variables[0] is w
        True
        """
        if name is not None and not isinstance(name, str):  # Keras 3's order: (shape, init)
            name, shape, initializer = None, name, shape if shape != () else initializer
        if name is None:  # Keras 3 calls an unnamed weight "variable"; ours stay distinct
            taken = {short for short, _ in self._own_variables}
            name = next(n for n in (f"variable_{i}" if i else "variable" for i in range(
                len(taken) + 1)) if n not in taken)
        dtype = np.dtype(dtype or self.dtype)
        init = initializers_module.get(initializer or "glorot_uniform")
        value = np.asarray(init(tuple(shape), dtype), dtype=dtype)
        variable = ag.Variable(value, trainable=trainable, name=name)
        variable.path = f"{self.name}/{name}"
        self._track_variable(name, variable)
        penalty = regularizers_module.get(regularizer)
        if penalty is not None:
            self._regularized.append((penalty, variable))
        return variable

    @property
    def trainable(self) -> bool:
        """Whether the layer's variables are trained (settable; applies to sub-layers)."""
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        for layer, _ in self._walk():
            layer._trainable = bool(value)

    @property
    def layers(self) -> List["Layer"]:
        """The directly tracked sub-layers: attributes, and those inside lists, tuples, dicts.

        In the order they were assigned (a container's layers in container order).
        """
        return self._tracked_layers()

    def _tracked_layers(self) -> List["Layer"]:
        """Sub-layers held directly or in containers, in assignment order, each once."""
        inserts = [(at, [item for _, item in items if item is not self])
                   for at, items in self._container_inserts(Layer, 1)]
        return _first_of_each(_splice(list(self._sublayers), inserts), lambda layer: layer)

    def _tracked_variables(self) -> List[Tuple[str, "ag.Variable"]]:
        """``(short name, Variable)`` of this layer's own variables, in assignment order."""
        inserts = self._container_inserts(ag.Variable, 0)
        return _first_of_each(_splice(list(self._own_variables), inserts), lambda pair: pair[1])

    def _container_inserts(self, kind: type, slot: int) -> List[Tuple[int, List[Tuple[str, Any]]]]:
        """For each container attribute: its place among the explicit entries, and its items
        of ``kind`` with their paths (slot 0: place among variables, 1: among layers)."""
        return [(places[slot], [(path, item) for path, item in
                                _container_items(name, self.__dict__.get(name))
                                if isinstance(item, kind)])
                for name, places in self._containers.items()]

    def _walk(self) -> Iterator[Tuple["Layer", bool]]:
        """Each layer once, depth first, with whether its variables are trained.

        A layer's variables are trained only if it and every layer above it
        are trainable (a frozen model freezes everything inside it).
        """
        seen, stack = set(), [(self, True)]
        while stack:
            layer, parent_on = stack.pop()
            if id(layer) in seen:
                continue
            seen.add(id(layer))
            on = parent_on and layer._trainable
            yield layer, on
            stack.extend((sub, on) for sub in reversed(layer._tracked_layers()))

    def _named_variables(self) -> List[Tuple[str, "ag.Variable"]]:
        tracked = self._tracked_variables()
        return ([(n, v) for n, v in tracked if v.trainable]
                + [(n, v) for n, v in tracked if not v.trainable])

    def _variable_table(self) -> List[Tuple["ag.Variable", bool]]:
        out, seen = [], set()
        for layer, on in self._walk():
            for _, variable in layer._named_variables():
                if id(variable) not in seen:
                    seen.add(id(variable))
                    out.append((variable, on and bool(variable.trainable)))
        return out

    @property
    def variables(self) -> List["ag.Variable"]:
        """Every variable: each layer's trainable-created ones, then its others, layer by layer."""
        return [v for v, _ in self._variable_table()]

    weights = variables

    @property
    def trainable_variables(self) -> List["ag.Variable"]:
        """The variables an optimizer should update."""
        return [v for v, trained in self._variable_table() if trained]

    trainable_weights = trainable_variables

    @property
    def non_trainable_variables(self) -> List["ag.Variable"]:
        """The variables that are not trained (frozen layers, moving statistics)."""
        return [v for v, trained in self._variable_table() if not trained]

    non_trainable_weights = non_trainable_variables

    @property
    def losses(self) -> List["ag.Tensor"]:
        """The regularization penalties of the trained variables, computed now, then the
        values given to :meth:`add_loss` during the last call.

        Read inside a ``GradientTape`` so their gradients are recorded;
        ``fit`` adds their sum to the loss.
        """
        penalties = [penalty(variable) for penalty, variable in self._regularized_pairs()]
        return penalties + [loss for layer, _ in self._walk() for loss in layer._added_losses]

    def _regularized_pairs(self) -> List[Tuple[Callable, "ag.Variable"]]:
        trained = {id(v) for v in self.trainable_variables}
        return [(penalty, variable) for layer, _ in self._walk()
                for penalty, variable in layer._regularized if id(variable) in trained]

    def add_loss(self, loss: Any) -> None:
        """Add a value to :attr:`losses` (as Keras's ``add_loss``): called in ``call``, it
        holds until the next call of the outermost layer; ``fit`` adds it to the loss.

        Examples
        --------
        >>> import autograd_lite as ag
        >>> class ActivityRegularization(ag.nn.Layer):
        ...     def call(self, x):
        ...         self.add_loss(0.01 * ag.sum(x))
        ...         return x
        >>> layer = ActivityRegularization()
        >>> _ = layer(ag.constant([[1.0, 2.0]]))
        >>> [round(float(loss), 4) for loss in layer.losses]
        [0.03]
        """
        if not isinstance(loss, (ag.Tensor, ag.Variable)):
            loss = ag.constant(numeric_array(loss, f"{self.name}.add_loss", "the loss"))
        self._added_losses.append(loss)
        _call_context.added = True

    def _clear_added_losses(self) -> None:
        for layer, _ in self._walk():
            layer._added_losses.clear()

    def _training_walks(self) -> Tuple[List["ag.Variable"], List[Tuple[Callable, "ag.Variable"]],
                                       List["Layer"]]:
        """``(trainable_variables, regularized pairs, layers)``, kept while the structure stays
        put (``layers``: every layer, for their :meth:`add_loss` values).

        ``fit`` reads them every step; a Variable or layer added, a layer built or
        ``trainable`` set anywhere walks again. (Items appended to a list attribute are
        seen by the next such change or the next ``fit``, which starts a fresh walk.)
        """
        cached = self.__dict__.get("_walks_cache")
        if cached is None or cached[0] != _structure[0]:
            cached = (_structure[0], self.trainable_variables, self._regularized_pairs(),
                      [layer for layer, _ in self._walk()])
            object.__setattr__(self, "_walks_cache", cached)
        return cached[1], cached[2], cached[3]

    def count_params(self) -> int:
        """Number of scalars in the floating-point variables.

        Examples
        --------
        >>> import autograd_lite as ag
        >>> layer = ag.nn.Dense(4)
        >>> _ = layer(ag.ones((1, 3)))
        >>> layer.count_params()
        16
        """
        return int(sum(v.size for v in self.variables if np.issubdtype(v.dtype, np.floating)))

    # ----- calling -----------------------------------------------------------------------------

    def build(self, input_shape: Tuple[Optional[int], ...]) -> None:
        """Create the variables for inputs of ``input_shape`` (batch axis first).

        The base class creates none; subclasses override it. Calling it marks the layer
        built (as Keras), so weights set after an explicit ``build`` survive the first call.

        Examples
        --------
        >>> import autograd_lite as ag
        >>> dense = ag.nn.Dense(1)
        >>> dense.build((None, 2))
        >>> dense.set_weights([[[2.0], [3.0]], [0.0]])
        >>> float(dense(ag.ones((1, 2)))[0, 0])
        5.0
        """
        self.built = True

    def _build_on_first_call(self, input_shape: Tuple[int, ...]) -> None:
        """What the first call does before ``call``: :meth:`build` (a Model may skip it)."""
        self.build(input_shape)

    def call(self, inputs, training: bool = False):
        """The forward computation; subclasses override it."""
        return inputs

    def __call__(self, inputs, training: Optional[bool] = None):
        """Build on first use, check the input, then run :meth:`call`.

        Parameters
        ----------
        inputs : Tensor or array_like
        training : bool, optional
            Passed to ``call`` when it accepts it (Dropout, BatchNormalization).
            When omitted, a layer called inside another layer's ``call``
            inherits the outer call's mode (as in Keras); at the top it is False.

        Returns
        -------
        Tensor
        """
        if is_symbolic(inputs):  # the functional API: Dense(64)(ag.nn.Input((784,)))
            return symbolic_call(self, inputs, lambda values: self(values, training=False))
        several = is_structure(inputs)  # a layer of several inputs: a list or dict of batches
        x = map_leaves(self._prepare_input, inputs) if several else self._prepare_input(inputs)
        shape = map_leaves(lambda t: tuple(t.shape), x) if several else tuple(x.shape)
        if not self.built:
            self._build_on_first_call(shape)
            self.built = True
        if not several:
            self._check_input(shape)
        modes = _call_context.__dict__.setdefault("training", [])
        if not modes and _call_context.__dict__.get("added"):  # a new outermost call
            self._clear_added_losses()
        if training is None:
            training = modes[-1] if modes else False
        modes.append(bool(training))
        try:
            out = self.call(x, training=training) if self._call_takes_training() else self.call(x)
        finally:
            modes.pop()
        if _is_tensor(out) and out.ndim:
            self.output_shape = (None,) + tuple(out.shape[1:])
        return out

    def _call_takes_training(self) -> bool:
        cached = type(self).__dict__.get("_takes_training_cache")
        if cached is None:
            cached = "training" in inspect.signature(self.call).parameters
            setattr(type(self), "_takes_training_cache", cached)
        return cached

    def _prepare_input(self, inputs) -> "ag.Tensor":
        x = to_tensor(inputs, f"{type(self).__name__} '{self.name}'", "the input")
        numeric = np.issubdtype(x.dtype, np.number) or x.dtype == np.bool_
        if self.autocast and numeric and x.dtype != self.dtype:
            x = ag.cast(x, self.dtype)
        return x

    def _check_input(self, shape: Tuple[int, ...]) -> None:
        if self.input_spec is None:
            return
        ndim, axes = self.input_spec
        if len(shape) < ndim:
            raise ValueError(f"{type(self).__name__} '{self.name}': expected an input with at "
                             f"least {ndim} dimensions, received shape {reported_shape(shape)}")
        for axis, expected in axes:
            if shape[axis] != expected:
                raise ValueError(
                    f"{type(self).__name__} '{self.name}' was built for inputs whose "
                    f"dimension {axis} is {expected}, but received an input of shape "
                    f"{reported_shape(shape)} (dimension {axis} is {shape[axis]})")

    # ----- weights -----------------------------------------------------------------------------

    def get_weights(self) -> List[np.ndarray]:
        """Copies of every variable's value, in :attr:`variables` order.

        Examples
        --------
        >>> import autograd_lite as ag
        >>> layer = ag.nn.Dense(1, kernel_initializer="ones")
        >>> _ = layer(ag.ones((1, 2)))
        >>> layer.get_weights()
        [array([[1.],
               [1.]], dtype=float32), array([0.], dtype=float32)]
        """
        return [np.array(v.numpy(), copy=True) for v in self.variables]

    def set_weights(self, weights: Sequence[Any]) -> None:
        """Assign every variable from a list like :meth:`get_weights` returns.

        The count and every shape are checked before any variable changes.

        Raises
        ------
        TypeError
            Naming the layer and the weight, when ``weights`` is not a list or
            one of its entries is not numeric (a string, ``None``, a ragged list).
        ValueError
            Naming the layer and what did not match (the count or a shape).

        Examples
        --------
        >>> import autograd_lite as ag
        >>> layer = ag.nn.Dense(1)
        >>> _ = layer(ag.ones((1, 2)))
        >>> layer.set_weights([[[2.0], [3.0]], [1.0]])
        >>> float(layer(ag.ones((1, 2)))[0, 0])
        6.0
        """
        variables = self.variables
        weights = self._weight_list(weights)
        if len(weights) != len(variables):
            raise ValueError(f"{self.name}.set_weights: expected {len(variables)} arrays "
                             f"(one per variable), received {len(weights)}")
        arrays = [self._weight_array(index, variable, value)
                  for index, (variable, value) in enumerate(zip(variables, weights))]
        for variable, array in zip(variables, arrays):
            variable.assign(array)

    def _weight_list(self, weights: Any) -> List[Any]:
        if weights is None or isinstance(weights, (str, bytes, dict, set)):
            raise TypeError(f"{self.name}.set_weights: expected a list of arrays (one per "
                            f"variable), received {describe(weights)}")
        try:
            return list(weights)
        except TypeError:
            raise TypeError(f"{self.name}.set_weights: expected a list of arrays (one per "
                            f"variable), received {describe(weights)}") from None

    def _weight_array(self, index: int, variable: "ag.Variable", value: Any) -> np.ndarray:
        array = numeric_array(value, f"{self.name}.set_weights",
                              f"weight {index} (for variable {variable.path!r})")
        if array.shape != tuple(variable.shape):
            raise ValueError(f"{self.name}.set_weights: variable {variable.path!r} has shape "
                             f"{tuple(variable.shape)}, received an array of shape "
                             f"{array.shape}")
        return array.astype(variable.dtype)

    def save_weights(self, path) -> None:
        """Write every variable to an ``.npz`` file, atomically.

        See :func:`autograd_lite.nn.weights_io.save_weights`.
        """
        from .weights_io import save_weights
        save_weights(self, path)

    def load_weights(self, path) -> None:
        """Read variables written by :meth:`save_weights`, checking names and shapes first.

        See :func:`autograd_lite.nn.weights_io.load_weights`.
        """
        from .weights_io import load_weights
        load_weights(self, path)

    def get_config(self) -> dict:
        """The arguments that rebuild this layer (Keras's ``get_config``): ``name``,
        ``trainable``, ``dtype`` and each ``__init__`` argument read back from the attribute
        of the same name. Override it when an argument is stored under another name.

        Examples
        --------
        >>> import autograd_lite as ag
        >>> config = ag.nn.Dense(3, activation="relu", name="d").get_config()
        >>> config["units"], config["activation"], config["name"]
        (3, 'relu', 'd')
        """
        from .saving import default_layer_config
        return default_layer_config(self)

    @classmethod
    def from_config(cls, config: dict) -> "Layer":
        """A new layer from :meth:`get_config`'s dict: ``cls(**config)``."""
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name!r} built={self.built}>"
