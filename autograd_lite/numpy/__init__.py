"""``import autograd_lite.numpy as anp``: NumPy on the tape, a drop-in for ``import numpy as np``
in code that is to be differentiated (as ``autograd.numpy`` and ``jax.numpy`` are).

Every NumPy function an op answers for (its ``numpy=`` declaration in the op registry) is here
under NumPy's name, taking arrays, lists, scalars and Tensors and returning a Tensor on the
tape; ``anp.linalg`` and ``anp.fft`` likewise. Everything else is NumPy's own, passed through:
constants and dtypes (``anp.pi``, ``anp.float32``, ``anp.newaxis``), array makers
(``anp.zeros``, ``anp.arange``, ``anp.linspace`` until an op claims it) and ``anp.random``.

``anp.array`` follows ``autograd.numpy``: a list holding Tensors is stacked into a Tensor (on
the tape); a list of plain numbers is NumPy's float64 array, as ``np.array`` gives.

>>> import autograd_lite.numpy as anp
>>> x = ag.constant(0.5, dtype="float64")
>>> ag.grad(lambda x: anp.sum(anp.exp(anp.array([x, 2 * x]))))(x).numpy()  # e^0.5 + 2e
array(7.08528...)
>>> anp.pi == np.pi, anp.zeros(2).dtype
(True, dtype('float64'))
"""
from __future__ import annotations

import importlib
from typing import Any, List

import numpy as _np

from ._names import array, asarray, lookup, names

_SUBMODULES = ("linalg", "fft", "random")


def registered(name: str) -> Any:
    """``anp.<name>`` if an op answers it (``None`` for a NumPy pass-through): used for the
    ndarray methods of Tensors."""
    return lookup("", name)


def registered_names() -> frozenset:
    """The names under ``anp`` that ops answer."""
    return frozenset(names(""))


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    function = lookup("", name)
    if function is not None:
        return function
    if name in ("r_", "c_"):  # index tricks that stack Tensors on the tape
        from ..ops import arrange
        return getattr(arrange, name)
    try:
        return getattr(_np, name)
    except AttributeError:
        raise AttributeError(f"module 'autograd_lite.numpy' has no attribute {name!r} (nor "
                             f"has NumPy)") from None


def __dir__() -> List[str]:
    return sorted(set(dir(_np)) | set(names("")) | set(_SUBMODULES) | {"array", "asarray"})


__all__ = ["array", "asarray", "registered", "registered_names"]
