"""Sorting: sort and partition are differentiable in the values (the gradient goes back to the
position each value came from); the indices (argsort, argpartition) take no gradient."""
from __future__ import annotations

import numpy as np

from ..primitive import composite, op, value_of


def _positions(values: np.ndarray, order: np.ndarray, axis: int) -> tuple:
    """The index that takes a sorted array back to the original order: the inverse of the
    permutation ``order`` along ``axis``, as a tuple for getitem."""
    inverse = np.empty_like(order)
    along = np.arange(order.shape[axis]).reshape(
        [-1 if i == axis else 1 for i in range(order.ndim)])
    np.put_along_axis(inverse, order, np.broadcast_to(along, order.shape), axis=axis)
    return along_axis_index(inverse, axis, values.shape)


def _permuted_back(upstream, x, order_of, axis):
    values = np.asarray(value_of(x))
    if axis is None:
        flat = values.reshape(-1)
        index = _positions(flat, order_of(flat, 0), 0)
        return reshape(getitem(upstream, index), shape=values.shape)
    axis = axis % values.ndim
    return getitem(upstream, _positions(values, order_of(values, axis), axis))


def along_axis_index(indices: np.ndarray, axis: int, shape: tuple) -> tuple:
    """The integer-array index for getitem that does ``np.take_along_axis(a, indices, axis)``
    on an ``a`` of ``shape``: ``indices`` along ``axis``, aranges along the other axes.

    >>> along_axis_index(np.array([[1, 0]]), 1, (1, 2))[1].tolist()
    [[1, 0]]
    """
    ndim = len(shape)
    return tuple(indices if i == axis else np.arange(shape[i]).reshape(
        [-1 if j == i else 1 for j in range(ndim)]) for i in range(ndim))


def _sort_vjp(upstream, out, x, axis=-1, kind=None, order=None):
    return _permuted_back(upstream, x, lambda v, a: np.argsort(v, axis=a, kind="stable"), axis)


@op(vjp=_sort_vjp, local="permute back", numpy=np.sort, public=False)  # ag.sort is TF's
def sort(a, axis=-1, kind=None, order=None):
    """``a`` sorted along ``axis`` (None: flattened). The gradient of each sorted value goes
    back to the element it came from (ties: in the order a stable sort keeps them).

    >>> import autograd_lite.numpy as anp
    >>> anp.sort(ag.constant([[3.0, 1.0], [2.0, 0.0]]), axis=None).numpy()
    array([0., 1., 2., 3.], dtype=float32)
    >>> ag.grad(lambda t: anp.sort(t)[0] * 10 + anp.sort(t)[2])(ag.constant([3.0, 1.0, 2.0]))
    <ag.Tensor shape=(3,) dtype=float32 numpy=array([ 1., 10.,  0.], dtype=float32)>
    """
    if order is not None:
        raise TypeError("sort: order= (fields of structured arrays) is not supported")
    if axis is None:
        return np.sort(np.reshape(a, -1), kind="stable")
    return np.sort(a, axis=axis, kind="stable")


def _partition_order(kth):
    return lambda values, axis: np.argpartition(values, kth, axis=axis)


@op(vjp=lambda upstream, out, x, kth=None, axis=-1, kind="introselect", order=None:
    _permuted_back(upstream, x, _partition_order(kth), axis),
    local="permute back", numpy=np.partition)
def partition(a, kth=None, axis=-1, kind="introselect", order=None):
    """``a`` rearranged along ``axis`` so that the ``kth`` element is where a sort would put
    it, smaller ones before and larger ones after; the gradient permutes back.

    >>> ag.partition([3.0, 4.0, 1.0, 2.0], 1).numpy()[1]
    np.float32(2.0)
    """
    if order is not None:
        raise TypeError("partition: order= (fields of structured arrays) is not supported")
    values = np.asarray(a)
    if axis is None:
        values, axis = values.reshape(-1), 0
    return np.take_along_axis(values, np.argpartition(values, kth, axis=axis), axis=axis)


@op(numpy=np.argsort, public=False)  # ag.argsort is TF's (argsort_tf)
def argsort(a, axis=-1, kind=None, order=None, stable=None):
    """The indices that sort ``a`` along ``axis``; not differentiable.

    >>> import autograd_lite.numpy as anp
    >>> anp.argsort(ag.constant([3.0, 1.0, 2.0])).numpy()
    array([1, 2, 0])
    """
    return np.argsort(a, axis=axis, kind=kind, order=order, stable=stable)


@op(numpy=np.argpartition)
def argpartition(a, kth=None, axis=-1, kind="introselect", order=None):
    """The indices that would partition ``a``; not differentiable.

    >>> int(ag.argpartition([3.0, 4.0, 1.0, 2.0], 1)[1])
    3
    """
    return np.argpartition(a, kth, axis=axis, kind=kind, order=order)


def _direction(direction: str, name: str) -> bool:
    if direction not in ("ASCENDING", "DESCENDING"):
        raise ValueError(f"{name}: direction must be 'ASCENDING' or 'DESCENDING', got "
                         f"{direction!r}")
    return direction == "DESCENDING"


@composite(tf="sort", public=False)
def sort_tf(values, axis=-1, direction="ASCENDING"):
    """TF's ``sort``: along ``axis``, ascending or descending; differentiable as ``sort``.

    >>> ag.sort([3.0, 1.0, 2.0], direction="DESCENDING").numpy()
    array([3., 2., 1.], dtype=float32)
    """
    if not _direction(direction, "sort"):
        return sort(values, axis=axis)
    return negative(sort(negative(values), axis=axis))


@composite(tf="argsort", public=False)
def argsort_tf(values, axis=-1, direction="ASCENDING", stable=False):
    """TF's ``argsort``: the indices that sort ``values`` ascending or descending (stably).

    >>> ag.argsort([3.0, 1.0, 2.0], direction="DESCENDING").numpy()
    array([0, 2, 1])
    """
    if not _direction(direction, "argsort"):
        return argsort(values, axis=axis, kind="stable")
    return argsort(negative(values), axis=axis, kind="stable")


from .arithmetic import negative  # noqa: E402
from .shape import getitem, reshape  # noqa: E402

__all__ = ["sort", "partition", "argsort", "argpartition"]
