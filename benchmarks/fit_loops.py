"""One training epoch three ways (issue 17): ``Model.fit`` (traced by default), the same loop by
hand in NumPy, and in PyTorch eager. A relu MLP, SGD, the softmax cross-entropy from logits, the
examples reshuffled every epoch.

``python -m benchmarks.fit_loops ENGINE SAMPLES SIZES`` runs the first epoch of ``ENGINE`` in
this (fresh) process and prints its CPU seconds and minor page faults, for the fresh-process row
of :mod:`benchmarks.workloads.fit_epoch`.
"""
from __future__ import annotations

import resource
import sys
import time
from typing import Any, Callable, Dict, Optional, Sequence

import numpy as np

BATCH = 32
LEARNING_RATE = 0.01


def data(samples: int, sizes: Sequence[int], seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((samples, sizes[0])).astype(np.float32)
    y = rng.integers(0, sizes[-1], samples)
    return x, y, np.eye(sizes[-1], dtype=np.float32)[y]


def epochs(samples: int, sizes: Sequence[int], torch: Any = None) -> Dict[str, Callable[[], None]]:
    """``{engine: one epoch}`` over the same data from the same initial weights."""
    import autograd_lite as ag
    from benchmarks import numpy_mlp
    x, y, onehot = data(samples, sizes)
    ag.random.set_seed(0)
    layers = [ag.nn.Dense(units, activation="relu") for units in sizes[1:-1]]
    model = ag.nn.Sequential([ag.nn.Input((sizes[0],))] + layers + [ag.nn.Dense(sizes[-1])])
    model.compile(ag.optimizers.SGD(LEARNING_RATE),
                  ag.losses.SparseCategoricalCrossentropy(from_logits=True))
    params = [w.copy() for w in model.get_weights()]
    rng = np.random.default_rng(1)

    def hand() -> None:
        order = rng.permutation(samples)
        for start in range(0, samples, BATCH):
            index = order[start:start + BATCH]
            numpy_mlp.sgd_step(params, x[index], onehot[index], LEARNING_RATE)

    engines = {"fit": lambda: model.fit(x, y, epochs=1, batch_size=BATCH, verbose=0),
               "hand NumPy": hand}
    if torch is not None:
        modules = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            modules += [torch.nn.Linear(fan_in, fan_out), torch.nn.ReLU()]
        net = torch.nn.Sequential(*modules[:-1])
        sgd = torch.optim.SGD(net.parameters(), lr=LEARNING_RATE)
        xt, yt = torch.from_numpy(x), torch.from_numpy(y)

        def torch_epoch() -> None:
            order = torch.randperm(samples)
            for start in range(0, samples, BATCH):
                index = order[start:start + BATCH]
                sgd.zero_grad()
                torch.nn.functional.cross_entropy(net(xt[index]), yt[index]).backward()
                sgd.step()
        engines["PyTorch"] = torch_epoch
    return engines


def first_epoch(engine: str, samples: int, sizes: Sequence[int]) -> str:
    """The first epoch of ``engine`` in this process: ``"<cpu seconds> <minor faults>"``."""
    torch: Optional[Any] = None
    if engine == "PyTorch":
        import torch
        torch.set_num_threads(1)
    run = epochs(samples, sizes, torch)[engine]
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    start = time.process_time()
    run()
    seconds = time.process_time() - start
    return f"{seconds} {resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults}"


if __name__ == "__main__":
    name, count, shape = sys.argv[1], int(sys.argv[2]), [int(s) for s in sys.argv[3].split(",")]
    print(first_epoch(name, count, shape))
