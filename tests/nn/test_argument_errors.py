"""Bad arguments to layers, optimizers, fit and draw_graph: a named error (the function, the
argument, what it got) raised before anything changes."""
import numpy as np
import pytest

import autograd_lite as ag


@pytest.mark.parametrize("call, error, words", [
    (lambda: ag.optimizers.SGD("abc"), TypeError, ["SGD", "learning_rate", "'abc'"]),
    (lambda: ag.optimizers.SGD(-0.1), ValueError, ["SGD", "learning_rate", "-0.1"]),
    (lambda: ag.optimizers.SGD(momentum="a"), TypeError, ["SGD", "momentum", "'a'"]),
    (lambda: ag.optimizers.SGD(momentum=1.5), ValueError, ["SGD", "momentum", "1.5"]),
    (lambda: ag.optimizers.Adam(beta_1="x"), TypeError, ["Adam", "beta_1", "'x'"]),
    (lambda: ag.optimizers.RMSprop(rho=None), TypeError, ["RMSprop", "rho", "None"]),
    (lambda: ag.nn.Dropout("a"), TypeError, ["Dropout", "rate", "'a'"]),
    (lambda: ag.nn.Dropout(1.0), ValueError, ["Dropout", "rate", "1.0"]),
    (lambda: ag.nn.BatchNormalization(momentum="a"), TypeError,
     ["BatchNormalization", "momentum", "'a'"]),
    (lambda: ag.nn.BatchNormalization(axis=1.5), TypeError, ["BatchNormalization", "axis", "1.5"]),
    (lambda: ag.nn.Input("ab"), TypeError, ["Input", "shape", "'ab'"]),
    (lambda: ag.nn.Input((3, "x")), TypeError, ["Input", "shape", "'x'"]),
    (lambda: ag.nn.Flatten()(3.0), ValueError, ["Flatten", "received shape ()"]),
    (lambda: ag.nn.Dense(2, kernel_initializer="nope"), ValueError,
     ["Dense", "kernel_initializer", "'nope'"]),
    (lambda: ag.nn.Dense(2, bias_initializer=3), TypeError, ["Dense", "bias_initializer", "3"]),
    (lambda: ag.nn.Dense(2, kernel_regularizer="nope"), ValueError,
     ["Dense", "kernel_regularizer", "'nope'"]),
    (lambda: ag.nn.BatchNormalization(gamma_initializer="nope"), ValueError,
     ["BatchNormalization", "gamma_initializer", "'nope'"]),
])
def test_bad_constructor_and_call_arguments_are_named(call, error, words):
    with pytest.raises(error) as raised:
        call()
    for word in words:
        assert word in str(raised.value), (word, str(raised.value))


def test_a_layer_with_a_bad_initializer_name_is_never_made():
    with pytest.raises(ValueError):
        layer = ag.nn.Dense(2, kernel_initializer="glorot_unifrom")
    assert "layer" not in locals()


def compiled_model():
    ag.random.set_seed(0)
    model = ag.nn.Sequential([ag.nn.Input((2,)), ag.nn.Dense(1)])
    model.compile(optimizer=ag.optimizers.SGD(0.1, momentum=0.9), loss="mse")
    return model


@pytest.mark.parametrize("arguments, error, words", [
    ({"epochs": "abc"}, TypeError, ["fit", "epochs", "'abc'"]),
    ({"epochs": 2.0}, TypeError, ["fit", "epochs", "2.0"]),
    ({"epochs": -1}, ValueError, ["fit", "epochs", "-1"]),
    ({"validation_split": "0.1"}, TypeError, ["fit", "validation_split", "'0.1'"]),
    ({"validation_split": 1.5}, ValueError, ["fit", "validation_split", "1.5"]),
    ({"callbacks": [3]}, TypeError, ["fit", "callbacks", "int 3"]),
    ({"callbacks": "stop"}, TypeError, ["fit", "callbacks", "'stop'"]),
])
def test_bad_fit_arguments_change_nothing(arguments, error, words):
    model = compiled_model()
    x = np.ones((4, 2), np.float32)
    y = np.zeros((4, 1), np.float32)
    model.fit(x, y, epochs=1, verbose=0)  # momentum slots now exist
    before = model.get_weights()
    slots = {key: {name: value.copy() for name, value in entry[1].items()}
             for key, entry in model.optimizer._slots.items()}
    steps = int(model.optimizer.iterations)
    with pytest.raises(error) as raised:
        model.fit(x, y, verbose=0, **arguments)
    for word in words:
        assert word in str(raised.value), (word, str(raised.value))
    for old, now in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, now)
    assert int(model.optimizer.iterations) == steps
    for key, entry in model.optimizer._slots.items():
        for name, value in entry[1].items():
            np.testing.assert_array_equal(value, slots[key][name])


@pytest.mark.parametrize("value, error", [("a", TypeError), (2.5, TypeError), (0, ValueError)])
def test_draw_graph_names_a_bad_collapse_over(value, error):
    visualize = pytest.importorskip("visualize")
    x = ag.constant(2.0)
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
    with pytest.raises(error, match=f"draw_graph: collapse_over .*{value!r}"):
        visualize.draw_graph(y, tape, collapse_over=value)
