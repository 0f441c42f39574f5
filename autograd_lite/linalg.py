"""``ag.linalg``: TensorFlow's ``tf.linalg`` names for the ops (``ag.linalg.matmul``,
``ag.linalg.inv``), each declared as ``tf="linalg.<name>"`` beside its op.

>>> ag.linalg.tensordot([[1.0, 2.0]], [[3.0], [4.0]], axes=1).numpy()
array([[11.]], dtype=float32)
"""
from __future__ import annotations

from .registry import tf_module

__getattr__, __dir__ = tf_module("linalg")
