"""A layer added twice applies twice (shared weights); an explicit build marks a layer built."""
import numpy as np
import pytest

import autograd_lite as ag


def test_sequential_applies_a_repeated_layer_twice():
    dense = ag.nn.Dense(2, kernel_initializer="ones", bias_initializer="ones")
    model = ag.nn.Sequential([ag.nn.Input((2,)), dense, dense])
    # (1 + 2) + 1 = 4 in each unit; then 4 + 4 + 1 = 9 (the same kernel and bias again)
    np.testing.assert_array_equal(model(ag.constant([[1.0, 2.0]])).numpy(), [[9.0, 9.0]])
    assert model.layers == [dense, dense]
    assert len(model.trainable_variables) == 2 and model.count_params() == 6


def test_a_shared_layer_gets_both_uses_gradients():
    dense = ag.nn.Dense(1, use_bias=False, kernel_initializer="ones")
    model = ag.nn.Sequential([dense, dense])
    x = ag.constant([[3.0]])
    with ag.GradientTape() as tape:
        y = model(x)  # w * (w * x): dy/dw = 2 w x = 6 at w = 1
    assert float(y[0, 0]) == 3.0
    assert float(tape.gradient(y, dense.kernel)[0, 0]) == 6.0


def test_pop_keeps_a_layer_still_in_use():
    dense = ag.nn.Dense(2)
    model = ag.nn.Sequential([ag.nn.Input((2,)), dense, dense])
    assert model.pop() is dense
    assert model.layers == [dense] and len(model.trainable_variables) == 2
    model.pop()
    assert model.layers == [] and model.trainable_variables == []


def test_weights_set_after_an_explicit_build_survive_the_first_call():
    dense = ag.nn.Dense(1)
    dense.build((None, 2))
    assert dense.built
    dense.set_weights([np.array([[2.0], [3.0]]), np.array([1.0])])
    kernel = dense.kernel
    assert float(dense(ag.constant([[1.0, 1.0]]))[0, 0]) == 6.0
    assert dense.kernel is kernel


def test_a_custom_layers_build_marks_it_built():
    class Stretch(ag.nn.Layer):
        def build(self, input_shape):
            self.factor = self.add_weight("factor", (input_shape[-1],), "ones")

        def call(self, x):
            return x * self.factor

    layer = Stretch()
    layer.build((None, 2))
    assert layer.built
    layer.factor.assign([2.0, 5.0])
    np.testing.assert_array_equal(layer(ag.constant([[1.0, 1.0]])).numpy(), [[2.0, 5.0]])


def test_a_build_that_fails_leaves_the_layer_unbuilt():
    dense = ag.nn.Dense(1)
    with pytest.raises(ValueError, match="Dense"):
        dense.build((3,))
    assert not dense.built
