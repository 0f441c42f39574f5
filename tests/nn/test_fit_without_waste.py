"""Issue 17, part 1: optimizers update in place, fit walks the layers and checks the labels
once, and a warm training step maps no new pages."""
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


FAULTS_SCRIPT = """
import resource, sys
import numpy as np
import autograd_lite as ag
rng = np.random.default_rng(17)
x, y = rng.random((6400, 784), dtype=np.float32), rng.integers(0, 10, 6400)
ag.random.set_seed(0)
model = ag.nn.Sequential([ag.nn.Dense(128, activation="relu", input_shape=(784,)),
                          ag.nn.Dense(10, activation="softmax")])
model.compile(ag.optimizers.Adam(1e-3), "sparse_categorical_crossentropy",
              metrics=["accuracy"], run_eagerly=sys.argv[1] == "eager")
model.fit(x, y, epochs=1, batch_size=32, verbose=0)  # warm-up: the heap settles
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
model.fit(x, y, epochs=1, batch_size=32, verbose=0)  # 200 steps
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
@pytest.mark.parametrize("mode", ["eager", "traced"])
def test_a_warm_fit_step_causes_no_page_faults(mode):
    """In a fresh process (the test suite's own heap is not the point): 200 steps after an
    epoch of 200 (a traced step's heap takes about that long to settle: 8 faults a step in
    the first epoch, none after)."""
    import os
    import subprocess
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, PYTHONPATH=root, OPENBLAS_NUM_THREADS="1")
    done = subprocess.run([sys.executable, "-c", FAULTS_SCRIPT, mode], capture_output=True,
                          text=True, env=env, cwd=root, timeout=600)
    assert done.returncode == 0, done.stderr
    faults = int(done.stdout.split()[-1])
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
    model.compile(ag.optimizers.SGD(0.1), "sparse_categorical_crossentropy")
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
    variables, pairs, _ = model._training_walks()
    assert model._training_walks()[0] is variables  # no structural change: the same walk
    model.add(ag.nn.Dense(1))
    model(np.ones((1, 3), np.float32))
    variables_after, _, _ = model._training_walks()
    assert len(variables) == 2 and len(variables_after) == 4 and len(pairs) == 1
    model.layers[0].trainable = False
    assert len(model._training_walks()[0]) == 2


def digits_like(seed=3):
    rng = np.random.default_rng(seed)
    return rng.random((150, 784), dtype=np.float32), rng.integers(0, 10, 150)


@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_fit_traced_by_default_agrees_with_run_eagerly(optimizer):
    """150 samples at batch 32: four full batches and a partial one (traced once more)."""
    x, y = digits_like()
    runs = []
    for eager in (True, False):
        model = mlp()
        model.compile(optimizer, "sparse_categorical_crossentropy", metrics=["accuracy"],
                      run_eagerly=eager)
        history = model.fit(x, y, epochs=3, batch_size=32, verbose=0, validation_split=0.2)
        runs.append((history.history, model.get_weights(), model.predict(x, verbose=0),
                     model.evaluate(x, y, return_dict=True)))
        if not eager:
            assert model._steps and all(step.function.trace_count == 2
                                        for key, step in model._steps.items() if key[0] == "train")
    (h_eager, w_eager, p_eager, e_eager), (h_traced, w_traced, p_traced, e_traced) = runs
    assert h_eager.keys() == h_traced.keys()
    for key in h_eager:
        np.testing.assert_allclose(h_traced[key], h_eager[key], rtol=1e-6)
    for a, b in zip(w_traced, w_eager):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(p_traced, p_eager, rtol=1e-6, atol=1e-7)
    assert e_traced == pytest.approx(e_eager, rel=1e-6)


class Branchy(ag.nn.Model):
    """A model whose step cannot be traced: a Python branch on a value."""

    def __init__(self):
        super().__init__()
        self.out = ag.nn.Dense(1, kernel_initializer="ones")

    def call(self, x):
        y = self.out(x)
        return y if float(ag.mean(y)) > 0 else -y  # a Python branch on a value


def test_a_model_whose_step_cannot_be_traced_trains_eagerly_with_one_warning():
    model = Branchy()
    model.compile(ag.optimizers.SGD(0.01), "mse")
    x, y = np.ones((64, 2), np.float32), np.full((64, 1), 3.0, np.float32)
    with pytest.warns(UserWarning, match=r"runs eagerly: .*float\(t\).*float\(ag.mean\(y\)\)") \
            as caught:
        history = model.fit(x, y, epochs=2, batch_size=32, verbose=0)
    assert len([w for w in caught if "runs eagerly" in str(w.message)]) == 1
    reference = Branchy()
    reference.compile(ag.optimizers.SGD(0.01), "mse", run_eagerly=True)
    expected = reference.fit(x, y, epochs=2, batch_size=32, verbose=0)
    np.testing.assert_allclose(history.history["loss"], expected.history["loss"], rtol=1e-6)


def demo_run(eager, loader, hidden, epochs):
    ag.random.set_seed(0)
    (x, y), (x_test, y_test) = loader()
    from autograd_lite.nn.examples import mlp
    model = mlp(x.shape[1], hidden, 10, "relu")
    model.compile(optimizer=ag.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                  run_eagerly=eager)
    history = model.fit(x, y, epochs=epochs, batch_size=32, verbose=0,
                        validation_data=(x_test, y_test))
    return history.history, model.get_weights(), model.evaluate(x_test, y_test)


def assert_same_runs(eager, traced):
    (h_eager, w_eager, e_eager), (h_traced, w_traced, e_traced) = eager, traced
    for key in h_eager:
        np.testing.assert_allclose(h_traced[key], h_eager[key], rtol=1e-6)
    for a, b in zip(w_traced, w_eager):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(e_traced, e_eager, rtol=1e-6)


def test_the_digits_demo_trains_the_same_traced_and_eager():
    pytest.importorskip("sklearn")
    loader = lambda: ag.datasets.load_digits(seed=0)  # noqa: E731
    assert_same_runs(demo_run(True, loader, [64], 3), demo_run(False, loader, [64], 3))


def test_the_fashion_mnist_demo_trains_the_same_traced_and_eager():
    try:
        ag.datasets.load_fashion_mnist(flatten=True)
    except Exception as error:  # the Debian package or a download may be missing
        pytest.skip(f"Fashion-MNIST not available: {error}")

    def loader():
        (x, y), (x_test, y_test) = ag.datasets.load_fashion_mnist(flatten=True)
        return (x[:1000], y[:1000]), (x_test[:500], y_test[:500])
    assert_same_runs(demo_run(True, loader, [128], 1), demo_run(False, loader, [128], 1))
