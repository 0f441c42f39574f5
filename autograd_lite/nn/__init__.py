"""Neural networks on the tape, shaped like Keras.

Layers (:class:`Dense`, :class:`Activation`, :class:`Dropout`,
:class:`BatchNormalization`, :class:`Flatten`, :func:`Input`), models
(:class:`Sequential`, :class:`Model`) with ``compile`` / ``fit`` /
``evaluate`` / ``predict`` / ``summary``, and the perceptron of the course
(:class:`Perceptron`, :class:`And`, :class:`Or`, :func:`polygon`,
:class:`OneVsRestPerceptron`). Losses, optimizers, initializers,
regularizers and callbacks live in the sub-modules of the same names, also
reachable as ``ag.losses``, ``ag.optimizers`` and so on.

Examples
--------
>>> import autograd_lite as ag
>>> ag.random.set_seed(0)
>>> (x, y), (x_test, y_test) = ag.datasets.load_digits()
>>> model = ag.nn.Sequential([
...     ag.nn.Input(shape=(64,)),
...     ag.nn.Dense(64, activation="relu"),
...     ag.nn.Dense(10, activation="softmax"),
... ])
>>> model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
...               metrics=["accuracy"])
>>> history = model.fit(x, y, epochs=2, verbose=0)
>>> sorted(history.history)
['accuracy', 'loss']
"""
from . import (activations, callbacks, initializers, losses, metrics, optimizers,
               regularizers, schedules)
from .callbacks import Callback, EarlyStopping, History
from .layer import Layer
from .activation_layers import LeakyReLU, ReLU, Softmax
from .layers import Activation, BatchNormalization, Dense, Dropout, Flatten, Input, InputLayer
from .model import Model
from .functional_model import Add, Concatenate, Functional, add, concatenate
from .symbolic import KerasTensor
from . import saving
from .saving import load_model, register_serializable
from .perceptron import And, OneVsRestPerceptron, Or, Perceptron, polygon
from .sequential import Sequential
from ..registry import tf_namespace as _tf_namespace

globals().update(_tf_namespace("nn"))  # ag.nn.relu, ag.nn.softmax, ...: the ops' tf="nn.<name>"

__all__ = [
    "Layer", "Dense", "Activation", "Dropout", "BatchNormalization", "Flatten", "Input",
    "InputLayer", "Model", "Sequential", "Softmax", "ReLU", "LeakyReLU", "Functional",
    "Concatenate", "Add", "concatenate", "add", "KerasTensor",
    "saving", "load_model", "register_serializable",
    "Callback", "EarlyStopping", "History",
    "Perceptron", "And", "Or", "polygon", "OneVsRestPerceptron",
    "activations", "callbacks", "initializers", "losses", "metrics", "optimizers",
    "regularizers", "schedules",
]
