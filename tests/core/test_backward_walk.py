"""The backward walk: one loop that ``gradient`` and ``explain`` share (``explain`` watches it
through an observer), and a warning, once per VJP, when a raw pass must rerun a VJP on
Tensors."""
import warnings

import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.primitive import op
from autograd_lite.tape import backward_pass


class Notes:
    def __init__(self):
        self.events = []

    def record(self, index, upstream):
        self.events.append(("record", index, np.asarray(upstream).tolist()))

    def send(self, index, argnum, sent, earlier, total):
        self.events.append(("send", index, argnum, np.asarray(sent).tolist(),
                            None if earlier is None else np.asarray(earlier).tolist(),
                            np.asarray(total).tolist()))


def test_the_observer_sees_each_step_with_hand_worked_numbers():
    x = ag.constant([1.0, 2.0])
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x          # record 0: dy/dx = 2x = [2, 4]
        z = ag.sum(y + x)  # record 1: add (fan-out to x), record 2: sum
    notes = Notes()
    grads = backward_pass(tape, z, x, notes)
    assert notes.events == [
        ("record", 2, 1.0),
        ("send", 2, 0, [1.0, 1.0], None, [1.0, 1.0]),
        ("record", 1, [1.0, 1.0]),
        ("send", 1, 0, [1.0, 1.0], None, [1.0, 1.0]),
        ("send", 1, 1, [1.0, 1.0], None, [1.0, 1.0]),
        ("record", 0, [1.0, 1.0]),
        ("send", 0, 0, [1.0, 2.0], [1.0, 1.0], [2.0, 3.0]),    # x * 1 upstream, added to 1
        ("send", 0, 1, [1.0, 2.0], [2.0, 3.0], [3.0, 5.0]),    # the other factor: 2x + 1
    ]
    np.testing.assert_allclose(np.asarray(grads[x.id]), [3.0, 5.0])
    np.testing.assert_allclose(tape.gradient(z, x).numpy(), [3.0, 5.0])  # the same walk


def test_backward_pass_leaves_the_tape_and_the_outer_tapes_alone():
    x = ag.constant(2.0)
    with ag.GradientTape() as outer:
        outer.watch(x)
        with ag.GradientTape() as tape:
            tape.watch(x)
            y = ag.sin(x)
            before = (len(tape.records), len(outer.records))
            backward_pass(tape, y, x, Notes())
            assert (len(tape.records), len(outer.records)) == before
    assert float(tape.gradient(y, x)) == pytest.approx(np.cos(2.0))  # not used up


def test_explain_reports_what_gradient_computes():
    w = ag.Variable([[0.5, -1.0], [2.0, 0.25]], name="w")
    x = ag.constant([[1.0], [3.0]])
    with ag.GradientTape(persistent=True) as tape:
        loss = ag.sum(ag.tanh(w @ x) * 3.0 + w)
    report = tape.explain(loss, w)
    np.testing.assert_array_equal(report.gradients["%1 w"], tape.gradient(loss, w).numpy())
    assert [step.primitive.name for step in report.steps] == ["sum", "add", "multiply", "tanh",
                                                              "matmul"]


def square_with(vjp):
    @op(vjp=vjp)
    def square_by_hand(x):
        return x * x
    return square_by_hand


def test_a_vjp_rerun_on_tensors_warns_once():
    square = square_with(lambda upstream, out, x: ag.constant(upstream.numpy() * 2 * x.numpy()))
    x = ag.constant([1.0, 3.0])
    for call in range(3):
        with ag.GradientTape() as tape:
            tape.watch(x)
            y = ag.sum(square(x))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            grad = tape.gradient(y, x)
        np.testing.assert_allclose(grad.numpy(), [2.0, 6.0])
        messages = [str(w.message) for w in caught]
        if call == 0:
            assert len(messages) == 1 and caught[0].category is RuntimeWarning
            assert messages[0].startswith("square_by_hand: the VJP for input 0 raised "
                                          "AttributeError on NumPy arrays")
            assert "run on Tensors instead, which is slower" in messages[0]
            assert caught[0].filename == __file__  # points at the gradient call
        else:
            assert messages == []


def test_a_vjp_that_works_on_arrays_does_not_warn():
    square = square_with(lambda upstream, out, x: upstream * 2 * x)
    x = ag.constant([1.0, 3.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = ag.sum(square(x))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(tape.gradient(y, x).numpy(), [2.0, 6.0])
