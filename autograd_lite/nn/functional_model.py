"""Keras's functional models: ``ag.nn.Model(inputs=..., outputs=...)`` over a graph of layers.

``Model(inputs, outputs)`` with KerasTensors returns a :class:`Functional` model. It walks
back from the outputs to the inputs once, keeps the layer calls in execution order, and on
data replays them: a layer called twice in the graph is one layer with one set of weights.
Inputs and outputs may be one KerasTensor, a list, or a dict (inputs given to the model then
by position, or by key).

Examples
--------
>>> import autograd_lite as ag
>>> inputs = ag.nn.Input(shape=(4,), name="features")
>>> x = ag.nn.Dense(8, activation="relu")(inputs)
>>> outputs = ag.nn.Dense(3, activation="softmax")(x)
>>> model = ag.nn.Model(inputs=inputs, outputs=outputs)
>>> model(ag.ones((2, 4))).shape
(2, 3)
>>> [layer.name.split("_")[0] for layer in model.layers]
['features', 'dense', 'dense']
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

import numpy as np

import autograd_lite as ag
from .arrays import to_tensor
from .layer import Layer, _call_context
from .layers import InputLayer
from .model import Model
from .symbolic import KerasTensor, Node, flatten, is_symbolic, pack_like, symbolic_call

__all__ = ["Functional", "Concatenate", "Add", "concatenate", "add"]


def _graph(inputs: List[KerasTensor], outputs: List[KerasTensor], where: str) -> List[Node]:
    """The nodes between ``inputs`` and ``outputs`` in an order that runs each after the
    nodes it reads from (a depth-first walk with an explicit stack: no recursion)."""
    input_ids = {id(t) for t in inputs}
    order: List[Node] = []
    done: set = set()
    stack: List[tuple] = [(t, False) for t in reversed(outputs)]
    while stack:
        tensor, expanded = stack.pop()
        if id(tensor) in input_ids:
            continue
        node = tensor.node
        if node is None or node.inputs is None:
            name = tensor.name or (node.layer.name if node is not None else "?")
            raise ValueError(f"{where}: the outputs depend on the Input {name!r}, which is not "
                             f"among the model's inputs; pass it in inputs=")
        if id(node) in done:
            continue
        if expanded:
            done.add(id(node))
            order.append(node)
            continue
        stack.append((tensor, True))
        stack.extend((t, False) for t in reversed(flatten(node.inputs)) if id(t) not in done)
    return order


class Functional(Model):
    """A model defined by its symbolic inputs and outputs (``ag.nn.Model(inputs, outputs)``).

    Parameters
    ----------
    inputs : KerasTensor, list or dict of them
        Tensors made by :func:`ag.nn.Input`.
    outputs : KerasTensor, list or dict of them
        Tensors made by calling layers on the inputs.
    name : str, optional
    trainable : bool

    Examples
    --------
    >>> import autograd_lite as ag
    >>> a, b = ag.nn.Input(shape=(2,), name="a"), ag.nn.Input(shape=(3,), name="b")
    >>> merged = ag.nn.Concatenate()([a, b])
    >>> model = ag.nn.Model(inputs=[a, b], outputs=ag.nn.Dense(1)(merged))
    >>> model([ag.ones((4, 2)), ag.ones((4, 3))]).shape
    (4, 1)
    >>> model({"a": ag.ones((1, 2)), "b": ag.ones((1, 3))}).shape
    (1, 1)
    """

    def __init__(self, inputs: Any, outputs: Any, name: Optional[str] = None,
                 trainable: bool = True, **kwargs: Any) -> None:
        super().__init__(name=name, trainable=trainable, **kwargs)
        where = f"Model '{self.name}'"
        flat_inputs, flat_outputs = flatten(inputs), flatten(outputs)
        for what, tensors in (("inputs", flat_inputs), ("outputs", flat_outputs)):
            for t in tensors:
                if type(t) is not KerasTensor:
                    raise TypeError(f"{where}: {what} must be KerasTensors (from ag.nn.Input "
                                    f"and layers called on them), received {type(t).__name__}")
        for t in flat_inputs:
            if t.node is None or not isinstance(t.node.layer, InputLayer):
                raise ValueError(f"{where}: each of inputs must come from ag.nn.Input, "
                                 f"received {t!r}")
        object.__setattr__(self, "_input_structure", inputs)
        object.__setattr__(self, "_output_structure", outputs)
        object.__setattr__(self, "_flat_inputs", flat_inputs)
        object.__setattr__(self, "_flat_outputs", flat_outputs)
        object.__setattr__(self, "_nodes", _graph(flat_inputs, flat_outputs, where))
        for t in flat_inputs:
            self._track_layer(t.node.layer)
        for node in self._nodes:
            self._track_layer(node.layer)
        self.built = True
        self.output_shape = flat_outputs[0].shape if len(flat_outputs) == 1 else tuple(
            t.shape for t in flat_outputs)

    @property
    def inputs(self) -> List[KerasTensor]:
        """The model's symbolic inputs, as a list."""
        return list(self._flat_inputs)

    @property
    def outputs(self) -> List[KerasTensor]:
        """The model's symbolic outputs, as a list."""
        return list(self._flat_outputs)

    @property
    def input_names(self) -> List[str]:
        return [t.node.layer.name for t in self._flat_inputs]

    @property
    def output_names(self) -> List[str]:
        """Each output's name: the name of the layer that produced it (Keras's rule)."""
        return [t.node.layer.name for t in self._flat_outputs]

    def __call__(self, inputs: Any, training: Optional[bool] = None) -> Any:
        if is_symbolic(inputs):  # a model used as a layer of another functional model
            return symbolic_call(self, inputs, lambda values: self(values, training=False))
        values = self._input_values(inputs)
        modes = _call_context.__dict__.setdefault("training", [])
        if not modes and _call_context.__dict__.get("added"):
            self._clear_added_losses()
        if training is None:
            training = modes[-1] if modes else False
        modes.append(bool(training))
        try:
            return self._run(values, bool(training))
        finally:
            modes.pop()

    def call(self, inputs: Any, training: bool = False) -> Any:
        return self._run(self._input_values(inputs), training)

    def _run(self, values: Dict[int, Any], training: bool) -> Any:
        for node in self._nodes:
            args = pack_like(node.inputs, iter([values[id(t)] for t in flatten(node.inputs)]))
            out = node.layer(args, training=training)
            for symbolic, value in zip(node.outputs, flatten(out)):
                values[id(symbolic)] = value
        return pack_like(self._output_structure,
                         iter([values[id(t)] for t in self._flat_outputs]))

    def _input_values(self, inputs: Any) -> Dict[int, Any]:
        """The data for each Input, keyed by the id of its KerasTensor, converted and checked."""
        where = f"Model '{self.name}'"
        flat = self._flat_inputs
        if isinstance(inputs, dict):
            names = {t.node.layer.name: t for t in flat}
            if isinstance(self._input_structure, dict):
                names.update(self._input_structure)
            missing = [n for n in (self._input_structure if isinstance(
                self._input_structure, dict) else names) if n not in inputs]
            if missing:
                raise ValueError(f"{where}: the inputs dict lacks {missing}; it has "
                                 f"{sorted(inputs)}")
            given = [(names[key] if key in names else None, value)
                     for key, value in inputs.items()]
            given = [(t, v) for t, v in given if t is not None]
        else:
            data = list(inputs) if isinstance(inputs, (list, tuple)) and len(flat) > 1 else [
                inputs]
            if len(flat) == 1 and isinstance(inputs, (list, tuple)) and len(inputs) == 1 and \
                    isinstance(inputs[0], (np.ndarray, ag.Tensor)):
                data = [inputs[0]]  # [x] for the one input, as Keras accepts
            if len(data) != len(flat):
                raise ValueError(f"{where}: expected {len(flat)} inputs "
                                 f"{[t.node.layer.name for t in flat]}, received {len(data)}")
            given = list(zip(flat, data))
        values: Dict[int, Any] = {}
        for tensor, value in given:
            x = to_tensor(value, where, f"input {tensor.node.layer.name!r}")
            if x.dtype != tensor.dtype and x.dtype.kind in "biuf":
                x = ag.cast(x, tensor.dtype)
            expected = tensor.shape
            if x.ndim != len(expected) or any(
                    e is not None and e != d for e, d in zip(expected, x.shape)):
                raise ValueError(f"{where}: input {tensor.node.layer.name!r} expects shape "
                                 f"{expected}, received data of shape {tuple(x.shape)}")
            values[id(tensor)] = x
        return values

    def get_config(self) -> dict:
        """The graph as JSON-ready data: each layer's class and config, and each call's
        inputs as ``[layer name, call index, output index]``. See :mod:`.saving`."""
        from .saving import functional_config
        return functional_config(self)


class _Merge(Layer):
    """A layer of several inputs (a list of batches)."""

    def _checked(self, inputs: Any) -> List[Any]:
        if not isinstance(inputs, (list, tuple)) or len(inputs) < 2:
            raise ValueError(f"{type(self).__name__} '{self.name}': expected a list of at "
                             f"least 2 inputs, received {type(inputs).__name__}")
        return list(inputs)


class Concatenate(_Merge):
    """Join a list of inputs along ``axis`` (Keras's ``layers.Concatenate``).

    Examples
    --------
    >>> import autograd_lite as ag
    >>> ag.nn.Concatenate()([ag.ones((1, 2)), ag.zeros((1, 1))]).numpy()
    array([[1., 1., 0.]], dtype=float32)
    """

    def __init__(self, axis: int = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs: List[Any]) -> Any:
        return ag.concat(self._checked(inputs), axis=self.axis)


class Add(_Merge):
    """The elementwise sum of a list of inputs (Keras's ``layers.Add``).

    Examples
    --------
    >>> import autograd_lite as ag
    >>> ag.nn.Add()([ag.ones((1, 2)), ag.ones((1, 2))]).numpy()
    array([[2., 2.]], dtype=float32)
    """

    def call(self, inputs: List[Any]) -> Any:
        inputs = self._checked(inputs)
        total = inputs[0]
        for value in inputs[1:]:
            total = total + value
        return total


def concatenate(inputs: List[Any], axis: int = -1, **kwargs: Any) -> Any:
    """``Concatenate(axis)(inputs)`` in one call, as ``keras.layers.concatenate``."""
    return Concatenate(axis=axis, **kwargs)(inputs)


def add(inputs: List[Any], **kwargs: Any) -> Any:
    """``Add()(inputs)`` in one call, as ``keras.layers.add``."""
    return Add(**kwargs)(inputs)
