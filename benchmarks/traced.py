"""ag.function against hand-written NumPy (issue 17): ``python -m benchmarks.traced``.

Two measurements, each a ratio of CPU times taken in one process, engines alternated, over
several repeats (median and range printed):

- the 784-128-64-10 relu MLP SGD step of :mod:`benchmarks.numpy_mlp`, traced with
  ``ag.function`` (and eager, for reference), at batch 1, 32 and 256;
- one ``fit`` epoch of a 784-128-10 relu MLP at batch 32 (SGD, sparse cross-entropy from
  logits, traced by default) against the same loop written by hand in NumPy and in PyTorch
  eager (when installed), with the minor page faults per fit step.

A quick look while working: ``benchmarks.run`` measures both for RESULTS.md (the ``mlp``
workload's traced rows, and the ``fit`` workload, which also times fresh processes).
"""
from __future__ import annotations

import functools
import resource
import time
from typing import Callable, List

import numpy as np

import autograd_lite as ag
from benchmarks import mlp_engines, numpy_mlp
from benchmarks.mlp_problem import LEARNING_RATE, make_problem


def cpu_seconds(fn: Callable[[], object], repeats: int) -> float:
    """CPU seconds per call of ``fn``, over ``repeats`` calls."""
    start = time.process_time()
    for _ in range(repeats):
        fn()
    return (time.process_time() - start) / repeats


def traced_step(problem) -> Callable[[], object]:
    """The MLP step of :mod:`benchmarks.mlp_engines`, traced once by ag.function."""
    x, onehot = ag.constant(problem.x), ag.constant(problem.onehot)
    variables = [ag.Variable(p) for p in problem.fresh_params()]

    @ag.function
    def step(x, onehot):
        with ag.GradientTape() as tape:
            loss = mlp_engines.ag_loss(variables, x, onehot)
        grads = tape.gradient(loss, variables)
        for variable, grad in zip(variables, grads):
            variable.assign_sub(LEARNING_RATE * grad)
        return loss
    return lambda: step(x, onehot)


def summary(ratios: List[float]) -> str:
    ratios = sorted(ratios)
    return f"{ratios[len(ratios) // 2]:.2f}x (range {ratios[0]:.2f}-{ratios[-1]:.2f})"


def mlp_steps(repeats: int = 7) -> None:
    for batch, calls in ((1, 2000), (32, 1000), (256, 200)):
        problem = make_problem([784, 128, 64, 10], batch)
        params = problem.fresh_params()
        engines = {
            "hand": functools.partial(numpy_mlp.sgd_step, params, problem.x, problem.onehot,
                                      LEARNING_RATE),
            "traced": traced_step(problem),
            "eager": mlp_engines.ag_engine(problem).step,
        }
        for engine in engines.values():
            cpu_seconds(engine, calls // 10)  # warm-up (and the trace)
        traced, eager = [], []
        for _ in range(repeats):
            times = {name: cpu_seconds(engine, calls) for name, engine in engines.items()}
            traced.append(times["traced"] / times["hand"])
            eager.append(times["eager"] / times["hand"])
        print(f"MLP step, batch {batch}: traced / hand NumPy {summary(traced)}; "
              f"eager / hand NumPy {summary(eager)}")


def fit_epochs(repeats: int = 5, samples: int = 3200) -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((samples, 784)).astype(np.float32)
    y = rng.integers(0, 10, samples)
    onehot = np.eye(10, dtype=np.float32)[y]
    steps = samples // 32
    model = ag.nn.Sequential([ag.nn.Dense(128, activation="relu", input_shape=(784,)),
                              ag.nn.Dense(10)])
    model.compile(ag.optimizers.SGD(0.01),
                  ag.losses.SparseCategoricalCrossentropy(from_logits=True))
    params = [p.copy() for p in model.get_weights()]

    def hand() -> None:
        order = rng.permutation(samples)
        for start in range(0, samples, 32):
            index = order[start:start + 32]
            numpy_mlp.sgd_step(params, x[index], onehot[index], 0.01)

    def fit() -> None:
        model.fit(x, y, epochs=1, batch_size=32, verbose=0)

    engines = {"hand": hand, "fit": fit}
    try:
        import torch
        torch.set_num_threads(1)
        net = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(),
                                  torch.nn.Linear(128, 10))
        sgd = torch.optim.SGD(net.parameters(), lr=0.01)
        xt, yt = torch.from_numpy(x), torch.from_numpy(y)

        def torch_epoch() -> None:
            order = torch.randperm(samples)
            for start in range(0, samples, 32):
                index = order[start:start + 32]
                sgd.zero_grad()
                torch.nn.functional.cross_entropy(net(xt[index]), yt[index]).backward()
                sgd.step()
        engines["PyTorch"] = torch_epoch
    except ImportError:
        pass
    for engine in engines.values():
        engine()
    by_hand, by_torch, faults = [], [], []
    for _ in range(repeats):
        times = {}
        for name, engine in engines.items():
            before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            times[name] = cpu_seconds(engine, 1)
            if name == "fit":
                faults.append((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
                              / steps)
        by_hand.append(times["fit"] / times["hand"])
        if "PyTorch" in times:
            by_torch.append(times["fit"] / times["PyTorch"])
    print(f"fit epoch, batch 32: fit / hand NumPy loop {summary(by_hand)}"
          + (f"; fit / PyTorch eager {summary(by_torch)}" if by_torch else "")
          + f"; page faults per fit step {max(faults):.2f} (worst epoch)")


if __name__ == "__main__":
    mlp_steps()
    fit_epochs()
