"""``ag.math``: TensorFlow's ``tf.math`` names for the ops (``ag.math.log1p``,
``ag.math.reduce_sum``), each declared as ``tf="math.<name>"`` beside its op.

>>> ag.math.reduce_sum([[1.0, 2.0], [3.0, 4.0]], axis=1).numpy()
array([3., 7.], dtype=float32)
"""
from __future__ import annotations

from .registry import tf_module

__getattr__, __dir__ = tf_module("math")
