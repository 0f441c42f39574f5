"""The NumPy that ``ag.function``'s plans run for their hottest steps.

A plan's step is normally a call of the op's forward or VJP rule, a Python function around its
NumPy calls. For the steps that dominate a training step this module gives the NumPy calls
themselves, as a :class:`Kernel`: a template such as ``"add({0}, {1})"`` that the plan builder
fills with its locals' names, the arguments it reads, and which of them it may write its result
into (``out=``) when the plan owns that buffer and it dies at this step. Each kernel computes
what the op's own code computes, the same NumPy calls in the same order, so a replay gives the
eager numbers bit for bit:

- forwards that are one ufunc (``add``, ``multiply``, ``exp``, ...), ``relu``
  (``maximum(x, 0)``) and ``matmul``;
- VJPs: ``relu``'s read from the output (``x > 0`` exactly where ``relu(x) > 0``, so the
  forward may write into ``x``), ``matmul``'s of 2-d operands, and the softmax cross-entropy's
  for the logits, built in the forward's softmax buffer;
- :func:`sum_steps`: ``unbroadcast`` with its axes worked out once (a bias gradient's sum).
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

import numpy as np

__all__ = ["Kernel", "SCOPE", "forward_kernel", "vjp_kernel", "sum_steps", "cross_entropy",
           "cross_entropy_grad"]


class Kernel(NamedTuple):
    """A plan step's NumPy: ``template`` with ``{i}`` for the name of argument ``uses[i]``;
    ``inplace`` lists the placeholders whose buffer may receive the result
    (``template[:-1] + ", out=...)"``), which must match the shape and dtype of result
    ``like`` (of a step with two results); ``value`` is the result on the trace's arrays (for
    a VJP, computed by the kernel itself)."""

    template: str
    uses: Tuple[int, ...]
    inplace: Tuple[int, ...] = ()
    value: Any = None
    like: int = 0


def cross_entropy(labels: np.ndarray, logits: np.ndarray, axis: int,
                  out: Optional[np.ndarray] = None) -> Tuple[np.ndarray, np.ndarray]:
    """The softmax cross-entropy's forward as the op computes it (the loss per example and
    the softmax), its shifted logits written into ``out`` when given (the logits' buffer,
    when they die here).

    >>> loss, probs = cross_entropy(np.array([[0.0, 1.0]]), np.array([[0.0, 0.0]]), -1)
    >>> loss, probs
    (array([0.69314718]), array([[0.5, 0.5]]))
    """
    if _sum_kept is None:
        _tables()
    if out is not None and not out.flags.c_contiguous:
        out = None  # sum_kept below sums C-contiguous rows by BLAS, as the op's fresh array
    shifted = np.subtract(logits, logits.max(axis=axis, keepdims=True), out=out)
    exps = np.exp(shifted)
    total = _sum_kept(exps, axis)
    np.subtract(np.log(total), shifted, out=shifted)
    np.multiply(labels.astype(logits.dtype, copy=False), shifted, out=shifted)
    loss = _sum_kept(shifted, axis)
    return loss.squeeze(axis), np.true_divide(exps, total, out=exps)


def cross_entropy_grad(upstream: np.ndarray, labels: np.ndarray, probs: np.ndarray,
                       axis: int, out: Optional[np.ndarray] = None) -> np.ndarray:
    """The softmax cross-entropy's gradient for the logits, ``upstream * (probs * Σlabels -
    labels)`` as the op's VJP computes it (``probs`` is the forward's softmax), written into
    ``out`` when given.

    >>> probs = np.array([[0.25, 0.75]])
    >>> cross_entropy_grad(np.array([2.0]), np.array([[0.0, 1.0]]), probs, -1)
    array([[ 0.5, -0.5]])
    """
    if _sum_kept is None:
        _tables()
    grad = np.multiply(probs, _sum_kept(labels, axis), out=out)
    np.subtract(grad, labels, out=grad)
    if axis == -1:  # activations._per_example
        scale = upstream.reshape(upstream.shape + (1,))
    else:
        scale = upstream.reshape(_kept_shape(probs.shape, axis))
    return np.multiply(scale, grad, out=grad)


SCOPE: Dict[str, Any] = {
    "add": np.add, "subtract": np.subtract, "multiply": np.multiply,
    "true_divide": np.true_divide, "negative": np.negative, "square": np.square,
    "sqrt": np.sqrt, "exp": np.exp, "log": np.log, "sin": np.sin, "cos": np.cos,
    "tanh": np.tanh, "maximum": np.maximum, "greater": np.greater, "matmul": np.matmul,
    "add_reduce": np.add.reduce, "asarray": np.asarray,
    "cross_entropy_grad": cross_entropy_grad, "cross_entropy": cross_entropy,
}
"""The names kernels' templates call (the plan's globals)."""

_UFUNC_FORWARDS = ("add", "subtract", "multiply", "negative", "square", "sqrt", "exp", "log",
                   "sin", "cos", "tanh")
_FORWARDS: Dict[Any, Tuple[str, Tuple[int, ...]]] = {}
_SPECIAL: Dict[Any, Callable[[Sequence[Any], Dict[str, Any]], Optional[Kernel]]] = {}
_sum_kept: Any = None
_kept_shape: Any = None
_VJPS: Dict[Any, Callable[[Sequence[Any], Dict[str, Any]], Optional[Kernel]]] = {}


def _primitive(op_function: Any) -> Any:
    return op_function.primitive


def _tables() -> None:
    global _sum_kept, _kept_shape
    from . import ops
    from .ops import activations, linalg, reductions
    _sum_kept, _kept_shape = reductions.sum_kept, reductions._kept_shape
    _SPECIAL[_primitive(activations.softmax_cross_entropy_with_logits).forward] = (
        _cross_entropy_forward)
    _SPECIAL[_primitive(ops.mean).forward] = _mean
    _SPECIAL[_primitive(ops.sum).forward] = _sum
    for name in _UFUNC_FORWARDS:
        primitive = _primitive(getattr(ops, name))
        places = "{0}, {1}" if primitive.n_inputs == 2 else "{0}"
        _FORWARDS[primitive.forward] = (f"{name}({places})", tuple(range(primitive.n_inputs)))
    _FORWARDS[_primitive(ops.divide).forward] = ("true_divide({0}, {1})", (0, 1))
    _FORWARDS[_primitive(ops.relu).forward] = ("maximum({0}, 0)", (0,))
    _FORWARDS[_primitive(ops.matmul).forward] = ("matmul({0}, {1})", ())
    _VJPS[activations._relu_vjp] = _relu_grad
    a_rule, b_rule = _primitive(linalg.matmul).vjps
    _VJPS[a_rule] = _matmul_grad_a
    _VJPS[b_rule] = _matmul_grad_b
    _VJPS[_primitive(activations.softmax_cross_entropy_with_logits).vjps[1]] = _cross_entropy


def forward_kernel(forward: Callable[..., Any], params: Any,
                   values: Sequence[Any] = ()) -> Optional[Kernel]:
    """The kernel for an op's forward on ``values`` (None: the plan calls the forward itself).

    >>> import autograd_lite as ag
    >>> forward_kernel(ag.relu.primitive.forward, {})
    Kernel(template='maximum({0}, 0)', uses=(0,), inplace=(0,), value=None, like=0)
    """
    if not _FORWARDS:
        _tables()
    special = _SPECIAL.get(forward)
    if special is not None:
        return special(values, params or {})
    if params:
        return None
    entry = _FORWARDS.get(forward)
    if entry is None:
        return None
    template, inplace = entry
    return Kernel(template, tuple(range(template.count("{"))), inplace)


def _cross_entropy_forward(values: Sequence[Any], params: Dict[str, Any]) -> Optional[Kernel]:
    axis = params.get("axis", -1)
    if len(values) != 2 or set(params) - {"axis"} or type(axis) is not int or any(
            type(v) is not np.ndarray for v in values) or values[0].shape != values[1].shape:
        return None
    return Kernel(f"cross_entropy({{0}}, {{1}}, {axis!r})", (0, 1), (1,), like=1)


def _mean(values: Sequence[Any], params: Dict[str, Any]) -> Optional[Kernel]:
    """``mean``'s forward for floats of 32 bits or more: ``add.reduce / count``, the count
    known."""
    axis, keepdims = params.get("axis"), params.get("keepdims", False)
    if len(values) != 1 or set(params) - {"axis", "keepdims"} or type(keepdims) is not bool:
        return None
    x = values[0]
    if type(x) is not np.ndarray or x.dtype.kind != "f" or x.dtype.itemsize < 4 or not (
            axis is None or type(axis) is int):
        return None
    count = x.size if axis is None else x.shape[axis] if x.ndim else 0
    if not count:
        return None
    return Kernel(f"true_divide(add_reduce({{0}}, axis={axis!r}, keepdims={keepdims!r}), "
                  f"{count})", (0,))


def _sum(values: Sequence[Any], params: Dict[str, Any]) -> Optional[Kernel]:
    """``sum``'s forward, ``x.sum(axis, keepdims)``, as the ``add.reduce`` that it calls."""
    axis, keepdims = params.get("axis"), params.get("keepdims", False)
    if len(values) != 1 or set(params) - {"axis", "keepdims"} or type(keepdims) is not bool or (
            type(values[0]) is not np.ndarray) or not (
            axis is None or type(axis) is int or (
                type(axis) is tuple and all(type(a) is int for a in axis))):
        return None
    return Kernel(f"add_reduce({{0}}, axis={axis!r}, keepdims={keepdims!r})", (0,))


def vjp_kernel(rule: Any, values: Sequence[Any], params: Dict[str, Any]) -> Optional[Kernel]:
    """The kernel for a VJP rule on ``values`` (``[upstream, out, *inputs]``, the residual
    appended when the op keeps one; ``params`` without it), with its result; None where the
    plan calls the rule itself.

    >>> import autograd_lite as ag
    >>> rule = ag.relu.primitive.vjps[0]
    >>> x = np.array([-1.0, 2.0])
    >>> kernel = vjp_kernel(rule, [np.ones(2), np.maximum(x, 0), x], {})
    >>> kernel.template, kernel.uses, kernel.value
    ('multiply({0}, greater({1}, 0))', (0, 1), array([0., 1.]))
    """
    if not _FORWARDS:
        _tables()
    make = _VJPS.get(rule)
    if make is None or any(type(v) is not np.ndarray for v in values):
        return None
    return make(values, params)


def _relu_grad(values: Sequence[Any], params: Dict[str, Any]) -> Kernel:
    upstream, out = values[0], values[1]
    return Kernel("multiply({0}, greater({1}, 0))", (0, 1), (0,),
                  np.multiply(upstream, np.greater(out, 0)))


def _matmul_grad_a(values: Sequence[Any], params: Dict[str, Any]) -> Optional[Kernel]:
    upstream, _, a, b = values
    if a.ndim != 2 or b.ndim != 2:
        return None
    return Kernel("matmul({0}, {1}.T)", (0, 3), (), upstream @ b.T)


def _matmul_grad_b(values: Sequence[Any], params: Dict[str, Any]) -> Optional[Kernel]:
    upstream, _, a, b = values
    if a.ndim != 2 or b.ndim != 2:
        return None
    return Kernel("matmul({0}.T, {1})", (2, 0), (), a.T @ upstream)


def _cross_entropy(values: Sequence[Any], params: Dict[str, Any]) -> Optional[Kernel]:
    if len(values) != 5:
        return None
    upstream, _, labels, logits, probs = values
    axis = params.get("axis", -1)
    if type(axis) is not int or labels.shape != probs.shape or not (
            upstream.dtype == labels.dtype == probs.dtype):
        return None
    return Kernel(f"cross_entropy_grad({{0}}, {{1}}, {{2}}, {axis!r})", (0, 2, 4), (2,),
                  cross_entropy_grad(upstream, labels, probs, axis))


def sum_steps(grad: np.ndarray, shape: tuple) -> Optional[List[Tuple[str, Any, Any]]]:
    """``unbroadcast(grad, shape)`` as plan steps with its axes known: a list of ``(template,
    constant, value)``, the template's ``{0}`` the gradient so far and ``{1}`` the constant
    (None: unbroadcast has nothing to do or cannot do it, and the plan calls it as it is).

    >>> steps = sum_steps(np.ones((32, 3), np.float32), (3,))
    >>> [template for template, constant, value in steps], steps[-1][2]
    (['matmul({1}, {0})'], array([32., 32., 32.], dtype=float32))
    """
    from .unbroadcast import BLAS_FLOATS, ones_vector
    if type(grad) is not np.ndarray or grad.shape == shape:
        return None
    extra = grad.ndim - len(shape)
    if extra < 0:
        return None
    steps: List[Tuple[str, Any, Any]] = []
    if extra:  # unbroadcast._sum_leading, on arrays
        axes = tuple(range(extra)) if extra > 1 else 0
        if extra == 1 and grad.ndim == 2 and grad.shape[0] >= 8 and grad.dtype in BLAS_FLOATS:
            ones = ones_vector(grad.shape[0], grad.dtype)
            grad = ones @ grad
            steps.append(("matmul({1}, {0})", ones, grad))
        else:
            grad = np.add.reduce(grad, axis=axes)
            steps.append((f"add_reduce({{0}}, axis={axes!r})", None, grad))
    if 1 in shape:
        stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
        if stretched:
            grad = grad.sum(axis=stretched, keepdims=True)
            steps.append((f"add_reduce({{0}}, axis={stretched!r}, keepdims=True)", None, grad))
    return steps
