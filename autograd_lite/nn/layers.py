"""The built-in layers: Dense, Activation, Dropout, BatchNormalization, Flatten, Input.

Examples
--------
>>> import autograd_lite as ag
>>> layer = ag.nn.Dense(3, activation="relu")
>>> layer(ag.ones((2, 4))).shape
(2, 3)
"""
from __future__ import annotations

import functools
from typing import Any, Callable, Optional, Sequence, Tuple, Union

import numpy as np

import autograd_lite as ag
from autograd_lite.function import traced_source
from autograd_lite.random import get_generator, make_generator
from . import activations
from .checks import check_float, check_fraction, check_identifiers, check_integer, check_shape
from .layer import Layer, reported_shape

__all__ = ["Dense", "Activation", "Dropout", "BatchNormalization", "Flatten", "InputLayer",
           "Input"]


class Dense(Layer):
    """A fully connected layer: ``activation(x @ kernel + bias)``.

    Parameters
    ----------
    units : int
        Number of neurons (the last dimension of the output).
    activation : str or callable, optional
        One of :data:`autograd_lite.nn.activations.NAMES`, a callable, or
        ``None`` (linear).
    use_bias : bool
    kernel_initializer, bias_initializer : str or callable
    kernel_regularizer, bias_regularizer : regularizer, optional
        Penalties reported in :attr:`losses` (biases are not penalised
        unless ``bias_regularizer`` asks).
    **kwargs
        ``name``, ``trainable``, ``dtype``, ``input_shape``, ``input_dim``.

    Attributes
    ----------
    kernel : Variable
        Shape ``(inputs, units)``.
    bias : Variable or None
        Shape ``(units,)``.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> layer = ag.nn.Dense(2, kernel_initializer="ones")
    >>> layer(ag.constant([[1.0, 2.0, 3.0]])).numpy()
    array([[6., 6.]], dtype=float32)
    >>> layer.kernel.shape, layer.bias.shape
    ((3, 2), (2,))
    """

    def __init__(self, units: int, activation: Union[None, str, Callable] = None,
                 use_bias: bool = True, kernel_initializer: Any = "glorot_uniform",
                 bias_initializer: Any = "zeros", kernel_regularizer: Any = None,
                 bias_regularizer: Any = None, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(units, (int, np.integer)) or isinstance(units, bool) or units < 1:
            raise ValueError(f"Dense: units must be a positive integer, received {units!r}")
        check_identifiers("Dense", [("kernel_initializer", kernel_initializer),
                                    ("bias_initializer", bias_initializer)],
                          [("kernel_regularizer", kernel_regularizer),
                           ("bias_regularizer", bias_regularizer)])
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.kernel = None
        self.bias = None

    def build(self, input_shape) -> None:
        if len(input_shape) < 2:
            raise ValueError(f"Dense '{self.name}': expected inputs of shape (batch, features), "
                             f"received shape {reported_shape(input_shape)}")
        inputs = int(input_shape[-1])
        self.kernel = self.add_weight("kernel", (inputs, self.units), self.kernel_initializer,
                                      regularizer=self.kernel_regularizer)
        if self.use_bias:
            self.bias = self.add_weight("bias", (self.units,), self.bias_initializer,
                                        regularizer=self.bias_regularizer)
        self.input_spec = (2, ((-1, inputs),))

    def call(self, x):
        z = ag.matmul(x, self.kernel)
        if self.bias is not None:
            z = z + self.bias
        return activations.activate(self.activation, z)


class Activation(Layer):
    """Apply an activation function as a layer of its own.

    Parameters
    ----------
    activation : str or callable
        A name (``"relu"``, ``"softmax"`` ...) or a callable.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> ag.nn.Activation("relu")(ag.constant([[-1.0, 2.0]])).numpy()
    array([[0., 2.]], dtype=float32)
    """

    def __init__(self, activation: Union[str, Callable], **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def call(self, x):
        return activations.activate(self.activation, x)


class Dropout(Layer):
    """Inverted dropout: zero a fraction ``rate`` of the inputs, scale the rest by ``1/(1-rate)``.

    One mask is drawn per call (per mini-batch) and the backward pass uses
    that same mask. With ``training=False`` the layer is the identity.

    Parameters
    ----------
    rate : float in [0, 1)
        The fraction of inputs dropped.
    seed : int, optional
        A private seeded generator; otherwise masks come from the global
        generator of :mod:`autograd_lite.random`.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> drop = ag.nn.Dropout(0.5, seed=0)
    >>> x = ag.ones((1, 6))
    >>> sorted(set(drop(x, training=True).numpy().ravel().tolist()))
    [0.0, 2.0]
    >>> drop(x).numpy()
    array([[1., 1., 1., 1., 1., 1.]], dtype=float32)
    """

    def __init__(self, rate: float, seed: Optional[int] = None, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.seed = check_fraction(rate, "Dropout", "rate"), seed
        self._generator = make_generator(seed) if seed is not None else None

    def call(self, x, training: bool = False):
        if not training or self.rate == 0.0:
            return x
        # A traced source: ag.function's plan draws a new mask at every replay.
        uniform = traced_source(functools.partial(_uniform, self._generator, tuple(x.shape)))
        keep = ag.cast(uniform >= self.rate, "float64")  # (float64 then x's dtype, as NumPy)
        return x * ag.cast(keep / (1.0 - self.rate), x.dtype)


def _uniform(generator: Optional[np.random.Generator], shape: Tuple[int, ...]) -> np.ndarray:
    """Uniform [0, 1) draws from a layer's own generator, else the global one (read now, so
    ``ag.random.set_seed`` between replays of a traced step is seen)."""
    return (generator or get_generator()).random(shape)


class BatchNormalization(Layer):
    """Normalise with batch statistics while training, moving averages otherwise.

    Training: ``y = gamma * (x - mean) / sqrt(var + epsilon) + beta`` with the
    batch mean and biased variance over every axis but ``axis``, and
    ``moving = moving * momentum + batch_stat * (1 - momentum)``.
    Inference (``training=False``, or a frozen layer): the moving statistics
    are used and nothing changes.

    Parameters
    ----------
    axis : int
        The feature axis (kept; the others are averaged over).
    momentum : float
    epsilon : float
    center, scale : bool
        Whether to learn ``beta`` and ``gamma``.

    Attributes
    ----------
    gamma, beta : Variable or None
        Trainable.
    moving_mean, moving_variance : Variable
        Non-trainable. ``get_weights()`` returns gamma, beta, moving_mean,
        moving_variance in that order.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> bn = ag.nn.BatchNormalization()
    >>> y = bn(ag.constant([[0.0], [2.0]]), training=True)
    >>> [round(float(v), 4) for v in y.numpy().ravel()]
    [-0.9995, 0.9995]
    >>> [round(float(v), 4) for v in bn.moving_mean.numpy()]
    [0.01]
    """

    def __init__(self, axis: int = -1, momentum: float = 0.99, epsilon: float = 1e-3,
                 center: bool = True, scale: bool = True, beta_initializer: Any = "zeros",
                 gamma_initializer: Any = "ones", moving_mean_initializer: Any = "zeros",
                 moving_variance_initializer: Any = "ones", **kwargs):
        where = "BatchNormalization"
        check_identifiers(where, [("gamma_initializer", gamma_initializer),
                                  ("beta_initializer", beta_initializer),
                                  ("moving_mean_initializer", moving_mean_initializer),
                                  ("moving_variance_initializer", moving_variance_initializer)])
        axis = check_integer(axis, where, "axis", minimum=-2**31)
        momentum, epsilon = check_float(momentum, where, "momentum"), check_float(
            epsilon, where, "epsilon")
        super().__init__(**kwargs)
        self.axis, self.momentum, self.epsilon = axis, momentum, epsilon
        self.center, self.scale = bool(center), bool(scale)
        self._initializers = (gamma_initializer, beta_initializer, moving_mean_initializer,
                              moving_variance_initializer)
        self.gamma = self.beta = self.moving_mean = self.moving_variance = None

    def build(self, input_shape) -> None:
        ndim = len(input_shape)
        if not -ndim <= self.axis < ndim:
            raise ValueError(f"BatchNormalization '{self.name}': axis {self.axis} is out of "
                             f"range for inputs of shape {tuple(input_shape)}")
        dim = int(input_shape[self.axis])
        gamma_init, beta_init, mean_init, var_init = self._initializers
        if self.scale:
            self.gamma = self.add_weight("gamma", (dim,), gamma_init)
        if self.center:
            self.beta = self.add_weight("beta", (dim,), beta_init)
        self.moving_mean = self.add_weight("moving_mean", (dim,), mean_init, trainable=False)
        self.moving_variance = self.add_weight("moving_variance", (dim,), var_init,
                                               trainable=False)
        self.input_spec = (ndim, ((self.axis, dim),))

    def call(self, x, training: bool = False):
        axis = self.axis % x.ndim
        reduce = tuple(i for i in range(x.ndim) if i != axis)
        shape = [1] * x.ndim
        shape[axis] = x.shape[axis]
        if training and self.trainable:
            mean = ag.mean(x, axis=reduce, keepdims=True)
            variance = ag.mean(ag.square(x - mean), axis=reduce, keepdims=True)
            self._update_moving(mean, variance)
        else:
            mean = ag.reshape(self.moving_mean, shape)
            variance = ag.reshape(self.moving_variance, shape)
        y = (x - mean) / ag.sqrt(variance + self.epsilon)
        if self.gamma is not None:
            y = y * ag.reshape(self.gamma, shape)
        if self.beta is not None:
            y = y + ag.reshape(self.beta, shape)
        return y

    def _update_moving(self, mean, variance) -> None:
        keep = self.momentum
        for moving, batch in ((self.moving_mean, mean), (self.moving_variance, variance)):
            # ops, not NumPy, so that ag.function records the update as an assign
            batch = ag.reshape(ag.stop_gradient(batch), (-1,))
            moving.assign(ag.cast(moving * keep + batch * (1.0 - keep), moving.dtype))


class Flatten(Layer):
    """Reshape each example to one dimension: ``(batch, d1, d2, ...) -> (batch, d1*d2*...)``.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> ag.nn.Flatten()(ag.ones((2, 28, 28))).shape
    (2, 784)
    """

    def build(self, input_shape) -> None:
        self.input_spec = (1, ())  # a batch axis at least: Flatten()(3.0) is refused

    def call(self, x):
        return ag.reshape(x, (x.shape[0], int(np.prod(x.shape[1:], dtype=np.int64))))


class InputLayer(Layer):
    """Declares the shape of one example so a :class:`Sequential` can build at once.

    It does not count as a layer of the model; it checks that inputs have the
    declared shape.

    Parameters
    ----------
    shape : tuple of int
        The shape of one example, without the batch axis.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> model = ag.nn.Sequential([ag.nn.Input(shape=(4,)), ag.nn.Dense(2)])
    >>> model.built, model.count_params()
    (True, 10)
    """

    autocast = False

    def __init__(self, shape: Sequence[int], **kwargs):
        shape = check_shape(shape, "Input")
        super().__init__(**kwargs)
        self.shape = shape

    def call(self, x):
        if tuple(x.shape[1:]) != self.shape:
            raise ValueError(f"Input '{self.name}': expected examples of shape {self.shape}, "
                             f"received a batch of shape {reported_shape(x.shape)}")
        return x


def Input(shape: Sequence[int] = None, batch_size: Optional[int] = None, dtype: Any = None,
          name: Optional[str] = None, batch_shape: Optional[Sequence[int]] = None) -> Any:
    """Keras's ``Input(shape=...)``: a symbolic tensor that starts a functional model, or
    the first entry of a :class:`Sequential`.

    Parameters
    ----------
    shape : tuple of int
        The shape of one example, without the batch axis.
    batch_size : int, optional
        Accepted for Keras compatibility; the batch axis stays free.
    dtype : optional
        The dtype of the data (default float32).
    name : str, optional
        The input's name (the key of a dict of inputs).
    batch_shape : tuple, optional
        The shape with the batch axis first, instead of ``shape``.

    Returns
    -------
    KerasTensor
        Of shape ``(None,) + shape``; ``.node.layer`` is its :class:`InputLayer`.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> ag.nn.Input(shape=(784,)).shape
    (None, 784)
    """
    from .symbolic import KerasTensor, Node
    if shape is None:
        if batch_shape is None:
            raise ValueError("Input: give shape=(...) (one example's shape) or batch_shape")
        shape = tuple(batch_shape)[1:]
    layer = InputLayer(shape, name=name, dtype=dtype or "float32")
    tensor = KerasTensor((None,) + layer.shape, layer.dtype, name=layer.name)
    tensor.node = Node(layer, None, [tensor])
    layer.output_shape, layer.built = tensor.shape, True
    return tensor
