"""``ag.keras``: Keras's namespace, for code written as ``tf.keras.…`` (``tf.`` becomes ``ag.``).

Everything here is a name for what ``ag.nn`` and its modules already hold: ``ag.keras.layers``
is ``ag.nn`` (``ag.keras.layers.Dense`` is ``ag.nn.Dense``), ``ag.keras.models`` and
``ag.keras.saving`` hold ``load_model``, ``ag.keras.ops`` is the op table.

Examples
--------
>>> import autograd_lite as ag
>>> model = ag.keras.Sequential([ag.keras.layers.Flatten(input_shape=(2, 2)),
...                              ag.keras.layers.Dense(3)])
>>> model.predict(ag.ones((1, 2, 2))).shape
(1, 3)
>>> ag.keras.layers.Dense is ag.nn.Dense
True
"""
from __future__ import annotations

from autograd_lite import datasets, ops  # noqa: F401  (keras.datasets, keras.ops)
from autograd_lite import nn as layers  # noqa: F401
from autograd_lite import nn as models  # noqa: F401  (models.Sequential, .Model, .load_model)
from autograd_lite.nn import (Input, Model, Sequential, activations,  # noqa: F401
                              callbacks, initializers, losses, metrics, optimizers,
                              regularizers, saving)

__all__ = ["Input", "Model", "Sequential", "layers", "models", "saving", "losses", "metrics",
           "optimizers", "initializers", "regularizers", "callbacks", "activations", "datasets",
           "ops"]
