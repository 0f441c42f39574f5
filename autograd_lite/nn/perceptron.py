"""Rosenblatt's perceptron, and perceptrons combined with AND / OR.

A perceptron fires when ``w . x + b > 0``. Its output is a *step* (0/1) or a
*sign* (-1/+1). Training uses homogeneous coordinates: each input gets an
extra component fixed at 1, so the bias is just the last weight, and every
misclassified point ``x`` moves the weights by ``+lr * [x, 1]`` (it should
have fired) or ``-lr * [x, 1]`` (it should not have). An epoch with no
mistake stops training.

One perceptron draws one line; an :class:`And` of perceptrons is the convex
region inside all their lines (a polygon, see :func:`polygon`), an
:class:`Or` of regions is their union, which is how perceptrons make
non-linear and multiclass classifiers. :class:`OneVsRestPerceptron` trains
one perceptron per class.

Examples
--------
>>> import numpy as np
>>> from autograd_lite.nn import Perceptron
>>> x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
>>> unit = Perceptron().fit(x, [0, 0, 0, 1])        # logical AND
>>> unit.predict(x), unit.converged, unit.updates
(array([0, 0, 0, 1]), True, 10)
"""
from __future__ import annotations

import abc
from typing import List, Optional, Sequence, Union, cast

import numpy as np

__all__ = ["Perceptron", "And", "Or", "polygon", "OneVsRestPerceptron"]

_OUTPUTS = {"step": (0, 1), "sign": (-1, 1)}


def _inputs(x) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"perceptron: expected inputs of shape (samples, features), "
                         f"received shape {x.shape}")
    return x


def _homogeneous(x: np.ndarray) -> np.ndarray:
    return np.hstack([x, np.ones((len(x), 1))])


class Perceptron:
    """A single threshold unit trained by Rosenblatt's rule.

    Parameters
    ----------
    activation : {"step", "sign"}
        ``"step"`` outputs 0/1 (``1 where w.x + b > 0``), ``"sign"`` outputs
        -1/+1 (0 exactly on the line, which counts as a mistake while training).
    learning_rate : float
        The size of each correction.
    max_epochs : int
        Training stops after this many passes even if mistakes remain.
    weights : sequence of float, optional
        Initial input weights (zeros at the first ``fit`` when omitted).
    bias : float

    Attributes
    ----------
    weights : numpy.ndarray
        In homogeneous form ``[w_1, ..., w_n, b]`` (bias last).
    updates : int
        Corrections made by the last ``fit``.
    epochs : int
        Passes made by the last ``fit``.
    converged : bool
        Whether the last ``fit`` ended with every point classified.
    errors : list of int
        Mistakes in each epoch of the last ``fit``.

    Examples
    --------
    >>> from autograd_lite.nn import Perceptron
    >>> unit = Perceptron(weights=[1.0, 1.0], bias=-1.5)   # AND, set by hand
    >>> unit.predict([[1, 1], [1, 0]])
    array([1, 0])
    """

    def __init__(self, activation: str = "step", learning_rate: float = 1.0,
                 max_epochs: int = 100, weights: Optional[Sequence[float]] = None,
                 bias: float = 0.0):
        if activation not in _OUTPUTS:
            raise ValueError(f"Perceptron: activation must be 'step' or 'sign', "
                             f"received {activation!r}")
        self.activation, self.learning_rate = activation, float(learning_rate)
        self.max_epochs = int(max_epochs)
        self.weights = None if weights is None else np.append(np.asarray(weights, float), bias)
        self.updates, self.epochs, self.converged = 0, 0, False
        self.errors: List[int] = []  # mistakes per epoch of the last fit

    @property
    def low(self) -> int:
        """The 'does not fire' output: 0 (step) or -1 (sign)."""
        return _OUTPUTS[self.activation][0]

    @property
    def high(self) -> int:
        """The 'fires' output: 1."""
        return _OUTPUTS[self.activation][1]

    @property
    def coef(self) -> np.ndarray:
        """The input weights ``w`` (without the bias)."""
        return self._require_weights()[:-1]

    @property
    def bias(self) -> float:
        """The bias ``b`` (the last homogeneous weight)."""
        return float(self._require_weights()[-1])

    def _require_weights(self) -> np.ndarray:
        if self.weights is None:
            raise RuntimeError("Perceptron: no weights yet; call fit(x, y) or pass weights=")
        return self.weights

    def net_input(self, x) -> np.ndarray:
        """``w . x + b`` for each row of ``x``."""
        x = _inputs(x)
        weights = self._require_weights()
        if x.shape[1] != len(weights) - 1:
            raise ValueError(f"Perceptron: built for {len(weights) - 1} inputs, received "
                             f"inputs of shape {x.shape}")
        return _homogeneous(x) @ weights

    def _activate(self, z: np.ndarray) -> np.ndarray:
        if self.activation == "step":
            return (z > 0).astype(np.int64)
        return np.sign(z).astype(np.int64)

    def predict(self, x) -> np.ndarray:
        """The unit's output (0/1 or -1/+1) for each row of ``x``."""
        return self._activate(self.net_input(x))

    def fires(self, x) -> np.ndarray:
        """Boolean: where the unit outputs its 'fires' value."""
        return self.predict(x) == self.high

    def score(self, x, y) -> float:
        """Fraction of rows classified as ``y``."""
        return float(np.mean(self.predict(x) == np.asarray(y)))

    def _labels(self, y, count: int) -> np.ndarray:
        y = np.asarray(y)
        if y.shape != (count,):
            raise ValueError(f"Perceptron.fit: expected {count} labels of shape ({count},), "
                             f"received shape {y.shape}")
        allowed = set(_OUTPUTS[self.activation])
        found = set(np.unique(y).tolist())
        if not found <= allowed:
            raise ValueError(f"Perceptron.fit: activation={self.activation!r} needs labels in "
                             f"{sorted(allowed)}, received {sorted(found)}")
        return y.astype(np.int64)

    def fit(self, x, y) -> "Perceptron":
        """Train with Rosenblatt's rule from the current weights (zeros at first).

        Parameters
        ----------
        x : array_like, shape (samples, features)
        y : array_like, shape (samples,)
            0/1 labels for ``"step"``, -1/+1 for ``"sign"``.

        Returns
        -------
        Perceptron
            ``self``, with :attr:`updates`, :attr:`epochs`, :attr:`converged`
            and :attr:`errors` describing the run.
        """
        x = _inputs(x)
        y = self._labels(y, len(x))
        if self.weights is None or len(self.weights) != x.shape[1] + 1:
            self.weights = np.zeros(x.shape[1] + 1)
        points = _homogeneous(x)
        self.updates, self.epochs, self.converged, self.errors = 0, 0, False, []
        for _ in range(self.max_epochs):
            mistakes = self._epoch(points, y)
            self.epochs += 1
            self.errors.append(mistakes)
            if mistakes == 0:
                self.converged = True
                break
        return self

    def _epoch(self, points: np.ndarray, y: np.ndarray) -> int:
        mistakes = 0
        for point, label in zip(points, y):
            output = self._activate(np.array([point @ self.weights]))[0]
            if output != label:
                direction = 1.0 if label == self.high else -1.0
                self.weights = self.weights + self.learning_rate * direction * point
                mistakes += 1
        self.updates += mistakes
        return mistakes

    def __repr__(self) -> str:
        return (f"Perceptron(activation={self.activation!r}, weights="
                f"{None if self.weights is None else self.weights.tolist()})")


Unit = Union[Perceptron, "And", "Or"]


class _Gate(abc.ABC):
    """A second-layer threshold unit over the 0/1 outputs of other units."""

    def __init__(self, *units: Union[Unit, Sequence[Unit]]):
        if len(units) == 1 and isinstance(units[0], (list, tuple)):
            units = tuple(units[0])
        if not units:
            raise ValueError(f"{type(self).__name__}: needs at least one unit")
        # Units given as one list or tuple were unpacked above.
        self.units: List[Unit] = cast(List[Unit], list(units))

    @abc.abstractmethod
    def _threshold(self) -> float:
        """How many units must fire for the gate to fire."""

    def net_input(self, x) -> np.ndarray:
        """``sum(fired) - threshold``: a perceptron with weights 1 on the units' outputs."""
        fired = np.stack([unit.fires(x) for unit in self.units], axis=1).astype(np.float64)
        return fired.sum(axis=1) - self._threshold()

    def predict(self, x) -> np.ndarray:
        """1 inside the region, 0 outside."""
        return (self.net_input(x) > 0).astype(np.int64)

    def fires(self, x) -> np.ndarray:
        """Boolean: inside the region."""
        return self.predict(x) == 1

    def score(self, x, y) -> float:
        """Fraction of rows classified as ``y`` (1 inside the region, 0 outside)."""
        return float(np.mean(self.predict(x) == np.asarray(y)))


class And(_Gate):
    """Fires where every unit fires: weights 1 and bias ``-(k - 1/2)`` over k units.

    The intersection of half-planes is a convex region, e.g. a polygon.

    Examples
    --------
    >>> from autograd_lite.nn import And, Perceptron
    >>> right = Perceptron(weights=[1, 0], bias=0)    # x > 0
    >>> up = Perceptron(weights=[0, 1], bias=0)       # y > 0
    >>> And(right, up).predict([[1, 1], [1, -1]])
    array([1, 0])
    """

    def _threshold(self) -> float:
        return len(self.units) - 0.5


class Or(_Gate):
    """Fires where any unit fires: weights 1 and bias ``-1/2``.

    The union of regions, so non-convex shapes and XOR become possible.

    Examples
    --------
    >>> from autograd_lite.nn import And, Or, Perceptron
    >>> xor = Or(And(Perceptron(weights=[1, -1], bias=-0.5)),
    ...          And(Perceptron(weights=[-1, 1], bias=-0.5)))
    >>> xor.predict([[0, 0], [0, 1], [1, 0], [1, 1]])
    array([0, 1, 1, 0])
    """

    def _threshold(self) -> float:
        return 0.5


def polygon(vertices: Sequence[Sequence[float]]) -> And:
    """An :class:`And` of one perceptron per edge: fires strictly inside a convex polygon.

    Parameters
    ----------
    vertices : sequence of (x, y)
        The corners of a convex polygon, clockwise or counter-clockwise.

    Returns
    -------
    And

    Examples
    --------
    >>> from autograd_lite.nn import polygon
    >>> square = polygon([(0, 0), (2, 0), (2, 2), (0, 2)])
    >>> square.predict([[1, 1], [3, 1]])
    array([1, 0])
    """
    corners = np.asarray(vertices, dtype=np.float64)
    if corners.ndim != 2 or corners.shape[1] != 2 or len(corners) < 3:
        raise ValueError(f"polygon: expected at least 3 (x, y) vertices, received shape "
                         f"{corners.shape}")
    x, y = corners[:, 0], corners[:, 1]
    orientation = np.sign(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))
    if orientation == 0:
        raise ValueError("polygon: the vertices enclose no area")
    units = []
    for start, end in zip(corners, np.roll(corners, -1, axis=0)):
        edge = end - start
        normal = orientation * np.array([-edge[1], edge[0]])
        units.append(Perceptron(weights=normal, bias=-float(normal @ start)))
    return And(units)


class OneVsRestPerceptron:
    """Multiclass by one step perceptron per class (class k against the rest).

    Each unit learns "is it class k?"; a point goes to the class whose unit
    has the largest net input, which settles points that several units, or
    none, claim.

    Parameters
    ----------
    learning_rate, max_epochs :
        Passed to each :class:`Perceptron`.

    Attributes
    ----------
    units : list of Perceptron
    classes : numpy.ndarray
    updates : int
        Corrections made by all units together.

    Examples
    --------
    >>> import numpy as np
    >>> from autograd_lite.nn import OneVsRestPerceptron
    >>> x = np.array([[0, 5], [5, 0], [-5, -5], [0, 6], [6, 0], [-6, -5]])
    >>> y = np.array([0, 1, 2, 0, 1, 2])
    >>> model = OneVsRestPerceptron().fit(x, y)
    >>> model.predict(x).tolist()
    [0, 1, 2, 0, 1, 2]
    """

    def __init__(self, learning_rate: float = 1.0, max_epochs: int = 100):
        self.learning_rate, self.max_epochs = float(learning_rate), int(max_epochs)
        self.units: List[Perceptron] = []
        self.classes = np.array([])
        self.updates = 0

    def fit(self, x, y) -> "OneVsRestPerceptron":
        """Train one perceptron per distinct label of ``y``."""
        x, y = _inputs(x), np.asarray(y)
        self.classes = np.unique(y)
        if len(self.classes) < 2:
            raise ValueError(f"OneVsRestPerceptron.fit: needs at least 2 classes, received "
                             f"{self.classes.tolist()}")
        self.units = [Perceptron("step", self.learning_rate, self.max_epochs)
                      .fit(x, (y == label).astype(np.int64)) for label in self.classes]
        self.updates = sum(unit.updates for unit in self.units)
        return self

    @property
    def converged(self) -> bool:
        """Whether every unit separated its class from the rest."""
        return bool(self.units) and all(unit.converged for unit in self.units)

    def net_input(self, x) -> np.ndarray:
        """One column of ``w . x + b`` per class."""
        if not self.units:
            raise RuntimeError("OneVsRestPerceptron: call fit(x, y) first")
        return np.stack([unit.net_input(x) for unit in self.units], axis=1)

    def predict(self, x) -> np.ndarray:
        """The class whose unit has the largest net input."""
        return self.classes[np.argmax(self.net_input(x), axis=1)]

    def score(self, x, y) -> float:
        """Fraction of rows classified as ``y``."""
        return float(np.mean(self.predict(x) == np.asarray(y)))
