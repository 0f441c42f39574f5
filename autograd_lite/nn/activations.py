"""Activation functions by name, as layers accept them.

Examples
--------
>>> from autograd_lite.nn import activations
>>> import autograd_lite as ag
>>> activations.get("relu")(ag.constant([-1.0, 2.0])).numpy()
array([0., 2.], dtype=float32)
"""
from __future__ import annotations

import functools
import weakref
from typing import Callable, Dict, Optional, Tuple, Union

import autograd_lite as ag

__all__ = ["get", "linear", "name_of", "NAMES", "activate", "remembered_logits"]

Activation = Callable[..., "ag.Tensor"]

# id of the output Tensor of a layer's sigmoid or softmax -> (a weak reference to that output,
# its input, "sigmoid" | "softmax"). The cross-entropies read it back, as Keras 3 reads
# ``_keras_logits``, so a saturated output (sigmoid(20) is 1.0 in float32) still gets the exact
# loss and a nonzero gradient. Keyed by id, not by the Tensor: a WeakKeyDictionary would compare
# Tensors with ``==``, which is elementwise. The entry goes when the output is freed.
_LOGITS: Dict[int, Tuple["weakref.ref", "ag.Tensor", str]] = {}


def _forget(key: int, reference: "weakref.ref") -> None:
    entry = _LOGITS.get(key)
    if entry is not None and entry[0] is reference:
        del _LOGITS[key]


def linear(x):
    """Return ``x`` unchanged (the identity activation).

    Parameters
    ----------
    x : Tensor
        Any value.

    Returns
    -------
    Tensor
        ``x`` itself.

    Examples
    --------
    >>> from autograd_lite.nn.activations import linear
    >>> linear(3.0)
    3.0
    """
    return x


NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "swish",
         "softmax", "linear", "gelu", "selu", "hard_sigmoid", "silu", "exponential")


def get(identifier: Union[None, str, Activation]) -> Activation:
    """Turn an activation name (or a callable, or ``None``) into a function.

    Parameters
    ----------
    identifier : str, callable or None
        One of :data:`NAMES`, a callable taking a Tensor, or ``None``
        (which means ``"linear"``).

    Returns
    -------
    callable

    Raises
    ------
    ValueError
        For an unknown name, listing the known ones.

    Examples
    --------
    >>> from autograd_lite.nn import activations
    >>> activations.get(None) is activations.linear
    True
    """
    if identifier is None:
        return linear
    if callable(identifier):
        return identifier
    if isinstance(identifier, str):
        return _by_name(identifier)
    raise TypeError(f"activation: expected a name or a callable, received {identifier!r}")


def _by_name(name: str) -> Activation:
    key = name.lower()
    if key == "linear":
        return linear
    if key not in NAMES:
        raise ValueError(f"activation: unknown name {name!r}; known names: {', '.join(NAMES)}")
    return getattr(ag, key)


def name_of(fn: Optional[Activation]) -> str:
    """Return the readable name of an activation function.

    Parameters
    ----------
    fn : callable or None

    Returns
    -------
    str

    Examples
    --------
    >>> from autograd_lite.nn import activations
    >>> activations.name_of(activations.get("relu"))
    'relu'
    """
    if fn is None:
        return "linear"
    return getattr(fn, "__name__", type(fn).__name__)


def _saturating_kind(fn: Activation) -> Optional[str]:
    if fn is ag.sigmoid:
        return "sigmoid"
    if fn is ag.softmax:
        return "softmax"
    return None


def activate(fn: Activation, x: "ag.Tensor") -> "ag.Tensor":
    """Return ``fn(x)``; for sigmoid and softmax, also remember ``x`` as the output's logits.

    The cross-entropy losses given that output with ``from_logits=False`` then
    compute the loss from the logits (exact and stable) rather than from
    clipped probabilities, as Keras 3 does.

    Parameters
    ----------
    fn : callable
        An activation, as :func:`get` returns it.
    x : Tensor
        The pre-activation values.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import autograd_lite as ag
    >>> from autograd_lite.nn import activations
    >>> z = ag.constant([[20.0]])
    >>> p = activations.activate(activations.get("sigmoid"), z)
    >>> remembered = activations.remembered_logits(p)
    >>> remembered[0] is z, remembered[1]
    (True, 'sigmoid')
    """
    out = fn(x)
    kind = _saturating_kind(fn)
    if kind is not None and isinstance(out, ag.Tensor):
        key = id(out)
        reference = weakref.ref(out, functools.partial(_forget, key))
        _LOGITS[key] = (reference, x, kind)
    return out


def remembered_logits(output) -> Optional[Tuple["ag.Tensor", str]]:
    """``(logits, "sigmoid" | "softmax")`` if ``output`` came from :func:`activate`, else None.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> from autograd_lite.nn import activations
    >>> activations.remembered_logits(ag.sigmoid(ag.constant([0.0]))) is None
    True
    """
    entry = _LOGITS.get(id(output))
    if entry is None or entry[0]() is not output:
        return None
    return entry[1], entry[2]
