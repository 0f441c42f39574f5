"""fit / evaluate / predict on ag.data.Dataset and on several inputs and outputs."""
import numpy as np
import pytest

import autograd_lite as ag


def data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 3)).astype("float32")
    return x, (x[:, 0] + x[:, 1] > 0).astype(np.int64)


def model(seed=0):
    ag.random.set_seed(seed)
    inputs = ag.nn.Input(shape=(3,))
    outputs = ag.nn.Dense(2)(ag.nn.Dense(6, activation="relu")(inputs))
    net = ag.nn.Model(inputs, outputs)
    net.compile(ag.optimizers.SGD(0.1, momentum=0.5),
                ag.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return net


def test_fit_on_a_dataset_matches_fit_on_the_same_arrays_in_the_same_order():
    x, y = data()
    on_arrays, on_dataset = model(), model()
    by_arrays = on_arrays.fit(x, y, epochs=3, batch_size=8, shuffle=False, verbose=0)
    dataset = ag.data.Dataset.from_tensor_slices((x, y)).batch(8)
    by_dataset = on_dataset.fit(dataset, epochs=3, batch_size=999, verbose=0)  # ignored
    for key in ("loss", "accuracy"):
        np.testing.assert_allclose(by_dataset.history[key], by_arrays.history[key], rtol=1e-6)
    for a, b in zip(on_arrays.get_weights(), on_dataset.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    assert on_dataset.evaluate(dataset) == pytest.approx(on_arrays.evaluate(x, y), rel=1e-6)
    np.testing.assert_allclose(on_dataset.predict(ag.data.Dataset.from_tensor_slices(x).batch(7)),
                               on_arrays.predict(x), rtol=1e-6)


def test_fit_with_a_shuffled_dataset_and_validation_dataset_learns():
    x, y = data()
    net = model(1)
    train = ag.data.Dataset.from_tensor_slices((x, y)).shuffle(buffer_size=1024).batch(8)
    val = ag.data.Dataset.from_tensor_slices((x, y)).batch(20)
    history = net.fit(train, epochs=15, validation_data=val, verbose=0)
    assert sorted(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    assert history.history["val_accuracy"][-1] >= 0.9


def test_the_guide_loop_over_a_dataset_with_apply_and_metrics():
    x, y = data()
    net = model(2)
    optimizer = ag.optimizers.SGD(learning_rate=0.1)
    loss_fn = ag.losses.SparseCategoricalCrossentropy(from_logits=True)
    metric = ag.metrics.SparseCategoricalAccuracy()
    train_dataset = ag.data.Dataset.from_tensor_slices((x, y)).batch(10)
    losses = []
    for epoch in range(10):  # noqa: B007  (the guide's loop, as written)
        for step, (x_batch_train, y_batch_train) in enumerate(train_dataset):  # noqa: B007
            with ag.GradientTape() as tape:
                logits = net(x_batch_train, training=True)
                loss_value = loss_fn(y_batch_train, logits)
            grads = tape.gradient(loss_value, net.trainable_weights)
            optimizer.apply(grads, net.trainable_weights)
            metric.update_state(y_batch_train, logits)
        losses.append(float(loss_value))
        train_acc = metric.result()
        metric.reset_state()
    assert losses[-1] < losses[0] and float(train_acc) > 0.8


def test_several_inputs_and_outputs_fit_evaluate_predict():
    ag.random.set_seed(0)
    a, b = ag.nn.Input(shape=(3,), name="a"), ag.nn.Input(shape=(1,), name="b")
    merged = ag.nn.concatenate([a, b])
    value = ag.nn.Dense(1, kernel_initializer="zeros", name="value")(merged)
    label = ag.nn.Dense(2, kernel_initializer="zeros", name="label")(merged)
    net = ag.nn.Model(inputs=[a, b], outputs=[value, label])
    net.compile(ag.optimizers.SGD(0.0), loss=["mse", ag.losses.SparseCategoricalCrossentropy(
        from_logits=True)], loss_weights=[1.0, 0.5])
    x, y = data()
    target = x[:, :1]
    # zero weights: the value is 0 (mse = mean(t^2)) and the logits are equal (loss log 2)
    mse = float(np.mean(target.astype(np.float64) ** 2))
    expected = [mse + 0.5 * np.log(2.0), mse, np.log(2.0)]  # Keras: loss, then each output's
    assert net.evaluate([x, x[:, 2:]], [target, y]) == pytest.approx(expected, rel=1e-5)
    scores = net.evaluate({"a": x, "b": x[:, 2:]}, {"value": target, "label": y},
                          return_dict=True)
    assert scores == pytest.approx({"loss": expected[0], "value_loss": mse,
                                    "label_loss": np.log(2.0)}, rel=1e-5)
    net.compile(ag.optimizers.Adam(0.05), loss={"value": "mse", "label": ag.losses.
                                                SparseCategoricalCrossentropy(from_logits=True)})
    history = net.fit([x, x[:, 2:]], [target, y], epochs=20, batch_size=10, verbose=0)
    assert sorted(history.history) == ["label_loss", "loss", "value_loss"]
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    np.testing.assert_allclose(history.history["loss"], np.add(history.history["value_loss"],
                                                               history.history["label_loss"]),
                               rtol=1e-6)
    value_out, label_out = net.predict([x, x[:, 2:]])
    assert value_out.shape == (40, 1) and label_out.shape == (40, 2)


def test_dataset_errors():
    net = model()
    x, y = data()
    with pytest.raises(ValueError, match="y must be None when x is a Dataset"):
        net.fit(ag.data.Dataset.from_tensor_slices((x, y)).batch(4), y)
    with pytest.raises(ValueError, match=r"must yield \(x, y\) batches"):
        net.fit(ag.data.Dataset.from_tensor_slices(x).batch(4), verbose=0)
    before = net.get_weights()
    with pytest.raises(ValueError, match="sparse"):  # labels checked before any update
        net.fit(ag.data.Dataset.from_tensor_slices((x, y + 5)).batch(4), verbose=0)
    for a, b in zip(before, net.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_a_single_input_given_by_name_in_a_dict():
    net = model(3)
    x, y = data()
    name = net.input_names[0]
    assert net.evaluate({name: x}, y) == pytest.approx(net.evaluate(x, y), rel=1e-6)
    np.testing.assert_allclose(net.predict({name: x}), net.predict(x), rtol=1e-6)
    history = net.fit({name: x}, y, epochs=1, batch_size=40, shuffle=False, verbose=0)
    assert len(history.history["loss"]) == 1


def test_metrics_per_output_by_dict_or_by_list_are_logged_under_the_output_name():
    ag.random.set_seed(5)
    inputs = ag.nn.Input(shape=(3,))
    value = ag.nn.Dense(1, kernel_initializer="zeros", name="value")(inputs)
    label = ag.nn.Dense(2, kernel_initializer="zeros", name="label")(inputs)
    net = ag.nn.Model(inputs, [value, label])
    x, y = data()
    target = x[:, :1]
    for metrics in ({"label": ["accuracy"], "value": "mae"}, [["mae"], ["accuracy"]]):
        net.compile(ag.optimizers.SGD(0.0), loss=["mse", ag.losses.SparseCategoricalCrossentropy(
            from_logits=True)], metrics=metrics)
        scores = net.evaluate(x, [target, y], return_dict=True)
        # zero weights: value 0 (mae = mean |t|); equal logits pick class 0 (accuracy = share
        # of label 0)
        assert scores["value_mae"] == pytest.approx(float(np.mean(np.abs(target))), rel=1e-6)
        assert scores["label_accuracy"] == pytest.approx(float(np.mean(y == 0)))
        history = net.fit(x, [target, y], epochs=1, batch_size=40, verbose=0)
        assert {"value_mae", "label_accuracy"} <= set(history.history)
    net.compile("sgd", loss="mse", metrics=["accuracy"])
    with pytest.raises(ValueError, match="dict by output name"):
        net.evaluate(x, [target, y])
