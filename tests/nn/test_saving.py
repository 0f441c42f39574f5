"""model.save("m.keras") and ag.nn.load_model: round trips, training continues, bad files."""
import io
import json
import os
import zipfile

import numpy as np
import pytest

import autograd_lite as ag


def data(n=24):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 4)).astype("float32")
    return x, (np.arange(n) % 3)


def sequential():
    ag.random.set_seed(0)
    model = ag.nn.Sequential([ag.nn.Input(shape=(4,)), ag.nn.Dense(8, activation="relu"),
                              ag.nn.Dropout(0.0), ag.nn.BatchNormalization(),
                              ag.nn.Dense(3, activation="softmax")])
    model.compile(ag.optimizers.Adam(0.01), "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def functional():
    ag.random.set_seed(0)
    a, b = ag.nn.Input(shape=(4,), name="a"), ag.nn.Input(shape=(2,), name="b")
    shared = ag.nn.Dense(5, activation="tanh", kernel_regularizer=ag.regularizers.L2(0.01))
    merged = ag.nn.Concatenate()([shared(a), ag.nn.LeakyReLU(0.2)(b)])
    out = ag.nn.Dense(3)(ag.nn.ReLU(max_value=6.0)(merged))
    return ag.nn.Model(inputs={"a": a, "b": b}, outputs=[out, shared(a)])


def continue_identically(model, path, x, y, steps=3):
    """Save, load, then take the same SGD/Adam steps on both: weights stay equal."""
    model.save(path)
    loaded = ag.nn.load_model(path)
    np.testing.assert_array_equal(model.predict(x), loaded.predict(x))
    for _ in range(steps):
        model.fit(x, y, epochs=1, batch_size=len(x), shuffle=False, verbose=0)
        loaded.fit(x, y, epochs=1, batch_size=len(x), shuffle=False, verbose=0)
    for before, after in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(before, after)
    assert int(loaded.optimizer.iterations) == int(model.optimizer.iterations)
    return loaded


def test_sequential_round_trip_and_training_continues(tmp_path):
    model = sequential()
    x, y = data()
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)  # Adam has moments and a step count
    loaded = continue_identically(model, tmp_path / "m.keras", x, y)
    assert isinstance(loaded, ag.nn.Sequential)
    assert [type(layer).__name__ for layer in loaded.layers] == [
        "Dense", "Dropout", "BatchNormalization", "Dense"]
    assert loaded.layers[0].activation is ag.relu
    assert isinstance(loaded.optimizer, ag.optimizers.Adam)
    assert loaded.optimizer.learning_rate == pytest.approx(0.01)
    assert loaded.evaluate(x, y) == pytest.approx(model.evaluate(x, y))


def test_sgd_momentum_state_continues_for_three_steps(tmp_path):
    ag.random.set_seed(1)
    model = ag.nn.Sequential([ag.nn.Dense(2, input_shape=(4,))])
    model.compile(ag.optimizers.SGD(0.1, momentum=0.9), "mse")
    x = np.random.default_rng(1).normal(size=(6, 4)).astype("float32")
    y = np.ones((6, 2), "float32")
    model.fit(x, y, epochs=3, batch_size=6, verbose=0)
    # without the velocity the first step after loading would differ
    continue_identically(model, tmp_path / "m.keras", x, y)


def test_functional_round_trip_with_dict_inputs_and_shared_layer(tmp_path):
    model = functional()
    x = {"a": np.ones((2, 4), "float32"), "b": -np.ones((2, 2), "float32")}
    first, second = model(x)
    model.save(tmp_path / "f.keras")
    loaded = ag.nn.load_model(tmp_path / "f.keras")
    again_first, again_second = loaded(x)
    np.testing.assert_array_equal(first.numpy(), again_first.numpy())
    np.testing.assert_array_equal(second.numpy(), again_second.numpy())
    assert len(loaded.trainable_variables) == len(model.trainable_variables) == 4
    assert loaded.layers[2].kernel_regularizer.l2 == 0.01
    assert len(loaded.losses) == 1


def test_functional_fit_continues(tmp_path):
    ag.random.set_seed(2)
    inputs = ag.nn.Input(shape=(4,))
    outputs = ag.nn.Dense(3, activation="softmax")(ag.nn.Dense(6, activation="relu")(inputs))
    model = ag.nn.Model(inputs, outputs)
    model.compile(ag.optimizers.RMSprop(0.01), ag.losses.SparseCategoricalCrossentropy(),
                  metrics=["accuracy"])
    x, y = data()
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    continue_identically(model, tmp_path / "m.keras", x, y)


@ag.nn.saving.register_keras_serializable(package="Tests")
class Residual(ag.nn.Model):
    def __init__(self, hidden_units, **kwargs):
        super().__init__(**kwargs)
        self.hidden_units = hidden_units
        self.dense_layers = [ag.nn.Dense(u, activation="relu") for u in hidden_units]
        self.head = ag.nn.Dense(1)

    def call(self, inputs):
        x = inputs
        for layer in self.dense_layers:
            x = layer(x)
        return self.head(x)

    def get_config(self):
        return {**super().get_config(), "hidden_units": self.hidden_units}


def test_registered_subclassed_model_round_trip(tmp_path):
    ag.random.set_seed(3)
    model = Residual([4, 3])
    x = np.random.default_rng(3).normal(size=(10, 2)).astype("float32")
    model.compile(ag.optimizers.SGD(0.05, momentum=0.5), "mse")
    model.fit(x, x[:, :1], epochs=2, verbose=0)
    loaded = continue_identically(model, tmp_path / "r.keras", x, x[:, :1])
    assert type(loaded) is Residual and loaded.hidden_units == [4, 3]


def test_unregistered_class_is_a_clear_error_unless_given(tmp_path):
    class Unregistered(ag.nn.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.out = ag.nn.Dense(1)

        def call(self, x):
            return self.out(x)
    model = Unregistered()
    model(np.ones((1, 2), "float32"))
    model.save(tmp_path / "u.keras")
    with pytest.raises(ValueError, match=r"needs the class 'Unregistered'.*"
                                         r"register_keras_serializable"):
        ag.nn.load_model(tmp_path / "u.keras")
    loaded = ag.nn.load_model(tmp_path / "u.keras",
                              custom_objects={"Unregistered": Unregistered})
    np.testing.assert_array_equal(loaded.predict(np.ones((1, 2))), model.predict(np.ones((1, 2))))


def rewrite(path, target, change):
    """Copy the archive at ``path`` to ``target`` with member contents changed."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    with zipfile.ZipFile(target, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return target


@pytest.fixture
def saved(tmp_path):
    model = sequential()
    model.fit(*data(), epochs=1, verbose=0)
    model.save(tmp_path / "good.keras")
    return tmp_path / "good.keras"


def test_bad_files_are_value_errors_naming_file_and_problem(saved, tmp_path):
    missing = tmp_path / "missing.keras"
    with pytest.raises(FileNotFoundError, match="missing.keras"):
        ag.nn.load_model(missing)
    junk = tmp_path / "junk.keras"
    junk.write_bytes(b"not a zip at all")
    with pytest.raises(ValueError, match="junk.keras' is not a .keras model file"):
        ag.nn.load_model(junk)
    truncated = tmp_path / "truncated.keras"
    truncated.write_bytes(saved.read_bytes()[:300])
    with pytest.raises(ValueError, match="truncated.keras"):
        ag.nn.load_model(truncated)

    def as_keras(members):  # what a real Keras 3 file's metadata looks like
        members["metadata.json"] = json.dumps({"keras_version": "3.6.0",
                                               "date_saved": "2024-01-01"}).encode()
    foreign = rewrite(saved, tmp_path / "foreign.keras", as_keras)
    with pytest.raises(ValueError, match="not an autograd_lite model file: it was written "
                                         "by Keras 3.6.0"):
        ag.nn.load_model(foreign)

    def newer(members):
        meta = json.loads(members["metadata.json"])
        meta["version"] = 99
        members["metadata.json"] = json.dumps(meta).encode()
    with pytest.raises(ValueError, match="format version 99"):
        ag.nn.load_model(rewrite(saved, tmp_path / "newer.keras", newer))

    def unknown(members):
        members["config.json"] = members["config.json"].replace(b'"Dense"', b'"Evil"')
    with pytest.raises(ValueError, match="needs the class 'Evil'"):
        ag.nn.load_model(rewrite(saved, tmp_path / "unknown.keras", unknown))

    def wrong_units(members):
        members["config.json"] = members["config.json"].replace(b'"units": 8', b'"units": 9')
    with pytest.raises(ValueError, match=r"wrong.keras.*shape"):
        ag.nn.load_model(rewrite(saved, tmp_path / "wrong.keras", wrong_units))

    def pickled(members):
        buffer = io.BytesIO()
        np.save(buffer, np.array([{"a": 1}], dtype=object), allow_pickle=True)
        with zipfile.ZipFile(io.BytesIO(members["optimizer.npz"])) as old:
            entries = {n: old.read(n) for n in old.namelist()}
        entries["iterations.npy"] = buffer.getvalue()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as new:
            for name, content in entries.items():
                new.writestr(name, content)
        members["optimizer.npz"] = out.getvalue()
    with pytest.raises(ValueError, match="optimizer.npz is not a complete NumPy archive of "
                                         "plain arrays"):
        ag.nn.load_model(rewrite(saved, tmp_path / "pickled.keras", pickled))


def test_save_is_atomic_and_checks_its_arguments(tmp_path):
    model = sequential()
    target = tmp_path / "m.keras"
    target.write_bytes(b"old")
    with pytest.raises(ValueError, match="must end in .keras"):
        model.save(tmp_path / "m.h5")
    model.save(target)
    assert sorted(os.listdir(tmp_path)) == ["m.keras"]  # no temporary left behind
    assert zipfile.is_zipfile(target)
    with pytest.raises(ValueError, match="not built yet"):
        ag.nn.Sequential([ag.nn.Dense(1)]).save(tmp_path / "x.keras")


def test_get_config_and_from_config_rebuild_layers():
    for layer in (ag.nn.Dense(3, activation="tanh", use_bias=False), ag.nn.ReLU(max_value=2.0),
                  ag.nn.Softmax(axis=0), ag.nn.Dropout(0.25), ag.nn.LeakyReLU(0.1)):
        config = layer.get_config()
        json.dumps(config)
        again = type(layer).from_config(config)
        assert again.get_config() == config


def test_metric_objects_schedules_and_several_output_losses_survive(tmp_path):
    ag.random.set_seed(4)
    a = ag.nn.Input(shape=(3,), name="a")
    hidden = ag.nn.Dense(4, activation="relu")(a)
    value = ag.nn.Dense(1, name="value")(hidden)
    label = ag.nn.Dense(2, name="label")(hidden)
    model = ag.nn.Model(a, [value, label])
    schedule = ag.optimizers.schedules.ExponentialDecay(0.1, decay_steps=2, decay_rate=0.5)
    model.compile(ag.optimizers.SGD(schedule, momentum=0.9),
                  loss={"value": "mse", "label": ag.losses.SparseCategoricalCrossentropy(
                      from_logits=True)}, loss_weights={"value": 1.0, "label": 0.25})
    x = np.random.default_rng(4).normal(size=(12, 3)).astype("float32")
    y = [x[:, :1], (x[:, 0] > 0).astype(int)]
    model.fit(x, y, epochs=2, batch_size=6, shuffle=False, verbose=0)
    model.save(tmp_path / "m.keras")
    loaded = ag.nn.load_model(tmp_path / "m.keras")
    assert isinstance(loaded.optimizer._learning_rate,
                      ag.optimizers.schedules.ExponentialDecay)
    assert loaded.optimizer.learning_rate == pytest.approx(model.optimizer.learning_rate)
    assert loaded.loss.weights == [1.0, 0.25]
    for _ in range(3):
        first = model.fit(x, y, epochs=1, batch_size=12, shuffle=False, verbose=0)
        second = loaded.fit(x, y, epochs=1, batch_size=12, shuffle=False, verbose=0)
        assert first.history == second.history
    for before, after in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(before, after)

    single = ag.nn.Sequential([ag.nn.Dense(2, input_shape=(3,))])
    single.compile("adam", ag.losses.SparseCategoricalCrossentropy(from_logits=True),
                   metrics=[ag.metrics.SparseCategoricalAccuracy()])
    single.save(tmp_path / "s.keras")
    again = ag.nn.load_model(tmp_path / "s.keras")
    assert again.evaluate(x, y[1]) == pytest.approx(single.evaluate(x, y[1]))
    assert again.loss.from_logits is True


def test_per_output_metrics_survive_saving(tmp_path):
    ag.random.set_seed(6)
    inputs = ag.nn.Input(shape=(3,))
    value = ag.nn.Dense(1, name="value")(inputs)
    label = ag.nn.Dense(2, name="label")(inputs)
    model = ag.nn.Model(inputs, [value, label])
    model.compile("adam", loss=["mse", ag.losses.SparseCategoricalCrossentropy(from_logits=True)],
                  metrics={"label": [ag.metrics.SparseCategoricalAccuracy()], "value": "mae"})
    x = np.random.default_rng(6).normal(size=(10, 3)).astype("float32")
    y = [x[:, :1], (x[:, 0] > 0).astype(int)]
    model.save(tmp_path / "m.keras")
    loaded = ag.nn.load_model(tmp_path / "m.keras")
    assert loaded.evaluate(x, y, return_dict=True) == pytest.approx(
        model.evaluate(x, y, return_dict=True))
    assert set(loaded.evaluate(x, y, return_dict=True)) == {
        "loss", "value_loss", "label_loss", "value_mae", "label_sparse_categorical_accuracy"}
