"""Model: a Layer that can be compiled, trained, evaluated and summarised.

Subclass it (define layers in ``__init__``, the forward pass in ``call``) or
use :class:`autograd_lite.nn.Sequential`.

Examples
--------
>>> import autograd_lite as ag
>>> class TwoLayers(ag.nn.Model):
...     def __init__(self):
...         super().__init__()
...         self.hidden = ag.nn.Dense(8, activation="relu")
...         self.out = ag.nn.Dense(1)
...     def call(self, x):
...         return self.out(self.hidden(x))
>>> model = TwoLayers()
>>> model.compile(optimizer="sgd", loss="mse")
>>> model.predict(ag.ones((3, 2))).shape
(3, 1)
"""
from __future__ import annotations

from typing import Any, Callable, List, Optional, Sequence, Tuple

import numpy as np

import autograd_lite as ag
from . import losses as losses_module
from . import metrics as metrics_module
from . import optimizers as optimizers_module
from . import training
from .callbacks import Callback, CallbackList, History
from .dataset_training import (as_dataset, evaluate_dataset, fit_dataset, needs_batches,
                               predict_dataset)
from .layer import Layer
from .summary import format_summary

__all__ = ["Model"]


class Model(Layer):
    """A Layer with ``compile``, ``fit``, ``evaluate``, ``predict`` and ``summary``.

    Inputs are not cast by a model; each layer casts what it receives.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> model = ag.nn.Sequential([ag.nn.Dense(1, input_shape=(2,))])
    >>> model.compile(optimizer=ag.optimizers.SGD(0.1), loss="mse")
    >>> history = model.fit([[1.0, 2.0]], [[1.0]], epochs=2, verbose=0)
    >>> len(history.history["loss"])
    2
    """

    autocast = False

    def __new__(cls, *args: Any, **kwargs: Any) -> "Model":
        # Keras: Model(inputs=..., outputs=...) builds a functional model
        if cls is Model and (args or "inputs" in kwargs or "outputs" in kwargs):
            from .functional_model import Functional
            return super().__new__(Functional)
        return super().__new__(cls)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.optimizer: Optional[optimizers_module.Optimizer] = None
        self.loss: Optional[losses_module.Loss] = None
        self.compiled_metrics: List[Any] = []
        self.stop_training = False
        self.history: Optional[History] = None
        self.run_eagerly = False
        self._steps: dict = {}

    def compile(self, optimizer: Any = "rmsprop", loss: Any = None,
                metrics: Optional[List[Any]] = None, loss_weights: Any = None,
                run_eagerly: bool = False) -> None:
        """Choose the optimizer, the loss and the metrics for ``fit``.

        Parameters
        ----------
        optimizer : str or Optimizer
            ``"sgd"``, ``"rmsprop"``, ``"adam"`` or an optimizer object.
        loss : str, Loss or callable
            A name such as ``"mse"`` or ``"sparse_categorical_crossentropy"``,
            a loss object, or ``f(y_true, y_pred)`` returning a scalar Tensor
            or one value per sample (averaged, as Keras does).
        metrics : list, optional
            Names (``"accuracy"``, ``"mae"`` ...), metric objects or
            functions; each becomes a key of the history.
        loss_weights : list or dict, optional
            For a model with several outputs: each output's weight in the summed loss
            (``loss`` is then one loss for all outputs, a list, or a dict by output name).
        run_eagerly : bool
            ``fit``, ``evaluate`` and ``predict`` trace their steps with
            :func:`ag.function` (as Keras compiles them); True runs them eagerly.

        Examples
        --------
        >>> import autograd_lite as ag
        >>> model = ag.nn.Sequential([ag.nn.Dense(3, activation="softmax")])
        >>> model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
        """
        if loss is None:
            raise ValueError("compile: a loss is required, e.g. loss='mse'")
        self.optimizer = optimizers_module.get(optimizer)
        outputs = getattr(self, "output_names", None)
        if isinstance(loss, (list, dict)) or (outputs is not None and len(outputs) > 1):
            from .dataset_training import OutputLosses
            self.loss = OutputLosses(loss, outputs or [], loss_weights)
        else:
            self.loss = losses_module.get(loss)
        object.__setattr__(self, "_compile_arguments", (loss, metrics))  # for save
        # several outputs: a dict by output name, or one list per output
        metrics = dict(metrics) if isinstance(metrics, dict) else list(metrics or [])
        for identifier in _metric_leaves(metrics):
            if isinstance(identifier, str) and identifier.lower() not in ("accuracy", "acc"):
                metrics_module.get(identifier)
        self.compiled_metrics = metrics
        self.run_eagerly = bool(run_eagerly)
        self._steps = {}  # ag.function steps of fit / evaluate / predict (training.py)

    def __getstate__(self) -> dict:
        # A copy (deepcopy or pickle) traces its own steps: the plans here read and write this
        # model's Variables.
        state = dict(self.__dict__)
        state["_steps"] = {}
        state.pop("_walks_cache", None)
        return state

    def require_compiled(self, where: str) -> None:
        """Raise ``RuntimeError`` unless :meth:`compile` was called."""
        if self.optimizer is None or self.loss is None:
            raise RuntimeError(f"{where}: compile the model first, e.g. "
                               f"model.compile(optimizer='adam', loss='mse')")

    def compute_loss(self, y_true, y_pred) -> "ag.Tensor":
        """The compiled loss, reduced to its mean if it is not a scalar, plus ``self.losses``.

        A loss function or object that returns one value per sample (or a loss
        object with ``reduction="none"``) is averaged, as Keras's default
        ``"sum_over_batch_size"`` reduction does.

        Examples
        --------
        >>> import autograd_lite as ag
        >>> model = ag.nn.Sequential([ag.nn.Dense(1, kernel_initializer="ones",
        ...                                       kernel_regularizer=ag.regularizers.L2(1.0))])
        >>> model.compile("sgd", "mse")
        >>> float(model.compute_loss([[0.0]], model(ag.ones((1, 2)))))
        6.0
        """
        loss = self.loss(y_true, y_pred)
        if not isinstance(loss, (ag.Tensor, ag.Variable)):
            loss = ag.constant(loss)
        if loss.ndim:
            loss = ag.mean(loss)
        if _walks_cached(self):
            _, pairs, layers = self._training_walks()
            penalties = [penalty(variable) for penalty, variable in pairs] + [
                added for layer in layers for added in layer._added_losses]
        else:
            penalties = self.losses
        for penalty in penalties:
            loss = loss + penalty
        return loss

    def fit(self, x, y=None, epochs: int = 1, batch_size: Optional[int] = 32,
            validation_data=None, validation_split: float = 0.0, shuffle: bool = True,
            verbose: Any = 1, callbacks: Optional[List[Callback]] = None) -> History:
        """Train with mini-batch gradient descent.

        Parameters
        ----------
        x, y : array_like
            Inputs and labels with the same number of samples.
        epochs : int
        batch_size : int
            ``len(x)`` is batch gradient descent, 1 is stochastic.
        validation_data : (x_val, y_val), optional
            Scored after each epoch (``val_loss`` includes penalties).
        validation_split : float
            Use the last fraction of ``(x, y)``, taken before shuffling, as
            validation data (ignored when ``validation_data`` is given).
        shuffle : bool
            Reshuffle the training examples every epoch.
        verbose : 0, 1 or 2
            Silent, a tqdm bar per epoch (one line per epoch when tqdm is
            not installed), or one line per epoch.
        callbacks : list of Callback, optional

        Returns
        -------
        History
            ``history.history`` maps ``"loss"``, each metric and their
            ``val_`` forms to per-epoch lists.

        Raises
        ------
        ValueError
            Before any variable changes, for mismatched sample counts, an
            input dimension the model was not built for, labels outside
            ``[0, classes)`` or labels shaped unlike the outputs.

        Examples
        --------
        >>> import numpy as np
        >>> import autograd_lite as ag
        >>> x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32")
        >>> model = ag.nn.Sequential([ag.nn.Dense(1, activation="sigmoid")])
        >>> model.compile(ag.optimizers.SGD(1.0), "binary_crossentropy", metrics=["accuracy"])
        >>> h = model.fit(x, [0, 1, 1, 1], epochs=3, batch_size=4, verbose=0)
        >>> sorted(h.history)
        ['accuracy', 'loss']
        """
        if needs_batches(self, x):  # a Dataset, or several inputs / outputs
            if validation_split:
                raise ValueError("fit: validation_split needs arrays; give validation_data")
            return fit_dataset(self, as_dataset(self, x, y, batch_size, shuffle, "fit"), epochs,
                               validation_data, verbose, callbacks)
        return training.fit(self, x, y, epochs=epochs, batch_size=batch_size,
                            validation_data=validation_data,
                            validation_split=validation_split, shuffle=shuffle,
                            verbose=verbose, callbacks=callbacks)

    def evaluate(self, x, y=None, batch_size: Optional[int] = 32, verbose: Any = 0,
                 callbacks: Optional[List[Callback]] = None, return_dict: bool = False):
        """Loss (with penalties) and metrics over ``(x, y)`` in inference mode.

        Parameters
        ----------
        x, y : array_like
        batch_size : int, optional
            32 when None.
        verbose : 0, 1, 2 or "auto"
            0 is silent; otherwise the results are printed on one line.
        callbacks : list of Callback, optional
            Their ``on_test_*`` hooks are called.
        return_dict : bool
            Return ``{"loss": ..., metric name: ...}`` instead of a list.

        Returns
        -------
        float, list of float or dict
            The loss alone when no metrics were compiled, else
            ``[loss, metric, ...]``; a dict with ``return_dict=True``.

        Examples
        --------
        >>> import autograd_lite as ag
        >>> model = ag.nn.Sequential([ag.nn.Dense(1, kernel_initializer="zeros")])
        >>> model.compile("sgd", "mse")
        >>> model.evaluate([[1.0, 2.0]], [[3.0]])
        9.0
        >>> model.evaluate([[1.0, 2.0]], [[3.0]], return_dict=True)
        {'loss': 9.0}
        """
        if needs_batches(self, x):
            logs = evaluate_dataset(self, as_dataset(self, x, y, batch_size, False, "evaluate"),
                                    CallbackList(list(callbacks or []), self))
            if verbose:
                print(" - ".join(f"{k}: {v:.4f}" for k, v in logs.items()))
            values = list(logs.values())
            return dict(logs) if return_dict else values if len(values) > 1 else values[0]
        return training.evaluate(self, x, y, batch_size=batch_size, verbose=verbose,
                                 callbacks=callbacks, return_dict=return_dict)

    def predict(self, x, batch_size: Optional[int] = 32, verbose: Any = 0,
                callbacks: Optional[List[Callback]] = None) -> np.ndarray:
        """Outputs for ``x`` in inference mode, computed batch by batch.

        Parameters
        ----------
        x : array_like
        batch_size : int, optional
            32 when None.
        verbose : 0, 1, 2 or "auto"
            1 and "auto" show a tqdm bar over the batches (when tqdm is
            installed); 0 and 2 are silent.
        callbacks : list of Callback, optional
            Their ``on_predict_*`` hooks are called.

        Examples
        --------
        >>> import autograd_lite as ag
        >>> model = ag.nn.Sequential([ag.nn.Dense(2, kernel_initializer="ones")])
        >>> model.predict([[1.0, 1.0]], verbose=0)
        array([[2., 2.]], dtype=float32)
        """
        if needs_batches(self, x):
            return predict_dataset(self, as_dataset(self, x, None, batch_size, False, "predict"))
        return training.predict(self, x, batch_size=batch_size, verbose=verbose,
                                callbacks=callbacks)

    def build(self, input_shape: Sequence[Optional[int]]) -> None:
        """Create the variables of a subclassed model by running ``call`` on zeros.

        Parameters
        ----------
        input_shape : tuple
            Batch axis first (``None`` allowed there), e.g. ``(None, 4)``.

        Raises
        ------
        ValueError
            Naming the model, for a shape without a batch axis or with an
            unknown (``None``) dimension after it.

        Examples
        --------
        >>> import autograd_lite as ag
        >>> class Net(ag.nn.Model):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.out = ag.nn.Dense(2)
        ...     def call(self, x):
        ...         return self.out(x)
        >>> net = Net()
        >>> net.build((None, 4))
        >>> net.built, net.count_params()
        (True, 10)
        """
        if self._has_own_build():  # super().build from a subclass's own build
            self.built = True
            return
        shape = _example_shape(input_shape, f"{type(self).__name__} '{self.name}'.build")
        if self.built:
            return
        try:
            self(np.zeros(shape, dtype=self.dtype), training=False)
        except Exception:
            self.built = False
            raise

    def _build_on_first_call(self, input_shape: Tuple[int, ...]) -> None:
        # The first call itself builds the sub-layers: no extra pass on zeros is needed, but a
        # subclass that defines its own build gets it called, as any Layer would.
        if input_shape and isinstance(input_shape[0], (int, type(None))):
            object.__setattr__(self, "_build_input_shape", (None,) + tuple(input_shape[1:]))
        if self._has_own_build():
            self.build(input_shape)

    def _has_own_build(self) -> bool:
        """Whether a subclass overrides :meth:`build` (Model's own builds by a call on zeros)."""
        return type(self).build is not Model.build

    def save(self, filepath: Any) -> None:
        """Write the whole model to a ``.keras`` file: architecture, weights, compile settings
        and optimizer state (a zip of JSON and NumPy arrays, never pickle; written atomically).
        ``ag.nn.load_model(filepath)`` rebuilds it. See :mod:`autograd_lite.nn.saving`.
        """
        from .saving import save_model
        save_model(self, filepath)

    def summary(self, print_fn: Optional[Callable[[str], Any]] = None) -> None:
        """Print the layers, their output shapes and parameter counts, like Keras.

        Only floating-point variables count as parameters.

        Examples
        --------
        >>> import autograd_lite as ag
        >>> model = ag.nn.Sequential([ag.nn.Input((4,)), ag.nn.Dense(2)])
        >>> model.summary()  # doctest: +ELLIPSIS
        Model: "sequential..."
        ...
         Total params: 10 (40.00 B)
        ...
        """
        (print_fn or print)(format_summary(self))


def _walks_cached(model: "Model") -> bool:
    """Inside ``fit`` and ``evaluate`` (``training.FIT_SCOPE``) the layer walks are kept."""
    return getattr(training.FIT_SCOPE, "model", None) is model


def _metric_leaves(metrics: Any) -> List[Any]:
    """The metric identifiers in compile's ``metrics`` (a list, or per output)."""
    items = list(metrics.values()) if isinstance(metrics, dict) else list(metrics)
    leaves: List[Any] = []
    for item in items:
        leaves.extend(item if isinstance(item, (list, tuple)) else [] if item is None else [item])
    return leaves


def _example_shape(input_shape: Any, where: str) -> Tuple[int, ...]:
    """The shape of a one-example (or given-size) batch for ``input_shape``, checked."""
    try:
        dims = list(input_shape)
    except TypeError:
        dims = []
    if not dims or any(d is None for d in dims[1:]):
        raise ValueError(f"{where}: expected a shape with a batch axis first and known "
                         f"dimensions after it, e.g. (None, 4), received {input_shape!r}")
    return (1 if dims[0] is None else int(dims[0]),) + tuple(int(d) for d in dims[1:])
