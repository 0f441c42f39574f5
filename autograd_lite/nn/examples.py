"""Ready-made training runs for the demo and the README.

Examples
--------
>>> from autograd_lite.nn.examples import train_digits
>>> model, history, accuracy = train_digits(epochs=1, verbose=0)
>>> 0.0 <= accuracy <= 1.0
True
"""
from __future__ import annotations

from typing import Optional, Sequence, Tuple

import numpy as np

import autograd_lite as ag

from .callbacks import History
from .sequential import Sequential

__all__ = ["train_digits", "train_fashion_mnist", "digits_model", "mlp"]


def mlp(inputs: int, hidden: Sequence[int], classes: int, activation: str = "relu") -> Sequential:
    """A multilayer perceptron: ``inputs -> hidden... -> classes`` (softmax).

    Examples
    --------
    >>> from autograd_lite.nn.examples import mlp
    >>> mlp(784, [16, 16], 10, "sigmoid").count_params()
    13002
    """
    layers = [ag.nn.Input(shape=(inputs,))]
    layers += [ag.nn.Dense(units, activation=activation) for units in hidden]
    layers.append(ag.nn.Dense(classes, activation="softmax"))
    return Sequential(layers)


def digits_model() -> Sequential:
    """``Dense(64, relu) + Dense(10, softmax)`` on 64 pixels, compiled with Adam.

    Examples
    --------
    >>> from autograd_lite.nn.examples import digits_model
    >>> digits_model().count_params()
    4810
    """
    model = mlp(64, [64], 10, "relu")
    model.compile(optimizer=ag.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def train_digits(epochs: int = 20, verbose: int = 1, seed: int = 0,
                 batch_size: int = 32) -> Tuple[Sequential, History, float]:
    """Train :func:`digits_model` on scikit-learn's digits and measure test accuracy.

    Parameters
    ----------
    epochs : int
    verbose : 0, 1 or 2
        As in ``fit`` (1 draws a progress bar per epoch).
    seed : int
        Fixes the weights, the batch order and the train / test split.
    batch_size : int

    Returns
    -------
    (model, history, test_accuracy)
    """
    ag.random.set_seed(seed)
    (x, y), (x_test, y_test) = ag.datasets.load_digits(seed=seed)
    model = digits_model()
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size,
                        validation_data=(x_test, y_test), verbose=verbose)
    _, accuracy = model.evaluate(x_test, y_test)
    return model, history, float(accuracy)


def train_fashion_mnist(hidden: Sequence[int] = (128,), activation: str = "relu",
                        epochs: int = 5, verbose: int = 1, seed: int = 0,
                        batch_size: int = 32, learning_rate: float = 0.001,
                        train_samples: Optional[int] = None,
                        path: Optional[str] = None) -> Tuple[Sequential, History, float]:
    """Train a ``784 -> hidden -> 10`` network on Fashion-MNIST with Adam.

    ``hidden=(128,), activation="relu"`` is the usual baseline;
    ``hidden=(16, 16), activation="sigmoid"`` is the course's 784-16-16-10 net.

    Parameters
    ----------
    hidden : sequence of int
    activation : str
    epochs, verbose, seed, batch_size :
        As in :func:`train_digits`.
    learning_rate : float
    train_samples : int, optional
        Train on the first this many training images only.
    path : str, optional
        Passed to :func:`autograd_lite.datasets.load_fashion_mnist`.

    Returns
    -------
    (model, history, test_accuracy)
    """
    ag.random.set_seed(seed)
    (x, y), (x_test, y_test) = ag.datasets.load_fashion_mnist(path=path, flatten=True)
    if train_samples is not None:
        x, y = x[:train_samples], y[:train_samples]
    model = mlp(784, hidden, 10, activation)
    model.compile(optimizer=ag.optimizers.Adam(learning_rate=learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=verbose)
    _, accuracy = model.evaluate(x_test, y_test, batch_size=1024)
    return model, history, float(np.asarray(accuracy))
