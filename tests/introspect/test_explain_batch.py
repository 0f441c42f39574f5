"""explain at batch size 4: a (4, 3) hidden layer's values shown in full, and a width cap."""
import re

import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.introspect import short


def hidden_layer_at_batch_4():
    x = ag.constant([[0.5, 1.0], [-1.0, 2.0], [1.5, -0.5], [0.0, 1.0]], name="x")
    y = ag.constant([[1.0], [0.0], [1.0], [0.0]], name="y")
    W1 = ag.Variable([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]], name="W1")
    W2 = ag.Variable([[0.7], [-0.8], [0.9]], name="W2")
    with ag.GradientTape(persistent=True) as tape:
        h = ag.sigmoid(x @ W1)
        loss = ag.mean(ag.square(y - h @ W2))
    return tape, loss, h, W1, W2


def test_a_4_by_3_hidden_layer_is_written_out_by_default():
    tape, loss, h, W1, W2 = hidden_layer_at_batch_4()
    text = str(tape.explain(loss, [W1, W2]))
    assert short(h, 24) in text and "(4, 3) float32" not in text
    assert short(h, 24).startswith("[[") and short(h, 24).count("[") == 5
    narrow = str(tape.explain(loss, [W1, W2], max_elements=6))
    assert "(4, 3) float32" in narrow and short(h, 24) not in narrow


def test_the_gradients_written_out_are_the_tapes():
    tape, loss, h, W1, W2 = hidden_layer_at_batch_4()
    report = tape.explain(loss, [W1, W2], max_elements=24)
    dW1 = tape.gradient(loss, W1)
    assert f"d%{report._labels.number(loss)}/dW1 = {short(dW1, 24)}" in str(report)


def test_width_wraps_long_cells_onto_more_lines():
    tape, loss, *_ = hidden_layer_at_batch_4()
    wide = str(tape.explain(loss, tape.watched_variables()))
    narrow = str(tape.explain(loss, tape.watched_variables(), width=30))
    table = narrow.split("\n")[2:narrow.split("\n").index("gradients:")]
    for line in table:
        assert all(len(cell) <= 30 for cell in re.split(r"\s{2,}", line.strip()))
    assert len(table) > len(wide.split("\n")[2:wide.split("\n").index("gradients:")])
    assert sorted(re.findall(r"-?\d\.\d+", narrow)) == sorted(re.findall(r"-?\d\.\d+", wide))


def test_bad_options_are_refused():
    tape, loss, _, W1, _ = hidden_layer_at_batch_4()
    with pytest.raises(ValueError, match="explain: max_elements must be a positive int, got 0"):
        tape.explain(loss, W1, max_elements=0)
    with pytest.raises(ValueError, match="explain: width must be an int or None, got '40'"):
        tape.explain(loss, W1, width="40")
    with pytest.raises(ValueError, match="width must be at least 8 characters, got 3"):
        tape.explain(loss, W1, width=3)


def test_minus_zero_prints_as_zero():
    assert short(np.array([-0.0, 1.0])) == "[0 1]"
    from visualize.values import fmt
    assert fmt(-0.0) == "0" and fmt(np.float32(-0.0)) == "0"
