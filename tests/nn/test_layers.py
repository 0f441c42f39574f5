"""Layers: gradients against finite differences, modes, tracking, errors."""
import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.nn import activations

from .gradcheck import check_layer_gradients

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("activation", list(activations.NAMES))
def test_dense_gradients_match_finite_differences(activation):
    layer = ag.nn.Dense(3, activation=activation, dtype="float64",
                        kernel_initializer=ag.initializers.RandomNormal(stddev=0.7, seed=2),
                        bias_initializer=ag.initializers.RandomNormal(stddev=0.3, seed=3))
    check_layer_gradients(layer, RNG.normal(size=(4, 5)) + 0.05)


def test_dense_on_three_dimensional_input_gradients():
    layer = ag.nn.Dense(2, activation="tanh", dtype="float64")
    check_layer_gradients(layer, RNG.normal(size=(2, 3, 4)))


def test_dense_without_bias_gradients_and_variables():
    layer = ag.nn.Dense(2, use_bias=False, dtype="float64")
    check_layer_gradients(layer, RNG.normal(size=(3, 4)))
    assert layer.bias is None and len(layer.trainable_variables) == 1


def test_activation_layer_gradients():
    check_layer_gradients(ag.nn.Activation("softmax", dtype="float64"), RNG.normal(size=(3, 4)))
    check_layer_gradients(ag.nn.Activation("elu", dtype="float64"), RNG.normal(size=(3, 4)))


@pytest.mark.parametrize("training", [True, False])
def test_batch_normalization_gradients_in_both_modes(training):
    layer = ag.nn.BatchNormalization(dtype="float64",
                                     gamma_initializer=ag.initializers.RandomNormal(1.0, 0.3, 4),
                                     beta_initializer=ag.initializers.RandomNormal(0.0, 0.3, 5))
    x = RNG.normal(size=(6, 3)) * 2 + 1
    layer(x)  # build
    layer.moving_mean.assign([0.5, -0.2, 1.0])
    layer.moving_variance.assign([2.0, 0.5, 1.5])
    check_layer_gradients(layer, x, training=training, rtol=1e-4, atol=1e-6)


def test_batch_normalization_on_axis_1_of_4d_input_gradients():
    layer = ag.nn.BatchNormalization(axis=1, dtype="float64")
    check_layer_gradients(layer, RNG.normal(size=(3, 2, 2, 2)), training=True,
                          rtol=1e-4, atol=1e-6)


def test_dropout_gradient_uses_the_forward_mask():
    layer = ag.nn.Dropout(0.4, seed=7, dtype="float64")
    x = ag.constant(RNG.uniform(1.0, 2.0, size=(5, 8)))
    weights = RNG.normal(size=(5, 8))
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = layer(x, training=True)
        target = ag.sum(y * weights)
    grad = tape.gradient(target, x).numpy()
    factor = y.numpy() / x.numpy()
    assert set(np.round(np.unique(factor), 12)) <= {0.0, round(1 / 0.6, 12)}
    np.testing.assert_allclose(grad, factor * weights, rtol=1e-12)


def test_dropout_draws_one_new_mask_per_call_and_scales_kept_inputs():
    layer = ag.nn.Dropout(0.5, seed=1)
    x = ag.ones((40, 50))
    first, second = layer(x, training=True).numpy(), layer(x, training=True).numpy()
    assert not np.array_equal(first, second)
    assert set(np.unique(first)) == {0.0, 2.0}
    assert abs((first == 0).mean() - 0.5) < 0.03
    assert abs(first.mean() - 1.0) < 0.06


def test_dropout_is_identity_when_not_training():
    layer = ag.nn.Dropout(0.9)
    x = RNG.normal(size=(3, 4)).astype("float32")
    np.testing.assert_array_equal(layer(x).numpy(), x)
    np.testing.assert_array_equal(layer(x, training=False).numpy(), x)


def test_dropout_global_seed_makes_masks_reproducible():
    x = ag.ones((4, 6))
    ag.random.set_seed(11)
    a = ag.nn.Dropout(0.5)(x, training=True).numpy()
    ag.random.set_seed(11)
    b = ag.nn.Dropout(0.5)(x, training=True).numpy()
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5])
def test_dropout_rejects_bad_rates(rate):
    with pytest.raises(ValueError, match="rate"):
        ag.nn.Dropout(rate)


def test_batch_normalization_training_uses_batch_stats_and_updates_moving():
    layer = ag.nn.BatchNormalization(momentum=0.9, epsilon=1e-3)
    x = np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 60.0]], dtype="float32")
    y = layer(x, training=True).numpy()
    mean, var = x.mean(axis=0), x.var(axis=0)  # biased variance, as Keras
    np.testing.assert_allclose(y, (x - mean) / np.sqrt(var + 1e-3), rtol=1e-5)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.1 * mean, rtol=1e-6)
    np.testing.assert_allclose(layer.moving_variance.numpy(), 0.9 + 0.1 * var, rtol=1e-6)


def test_batch_normalization_inference_uses_moving_stats_and_changes_nothing():
    layer = ag.nn.BatchNormalization()
    x = np.array([[1.0, 2.0], [3.0, 6.0]], dtype="float32")
    layer(x)
    layer.set_weights([[2.0, 0.5], [1.0, -1.0], [1.0, 2.0], [4.0, 0.25]])
    before = layer.get_weights()
    y = layer(x, training=False).numpy()
    expected = (x - [1.0, 2.0]) / np.sqrt(np.array([4.0, 0.25]) + 1e-3) * [2.0, 0.5] + [1.0, -1.0]
    np.testing.assert_allclose(y, expected, rtol=1e-6)
    for old, new in zip(before, layer.get_weights()):
        np.testing.assert_array_equal(old, new)


def test_frozen_batch_normalization_runs_in_inference_mode():
    layer = ag.nn.BatchNormalization()
    x = np.array([[1.0], [3.0]], dtype="float32")
    layer(x)
    layer.trainable = False
    np.testing.assert_allclose(layer(x, training=True).numpy(), x / np.sqrt(1.001), rtol=1e-6)
    np.testing.assert_array_equal(layer.moving_mean.numpy(), [0.0])


def test_batch_normalization_variables_order_and_trainability():
    layer = ag.nn.BatchNormalization()
    layer(np.zeros((2, 3), dtype="float32"))
    assert [v.name.split("/")[-1] for v in layer.variables] == [
        "gamma", "beta", "moving_mean", "moving_variance"]
    assert [v.name.split("/")[-1] for v in layer.trainable_variables] == ["gamma", "beta"]
    assert [v.name.split("/")[-1] for v in layer.non_trainable_variables] == [
        "moving_mean", "moving_variance"]
    assert layer.gamma is layer.variables[0] and layer.moving_variance is layer.variables[3]


def test_batch_normalization_without_center_and_scale():
    layer = ag.nn.BatchNormalization(center=False, scale=False)
    layer(np.zeros((2, 3), dtype="float32"))
    assert layer.gamma is None and layer.beta is None
    assert layer.trainable_variables == [] and len(layer.variables) == 2


def test_dense_kernel_shape_then_bias():
    layer = ag.nn.Dense(4)
    layer(np.zeros((2, 3), dtype="float32"))
    assert layer.kernel.shape == (3, 4) and layer.bias.shape == (4,)
    assert layer.trainable_variables[0] is layer.kernel
    assert layer.trainable_variables[1] is layer.bias
    assert layer.kernel.dtype == np.float32


def test_dense_casts_float64_and_int_inputs_to_its_dtype():
    layer = ag.nn.Dense(2)
    assert layer(np.ones((1, 3))).dtype == np.float32
    assert layer(np.ones((1, 3), dtype=np.int64)).dtype == np.float32


def test_dense_rejects_bad_units():
    for units in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match="units"):
            ag.nn.Dense(units)


def test_unknown_activation_names_the_known_ones():
    with pytest.raises(ValueError, match="relu"):
        ag.nn.Dense(2, activation="relux")


def test_wrong_last_dimension_raises_before_any_change():
    layer = ag.nn.Dense(2)
    layer(np.ones((1, 3), dtype="float32"))
    before = layer.get_weights()
    with pytest.raises(ValueError) as info:
        layer(np.ones((5, 4), dtype="float32"))
    assert "3" in str(info.value) and "(5, 4)" in str(info.value)
    for old, new in zip(before, layer.get_weights()):
        np.testing.assert_array_equal(old, new)


def test_batch_normalization_wrong_feature_dimension_raises_and_keeps_stats():
    layer = ag.nn.BatchNormalization()
    layer(np.ones((2, 3), dtype="float32"), training=True)
    before = layer.get_weights()
    with pytest.raises(ValueError, match=r"\(2, 4\)"):
        layer(np.ones((2, 4), dtype="float32"), training=True)
    for old, new in zip(before, layer.get_weights()):
        np.testing.assert_array_equal(old, new)


def test_dense_rejects_one_dimensional_input():
    with pytest.raises(ValueError, match="batch, features"):
        ag.nn.Dense(2)(np.ones(3, dtype="float32"))


def test_flatten_reshapes_and_passes_gradients():
    check_layer_gradients(ag.nn.Flatten(dtype="float64"), RNG.normal(size=(2, 3, 4)))
    assert ag.nn.Flatten()(np.zeros((5, 28, 28))).shape == (5, 784)


def test_input_layer_checks_example_shape():
    model = ag.nn.Sequential([ag.nn.Input(shape=(3,)), ag.nn.Dense(1)])
    with pytest.raises(ValueError, match=r"\(3,\)"):
        model(np.ones((2, 4), dtype="float32"))


class Affine(ag.nn.Layer):
    """A custom layer with attribute-assigned Variables and a sub-layer."""

    def __init__(self):
        super().__init__()
        self.scale = ag.Variable(np.float32(2.0), name="scale")
        self.offset = ag.Variable(np.float32(1.0), trainable=False, name="offset")
        self.inner = ag.nn.Dense(2, kernel_initializer="ones")

    def call(self, x):
        return self.inner(x) * self.scale + self.offset


def test_attribute_variables_and_sublayers_are_tracked():
    layer = Affine()
    out = layer(np.ones((1, 3), dtype="float32"))
    np.testing.assert_allclose(out.numpy(), [[7.0, 7.0]])
    names = [v.name for v in layer.variables]
    assert names[:2] == ["scale", "offset"] and len(names) == 4
    assert layer.trainable_variables == [layer.scale, layer.inner.kernel, layer.inner.bias]
    assert layer.non_trainable_variables == [layer.offset]
    assert layer.layers == [layer.inner]


def test_setting_trainable_false_moves_every_variable():
    layer = Affine()
    layer(np.ones((1, 3), dtype="float32"))
    layer.trainable = False
    assert layer.trainable_variables == [] and len(layer.non_trainable_variables) == 4
    assert layer.inner.trainable is False
    assert all(v.trainable for v in [layer.scale, layer.inner.kernel])
    layer.trainable = True
    assert len(layer.trainable_variables) == 3


def test_frozen_layer_inside_a_model_is_not_trained():
    model = ag.nn.Sequential([ag.nn.Input((2,)), ag.nn.Dense(2), ag.nn.Dense(1)])
    model.layers[0].trainable = False
    assert model.trainable_variables == [model.layers[1].kernel, model.layers[1].bias]
    frozen = model.layers[0].get_weights()
    model.compile(ag.optimizers.SGD(0.1), "mse")
    model.fit(np.ones((4, 2)), np.ones((4, 1)), epochs=2, verbose=0)
    for old, new in zip(frozen, model.layers[0].get_weights()):
        np.testing.assert_array_equal(old, new)


def test_set_weights_checks_count_and_shapes_before_assigning():
    layer = ag.nn.Dense(2)
    layer(np.ones((1, 3), dtype="float32"))
    before = layer.get_weights()
    with pytest.raises(ValueError, match="expected 2 arrays"):
        layer.set_weights([before[0]])
    with pytest.raises(ValueError, match=r"\(2,\).*\(3,\)"):
        layer.set_weights([np.zeros((3, 2)), np.zeros(3)])
    for old, new in zip(before, layer.get_weights()):
        np.testing.assert_array_equal(old, new)


def test_get_weights_returns_copies():
    layer = ag.nn.Dense(1, kernel_initializer="ones")
    layer(np.ones((1, 2), dtype="float32"))
    weights = layer.get_weights()
    weights[0][...] = 5.0
    np.testing.assert_array_equal(layer.kernel.numpy(), [[1.0], [1.0]])


def test_layer_names_are_unique_and_snake_case():
    a, b = ag.nn.BatchNormalization(), ag.nn.BatchNormalization()
    assert a.name.startswith("batch_normalization") and a.name != b.name
    assert ag.nn.Dense(1, name="out").name == "out"


class DropoutInside(ag.nn.Model):
    """Calls its Dropout without passing training, as Keras users often write."""

    def __init__(self):
        super().__init__()
        self.drop = ag.nn.Dropout(0.5, seed=0)

    def call(self, x):
        return self.drop(x)


def test_nested_layers_inherit_the_training_mode_of_the_outer_call():
    model = DropoutInside()
    x = np.ones((4, 10), dtype="float32")
    assert (model(x, training=True).numpy() == 0).any()
    np.testing.assert_array_equal(model(x).numpy(), x)
    assert (model.drop(x, training=True).numpy() == 0).any()


def test_reassigning_a_variable_attribute_replaces_it():
    layer = ag.nn.Layer()
    layer.w = ag.Variable([1.0])
    layer.w = ag.Variable([2.0, 3.0])
    assert len(layer.variables) == 1 and layer.variables[0].shape == (2,)


@pytest.mark.parametrize("value,shown", [
    ([[1.0], [1.0, 2.0], [3.0]], "ragged list"), ("abc", "str 'abc'"), (None, "None")])
def test_set_weights_with_non_numeric_entries_raises_naming_set_weights(value, shown):
    layer = ag.nn.Dense(2, name="sw_dense")
    layer(np.ones((1, 3), dtype="float32"))
    before = layer.get_weights()
    with pytest.raises(TypeError, match=r"^sw_dense.set_weights: weight 0 \(for variable "
                                        r"'sw_dense/kernel'\) must be numeric") as info:
        layer.set_weights([value, np.zeros(2)])
    assert shown in str(info.value) and "shape ()" not in str(info.value)
    for old, new in zip(before, layer.get_weights()):
        np.testing.assert_array_equal(old, new)


@pytest.mark.parametrize("weights", [None, "ab", {"kernel": 1.0}])
def test_set_weights_needs_a_list(weights):
    layer = ag.nn.Dense(1, name="sw_list")
    layer(np.ones((1, 2), dtype="float32"))
    with pytest.raises(TypeError, match=r"^sw_list.set_weights: expected a list of arrays"):
        layer.set_weights(weights)


BAD_INPUTS = [("abc", "str 'abc'"), (None, "None"), ({"x": 1.0}, "dict {'x': 1.0}"),
              ([[1.0, 2.0], [1.0]], "ragged list")]


@pytest.mark.parametrize("value,shown", BAD_INPUTS)
def test_layer_and_model_calls_name_the_receiver_of_bad_input(value, shown):
    dense = ag.nn.Dense(2, name="receiver")
    with pytest.raises(TypeError, match=r"^Dense 'receiver': the input must be numeric") as info:
        dense(value)
    assert shown in str(info.value) and "constant" not in str(info.value)
    assert not dense.built
    model = ag.nn.Sequential([ag.nn.Input((2,)), ag.nn.Dense(1)], name="receiving_model")
    with pytest.raises(TypeError, match=r"^Sequential 'receiving_model': the input must be "
                                        r"numeric") as info:
        model(value)
    assert shown in str(info.value) and "constant" not in str(info.value)
