"""``ag.data.Dataset``: the part of ``tf.data`` that the guides' training loops use.

``Dataset.from_tensor_slices((x, y))`` slices arrays along their first axis; ``shuffle``,
``batch``, ``map``, ``take`` (and ``prefetch``/``cache``, which change nothing here) return
new datasets; iterating yields Tensors in the structure of one element (a tuple for
``(x, y)``, a dict for a dict). ``Model.fit``, ``evaluate`` and ``predict`` accept a dataset
of ``(x, y)`` batches, as Keras does.

Examples
--------
>>> import numpy as np
>>> import autograd_lite as ag
>>> x, y = np.arange(10.0).reshape(5, 2), np.arange(5)
>>> dataset = ag.data.Dataset.from_tensor_slices((x, y)).batch(2)
>>> len(dataset)
3
>>> [yb.numpy().tolist() for _, yb in dataset]
[[0, 1], [2, 3], [4]]
"""
from __future__ import annotations

import math
from typing import Any, Callable, Iterator, List, Optional

import numpy as np

from . import random as _random
from .tensor import Tensor, constant

__all__ = ["Dataset", "AUTOTUNE"]

AUTOTUNE = -1  # tf.data.AUTOTUNE: accepted where TF takes a buffer or parallelism setting


def _leaves(structure: Any) -> List[Any]:
    if isinstance(structure, dict):
        return [leaf for key in structure for leaf in _leaves(structure[key])]
    if isinstance(structure, tuple):
        return [leaf for item in structure for leaf in _leaves(item)]
    return [structure]


def _rebuild(structure: Any, leaves: Iterator[Any]) -> Any:
    if isinstance(structure, dict):
        return {key: _rebuild(structure[key], leaves) for key in structure}
    if isinstance(structure, tuple):
        return tuple(_rebuild(item, leaves) for item in structure)
    return next(leaves)


def _map_leaves(fn: Callable[[Any], Any], structure: Any) -> Any:
    return _rebuild(structure, iter([fn(leaf) for leaf in _leaves(structure)]))


def _array(value: Any) -> np.ndarray:
    if isinstance(value, Tensor):
        return value.numpy()
    array = constant(value).numpy()  # ag.constant's dtype rules: Python floats are float32
    return array


def _as_tensors(element: Any) -> Any:
    return _map_leaves(lambda leaf: leaf if isinstance(leaf, Tensor) else constant(leaf),
                       element)


class Dataset:
    """A re-iterable pipeline of elements (each a Tensor, a tuple or a dict of them).

    Build one with :meth:`from_tensor_slices`; each method returns a new dataset and leaves
    this one as it is. Iterating twice gives the same elements unless it was shuffled
    (``reshuffle_each_iteration``, as in TF).
    """

    def __init__(self, make: Callable[[], Iterator[Any]], length: Optional[int],
                 source: Optional["_Source"] = None,
                 order: Optional[Callable[[], np.ndarray]] = None) -> None:
        self._make = make
        self._length = length
        # Straight from from_tensor_slices (perhaps shuffled): the rows of ``source`` in the
        # order ``order()`` gives (None: as stored), so a batch is one fancy-indexing gather.
        self._source, self._order = source, order

    @staticmethod
    def from_tensor_slices(tensors: Any, name: Optional[str] = None) -> "Dataset":
        """One element per row of ``tensors`` (an array, a Tensor, or a tuple / dict of them
        with the same first dimension).

        >>> ds = ag.data.Dataset.from_tensor_slices({"a": [1.0, 2.0], "b": [[1, 2], [3, 4]]})
        >>> [element["b"].numpy().tolist() for element in ds]
        [[1, 2], [3, 4]]
        """
        structure = _map_leaves(_array, tensors)
        arrays = _leaves(structure)
        for array in arrays:
            if array.ndim == 0:
                raise ValueError("Dataset.from_tensor_slices: every component needs a first "
                                 f"axis to slice, received a scalar {array!r}")
        counts = sorted({len(array) for array in arrays})
        if len(counts) != 1:
            raise ValueError(f"Dataset.from_tensor_slices: components must have the same "
                             f"first dimension, received {[a.shape for a in arrays]}")
        return _Source(structure, counts[0]).dataset(None)

    def __iter__(self) -> Iterator[Any]:
        for element in self._make():
            yield _as_tensors(element)

    def __len__(self) -> int:
        if self._length is None:
            raise TypeError("Dataset: the length is unknown")
        return self._length

    def cardinality(self) -> int:
        """The number of elements (TF's ``cardinality()``, a plain int here)."""
        return len(self)

    def __repr__(self) -> str:
        return f"<ag.data.Dataset of {self._length} elements>"

    def shuffle(self, buffer_size: int, seed: Optional[int] = None,
                reshuffle_each_iteration: bool = True, name: Optional[str] = None
                ) -> "Dataset":
        """Elements in random order, TF's way: a buffer of ``buffer_size`` elements, each
        output drawn from it at random and replaced by the next element (a buffer as large
        as the dataset gives a uniform shuffle). ``seed=None`` draws from ``ag.random``'s
        global generator, so ``ag.random.set_seed`` makes it repeat.

        >>> ds = ag.data.Dataset.from_tensor_slices(np.arange(5)).shuffle(5, seed=0)
        >>> sorted(int(v) for v in ds)
        [0, 1, 2, 3, 4]
        """
        if isinstance(buffer_size, bool) or not isinstance(buffer_size, (int, np.integer)) or \
                (buffer_size < 1 and buffer_size != AUTOTUNE):
            raise ValueError(f"Dataset.shuffle: buffer_size must be a positive int, received "
                             f"{buffer_size!r}")
        size = (self._length or 1) if buffer_size == AUTOTUNE else int(buffer_size)
        if reshuffle_each_iteration:
            own = np.random.default_rng(seed) if seed is not None else None

            def generator() -> np.random.Generator:
                return own or _random.get_generator()
        else:  # the same order on every pass
            fixed = seed if seed is not None else int(_random.get_generator().integers(2 ** 62))

            def generator() -> np.random.Generator:
                return np.random.default_rng(fixed)

        if self._source is not None:
            return self._source.dataset(self._order, size, generator)

        def make() -> Iterator[Any]:
            return _buffer_shuffle(self._make(), size, generator())
        return Dataset(make, self._length)

    def batch(self, batch_size: int, drop_remainder: bool = False,
              num_parallel_calls: Any = None, deterministic: Any = None,
              name: Optional[str] = None) -> "Dataset":
        """Consecutive elements stacked into batches of ``batch_size`` (the last one smaller
        unless ``drop_remainder``).

        >>> ds = ag.data.Dataset.from_tensor_slices(np.arange(5)).batch(2, drop_remainder=True)
        >>> [b.numpy().tolist() for b in ds]
        [[0, 1], [2, 3]]
        """
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or \
                batch_size < 1:
            raise ValueError(f"Dataset.batch: batch_size must be a positive int, received "
                             f"{batch_size!r}")
        n = int(batch_size)
        length = None if self._length is None else (
            self._length // n if drop_remainder else math.ceil(self._length / n))
        if self._source is not None:
            source, order = self._source, self._order

            def make_batches() -> Iterator[Any]:
                indices = order() if order is not None else np.arange(source.count)
                stop = len(indices) - len(indices) % n if drop_remainder else len(indices)
                for start in range(0, stop, n):
                    yield source.gather(indices[start:start + n])
            return Dataset(make_batches, length)

        def make() -> Iterator[Any]:
            pending: List[Any] = []
            for element in self._make():
                pending.append(element)
                if len(pending) == n:
                    yield _stack(pending)
                    pending = []
            if pending and not drop_remainder:
                yield _stack(pending)
        return Dataset(make, length)

    def map(self, map_func: Callable[..., Any], num_parallel_calls: Any = None,
            deterministic: Any = None, name: Optional[str] = None) -> "Dataset":
        """``map_func`` applied to each element (a tuple element is passed as separate
        arguments, as in TF); it receives Tensors.

        >>> ds = ag.data.Dataset.from_tensor_slices(([1.0, 2.0], [0, 1]))
        >>> [float(x) for x, _ in ds.map(lambda x, y: (x * 10, y))]
        [10.0, 20.0]
        """
        parent = self._make

        def make() -> Iterator[Any]:
            for element in parent():
                tensors = _as_tensors(element)
                out = map_func(*tensors) if isinstance(tensors, tuple) else map_func(tensors)
                yield _map_leaves(_array, out if not isinstance(out, list) else tuple(out))
        return Dataset(make, self._length)

    def take(self, count: int, name: Optional[str] = None) -> "Dataset":
        """The first ``count`` elements (all of them for ``count=-1``).

        >>> len(ag.data.Dataset.from_tensor_slices(np.arange(10)).batch(3).take(2))
        2
        """
        count = int(count)
        length = self._length if count < 0 else (
            count if self._length is None else min(count, self._length))
        parent = self._make

        def make() -> Iterator[Any]:
            for index, element in enumerate(parent()):
                if 0 <= count <= index:
                    return
                yield element
        return Dataset(make, length)

    def prefetch(self, buffer_size: Any = AUTOTUNE, name: Optional[str] = None) -> "Dataset":
        """The same dataset (nothing runs ahead here); accepted for TF's pipelines."""
        return self

    def cache(self, filename: str = "", name: Optional[str] = None) -> "Dataset":
        """The same dataset (its elements are in memory already)."""
        return self


class _Source:
    """Arrays sliced along axis 0: a dataset over them is an order of row indices."""

    def __init__(self, structure: Any, count: int) -> None:
        self.structure, self.count = structure, count

    def element(self, index: int) -> Any:
        return _map_leaves(lambda array: array[index], self.structure)

    def gather(self, indices: np.ndarray) -> Any:
        return _map_leaves(lambda array: array[indices], self.structure)

    def dataset(self, parent_order: Optional[Callable], size: Optional[int] = None,
                generator: Optional[Callable] = None) -> Dataset:
        order = parent_order
        if size is not None:
            def order() -> np.ndarray:
                start = parent_order() if parent_order is not None else np.arange(self.count)
                rng = generator()
                if size >= len(start):  # the buffer holds everything: a uniform permutation
                    return start[rng.permutation(len(start))]
                return np.fromiter(_buffer_shuffle(iter(start), size, rng), dtype=np.int64,
                                   count=len(start))

        def make() -> Iterator[Any]:
            indices = order() if order is not None else range(self.count)
            for index in indices:
                yield self.element(index)
        return Dataset(make, self.count, self, order)


def _buffer_shuffle(elements: Iterator[Any], size: int, rng: np.random.Generator
                    ) -> Iterator[Any]:
    """TF's shuffle: keep ``size`` elements, emit a random one, refill from the input."""
    buffer: List[Any] = []
    for element in elements:
        if len(buffer) < size:
            buffer.append(element)
            continue
        index = int(rng.integers(size))
        yield buffer[index]
        buffer[index] = element
    while buffer:
        index = int(rng.integers(len(buffer)))
        buffer[index], buffer[-1] = buffer[-1], buffer[index]
        yield buffer.pop()


def _stack(elements: List[Any]) -> Any:
    first = elements[0]
    columns = list(zip(*[_leaves(e) for e in elements]))
    return _rebuild(first, iter([np.stack(column) for column in columns]))
