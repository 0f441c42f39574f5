"""The training loop behind ``Model.fit``, ``evaluate`` and ``predict``.

``fit`` checks everything it is given (sample counts, the input dimension,
the labels against the model's output) before the first update, so bad data
never leaves a model half-trained. Each epoch reshuffles the examples (with
the global generator of :mod:`autograd_lite.random`), takes one optimizer
step per mini-batch, and reports the batch-size-weighted mean of the batch
losses, each computed before its update and including ``layer.losses``.
"""
from __future__ import annotations

import contextlib
import functools
import math
import threading
import time
import warnings
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

import autograd_lite as ag
from autograd_lite.allocator import keep_freed_memory
from autograd_lite.random import get_generator

from . import losses as losses_module
from . import metrics as metrics_module
from .arrays import numeric_array
from .callbacks import Callback, CallbackList, History
from .checks import check_callbacks, check_fraction, check_integer
from .layer import reporting_batch
from .losses import check_sparse_labels, labels_checked, one_hot_labels

__all__ = ["fit", "evaluate", "predict", "check_targets", "as_array"]


def as_array(value: Any, what: str, where: str) -> np.ndarray:
    """Turn data (a Tensor, array or nested list) into a numeric NumPy array.

    Raises ``TypeError`` naming ``where`` and ``what`` for data that is not
    numeric (a string, ``None``, a dict, a ragged list), ``ValueError`` for a
    scalar.

    Examples
    --------
    >>> from autograd_lite.nn.training import as_array
    >>> as_array([[1, 2]], "x", "fit").shape
    (1, 2)
    """
    array = numeric_array(value, where, what)
    if array.ndim == 0:
        raise ValueError(f"{where}: {what} must have a batch axis, received a scalar")
    return array


def _check_counts(x: np.ndarray, y: np.ndarray, where: str) -> None:
    if len(x) != len(y):
        raise ValueError(f"{where}: x has {len(x)} samples but y has {len(y)} labels; "
                         f"they must be the same")
    if len(x) == 0:
        raise ValueError(f"{where}: received no samples")


def check_targets(loss, y: np.ndarray, output_shape: Sequence[int], where: str) -> None:
    """Check labels against the model's output shape for the compiled loss.

    Raises ``ValueError`` naming the expected and the received values.

    Examples
    --------
    >>> import numpy as np
    >>> import autograd_lite as ag
    >>> from autograd_lite.nn.training import check_targets
    >>> loss = ag.losses.get("sparse_categorical_crossentropy")
    >>> check_targets(loss, np.array([0, 9]), (1, 10), "fit")
    """
    kind = getattr(loss, "target_kind", None)
    out = tuple(output_shape[1:])
    if kind == "sparse":
        if y.shape[1:] not in ((), (1,)) or len(out) != 1:
            raise ValueError(f"{where}: sparse labels need shape (samples,) or (samples, 1) "
                             f"against outputs of shape (None, classes); received labels of "
                             f"shape {y.shape} for outputs of shape {(None,) + out}")
        check_sparse_labels(y, out[-1], where)
    elif kind == "categorical":
        if y.shape[1:] != out:
            raise ValueError(f"{where}: {loss.name} needs labels of shape {(None,) + out} (one "
                             f"column per output), received labels of shape {y.shape}")
    elif kind == "dense" and not _dense_compatible(y.shape[1:], out):
        raise ValueError(f"{where}: {loss.name} needs labels shaped like the outputs "
                         f"{(None,) + out}, received labels of shape {y.shape}")


def _dense_compatible(label_shape: Tuple[int, ...], out: Tuple[int, ...]) -> bool:
    return label_shape == out or (label_shape == () and out == (1,)) or (
        label_shape == (1,) and out == ())


def _prepare(model, x: Any, y: Any, where: str) -> Tuple[np.ndarray, np.ndarray, np.dtype]:
    """``x`` and ``y`` as arrays, checked against the model; with the outputs' dtype."""
    x, y = as_array(x, "x", where), as_array(y, "y", where)
    _check_counts(x, y, where)
    with reporting_batch(len(x)):  # errors quote the data's shape, not the probe's
        probe = model(x[:1], training=False)
    check_targets(model.loss, y, tuple(probe.shape), where)
    _probe_metrics(_resolve_metrics(model, y, (None,) + tuple(probe.shape[1:])), y,
                   probe.numpy(), where)
    return x, y, probe.dtype


ONE_HOT_AT_MOST = 64 << 20
"""Bytes of one-hot rows ``fit`` makes at most for a sparse loss (see :func:`_one_hot_targets`)."""


def _one_hot_targets(model, y: np.ndarray, dtype: np.dtype) -> Optional[np.ndarray]:
    """The checked sparse labels as one-hot rows in the outputs' dtype, made once per ``fit``
    (a hand-written loop's way: no rows made at every step), when the compiled loss is the
    built-in sparse cross-entropy and ``Model.compute_loss`` is not overridden (a custom one
    may read the labels itself); else None."""
    from .model import Model
    classes = model.output_shape[-1]
    if type(model.loss) is not losses_module.SparseCategoricalCrossentropy or getattr(
            type(model), "compute_loss", None) is not Model.compute_loss or not isinstance(
            classes, int) or dtype.kind != "f" or len(y) * classes * dtype.itemsize > (
            ONE_HOT_AT_MOST):
        return None
    labels = y.reshape(len(y)).astype(np.int64)  # whole numbers in [0, classes): checked
    return (labels[:, None] == np.arange(classes)).astype(dtype)


def _split_validation(x, y, validation_data, validation_split: float
                      ) -> Tuple[Any, Any, Optional[Tuple[Any, Any]]]:
    if validation_data is not None:
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            raise ValueError("fit: validation_data must be a pair (x_val, y_val)")
        return x, y, (validation_data[0], validation_data[1])
    if not validation_split:
        return x, y, None
    if not 0.0 < validation_split < 1.0:
        raise ValueError(f"fit: validation_split must be in (0, 1), received {validation_split}")
    split = int(math.floor(len(x) * (1.0 - validation_split)))
    if split == 0 or split == len(x):
        raise ValueError(f"fit: validation_split={validation_split} of {len(x)} samples leaves "
                         f"{split} to train on and {len(x) - split} to validate; both must be > 0")
    return x[:split], y[:split], (x[split:], y[split:])


def _batches(n: int, batch_size: int, order: np.ndarray):
    for start in range(0, n, batch_size):
        yield order[start:start + batch_size]


def _batch_size(batch_size: Optional[int], where: str) -> int:
    if batch_size is None:
        return 32
    if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"{where}: batch_size must be a positive integer, received {batch_size!r}")
    return int(batch_size)


def _resolve_metrics(model, y: np.ndarray, output_shape) -> List[metrics_module.Metric]:
    """The compiled metrics as Metric objects (new ones for names, a Metric object as is).

    As in Keras 3, that object is the one updated, so the caller can read its
    ``result()`` after ``fit`` or ``evaluate``; fit's validation resets and
    updates the same object, so after a fit with validation data it holds the
    last validation score.
    """
    return [metrics_module.get(identifier, y.shape, output_shape)
            for identifier in model.compiled_metrics]


def _probe_metrics(metrics: List[metrics_module.Metric], y: np.ndarray, probe: np.ndarray,
                   where: str) -> None:
    """Score one example with each metric (no state changes), so bad ones fail before training."""
    for metric in metrics:
        try:
            metric.values(y[:1], probe)
        except (TypeError, ValueError, IndexError) as error:
            raise ValueError(f"{where}: metric {metric.name!r} cannot score labels of shape "
                             f"{y.shape} against outputs of shape {(None,) + probe.shape[1:]}: "
                             f"{error}") from error


def _logs(loss_total: float, count: int, metrics) -> Dict[str, float]:
    logs = {"loss": loss_total / count}
    logs.update({m.name: m.result_value() for m in metrics})
    return logs


class _FitScope(threading.local):
    model = None


FIT_SCOPE = _FitScope()
"""Per thread: the model ``fit`` or ``evaluate`` is running (its layer walks are kept, see
``Layer._training_walks``)."""


@contextlib.contextmanager
def _fit_scope(model):
    """Labels already checked, layer walks kept for ``model`` (the structure is walked afresh
    on entry: a list attribute changed since the last fit is seen)."""
    from . import layer as layer_module
    layer_module._structure[0] += 1
    previous, FIT_SCOPE.model = FIT_SCOPE.model, model
    try:
        with labels_checked():
            yield
    finally:
        FIT_SCOPE.model = previous


def _eager_train_step(model, xb, yb, with_prediction: bool = True, one_hot: bool = False,
                      version=None):
    """One optimizer step: ``loss`` (before the update), with the prediction when asked for
    (metrics need it; a traced step without it hands back one array less). ``one_hot``:
    ``yb`` holds one-hot rows for the sparse loss (see :func:`_one_hot_targets`)."""
    variables = model._training_walks()[0]
    with ag.GradientTape() as tape:
        prediction = model(xb, training=True)
        with one_hot_labels(one_hot):
            loss = model.compute_loss(yb, prediction)
    grads = tape.gradient(loss, variables)
    model.optimizer.apply_gradients(zip(grads, variables))
    return (loss, prediction) if with_prediction else loss


def _test_step(model, xb, yb, version=None):
    prediction = model(xb, training=False)
    return model.compute_loss(yb, prediction), prediction


def predict_step(model, xb, version=None):
    """The model's outputs for one batch in inference mode (what ``predict`` traces)."""
    return model(xb, training=False)


def traced_step(model, kind: str, step: Callable) -> Optional[Callable]:
    """``step`` for ``model`` traced by ag.function (one per kind, kept on the model), or None
    when the model runs eagerly (``compile(run_eagerly=True)``, or a step that could not be
    traced: then one warning names the reason and the model stays eager).

    >>> import autograd_lite as ag
    >>> model = ag.nn.Sequential([ag.nn.Dense(1, kernel_initializer="ones")])
    >>> step = traced_step(model, "predict", predict_step)
    >>> step(np.ones((2, 3), np.float32)).numpy().ravel(), step.function.trace_count
    (array([3., 3.], dtype=float32), 1)
    """
    if getattr(model, "run_eagerly", False):
        return None
    steps = model.__dict__.setdefault("_steps", {})
    optimizer = getattr(model, "optimizer", None)
    key = (kind, id(optimizer), id(model.loss),
           optimizer.traced_settings() if optimizer is not None else None)
    call = steps.get(key)
    if call is None:
        if len(steps) > 8:
            steps.clear()
        function = ag.Function(functools.partial(step, model), eager_fallback=True, warn=False)
        trained: Dict[str, Any] = {"list": None, "key": None}  # the last variables, their key
        numbers: Dict[Tuple[int, ...], int] = {}  # the ids of each set of variables trained

        def call(*args):
            # The variables trained are part of the signature: a layer frozen or added
            # retraces. Their ids are read again only when the layer walk was redone, and
            # passed as one number (a signature checks an int faster than a tuple of ids).
            variables = model._training_walks()[0]
            if variables is not trained["list"]:
                ids = tuple(map(id, variables))
                trained["list"], trained["key"] = variables, numbers.setdefault(ids, len(numbers))
            result = function(*args, trained["key"])
            if function.fallback_reason is not None:
                warnings.warn(f"{kind} step of {model.name!r} runs eagerly: "
                              f"{function.fallback_reason}", stacklevel=4)
                model.run_eagerly = True
            return result
        call.function = function  # type: ignore[attr-defined]  # a function attribute
        steps[key] = call
    return call


class _Batches:
    """Mini-batches in a given order: of ``x``, of the step's targets (``y``, or one-hot rows
    of it) and, when metrics score them, of ``y``. A traced step gathers each batch into
    buffers reused every step (``take(..., out=)``: no allocation; a replay copies nothing out
    of its inputs); an eager step, which may keep what it is given, gets fresh arrays."""

    def __init__(self, x: np.ndarray, y: np.ndarray, one_hot: Optional[np.ndarray],
                 batch_size: int) -> None:
        self.x, self.y, self.one_hot, self.batch_size = x, y, one_hot, batch_size
        self.buffers: Dict[Tuple[int, int], Tuple[np.ndarray, ...]] = {}
        targets = [x, y] if one_hot is None else [x, one_hot]
        self.sources = {False: targets, True: targets + ([] if one_hot is None else [y])}

    def __call__(self, order: Optional[np.ndarray], start: int, reuse: bool,
                 labels: bool) -> Tuple[np.ndarray, ...]:
        """``(x, targets)`` of the batch from ``start``, with ``y`` when ``labels``."""
        stop = min(start + self.batch_size, len(self.x))
        sources = self.sources[labels]
        if order is None:  # in order: views, no copy at all
            return tuple(source[start:stop] for source in sources)
        index = order[start:stop]
        if not reuse:
            return tuple(source[index] for source in sources)
        buffers = self.buffers.get((stop - start, len(sources)))
        if buffers is None:
            buffers = self.buffers[stop - start, len(sources)] = tuple(
                np.empty((stop - start,) + source.shape[1:], source.dtype) for source in sources)
        # mode="clip": the indices are a permutation's, always valid; the default "raise"
        # gathers into a temporary first and copies it over (2.5 times slower)
        return tuple(source.take(index, axis=0, out=buffer, mode="clip")
                     for source, buffer in zip(sources, buffers))


def _run_epoch(model, batches: _Batches, shuffle: bool, metrics, hooks: CallbackList,
               progress: "_Progress") -> Dict[str, float]:
    """One pass over the data; the batch hooks and running logs only when someone reads them
    (a callback with batch hooks, or the progress bar)."""
    count = len(batches.x)
    order = get_generator().permutation(count) if shuffle else None
    for metric in metrics:
        metric.reset_state()
    per_batch = hooks.has_batch_hooks("train") or progress.bar is not None
    with_prediction, one_hot = bool(metrics), batches.one_hot is not None
    total, seen = 0.0, 0
    for batch, start in enumerate(range(0, count, batches.batch_size)):
        if per_batch:
            hooks.on_train_batch_begin(batch)
        traced = traced_step(model, "train", _eager_train_step)  # (a callback may go eager)
        batch_arrays = batches(order, start, traced is not None, with_prediction)
        xb, targets = batch_arrays[0], batch_arrays[1]
        yb = batch_arrays[-1]  # the labels, for the metrics
        result = (traced or functools.partial(_eager_train_step, model))(
            xb, targets, with_prediction, one_hot)
        loss, prediction = result if with_prediction else (result, None)
        size = len(xb)
        total, seen = total + float(loss) * size, seen + size
        for metric in metrics:
            metric.update_state(yb, np.asarray(prediction))  # (a replay's own copy)
        if per_batch:
            logs = _logs(total, seen, metrics)
            hooks.on_train_batch_end(batch, logs)
            progress.batch(logs)
    return _logs(total, seen, metrics)


def fit(model, x, y, epochs: int = 1, batch_size: Optional[int] = 32,
        validation_data=None, validation_split: float = 0.0, shuffle: bool = True,
        verbose: Any = 1, callbacks: Optional[List[Callback]] = None) -> History:
    """Train ``model`` (compiled) on ``(x, y)``; see :meth:`Model.fit`."""
    model.require_compiled("fit")
    epochs, callbacks = check_integer(epochs, "fit", "epochs"), check_callbacks(callbacks, "fit")
    validation_split = check_fraction(validation_split, "fit", "validation_split")
    keep_freed_memory()  # steps then reuse the heap's pages: no page faults per step
    batch_size = _batch_size(batch_size, "fit")
    x, y = as_array(x, "x", "fit"), as_array(y, "y", "fit")
    _check_counts(x, y, "fit")
    x, y, validation = _split_validation(x, y, validation_data, validation_split)
    x, y, dtype = _prepare(model, x, y, "fit")
    if validation is not None:
        validation = _prepare(model, *validation, "fit (validation data)")[:2]
    steps = math.ceil(len(x) / batch_size)
    progress = _Progress(verbose, int(epochs), steps)
    history = History()
    hooks = CallbackList(list(callbacks or []) + [history], model,
                         {"epochs": int(epochs), "steps": steps, "verbose": progress.verbose})
    model.history, model.stop_training = history, False
    metrics = _resolve_metrics(model, y, (None,) + tuple(model.output_shape[1:]))
    hooks.on_train_begin()
    logs: Dict[str, float] = {}
    batches = _Batches(x, y, _one_hot_targets(model, y, dtype), batch_size)
    with _fit_scope(model):
        for epoch in range(int(epochs)):
            hooks.on_epoch_begin(epoch)
            progress.start(epoch)
            logs = _run_epoch(model, batches, shuffle, metrics, hooks, progress)
            if validation is not None:
                scores = _evaluate_logs(model, *validation, batch_size, hooks)
                logs.update({f"val_{k}": v for k, v in scores.items()})
            progress.end(logs)
            hooks.on_epoch_end(epoch, logs)
            if model.stop_training:
                break
    hooks.on_train_end(logs)
    return history


def _evaluate_logs(model, x: np.ndarray, y: np.ndarray, batch_size: int,
                   hooks: Optional[CallbackList] = None) -> Dict[str, float]:
    metrics = _resolve_metrics(model, y, (None,) + tuple(model.output_shape[1:]))
    for metric in metrics:
        metric.reset_state()
    hooks = hooks if hooks is not None else CallbackList([], model)
    hooks.on_test_begin()
    total, seen = 0.0, 0
    per_batch = hooks.has_batch_hooks("test")
    for batch, start in enumerate(range(0, len(x), batch_size)):
        if per_batch:
            hooks.on_test_batch_begin(batch)
        xb, yb = x[start:start + batch_size], y[start:start + batch_size]  # views
        traced = traced_step(model, "test", _test_step)
        loss, prediction = (traced or functools.partial(_test_step, model))(xb, yb)
        total += float(loss) * len(xb)
        seen += len(xb)
        for metric in metrics:
            metric.update_state(yb, np.asarray(prediction))
        if per_batch:
            hooks.on_test_batch_end(batch, _logs(total, seen, metrics))
    logs = _logs(total, seen, metrics)
    hooks.on_test_end(logs)
    return logs


def evaluate(model, x, y, batch_size: Optional[int] = 32, verbose: Any = 0,
             callbacks: Optional[List[Callback]] = None, return_dict: bool = False):
    """Loss (with penalties) and metrics over ``(x, y)``; see :meth:`Model.evaluate`."""
    model.require_compiled("evaluate")
    verbose = _check_verbose(verbose, "evaluate")
    batch_size = _batch_size(batch_size, "evaluate")
    x, y, _ = _prepare(model, x, y, "evaluate")
    hooks = CallbackList(list(callbacks or []), model,
                         {"steps": math.ceil(len(x) / batch_size), "verbose": verbose})
    with _fit_scope(model):
        logs = _evaluate_logs(model, x, y, batch_size, hooks)
    if verbose:
        print(_format(logs))
    if return_dict:
        return dict(logs)
    values = list(logs.values())
    return values if len(values) > 1 else values[0]


def predict(model, x, batch_size: Optional[int] = 32, verbose: Any = 0,
            callbacks: Optional[List[Callback]] = None) -> np.ndarray:
    """The model's outputs for ``x`` in inference mode, batch by batch, as NumPy."""
    verbose = _check_verbose(verbose, "predict")
    x = as_array(x, "x", "predict")
    if len(x) == 0:
        raise ValueError("predict: received no samples")
    batch_size = _batch_size(batch_size, "predict")
    steps = math.ceil(len(x) / batch_size)
    hooks = CallbackList(list(callbacks or []), model, {"steps": steps, "verbose": verbose})
    tqdm = _tqdm_or_none() if verbose == 1 else None
    bar = tqdm(total=steps, desc="predict", unit="batch") if tqdm is not None else None
    hooks.on_predict_begin()
    outputs = []
    with reporting_batch(len(x)):
        for batch, index in enumerate(_batches(len(x), batch_size, np.arange(len(x)))):
            hooks.on_predict_batch_begin(batch)
            traced = traced_step(model, "predict", predict_step)
            outputs.append((traced or functools.partial(predict_step, model))(x[index]).numpy())
            hooks.on_predict_batch_end(batch, {"outputs": outputs[-1]})
            if bar is not None:
                bar.update(1)
    if bar is not None:
        bar.close()
    hooks.on_predict_end()
    return np.concatenate(outputs, axis=0)


def _check_verbose(verbose: Any, where: str) -> int:
    """``verbose`` as 0, 1 or 2 (``"auto"`` is 1), or ``ValueError`` naming ``where``.

    >>> _check_verbose("auto", "fit")
    1
    """
    if verbose == "auto":
        return 1
    if verbose not in (0, 1, 2):
        raise ValueError(f"{where}: verbose must be 0, 1, 2 or 'auto', received {verbose!r}")
    return int(verbose)


class _Progress:
    """A tqdm bar per epoch (verbose=1), one line per epoch (2), or nothing (0).

    Without tqdm installed, verbose=1 prints the one line per epoch of verbose=2.
    """

    def __init__(self, verbose: Any, epochs: int, steps: int):
        verbose = _check_verbose(verbose, "fit")
        self.verbose, self.epochs, self.steps = verbose, epochs, steps
        self.bar, self.started, self.epoch = None, 0.0, 0
        self._tqdm = _tqdm_or_none() if verbose == 1 else None
        self.lines = verbose == 2 or (verbose == 1 and self._tqdm is None)

    def start(self, epoch: int) -> None:
        self.started = time.perf_counter()
        if self._tqdm is not None:
            self.bar = self._tqdm(total=self.steps, desc=f"Epoch {epoch + 1}/{self.epochs}",
                                  unit="batch", leave=True)
        self.epoch = epoch

    def batch(self, logs: Dict[str, float]) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(_format(logs), refresh=False)
            self.bar.update(1)

    def end(self, logs: Dict[str, float]) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(_format(logs))
            self.bar.close()
            self.bar = None
        elif self.lines:
            seconds = time.perf_counter() - self.started
            print(f"Epoch {self.epoch + 1}/{self.epochs} - {seconds:.2f}s - {_format(logs)}")


def _tqdm_or_none() -> Optional[Callable[..., Any]]:
    """tqdm's progress bar class, or None when tqdm is not installed (an optional extra)."""
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm


def _format(logs: Dict[str, float]) -> str:
    return " - ".join(f"{k}: {v:.4f}" for k, v in logs.items())
