"""Function transforms built on the tape: ``grad`` and ``value_and_grad``."""
from __future__ import annotations

from typing import Any, Callable, Sequence, Tuple, Union

from .tape import GradientTape, UnconnectedGradients
from .tensor import Tensor, constant

Argnums = Union[int, Sequence[int]]


def value_and_grad(f: Callable[..., Tensor], argnums: Argnums = 0) -> Callable[..., Tuple]:
    """A function returning ``(f(*args), df/d args[argnums])`` for a scalar-valued ``f``.

    ``argnums`` is an int (one gradient) or a tuple (a tuple of gradients). A gradient that
    does not depend on its argument is zeros. Nesting gives higher derivatives.

    >>> value, slope = ag.value_and_grad(lambda x: x ** 3)(2.0)
    >>> float(value), float(slope)
    (8.0, 12.0)
    """
    single = isinstance(argnums, int)
    positions = (argnums,) if isinstance(argnums, int) else tuple(argnums)

    def wrapper(*args: Any, **kwargs: Any) -> Tuple[Tensor, Any]:
        values = list(args)
        for i in positions:
            if i >= len(values):
                raise TypeError(f"grad: argnums {i} is out of range for {len(values)} arguments")
            values[i] = _as_source(values[i], i)
        sources = [values[i] for i in positions]
        with GradientTape() as tape:
            tape.watch(sources)
            value = f(*values, **kwargs)
        if not isinstance(value, Tensor) or value.ndim != 0:
            shape = getattr(value, "shape", type(value).__name__)
            raise TypeError(f"grad: f must return a scalar Tensor, got {shape}; use "
                            f"tape.jacobian for non-scalar outputs")
        grads = tape.gradient(value, sources, unconnected_gradients=UnconnectedGradients.ZERO)
        return value, grads[0] if single else tuple(grads)
    return wrapper


def grad(f: Callable[..., Tensor], argnums: Argnums = 0) -> Callable[..., Any]:
    """A function returning the gradient of scalar-valued ``f`` w.r.t. ``args[argnums]``.

    >>> float(ag.grad(ag.sin)(0.0))
    1.0
    >>> float(ag.grad(ag.grad(lambda x: x ** 3))(2.0))
    12.0
    """
    value_and_gradient = value_and_grad(f, argnums)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return value_and_gradient(*args, **kwargs)[1]
    return wrapper


def _as_source(value: Any, position: int) -> Tensor:
    tensor = value if isinstance(value, Tensor) else constant(value)
    if tensor.dtype.kind != "f":
        raise TypeError(f"grad: argument {position} has dtype {tensor.dtype}; only floating "
                        f"values have gradients (pass 3.0 rather than 3)")
    return tensor
