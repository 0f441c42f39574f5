"""EarlyStopping (Keras 3 rules), History and LambdaCallback."""
import numpy as np
import pytest

import autograd_lite as ag


class Script(ag.callbacks.Callback):
    """Writes scripted values under ``key`` into the epoch logs, and keeps the weights."""

    def __init__(self, key, values):
        super().__init__()
        self.key, self.values, self.weights = key, list(values), []

    def on_epoch_end(self, epoch, logs=None):
        logs[self.key] = self.values[epoch]
        self.weights.append(self.model.get_weights())


def trained(callbacks, epochs=10):
    model = ag.nn.Sequential([ag.nn.Input((2,)), ag.nn.Dense(1)])
    model.compile(ag.optimizers.SGD(0.1), "mse")
    x = np.array([[1.0, 2.0], [2.0, 1.0], [0.0, 1.0]], dtype="float32")
    history = model.fit(x, np.array([[1.0], [0.0], [2.0]]), epochs=epochs, batch_size=3,
                        verbose=0, callbacks=callbacks)
    return model, history


def test_patience_counts_epochs_without_improvement():
    script = Script("score", [3.0, 1.0, 2.0, 2.5, 4.0, 0.0, 0.0])
    stop = ag.callbacks.EarlyStopping(monitor="score", patience=2)
    _, history = trained([script, stop])
    assert len(history.history["loss"]) == 4
    assert (stop.stopped_epoch, stop.best_epoch, stop.best) == (3, 1, 1.0)


def test_restore_best_weights_puts_back_the_best_epoch():
    script = Script("score", [3.0, 1.0, 2.0, 2.5, 4.0])
    stop = ag.callbacks.EarlyStopping(monitor="score", patience=2, restore_best_weights=True)
    model, _ = trained([script, stop])
    for best, now in zip(script.weights[1], model.get_weights()):
        np.testing.assert_array_equal(best, now)
    assert not np.array_equal(script.weights[1][0], script.weights[3][0])


def test_without_restore_the_last_weights_stay():
    script = Script("score", [3.0, 1.0, 2.0, 2.5, 4.0])
    model, _ = trained([script, ag.callbacks.EarlyStopping(monitor="score", patience=2)])
    np.testing.assert_array_equal(script.weights[3][0], model.get_weights()[0])


def test_min_delta_ignores_small_improvements():
    values = [1.0, 0.95, 0.9, 0.85, 0.8]
    _, history = trained([Script("score", values), ag.callbacks.EarlyStopping(
        monitor="score", patience=1, min_delta=0.1)], epochs=5)
    assert len(history.history["loss"]) == 2
    _, history = trained([Script("score", values), ag.callbacks.EarlyStopping(
        monitor="score", patience=1)], epochs=5)
    assert len(history.history["loss"]) == 5


def test_accuracy_is_maximised_in_auto_mode():
    stop = ag.callbacks.EarlyStopping(monitor="val_accuracy", patience=1)
    _, history = trained([Script("val_accuracy", [0.5, 0.7, 0.9, 0.6, 0.6]), stop], epochs=5)
    assert len(history.history["loss"]) == 4 and stop.best == 0.9


def test_early_stopping_on_real_val_loss():
    ag.random.set_seed(0)
    x = np.random.default_rng(0).normal(size=(40, 2)).astype("float32")
    model = ag.nn.Sequential([ag.nn.Input((2,)), ag.nn.Dense(1)])
    model.compile(ag.optimizers.SGD(0.0), "mse")
    stop = ag.callbacks.EarlyStopping(patience=3)
    history = model.fit(x, x[:, :1], epochs=20, validation_split=0.25, verbose=0,
                        callbacks=[stop])
    assert len(history.history["val_loss"]) == 4


def test_missing_monitor_warns_and_training_goes_on():
    with pytest.warns(UserWarning, match="val_loss"):
        _, history = trained([ag.callbacks.EarlyStopping()], epochs=2)
    assert len(history.history["loss"]) == 2


def test_lambda_callback_and_history_epochs():
    seen = []
    callback = ag.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(epoch))
    _, history = trained([callback], epochs=3)
    assert seen == [0, 1, 2] and history.epoch == [0, 1, 2]
    with pytest.raises(ValueError, match="unknown hooks"):
        ag.callbacks.LambdaCallback(on_everything=print)


def test_lambda_callback_takes_keras_3_batch_hooks():
    batches, tests, predicted = [], [], []
    callback = ag.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: batches.append((batch, round(logs["loss"], 6))),
        on_test_batch_end=lambda batch, logs: tests.append(batch),
        on_predict_batch_end=lambda batch, logs: predicted.append(logs["outputs"].shape))
    model, history = trained([callback], epochs=2)
    assert [b for b, _ in batches] == [0, 0]
    assert [loss for _, loss in batches] == pytest.approx(history.history["loss"], abs=1e-6)
    model.evaluate(np.ones((3, 2)), np.ones((3, 1)), batch_size=2, callbacks=[callback])
    model.predict(np.ones((3, 2)), batch_size=2, callbacks=[callback])
    assert tests == [0, 1] and predicted == [(2, 1), (1, 1)]
    with pytest.raises(ValueError, match=r"^LambdaCallback: unknown hooks \['on_test_bach_end'\]"):
        ag.callbacks.LambdaCallback(on_test_bach_end=print)
