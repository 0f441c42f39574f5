"""Weight files: every variable of a model in one NumPy ``.npz`` archive.

Each array is stored under a name built from the layer's position and class
and the variable's short name (``"0.dense.kernel"``), so a model built the
same way in another session loads it, whatever its layers happen to be
called. Saving writes a temporary file beside the target, then renames it
over the target, so a crash never leaves a partial file in its place.
Loading checks every array (names, shapes, dtypes) and reads them all before
it assigns any, reading no more data than the model's variables hold.

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
from typing import Dict, List, Tuple

import numpy as np

from .archives import REAL_KINDS, ArchiveError, describe_mismatch, open_archive, write_atomically

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

    The file appears whole or not at all; a new file gets mode 0644 less the umask, an
    existing one keeps its mode; temporary files left by a save that was killed midway are
    removed by the next save to the same path.

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
    write_atomically(path, arrays)


def _name_problems(names: List[str], entries) -> List[str]:
    expected = [name for name, _ in entries]
    present = set(names)
    missing = [n for n in expected if n not in present]
    extra = [n for n in names if n not in set(expected)]
    problems = []
    if missing:
        problems.append(f"missing from the file: {', '.join(missing)}")
    if extra:
        problems.append(f"in the file but not in the model: {', '.join(extra)}")
    return problems


def _has_marker(archive, names: List[str]) -> bool:
    """Does the archive hold the format marker? Its header is checked first, so a crafted
    marker cannot make us read more than the marker's few bytes."""
    if _FORMAT_KEY not in names:
        return False
    shape, dtype = archive.header(_FORMAT_KEY)
    if shape != () or dtype.kind != "U" or dtype.itemsize > 4 * 2 * len(FORMAT):
        return False
    return str(archive.read(_FORMAT_KEY, (), "U")) == FORMAT


def _checked_arrays(archive, path: str, model, entries) -> Dict[str, np.ndarray]:
    """Every array the model needs, read and checked (names, then each header's dtype and
    shape, then exactly that much data); nothing else in the file is decompressed."""
    names = archive.names()
    if not _has_marker(archive, names):
        raise ArchiveError(f"load_weights: '{path}' is not an autograd_lite weight file "
                         f"(no '{FORMAT}' marker)")
    names.remove(_FORMAT_KEY)
    problems = _name_problems(names, entries)
    for name, variable in entries:  # every header first, so the message lists them all
        if name in archive.members:
            shape, dtype = archive.header(name)
            problem = describe_mismatch(name, shape, dtype, tuple(variable.shape), REAL_KINDS)
            if problem:
                problems.append(problem)
    if problems:
        raise ArchiveError(f"load_weights: '{path}' does not match '{model.name}': "
                         + "; ".join(problems))
    return {name: archive.read(name, tuple(variable.shape)) for name, variable in entries}


def load_weights(model, path) -> None:
    """Assign every variable of ``model`` from a file written by :func:`save_weights`.

    Every array's name, shape and dtype (bool, integer or real floating: not strings,
    objects, datetimes, complex or structured) are checked, and every array is read, before
    any variable is assigned; on any problem the model keeps its weights. Arrays are read
    only up to the size the model expects, and arrays the model has no variable for are never
    decompressed.

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
    entries = weight_names(model)
    with open_archive(path, "load_weights") as archive:
        if not entries:
            raise ArchiveError(f"load_weights: '{model.name}' has no variables yet; build it "
                             f"(call it on a batch, or model.build(input_shape)) before "
                             f"loading '{path}'")
        arrays = _checked_arrays(archive, path, model, entries)
    for name, variable in entries:
        variable.assign(arrays[name].astype(variable.dtype))
