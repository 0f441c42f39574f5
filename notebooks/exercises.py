"""The course's exercises and the checks that say whether an answer is right.

Each notebook ends with two or three exercises. A student writes the answer in the notebook and
runs the check cell, ``check("4.1", answer)``, which prints whether it is right (and what was
expected when it is not) and returns True or False. An answer still ``None`` is "not done yet",
so a notebook with its exercises left open runs top to bottom. The worked answers are in
``notebooks/solutions/``.

>>> check("6.1", 0.34)
exercise 6.1: right. Dropout(0.34) keeps each unit with probability 0.66.
True
>>> check("6.1", None)
exercise 6.1: not done yet (the answer is still None).
False
"""
from __future__ import annotations

from typing import Any, Callable, Dict, Tuple

import numpy as np

import autograd_lite as ag

OR_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
OR_TARGETS = np.array([0, 1, 1, 1], dtype=float)
#: All 16 images of 2 x 2 pixels, one row each (pixel on = 1).
PIXELS_2X2 = np.array([[(k >> bit) & 1 for bit in range(4)] for k in range(16)], dtype=float)
#: The data of notebook 4's U-shaped loss L(w) = mean((y - w x)^2): minimum at w = 2.
U_X = np.array([0.2, 0.4, 0.6])
U_Y = 2.0 * U_X

Verdict = Tuple[bool, str]


def _sigmoid(z: Any) -> Any:
    return 1.0 / (1.0 + np.exp(-z))


def _close(answer: Any, expected: Any, tol: float) -> bool:
    try:
        given = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return False
    expected = np.asarray(expected, dtype=float)
    return given.shape == expected.shape and bool(np.all(np.abs(given - expected) <= tol))


def _number(answer: Any, expected: Any, tol: float, what: str) -> Verdict:
    if _close(answer, expected, tol):
        return True, f"{what} = {np.round(np.asarray(answer, dtype=float), 6).tolist()}."
    return False, f"expected {what} = {np.round(np.asarray(expected, dtype=float), 4).tolist()} " \
                  f"(to within {tol:g}), got {answer!r}."


def _nor(answer: Any) -> Verdict:
    weights, bias = answer
    z = OR_INPUTS @ np.asarray(weights, dtype=float) + float(bias)
    fired = (z > 0).astype(int).tolist()
    if fired == [1, 0, 0, 0]:
        return True, f"the unit fires only for (0, 0): {fired}."
    return False, f"NOR fires only for (0, 0): expected [1, 0, 0, 0] on (0,0), (0,1), (1,0), " \
                  f"(1,1), got {fired}."


def _and_or_rules(answer: Any) -> Verdict:
    and_rule, or_rule = answer
    outputs = np.array([[1 if (k >> bit) & 1 else -1 for bit in range(4)] for k in range(16)])
    for rule, name, truth in ((and_rule, "AND", (outputs == 1).all(axis=1)),
                              (or_rule, "OR", (outputs == 1).any(axis=1))):
        got = np.array([bool(rule(row)) for row in outputs])
        if not np.array_equal(got, truth):
            first = int(np.argmax(got != truth))
            return False, f"{name} of the outputs {outputs[first].tolist()} is " \
                          f"{bool(truth[first])}, your rule says {bool(got[first])}."
    return True, "AND: the sum of four +-1 outputs is 4; OR: it is more than -4."


def _rgb_parameters(answer: Any) -> Verdict:
    expected = (18 * 18 * 3) * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10
    return (answer == expected,
            f"{expected:,} parameters (972 inputs x 16 + 16, 16 x 16 + 16, 16 x 10 + 10)."
            if answer == expected else f"expected {expected:,}, got {answer!r}.")


def _steep_sigmoid(answer: Any) -> Verdict:
    c = float(answer)
    worst = 1.0 - _sigmoid(c * 0.5)
    if worst <= 0.01:
        return True, f"sigmoid({c:g} z) is within {worst:.4f} of the step for |z| >= 0.5."
    return False, f"sigmoid({c:g} * 0.5) = {1 - worst:.4f}: still more than 0.01 from the step " \
                  f"(1); try a larger c."


def _at_least_three(answer: Any) -> Verdict:
    weights, bias = answer
    z = PIXELS_2X2 @ np.asarray(weights, dtype=float) + float(bias)
    fired = _sigmoid(z) > 0.5
    truth = PIXELS_2X2.sum(axis=1) >= 3
    if np.array_equal(fired, truth):
        return True, "the neuron fires for exactly the 5 images with 3 or 4 pixels on."
    wrong = PIXELS_2X2[np.argmax(fired != truth)]
    return False, f"on the image {wrong.astype(int).tolist()} it should " \
                  f"{'' if truth[np.argmax(fired != truth)] else 'not '}fire."


def _seed_forward(x: np.ndarray) -> float:
    W1, b1 = np.array([[1.0, 0.0], [3.0, 2.0], [1.0, 2.0]]), 2.0
    W2, b2 = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 3.0], [1.0, 2.0, 1.0]]), 1.0
    W3, b3 = np.array([[1.0, 0.0, 1.0]]), 1.0
    h = _sigmoid(W1 @ x + b1)
    h = _sigmoid(W2 @ h + b2)
    return float(_sigmoid(W3 @ h + b3)[0])


def _or_second_step(answer: Any) -> Verdict:
    dW, db = answer
    ok = _close(dW, [-0.044, -0.035], 5e-4) and _close(db, -0.031, 5e-4)
    if ok:
        return True, f"dCost/dW = {np.round(dW, 4).tolist()}, dCost/db = {float(db):.4f}: " \
                     f"the course's [-0.044, -0.035] and -0.031."
    return False, f"expected dCost/dW = [-0.044, -0.035] and dCost/db = -0.031, got {dW!r}, " \
                  f"{db!r}; remember the mean over the 4 examples and sigma'(z) = y(1 - y)."


def _edge_rate(answer: Any) -> Verdict:
    edge = 1.0 / np.mean(U_X ** 2)
    if abs(float(answer) - edge) <= 0.01 * edge:
        return True, f"alpha = {float(answer):.4f}: w - 2 flips sign at every step and keeps its " \
                     f"size (1 - 2 alpha mean(x^2) = -1)."
    side = "diverges" if float(answer) > edge else "still converges"
    return False, f"at alpha = {float(answer):g} the descent {side}; the edge is where " \
                  f"1 - 2 alpha mean(x^2) = -1."


def _softsign_vjp(answer: Any) -> Verdict:
    @ag.primitive.op(vjp=answer, local="your softsign VJP")
    def softsign(x):
        return x / (1.0 + np.abs(x))

    try:
        ag.testing.check_grads(softsign, np.array([-2.0, -0.3, 0.5, 3.0]))
    except Exception as error:  # noqa: BLE001 - the student's rule may fail in any way
        return False, f"check_grads says: {error}"
    return True, "check_grads agrees: d/dx softsign x = 1 / (1 + |x|)^2."


def _dW3(answer: Any) -> Verdict:
    W1, W2 = np.array([[1.0, 0.0], [3.0, 2.0], [1.0, 2.0]]), np.array(
        [[1.0, 0.0, 1.0], [0.0, 1.0, 3.0], [1.0, 2.0, 1.0]])
    h2 = _sigmoid(W2 @ _sigmoid(W1 @ np.ones(2) + 2.0) + 1.0)
    out = _seed_forward(np.ones(2))
    dz3 = -2 * (1 - out) * out * (1 - out)
    return _number(answer, dz3 * h2[None, :], 1e-7, "dW3 = dz3 h2^T")


def _keep_to_rate(answer: Any) -> Verdict:
    if answer is not None and abs(float(answer) - 0.34) < 1e-9:
        return True, "Dropout(0.34) keeps each unit with probability 0.66."
    return False, f"Dropout's rate is the probability to DROP a unit; the course's q = 0.66 is " \
                  f"the probability to keep one. Got {answer!r}."


def _batch_norm(answer: Any) -> Verdict:
    batch = np.array([[1.0], [2.0], [3.0], [6.0]])
    expected = 2.0 * (batch - batch.mean()) / np.sqrt(batch.var() + 1e-3) + 1.0
    return _number(answer, expected, 1e-4, "gamma (x - mean) / sqrt(var + 0.001) + beta")


def _assign_sub_step(answer: Any) -> Verdict:
    if not isinstance(answer, ag.Variable):
        return False, f"w is now a {type(answer).__name__}, not a Variable: `w = w - lr * dw` " \
                      f"makes a new Tensor; use w.assign_sub(lr * dw)."
    return _number(answer.numpy(), 3.0 - 0.1 * 2 * 3.0, 1e-6, "w after one step")


def _persistent(answer: Any) -> Verdict:
    x = 0.5
    dq_dx = 2 * np.sin(x) * np.cos(x)
    return _number(answer, [3 * dq_dx, dq_dx], 1e-5, "(dy/dx, dq/dx)")


#: name -> (what to do, the check)
EXERCISES: Dict[str, Tuple[str, Callable[[Any], Verdict]]] = {
    "1.1": ("weights and bias of a NOR perceptron", _nor),
    "1.2": ("AND and OR rules on four +-1 perceptron outputs", _and_or_rules),
    "2.1": ("parameters of an 18 x 18 RGB 972-16-16-10 network", _rgb_parameters),
    "2.2": ("a c for which sigmoid(c z) is a step to within 0.01 at |z| >= 0.5", _steep_sigmoid),
    "3.1": ("a neuron firing when at least 3 of 4 pixels are on", _at_least_three),
    "3.2": ("the 2-3-3-1 network's output for x = (0, 1)",
            lambda a: _number(a, _seed_forward(np.array([0.0, 1.0])), 1e-5, "output")),
    "4.1": ("dCost/dW and dCost/db of the OR neuron's second step", _or_second_step),
    "4.2": ("the learning rate at the edge of divergence", _edge_rate),
    "5.1": ("the VJP of softsign", _softsign_vjp),
    "5.2": ("dL/dW3 of the 2-3-3-1 network by the matrix equation", _dW3),
    "6.1": ("the Dropout rate for the course's keep probability q = 0.66", _keep_to_rate),
    "6.2": ("batch normalisation by hand", _batch_norm),
    "7.1": ("one gradient step that keeps w a Variable", _assign_sub_step),
    "7.2": ("dy/dx and dq/dx from one persistent tape", _persistent),
}


def check(name: str, answer: Any) -> bool:
    """Print whether ``answer`` solves exercise ``name``; return True when it does.

    >>> check("2.1", 16_010)
    exercise 2.1: right. 16,010 parameters (972 inputs x 16 + 16, 16 x 16 + 16, 16 x 10 + 10).
    True
    """
    if name not in EXERCISES:
        raise KeyError(f"check: no exercise {name!r}; the exercises are {', '.join(EXERCISES)}")
    if answer is None or (isinstance(answer, tuple) and any(a is None for a in answer)):
        print(f"exercise {name}: not done yet (the answer is still None).")
        return False
    try:
        right, message = EXERCISES[name][1](answer)
    except Exception as error:  # noqa: BLE001 - any mistake in an answer is "wrong", not a crash
        right, message = False, f"the answer could not be checked: {type(error).__name__}: {error}"
    print(f"exercise {name}: {'right' if right else 'not yet'}. {message}")
    return right
