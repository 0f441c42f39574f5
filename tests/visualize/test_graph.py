"""draw_graph on known expressions: op labels, values, gradients and the styles of values."""
import numpy as np
import pytest

import autograd_lite as ag
import visualize
from visualize.styles import GRAD_FILL, KIND_LABELS, NODE_STYLES
from visualize.values import fmt

from .conftest import attribute, node_statement


def test_seed_graph_names_every_op_with_its_local_derivative(seed):
    source = visualize.draw_graph(seed.error, seed.tape).source
    for op in ("matmul", "add", "sigmoid", "subtract", "square", "sum"):
        assert f"<B>{op}</B>" in source
    assert source.count("<B>matmul</B>") == 3 and source.count("<B>sigmoid</B>") == 3
    # the local derivatives speak of the inputs by their names and the %n of print(tape)
    assert "∂/∂%5 = σ(%5)·(1-σ(%5))" in source
    assert "∂L/∂W1 = upstream @ xᵀ" in source and "∂L/∂%6 = W2ᵀ @ upstream" in source
    assert "∂/∂%17 = 2·%17" in source
    assert "∂/∂x" not in source and "∂L/∂a" not in source


def test_seed_graph_shows_the_course_values(seed):
    source = visualize.draw_graph(seed.error, seed.tape).source
    for value in ("0.95257", "0.99909", "0.99331", "0.95007", "0.99317", "0.99292"):
        assert value in source
    output = node_statement(source, f"v{seed.output._id}")
    assert "0.94993" in output and "(1, 1) float32" in output
    assert "0.0025069" in node_statement(source, f"v{seed.error._id}")


def test_seed_graph_puts_each_gradient_beside_its_value(seed):
    source = visualize.draw_graph(seed.error, seed.tape).source
    out = float(seed.output)
    output = node_statement(source, f"v{seed.output._id}")
    assert fmt(-2 * (1 - out)) == "-0.10014" and "-0.10014" in output
    assert GRAD_FILL in output
    for variable, grad in zip(seed.variables, seed.grads):
        statement = node_statement(source, f"v{variable._id}")
        assert f"<B>{variable.name}</B>" in statement
        for number in np.ravel(grad.numpy()):
            assert f">{fmt(number)}<" in statement, (variable.name, fmt(number))
    # the constant x is not watched: it has no gradient
    assert GRAD_FILL not in node_statement(source, f"v{seed.x._id}")


def test_values_and_gradients_can_be_hidden(seed):
    bare = visualize.draw_graph(seed.error, seed.tape, show_values=False, show_grads=False)
    assert "0.94993" not in bare.source and GRAD_FILL not in bare.source
    assert "<B>sigmoid</B>" in bare.source and "(3, 1) float32" in bare.source
    no_grads = visualize.draw_graph(seed.error, seed.tape, show_grads=False).source
    assert "0.94993" in no_grads and GRAD_FILL not in no_grads


def test_without_a_gradient_call_there_are_values_but_no_gradients():
    w = ag.Variable([1.0, 2.0], name="w")
    with ag.GradientTape() as tape:
        y = ag.sum(w * w)
    source = visualize.draw_graph(y, tape).source
    assert ">5<" in node_statement(source, f"v{y._id}") and GRAD_FILL not in source


def _kind_styles(source, names):
    return {kind: tuple(attribute(node_statement(source, name), key)
                        for key in ("fillcolor", "color", "style", "peripheries"))
            for kind, name in names.items()}


def test_each_kind_of_value_has_its_own_style_and_a_legend_entry():
    w = ag.Variable([1.0, 2.0], name="w")
    frozen = ag.Variable([3.0, 4.0], trainable=False, name="frozen")
    c = ag.constant([0.5, 0.25], name="c")
    k = ag.constant([2.0, 2.0], name="k")
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(c)
        tape.watch(frozen)
        hidden = w * frozen + c
        y = ag.sum(hidden * k)
    tape.gradient(y, [w, frozen, c])
    source = visualize.draw_graph(y, tape).source
    names = {"trainable": f"v{w._id}", "non_trainable": f"v{frozen._id}",
             "watched": f"v{c._id}", "constant": f"v{k._id}", "intermediate": f"v{hidden._id}"}
    styles = _kind_styles(source, names)
    assert len(set(styles.values())) == 5, styles
    for kind, name in names.items():
        assert attribute(node_statement(source, name), "fillcolor") == \
            NODE_STYLES[kind]["fillcolor"]
        legend = node_statement(source, f"legend_{kind}")
        assert KIND_LABELS[kind] in legend
        assert attribute(legend, "style") == NODE_STYLES[kind]["style"]
    assert "Variable, not trainable, watched" in node_statement(source, f"v{frozen._id}")
    assert "legend_grad" in source


def test_the_target_has_a_heavier_border(seed):
    source = visualize.draw_graph(seed.error, seed.tape).source
    assert attribute(node_statement(source, f"v{seed.error._id}"), "penwidth") == "3"
    assert attribute(node_statement(source, f"v{seed.output._id}"), "penwidth") == "1"


def test_rankdir_is_as_asked(seed):
    assert "rankdir=TB" in visualize.draw_graph(seed.error, seed.tape).source
    assert "rankdir=LR" in visualize.draw_graph(seed.error, seed.tape, rankdir="LR").source
    with pytest.raises(ValueError, match="rankdir"):
        visualize.draw_graph(seed.error, seed.tape, rankdir="diagonal")


def test_large_tensors_show_a_summary_not_every_number():
    w = ag.Variable(np.arange(100, dtype=np.float32).reshape(10, 10), name="big")
    with ag.GradientTape() as tape:
        y = ag.mean(w, axis=0)
    source = visualize.draw_graph(y, tape).source
    big = node_statement(source, f"v{w._id}")
    assert "mean 49.5" in big and "min 0" in big and "max 99" in big
    assert ">37<" not in big
    assert "axis=0" in node_statement(source, "op0")


def test_the_op_settings_and_input_names_are_shown():
    x = ag.Variable([[1.0, 2.0], [3.0, 4.0]], name="x")
    with ag.GradientTape() as tape:
        y = ag.maximum(x, 2.5)
    source = visualize.draw_graph(y, tape).source
    assert "∂/∂x = [x&gt;=2.5]" in source  # HTML-escaped, with the op's real second input
    assert f'v{x._id} -> op0 [label=x' in source


def test_a_residual_kept_for_the_backward_pass_is_not_shown_as_a_setting():
    z = ag.Variable([[1.0, 2.0]], name="z")
    with ag.GradientTape(persistent=True) as tape:
        y = ag.softmax_cross_entropy_with_logits([[0.0, 1.0]], z, axis=0)
    source = visualize.draw_graph(y, tape).source
    assert "axis=0" in node_statement(source, "op0") and "residual" not in source


def test_without_a_tape_the_innermost_tape_that_recorded_it_is_used():
    x = ag.Variable(1.0, name="x")
    w = ag.Variable(2.0, name="w")
    with ag.GradientTape() as outer:
        z = ag.sin(x)
        with ag.GradientTape() as inner:
            y = z * w
    assert visualize.draw_graph(y).source == visualize.draw_graph(y, inner).source
    assert "<B>sin</B>" not in visualize.draw_graph(y).source
    assert "<B>sin</B>" in visualize.draw_graph(y, outer).source


def test_a_released_tape_says_how_to_keep_its_records():
    w = ag.Variable(2.0)
    with ag.GradientTape() as tape:
        y = w * w
    tape.gradient(y, w)
    with pytest.raises(ValueError, match=r"persistent=True"):
        visualize.draw_graph(y, tape)
    with pytest.raises(ValueError, match=r"pass the tape"):
        visualize.draw_graph(y)


def test_bad_targets_are_named():
    w = ag.Variable(2.0)
    with ag.GradientTape() as tape:
        y = w * w
    with pytest.raises(TypeError, match="Tensor"):
        visualize.draw_graph(np.ones(2), tape)
    with pytest.raises(ValueError, match="not recorded"):
        visualize.draw_graph(ag.constant(1.0), tape)
    with pytest.raises(TypeError, match="GradientTape"):
        visualize.draw_graph(y, tape="tape")


def test_several_targets_share_one_graph():
    w = ag.Variable(2.0, name="w")
    with ag.GradientTape() as tape:
        a = ag.exp(w)
        b = ag.log(w)
    source = visualize.draw_graph([a, b], tape).source
    assert "<B>exp</B>" in source and "<B>log</B>" in source
    assert source.count(f"\tv{w._id} [") == 1


def test_drawing_never_changes_the_tape(seed):
    records = list(seed.tape._records)
    tracked = set(seed.tape._tracked)
    grads = dict(seed.tape.last_gradients)
    visualize.draw_graph(seed.error, seed.tape)
    visualize.draw_graph(seed.error)
    assert len(seed.tape._records) == len(records)
    for now, before in zip(seed.tape._records, records):  # the very same objects, in order
        (op, inputs, out, params), (op0, inputs0, out0, params0) = now, before
        assert op is op0 and out is out0 and params is params0
        assert len(inputs) == len(inputs0) and all(a is b for a, b in zip(inputs, inputs0))
    assert seed.tape._tracked == tracked
    assert seed.tape.last_gradients.keys() == grads.keys()
