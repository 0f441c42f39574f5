"""The exercises' checks accept the worked solutions and refuse wrong or missing answers."""
import doctest
import importlib
import re

import numpy as np
import pytest

import autograd_lite as ag
from notebooks import build, exercises

PARTS = [f"notebooks.solutions.part{k}" for k in range(1, 8)]


def solutions():
    found = {}
    for module in PARTS:
        found.update(importlib.import_module(module).answers())
    return found


SOLVED = solutions()


def test_every_exercise_has_a_solution_and_every_notebook_asks_its_own():
    assert sorted(SOLVED) == sorted(exercises.EXERCISES)
    for source in build.sources():
        part = str(int(source.name[:2]))
        asked = re.findall(r'check\("(\d\.\d)"', source.read_text())
        assert len(asked) >= 2 and {name.split(".")[0] for name in asked} == {part}, source.name
    asked_anywhere = set(re.findall(r'check\("(\d\.\d)"', "".join(
        s.read_text() for s in build.sources())))
    assert asked_anywhere == set(exercises.EXERCISES)


@pytest.mark.parametrize("name", sorted(exercises.EXERCISES))
def test_the_solution_is_right(name, capsys):
    assert exercises.check(name, SOLVED[name]) is True
    assert capsys.readouterr().out.startswith(f"exercise {name}: right.")


@pytest.mark.parametrize("name", sorted(exercises.EXERCISES))
def test_an_open_exercise_is_not_done_yet(name, capsys):
    answer = (None, None) if isinstance(SOLVED[name], tuple) else None
    assert exercises.check(name, answer) is False
    assert "not done yet" in capsys.readouterr().out


WRONG = {
    "1.1": ([1.0, 1.0], -0.5),                         # that is OR
    "1.2": (lambda s: np.sum(s) > 0, lambda s: np.sum(s) > -4),
    "2.1": 13_002,                                     # the 784-input network
    "2.2": 5.0,                                        # sigmoid(2.5) = 0.924
    "3.1": ([1.0, 1.0, 1.0, 1.0], -1.5),               # fires from 2 pixels on
    "3.2": 0.94993,                                    # the output for x = (1, 1)
    "4.1": ([-0.048, -0.0387], -0.037),                # the first step's gradients
    "4.2": 4.0,                                        # still converges
    "5.1": lambda upstream, out, x: upstream / (1.0 + ag.abs(x)),   # forgot the square
    "5.2": np.zeros((1, 3)),
    "6.1": 0.66,                                       # the keep probability itself
    "6.2": np.array([[1.0], [2.0], [3.0], [6.0]]),
    "7.1": ag.Variable(3.0) - 0.6,                     # `w = w - lr * dw`: a Tensor
    "7.2": (0.0, 0.0),
}


@pytest.mark.parametrize("name", sorted(WRONG))
def test_a_wrong_answer_is_not_right(name, capsys):
    assert exercises.check(name, WRONG[name]) is False
    out = capsys.readouterr().out
    assert out.startswith(f"exercise {name}: not yet.")


def test_the_checks_say_what_was_expected(capsys):
    exercises.check("4.1", WRONG["4.1"])
    assert "expected dCost/dW = [-0.044, -0.035] and dCost/db = -0.031" in capsys.readouterr().out
    exercises.check("7.1", WRONG["7.1"])
    assert "use w.assign_sub(lr * dw)" in capsys.readouterr().out
    with pytest.raises(KeyError, match="no exercise '9.9'"):
        exercises.check("9.9", 1)


def test_the_exercises_module_examples_run():
    assert doctest.testmod(exercises).failed == 0
