"""TensorFlow's dtype constants, as the NumPy dtypes they stand for (``ag.float32``).

>>> ag.constant([1, 2], dtype=ag.float32).dtype
dtype('float32')
"""
import numpy as np

float16 = np.dtype(np.float16)
float32 = np.dtype(np.float32)
float64 = np.dtype(np.float64)
int32 = np.dtype(np.int32)
int64 = np.dtype(np.int64)
bool = np.dtype(np.bool_)  # noqa: A001  (TF's name)

__all__ = ["float16", "float32", "float64", "int32", "int64", "bool"]
