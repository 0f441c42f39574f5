"""Sequential: a stack of layers, each feeding the next.

Examples
--------
>>> import autograd_lite as ag
>>> model = ag.nn.Sequential([
...     ag.nn.Input(shape=(64,)),
...     ag.nn.Dense(32, activation="relu"),
...     ag.nn.Dense(10, activation="softmax"),
... ])
>>> model.count_params()
2410
"""
from __future__ import annotations

from typing import Iterable, List, Optional, Sequence

import numpy as np

import autograd_lite as ag
from .layer import Layer
from .layers import InputLayer
from .model import Model
from .symbolic import KerasTensor

__all__ = ["Sequential"]


class Sequential(Model):
    """Layers applied one after another; a :class:`Model`, so it compiles and fits.

    The model builds (creating every variable) as soon as the input shape is
    known: from a leading :func:`~autograd_lite.nn.Input`, a first layer's
    ``input_shape``/``input_dim``, an explicit :meth:`build`, or the first
    call on data.

    Parameters
    ----------
    layers : iterable of Layer, optional
    name : str, optional

    Examples
    --------
    >>> import autograd_lite as ag
    >>> model = ag.nn.Sequential()
    >>> model.add(ag.nn.Dense(4, activation="relu", input_shape=(3,)))
    >>> model.add(ag.nn.Dense(1))
    >>> [layer.name.split("_")[0] for layer in model.layers]
    ['dense', 'dense']
    >>> model.count_params()
    21
    """

    def __init__(self, layers: Optional[Iterable[Layer]] = None, name: Optional[str] = None,
                 **kwargs):
        super().__init__(name=name, **kwargs)
        object.__setattr__(self, "_input_layer", None)
        # The layers in the order they apply, a layer added twice twice (shared weights, as
        # Keras); _sublayers tracks each once.
        object.__setattr__(self, "_stack", [])
        self._build_shape = None
        for layer in layers or []:
            self.add(layer)

    def add(self, layer: Layer) -> None:
        """Append a layer (an :class:`InputLayer` only first: it fixes the input shape).

        Examples
        --------
        >>> import autograd_lite as ag
        >>> model = ag.nn.Sequential()
        >>> model.add(ag.nn.Input((2,)))
        >>> model.add(ag.nn.Dense(1))
        >>> model.built
        True
        """
        if isinstance(layer, KerasTensor) and isinstance(layer.node.layer, InputLayer):
            layer = layer.node.layer  # Sequential([ag.nn.Input(shape), ...]) as in Keras
        if isinstance(layer, InputLayer):
            if self._stack or self._input_layer is not None:
                raise ValueError(f"Sequential '{self.name}': an Input must be the first layer")
            object.__setattr__(self, "_input_layer", layer)
            self._build_shape = (None,) + layer.shape
        elif isinstance(layer, Layer):
            self._track_layer(layer)
            self._stack.append(layer)
            if len(self._stack) == 1 and layer.declared_input_shape is not None:
                self._build_shape = (None,) + tuple(layer.declared_input_shape)
        else:
            raise TypeError(f"Sequential.add: expected a Layer, received "
                            f"{type(layer).__name__}")
        if self._build_shape is not None:
            self.build(self._build_shape)

    def pop(self) -> Layer:
        """Remove and return the last layer.

        Examples
        --------
        >>> import autograd_lite as ag
        >>> model = ag.nn.Sequential([ag.nn.Dense(2), ag.nn.Dense(1)])
        >>> model.pop().units, len(model.layers)
        (1, 1)
        """
        if not self._stack:
            raise ValueError(f"Sequential '{self.name}': there is no layer to pop")
        layer = self._stack.pop()
        if not any(other is layer for other in self._stack):
            self._sublayers.remove(layer)
        return layer

    @property
    def layers(self) -> List[Layer]:
        """The layers in the order they apply (one added twice appears twice, as in Keras).

        Examples
        --------
        >>> import autograd_lite as ag
        >>> dense = ag.nn.Dense(2)
        >>> model = ag.nn.Sequential([ag.nn.Input((2,)), dense, dense])
        >>> len(model.layers), len(model.trainable_variables)
        (2, 2)
        """
        return list(self._stack)

    def build(self, input_shape: Sequence[Optional[int]]) -> None:
        """Create every layer's variables for inputs of ``input_shape`` (batch axis first).

        Runs one example of zeros through the layers in inference mode, which
        also records each layer's output shape for :meth:`summary`.

        Examples
        --------
        >>> import autograd_lite as ag
        >>> model = ag.nn.Sequential([ag.nn.Dense(3)])
        >>> model.build((None, 5))
        >>> model.layers[0].kernel.shape
        (5, 3)
        """
        example = np.zeros((1,) + tuple(int(d) for d in input_shape[1:]), dtype=self.dtype)
        self._build_shape = (None,) + tuple(input_shape[1:])
        self._forward(example, training=False)
        self.built = True

    def call(self, x, training: bool = False):
        return self._forward(x, training)

    def _adjust_rank(self, x: "ag.Tensor") -> "ag.Tensor":
        """Keras's rule against the declared input shape: when the data has one axis fewer and
        the declared last dimension is 1, add it; when the data has one more, of size 1, drop it.

        So ``Sequential([Dense(1, input_shape=[1])]).predict([10.0])`` reads one example.
        """
        if self._build_shape is None:
            return x
        declared = self._build_shape
        if x.ndim == len(declared) - 1 and len(declared) > 1 and declared[-1] == 1:
            return ag.expand_dims(x, -1)
        if x.ndim == len(declared) + 1 and x.shape[-1] == 1:
            return ag.squeeze(x, axis=-1)
        return x

    def _forward(self, x, training: bool):
        x = self._adjust_rank(x)
        if self._input_layer is not None:
            x = self._input_layer(x)
        for layer in self._stack:
            x = layer(x, training=training)
        return x
