"""Callbacks: hooks that ``fit`` calls around epochs and batches.

Examples
--------
>>> import autograd_lite as ag
>>> class PrintLoss(ag.callbacks.Callback):
...     def on_epoch_end(self, epoch, logs=None):
...         print(epoch, round(logs["loss"], 2))
>>> stop = ag.callbacks.EarlyStopping(monitor="loss", patience=2)
"""
from __future__ import annotations

import math
import warnings
from typing import Any, Dict, List, Optional

__all__ = ["Callback", "CallbackList", "History", "EarlyStopping", "LambdaCallback"]

Logs = Optional[Dict[str, float]]


class Callback:
    """Base class: override any of the ``on_*`` hooks; ``self.model`` is the model.

    Hooks (Keras 3's names): ``on_train_begin/end(logs)``,
    ``on_epoch_begin/end(epoch, logs)``, ``on_train_batch_begin/end(batch, logs)``
    (which call ``on_batch_begin/end``), ``on_test_begin/end(logs)`` and
    ``on_test_batch_begin/end(batch, logs)`` (``evaluate``, and ``fit``'s
    validation), ``on_predict_begin/end(logs)`` and
    ``on_predict_batch_begin/end(batch, logs)`` (``predict``). Epoch-end logs
    hold ``loss``, each metric and their ``val_`` forms; batch-end logs hold
    the running values so far. Setting ``self.model.stop_training = True``
    ends ``fit`` after the current epoch.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> class CountBatches(ag.callbacks.Callback):
    ...     def on_train_begin(self, logs=None):
    ...         self.batches = 0
    ...     def on_batch_end(self, batch, logs=None):
    ...         self.batches += 1
    """

    def __init__(self) -> None:
        self.model: Any = None  # set by set_model
        self.params: Dict[str, Any] = {}

    def set_model(self, model) -> None:
        """Remember the model being trained."""
        self.model = model

    def set_params(self, params: Dict[str, Any]) -> None:
        """Remember the run's parameters (epochs, steps, verbose)."""
        self.params = params

    def on_train_begin(self, logs: Logs = None) -> None:
        """Called once before the first epoch."""

    def on_train_end(self, logs: Logs = None) -> None:
        """Called once after the last epoch."""

    def on_epoch_begin(self, epoch: int, logs: Logs = None) -> None:
        """Called at the start of each epoch (counted from 0)."""

    def on_epoch_end(self, epoch: int, logs: Logs = None) -> None:
        """Called at the end of each epoch with that epoch's logs."""

    def on_batch_begin(self, batch: int, logs: Logs = None) -> None:
        """Called before each training batch (counted from 0 in each epoch)."""

    def on_batch_end(self, batch: int, logs: Logs = None) -> None:
        """Called after each training batch's update."""

    def on_train_batch_begin(self, batch: int, logs: Logs = None) -> None:
        """What ``fit`` calls; forwards to :meth:`on_batch_begin` (as Keras does)."""
        self.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch: int, logs: Logs = None) -> None:
        """What ``fit`` calls; forwards to :meth:`on_batch_end` (as Keras does)."""
        self.on_batch_end(batch, logs)

    def on_test_begin(self, logs: Logs = None) -> None:
        """Called when ``evaluate`` (or ``fit``'s validation) starts."""

    def on_test_end(self, logs: Logs = None) -> None:
        """Called when ``evaluate`` (or ``fit``'s validation) ends, with its logs."""

    def on_test_batch_begin(self, batch: int, logs: Logs = None) -> None:
        """Called before each ``evaluate`` batch."""

    def on_test_batch_end(self, batch: int, logs: Logs = None) -> None:
        """Called after each ``evaluate`` batch with the running logs."""

    def on_predict_begin(self, logs: Logs = None) -> None:
        """Called when ``predict`` starts."""

    def on_predict_end(self, logs: Logs = None) -> None:
        """Called when ``predict`` ends."""

    def on_predict_batch_begin(self, batch: int, logs: Logs = None) -> None:
        """Called before each ``predict`` batch."""

    def on_predict_batch_end(self, batch: int, logs: Logs = None) -> None:
        """Called after each ``predict`` batch; ``logs["outputs"]`` holds its outputs."""


class LambdaCallback(Callback):
    """A callback from plain functions, e.g. ``LambdaCallback(on_epoch_end=f)``.

    Any hook of :class:`Callback` may be given by name (Keras 3's
    ``on_train_batch_end``, ``on_test_batch_end``, ``on_predict_batch_end`` ...,
    and the older ``on_batch_end``); each function takes the hook's arguments.

    Raises
    ------
    ValueError
        For a name that is not a hook, listing the known ones.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> seen = []
    >>> cb = ag.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(epoch),
    ...                                  on_train_batch_end=lambda batch, logs: seen.append(-1))
    >>> cb.on_epoch_end(0, {})
    >>> cb.on_train_batch_end(0, {})
    >>> seen
    [0, -1]
    """

    _HOOKS = ("on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end",
              "on_train_batch_begin", "on_train_batch_end", "on_batch_begin", "on_batch_end",
              "on_test_begin", "on_test_end", "on_test_batch_begin", "on_test_batch_end",
              "on_predict_begin", "on_predict_end", "on_predict_batch_begin",
              "on_predict_batch_end")

    def __init__(self, **hooks):
        super().__init__()
        unknown = set(hooks) - set(self._HOOKS)
        if unknown:
            raise ValueError(f"LambdaCallback: unknown hooks {sorted(unknown)}; "
                             f"known: {', '.join(self._HOOKS)}")
        for name, fn in hooks.items():
            setattr(self, name, fn)


class History(Callback):
    """Records each epoch's logs; ``fit`` returns it.

    Attributes
    ----------
    history : dict of str to list of float
        ``history["loss"][k]`` is epoch k's loss; likewise each metric and
        the ``val_`` forms.
    epoch : list of int

    Examples
    --------
    >>> import autograd_lite as ag
    >>> h = ag.callbacks.History()
    >>> h.on_train_begin()
    >>> h.on_epoch_end(0, {"loss": 0.5})
    >>> h.history
    {'loss': [0.5]}
    """

    def __init__(self) -> None:
        super().__init__()
        self.history: Dict[str, List[float]] = {}
        self.epoch: List[int] = []

    def on_train_begin(self, logs: Logs = None) -> None:
        self.epoch = []

    def on_epoch_end(self, epoch: int, logs: Logs = None) -> None:
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)


class EarlyStopping(Callback):
    """Stop training when a monitored quantity has stopped improving.

    Follows Keras 3: an epoch improves when its value beats the best by more
    than ``min_delta``; after ``patience`` epochs without improvement (and
    not in the first epoch) training stops. With ``restore_best_weights``
    the weights of the best epoch are put back when training ends.

    Parameters
    ----------
    monitor : str
        A key of the epoch logs, e.g. ``"val_loss"`` or ``"val_accuracy"``.
    min_delta : float
    patience : int
    verbose : int
    mode : {"auto", "min", "max"}
        ``auto`` maximises names containing "acc", minimises the rest.
    baseline : float, optional
        Also required to be beaten for the patience count to restart.
    restore_best_weights : bool
    start_from_epoch : int
        Epochs to wait before monitoring.

    Attributes
    ----------
    stopped_epoch, best_epoch : int
    best : float

    Examples
    --------
    >>> import autograd_lite as ag
    >>> stop = ag.callbacks.EarlyStopping(monitor="val_loss", patience=3,
    ...                                   restore_best_weights=True)
    """

    def __init__(self, monitor: str = "val_loss", min_delta: float = 0.0, patience: int = 0,
                 verbose: int = 0, mode: str = "auto", baseline: Optional[float] = None,
                 restore_best_weights: bool = False, start_from_epoch: int = 0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            raise ValueError(f"EarlyStopping: mode must be auto, min or max, received {mode!r}")
        self.monitor, self.min_delta, self.patience = monitor, abs(float(min_delta)), int(patience)
        self.verbose, self.mode, self.baseline = verbose, mode, baseline
        self.restore_best_weights, self.start_from_epoch = restore_best_weights, start_from_epoch
        self._reset()

    def _reset(self) -> None:
        self.wait, self.stopped_epoch, self.best_epoch = 0, 0, 0
        self.best_weights = None
        self.best = -math.inf if self._maximize() else math.inf

    def _maximize(self) -> bool:
        if self.mode != "auto":
            return self.mode == "max"
        name = self.monitor[4:] if self.monitor.startswith("val_") else self.monitor
        return "acc" in name or name in ("auc", "precision", "recall")

    def _improves(self, value: float, reference: Optional[float]) -> bool:
        if reference is None:
            return True
        if self._maximize():
            return value - self.min_delta > reference
        return value + self.min_delta < reference

    def on_train_begin(self, logs: Logs = None) -> None:
        self._reset()

    def on_epoch_end(self, epoch: int, logs: Logs = None) -> None:
        current = (logs or {}).get(self.monitor)
        if current is None:
            warnings.warn(f"EarlyStopping: monitor {self.monitor!r} is not in the logs; "
                          f"available: {', '.join(logs or {})}", stacklevel=2)
            return
        if epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights, self.best_epoch = self.model.get_weights(), epoch
        self.wait += 1
        if self._improves(current, self.best):
            self.best, self.best_epoch = current, epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._improves(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs: Logs = None) -> None:
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(f"Restoring model weights from the end of the best epoch: "
                      f"{self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)


class CallbackList:
    """Calls one hook on every callback in order (used by ``fit``).

    Examples
    --------
    >>> import autograd_lite as ag
    >>> history = ag.callbacks.History()
    >>> hooks = ag.callbacks.CallbackList([history], model=None)
    >>> hooks.on_train_begin()
    >>> hooks.on_epoch_end(0, {"loss": 1.0})
    >>> history.history
    {'loss': [1.0]}
    """

    def __init__(self, callbacks: List[Callback], model, params: Optional[Dict] = None):
        self.callbacks = list(callbacks)
        for callback in self.callbacks:
            callback.set_model(model)
            callback.set_params(dict(params or {}))

    def has_batch_hooks(self, kind: str) -> bool:
        """Does any callback do something per batch of ``kind`` (``"train"``, ``"test"`` or
        ``"predict"``)? If not, the loop skips the calls and the running logs they get.

        >>> class Count(ag.callbacks.Callback):
        ...     def on_batch_end(self, batch, logs=None):
        ...         pass
        >>> CallbackList([History()], None).has_batch_hooks("train")
        False
        >>> CallbackList([Count()], None).has_batch_hooks("train")
        True
        """
        names = [f"on_{kind}_batch_begin", f"on_{kind}_batch_end"] + (
            ["on_batch_begin", "on_batch_end"] if kind == "train" else [])
        for callback in self.callbacks:
            for name in names:
                method = getattr(callback, name, None)  # (None: a duck-typed callback's gap)
                if method is not None and getattr(method, "__func__", None) is not getattr(
                        Callback, name):
                    return True  # overridden, or given on the instance
        return False

    def __getattr__(self, hook: str):
        if not hook.startswith("on_"):
            raise AttributeError(hook)

        def call_all(*args, **kwargs):
            for callback in self.callbacks:
                method = getattr(callback, hook, None)
                if method is not None:  # a duck-typed callback may lack the newer hooks
                    method(*args, **kwargs)
        return call_all
