"""Weight files: every variable of a model in one NumPy ``.npz`` archive.

Each array is stored under a name built from the layer's position and class
and the variable's short name (``"0.dense.kernel"``), so a model built the
same way in another session loads it, whatever its layers happen to be
called. Saving writes a temporary file beside the target, then renames it
over the target, so a crash never leaves a partial file in its place.
Loading reads and checks every array (names, count, shapes) before it
assigns any.

Examples
--------
>>> import os, tempfile
>>> import autograd_lite as ag
>>> model = ag.nn.Sequential([ag.nn.Input((2,)), ag.nn.Dense(1)])
>>> path = os.path.join(tempfile.mkdtemp(), "model.weights.npz")
>>> model.save_weights(path)
>>> model.load_weights(path)
"""
from __future__ import annotations

import os
import tempfile
import zipfile
from typing import Dict, List, Tuple

import numpy as np

__all__ = ["save_weights", "load_weights", "weight_names", "FORMAT"]

FORMAT = "autograd_lite.weights.v1"
_FORMAT_KEY = "__format__"


def _layer_label(layer) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in type(layer).__name__).lstrip("_")


def weight_names(model) -> List[Tuple[str, object]]:
    """Return ``(name, variable)`` for every variable, in ``model.variables`` order.

    A variable held in a list, tuple or dict attribute is named by its path
    (``"blocks.0"``, ``"heads.out.1"``); a sub-layer by its position among the
    layer's tracked sub-layers and its class (``"0.dense."``).

    Examples
    --------
    >>> import autograd_lite as ag
    >>> from autograd_lite.nn.weights_io import weight_names
    >>> model = ag.nn.Sequential([ag.nn.Input((2,)), ag.nn.Dense(1)])
    >>> [name for name, _ in weight_names(model)]
    ['0.dense.kernel', '0.dense.bias']
    """
    prefixes: Dict[int, str] = {id(model): ""}
    named: Dict[int, str] = {}
    stack = [model]
    while stack:
        layer = stack.pop()
        prefix = prefixes[id(layer)]
        for short, variable in layer._named_variables():
            named.setdefault(id(variable), prefix + short)
        for index, sub in enumerate(layer._tracked_layers()):
            if id(sub) not in prefixes:
                prefixes[id(sub)] = f"{prefix}{index}.{_layer_label(sub)}."
                stack.append(sub)
    return [(named[id(v)], v) for v in model.variables]


def save_weights(model, path) -> None:
    """Write every variable of ``model`` to ``path`` (an ``.npz`` archive), atomically.

    Parameters
    ----------
    model : Layer
    path : str or os.PathLike
        Written exactly as given (no suffix is added).

    Raises
    ------
    ValueError
        If the model has no variables yet (call or build it first).
    """
    path = os.fspath(path)
    entries = weight_names(model)
    if not entries:
        raise ValueError(f"save_weights: '{model.name}' has no variables yet; build it "
                         f"(call it on a batch, or model.build(input_shape)) before saving")
    arrays = {name: np.asarray(variable.numpy()) for name, variable in entries}
    arrays[_FORMAT_KEY] = np.array(FORMAT)
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            np.savez(stream, **arrays)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _read_all(path: str) -> Dict[str, np.ndarray]:
    if not os.path.isfile(path):
        raise FileNotFoundError(f"load_weights: no weight file at '{path}'")
    try:
        with np.load(path, allow_pickle=False) as archive:
            return {name: archive[name] for name in archive.files}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError) as error:
        raise ValueError(f"load_weights: '{path}' is not a complete weight file (truncated or "
                         f"corrupt): {error}") from error


def _mismatches(path: str, arrays: Dict[str, np.ndarray], entries) -> List[str]:
    expected = {name: tuple(variable.shape) for name, variable in entries}
    problems = []
    missing = [n for n in expected if n not in arrays]
    extra = [n for n in arrays if n not in expected]
    if missing:
        problems.append(f"missing from the file: {', '.join(missing)}")
    if extra:
        problems.append(f"in the file but not in the model: {', '.join(extra)}")
    for name, shape in expected.items():
        if name in arrays and arrays[name].shape != shape:
            problems.append(f"{name}: the file holds shape {arrays[name].shape}, "
                            f"the model needs {shape}")
    return problems


def load_weights(model, path) -> None:
    """Assign every variable of ``model`` from a file written by :func:`save_weights`.

    Every array's name, the count and every shape are checked before any
    variable is assigned; on any problem the model keeps its weights.

    Parameters
    ----------
    model : Layer
        Built the same way as the model that was saved.
    path : str or os.PathLike

    Raises
    ------
    FileNotFoundError
        If there is no file at ``path``.
    ValueError
        If the file is truncated or corrupt, not a weight file, or its
        arrays do not match the model; the message names the file and what
        did not match.
    """
    path = os.fspath(path)
    arrays = _read_all(path)
    found = arrays.pop(_FORMAT_KEY, None)
    if found is None or str(found) != FORMAT:
        raise ValueError(f"load_weights: '{path}' is not an autograd_lite weight file "
                         f"(no '{FORMAT}' marker)")
    entries = weight_names(model)
    if not entries:
        raise ValueError(f"load_weights: '{model.name}' has no variables yet; build it "
                         f"(call it on a batch, or model.build(input_shape)) before loading "
                         f"'{path}'")
    problems = _mismatches(path, arrays, entries)
    if problems:
        raise ValueError(f"load_weights: '{path}' does not match '{model.name}': "
                         + "; ".join(problems))
    for name, variable in entries:
        variable.assign(arrays[name].astype(variable.dtype))
