"""tape.explain(target, sources): the backward pass step by step."""
from pathlib import Path

import numpy as np
import pytest

import autograd_lite as ag
from tests.introspect.examples import network_2331, or_gate

EXPECTED = Path(__file__).parent / "expected"


def _expected(name: str) -> str:
    """Reports are wider than a source line: their exact text lives in expected/*.txt."""
    return (EXPECTED / name).read_text(encoding="utf-8").rstrip("\n")


def test_or_gate_explain_exact():
    tape, loss, w, b = or_gate()
    assert str(tape.explain(loss, [w, b])) == _expected("or_gate_explain.txt")


def test_or_gate_explain_shows_the_seed_numbers_and_why():
    tape, loss, w, b = or_gate()
    report = tape.explain(loss, [w, b])
    assert report.gradients["%4 b"] == pytest.approx(0.125)
    np.testing.assert_array_equal(report.gradients["%2 w"], [[0.0], [0.0]])
    assert "its other input %1 x = [[0 0]] is zero" in report.results()[0]


def test_network_explain_exact():
    tape, error, v = network_2331()
    text = str(tape.explain(error, [v[4], v[5], v[1]]))
    assert text == _expected("network_2331_explain.txt")
    assert len(text.splitlines()) == 2 + 1 + 13 + 4


def test_explain_agrees_with_gradient_and_leaves_the_tape_usable():
    tape, error, v = network_2331()
    report = tape.explain(error, v)
    grads = tape.gradient(error, v)
    for variable, grad in zip(v, grads):
        np.testing.assert_allclose(report.gradients[f"%{_number(tape, variable)} "
                                                    f"{variable.name}"], grad.numpy())
    tape, loss, w, b = or_gate()  # non-persistent: explain does not use it up
    tape.explain(loss, [w, b])
    assert float(tape.gradient(loss, b)) == pytest.approx(0.125)


def _number(tape, variable):
    from autograd_lite.introspect import Labels
    return Labels(tape).number(variable)


def test_fan_out_and_unbroadcast_rows():
    x = ag.Variable(np.ones((4, 3)), name="x")
    b = ag.Variable(np.arange(3.0), name="b")
    with ag.GradientTape() as tape:
        h = x + b
        y = ag.sum(h * h)
    report = tape.explain(y, [x, b])
    notes = [row[-1] for row in report.rows() if row[-1]]
    assert "summed over axis 0: %2 b (3,) was broadcast to (4, 3)" in notes
    assert any(note.startswith("fan-out: %3 gets") for note in notes)
    np.testing.assert_allclose(report.gradients["%2 b"], [8.0, 16.0, 24.0])


def test_html_table():
    tape, loss, w, b = or_gate()
    page = tape.explain(loss, [w, b])._repr_html_()
    assert page.startswith("<table class='ag-explain'>")
    assert page.count("<tr>") == 1 + 8
    assert "<td>σ(%5)·(1-σ(%5))</td>" in page


def test_explain_after_release_names_the_fix():
    tape, loss, w, b = or_gate()
    tape.gradient(loss, [w, b])
    with pytest.raises(RuntimeError, match="persistent=True"):
        tape.explain(loss, [w, b])


def test_explain_inside_the_context_records_nothing():
    w = ag.Variable(2.0, name="w")
    with ag.GradientTape() as tape:
        y = ag.sin(w * w)
        before = len(tape._records)
        report = tape.explain(y, w)
        assert len(tape._records) == before
    assert report.gradients["%1 w"] == pytest.approx(float(tape.gradient(y, w)))


def test_the_report_keeps_its_own_lists_of_targets_and_sources():
    w, b = ag.Variable([1.0, 2.0]), ag.Variable(0.5)
    with ag.GradientTape(persistent=True) as tape:
        first = ag.sum(w * w) + b
        second = ag.sum(w) * b
    targets, sources = [first, second], [w, b]
    report = tape.explain(targets, sources)
    before = str(report)
    targets.pop()
    sources.pop()
    assert str(report) == before
