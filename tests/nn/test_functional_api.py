"""Keras 3's functional API, subclassed models, new layers, add_loss, weight names, apply."""
import numpy as np
import pytest

import autograd_lite as ag
import visualize


def digits_model():
    # Keras's "training loop from scratch" guide, names changed
    inputs = ag.nn.Input(shape=(784,), name="digits")
    x1 = ag.nn.Dense(64, activation="relu")(inputs)
    x2 = ag.nn.Dense(64, activation="relu")(x1)
    outputs = ag.nn.Dense(10, name="predictions")(x2)
    return ag.nn.Model(inputs=inputs, outputs=outputs)


def test_input_is_symbolic_and_layers_called_on_it_give_shapes():
    inputs = ag.nn.Input(shape=(784,), name="digits")
    x = ag.nn.Dense(64, activation="relu")(inputs)
    assert isinstance(inputs, ag.nn.KerasTensor) and inputs.shape == (None, 784)
    assert x.shape == (None, 64) and x.dtype == np.float32
    with pytest.raises(TypeError, match="symbolic"):
        np.asarray(x)


def test_functional_model_equals_the_same_layers_applied_by_hand():
    ag.random.set_seed(0)
    model = digits_model()
    assert isinstance(model, ag.nn.Model) and isinstance(model, ag.nn.Functional)
    dense1, dense2, head = model.layers[1:]
    x = np.random.default_rng(0).random((5, 784)).astype("float32")
    by_hand = head(dense2(dense1(x)))
    np.testing.assert_array_equal(model(x).numpy(), by_hand.numpy())
    assert [layer.name for layer in model.layers][0] == "digits"
    assert model.count_params() == 784 * 64 + 64 + 64 * 64 + 64 + 64 * 10 + 10


def test_weight_names_are_short_and_paths_full():
    model = digits_model()
    kernel = model.layers[-1].kernel
    assert kernel.name == "kernel" and kernel.path == "predictions/kernel"
    assert [v.name for v in model.layers[-1].weights] == ["kernel", "bias"]
    assert ag.Variable(1.0, name="w").path == "w"


def test_training_loop_from_scratch_guide_with_apply_and_metric():
    # the guide's loop: loss_fn, optimizer.apply(grads, model.trainable_weights), metric
    ag.random.set_seed(1)
    model = digits_model()
    optimizer = ag.optimizers.SGD(learning_rate=1e-3)
    loss_fn = ag.losses.SparseCategoricalCrossentropy(from_logits=True)
    train_acc_metric = ag.metrics.SparseCategoricalAccuracy()
    rng = np.random.default_rng(0)
    x_batch = rng.random((16, 784)).astype("float32")
    y_batch = rng.integers(0, 10, 16)
    before = [w.numpy().copy() for w in model.trainable_weights]
    with ag.GradientTape() as tape:
        logits = model(x_batch, training=True)
        loss_value = loss_fn(y_batch, logits)
    grads = tape.gradient(loss_value, model.trainable_weights)
    optimizer.apply(grads, model.trainable_weights)
    for w, b, g in zip(model.trainable_weights, before, grads):
        np.testing.assert_allclose(w.numpy(), b - 1e-3 * g.numpy(), rtol=1e-6, atol=1e-7)
    train_acc_metric.update_state(y_batch, logits)
    result = train_acc_metric.result()
    assert isinstance(result, ag.Tensor) and result.dtype == np.float32
    expected = np.mean(np.argmax(logits.numpy(), axis=1) == y_batch)
    assert float(result) == pytest.approx(expected)
    train_acc_metric.reset_state()
    assert float(train_acc_metric.result()) == 0.0


def test_apply_checks_the_counts():
    w = ag.Variable([1.0])
    with pytest.raises(ValueError, match="SGD.apply: 2 gradients for 1 variables"):
        ag.optimizers.SGD().apply([ag.constant([1.0]), ag.constant([1.0])], [w])


def test_compile_fit_evaluate_predict_summary_on_a_functional_model(capsys):
    ag.random.set_seed(2)
    inputs = ag.nn.Input(shape=(4,))
    hidden = ag.nn.Dense(8, activation="relu")(inputs)
    outputs = ag.nn.Dense(3, activation="softmax")(hidden)
    model = ag.nn.Model(inputs=inputs, outputs=outputs)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 4)).astype("float32")
    y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0)
    model.compile(optimizer=ag.optimizers.Adam(0.05), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x, y, epochs=15, batch_size=20, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    loss, accuracy = model.evaluate(x, y)
    assert accuracy > 0.8
    probabilities = model.predict(x)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
    model.summary()
    text = capsys.readouterr().out
    assert "(InputLayer)" in text and "(None, 3)" in text and "Total params: 67" in text


def test_a_layer_used_twice_shares_its_weights():
    inputs = ag.nn.Input(shape=(3,))
    shared = ag.nn.Dense(3, kernel_initializer="ones", bias_initializer="ones")
    outputs = shared(shared(inputs))
    model = ag.nn.Model(inputs, outputs)
    assert len(model.trainable_variables) == 2
    # ones(3x3) @ [1,1,1] + 1 = 4 each; again: 3*4 + 1 = 13
    np.testing.assert_array_equal(model(np.ones((1, 3), "float32")).numpy(), [[13, 13, 13]])
    with ag.GradientTape() as tape:
        y = ag.sum(model(np.ones((1, 3), "float32")))
    dkernel = tape.gradient(y, shared.kernel).numpy()
    # by hand: the second use sends h_i * 1 = 4 to W_ij; the first x_i * (W @ ones)_j = 3
    np.testing.assert_array_equal(dkernel, np.full((3, 3), 7.0))


def test_several_inputs_and_outputs_by_list_and_by_dict():
    title = ag.nn.Input(shape=(2,), name="title")
    body = ag.nn.Input(shape=(3,), name="body")
    merged = ag.nn.concatenate([title, body])
    priority = ag.nn.Dense(1, kernel_initializer="ones", name="priority")(merged)
    department = ag.nn.Dense(2, kernel_initializer="ones", name="department")(merged)
    model = ag.nn.Model(inputs=[title, body], outputs=[priority, department])
    a, b = np.ones((4, 2), "float32"), np.full((4, 3), 2.0, "float32")
    p, d = model([a, b])
    assert p.shape == (4, 1) and d.shape == (4, 2)
    np.testing.assert_array_equal(p.numpy(), np.full((4, 1), 8.0))
    p2, _ = model({"title": a, "body": b})
    np.testing.assert_array_equal(p2.numpy(), p.numpy())
    assert model.output_names == ["priority", "department"]

    named = ag.nn.Model(inputs={"title": title, "body": body},
                        outputs={"priority": priority, "department": department})
    out = named({"body": b, "title": a})
    assert set(out) == {"priority", "department"}
    np.testing.assert_array_equal(out["department"].numpy(), np.full((4, 2), 8.0))


def test_functional_input_errors_name_the_input_and_shapes():
    model = digits_model()
    with pytest.raises(ValueError, match=r"input 'digits' expects shape \(None, 784\), "
                                         r"received data of shape \(2, 10\)"):
        model(np.ones((2, 10)))
    a = ag.nn.Input(shape=(2,))
    stray = ag.nn.Input(shape=(2,), name="stray")
    with pytest.raises(ValueError, match="'stray', which is not among the model's inputs"):
        ag.nn.Model(inputs=a, outputs=ag.nn.Add()([a, stray]))


def test_nested_functional_model_as_a_layer():
    inner_in = ag.nn.Input(shape=(2,))
    inner = ag.nn.Model(inner_in, ag.nn.Dense(2, kernel_initializer="ones")(inner_in))
    outer_in = ag.nn.Input(shape=(2,))
    outer = ag.nn.Model(outer_in, ag.nn.Dense(1, kernel_initializer="ones")(inner(outer_in)))
    np.testing.assert_array_equal(outer(np.ones((1, 2), "float32")).numpy(), [[4.0]])
    assert len(outer.trainable_variables) == 4


def test_subclassed_model_with_call_trains_with_fit():
    class TwoLayers(ag.nn.Model):
        def __init__(self):
            super().__init__()
            self.hidden = ag.nn.Dense(8, activation="relu")
            self.out = ag.nn.Dense(1)

        def call(self, inputs):
            return self.out(self.hidden(inputs))
    ag.random.set_seed(3)
    model = TwoLayers()
    x = np.linspace(-1, 1, 40, dtype="float32").reshape(-1, 1)
    model.compile(ag.optimizers.Adam(0.05), "mse")
    history = model.fit(x, 2 * x, epochs=30, batch_size=40, verbose=0)
    assert history.history["loss"][-1] < 0.1 * history.history["loss"][0]


def test_draw_network_draws_a_functional_chain():
    model = digits_model()
    source = visualize.draw_network(model).source
    assert "hidden 1" in source and "output" in source


def test_softmax_relu_leaky_relu_layers():
    x = ag.constant([[-3.0, -1.0, 0.0, 2.0]])
    np.testing.assert_array_equal(ag.nn.ReLU()(x).numpy(), [[0, 0, 0, 2]])
    np.testing.assert_array_equal(ag.nn.ReLU(max_value=1.0)(x).numpy(), [[0, 0, 0, 1]])
    np.testing.assert_array_equal(ag.nn.ReLU(negative_slope=1.0)(x).numpy(), [[-3, -1, 0, 2]])
    np.testing.assert_array_equal(
        ag.nn.ReLU(threshold=1.5)(ag.constant([[-3.0, -1.0, 1.0, 2.0]])).numpy(), [[0, 0, 0, 2]])
    np.testing.assert_allclose(ag.nn.LeakyReLU()(x).numpy(), [[-0.9, -0.3, 0, 2]], rtol=1e-6)
    np.testing.assert_allclose(ag.nn.LeakyReLU(negative_slope=0.1)(x).numpy(),
                               [[-0.3, -0.1, 0, 2]], rtol=1e-6)
    e = np.exp([-3.0, -1.0, 0.0, 2.0])
    np.testing.assert_allclose(ag.nn.Softmax()(x).numpy(), [e / e.sum()], rtol=1e-6)
    np.testing.assert_allclose(ag.nn.Softmax(axis=0)(x).numpy(), np.ones((1, 4)))
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = ag.sum(ag.nn.ReLU(max_value=1.0, negative_slope=0.5)(x))
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [[0.5, 0.5, 0.0, 0.0]])
    with pytest.raises(ValueError, match="ReLU: negative_slope must be a number >= 0"):
        ag.nn.ReLU(negative_slope=-1)


def test_add_loss_is_collected_by_model_losses_and_added_by_fit():
    # Keras guide: an activity-regularization layer adding 1e-2 * sum(inputs)
    class ActivityRegularizationLayer(ag.nn.Layer):
        def call(self, inputs):
            self.add_loss(1e-2 * ag.sum(inputs))
            return inputs
    inputs = ag.nn.Input(shape=(2,))
    x = ag.nn.Dense(1, kernel_initializer="ones", bias_initializer="zeros")(inputs)
    outputs = ActivityRegularizationLayer()(x)
    model = ag.nn.Model(inputs, outputs)
    assert model.losses == []  # building on an example adds nothing
    data = np.array([[1.0, 2.0], [3.0, 4.0]], "float32")
    model(data)
    assert [float(v) for v in model.losses] == [pytest.approx(0.1)]  # 0.01 * (3 + 7)
    model(data[:1])
    assert [float(v) for v in model.losses] == [pytest.approx(0.03)]  # cleared per call
    model.compile(ag.optimizers.SGD(0.0), "mse")
    # mse against zeros: (9 + 49) / 2 = 29, plus 0.1
    assert model.evaluate(data, np.zeros((2, 1))) == pytest.approx(29.1)
    history = model.fit(data, np.zeros((2, 1)), batch_size=2, verbose=0)
    assert history.history["loss"] == [pytest.approx(29.1)]


def test_sequential_still_takes_an_input_first():
    model = ag.nn.Sequential([ag.nn.Input(shape=(5,)), ag.nn.Dense(2)])
    assert model.built and model.count_params() == 12 and len(model.layers) == 1


def test_tape_listings_name_layer_weights_by_their_path():
    dense = ag.nn.Dense(2, name="head")
    x = ag.ones((1, 3))
    dense(x)
    with ag.GradientTape() as tape:
        ag.sum(dense(x))
    assert "head/kernel" in str(tape) and "head/bias" in str(tape)


def test_subclassing_guide_linear_layer_with_keras_3_add_weight():
    # Keras's "making new layers via subclassing" guide, names changed
    class Linear(ag.nn.Layer):
        def __init__(self, units=32, input_dim=32):
            super().__init__()
            self.w = self.add_weight(shape=(input_dim, units), initializer="random_normal",
                                     trainable=True)
            self.b = self.add_weight(shape=(units,), initializer="zeros", trainable=True)

        def call(self, inputs):
            return ag.ops.matmul(inputs, self.w) + self.b
    x = ag.ones((2, 2))
    linear_layer = Linear(4, 2)
    y = linear_layer(x)
    np.testing.assert_allclose(y.numpy(), np.ones((2, 2)) @ linear_layer.w.numpy(), rtol=1e-6)
    assert [w.shape for w in linear_layer.weights] == [(2, 4), (4,)]
    assert (linear_layer.w.name, linear_layer.b.name) == ("variable", "variable_1")
    assert linear_layer.b.numpy().tolist() == [0.0] * 4
    positional = ag.nn.Layer().add_weight((3,), "ones")
    assert positional.numpy().tolist() == [1.0, 1.0, 1.0]


def test_custom_gradient_clip_example_of_the_autodiff_guide():
    # TF's "advanced autodiff" guide: the gradient 4 of v*v at v = 2 is clipped to 2
    @ag.custom_gradient
    def clip_gradients(y):
        def backward(dy):
            norm = ag.sqrt(ag.sum(dy * dy))
            return dy * ag.minimum(1.0, 0.5 / norm)
        return y, backward
    v = ag.Variable(2.0)
    with ag.GradientTape() as t:
        output = clip_gradients(v * v)
    assert float(t.gradient(output, v)) == 2.0


def test_a_custom_layer_of_several_inputs_gets_the_list_and_builds_on_its_shapes():
    class WeightedSum(ag.nn.Layer):
        def build(self, input_shape):
            self.shapes = input_shape
            self.w = self.add_weight("w", (len(input_shape),), "ones")

        def call(self, inputs):
            return sum(self.w[i] * x for i, x in enumerate(inputs))
    a, b = ag.nn.Input(shape=(2,)), ag.nn.Input(shape=(2,))
    layer = WeightedSum()
    model = ag.nn.Model([a, b], layer([a, b]))
    assert layer.shapes == [(1, 2), (1, 2)]
    out = model([np.ones((3, 2), "float32"), np.full((3, 2), 2.0, "float32")])
    np.testing.assert_array_equal(out.numpy(), np.full((3, 2), 3.0))
    with pytest.raises(ValueError, match="expected a list of at least 2 inputs"):
        ag.nn.Add()(ag.ones((2, 2)))
