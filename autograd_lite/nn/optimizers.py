"""Optimizers with the Keras 3 update rules: SGD, RMSprop, Adam.

``apply_gradients`` takes ``(gradient, variable)`` pairs. A pair whose gradient
is ``None`` is skipped (its slots untouched), but the step count, shared by all
variables, still advances. Every optimizer accepts Keras's gradient clipping:
``clipnorm`` (each gradient rescaled to at most that L2 norm), ``global_clipnorm``
(all gradients rescaled together so their joint norm is at most that) and
``clipvalue`` (each element clipped to ``[-clipvalue, clipvalue]``). Each must
be > 0 when given (``None``, the default, means off). As in Keras, ``clipnorm``
and ``global_clipnorm`` cannot be set together, and either wins over ``clipvalue``.
A learning rate may be a float or a schedule (:mod:`autograd_lite.nn.schedules`,
reachable as ``ag.optimizers.schedules``), evaluated at the step count before the update.

Examples
--------
>>> import autograd_lite as ag
>>> w = ag.Variable([1.0, 2.0])
>>> ag.optimizers.SGD(learning_rate=0.5).apply_gradients([(ag.constant([1.0, 1.0]), w)])
>>> w.numpy()
array([0.5, 1.5], dtype=float32)
"""
from __future__ import annotations

import abc
import functools
import math
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np

import autograd_lite as ag
from autograd_lite.function import traced_effect, traced_source
from autograd_lite.tensor import TRACING

from . import schedules
from .arrays import describe, numeric_array
from .checks import check_float, check_fraction, check_rate

__all__ = ["Optimizer", "SGD", "RMSprop", "Adam", "get", "schedules"]

LearningRate = Union[float, Callable[[int], float]]


class Optimizer(abc.ABC):
    """Base class: subclasses implement ``_step(grad, lr, slots)``.

    ``_step`` gets the gradient as a NumPy array (in the variable's dtype), the
    learning rate for this step and a dict of the variable's slot arrays, and
    returns the step to subtract: ``w -= _step(...)``.

    Parameters
    ----------
    learning_rate : float or callable
        A constant, or a schedule called with the step count.
    name : str
    clipnorm : float > 0, optional
        Rescale each gradient whose L2 norm exceeds this to that norm.
    clipvalue : float > 0, optional
        Clip each gradient element to ``[-clipvalue, clipvalue]`` (ignored when
        ``clipnorm`` or ``global_clipnorm`` is set).
    global_clipnorm : float > 0, optional
        Rescale all gradients together when their joint L2 norm exceeds this.
        Not allowed together with ``clipnorm``.

    Examples
    --------
    >>> import numpy as np
    >>> import autograd_lite as ag
    >>> class SignSGD(ag.optimizers.Optimizer):
    ...     def _step(self, grad, lr, slots):
    ...         return lr * np.sign(grad)
    >>> w = ag.Variable([1.0, -1.0])
    >>> SignSGD(0.5).apply_gradients([(ag.constant([3.0, -2.0]), w)])
    >>> w.numpy()
    array([ 0.5, -0.5], dtype=float32)

    Clipping: the gradient (3, 4) has norm 5, so ``clipnorm=1`` scales it to (0.6, 0.8).

    >>> w = ag.Variable([0.0, 0.0])
    >>> ag.optimizers.SGD(1.0, clipnorm=1.0).apply_gradients([(ag.constant([3.0, 4.0]), w)])
    >>> w.numpy()
    array([-0.6, -0.8], dtype=float32)
    """

    def __init__(self, learning_rate: LearningRate, name: str = "optimizer",
                 clipnorm: Optional[float] = None, clipvalue: Optional[float] = None,
                 global_clipnorm: Optional[float] = None):
        where = type(self).__name__
        if clipnorm is not None and global_clipnorm is not None:
            raise ValueError(f"{where}: only one of clipnorm and global_clipnorm can be set, "
                             f"received clipnorm={clipnorm!r}, global_clipnorm={global_clipnorm!r}")
        self.clipnorm = _clip_setting(clipnorm, "clipnorm", where)
        self.clipvalue = _clip_setting(clipvalue, "clipvalue", where)
        self.global_clipnorm = _clip_setting(global_clipnorm, "global_clipnorm", where)
        self.name = name
        self.learning_rate = learning_rate
        self.iterations = ag.Variable(np.int64(0), trainable=False, name=f"{name}/iteration")
        self._slots: Dict[int, Tuple[ag.Variable, Dict[str, np.ndarray]]] = {}
        # Per variable: two work arrays of its shape and dtype, one for its clipped gradient
        # and a float64 one for norms,
        # so a step allocates nothing once warm (issue 17: page faults per step).
        self._scratch: Dict[int, Tuple[ag.Variable, List[np.ndarray]]] = {}
        self._reuse = False  # may the update overwrite the gradients? (see _apply_arrays)

    @property
    def learning_rate(self) -> float:
        """The rate the next update will use (a schedule evaluated now)."""
        return self._rate_at(int(self.iterations))

    @learning_rate.setter
    def learning_rate(self, value: LearningRate) -> None:
        self._learning_rate = check_rate(value, type(self).__name__)

    def _rate_at(self, step: int) -> float:
        rate = self._learning_rate
        return float(rate(step)) if callable(rate) else rate

    def apply_gradients(self, grads_and_vars: Iterable[Tuple[object, object]]) -> None:
        """Update each variable from its gradient, then advance the step count.

        Parameters
        ----------
        grads_and_vars : iterable of (gradient or None, Variable)

        Raises
        ------
        TypeError
            If an entry is not a ``(gradient, variable)`` pair with a Variable,
            or a gradient is not numeric (a string, a dict, a ragged list).
        ValueError
            If a gradient's shape differs from its variable's.

        Every pair is checked before anything changes: on an error the
        variables, the slots and ``iterations`` are as they were.

        Examples
        --------
        >>> import autograd_lite as ag
        >>> w = ag.Variable([1.0])
        >>> opt = ag.optimizers.SGD(0.1)
        >>> opt.apply_gradients([(None, w)])
        >>> int(opt.iterations), float(w[0])
        (1, 1.0)
        """
        pairs = list(grads_and_vars)
        if TRACING.tracer is not None and TRACING.tracer.active:  # ag.function: one step
            checked = self._checked_shapes(pairs)
            if not self._traced_ops(checked):
                traced_effect(functools.partial(self._apply_arrays, [v for _, v in checked]),
                              [g for g, _ in checked], may_reuse=True)
            return
        self._apply(self._checked(pairs))

    def _traced_ops(self, checked: List[Tuple[Any, ag.Variable]]) -> bool:
        """While tracing: write the update as ops and Variable assigns, which the plan runs as
        NumPy lines with no Python of the optimizer per step; False (nothing done) where the
        update is a Python effect instead (the default: ``_apply_arrays`` each replay)."""
        return False

    def traced_settings(self) -> tuple:
        """What an update written as ops (``_traced_ops``) fixed when it was traced, besides
        the rate: ``fit`` traces its step again when they change, and a replay of a plan
        traced with other settings refuses to run.

        >>> ag.optimizers.SGD(0.1, momentum=0.9).traced_settings()
        ('SGD', None, None, None, 0.9, False)
        """
        return (type(self).__name__, self.clipnorm, self.clipvalue, self.global_clipnorm)

    def _traced_rate(self, dtype: np.dtype) -> ag.Tensor:
        """The learning rate as a 0-d array of ``dtype`` (cast as NumPy casts a Python float
        against an array of that dtype), read afresh at each replay: a rate set between calls
        is seen, a schedule set since the trace too."""
        return traced_source(functools.partial(self._rate_array, dtype, self.traced_settings()))

    def _rate_array(self, dtype: np.dtype, settings: tuple) -> np.ndarray:
        if self.traced_settings() != settings:
            raise RuntimeError(
                f"{type(self).__name__}: its settings changed from {settings} to "
                f"{self.traced_settings()} since ag.function traced its update as a plan; "
                f"trace the step again (a new ag.function) after changing them")
        rate = self._learning_rate
        return np.asarray(self._rate_at(int(self.iterations)) if callable(rate) else rate, dtype)

    def _apply_arrays(self, variables: List[ag.Variable], *grads: np.ndarray,
                      owned: bool = False) -> None:
        """The update of a traced step's replay; ``owned``: the plan hands over its gradient
        buffers (dead after this), which the update may then use as scratch."""
        self._reuse = owned
        try:
            self._apply([(g if g.dtype == v.dtype and type(g) is np.ndarray
                          else np.asarray(g, v.dtype), v) for g, v in zip(grads, variables)])
        finally:
            self._reuse = False

    def _checked_shapes(self, pairs: Sequence[object]) -> List[Tuple[Any, ag.Variable]]:
        """While tracing: each pair checked by shape (its values are not known yet)."""
        out: List[Tuple[Any, ag.Variable]] = []
        for index, pair in enumerate(pairs):
            grad, variable = self._unpacked(index, pair)
            if grad is None:
                continue
            if not isinstance(grad, ag.Tensor):
                grad = self._gradient_array(index, grad, variable)
            elif tuple(grad.shape) != tuple(variable.shape):
                raise ValueError(f"{type(self).__name__}.apply_gradients: gradient of shape "
                                 f"{tuple(grad.shape)} for variable {_name(variable)} of shape "
                                 f"{tuple(variable.shape)}")
            out.append((grad, variable))
        return out

    def _apply(self, updates: List[Tuple[np.ndarray, ag.Variable]]) -> None:
        updates = self._clipped(updates)
        lr = self._rate_at(int(self.iterations))
        for grad, variable in updates:
            if variable.dtype.kind == "f":
                self._update(variable, grad, lr, self._slots_for(variable))
            else:  # integer variables round the step as NumPy casts it
                Optimizer._update(self, variable, grad, lr, self._slots_for(variable))
        # An array, not the Python 1: assign_add then skips converting it (11 us a step).
        self.iterations.assign_add(np.ones((), self.iterations.dtype))

    def _update(self, variable, grad: np.ndarray, lr: float, slots: Dict[str, np.ndarray]) -> None:
        """Apply one step to ``variable``; the built-in optimizers override it to work in
        place on preallocated arrays, a subclass defining only ``_step`` gets this."""
        variable.assign_sub(np.asarray(self._step(grad, lr, slots), dtype=variable.dtype))

    def _work(self, variable) -> List[np.ndarray]:
        """Scratch arrays shaped like ``variable`` (made once, reused every step): two for the
        update, one for the clipped gradient, one in float64 for its norm."""
        entry = self._scratch.get(id(variable))
        if entry is None or entry[0] is not variable or entry[1][0].shape != variable.shape:
            shape, dtype = variable.shape, variable.dtype
            entry = (variable, [np.empty(shape, dtype), np.empty(shape, dtype),
                                np.empty(shape, dtype), np.empty(shape, np.float64)])
            self._scratch[id(variable)] = entry
        return entry[1]

    def apply(self, grads: Iterable[object], trainable_variables: Iterable[object]) -> None:
        """Keras 3's form of :meth:`apply_gradients`: gradients and variables as two lists.

        Examples
        --------
        >>> import autograd_lite as ag
        >>> w = ag.Variable([1.0, 2.0])
        >>> ag.optimizers.SGD(0.5).apply([ag.constant([2.0, 2.0])], [w])
        >>> w.numpy()
        array([0., 1.], dtype=float32)
        """
        grads, variables = list(grads), list(trainable_variables)
        if len(grads) != len(variables):
            raise ValueError(f"{type(self).__name__}.apply: {len(grads)} gradients for "
                             f"{len(variables)} variables; give one gradient per variable")
        self.apply_gradients(zip(grads, variables))

    def _checked(self, pairs: Sequence[object]) -> List[Tuple[np.ndarray, ag.Variable]]:
        """Every pair checked and its gradient converted, before anything changes."""
        out = []
        for index, pair in enumerate(pairs):
            grad, variable = self._unpacked(index, pair)
            if grad is not None:
                out.append((self._gradient_array(index, grad, variable), variable))
        return out

    def _clipped(self, updates: List[Tuple[np.ndarray, ag.Variable]]
                 ) -> List[Tuple[np.ndarray, ag.Variable]]:
        """The gradients after Keras's clipping: clipnorm, else global_clipnorm, else clipvalue."""
        if self.clipnorm is not None:
            return [(self._scaled(g, v, self._norm([(g, v)]), self.clipnorm), v)
                    for g, v in updates]
        if self.global_clipnorm is not None:
            total = self._norm(updates)
            return [(self._scaled(g, v, total, self.global_clipnorm), v) for g, v in updates]
        if self.clipvalue is not None:
            return [(np.clip(g, -self.clipvalue, self.clipvalue,
                             out=self._work(v)[2] if g.dtype == v.dtype else None), v)
                    for g, v in updates]
        return updates

    def _norm(self, updates: List[Tuple[np.ndarray, ag.Variable]]) -> float:
        """The joint L2 norm of the gradients, summed in float64 (in scratch, no allocation)."""
        total = 0.0
        for g, v in updates:
            squares = self._work(v)[3]
            np.square(g, out=squares)
            total += float(squares.sum())
        return math.sqrt(total)

    def _scaled(self, grad: np.ndarray, variable, norm: float, limit: float) -> np.ndarray:
        """``grad * limit / max(norm, limit)``: unchanged when ``norm <= limit``."""
        if norm <= limit:
            return grad
        return np.multiply(grad, limit / norm, out=self._work(variable)[2])

    def _unpacked(self, index: int, pair: object) -> Tuple[object, ag.Variable]:
        where = f"{type(self).__name__}.apply_gradients"
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"{where}: entry {index} must be a (gradient, variable) pair, "
                            f"received {describe(pair)}")
        grad, variable = pair
        if not isinstance(variable, ag.Variable):
            raise TypeError(f"{where}: entry {index} holds {type(variable).__name__}, "
                            f"expected a Variable")
        return grad, variable

    def _gradient_array(self, index: int, grad: object, variable) -> np.ndarray:
        where = f"{type(self).__name__}.apply_gradients"
        array = numeric_array(grad, where, f"the gradient for variable {_name(variable)} "
                                           f"(entry {index})")
        if array.dtype.kind not in "iuf":
            raise TypeError(f"{where}: the gradient for variable {_name(variable)} (entry "
                            f"{index}) must be integer or floating, received dtype {array.dtype}")
        if array.shape != tuple(variable.shape):
            raise ValueError(f"{where}: gradient of shape {array.shape} for variable "
                             f"{_name(variable)} of shape {tuple(variable.shape)}")
        return array.astype(variable.dtype, copy=False)  # never written to: no copy needed

    def _slots_for(self, variable) -> Dict[str, np.ndarray]:
        # Keeping the variable beside its slots pins its id for the optimizer's life.
        entry = self._slots.get(id(variable))
        if entry is None or entry[0] is not variable:
            entry = (variable, {})
            self._slots[id(variable)] = entry
        return entry[1]

    def __getstate__(self) -> dict:
        # Slots are keyed by id(variable): a copy (or a pickle) keys them afresh by the
        # copied variables' ids (see __setstate__).
        state = dict(self.__dict__)
        state["_slots"] = list(self._slots.values())
        state["_scratch"] = {}  # work arrays: made again on the copy's first step
        return state

    def __setstate__(self, state: dict) -> None:
        state = dict(state)
        state["_slots"] = {id(variable): (variable, slots) for variable, slots in state["_slots"]}
        self.__dict__.update(state)

    @abc.abstractmethod
    def _step(self, grad: np.ndarray, lr: float, slots: Dict[str, np.ndarray]) -> np.ndarray:
        """The amount to subtract from the variable this step."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self._learning_rate!r})"


def _clip_setting(value: Any, what: str, where: str) -> Optional[float]:
    """A clipping argument as a float > 0, or None (off); ``ValueError`` naming ``where``.

    >>> _clip_setting(2, "clipnorm", "SGD"), _clip_setting(None, "clipnorm", "SGD")
    (2.0, None)
    """
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not number > 0 or isinstance(value, bool):
        raise ValueError(f"{where}: {what} must be a number > 0 (or None for no clipping), "
                         f"received {value!r}")
    return number


def _name(variable) -> str:
    return repr(getattr(variable, "path", None) or "<unnamed>")


def _slot(slots: Dict[str, np.ndarray], key: str, like: np.ndarray) -> np.ndarray:
    if key not in slots:
        slots[key] = np.zeros_like(like)
    return slots[key]


class SGD(Optimizer):
    """Gradient descent, with optional (Nesterov) momentum.

    Plain: ``w -= lr * g``. Momentum: ``v = m * v - lr * g; w += v``.
    Nesterov: ``v = m * v - lr * g; w += m * v - lr * g``.

    Parameters
    ----------
    learning_rate : float or schedule, default 0.01
    momentum : float in [0, 1], default 0.0
    nesterov : bool, default False
    clipnorm, clipvalue, global_clipnorm : float > 0, optional
        Gradient clipping, as in :class:`Optimizer`.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> w = ag.Variable([1.0])
    >>> opt = ag.optimizers.SGD(learning_rate=0.1, momentum=0.9)
    >>> for _ in range(2):
    ...     opt.apply_gradients([(ag.constant([1.0]), w)])
    >>> round(float(w[0]), 6)
    0.71
    """

    def __init__(self, learning_rate: LearningRate = 0.01, momentum: float = 0.0,
                 nesterov: bool = False, name: str = "SGD", clipnorm: Optional[float] = None,
                 clipvalue: Optional[float] = None, global_clipnorm: Optional[float] = None):
        momentum = check_fraction(momentum, "SGD", "momentum", upper_open=False)
        super().__init__(learning_rate, name, clipnorm, clipvalue, global_clipnorm)
        self.momentum, self.nesterov = momentum, bool(nesterov)

    def _step(self, grad, lr, slots):
        if not self.momentum:
            return lr * grad
        velocity = _slot(slots, "momentum", grad)
        velocity[...] = self.momentum * velocity - lr * grad
        if self.nesterov:
            return lr * grad - self.momentum * velocity
        return -velocity

    def traced_settings(self) -> tuple:
        # (spelt out, not super()'s plus two: a replay asks at every step)
        return ("SGD", self.clipnorm, self.clipvalue, self.global_clipnorm, self.momentum,
                self.nesterov)

    def _traced_ops(self, checked):
        """Plain SGD with a constant rate, no clipping and floating variables: ``w -= g *
        lr`` as ops (the plan multiplies into the dying gradient and subtracts in place)."""
        if self.momentum or callable(self._learning_rate) or self.clipnorm is not None or (
                self.global_clipnorm is not None or self.clipvalue is not None) or not all(
                isinstance(g, ag.Tensor) and v.dtype.kind == "f" and g.dtype == v.dtype
                for g, v in checked):
            return False
        rates: Dict[Any, ag.Tensor] = {}
        for grad, variable in checked:
            rate = rates.get(variable.dtype)
            if rate is None:
                rate = rates[variable.dtype] = self._traced_rate(variable.dtype)
            variable.assign_sub(grad * rate)
        self.iterations.assign_add(np.ones((), self.iterations.dtype))
        return True

    def _update(self, variable, grad, lr, slots):
        work = grad if self._reuse else self._work(variable)[0]
        np.multiply(grad, lr, out=work)  # lr * g
        if not self.momentum:
            variable.assign_sub(work)
            return
        velocity = _slot(slots, "momentum", grad)
        velocity *= self.momentum
        velocity -= work  # v = m * v - lr * g
        if self.nesterov:  # w -= lr * g - m * v
            work -= np.multiply(velocity, self.momentum, out=self._work(variable)[1])
            variable.assign_sub(work)
        else:
            variable.assign_add(velocity)


class RMSprop(Optimizer):
    """Divide the step by a running root mean square of the gradients.

    ``v = rho * v + (1 - rho) * g**2; w -= lr * g / sqrt(v + epsilon)``
    (``centered`` subtracts the squared running mean gradient inside the
    root; ``momentum`` accumulates the steps as Keras does).

    Parameters
    ----------
    learning_rate : float or schedule, default 0.001
    rho : float, default 0.9
    momentum : float, default 0.0
    epsilon : float, default 1e-7
    centered : bool, default False
    clipnorm, clipvalue, global_clipnorm : float > 0, optional
        Gradient clipping, as in :class:`Optimizer`.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> w = ag.Variable([1.0], dtype="float64")
    >>> ag.optimizers.RMSprop(learning_rate=0.1).apply_gradients([(ag.constant([2.0]), w)])
    >>> round(float(w[0]), 4)
    0.6838
    """

    def __init__(self, learning_rate: LearningRate = 0.001, rho: float = 0.9,
                 momentum: float = 0.0, epsilon: float = 1e-7, centered: bool = False,
                 name: str = "RMSprop", clipnorm: Optional[float] = None,
                 clipvalue: Optional[float] = None, global_clipnorm: Optional[float] = None):
        rho, momentum, epsilon = (check_float(value, "RMSprop", name) for name, value in
                                  (("rho", rho), ("momentum", momentum), ("epsilon", epsilon)))
        super().__init__(learning_rate, name, clipnorm, clipvalue, global_clipnorm)
        self.rho, self.momentum, self.epsilon = rho, momentum, epsilon
        self.centered = bool(centered)

    def _step(self, grad, lr, slots):
        velocity = _slot(slots, "velocity", grad)
        velocity[...] = self.rho * velocity + (1.0 - self.rho) * grad * grad
        denominator = velocity + self.epsilon
        if self.centered:
            average = _slot(slots, "average_gradient", grad)
            average[...] = self.rho * average + (1.0 - self.rho) * grad
            denominator = velocity - average * average + self.epsilon
        increment = lr * grad / np.sqrt(denominator)
        if self.momentum > 0:
            accumulated = _slot(slots, "momentum", grad)
            accumulated[...] = self.momentum * accumulated + increment
            increment = accumulated
        return increment

    def _update(self, variable, grad, lr, slots):
        work, other = self._work(variable)[:2]
        rho = self.rho
        velocity = _slot(slots, "velocity", grad)
        velocity *= rho  # v = rho * v + (1 - rho) * g * g
        np.multiply(grad, 1.0 - rho, out=work)
        work *= grad
        velocity += work
        if self.centered:  # denominator v - a * a + epsilon, a the running mean gradient
            average = _slot(slots, "average_gradient", grad)
            average *= rho
            average += np.multiply(grad, 1.0 - rho, out=work)
            np.multiply(average, average, out=other)
            np.subtract(velocity, other, out=other)
        else:
            other[...] = velocity
        other += self.epsilon
        np.sqrt(other, out=other)
        np.multiply(grad, lr, out=work)  # lr * g / sqrt(denominator)
        work /= other
        if self.momentum > 0:
            accumulated = _slot(slots, "momentum", grad)
            accumulated *= self.momentum
            accumulated += work
            work = accumulated
        variable.assign_sub(work)


class Adam(Optimizer):
    """Adaptive moments with Keras's bias correction folded into the rate.

    With ``t = steps taken + 1``: ``m += (g - m)(1 - beta_1)``,
    ``v += (g*g - v)(1 - beta_2)``,
    ``w -= lr * sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (sqrt(v) + epsilon)``.

    Parameters
    ----------
    learning_rate : float or schedule, default 0.001
    beta_1 : float, default 0.9
    beta_2 : float, default 0.999
    epsilon : float, default 1e-7
    amsgrad : bool, default False
        Use the running maximum of ``v`` in the denominator.
    clipnorm, clipvalue, global_clipnorm : float > 0, optional
        Gradient clipping, as in :class:`Optimizer`.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> w = ag.Variable([1.0], dtype="float64")
    >>> ag.optimizers.Adam(learning_rate=0.1).apply_gradients([(ag.constant([5.0]), w)])
    >>> round(float(w[0]), 6)
    0.9
    """

    def __init__(self, learning_rate: LearningRate = 0.001, beta_1: float = 0.9,
                 beta_2: float = 0.999, epsilon: float = 1e-7, amsgrad: bool = False,
                 name: str = "Adam", clipnorm: Optional[float] = None,
                 clipvalue: Optional[float] = None, global_clipnorm: Optional[float] = None):
        beta_1, beta_2, epsilon = (check_float(value, "Adam", name) for name, value in
                                   (("beta_1", beta_1), ("beta_2", beta_2), ("epsilon", epsilon)))
        super().__init__(learning_rate, name, clipnorm, clipvalue, global_clipnorm)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon
        self.amsgrad = bool(amsgrad)

    def _step(self, grad, lr, slots):
        t = int(self.iterations) + 1
        alpha = lr * np.sqrt(1.0 - self.beta_2 ** t) / (1.0 - self.beta_1 ** t)
        m = _slot(slots, "m", grad)
        v = _slot(slots, "v", grad)
        m += (grad - m) * (1.0 - self.beta_1)
        v += (grad * grad - v) * (1.0 - self.beta_2)
        if self.amsgrad:
            v_hat = _slot(slots, "v_hat", grad)
            np.maximum(v_hat, v, out=v_hat)
            v = v_hat
        return alpha * m / (np.sqrt(v) + self.epsilon)

    def _update(self, variable, grad, lr, slots):
        # Keras's order: m += (g - m)(1 - b1); v += (g*g - v)(1 - b2);
        # w -= (m * alpha) / (sqrt(v) + eps), with alpha a Python float (no float64 detour).
        t = int(self.iterations) + 1
        alpha = lr * math.sqrt(1.0 - self.beta_2 ** t) / (1.0 - self.beta_1 ** t)
        work, other = self._work(variable)[:2]
        m = _slot(slots, "m", grad)
        v = _slot(slots, "v", grad)
        np.subtract(grad, m, out=work)
        work *= 1.0 - self.beta_1
        m += work
        np.multiply(grad, grad, out=work)
        work -= v
        work *= 1.0 - self.beta_2
        v += work
        if self.amsgrad:
            v_hat = _slot(slots, "v_hat", grad)
            np.maximum(v_hat, v, out=v_hat)
            v = v_hat
        np.sqrt(v, out=other)
        other += self.epsilon
        step = grad if self._reuse else work  # (the gradient is not needed any more)
        np.multiply(m, alpha, out=step)
        step /= other
        variable.assign_sub(step)


_BY_NAME = {"sgd": SGD, "rmsprop": RMSprop, "adam": Adam}


def get(identifier: Union[str, Optimizer]) -> Optimizer:
    """Resolve ``"sgd"``, ``"rmsprop"`` or ``"adam"`` (defaults) or pass an optimizer through.

    Parameters
    ----------
    identifier : str or Optimizer

    Returns
    -------
    Optimizer

    Examples
    --------
    >>> import autograd_lite as ag
    >>> ag.optimizers.get("adam")
    Adam(learning_rate=0.001)
    """
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str) and identifier.lower() in _BY_NAME:
        return _BY_NAME[identifier.lower()]()
    raise ValueError(f"optimizers: unknown optimizer {identifier!r}; "
                     f"known names: {', '.join(_BY_NAME)}")
