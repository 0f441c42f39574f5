"""Running totals along an axis: cumsum, cumprod and diff.

``axis=None`` works on the flattened array, as NumPy does. cumsum's VJP is the reversed cumsum
of the upstream gradient; cumprod's is exact where the input holds zeros (no division by them).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..primitive import composite, op, value_of
from .inputs import as_input


def _axis_of(x, axis) -> int:
    """``axis`` as a non-negative int for ``x`` (after flattening when it is None)."""
    ndim = np.ndim(x)
    if axis is None:
        return 0
    if not -max(ndim, 1) <= axis < max(ndim, 1):
        raise ValueError(f"axis {axis} is out of bounds for an array of dimension {ndim}")
    return axis % max(ndim, 1)


def reverse_along(x, axis: int):
    """``x`` reversed along ``axis`` (a basic slice: its gradient is reversing back).

    >>> reverse_along(ag.constant([1.0, 2.0, 3.0]), 0).numpy()
    array([3., 2., 1.], dtype=float32)
    """
    return getitem(x, (slice(None),) * axis + (slice(None, None, -1),))


def _reversed_cumsum(upstream, axis: int):
    return reverse_along(cumsum(reverse_along(upstream, axis), axis=axis), axis)


def _cumsum_vjp(upstream, out, x, axis=None, dtype=None):
    if axis is None:
        return reshape(_reversed_cumsum(upstream, 0), shape=np.shape(x))
    return _reversed_cumsum(upstream, _axis_of(x, axis))


@op(vjp=_cumsum_vjp, local="reversed cumsum of upstream", numpy=np.cumsum,
    anp="cumulative_sum", public=False)  # ag.cumsum is TF's (cumsum_tf): axis 0, exclusive
def cumsum(a, axis=None, dtype=None):
    """Running sums along ``axis`` (None: of the flattened array).

    >>> import autograd_lite.numpy as anp
    >>> anp.cumsum(ag.constant([[1.0, 2.0], [3.0, 4.0]]), axis=1).numpy()
    array([[1., 3.],
           [3., 7.]], dtype=float32)
    """
    return np.cumsum(a, axis=axis, dtype=dtype)


def _cumprod_vjp(upstream, out, x, axis=None, dtype=None):
    if axis is None:
        flat = reshape(x, shape=-1)
        return reshape(_cumprod_grad(upstream, reshape(out, shape=-1), flat, 0), shape=np.shape(x))
    return _cumprod_grad(upstream, out, x, _axis_of(x, axis))


def _cumprod_grad(upstream, out, x, axis: int):
    """d out_j / d x_i = prod of x_k for k <= j, k != i (j >= i). Without zeros that is
    out_j / x_i, so the VJP is the reversed cumsum of upstream·out over x. With a zero on the
    row, the products are formed for each i by a cumprod with x_i replaced by 1: exact, at a
    cost quadratic in the axis length (paid only by inputs that hold a zero)."""
    if not np.any(value_of(x) == 0):
        return _reversed_cumsum(upstream * out, axis) / x
    moved_x = _moveaxis(x, axis, -1)
    moved_up = _moveaxis(upstream, axis, -1)
    n = np.shape(moved_x)[-1]
    eye = np.eye(n, dtype=bool)
    # rows[..., i, j] = x_j with x_i replaced by 1; its cumprod along j is the product above.
    rows = where(eye, 1, expand_dims(moved_x, axis=-2))
    later = np.triu(np.ones((n, n), dtype=value_of(out).dtype))  # j >= i
    products = cumprod(rows, axis=-1) * later
    grad = sum(products * expand_dims(moved_up, axis=-2), axis=-1)
    return _moveaxis(grad, -1, axis)


@op(vjp=_cumprod_vjp, local="Σ_{j>=i} upstream_j · Π_{k<=j, k≠i} x_k", numpy=np.cumprod,
    anp="cumulative_prod", public=False)  # ag.cumprod is TF's (cumprod_tf)
def cumprod(a, axis=None, dtype=None):
    """Running products along ``axis`` (None: of the flattened array); the gradient is exact
    at zeros.

    >>> import autograd_lite.numpy as anp
    >>> anp.cumprod(ag.constant([1.0, 2.0, 3.0])).numpy()
    array([1., 2., 6.], dtype=float32)
    >>> ag.grad(lambda t: anp.cumprod(t)[-1])(ag.constant([2.0, 0.0, 3.0])).numpy()
    array([0., 6., 0.], dtype=float32)
    """
    return np.cumprod(a, axis=axis, dtype=dtype)


def _tf_running(running, x, axis: int, exclusive: bool, reverse: bool, fill: float):
    """TF's cumsum/cumprod options: ``reverse`` runs from the end, ``exclusive`` leaves out
    each element itself (the first result is ``fill``)."""
    x = as_input(x, running.__name__)
    axis = _axis_of(x, axis)
    if reverse:
        x = reverse_along(x, axis)
    result = running(x, axis=axis)
    if exclusive:
        head = (slice(None),) * axis
        first = np.full(np.shape(getitem(x, head + (slice(0, 1),))), fill,
                        dtype=np.asarray(value_of(result)).dtype)
        result = concat([first, getitem(result, head + (slice(None, -1),))], axis=axis)
    return reverse_along(result, axis) if reverse else result


@composite(tf=("math.cumsum", "cumsum"), public=False)
def cumsum_tf(x, axis=0, exclusive=False, reverse=False):
    """TF's ``cumsum``: along ``axis`` (default 0), ``exclusive`` and ``reverse`` as in TF.

    >>> ag.math.cumsum([1.0, 2.0, 3.0], exclusive=True, reverse=True).numpy()
    array([5., 3., 0.], dtype=float32)
    """
    return _tf_running(cumsum, x, axis, exclusive, reverse, 0.0)


@composite(tf=("math.cumprod", "cumprod"), public=False)
def cumprod_tf(x, axis=0, exclusive=False, reverse=False):
    """TF's ``cumprod``: along ``axis`` (default 0), ``exclusive`` and ``reverse`` as in TF.

    >>> ag.math.cumprod([1.0, 2.0, 3.0], exclusive=True).numpy()
    array([1., 1., 2.], dtype=float32)
    """
    return _tf_running(cumprod, x, axis, exclusive, reverse, 1.0)


def _moveaxis(x, source: int, destination: int):
    """``x`` with axis ``source`` moved to ``destination`` (a transpose)."""
    ndim = np.ndim(x)
    order = [i for i in range(ndim) if i != source % ndim]
    order.insert(destination % ndim, source % ndim)
    return transpose(x, axes=tuple(order))


def _edge(x, values: Any, axis: int):
    """``prepend``/``append`` of diff: a scalar is broadcast to one slice along ``axis``."""
    if np.ndim(values) == 0:
        shape = list(np.shape(x))
        shape[axis] = 1
        return broadcast_to(values, shape=tuple(shape))
    return values


@composite(numpy=np.diff)
def diff(a, n: int = 1, axis: int = -1, prepend: Any = None, append: Any = None):
    """The ``n``-th differences along ``axis``: ``a[1:] - a[:-1]``, ``n`` times. ``prepend``
    and ``append`` (scalars or arrays) join ``a`` first, as in NumPy.

    >>> ag.diff([1.0, 4.0, 9.0, 16.0]).numpy()
    array([3., 5., 7.], dtype=float32)
    >>> ag.diff([1.0, 4.0, 9.0, 16.0], n=2).numpy()
    array([2., 2.], dtype=float32)
    """
    if n < 0:
        raise ValueError(f"diff: order n must be non-negative, got {n}")
    if np.ndim(a) == 0:
        raise ValueError("diff: needs at least one axis, got a 0-d input")
    axis = _axis_of(a, axis)
    if prepend is not None or append is not None:
        parts = [_edge(a, prepend, axis)] if prepend is not None else []
        parts.append(a)
        if append is not None:
            parts.append(_edge(a, append, axis))
        a = concat(parts, axis=axis)
    head = (slice(None),) * axis
    for _ in range(n):
        a = getitem(a, head + (slice(1, None),)) - getitem(a, head + (slice(None, -1),))
    return a if n else getitem(a, ())


@composite(numpy=np.gradient)
def gradient(f, *varargs: Any, axis: Any = None, edge_order: int = 1):
    """NumPy's ``np.gradient``: central differences ``(f[i+1] - f[i-1]) / 2h`` inside, one-sided
    differences of order ``edge_order`` (1 or 2) at the ends, along each axis in ``axis`` (all
    by default). ``varargs``: one spacing for every axis, or one per axis, each a number or the
    coordinates along that axis (uneven spacing uses NumPy's second-order formula). Several
    axes give a tuple, one a single Tensor. Linear in ``f``, so differentiable to any order.

    >>> ag.gradient([1.0, 4.0, 9.0, 16.0]).numpy()
    array([3., 4., 6., 7.], dtype=float32)
    >>> ag.gradient([1.0, 4.0, 9.0, 16.0], 2.0, edge_order=2).numpy()
    array([1., 2., 3., 4.], dtype=float32)
    """
    f = as_input(f, "gradient")
    ndim = np.ndim(f)
    axes = tuple(range(ndim)) if axis is None else \
        tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)
    axes = tuple(_axis_of(f, a) for a in axes)
    if ndim == 0 or len(set(axes)) != len(axes):
        raise ValueError(f"gradient: needs distinct axes of an array with at least one, got "
                         f"axis={axis!r} for a {ndim}-d input")
    if edge_order not in (1, 2):
        raise ValueError(f"gradient: edge_order must be 1 or 2, got {edge_order!r}")
    if len(varargs) not in (0, 1, len(axes)):
        raise TypeError(f"gradient: give one spacing or one per axis ({len(axes)}), got "
                        f"{len(varargs)}")
    spacings = varargs if len(varargs) == len(axes) else (varargs or (1.0,)) * len(axes)
    results = tuple(_gradient_along(f, a, s, edge_order) for a, s in zip(axes, spacings))
    return results[0] if len(results) == 1 else results


def _gradient_along(f, axis: int, spacing: Any, edge_order: int):
    n = np.shape(f)[axis]
    if n < edge_order + 1:
        raise ValueError(f"gradient: axis {axis} has {n} points; edge_order={edge_order} "
                         f"needs at least {edge_order + 1}")
    spacing = np.asarray(value_of(spacing), dtype=np.float64)
    if spacing.ndim == 0:
        steps = np.full(n - 1, float(spacing))
    elif spacing.shape == (n,):
        steps = np.diff(spacing)
    else:
        raise ValueError(f"gradient: the coordinates along axis {axis} must have its length "
                         f"{n}, got shape {spacing.shape}")
    tail = (1,) * (np.ndim(f) - axis - 1)
    dtype = np.asarray(value_of(f)).dtype
    dtype = dtype if dtype.kind == "f" else np.dtype(np.float64)  # float32 stays float32

    def at(start, stop):  # f[start:stop] along axis
        return getitem(f, (slice(None),) * axis + (slice(start, stop),))

    def weighted(*terms):  # sum of weight * slice, the weights laid along axis
        total = None
        for weight, part in terms:
            term = part * np.reshape(weight, np.shape(weight) + tail).astype(dtype)
            total = term if total is None else total + term
        return total
    d1, d2 = steps[:-1], steps[1:]  # the steps left and right of each inner point
    inner = weighted((-d2 / (d1 * (d1 + d2)), at(None, -2)), ((d2 - d1) / (d1 * d2), at(1, -1)),
                     (d1 / (d2 * (d1 + d2)), at(2, None)))
    if edge_order == 1:
        first = weighted((-1 / steps[:1], at(0, 1)), (1 / steps[:1], at(1, 2)))
        last = weighted((-1 / steps[-1:], at(-2, -1)), (1 / steps[-1:], at(-1, None)))
    else:
        a, b = steps[:1], steps[1:2]
        first = weighted((-(2 * a + b) / (a * (a + b)), at(0, 1)), ((a + b) / (a * b), at(1, 2)),
                         (-a / (b * (a + b)), at(2, 3)))
        a, b = steps[-2:-1], steps[-1:]
        last = weighted((b / (a * (a + b)), at(-3, -2)), (-(a + b) / (a * b), at(-2, -1)),
                        ((2 * b + a) / (b * (a + b)), at(-1, None)))
    return concat([first, inner, last], axis=axis)


from .arithmetic import where  # noqa: E402
from .linalg import transpose  # noqa: E402
from .reductions import sum  # noqa: E402
from .shape import broadcast_to, concat, expand_dims, getitem, reshape  # noqa: E402

__all__ = ["cumsum", "cumprod", "diff"]
