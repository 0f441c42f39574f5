"""Deep copies and pickles of layers and models are independent models with their own ids."""
import copy
import pickle

import numpy as np
import pytest

import autograd_lite as ag


def make_model():
    ag.random.set_seed(3)
    model = ag.nn.Sequential([ag.nn.Input((3,)), ag.nn.Dense(4, activation="relu"),
                              ag.nn.BatchNormalization(), ag.nn.Dense(2)])
    model.compile(optimizer=ag.optimizers.SGD(0.05, momentum=0.9), loss="mse")
    return model


def data():
    rng = np.random.default_rng(0)
    return rng.normal(size=(16, 3)).astype("float32"), rng.normal(size=(16, 2)).astype("float32")


@pytest.mark.parametrize("duplicate", [copy.deepcopy, lambda m: pickle.loads(pickle.dumps(m))])
def test_a_copied_model_trains_independently(duplicate):
    x, y = data()
    model = make_model()
    model.fit(x, y, epochs=1, batch_size=8, shuffle=False, verbose=0)
    twin = duplicate(model)
    assert not {v._id for v in model.variables} & {v._id for v in twin.variables}
    before = model.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(before, twin.get_weights()))
    twin.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    # ... and exactly as the original would have, momentum slots included
    model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0)
    for a, b in zip(model.get_weights(), twin.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


def test_a_copied_layers_gradients_are_its_own():
    layer = ag.nn.Dense(2, kernel_initializer="ones")
    layer(ag.ones((1, 3)))
    twin = copy.deepcopy(layer)
    x = ag.constant([[1.0, 2.0, 3.0]])
    with ag.GradientTape() as tape:
        loss = ag.sum(layer(x)) + 10.0 * ag.sum(twin(x))
    grads = tape.gradient(loss, layer.trainable_variables + twin.trainable_variables)
    np.testing.assert_array_equal(grads[0].numpy(), [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
    np.testing.assert_array_equal(grads[2].numpy(), [[10.0, 10.0], [20.0, 20.0], [30.0, 30.0]])
