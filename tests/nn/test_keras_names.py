"""Names a Keras user reaches for: the exact-match Accuracy metric, activation strings."""
import numpy as np
import pytest

import autograd_lite as ag


def test_exact_match_accuracy_as_keras_metrics_accuracy():
    metric = ag.metrics.Accuracy()
    metric.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
    assert metric.result() == 0.75
    metric.update_state([[1, 2]], [[1, 0]])  # one example, half of its entries equal
    assert metric.result() == (0.0 + 1 + 1 + 1 + 0.5) / 5


@pytest.mark.parametrize("name, x, expected", [
    ("gelu", 1.0, 0.8413447460685429), ("selu", -1.0, 1.0507009873554805 * 1.6732632423543772
                                        * (np.exp(-1.0) - 1)),
    ("hard_sigmoid", 1.0, 4.0 / 6.0), ("silu", 1.0, 1.0 / (1.0 + np.exp(-1.0))),
    ("exponential", 1.0, np.e)])
def test_keras_activation_names_reach_the_ops(name, x, expected):
    layer = ag.nn.Dense(1, activation=name, use_bias=False,
                        kernel_initializer=ag.nn.initializers.Constant(1.0), dtype="float64")
    assert float(layer(np.array([[x]]))[0, 0]) == pytest.approx(expected, rel=1e-12)


def test_a_model_given_as_the_sources_gets_the_right_hint():
    model = ag.nn.Sequential([ag.nn.Dense(1)])
    x = np.ones((2, 3), np.float32)
    with ag.GradientTape() as tape:
        loss = ag.sum(model(x))
    with pytest.raises(TypeError, match=r"got Sequential; pass its \.trainable_variables"):
        tape.gradient(loss, model)
    assert len(tape.gradient(loss, model.trainable_variables)) == 2
