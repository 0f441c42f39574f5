"""Sequential.fit / evaluate / predict: numbers by hand, batching, output, errors."""
import sys

import numpy as np
import pytest

import autograd_lite as ag

RNG = np.random.default_rng(5)


def linear_model(inputs=3, outputs=1, seed=0):
    model = ag.nn.Sequential([ag.nn.Input((inputs,)), ag.nn.Dense(outputs, dtype="float64")])
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(size=(inputs, outputs)), rng.normal(size=outputs)])
    return model


def reference_sgd_epoch(w, b, x, y, lr, batch_size):
    """Plain NumPy: per-batch MSE before each update, then one SGD step per batch."""
    losses, sizes = [], []
    for start in range(0, len(x), batch_size):
        xb, yb = x[start:start + batch_size], y[start:start + batch_size]
        residual = xb @ w + b - yb
        losses.append(np.mean(residual ** 2))
        sizes.append(len(xb))
        scale = 2.0 / residual.size
        w, b = w - lr * scale * xb.T @ residual, b - lr * scale * residual.sum(axis=0)
    return w, b, np.average(losses, weights=sizes)


def test_epoch_loss_is_the_batch_size_weighted_mean_before_each_update():
    x, y = RNG.normal(size=(5, 3)), RNG.normal(size=(5, 1))
    model = linear_model()
    w, b = model.get_weights()
    model.compile(ag.optimizers.SGD(learning_rate=0.1), "mse")
    history = model.fit(x, y, epochs=2, batch_size=2, shuffle=False, verbose=0,
                        validation_data=(x[:2], y[:2]))
    expected_losses = []
    for _ in range(2):
        w, b, loss = reference_sgd_epoch(w, b, x, y, 0.1, 2)
        expected_losses.append(loss)
    assert history.history["loss"] == pytest.approx(expected_losses, rel=1e-10)
    np.testing.assert_allclose(model.get_weights()[0], w, rtol=1e-10)
    # val_loss is measured after the epoch's last update
    assert history.history["val_loss"][-1] == pytest.approx(
        np.mean((x[:2] @ w + b - y[:2]) ** 2), rel=1e-10)


def test_validation_split_holds_out_the_last_fraction():
    x, y = RNG.normal(size=(10, 3)), RNG.normal(size=(10, 1))
    model = linear_model()
    w, b = model.get_weights()
    model.compile(ag.optimizers.SGD(learning_rate=0.05), "mse")
    history = model.fit(x, y, epochs=1, batch_size=7, validation_split=0.3, verbose=0)
    w, b, loss = reference_sgd_epoch(w, b, x[:7], y[:7], 0.05, 7)
    assert history.history["loss"] == pytest.approx([loss], rel=1e-10)
    assert history.history["val_loss"] == pytest.approx(
        [np.mean((x[7:] @ w + b - y[7:]) ** 2)], rel=1e-10)


class Recorder(ag.nn.Layer):
    """Identity layer that remembers the first column of every training batch."""

    def __init__(self):
        super().__init__(dtype="float64")
        self.seen = []

    def call(self, x, training=False):
        if training:
            self.seen.append(x.numpy()[:, 0].copy())
        return x


def test_shuffle_reorders_every_epoch_and_visits_each_example_once():
    recorder = Recorder()
    model = ag.nn.Sequential([recorder, ag.nn.Dense(1, dtype="float64")])
    model.compile("sgd", "mse")
    x = np.arange(12, dtype=float).reshape(12, 1)
    ag.random.set_seed(0)
    model.fit(x, np.zeros((12, 1)), epochs=3, batch_size=4, verbose=0)
    batches = [b for b in recorder.seen if len(b) == 4]
    epochs = [np.concatenate(batches[i:i + 3]) for i in (0, 3, 6)]
    for order in epochs:
        assert sorted(order.tolist()) == list(range(12))
    assert not np.array_equal(epochs[0], epochs[1]) and not np.array_equal(epochs[1], epochs[2])
    recorder.seen.clear()
    model.fit(x, np.zeros((12, 1)), epochs=1, batch_size=4, shuffle=False, verbose=0)
    assert np.concatenate(recorder.seen[-3:]).tolist() == list(range(12))


@pytest.mark.parametrize("batch_size,steps", [(None, 1), (12, 1), (5, 3), (1, 12)])
def test_one_optimizer_step_per_batch(batch_size, steps):
    model = linear_model()
    model.compile(ag.optimizers.SGD(0.01), "mse")
    model.fit(RNG.normal(size=(12, 3)), RNG.normal(size=(12, 1)), epochs=2,
              batch_size=batch_size, verbose=0)
    assert int(model.optimizer.iterations) == 2 * (steps if batch_size else 1)


def classifier(classes=3, inputs=4, activation="softmax"):
    ag.random.set_seed(1)
    return ag.nn.Sequential([ag.nn.Input((inputs,)), ag.nn.Dense(8, activation="relu"),
                             ag.nn.Dense(classes, activation=activation)])


def blobs(n=60, classes=3):
    y = np.arange(n) % classes
    x = RNG.normal(size=(n, 4)) * 0.3 + np.eye(4)[y] * 2
    return x.astype("float32"), y


def test_accuracy_is_correct_over_total_and_history_keys():
    x, y = blobs()
    model = classifier()
    model.compile(ag.optimizers.Adam(0.05), "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x, y, epochs=8, batch_size=16, verbose=0, validation_data=(x, y))
    assert list(history.history) == ["loss", "accuracy", "val_loss", "val_accuracy"]
    assert history.history["val_accuracy"][-1] == pytest.approx(
        np.mean(np.argmax(model.predict(x), axis=1) == y))
    assert history.history["accuracy"][-1] > 0.9
    assert history.history["loss"][-1] < history.history["loss"][0]


@pytest.mark.parametrize("loss,labels,metric", [
    ("sparse_categorical_crossentropy", "sparse", ag.nn.metrics.SparseCategoricalAccuracy),
    ("categorical_crossentropy", "onehot", ag.nn.metrics.CategoricalAccuracy),
])
def test_accuracy_resolves_from_the_label_shapes(loss, labels, metric):
    x, y = blobs(30)
    targets = y if labels == "sparse" else np.eye(3)[y]
    model = classifier()
    model.compile("adam", loss, metrics=["accuracy"])
    model.fit(x, targets, epochs=1, verbose=0)
    accuracy = ag.nn.metrics.get("accuracy", targets.shape, (30, 3))
    assert isinstance(accuracy, metric)
    got = model.evaluate(x, targets)[1]
    assert got == pytest.approx(np.mean(np.argmax(model.predict(x), axis=1) == y))


def test_binary_accuracy_uses_threshold_one_half():
    x = np.array([[0.0], [1.0], [2.0], [3.0]], dtype="float32")
    model = ag.nn.Sequential([ag.nn.Input((1,)), ag.nn.Dense(1, activation="sigmoid")])
    model.set_weights([np.array([[1.0]]), np.array([-1.5])])
    model.compile("sgd", "binary_crossentropy", metrics=["accuracy"])
    loss, accuracy = model.evaluate(x, np.array([0, 0, 1, 0]))
    assert accuracy == pytest.approx(0.75)
    p = 1 / (1 + np.exp(-(x[:, 0] - 1.5)))
    y = np.array([0, 0, 1, 0])
    assert loss == pytest.approx(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))), rel=1e-5)


def test_evaluate_returns_a_scalar_without_metrics_and_predict_batches():
    x, y = blobs(7)
    calls = []

    class Counter(ag.nn.Layer):
        def call(self, t):
            calls.append(t.shape[0])
            return t

    model = classifier()
    model.add(Counter())
    # eagerly, `call` runs once per batch; traced (the default, API.md section 10) it runs
    # once per signature (batch sizes 3 and 1) and the plan replays it
    model.compile("sgd", "sparse_categorical_crossentropy", run_eagerly=True)
    assert isinstance(model.evaluate(x, y), float)
    calls.clear()
    predictions = model.predict(x, batch_size=3)
    assert calls == [3, 3, 1]
    np.testing.assert_allclose(predictions, model(x).numpy(), rtol=1e-6)
    model.compile("sgd", "sparse_categorical_crossentropy")
    calls.clear()
    np.testing.assert_allclose(model.predict(x, batch_size=3), predictions, rtol=1e-6)
    assert calls == [3, 1]


def test_verbose_modes(capsys):
    x, y = blobs(20)
    model = classifier()
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=2, verbose=0)
    quiet = capsys.readouterr()
    assert quiet.out == "" and quiet.err == ""
    model.fit(x, y, epochs=2, verbose=2)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("Epoch 1/2") and "accuracy:" in lines[1]
    model.fit(x, y, epochs=2, verbose=1, validation_split=0.25)
    bar = capsys.readouterr()
    text = bar.err + bar.out
    assert "Epoch 1/2" in text and "Epoch 2/2" in text and "val_loss" in text


class Hooks(ag.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.calls = []

    def on_train_begin(self, logs=None):
        self.calls.append("train_begin")

    def on_epoch_begin(self, epoch, logs=None):
        self.calls.append(f"epoch_begin {epoch}")

    def on_batch_begin(self, batch, logs=None):
        self.calls.append(f"batch_begin {batch}")

    def on_batch_end(self, batch, logs=None):
        self.calls.append(f"batch_end {batch} {sorted(logs)}")

    def on_epoch_end(self, epoch, logs=None):
        self.calls.append(f"epoch_end {epoch} {sorted(logs)}")

    def on_train_end(self, logs=None):
        self.calls.append("train_end")


def test_callback_hooks_run_in_order_with_logs():
    x, y = blobs(6)
    hooks = Hooks()
    model = classifier()
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=2, batch_size=4, verbose=0, callbacks=[hooks])
    assert hooks.model is model
    assert hooks.calls == [
        "train_begin",
        "epoch_begin 0", "batch_begin 0", "batch_end 0 ['accuracy', 'loss']",
        "batch_begin 1", "batch_end 1 ['accuracy', 'loss']", "epoch_end 0 ['accuracy', 'loss']",
        "epoch_begin 1", "batch_begin 0", "batch_end 0 ['accuracy', 'loss']",
        "batch_begin 1", "batch_end 1 ['accuracy', 'loss']", "epoch_end 1 ['accuracy', 'loss']",
        "train_end"]


def test_a_callback_can_stop_training():
    class StopAfterOne(ag.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            self.model.stop_training = True

    model = linear_model()
    model.compile("sgd", "mse")
    history = model.fit(np.ones((4, 3)), np.ones((4, 1)), epochs=5, verbose=0,
                        callbacks=[StopAfterOne()])
    assert len(history.history["loss"]) == 1 and model.history is history


def snapshot(model):
    return [w.copy() for w in model.get_weights()]


def assert_unchanged(model, before):
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)


@pytest.fixture
def compiled():
    model = classifier(classes=10)
    model.compile(ag.optimizers.Adam(0.1), "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def test_label_count_mismatch_raises_naming_both_counts(compiled):
    before = snapshot(compiled)
    with pytest.raises(ValueError, match="100 samples.*90 labels"):
        compiled.fit(np.ones((100, 4)), np.zeros(90, dtype=int), verbose=0)
    with pytest.raises(ValueError, match="5 samples.*4 labels"):
        compiled.evaluate(np.ones((5, 4)), np.zeros(4, dtype=int))
    assert_unchanged(compiled, before)
    assert int(compiled.optimizer.iterations) == 0


@pytest.mark.parametrize("bad", [10, -1, 12])
def test_sparse_labels_outside_the_classes_raise_before_training(compiled, bad):
    before = snapshot(compiled)
    labels = np.arange(40) % 10
    labels[-1] = bad
    with pytest.raises(ValueError, match=r"\[0, 10\)") as info:
        compiled.fit(RNG.normal(size=(40, 4)), labels, epochs=3, verbose=0)
    assert str(bad) in str(info.value)
    assert_unchanged(compiled, before)
    assert int(compiled.optimizer.iterations) == 0


def test_bad_validation_labels_raise_before_training(compiled):
    before = snapshot(compiled)
    with pytest.raises(ValueError, match="validation"):
        compiled.fit(np.ones((8, 4)), np.zeros(8, dtype=int), verbose=0,
                     validation_data=(np.ones((2, 4)), np.array([0, 11])))
    assert_unchanged(compiled, before)


def test_wrong_input_dimension_raises_before_training(compiled):
    before = snapshot(compiled)
    with pytest.raises(ValueError, match=r"\(4,\).*\(8, 5\)") as info:
        compiled.fit(np.ones((8, 5)), np.zeros(8, dtype=int), verbose=0)
    assert "(1, 5)" not in str(info.value)  # the data's shape, not the one-example probe's
    assert_unchanged(compiled, before)
    assert int(compiled.optimizer.iterations) == 0


def test_categorical_labels_need_one_column_per_class(compiled):
    compiled.compile("adam", "categorical_crossentropy")
    before = snapshot(compiled)
    with pytest.raises(ValueError, match=r"\(None, 10\).*\(8, 3\)"):
        compiled.fit(np.ones((8, 4)), np.eye(3)[np.zeros(8, dtype=int)], verbose=0)
    assert_unchanged(compiled, before)


def test_regression_labels_must_match_the_outputs():
    model = linear_model(outputs=2)
    model.compile("sgd", "mse")
    with pytest.raises(ValueError, match=r"\(None, 2\).*\(4, 3\)"):
        model.fit(np.ones((4, 3)), np.ones((4, 3)), verbose=0)
    model = linear_model(outputs=1)
    model.compile("sgd", "mse")
    model.fit(np.ones((4, 3)), np.ones(4), verbose=0)  # (N,) labels for one output are fine


def test_uncompiled_and_bad_arguments():
    model = linear_model()
    with pytest.raises(RuntimeError, match="compile"):
        model.fit(np.ones((2, 3)), np.ones((2, 1)))
    model.compile("sgd", "mse")
    with pytest.raises(ValueError, match="batch_size"):
        model.fit(np.ones((2, 3)), np.ones((2, 1)), batch_size=0, verbose=0)
    with pytest.raises(ValueError, match="validation_split"):
        model.fit(np.ones((2, 3)), np.ones((2, 1)), validation_split=1.5, verbose=0)
    with pytest.raises(ValueError, match="verbose"):
        model.fit(np.ones((2, 3)), np.ones((2, 1)), verbose=3)
    with pytest.raises(TypeError, match="numeric"):
        model.fit([["a", "b", "c"]], [[1.0]], verbose=0)
    with pytest.raises(ValueError, match="loss"):
        model.compile("sgd")


def test_subclassed_model_trains():
    class TwoLayer(ag.nn.Model):
        def __init__(self):
            super().__init__()
            self.hidden = ag.nn.Dense(16, activation="tanh")
            self.out = ag.nn.Dense(1)

        def call(self, x):
            return self.out(self.hidden(x))

    ag.random.set_seed(3)
    x = np.linspace(-1, 1, 64).reshape(-1, 1).astype("float32")
    y = x ** 2
    model = TwoLayer()
    model.compile(ag.optimizers.Adam(0.05), "mse", metrics=["mae"])
    history = model.fit(x, y, epochs=60, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 0.01 and "mae" in history.history
    assert len(model.trainable_variables) == 4


RAGGED = [[1.0, 2.0, 3.0], [1.0, 2.0]]


@pytest.mark.parametrize("call", ["fit", "predict", "evaluate"])
def test_ragged_inputs_raise_type_error_naming_the_function(call):
    model = linear_model()
    model.compile(ag.optimizers.SGD(0.1), "mse")
    before = snapshot(model)
    arguments = {"fit": (RAGGED, [[1.0], [2.0]]), "predict": (RAGGED,),
                 "evaluate": (RAGGED, [[1.0], [2.0]])}[call]
    kwargs = {"verbose": 0} if call == "fit" else {}
    with pytest.raises(TypeError, match=rf"^{call}: x must be numeric .*ragged list") as info:
        getattr(model, call)(*arguments, **kwargs)
    assert "[[1.0, 2.0, 3.0], [1.0, 2.0]]" in str(info.value)
    assert_unchanged(model, before)
    assert int(model.optimizer.iterations) == 0


@pytest.mark.parametrize("labels,shown", [([[1.0], [1.0, 2.0]], "ragged list"),
                                          (None, "None"), ("ab", "str 'ab'"),
                                          ({"y": 1.0}, "dict")])
def test_bad_labels_raise_type_error_naming_fit_and_y(labels, shown):
    model = linear_model()
    model.compile(ag.optimizers.SGD(0.1), "mse")
    before = snapshot(model)
    with pytest.raises(TypeError, match=r"^fit: y must be numeric") as info:
        model.fit(np.ones((2, 3)), labels, verbose=0)
    assert shown in str(info.value)
    with pytest.raises(TypeError, match=r"^evaluate: y must be numeric"):
        model.evaluate(np.ones((2, 3)), labels)
    assert_unchanged(model, before)


def test_wrong_input_dimension_in_evaluate_and_predict_quotes_the_data_shape():
    model = linear_model(inputs=4)
    model.compile("sgd", "mse")
    with pytest.raises(ValueError, match=r"\(4,\).*\(5, 3\)"):
        model.evaluate(np.ones((5, 3)), np.ones((5, 1)))
    with pytest.raises(ValueError, match=r"\(4,\).*\(40, 3\)"):
        model.predict(np.ones((40, 3)), batch_size=16)


def test_verbose_1_without_tqdm_prints_one_line_per_epoch(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "tqdm", None)  # `from tqdm import tqdm` now fails
    with pytest.raises(ImportError):
        from tqdm import tqdm  # noqa: F401
    x, y = blobs(20)
    model = classifier()
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=2, verbose=1, validation_split=0.25)
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 2
    assert [line.split(" - ")[0] for line in out] == ["Epoch 1/2", "Epoch 2/2"]
    last = history.history
    assert out[1].endswith(f"loss: {last['loss'][1]:.4f} - accuracy: {last['accuracy'][1]:.4f}"
                           f" - val_loss: {last['val_loss'][1]:.4f} - val_accuracy: "
                           f"{last['val_accuracy'][1]:.4f}")
    model.fit(x, y, epochs=1)  # the default verbose=1 works too
    assert capsys.readouterr().out.startswith("Epoch 1/1 - ")


# ----- per-sample custom losses are averaged (Keras's sum_over_batch_size) --------------------


class PerSampleMSE(ag.losses.Loss):
    def call(self, y_true, y_pred):
        return ag.mean(ag.square(y_true - y_pred), axis=-1)


@pytest.mark.parametrize("loss", [
    lambda yt, yp: ag.mean(ag.square(yt - yp), axis=-1),
    PerSampleMSE(),
    ag.losses.MeanSquaredError(reduction="none"),
    ag.losses.MeanSquaredError(reduction="sum_over_batch_size"),
])
def test_a_per_sample_loss_trains_exactly_like_mse(loss):
    x, y = RNG.normal(size=(6, 3)), RNG.normal(size=(6, 1))
    reference, custom = linear_model(), linear_model()
    reference.compile(ag.optimizers.SGD(0.1), "mse")
    custom.compile(ag.optimizers.SGD(0.1), loss=loss)
    expected = reference.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0)
    got = custom.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0)
    assert got.history["loss"] == pytest.approx(expected.history["loss"], rel=1e-12)
    for a, b in zip(custom.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    assert custom.evaluate(x, y) == pytest.approx(reference.evaluate(x, y), rel=1e-12)


def test_a_per_sample_lambda_with_one_dimensional_labels_is_not_broadcast():
    model = linear_model(inputs=1)
    model.set_weights([[[0.0]], [0.0]])
    model.compile(ag.optimizers.SGD(0.1), loss=lambda yt, yp: ag.mean(ag.square(yt - yp), axis=-1))
    assert model.evaluate([[1.0], [1.0]], [1.0, 3.0]) == pytest.approx(5.0)


def test_a_loss_that_fails_changes_nothing():
    model = linear_model()
    model.compile(ag.optimizers.SGD(0.1), loss=lambda yt, yp: None)
    before = snapshot(model)
    with pytest.raises(TypeError, match=r"<lambda>'?: the loss values must be numeric"):
        model.fit(np.ones((4, 3)), np.ones((4, 1)), verbose=0)
    assert_unchanged(model, before)
    assert int(model.optimizer.iterations) == 0


# ----- evaluate / predict arguments, metric objects, callbacks -------------------------------


def test_predict_and_evaluate_take_verbose_batch_size_and_return_dict(capsys):
    model = linear_model()
    model.compile("sgd", "mse", metrics=["mae"])
    x, y = RNG.normal(size=(5, 3)), RNG.normal(size=(5, 1))
    expected = x @ model.get_weights()[0] + model.get_weights()[1]
    np.testing.assert_allclose(model.predict(x, verbose=0, batch_size=2), expected, rtol=1e-12)
    np.testing.assert_allclose(model.predict(x, batch_size=None, verbose="auto"), expected,
                               rtol=1e-12)
    scores = model.evaluate(x, y, batch_size=2, verbose=0, return_dict=True)
    assert list(scores) == ["loss", "mae"]
    assert scores["loss"] == pytest.approx(np.mean((expected - y) ** 2), rel=1e-12)
    assert scores["mae"] == pytest.approx(np.mean(np.abs(expected - y)), rel=1e-12)
    assert model.evaluate(x, y, verbose=0) == [scores["loss"], scores["mae"]]
    capsys.readouterr()
    model.evaluate(x, y, verbose=1)
    assert capsys.readouterr().out.startswith("loss: ")
    with pytest.raises(ValueError, match=r"^predict: verbose must be"):
        model.predict(x, verbose=5)


def test_a_metric_object_given_to_compile_is_the_one_updated():
    x = np.array([[1.0], [-1.0], [2.0], [-3.0]])
    y = np.array([[1.0], [1.0], [1.0], [0.0]])
    metric = ag.nn.metrics.BinaryAccuracy()
    model = ag.nn.Sequential([ag.nn.Input((1,)), ag.nn.Dense(1, activation="sigmoid",
                                                             kernel_initializer="ones")])
    model.compile(ag.optimizers.SGD(0.0), "binary_crossentropy", metrics=[metric])
    history = model.fit(x, y, epochs=1, verbose=0)
    assert metric.result() == history.history["binary_accuracy"][0] == 0.75
    assert metric.count == 4
    loss, accuracy = model.evaluate(x[:2], y[:2])
    assert accuracy == 0.5 and metric.result() == 0.5 and metric.count == 2
    # as in Keras 3, validation resets and reuses the same object: it ends on the validation score
    history = model.fit(x, y, epochs=1, verbose=0, validation_data=(x[:2], y[:2]))
    assert history.history["binary_accuracy"] == [0.75]
    assert history.history["val_binary_accuracy"] == [0.5]
    assert metric.result() == 0.5 and metric.count == 2


class HookLog(ag.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.calls = []

    def __getattribute__(self, name):
        if name.startswith("on_") and ("test" in name or "predict" in name):
            calls = object.__getattribute__(self, "calls")
            return lambda *args, **kwargs: calls.append(name)
        return object.__getattribute__(self, name)


def test_evaluate_predict_and_validation_call_the_test_and_predict_hooks():
    model = linear_model()
    model.compile("sgd", "mse")
    x, y = np.ones((3, 3)), np.ones((3, 1))
    log = HookLog()
    model.evaluate(x, y, batch_size=2, callbacks=[log])
    assert log.calls == ["on_test_begin", "on_test_batch_begin", "on_test_batch_end",
                         "on_test_batch_begin", "on_test_batch_end", "on_test_end"]
    log.calls.clear()
    model.predict(x, batch_size=3, callbacks=[log])
    assert log.calls == ["on_predict_begin", "on_predict_batch_begin", "on_predict_batch_end",
                         "on_predict_end"]
    log.calls.clear()
    model.fit(x, y, epochs=2, batch_size=3, verbose=0, validation_data=(x, y), callbacks=[log])
    assert log.calls.count("on_test_begin") == 2 and log.calls.count("on_test_batch_end") == 2


def test_evaluate_hands_hooks_the_resolved_verbose(capsys):
    model = linear_model()
    model.compile("sgd", "mse")
    log = HookLog()
    model.evaluate(np.ones((3, 3)), np.ones((3, 1)), verbose="auto", callbacks=[log])
    assert log.params["verbose"] == 1 and capsys.readouterr().out.startswith("loss: ")


# ----- inputs one axis short; building a subclassed model --------------------------------------


def test_one_dimensional_data_gets_the_declared_trailing_axis():
    xs = np.array([-1.0, 0.0, 1.0, 2.0, 3.0, 4.0])
    ys = 2 * xs - 1
    model = ag.nn.Sequential([ag.nn.Dense(1, input_shape=[1], dtype="float64")])
    model.set_weights([[[0.5]], [0.0]])
    model.compile(ag.optimizers.SGD(0.05), "mse")
    twin = ag.nn.Sequential([ag.nn.Dense(1, input_shape=[1], dtype="float64")])
    twin.set_weights([[[0.5]], [0.0]])
    twin.compile(ag.optimizers.SGD(0.05), "mse")
    history = model.fit(xs, ys, epochs=3, shuffle=False, verbose=0)
    expected = twin.fit(xs[:, None], ys[:, None], epochs=3, shuffle=False, verbose=0)
    assert history.history["loss"] == pytest.approx(expected.history["loss"], rel=1e-12)
    assert model.predict([10.0]).shape == (1, 1)
    np.testing.assert_allclose(model.predict([10.0]), twin.predict([[10.0]]), rtol=1e-12)
    assert model.evaluate(xs, ys) == pytest.approx(twin.evaluate(xs[:, None], ys), rel=1e-12)
    with pytest.raises(ValueError, match=r"expected examples of shape \(3,\)"):
        ag.nn.Sequential([ag.nn.Input((3,)), ag.nn.Dense(1)]).predict([1.0, 2.0, 3.0])


class TwoDense(ag.nn.Model):
    def __init__(self):
        super().__init__()
        self.hidden = ag.nn.Dense(3)
        self.out = ag.nn.Dense(1)

    def call(self, x):
        return self.out(self.hidden(x))


def test_build_creates_a_subclassed_models_variables():
    model = TwoDense()
    model.build((None, 4))
    assert model.built and model.count_params() == 4 * 3 + 3 + 3 + 1
    assert model.hidden.kernel.shape == (4, 3) and model.output_shape == (None, 1)
    assert model.predict(np.ones((2, 4))).shape == (2, 1)
    with pytest.raises(ValueError, match=r"^TwoDense '.*'\.build: expected a shape"):
        TwoDense().build(None)
    broken = TwoDense()
    with pytest.raises(ValueError, match="expected inputs of shape"):
        broken.build((None,))
    assert not broken.built


def test_a_subclass_build_calling_super_build_runs_once():
    class Scaled(ag.nn.Model):
        builds = 0

        def build(self, input_shape):
            Scaled.builds += 1
            self.scale = self.add_weight("scale", (input_shape[-1],), "ones")
            super().build(input_shape)

        def call(self, x):
            return x * self.scale

    model = Scaled()
    model.build((None, 3))
    assert Scaled.builds == 1 and model.built and model.count_params() == 3
    fresh = Scaled()
    np.testing.assert_allclose(fresh.predict(np.ones((2, 3))), np.ones((2, 3)))
    assert Scaled.builds == 2 and fresh.count_params() == 3
