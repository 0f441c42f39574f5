"""tape.why_none(target, source): each cause of a None gradient, produced and recognised."""
import gc
import warnings
import weakref

import numpy as np
import pytest

import autograd_lite as ag


def _answer(tape, target, source, expect_none=True):
    answer = tape.why_none(target, source)
    if expect_none and tape.persistent:
        assert tape.gradient(target, source) is None
    return answer


def test_constant_was_never_watched():
    c = ag.constant(2.0, name="c")
    with ag.GradientTape(persistent=True) as tape:
        y = c * c
    answer = _answer(tape, y, c)
    assert answer.cause == "never_watched"
    assert "constant" in answer.message and "tape.watch" in answer.fix


def test_non_trainable_variable_was_never_watched():
    frozen = ag.Variable(2.0, trainable=False, name="frozen")
    w = ag.Variable(1.0)
    with ag.GradientTape(persistent=True) as tape:
        y = frozen * w
    answer = _answer(tape, y, frozen)
    assert answer.cause == "never_watched"
    assert "'frozen' is not trainable" in answer.message and "tape.watch" in answer.fix


def test_watched_but_not_on_a_path():
    w = ag.Variable(1.0, name="w")
    v = ag.Variable(2.0, name="v")
    with ag.GradientTape(persistent=True) as tape:
        unused = w * 3.0
        y = v * v
    answer = _answer(tape, y, w)
    assert answer.cause == "not_on_path"
    assert "end at %2 = multiply(...)" in answer.message
    assert unused.shape == ()


def test_integer_dtype():
    i = ag.constant(3)
    w = ag.Variable(1.0)
    with ag.GradientTape(persistent=True) as tape:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tape.watch(i)
        y = w * ag.cast(i, "float32")
    answer = _answer(tape, y, i)
    assert answer.cause == "integer_dtype"
    assert "int64" in answer.message and "ag.cast" in answer.fix


@pytest.mark.parametrize("leave", [lambda t: t.numpy(), np.asarray])
def test_left_the_tape_and_came_back_as_a_constant(leave):
    w = ag.Variable([1.0, 2.0], name="w")
    v = ag.Variable(3.0, name="v")
    with ag.GradientTape(persistent=True) as tape:
        h = w * 2.0
        y = ag.sum(ag.constant(leave(h)) * v)
    answer = _answer(tape, y, w)
    assert answer.cause == "left_tape"
    assert "%2 = [2 4] reappears as the untracked input %3 const of multiply" in answer.message
    assert ".numpy()" in answer.fix


def test_left_the_tape_with_an_unrecorded_target():
    w = ag.Variable([1.0, 2.0], name="w")
    with ag.GradientTape(persistent=True) as tape:
        h = w * 2.0
        y = ag.sum(ag.constant(h.numpy()) ** 2)
    answer = _answer(tape, y, w)
    assert answer.cause == "left_tape"
    assert "end at %2 = multiply(...)" in answer.message


def test_left_the_tape_after_a_non_persistent_gradient():
    w = ag.Variable([1.0, 2.0], name="w")
    with ag.GradientTape() as tape:
        y = ag.sum(ag.constant(np.asarray(w * 2.0)) ** 2)
    assert tape.gradient(y, w) is None
    assert tape.why_none(y, w).cause == "left_tape"


def test_target_computed_after_the_context_ended():
    w = ag.Variable(2.0, name="w")
    with ag.GradientTape(persistent=True) as tape:
        y = w * w
    z = y * 3.0
    answer = _answer(tape, z, w)
    assert answer.cause == "after_context"
    assert "inside the with-block" in answer.fix


def test_target_computed_after_the_context_ended_non_persistent():
    w = ag.Variable(2.0, name="w")
    with ag.GradientTape() as tape:
        y = w * w
    z = y * 3.0
    assert tape.gradient(z, w) is None
    assert tape.why_none(z, w).cause == "after_context"


def test_connected_source_is_not_none():
    w = ag.Variable(2.0, name="w")
    with ag.GradientTape(persistent=True) as tape:
        y = ag.sin(w * w)
    answer = _answer(tape, y, w, expect_none=False)
    assert answer.cause == "connected"
    assert "not None" in str(answer)


def test_target_built_only_from_unwatched_values():
    w = ag.Variable(2.0, name="w")
    c = ag.constant(1.0)
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(ag.constant(5.0))
        y = c * 2.0
    assert _answer(tape, y, w).cause == "never_watched"
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(w)
        y = ag.stop_gradient(c) * 2.0
    assert _answer(tape, y, w).cause == "target_not_recorded"


def test_a_released_tape_keeps_ids_but_no_tensors():
    w = ag.Variable([1.0, 2.0], name="w")
    v = ag.Variable(1.0, name="v")
    with ag.GradientTape() as tape:
        h = w * 2.0
        y = ag.sum(h * h) + v
    freed = weakref.ref(h)
    del h
    assert tape.gradient(y, w) is not None
    gc.collect()
    assert freed() is None
    assert tape.nbytes == 0
    assert tape.why_none(y, ag.Variable(1.0)).cause == "never_watched"
    answer = tape.why_none(y, v)
    assert answer.cause == "released" and "persistent=True" in answer.fix


def test_a_variable_read_off_the_tape_by_numpy_is_explained():
    v = ag.Variable([3.0, 1.0])
    with ag.GradientTape() as tape:
        with pytest.warns(ag.TapeLeakWarning, match="np.fmod"):
            y = ag.sum(ag.constant(np.fmod(v, 5.0)) * 2.0)  # np.fmod is not run by the engine
    answer = tape.why_none(y, v)
    assert answer.cause == "never_watched"
    assert "never read by an op" in str(answer) and "np.fmod" in str(answer)
    assert "through ag ops" in str(answer)
