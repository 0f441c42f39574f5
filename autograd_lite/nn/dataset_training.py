"""``fit``, ``evaluate`` and ``predict`` over batches: an ``ag.data.Dataset``, or data for a
model of several inputs or outputs (lists or dicts of arrays, turned into a dataset).

As in Keras, a dataset yields ``(x, y)`` batches and fixes the batch size (``batch_size`` is
ignored), and its own ``shuffle`` decides the order. Several outputs take one loss each (a
list or a dict keyed by output name, or one loss for all), summed with ``loss_weights``.

Examples
--------
>>> import numpy as np
>>> import autograd_lite as ag
>>> x, y = np.ones((8, 2), "float32"), np.zeros((8, 1), "float32")
>>> model = ag.nn.Sequential([ag.nn.Dense(1, kernel_initializer="ones")])
>>> model.compile(ag.optimizers.SGD(0.0), "mse")
>>> history = model.fit(ag.data.Dataset.from_tensor_slices((x, y)).batch(4), epochs=2,
...                     verbose=0)
>>> history.history["loss"]
[4.0, 4.0]
"""
from __future__ import annotations

import functools
import sys
from typing import Any, Dict, List, Optional

import numpy as np

import autograd_lite as ag

from . import losses as losses_module
from . import metrics as metrics_module
from .callbacks import Callback, CallbackList, History
from .symbolic import flatten
from .training import predict_step, traced_step

__all__ = ["OutputLosses", "fit_dataset", "evaluate_dataset", "predict_dataset", "as_dataset",
           "needs_batches", "is_dataset"]


class OutputLosses:
    """The loss of a model with several outputs: ``sum_i weight_i * loss_i(y_i, pred_i)``;
    each output's own loss is kept in ``parts`` (``fit`` logs them as ``"<output>_loss"``).

    >>> loss = OutputLosses("mse", ["a", "b"], loss_weights=[1.0, 0.5])
    >>> float(loss([[1.0], [2.0]], [ag.constant([0.0]), ag.constant([0.0])]))
    3.0
    """

    target_kind = None

    def __init__(self, losses: Any, output_names: List[str], loss_weights: Any = None) -> None:
        count = len(output_names)
        if isinstance(losses, dict):
            losses = by_output_name(losses, output_names, "compile: losses")
        elif not isinstance(losses, (list, tuple)):
            losses = [losses] * count
        if len(losses) != count:
            raise ValueError(f"compile: {len(losses)} losses for {count} outputs")
        self.losses = [None if loss is None else losses_module.get(loss) for loss in losses]
        self.given_weights = loss_weights  # as compile received them (for model.save)
        if isinstance(loss_weights, dict):
            loss_weights = [loss_weights.get(name, 1.0) for name in output_names]
        self.weights = [1.0] * count if loss_weights is None else [float(w) for w in
                                                                   loss_weights]
        self.output_names = list(output_names)
        self.name = "loss"
        self.parts: Dict[str, "ag.Tensor"] = {}  # the last call's loss per output


    def __call__(self, y_true: Any, y_pred: Any) -> "ag.Tensor":
        predictions = _by_output(y_pred, self.output_names, "predictions")
        targets = _by_output(y_true, self.output_names, "labels")
        total = None
        self.parts = {}
        for name, loss, weight, target, prediction in zip(
                self.output_names, self.losses, self.weights, targets, predictions):
            if loss is None:
                continue
            value = loss(target, prediction)
            value = ag.mean(value) if value.ndim else value
            self.parts[f"{name}_loss"] = value
            total = weight * value if total is None else total + weight * value
        if total is None:
            raise ValueError(f"compile: no output has a loss ({self.output_names}); give at "
                             f"least one")
        return total


def by_output_name(given: Dict[str, Any], names: List[str], what: str) -> List[Any]:
    """One entry per output, in the model's order, from a dict keyed by output name (an output
    not named gets None); a name that is no output is an error naming ``what``.

    >>> by_output_name({"b": 2}, ["a", "b"], "compile: losses")
    [None, 2]
    """
    unknown = [k for k in given if k not in names]
    if unknown:
        raise ValueError(f"{what} for {unknown}, which are not outputs of the model ({names})")
    return [given.get(name) for name in names]


def _by_output(values: Any, names: List[str], what: str) -> List[Any]:
    if isinstance(values, dict):
        missing = [n for n in names if n not in values]
        if missing:
            raise ValueError(f"fit: the {what} lack the outputs {missing}")
        return [values[n] for n in names]
    values = list(values) if isinstance(values, (list, tuple)) else [values]
    if len(values) != len(names):
        raise ValueError(f"fit: {len(values)} {what} for {len(names)} outputs {names}")
    return values


def is_dataset(value: Any) -> bool:
    """Is ``value`` an ``ag.data.Dataset``? (Asked without importing that module: until
    something made a Dataset, nothing is one; the import costs a fresh process milliseconds.)

    >>> is_dataset([1, 2])
    False
    """
    data = sys.modules.get("autograd_lite.data")
    return data is not None and isinstance(value, data.Dataset)


def needs_batches(model: Any, x: Any) -> bool:
    """Whether ``fit`` / ``evaluate`` / ``predict`` go through this module: for a Dataset,
    for a model with several outputs, or for a functional model's inputs given as a dict
    (by name) or, for several inputs, as a list."""
    if is_dataset(x) or len(getattr(model, "_flat_outputs", ())) > 1:
        return True
    inputs = len(getattr(model, "_flat_inputs", ()))
    return (inputs > 1 and isinstance(x, (list, tuple))) or (inputs >= 1 and isinstance(x, dict))


def as_dataset(model: Any, x: Any, y: Any, batch_size: Optional[int], shuffle: bool,
               where: str) -> Any:
    """A dataset of ``(x, y)`` batches: ``x`` itself when it is a Dataset (``y`` must then be
    None), else one made from arrays, where a list or tuple stands for the model's several
    inputs (or outputs) and a dict names them."""
    if is_dataset(x):
        if y is not None:
            raise ValueError(f"{where}: y must be None when x is a Dataset of (x, y) batches")
        return x
    inputs = _several(x, len(getattr(model, "_flat_inputs", ())))
    structure = (inputs,) if y is None else (
        inputs, _several(y, len(getattr(model, "_flat_outputs", ()))))
    dataset = ag.data.Dataset.from_tensor_slices(structure)
    if shuffle:
        dataset = dataset.shuffle(len(dataset))
    return dataset.batch(32 if batch_size is None else int(batch_size))


def _several(value: Any, count: int) -> Any:
    """A list of ``count`` arrays as a tuple (a Dataset reads a list as one array, as TF)."""
    if count > 1 and isinstance(value, (list, tuple)) and len(value) == count:
        return tuple(value)
    return value


class _Means:
    """Batch-size-weighted means of the logged losses, as Keras's epoch logs are."""

    def __init__(self) -> None:
        self.totals: Dict[str, float] = {}
        self.seen = 0

    def add(self, loss: Any, parts: Dict[str, Any], size: int) -> None:
        """Count one batch: its loss and each output's loss (``OutputLosses.parts``)."""
        values = {"loss": float(loss)}
        values.update({k: float(v) for k, v in parts.items()})
        for key, value in values.items():
            self.totals[key] = self.totals.get(key, 0.0) + value * size
        self.seen += size

    def logs(self, metrics: List[Any]) -> Dict[str, float]:
        logs = {k: v / self.seen for k, v in self.totals.items()}
        logs.update({key: metric.result_value() for metric, _, key in metrics})
        return logs


def _train_step(model: Any, x: Any, y: Any, with_prediction: bool, version: Any = None
                ) -> tuple:
    """One optimizer step on a batch: the loss (before the update), each output's loss, and
    the prediction when metrics need it. ``fit_dataset`` runs it traced by ag.function (one
    plan per batch signature) unless the model runs eagerly."""
    variables = model._training_walks()[0]
    with ag.GradientTape() as tape:
        prediction = model(x, training=True)
        loss = model.compute_loss(y, prediction)
    parts = dict(getattr(model.loss, "parts", {}))  # (a plan returns them: fresh each call)
    grads = tape.gradient(loss, variables)
    model.optimizer.apply_gradients(zip(grads, variables))
    return loss, parts, prediction if with_prediction else None


def _test_step(model: Any, x: Any, y: Any, version: Any = None) -> tuple:
    """The loss, each output's loss and the prediction of a batch in inference mode."""
    prediction = model(x, training=False)
    loss = model.compute_loss(y, prediction)
    return loss, dict(getattr(model.loss, "parts", {})), prediction


def _step(model: Any, kind: str, step: Any) -> Any:
    """``step`` for ``model``, traced (kept on the model) or eager (``run_eagerly``)."""
    traced = traced_step(model, kind, step)
    return traced if traced is not None else functools.partial(step, model)


def _split(batch: Any, where: str) -> tuple:
    if not isinstance(batch, tuple) or len(batch) not in (2, 3):
        raise ValueError(f"{where}: the dataset must yield (x, y) batches, received "
                         f"{type(batch).__name__}")
    return batch[0], batch[1]


def _size(value: Any) -> int:
    return int(flatten(value)[0].shape[0])


def _numpy(value: Any) -> Any:
    return value.numpy() if isinstance(value, ag.Tensor) else value


def _metrics(model: Any, y: Any, prediction: Any, where: str) -> List[tuple]:
    """``(metric, output index or None, log key)`` for each compiled metric. With several
    outputs, ``metrics`` is a dict by output name or one list per output, and each is logged
    as ``"<output>_<metric>"`` (Keras 3's keys)."""
    given = model.compiled_metrics
    if not given:
        return []
    if not isinstance(prediction, (list, tuple, dict)):
        found = [metrics_module.get(i, tuple(np.shape(_numpy(y))), tuple(prediction.shape))
                 for i in given]
        return [(metric, None, metric.name) for metric in found]
    names = list(model.output_names)
    targets = _by_output(y, names, "labels")
    predictions = _by_output(prediction, names, "predictions")
    if isinstance(given, dict):
        per_output = by_output_name(given, names, f"{where}: metrics")
    elif len(given) == len(names) and all(g is None or isinstance(g, (list, tuple))
                                          for g in given):
        per_output = list(given)
    else:
        raise ValueError(f"{where}: a model with several outputs takes metrics as a dict by "
                         f"output name ({names}) or as one list per output")
    entries = []
    for index, (name, identifiers) in enumerate(zip(names, per_output)):
        if identifiers is None:
            continue
        for identifier in identifiers if isinstance(identifiers, (list, tuple)) else [
                identifiers]:
            metric = metrics_module.get(identifier, tuple(np.shape(_numpy(targets[index]))),
                                        tuple(predictions[index].shape))
            entries.append((metric, index, f"{name}_{metric.name}"))
    return entries


def _update(metrics: List[tuple], model: Any, y: Any, prediction: Any) -> None:
    if not metrics:
        return
    several = isinstance(prediction, (list, tuple, dict))
    names = list(getattr(model, "output_names", []))
    targets = _by_output(y, names, "labels") if several else None
    predictions = _by_output(prediction, names, "predictions") if several else None
    for metric, index, _ in metrics:
        if index is None:
            metric.update_state(_numpy(y), _numpy(prediction))
        else:  # a per-output metric: the model has several outputs
            assert targets is not None and predictions is not None
            metric.update_state(_numpy(targets[index]), _numpy(predictions[index]))


def _check_first(model: Any, x: Any, y: Any, where: str) -> List[tuple]:
    """The checks fit makes on arrays, made on the first batch before any update; returns
    the compiled metrics resolved against that batch (see :func:`_metrics`), reset."""
    from .training import check_targets
    probe = model(x, training=False)
    if not isinstance(probe, (list, tuple, dict)):
        check_targets(model.loss, np.asarray(_numpy(y)), tuple(probe.shape), where)
    metrics = _metrics(model, y, probe, where)
    for metric, _, _ in metrics:
        metric.reset_state()
    return metrics


def fit_dataset(model: Any, dataset: Any, epochs: int = 1, validation_data: Any = None,
                verbose: Any = 1, callbacks: Optional[List[Callback]] = None) -> History:
    """Train on every ``(x, y)`` batch of ``dataset`` for ``epochs`` passes."""
    model.require_compiled("fit")
    steps = len(dataset) if dataset._length is not None else None
    history = History()
    hooks = CallbackList(list(callbacks or []) + [history], model,
                         {"epochs": int(epochs), "steps": steps, "verbose": verbose})
    model.history, model.stop_training = history, False
    if validation_data is not None and not is_dataset(validation_data):
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            raise ValueError("fit: validation_data must be a Dataset or a pair (x_val, y_val)")
        x_val, y_val = validation_data
        validation_data = as_dataset(model, x_val, y_val, None, False, "fit (validation data)")
    hooks.on_train_begin()
    logs: Dict[str, float] = {}
    metrics: Optional[List[Any]] = None
    per_batch = hooks.has_batch_hooks("train")
    for epoch in range(int(epochs)):
        hooks.on_epoch_begin(epoch)
        means = _Means()
        for metric, _, _ in metrics or []:
            metric.reset_state()
        for step, batch in enumerate(dataset):
            x, y = _split(batch, "fit")
            if metrics is None:
                metrics = _check_first(model, x, y, "fit")
            if per_batch:
                hooks.on_train_batch_begin(step)
            loss, parts, prediction = _step(model, "dataset train", _train_step)(
                x, y, bool(metrics))
            means.add(loss, parts, _size(x))
            _update(metrics, model, y, prediction)
            if per_batch:
                logs = means.logs(metrics)
                hooks.on_train_batch_end(step, logs)
        if means.seen == 0:
            raise ValueError("fit: the dataset yielded no batches")
        logs = means.logs(metrics or [])
        if validation_data is not None:
            scores = evaluate_dataset(model, validation_data, hooks)
            logs.update({f"val_{k}": v for k, v in scores.items()})
        if verbose:
            print(f"Epoch {epoch + 1}/{int(epochs)} - " + " - ".join(
                f"{k}: {v:.4f}" for k, v in logs.items()))
        hooks.on_epoch_end(epoch, logs)
        if model.stop_training:
            break
    hooks.on_train_end(logs)
    return history


def evaluate_dataset(model: Any, dataset: Any, hooks: Optional[CallbackList] = None
                     ) -> Dict[str, float]:
    """The loss (with ``model.losses``) and metrics over every batch, in inference mode."""
    model.require_compiled("evaluate")
    hooks = hooks if hooks is not None else CallbackList([], model)
    hooks.on_test_begin()
    means, metrics, logs = _Means(), None, {}
    per_batch = hooks.has_batch_hooks("test")
    for step, batch in enumerate(dataset):
        x, y = _split(batch, "evaluate")
        if metrics is None:
            metrics = _metrics(model, y, model(x, training=False), "evaluate")
            for metric, _, _ in metrics:
                metric.reset_state()
        if per_batch:
            hooks.on_test_batch_begin(step)
        loss, parts, prediction = _step(model, "dataset test", _test_step)(x, y)
        means.add(loss, parts, _size(x))
        _update(metrics, model, y, prediction)
        if per_batch:
            logs = means.logs(metrics)
            hooks.on_test_batch_end(step, logs)
    if means.seen == 0:
        raise ValueError("evaluate: the dataset yielded no batches")
    logs = means.logs(metrics or [])
    hooks.on_test_end(logs)
    return logs


def predict_dataset(model: Any, dataset: Any) -> Any:
    """The outputs for every batch, joined (a list or dict for several outputs)."""
    outputs: List[Any] = []
    for batch in dataset:
        x = batch[0] if isinstance(batch, tuple) else batch
        outputs.append(_step(model, "predict", predict_step)(x))
    if not outputs:
        raise ValueError("predict: the dataset yielded no batches")
    first = outputs[0]
    if isinstance(first, dict):
        return {k: np.concatenate([o[k].numpy() for o in outputs]) for k in first}
    if isinstance(first, (list, tuple)):
        return [np.concatenate([o[i].numpy() for o in outputs]) for i in range(len(first))]
    return np.concatenate([o.numpy() for o in outputs], axis=0)

