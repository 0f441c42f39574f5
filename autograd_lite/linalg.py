"""``ag.linalg``: TensorFlow's ``tf.linalg`` names for the ops (``ag.linalg.matmul``,
``ag.linalg.inv``), each declared as ``tf="linalg.<name>"`` beside its op.

>>> ag.linalg.tensordot([[1.0, 2.0]], [[3.0], [4.0]], axes=1).numpy()
array([[11.]], dtype=float32)
"""
from __future__ import annotations

from typing import Any, List

from .registry import tf_namespace


def __getattr__(name: str) -> Any:
    function = tf_namespace("linalg").get(name)
    if function is None:
        raise AttributeError(f"module 'autograd_lite.linalg' has no attribute {name!r} (no op "
                             f"declares tf='linalg.{name}')")
    return function


def __dir__() -> List[str]:
    return sorted(tf_namespace("linalg"))
