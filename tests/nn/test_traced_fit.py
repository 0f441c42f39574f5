"""fit, evaluate and predict on an ag.data.Dataset and on functional models with several inputs
and outputs run traced steps (issue 17): one plan per batch signature, the same numbers as
``run_eagerly=True`` to float32 rounding."""
import numpy as np
import pytest

import autograd_lite as ag

from .test_fit_without_waste import Branchy


def data(samples=44, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(samples, 3)).astype("float32")
    return x, (x[:, 0] + x[:, 1] > 0).astype(np.int64)


def classifier(eager, seed=0):
    ag.random.set_seed(seed)
    inputs = ag.nn.Input(shape=(3,))
    hidden = ag.nn.Dropout(0.2)(ag.nn.Dense(6, activation="relu")(inputs))
    net = ag.nn.Model(inputs, ag.nn.Dense(2)(hidden))
    net.compile(ag.optimizers.Adam(0.05),
                ag.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"],
                run_eagerly=eager)
    return net


def train_steps(net, kind):
    return [step.function for key, step in getattr(net, "_steps", {}).items() if key[0] == kind]


def test_a_dataset_fit_is_traced_once_per_batch_shape_and_matches_eager():
    """44 samples in batches of 8: five full batches and a partial one of 4, for 3 epochs
    with dropout (random draws replayed from the same seeded generator)."""
    x, y = data()
    runs = []
    for eager in (True, False):
        net = classifier(eager)
        dataset = ag.data.Dataset.from_tensor_slices((x, y)).batch(8)
        ag.random.set_seed(7)
        history = net.fit(dataset, epochs=3, validation_data=dataset, verbose=0)
        runs.append((history.history, net.get_weights(), net.evaluate(dataset),
                     net.predict(ag.data.Dataset.from_tensor_slices(x).batch(8))))
        if not eager:
            (train,) = train_steps(net, "dataset train")
            assert train.trace_count == 2  # the full batches, then the partial one: not 3x2
            (test,) = train_steps(net, "dataset test")
            assert test.trace_count == 2
            (predict,) = train_steps(net, "predict")
            assert predict.trace_count == 2
    (h_eager, w_eager, e_eager, p_eager), (h_traced, w_traced, e_traced, p_traced) = runs
    assert sorted(h_traced) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    for key in h_eager:
        np.testing.assert_allclose(h_traced[key], h_eager[key], rtol=1e-6)
    for a, b in zip(w_traced, w_eager):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    assert e_traced == pytest.approx(e_eager, rel=1e-6)
    np.testing.assert_allclose(p_traced, p_eager, rtol=1e-6, atol=1e-7)


def two_headed(eager):
    ag.random.set_seed(3)
    a, b = ag.nn.Input(shape=(3,), name="a"), ag.nn.Input(shape=(1,), name="b")
    merged = ag.nn.Dense(5, activation="tanh")(ag.nn.concatenate([a, b]))
    value = ag.nn.Dense(1, name="value")(merged)
    label = ag.nn.Dense(2, name="label")(merged)
    net = ag.nn.Model(inputs=[a, b], outputs=[value, label])
    net.compile(ag.optimizers.SGD(0.1, momentum=0.9),
                loss={"value": "mse",
                      "label": ag.losses.SparseCategoricalCrossentropy(from_logits=True)},
                loss_weights={"value": 1.0, "label": 0.5},
                metrics={"value": "mae", "label": ["accuracy"]}, run_eagerly=eager)
    return net


def test_several_inputs_and_outputs_train_traced_with_each_outputs_loss():
    x, y = data(30)
    target = x[:, :1] * 2.0
    runs = []
    for eager in (True, False):
        net = two_headed(eager)
        ag.random.set_seed(1)
        history = net.fit([x, x[:, 2:]], [target, y], epochs=3, batch_size=8, verbose=0)
        runs.append((history.history, net.get_weights(),
                     net.evaluate([x, x[:, 2:]], [target, y], return_dict=True),
                     net.predict([x, x[:, 2:]])))
        if not eager:
            assert [f.trace_count for f in train_steps(net, "dataset train")] == [2]
    (h_eager, w_eager, e_eager, p_eager), (h_traced, w_traced, e_traced, p_traced) = runs
    assert sorted(h_traced) == ["label_accuracy", "label_loss", "loss", "value_loss",
                                "value_mae"]
    for key in h_eager:
        np.testing.assert_allclose(h_traced[key], h_eager[key], rtol=1e-6)
    # the total is the weighted sum of the outputs' losses, batch by batch
    np.testing.assert_allclose(h_traced["loss"], np.add(h_traced["value_loss"],
                                                        0.5 * np.array(h_traced["label_loss"])),
                               rtol=1e-6)
    for a, b in zip(w_traced, w_eager):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    assert e_traced == pytest.approx(e_eager, rel=1e-6)
    for a, b in zip(p_traced, p_eager):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


def test_a_dataset_model_that_cannot_be_traced_trains_eagerly_with_one_warning():
    x, y = np.ones((16, 2), np.float32), np.full((16, 1), 3.0, np.float32)
    dataset = ag.data.Dataset.from_tensor_slices((x, y)).batch(4)
    model = Branchy()
    model.compile(ag.optimizers.SGD(0.01), "mse")
    with pytest.warns(UserWarning, match=r"dataset train step of .* runs eagerly: .*float\(t\)") \
            as caught:
        history = model.fit(dataset, epochs=2, verbose=0)
    assert len([w for w in caught if "runs eagerly" in str(w.message)]) == 1
    reference = Branchy()
    reference.compile(ag.optimizers.SGD(0.01), "mse", run_eagerly=True)
    expected = reference.fit(dataset, epochs=2, verbose=0)
    # by hand: w = (1, 1), b = 0 gives 2 against 3; mse 1, gradient -2 * (1, 1, 1) per batch
    assert expected.history["loss"][0] < 1.0
    np.testing.assert_allclose(history.history["loss"], expected.history["loss"], rtol=1e-6)


def test_batch_hooks_get_running_logs_on_a_traced_dataset_fit():
    x, y = data(16)
    seen = []
    hooks = ag.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: seen.append((batch, sorted(logs))))
    net = classifier(False)
    net.fit(ag.data.Dataset.from_tensor_slices((x, y)).batch(8), epochs=1, verbose=0,
            callbacks=[hooks])
    assert seen == [(0, ["accuracy", "loss"]), (1, ["accuracy", "loss"])]


def test_fit_turns_sparse_labels_into_one_hot_rows_once_and_trains_as_categorical():
    """fit hands the built-in sparse loss one-hot rows made once per call: the same numbers as
    the categorical loss on one-hot labels, written out in NumPy here."""
    x, y = data(24)
    onehot = np.eye(2, dtype=np.float32)[y]
    runs = []
    for loss, labels in ((ag.losses.SparseCategoricalCrossentropy(from_logits=True), y),
                         (ag.losses.CategoricalCrossentropy(from_logits=True), onehot)):
        ag.random.set_seed(0)
        net = ag.nn.Sequential([ag.nn.Input((3,)), ag.nn.Dense(2)])
        net.compile(ag.optimizers.SGD(0.5), loss)
        runs.append((net.fit(x, labels, epochs=2, batch_size=8, shuffle=False,
                             verbose=0).history["loss"], net.get_weights()))
        (step,) = train_steps(net, "train")
        assert "equal" not in str(step.graph)  # no rows made from indices at each step
    (sparse_losses, sparse_weights), (dense_losses, dense_weights) = runs
    np.testing.assert_allclose(sparse_losses, dense_losses, rtol=1e-6)
    for a, b in zip(sparse_weights, dense_weights):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


def test_a_model_with_its_own_compute_loss_still_gets_class_indices():
    seen = []

    class Own(ag.nn.Model):
        def __init__(self):
            super().__init__()
            self.out = ag.nn.Dense(2)

        def call(self, x):
            return self.out(x)

        def compute_loss(self, y_true, y_pred):
            seen.append(np.shape(y_true))
            return self.loss(y_true, y_pred)

    x, y = data(16)
    net = Own()
    net.compile(ag.optimizers.SGD(0.1), ag.losses.SparseCategoricalCrossentropy(from_logits=True))
    net.fit(x, y, epochs=1, batch_size=8, verbose=0)
    assert seen and all(shape == (8,) for shape in seen)


def test_a_traced_plain_sgd_update_reads_the_rate_afresh_and_refuses_changed_settings():
    w = ag.Variable([1.0, 2.0])
    opt = ag.optimizers.SGD(0.5)

    @ag.function
    def step(x):
        with ag.GradientTape() as tape:
            loss = ag.sum(w * x)
        opt.apply_gradients([(tape.gradient(loss, w), w)])
        return loss

    x = ag.constant([1.0, 2.0])
    step(x)  # traced: w -= 0.5 * (1, 2)
    assert "assign_sub" in str(step.graph)  # written as ops, not an opaque update
    opt.learning_rate = 0.25
    step(x)  # replayed with the new rate
    np.testing.assert_allclose(w.numpy(), [1.0 - 0.5 - 0.25, 2.0 - 1.0 - 0.5])
    opt.learning_rate = ag.optimizers.schedules.ExponentialDecay(1.0, decay_steps=1,
                                                                 decay_rate=0.5)
    step(x)  # a schedule set since: evaluated at step 2, 1.0 * 0.5 ** 2
    np.testing.assert_allclose(w.numpy(), [0.25 - 0.25, 0.5 - 0.5])
    assert int(opt.iterations) == 3 and step.trace_count == 1
    opt.momentum = 0.9
    with pytest.raises(RuntimeError, match=r"SGD: its settings changed .* trace the step again"):
        step(x)


def test_fit_traces_again_when_the_optimizer_settings_change():
    x, y = data(16)
    runs = []
    for eager in (True, False):
        ag.random.set_seed(0)
        net = ag.nn.Sequential([ag.nn.Input((3,)), ag.nn.Dense(2)])
        net.compile(ag.optimizers.SGD(0.1), ag.losses.SparseCategoricalCrossentropy(
            from_logits=True), run_eagerly=eager)
        net.fit(x, y, epochs=1, batch_size=8, verbose=0)
        net.optimizer.momentum = 0.9  # plain SGD's plan no longer applies
        history = net.fit(x, y, epochs=2, batch_size=8, verbose=0)
        runs.append((history.history["loss"], net.get_weights()))
        if not eager:
            assert sorted(f.trace_count for f in train_steps(net, "train")) == [1, 1]
    np.testing.assert_allclose(runs[1][0], runs[0][0], rtol=1e-6)
    for a, b in zip(runs[1][1], runs[0][1]):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
