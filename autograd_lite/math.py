"""``ag.math``: TensorFlow's ``tf.math`` names for the ops (``ag.math.log1p``,
``ag.math.reduce_sum``), each declared as ``tf="math.<name>"`` beside its op.

>>> ag.math.reduce_sum([[1.0, 2.0], [3.0, 4.0]], axis=1).numpy()
array([3., 7.], dtype=float32)
"""
from __future__ import annotations

from typing import Any, List

from .registry import tf_namespace


def __getattr__(name: str) -> Any:
    function = tf_namespace("math").get(name)
    if function is None:
        raise AttributeError(f"module 'autograd_lite.math' has no attribute {name!r} (no op "
                             f"declares tf='math.{name}')")
    return function


def __dir__() -> List[str]:
    return sorted(tf_namespace("math"))
