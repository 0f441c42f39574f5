"""Products of arrays: outer, kron, cross, and einsum (Einstein summation over any subscripts,
including ``...``, repeated letters within an operand and letters summed inside one operand).

einsum's subscripts are first written out in full (``...`` becomes letters, the implicit output
made explicit). The VJP for operand i is another einsum: the upstream gradient with the other
operands, giving the letters operand i shares with them; letters that only operand i has are
broadcast back, and a repeated letter puts the gradient on the diagonal.
"""
from __future__ import annotations

import string
from typing import Any, Dict, List, Sequence, Tuple

import numpy as np

from ..primitive import composite, op, piecewise, value_of
from .inputs import as_input


@composite(numpy=np.outer)
def outer(a, b):
    """The outer product of the flattened ``a`` and ``b``: ``a[i] * b[j]``.

    >>> ag.outer([1.0, 2.0], [3.0, 4.0]).numpy()
    array([[3., 4.],
           [6., 8.]], dtype=float32)
    """
    a, b = as_input(a, "outer"), as_input(b, "outer")
    return reshape(a, shape=(-1, 1)) * reshape(b, shape=(1, -1))


@composite(numpy=np.kron)
def kron(a, b):
    """The Kronecker product: blocks ``a[i, j] * b`` (any number of axes).

    >>> ag.kron([1.0, 10.0], [1.0, 2.0]).numpy()
    array([ 1.,  2., 10., 20.], dtype=float32)
    """
    a, b = as_input(a, "kron"), as_input(b, "kron")
    ndim = max(np.ndim(a), np.ndim(b))
    shape_a = (1,) * (ndim - np.ndim(a)) + np.shape(a)
    shape_b = (1,) * (ndim - np.ndim(b)) + np.shape(b)
    spread_a = reshape(a, shape=tuple(x for n in shape_a for x in (n, 1)))
    spread_b = reshape(b, shape=tuple(x for n in shape_b for x in (1, n)))
    return reshape(spread_a * spread_b, shape=tuple(m * n for m, n in zip(shape_a, shape_b)))


@composite(numpy=np.cross, tf="linalg.cross")
def cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """The cross product of 3-vectors along ``axisa`` / ``axisb`` (``axis`` sets all three),
    broadcast over the other axes; the result's vectors lie along ``axisc``.

    >>> ag.cross([1.0, 0.0, 0.0], [0.0, 1.0, 0.0]).numpy()
    array([0., 0., 1.], dtype=float32)
    """
    if axis is not None:
        axisa = axisb = axisc = axis
    a = rollaxis(as_input(a, "cross"), _axis(axisa, np.ndim(a), "cross"), 0)
    b = rollaxis(as_input(b, "cross"), _axis(axisb, np.ndim(b), "cross"), 0)
    if np.shape(a)[0] != 3 or np.shape(b)[0] != 3:
        raise ValueError(f"cross: the vectors must have 3 components, got "
                         f"{np.shape(a)[0]} and {np.shape(b)[0]}")
    a0, a1, a2 = a[0], a[1], a[2]
    b0, b1, b2 = b[0], b[1], b[2]
    result = stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], axis=0)
    return rollaxis(result, 0, _axis(axisc, np.ndim(result), "cross") + 1)


def _axis(axis: int, ndim: int, name: str) -> int:
    if not -ndim <= axis < ndim:
        raise ValueError(f"{name}: axis {axis} is out of bounds for an array of dimension "
                         f"{ndim}")
    return axis % ndim


def _explicit(subscripts: str, shapes: Sequence[tuple]) -> Tuple[List[str], str]:
    """The operands' subscripts and the output's, with ``...`` written as letters (right-
    aligned, so that they broadcast as NumPy's) and the implicit output made explicit."""
    text = subscripts.replace(" ", "")
    inputs_text, arrow, output_text = text.partition("->")
    terms = inputs_text.split(",")
    if len(terms) != len(shapes):
        raise ValueError(f"einsum: subscripts {subscripts!r} name {len(terms)} operands, "
                         f"got {len(shapes)}")
    used = set(c for c in text if c.isalpha())
    spare = [c for c in string.ascii_letters if c not in used]
    ellipsis_ndim = 0
    for term, shape in zip(terms, shapes):
        letters = len(term.replace("...", ""))
        if "..." in term:
            ellipsis_ndim = max(ellipsis_ndim, len(shape) - letters)
        elif letters != len(shape):
            raise ValueError(f"einsum: operand of shape {shape} has {len(shape)} axes but "
                             f"subscripts {term!r}")
    broadcast = "".join(spare[:ellipsis_ndim])
    written = []
    for term, shape in zip(terms, shapes):
        if "..." in term:
            count = len(shape) - len(term.replace("...", ""))
            term = term.replace("...", broadcast[ellipsis_ndim - count:] if count else "")
        written.append(term)
    if arrow:
        output = output_text.replace("...", broadcast)
    else:  # implicit: the broadcast axes, then the letters used once, in alphabetical order
        counts: Dict[str, int] = {}
        for term in terms:
            for c in term.replace("...", ""):
                counts[c] = counts.get(c, 0) + 1
        output = broadcast + "".join(sorted(c for c, k in counts.items() if k == 1))
    return written, output


def _einsum_vjp(argnum, upstream, out, *operands, subscripts=""):
    terms, output = subscripts.split("->")[0].split(","), subscripts.split("->")[1]
    mine = terms[argnum]
    others = [t for i, t in enumerate(terms) if i != argnum]
    other_operands = [x for i, x in enumerate(operands) if i != argnum]
    shape = np.shape(operands[argnum])
    unique = "".join(dict.fromkeys(mine))
    available = set(output).union(*others)
    shared = "".join(c for c in unique if c in available)
    grad = einsum(",".join([output] + others) + "->" + shared, upstream, *other_operands)
    # one axis per position of `mine`: the first place of a shared letter takes grad's axis
    first = {c: mine.index(c) for c in unique}
    sizes = dict(zip(shared, np.shape(grad)))
    placed = tuple(sizes[c] if c in sizes and first[c] == p else 1 for p, c in enumerate(mine))
    grad = reshape(grad, shape=placed)
    full = tuple(sizes.get(c, n) if first[c] == p else n
                 for p, (c, n) in enumerate(zip(mine, shape)))
    if full != placed:
        grad = broadcast_to(grad, shape=full)
    if len(unique) < len(mine):  # a repeated letter: only its diagonal was used
        grad = grad * piecewise(_diagonal_mask(mine, shape).astype(value_of(out).dtype))
    return grad


def _diagonal_mask(term: str, shape: tuple) -> np.ndarray:
    """True where every letter repeated in ``term`` has equal indices at all its places."""
    mask = np.ones((1,) * len(shape), dtype=bool)
    for p, c in enumerate(term):
        q = term.index(c)
        if q != p:
            index_p = np.arange(shape[p]).reshape([-1 if i == p else 1 for i in range(len(shape))])
            index_q = np.arange(shape[q]).reshape([-1 if i == q else 1 for i in range(len(shape))])
            mask = mask & (index_p == index_q)
    return mask


@op(vjp=_einsum_vjp, local="einsum of upstream with the other operands", name="einsum")
def _einsum(*operands, subscripts=""):
    return np.asarray(np.einsum(subscripts, *operands, optimize=len(operands) > 1))


_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _from_sublists(args: tuple) -> tuple:
    """``(op0, sublist0, op1, sublist1, ..., [out])`` -> ``("ab,bc->ac", operands)``."""
    def letters(sublist: Any) -> str:
        try:
            return "".join("..." if s is Ellipsis else _LETTERS[int(s)] for s in sublist)
        except (TypeError, ValueError, IndexError):
            raise TypeError(f"einsum: a sublist holds ints in [0, 52) and ..., got "
                            f"{sublist!r}") from None
    pairs = len(args) // 2
    operands = tuple(args[0:2 * pairs:2])
    terms = [letters(s) for s in args[1:2 * pairs:2]]
    subscripts = ",".join(terms)
    if len(args) % 2:
        subscripts += "->" + letters(args[-1])
    return subscripts, operands


def einsum(subscripts: str, *operands: Any, optimize: Any = None) -> Any:
    """Einstein summation, as ``np.einsum(subscripts, *operands)``: ``"ij,jk->ik"`` is a
    matrix product, ``"ii"`` a trace, ``"...ij->...ji"`` a batched transpose. Differentiable in
    every operand, to any order.

    >>> ag.einsum("ij,j->i", [[1.0, 2.0], [3.0, 4.0]], [1.0, 1.0]).numpy()
    array([3., 7.], dtype=float32)
    >>> ag.einsum("ii", [[1.0, 2.0], [3.0, 4.0]]).numpy()
    array(5., dtype=float32)

    NumPy's interleaved form ``einsum(op0, sublist0, op1, sublist1, ..., [sublistout])`` with
    sublists of ints (and ``...``) means the same:

    >>> ag.einsum([[1.0, 2.0], [3.0, 4.0]], [0, 1], [1.0, 1.0], [1], [0]).numpy()
    array([3., 7.], dtype=float32)
    """
    if not isinstance(subscripts, str):
        subscripts, operands = _from_sublists((subscripts,) + operands)
    operands = tuple(as_input(x, "einsum") for x in operands)
    terms, output = _explicit(subscripts, [np.shape(x) for x in operands])
    return _einsum(*operands, subscripts=",".join(terms) + "->" + output)


from ..primitive import register  # noqa: E402
from .arrange import rollaxis  # noqa: E402
from .shape import broadcast_to, reshape, stack  # noqa: E402

# @op puts its Primitive on the function as an attribute, which mypy does not model.
register(einsum, _einsum.primitive, name="einsum", numpy=np.einsum,  # type: ignore[attr-defined]
         tf=("einsum", "linalg.einsum"))

__all__ = ["outer", "kron", "cross", "einsum"]
