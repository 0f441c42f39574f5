"""The library's random numbers: one global seeded generator.

Initializers without a seed of their own, ``Dropout`` masks and ``fit``'s
shuffling all draw from :func:`get_generator`, so one call to
:func:`set_seed` makes a whole training run reproducible.

Examples
--------
>>> import autograd_lite as ag
>>> ag.random.set_seed(0)
>>> a = ag.random.get_generator().random()
>>> ag.random.set_seed(0)
>>> a == ag.random.get_generator().random()
True

TensorFlow's sampling functions draw Tensors from it: :func:`normal`, :func:`uniform`,
:func:`truncated_normal` and :func:`shuffle`. As in TF, ``seed=None`` draws from the global
sequence; an int ``seed`` gives the op a sequence of its own that advances from call to call
and restarts at :func:`set_seed`.
"""
from __future__ import annotations

import functools
from typing import Any, Dict, Optional

import numpy as np

__all__ = ["set_seed", "get_generator", "make_generator", "normal", "uniform",
           "truncated_normal", "shuffle"]

_generator: np.random.Generator = np.random.default_rng()
_global_seed: Optional[int] = None
_op_generators: Dict[int, np.random.Generator] = {}  # one per op-level seed, until set_seed


def set_seed(seed: Optional[int]) -> None:
    """Restart the global generator from ``seed`` (``None``: fresh entropy).

    Parameters
    ----------
    seed : int or None
        The seed. The same seed gives the same initial weights, dropout
        masks and batch orders.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> ag.random.set_seed(42)
    """
    global _generator, _global_seed
    _generator = np.random.default_rng(seed)
    _global_seed = seed
    _op_generators.clear()


def get_generator() -> np.random.Generator:
    """Return the global generator (the one :func:`set_seed` restarts).

    Returns
    -------
    numpy.random.Generator

    Examples
    --------
    >>> import autograd_lite as ag
    >>> ag.random.get_generator().integers(0, 10) in range(10)
    True
    """
    return _generator


def make_generator(seed: Optional[int] = None) -> np.random.Generator:
    """Return a generator: a fresh one for an int seed, else the global one.

    Parameters
    ----------
    seed : int or None
        ``None`` shares the global generator; an int gives a private
        generator that always starts from the same state.

    Returns
    -------
    numpy.random.Generator

    Examples
    --------
    >>> import autograd_lite as ag
    >>> g1, g2 = ag.random.make_generator(3), ag.random.make_generator(3)
    >>> g1.random() == g2.random()
    True
    """
    if seed is None:
        return _generator
    return np.random.default_rng(seed)


def _op_generator(seed: Optional[int], where: str) -> np.random.Generator:
    """The global generator, or for an op-level ``seed`` its own (keyed with the global seed)."""
    if seed is None:
        return _generator
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"{where}: seed must be an int or None, got {type(seed).__name__}")
    generator = _op_generators.get(int(seed))
    if generator is None:
        entropy = [int(seed)] if _global_seed is None else [int(seed), int(_global_seed)]
        generator = _op_generators[int(seed)] = np.random.default_rng(entropy)
    return generator


def _shape(shape: Any, where: str) -> tuple:
    array = np.asarray(shape.numpy() if hasattr(shape, "numpy") else shape)
    if array.dtype.kind not in "iu" or array.ndim > 1 or not (array >= 0).all():
        raise ValueError(f"{where}: shape must be a list of non-negative ints, got {shape!r}")
    return tuple(int(n) for n in np.atleast_1d(array)) if array.ndim else (int(array),)


def _dtype(dtype: Any, where: str, kinds: str = "f") -> np.dtype:
    try:
        resolved = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{where}: dtype must be a NumPy dtype or its name, got "
                        f"{dtype!r}") from None
    if resolved.kind not in kinds:
        raise ValueError(f"{where}: dtype must be floating, got {resolved}")
    return resolved


def _number(value: Any) -> Any:
    return np.asarray(value.numpy() if hasattr(value, "numpy") else value, dtype=np.float64)


def _drawn(draw: Any, *settings: Any) -> Any:
    """A constant Tensor of ``draw(*settings)``; inside ``ag.function`` a step of the plan that
    draws again at every replay (from the generator of that moment: ``set_seed`` is seen)."""
    from .function import traced_source
    return traced_source(functools.partial(draw, *settings))


def _normal(seed: Optional[int], size: tuple, mean: np.ndarray, stddev: np.ndarray,
            dtype: np.dtype) -> np.ndarray:
    draws = _op_generator(seed, "random.normal").standard_normal(size)
    return (draws * stddev + mean).astype(dtype)


def _uniform_ints(seed: Optional[int], size: tuple, low: int, high: int,
                  dtype: np.dtype) -> np.ndarray:
    return _op_generator(seed, "random.uniform").integers(low, high, size=size, dtype=dtype)


def _uniform(seed: Optional[int], size: tuple, low: np.ndarray, high: np.ndarray,
             dtype: np.dtype) -> np.ndarray:
    draws = _op_generator(seed, "random.uniform").random(size)
    values = (low + (high - low) * draws).astype(dtype)
    return np.minimum(values, np.nextafter(high.astype(dtype), -np.inf, dtype=dtype)) if (
        values.size) else values


def _truncated_normal(seed: Optional[int], size: tuple, mean: np.ndarray, stddev: np.ndarray,
                      dtype: np.dtype) -> np.ndarray:
    generator = _op_generator(seed, "random.truncated_normal")
    draws = generator.standard_normal(size)
    outside = np.abs(draws) > 2
    while outside.any():
        draws[outside] = generator.standard_normal(int(outside.sum()))
        outside = np.abs(draws) > 2
    return (draws * stddev + mean).astype(dtype)


def _permutation(seed: Optional[int], n: int) -> np.ndarray:
    return _op_generator(seed, "random.shuffle").permutation(n)


def _rows(array: np.ndarray, order: np.ndarray) -> np.ndarray:
    return array[order]


def normal(shape: Any, mean: Any = 0.0, stddev: Any = 1.0, dtype: Any = np.float32,
           seed: Optional[int] = None, name: Optional[str] = None) -> Any:
    """Samples of a normal distribution as a Tensor of ``shape`` (``tf.random.normal``).

    >>> ag.random.set_seed(1)
    >>> ag.random.normal([2, 3]).shape
    (2, 3)
    """
    dtype = _dtype(dtype, "random.normal")
    _op_generator(seed, "random.normal")
    return _drawn(_normal, seed, _shape(shape, "random.normal"), _number(mean),
                  _number(stddev), dtype)


def uniform(shape: Any, minval: Any = 0, maxval: Any = None, dtype: Any = np.float32,
            seed: Optional[int] = None, name: Optional[str] = None) -> Any:
    """Samples of a uniform distribution on ``[minval, maxval)`` (``tf.random.uniform``).

    ``maxval=None`` means 1 for floating dtypes; integer dtypes need ``maxval``.

    >>> ag.random.set_seed(1)
    >>> x = ag.random.uniform([1000], minval=2.0, maxval=3.0)
    >>> bool((x.numpy() >= 2).all() and (x.numpy() < 3).all())
    True
    >>> ag.random.uniform([4], maxval=10, dtype="int64", seed=3).dtype
    dtype('int64')
    """
    dtype = _dtype(dtype, "random.uniform", "fiu")
    _op_generator(seed, "random.uniform")
    size = _shape(shape, "random.uniform")
    if dtype.kind in "iu":
        if maxval is None:
            raise ValueError(f"random.uniform: maxval must be given for the integer dtype "
                             f"{dtype}")
        low, high = int(minval), int(maxval)
        if low >= high:
            raise ValueError(f"random.uniform: need minval < maxval, got {low} and {high}")
        return _drawn(_uniform_ints, seed, size, low, high, dtype)
    low, high = _number(minval), _number(1.0 if maxval is None else maxval)
    return _drawn(_uniform, seed, size, low, high, dtype)


def truncated_normal(shape: Any, mean: Any = 0.0, stddev: Any = 1.0, dtype: Any = np.float32,
                     seed: Optional[int] = None, name: Optional[str] = None) -> Any:
    """Normal samples redrawn until they lie within two standard deviations of the mean
    (``tf.random.truncated_normal``).

    >>> x = ag.random.truncated_normal([1000], stddev=0.5, seed=0)
    >>> bool(abs(x.numpy()).max() <= 1.0)
    True
    """
    dtype = _dtype(dtype, "random.truncated_normal")
    _op_generator(seed, "random.truncated_normal")
    return _drawn(_truncated_normal, seed, _shape(shape, "random.truncated_normal"),
                  _number(mean), _number(stddev), dtype)


def shuffle(value: Any, seed: Optional[int] = None, name: Optional[str] = None) -> Any:
    """``value`` with its rows (axis 0) in a random order (``tf.random.shuffle``). No gradient
    flows through it; inside ``ag.function`` each replay gathers with a fresh permutation.

    >>> ag.random.set_seed(0)
    >>> sorted(ag.random.shuffle([1, 2, 3, 4]).numpy().tolist())
    [1, 2, 3, 4]
    """
    from .function import traced_apply
    from .tensor import Tensor, wrap
    tensor = value if isinstance(value, Tensor) else wrap(np.asarray(value))
    if tensor._value.ndim == 0:
        raise ValueError("random.shuffle: value must have at least one dimension, got a scalar")
    _op_generator(seed, "random.shuffle")
    order = _drawn(_permutation, seed, tensor._value.shape[0])
    return traced_apply(_rows, [tensor, order])
