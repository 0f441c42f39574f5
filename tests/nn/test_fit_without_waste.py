"""Issue 17, part 1: optimizers update in place, fit walks the layers and checks the labels
once, and a warm training step maps no new pages."""
import resource
import sys
import weakref

import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.nn import losses as losses_module

RNG = np.random.default_rng(17)


def keras_adam_float32(w, g, steps, lr=0.01, b1=0.9, b2=0.999, eps=1e-7):
    """Keras 3's Adam, written out in float32 with Python-float rates."""
    w, m, v = w.astype(np.float32), np.zeros_like(w, np.float32), np.zeros_like(w, np.float32)
    for t in range(1, steps + 1):
        alpha = lr * (1 - b2 ** t) ** 0.5 / (1 - b1 ** t)
        m += (g - m) * (1 - b1)
        v += (g * g - v) * (1 - b2)
        w -= (m * alpha) / (np.sqrt(v) + eps)
    return w


def test_adam_updates_float32_variables_in_float32_in_place():
    start = RNG.normal(size=(4, 3)).astype(np.float32)
    grad = RNG.normal(size=(4, 3)).astype(np.float32)
    w = ag.Variable(start)
    array = weakref.ref(w._value)
    opt = ag.optimizers.Adam(0.01)
    for _ in range(3):
        opt.apply_gradients([(ag.constant(grad), w)])
    assert w._value is array()  # written in place: no new weight-sized array per step
    assert w.dtype == np.float32
    np.testing.assert_allclose(w.numpy(), keras_adam_float32(start, grad, 3), rtol=1e-6)


@pytest.mark.parametrize("opt", [ag.optimizers.SGD(0.1), ag.optimizers.SGD(0.1, momentum=0.9),
                                 ag.optimizers.SGD(0.1, momentum=0.9, nesterov=True),
                                 ag.optimizers.RMSprop(0.01, momentum=0.5, centered=True),
                                 ag.optimizers.Adam(0.01, amsgrad=True),
                                 ag.optimizers.SGD(0.1, clipnorm=0.5),
                                 ag.optimizers.Adam(0.01, global_clipnorm=0.5),
                                 ag.optimizers.RMSprop(0.01, clipvalue=0.1)],
                         ids=lambda o: repr(o) + str(o.clipnorm or o.global_clipnorm or
                                                     o.clipvalue or ""))
def test_in_place_updates_agree_with_each_optimizers_own_step_rule(opt):
    """``_update`` (in place) against ``_step`` (the rule as a formula), float64 weights."""
    start, grads = RNG.normal(size=(5,)), RNG.normal(size=(3, 5))
    fast = ag.Variable(start, dtype="float64")
    for g in grads:
        opt.apply_gradients([(ag.constant(g), fast)])
    reference = type(opt)(**{k: getattr(opt, k) for k in _settings(opt)})
    slow, slots = start.copy(), {}
    for g in grads:
        g = reference._clipped([(g, ag.Variable(slow))])[0][0]
        slow = slow - reference._step(g, reference.learning_rate, slots)
        reference.iterations.assign_add(1)
    np.testing.assert_allclose(fast.numpy(), slow, rtol=1e-12)


def _settings(opt):
    names = ["learning_rate", "clipnorm", "clipvalue", "global_clipnorm"]
    extra = {"SGD": ["momentum", "nesterov"], "RMSprop": ["rho", "momentum", "epsilon", "centered"],
             "Adam": ["beta_1", "beta_2", "epsilon", "amsgrad"]}
    return names + extra[type(opt).__name__]


def mlp(seed=0):
    ag.random.set_seed(seed)
    model = ag.nn.Sequential([ag.nn.Dense(128, activation="relu", input_shape=(784,)),
                              ag.nn.Dense(10, activation="softmax")])
    model.compile(ag.optimizers.Adam(1e-3), "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_a_warm_fit_step_causes_no_page_faults():
    x = RNG.random((6400, 784), dtype=np.float32)
    y = RNG.integers(0, 10, 6400)
    model = mlp()
    model.fit(x[:640], y[:640], epochs=2, batch_size=32, verbose=0)  # warm-up
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)  # 200 steps
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    # Before issue 17: about 460 per step (92,000 here); a warm step now maps nothing.
    assert faults < 200, f"{faults} minor page faults in 200 steps"


def test_fit_checks_sparse_labels_once_and_the_loss_then_trusts_them(monkeypatch):
    calls = []
    original = losses_module.check_sparse_labels

    def counting(*args, **kwargs):
        calls.append(args[2])
        return original(*args, **kwargs)

    monkeypatch.setattr(losses_module, "check_sparse_labels", counting)
    monkeypatch.setattr("autograd_lite.nn.training.check_sparse_labels", counting)
    model = mlp()
    model.compile(ag.optimizers.SGD(0.1), "sparse_categorical_crossentropy",
                  run_eagerly=True) if "run_eagerly" in model.compile.__code__.co_varnames \
        else model.compile(ag.optimizers.SGD(0.1), "sparse_categorical_crossentropy")
    x, y = RNG.random((96, 784), dtype=np.float32), RNG.integers(0, 10, 96)
    model.fit(x, y, epochs=2, batch_size=32, verbose=0)
    assert calls == ["fit"]  # once for the call, not once per step (6 steps)
    with pytest.raises(ValueError, match=r"sparse_categorical_crossentropy: sparse labels"):
        model.compute_loss([10], model(x[:1]))  # outside fit the loss checks its labels


def test_fit_sees_a_layer_frozen_by_a_callback_between_steps():
    model = mlp()
    model.compile(ag.optimizers.SGD(0.1), "sparse_categorical_crossentropy")
    first = model.layers[0]

    class Freeze(ag.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 0:
                first.trainable = False

    x, y = RNG.random((64, 784), dtype=np.float32), RNG.integers(0, 10, 64)
    model(x[:1])
    kernel = first.kernel.numpy()
    model.fit(x, y, epochs=1, batch_size=32, verbose=0, shuffle=False,
              callbacks=[Freeze()])
    after_one = first.kernel.numpy()
    assert not np.array_equal(kernel, after_one)  # step 0 trained it
    model.fit(x, y, epochs=1, batch_size=32, verbose=0, shuffle=False)
    np.testing.assert_array_equal(first.kernel.numpy(), after_one)  # frozen since step 1


def test_training_walks_are_kept_until_the_structure_changes():
    model = ag.nn.Sequential([ag.nn.Dense(2, input_shape=(3,),
                                          kernel_regularizer=ag.regularizers.L2(0.1))])
    variables, pairs = model._training_walks()
    assert model._training_walks()[0] is variables  # no structural change: the same walk
    model.add(ag.nn.Dense(1))
    model(np.ones((1, 3), np.float32))
    variables_after, _ = model._training_walks()
    assert len(variables) == 2 and len(variables_after) == 4 and len(pairs) == 1
    model.layers[0].trainable = False
    assert len(model._training_walks()[0]) == 2
