"""Nested structures of Tensors: the list / tuple / dict a ``gradient`` call is given as
sources or targets, flattened to a list and rebuilt around the results.

>>> a, b = ag.constant(1.0), ag.constant(2.0)
>>> flat = flatten({"w": [a, b]}, "example", "sources")
>>> unflatten({"w": [a, b]}, iter(["da", "db"]))
{'w': ['da', 'db']}
"""
from __future__ import annotations

from typing import Any, Iterator, List

from .tensor import Tensor, Variable, VariableRead

_TENSOR_TYPES = frozenset((Tensor, Variable, VariableRead))  # tested at C speed, in a set


def targets(target: Any, what: str) -> List[Tensor]:
    """The target's Tensors: one, or a nested list / tuple / dict of them (as in TF).

    >>> y = ag.constant(1.0)
    >>> targets({"loss": y}, "gradient") == [y]
    True
    """
    if isinstance(target, Tensor):
        return [target]
    try:
        return flatten(target, f"GradientTape.{what}", "the target")
    except TypeError:
        raise TypeError(f"GradientTape.{what}: the target must be a Tensor (or a list of "
                        f"Tensors), got {type(target).__name__}") from None


def one_target(target: Any, what: str) -> Tensor:
    """The single Tensor a Jacobian is taken of (``[y]`` is accepted for ``y``).

    >>> y = ag.constant([1.0, 2.0])
    >>> one_target([y], "jacobian") is y
    True
    """
    found = targets(target, what)
    if len(found) != 1:
        raise ValueError(f"GradientTape.{what}: the target must be one Tensor, got "
                         f"{len(found)}; stack them with ag.stack or take one {what} each")
    return found[0]


def flatten(structure: Any, where: str, what: str) -> List[Tensor]:
    """The Tensors of a nested list / tuple / dict, in order; anything else is a TypeError
    whose message starts with ``where``.

    >>> a, b = ag.constant(1.0), ag.constant(2.0)
    >>> flatten((a, [b]), "GradientTape.gradient", "sources") == [a, b]
    True
    """
    if type(structure) is list and (_TENSOR_TYPES.issuperset(map(type, structure)) or all(
            isinstance(s, Tensor) for s in structure)):
        return structure  # the usual list of variables (read, never changed)
    flat, pending = [], [structure]
    while pending:
        item = pending.pop()
        if isinstance(item, Tensor):
            flat.append(item)
        elif isinstance(item, dict):
            pending.extend(reversed([item[k] for k in item]))
        elif isinstance(item, (list, tuple)):
            pending.extend(reversed(item))
        else:
            fix = "pass its .trainable_variables" if hasattr(item, "trainable_variables") \
                else "wrap arrays and numbers with ag.constant and watch them"
            raise TypeError(f"{where}: {what} must be Tensors or Variables (or nested lists, "
                            f"tuples or dicts of them), got {type(item).__name__}; {fix}")
    return flat


def unflatten(structure: Any, results: Iterator[Any]) -> Any:
    """Rebuild ``structure`` with each Tensor replaced by the next result.

    >>> a = ag.constant(1.0)
    >>> unflatten((a, [a]), iter([1, 2]))
    (1, [2])
    """
    if isinstance(structure, Tensor):
        return next(results)
    if type(structure) is list and all(isinstance(s, Tensor) for s in structure):
        return [next(results) for _ in structure]  # the usual list of variables
    if isinstance(structure, dict):
        return type(structure)((k, unflatten(v, results)) for k, v in structure.items())
    rebuilt = [unflatten(v, results) for v in structure]
    return rebuilt if isinstance(structure, list) else type(structure)(rebuilt) \
        if type(structure) is tuple else type(structure)(*rebuilt)


__all__ = ["flatten", "unflatten", "targets", "one_target"]
