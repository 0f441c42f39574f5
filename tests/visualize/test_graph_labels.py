"""draw_graph for a class at batch size 4: derivatives named by the inputs' names and %ids,
"summed over the batch" on broadcast edges, group= collapsing a layer or a loss, and the note
on a Dense(sigmoid) output whose loss reads the logits."""
import re

import numpy as np
import pytest

import autograd_lite as ag
import visualize

from .conftest import node_statement


def neuron_at_batch_4():
    X = ag.constant([[0.5, 1.0], [-1.0, 2.0], [1.5, -0.5], [0.0, 1.0]], name="X")
    Y = ag.constant([[1.0], [0.0], [1.0], [0.0]], name="y")
    w = ag.Variable([[0.3], [-0.2]], name="w")
    b = ag.Variable([0.1], name="b")
    with ag.GradientTape(persistent=True) as tape:
        z = X @ w + b
        p = ag.sigmoid(z)
        loss = ag.mean(-(Y * ag.log(p) + (1.0 - Y) * ag.log(1.0 - p)))
    tape.gradient(loss, [w, b])
    return tape, loss, z, p, w, b, X


def test_a_multiply_names_its_real_inputs_not_x_and_y():
    w = ag.Variable(0.5, name="w")
    x = ag.constant(3.0, name="x")
    with ag.GradientTape(persistent=True) as tape:
        y = w * x
    source = visualize.draw_graph(y, tape).source
    assert "∂/∂w = x" in source                  # was "∂/∂x = y": the weight called x
    listing = str(tape)
    for name, number in re.findall(r"%(\d+) (\w+)", listing):
        assert f">%{name}<" in node_statement(source, f"v{(w if number == 'w' else x).id}")


def test_values_carry_the_percent_ids_of_print_tape_and_explain():
    tape, loss, z, p, *_ = neuron_at_batch_4()
    source = visualize.draw_graph(loss, tape).source
    listing = str(tape)
    z_number = re.search(r"%(\d+) = add", listing).group(1)
    p_number = re.search(r"%(\d+) = sigmoid", listing).group(1)
    assert f">%{z_number}<" in node_statement(source, f"v{z.id}")
    assert f"∂/∂%{z_number} = σ(%{z_number})·(1-σ(%{z_number}))" in source
    assert f"%{p_number}" in str(tape.explain(loss, tape.watched_variables()))


def test_the_bias_edge_says_summed_over_the_batch():
    tape, loss, z, p, w, b, X = neuron_at_batch_4()
    source = visualize.draw_graph(loss, tape).source
    edge = next(line for line in source.splitlines() if line.strip().startswith(f"v{b.id} ->"))
    assert "b: summed over the batch" in edge
    matmul_edges = [line for line in source.splitlines()
                    if line.strip().startswith((f"v{w.id} ->", f"v{X.id} ->"))]
    assert matmul_edges and not any("summed" in line for line in matmul_edges)


def test_group_collapses_the_cross_entropy_into_one_node():
    tape, loss, z, p, *_ = neuron_at_batch_4()
    full = visualize.draw_graph(loss, tape).source
    grouped = visualize.draw_graph(loss, tape, group={"cross-entropy": (p, loss)}).source
    assert full.count("<B>log</B>") == 2 and "<B>log</B>" not in grouped
    group = node_statement(grouped, "group1")
    assert "<B>cross-entropy</B>" in group and "ops: " in group and "log × 2" in group
    assert "Draw without group= to see each op" in group
    assert f"v{p.id} -> group1" in grouped and f"group1 -> v{loss.id}" in grouped
    assert grouped.count("<B>sigmoid</B>") == 1          # the neuron itself stays drawn
    layer = visualize.draw_graph(loss, tape, group={"neuron": ([], p),
                                                    "loss": (p, loss)}).source
    assert "group2" in layer and "<B>matmul</B>" not in layer


def test_bad_groups_are_refused():
    tape, loss, z, p, *_ = neuron_at_batch_4()
    with pytest.raises(TypeError, match="draw_graph: group must be a dict"):
        visualize.draw_graph(loss, tape, group=[p, loss])
    with pytest.raises(TypeError, match="group 'g' must be a pair"):
        visualize.draw_graph(loss, tape, group={"g": p})
    with pytest.raises(ValueError, match="group 'g' holds no drawn op"):
        visualize.draw_graph(loss, tape, group={"g": (loss, p)})


def test_a_dense_sigmoid_output_whose_loss_reads_the_logits_gets_a_note():
    model = ag.nn.Sequential([ag.nn.Input(shape=(2,)), ag.nn.Dense(1, activation="sigmoid")])
    x = np.array([[0.5, 1.0], [-1.0, 2.0], [1.5, -0.5], [0.0, 1.0]], np.float32)
    y = np.array([[1.0], [0.0], [1.0], [0.0]], np.float32)
    with ag.GradientTape(persistent=True) as tape:
        out = model(x)
        loss = ag.losses.binary_crossentropy(y, out)
    source = visualize.draw_graph(loss, tape).source
    assert "the model's sigmoid output: the loss reads its logits" in source
    assert f"v{out.id}" in source and "<B>sigmoid</B>" in source
    assert "style=\"filled,dashed\"" in source or "style=filled,dashed" in source
