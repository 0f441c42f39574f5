"""draw_network with numbers: each neuron's value and delta, each line's weight (DOT source)."""
import re

import numpy as np
import pytest

import autograd_lite as ag
import visualize

from .conftest import SEED_LAYERS, attribute, node_statement


def seed_model():
    """SEEDS.md's 2-3-3-1 sigmoid network as Dense layers (kernels are W transposed)."""
    model = ag.nn.Sequential([ag.nn.Input(shape=(2,))]
                             + [ag.nn.Dense(len(w), activation="sigmoid") for w, _ in SEED_LAYERS])
    weights = []
    for w, b in SEED_LAYERS:
        weights += [np.array(w).T, np.full(len(w), b)]
    model.set_weights(weights)
    return model


def numbers_on(source, node):
    """The numbers written on a node's label, in order (the name x0 / y0 left out)."""
    label = re.search(r"label=<(.*?)> \w+=", node_statement(source, node)).group(1)
    text = re.sub(r"<[^>]*>", " ", label)
    return [float(v) for v in re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", text)]


def by_hand():
    """The course's backward equations, in NumPy: dz3 = dL/dout * s'(z3), dh2 = W3^T dz3,
    dz2 = dh2 * s'(z2), dh1 = W2^T dz2, dz1 = dh1 * s'(z1); L = (1 - out)^2."""
    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    (W1, b1), (W2, b2), (W3, b3) = [(np.array(w), b) for w, b in SEED_LAYERS]
    h0 = np.array([1.0, 1.0])
    h1 = sigmoid(W1 @ h0 + b1)
    h2 = sigmoid(W2 @ h1 + b2)
    out = sigmoid(W3 @ h2 + b3)
    dz3 = -2 * (1 - out) * out * (1 - out)
    dz2 = (W3.T @ dz3) * h2 * (1 - h2)
    dz1 = (W2.T @ dz2) * h1 * (1 - h1)
    return [h0, h1, h2, out], [None, dz1, dz2, dz3]


def test_values_and_deltas_are_the_course_numbers():
    source = visualize.draw_network(seed_model(), x=[1.0, 1.0], show_values=True,
                                    show_deltas=True, y=[1.0]).source
    values, deltas = by_hand()
    assert numbers_on(source, "n1_0") == pytest.approx([0.95257, float(deltas[1][0])], rel=1e-4)
    assert numbers_on(source, "n2_2")[0] == pytest.approx(0.99292, abs=1e-5)
    assert numbers_on(source, "n3_0") == pytest.approx([0.94993, -0.0047627], rel=1e-4)
    for column in (1, 2, 3):
        for j in range(len(values[column])):
            value, delta = numbers_on(source, f"n{column}_{j}")[-2:]
            assert value == pytest.approx(values[column][j], rel=1e-4)
            assert delta == pytest.approx(deltas[column][j], rel=1e-4, abs=1e-12)
    assert numbers_on(source, "n0_1") == [1.0] and "x1<BR/>" in node_statement(source, "n0_1")
    assert "δ 0<" in node_statement(source, "n2_1")      # W3 gives the middle neuron weight 0
    assert "dLoss/dz" in source


def test_values_alone_have_no_deltas_and_weights_alone_no_values():
    model = seed_model()
    values = visualize.draw_network(model, x=np.ones((1, 2)), show_values=True).source
    assert "0.95257" in values and "δ" not in values
    weights = visualize.draw_network(model, weight_labels=True).source
    assert "0.95257" not in weights
    labels = {re.match(r"\t(\w+) ", line).group(1): (attribute(line, "tooltip"),
                                                      attribute(line, "label"))
              for line in weights.splitlines() if "shape=plaintext" in line and "tooltip" in line}
    # Dense kernels are W transposed: w[i, j] weighs input i into unit j (the course's W[j, i])
    assert labels["w0_0_1"] == ("w[0, 1] = 3", "3") and labels["w0_1_2"] == ("w[1, 2] = 2", "2")
    assert labels["w1_2_1"] == ("w[2, 1] = 3", "3") and labels["b0_0"] == ("b[0] = 2", "2")
    assert len(labels) == (6 + 3) + (9 + 3) + (3 + 1)


def test_deltas_follow_the_loss_given():
    model = seed_model()
    half = visualize.draw_network(model, x=[1.0, 1.0], show_deltas=True, y=[1.0],
                                  loss=lambda y, p: 0.5 * ag.sum(ag.square(y - p))).source
    assert numbers_on(half, "n3_0")[-1] == pytest.approx(-0.0047627 / 2, rel=1e-4)
    mse = visualize.draw_network(model, x=[1.0, 1.0], show_deltas=True, y=[1.0],
                                 loss="mse").source
    assert numbers_on(mse, "n3_0")[-1] == pytest.approx(-0.0047627, rel=1e-4)


def test_missing_or_wrong_examples_are_refused():
    model = seed_model()
    with pytest.raises(ValueError, match="draw_network: show_values and show_deltas need an "
                                         "example: pass x="):
        visualize.draw_network(model, show_values=True)
    with pytest.raises(ValueError, match="show_deltas needs the target of x: pass y="):
        visualize.draw_network(model, x=[1.0, 1.0], show_deltas=True)
    with pytest.raises(ValueError, match=r"x must be one example of shape \(2,\) or \(1, 2\), "
                                         r"got shape \(4, 2\)"):
        visualize.draw_network(model, x=np.ones((4, 2)), show_values=True)
    normalised = ag.nn.Sequential([ag.nn.Input(shape=(2,)), ag.nn.Dense(3),
                                   ag.nn.BatchNormalization(), ag.nn.Dense(1)])
    with pytest.raises(ValueError, match="cannot pass through 'batch norm'"):
        visualize.draw_network(normalised, x=[1.0, 1.0], show_values=True)


def test_activation_and_dropout_layers_are_computed_too():
    model = ag.nn.Sequential([ag.nn.Input(shape=(2,)), ag.nn.Dense(2), ag.nn.Activation("relu"),
                              ag.nn.Dropout(0.5), ag.nn.Dense(1)])
    model.set_weights([np.array([[1.0, -1.0], [1.0, -1.0]]), np.zeros(2),
                       np.array([[2.0], [5.0]]), np.zeros(1)])
    source = visualize.draw_network(model, x=[1.0, 2.0], show_values=True).source
    assert numbers_on(source, "n1_0") == [3.0] and numbers_on(source, "n1_1") == [0.0]
    assert numbers_on(source, "n2_0")[-1] == 6.0
