"""Symbolic tensors for Keras's functional API: ``Input`` and layers called on it.

``ag.nn.Input(shape=(784,))`` returns a :class:`KerasTensor`: a shape and a dtype, no values.
Calling a layer on one builds the layer (on one example of zeros, which gives the output
shape) and returns a new KerasTensor that remembers the call as a :class:`Node`.
:class:`~autograd_lite.nn.functional_model.Functional` models replay those nodes on data.

Examples
--------
>>> import autograd_lite as ag
>>> inputs = ag.nn.Input(shape=(784,), name="digits")
>>> x = ag.nn.Dense(64, activation="relu")(inputs)
>>> x.shape, inputs.name
((None, 64), 'digits')
"""
from __future__ import annotations

from typing import Any, Callable, List, Optional, Sequence

import numpy as np

__all__ = ["KerasTensor", "Node", "is_symbolic", "symbolic_call", "flatten", "pack_like",
           "is_structure", "map_leaves"]


class Node:
    """One layer call in a functional graph: the layer, its symbolic inputs (as given: one,
    a list or a dict) and its symbolic outputs."""

    __slots__ = ("layer", "inputs", "outputs")

    def __init__(self, layer: Any, inputs: Any, outputs: List["KerasTensor"]) -> None:
        self.layer, self.inputs, self.outputs = layer, inputs, outputs


class KerasTensor:
    """A placeholder for a batch of values: ``shape`` (batch axis ``None``) and ``dtype``.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> x = ag.nn.Input(shape=(3,))
    >>> x.shape, x.dtype, x.ndim
    ((None, 3), dtype('float32'), 2)
    """

    def __init__(self, shape: Sequence[Optional[int]], dtype: Any = "float32",
                 name: Optional[str] = None, node: Optional[Node] = None) -> None:
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = np.dtype(dtype)
        self.name = name
        self.node = node  # the call that produced it (for an Input: its InputLayer's node)

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def example(self) -> np.ndarray:
        """One example of zeros of this shape (batch 1), to build a layer on."""
        return np.zeros(tuple(1 if d is None else d for d in self.shape), dtype=self.dtype)

    def __array__(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError(f"KerasTensor {self.name or ''} of shape {self.shape} is symbolic: it "
                        f"has no values; call layers on it and build an ag.nn.Model from it")

    def __repr__(self) -> str:
        name = f", name={self.name!r}" if self.name else ""
        return f"<KerasTensor shape={self.shape}, dtype={self.dtype.name}{name}>"


def flatten(structure: Any) -> List[Any]:
    """The leaves of one value, a list / tuple, or a dict (in key order), nested."""
    if isinstance(structure, dict):
        return [leaf for key in structure for leaf in flatten(structure[key])]
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in flatten(item)]
    return [structure]


def pack_like(structure: Any, leaves: Any) -> Any:
    """``structure`` rebuilt with its leaves taken in order from the iterator ``leaves``."""
    if isinstance(structure, dict):
        return {key: pack_like(structure[key], leaves) for key in structure}
    if isinstance(structure, (list, tuple)):
        return type(structure)(pack_like(item, leaves) for item in structure)
    return next(leaves)


def map_leaves(fn: Callable[[Any], Any], structure: Any) -> Any:
    """``structure`` with ``fn`` applied to each leaf."""
    return pack_like(structure, iter([fn(leaf) for leaf in flatten(structure)]))


def is_structure(inputs: Any) -> bool:
    """Whether a layer is given several batches (a list, tuple or dict of arrays or Tensors of
    rank >= 2), as Keras passes a structure to ``call``; a list of numbers or of 1-d rows is
    one batch of data.

    >>> import numpy as np
    >>> is_structure([np.ones((2, 3)), np.ones((2, 1))]), is_structure([[1.0, 2.0]])
    (True, False)
    """
    items = inputs.values() if isinstance(inputs, dict) else inputs if isinstance(
        inputs, (list, tuple)) else None
    return bool(items) and all(getattr(item, "ndim", 0) >= 2 and hasattr(item, "dtype")
                               for item in items)


def is_symbolic(inputs: Any) -> bool:
    """Whether a layer is being called on KerasTensors (directly or in a list / dict)."""
    if type(inputs) is KerasTensor:
        return True
    if isinstance(inputs, (list, tuple)):
        return any(type(item) is KerasTensor for item in inputs)
    if isinstance(inputs, dict):
        return any(type(item) is KerasTensor for item in inputs.values())
    return False


def symbolic_call(layer: Any, inputs: Any, call: Callable[[Any], Any]) -> Any:
    """Record ``layer`` called on ``inputs`` (KerasTensors) and return its symbolic outputs.

    ``call`` runs the layer on concrete values: it runs once on one example of zeros, which
    builds the layer and gives the output shapes and dtypes.
    """
    leaves = flatten(inputs)
    for leaf in leaves:
        if type(leaf) is not KerasTensor:
            raise TypeError(f"{type(layer).__name__} '{layer.name}': called on KerasTensors "
                            f"mixed with {type(leaf).__name__}; in a functional model every "
                            f"input of a layer must come from ag.nn.Input or a layer")
    examples = pack_like(inputs, iter([leaf.example() for leaf in leaves]))
    out = call(examples)
    layer._clear_added_losses()  # the example's add_loss values are not a real call's
    out_leaves = flatten(out)
    node = Node(layer, inputs, [])
    symbolic = [KerasTensor((None,) + tuple(t.shape[1:]), t.dtype, node=node)
                for t in out_leaves]
    node.outputs = symbolic
    return pack_like(out, iter(symbolic))
