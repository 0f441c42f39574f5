"""Whole-model files: ``model.save("m.keras")`` and ``ag.nn.load_model("m.keras")``.

A ``.keras`` file here is a zip archive of

- ``metadata.json``: the format name and version;
- ``config.json``: the architecture (each layer's class and config; for a functional model
  also which layer call feeds which), the compile settings and the optimizer's config;
- ``model.weights.npz``: the variables, written by :mod:`.weights_io` (its names and checks);
- ``optimizer.npz``: the optimizer's step count and slot arrays (momenta, moments).

Nothing is pickled: arrays are read with ``allow_pickle=False`` and classes are looked up by
name among this package's layers and those registered with :func:`register_keras_serializable`
(or passed as ``custom_objects``), never imported from a name in the file. Loading checks the
archive, the metadata, every class name and the arrays before it builds anything, and the
weights again against the built model before returning it; a bad or foreign file is a
``ValueError`` naming the file and the problem. Saving writes a temporary file beside the
target and renames it over the target.

Examples
--------
>>> import os, tempfile
>>> import autograd_lite as ag
>>> model = ag.nn.Sequential([ag.nn.Input((3,)), ag.nn.Dense(2)])
>>> model.compile("adam", "mse")
>>> path = os.path.join(tempfile.mkdtemp(), "m.keras")
>>> model.save(path)
>>> again = ag.nn.load_model(path)
>>> bool((again.predict(ag.ones((1, 3))) == model.predict(ag.ones((1, 3)))).all())
True
"""
from __future__ import annotations

import inspect
import io
import json
import os
import tempfile
import zipfile
from typing import Any, Callable, Dict, List, Optional

import numpy as np

from . import weights_io
from .archives import atomic_file

__all__ = ["save_model", "load_model", "register_keras_serializable", "register_serializable",
           "get_registered_object", "FORMAT", "VERSION"]

FORMAT = "autograd_lite.keras"
VERSION = 1

_REGISTRY: Dict[str, type] = {}
_BASE_KEYS = ("name", "trainable", "dtype")


def register_keras_serializable(package: str = "Custom", name: Optional[str] = None
                                ) -> Callable[[type], type]:
    """Register a class (a layer, a model, a loss...) so :func:`load_model` can rebuild it.

    The file stores ``"package>name"``; loading looks it up here. The class rebuilds from
    ``get_config()`` with ``from_config(config)`` (by default ``cls(**config)``).

    >>> @ag.nn.saving.register_keras_serializable(package="Docs")
    ... class Doubling(ag.nn.Layer):
    ...     def call(self, x):
    ...         return 2 * x
    >>> ag.nn.saving.get_registered_object("Docs>Doubling") is Doubling
    True
    """
    def decorate(cls: type) -> type:
        key = f"{package}>{name or cls.__name__}"
        if key in _REGISTRY and _REGISTRY[key] is not cls and \
                _REGISTRY[key].__qualname__ != cls.__qualname__:
            raise ValueError(f"register_keras_serializable: {key!r} is already registered "
                             f"for {_REGISTRY[key].__qualname__}")
        _REGISTRY[key] = cls
        cls._registered_name = key
        return cls
    return decorate


register_serializable = register_keras_serializable


def get_registered_object(name: str) -> Optional[type]:
    """The class registered under ``"package>name"``, or None."""
    return _REGISTRY.get(name)


def _builtins() -> Dict[str, type]:
    """This package's classes that a file may name, by class name."""
    from . import (activation_layers, functional_model, initializers, layers, losses, metrics,
                   optimizers, regularizers, schedules, sequential)
    found: Dict[str, type] = {}
    for module in (layers, activation_layers, functional_model, sequential, initializers,
                   regularizers, losses, metrics, optimizers, schedules):
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__ and \
                    not inspect.isabstract(value):
                found.setdefault(value.__name__, value)
    return found


def _class_name(obj: Any) -> str:
    registered = type(obj).__dict__.get("_registered_name")
    return registered or type(obj).__name__


# --- configs ---------------------------------------------------------------------------
def _json_value(value: Any, where: str) -> Any:
    """``value`` as JSON data: numbers, strings, lists, dicts; objects as class + config."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float, np.integer, np.floating)):
        return value.item() if isinstance(value, np.generic) else value
    if isinstance(value, np.dtype):
        return value.name
    if isinstance(value, (list, tuple)):
        return [_json_value(v, where) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: _json_value(v, where) for k, v in value.items()}
    if not callable(value) or hasattr(value, "__dict__") and not inspect.isfunction(value):
        config = value.get_config() if hasattr(value, "get_config") else object_config(
            value, where)
        return {"class_name": _class_name(value), "config": _json_value(config, where)}
    raise ValueError(f"save: {where} is {value!r}, which cannot be written as JSON; use a "
                     f"name or an object with a config")


def object_config(obj: Any, where: str) -> dict:
    """The arguments that rebuild ``obj``: each ``__init__`` parameter read back from the
    attribute of the same name (parameters without one keep their defaults)."""
    config = {}
    for parameter in inspect.signature(type(obj).__init__).parameters.values():
        if parameter.name == "self" or parameter.kind in (
                inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            continue
        if parameter.name in ("learning_rate",) and hasattr(obj, "_learning_rate"):
            value = obj._learning_rate  # the schedule itself, not its current value
        elif hasattr(obj, parameter.name):
            value = getattr(obj, parameter.name)
        elif parameter.default is inspect.Parameter.empty:
            raise ValueError(f"save: {where}: cannot read back the argument "
                             f"{parameter.name!r} of {type(obj).__name__} (no attribute of "
                             f"that name); give the class a get_config()")
        else:
            continue
        if parameter.name == "activation" and callable(value):
            value = _activation_name(value, f"{where} argument 'activation'")
        config[parameter.name] = _json_value(value, f"{where} argument {parameter.name!r}")
    return config


def _activation_name(fn: Callable, where: str) -> str:
    from . import activations
    name = activations.name_of(fn)
    if name != "linear" and (name not in activations.NAMES or activations.get(name) is not fn):
        raise ValueError(f"save: {where} is the function {name!r}, not a named activation; "
                         f"use one of {', '.join(activations.NAMES)}")
    return name


def default_layer_config(layer: Any) -> dict:
    """A layer's config from its ``__init__`` arguments (Keras's ``get_config`` default):
    ``name``, ``trainable`` and ``dtype`` where ``__init__`` accepts them, then each
    argument read back from the attribute of the same name."""
    parameters = inspect.signature(type(layer).__init__).parameters
    open_kwargs = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    config = {key: value for key, value in (("name", layer.name), ("trainable", layer.trainable),
                                            ("dtype", layer.dtype.name))
              if open_kwargs or key in parameters}
    config.update(object_config(layer, f"layer {layer.name!r}"))
    for key in ("input_shape", "input_dim"):
        config.pop(key, None)
    return config


def layer_config(layer: Any) -> dict:
    """``{"class_name", "config"}`` of one layer (a model's config for a nested model)."""
    from .functional_model import Functional
    from .sequential import Sequential
    if isinstance(layer, Sequential) and type(layer) is Sequential:
        config = sequential_config(layer)
    elif isinstance(layer, Functional) and type(layer) is Functional:
        config = functional_config(layer)
    else:
        config = _json_value(layer.get_config(), f"layer {layer.name!r}")
        shape = layer.__dict__.get("_build_input_shape")
        if shape is not None:
            return {"class_name": _class_name(layer), "config": config,
                    "build_input_shape": list(shape)}
    return {"class_name": _class_name(layer), "config": config}


def sequential_config(model: Any) -> dict:
    shape = model._build_shape
    first = model._input_layer
    return {"name": model.name, "trainable": model.trainable,
            "layers": [layer_config(layer) for layer in model._sublayers],
            "input": None if first is None else {"shape": list(first.shape),
                                                 "dtype": first.dtype.name,
                                                 "name": first.name},
            "build_input_shape": None if shape is None else list(shape)}


def functional_config(model: Any) -> dict:
    """A functional graph as data: layers in order, each call's inputs as
    ``[layer name, call index, output index]``, and the model's inputs and outputs."""
    from .symbolic import flatten
    calls: Dict[str, int] = {}
    where: Dict[int, list] = {}
    for tensor in model._flat_inputs:
        where[id(tensor)] = [tensor.node.layer.name, 0, 0]
    layers: List[dict] = [{"class_name": "InputLayer", "name": t.node.layer.name,
                           "config": {"shape": list(t.shape[1:]), "dtype": t.dtype.name,
                                      "name": t.node.layer.name}} for t in model._flat_inputs]
    entries: Dict[str, dict] = {}
    nodes = []
    for node in model._nodes:
        layer = node.layer
        if layer.name not in entries:
            entries[layer.name] = {"name": layer.name, **layer_config(layer)}
            layers.append(entries[layer.name])
        index = calls.get(layer.name, 0)
        calls[layer.name] = index + 1
        nodes.append({"layer": layer.name,
                      "inputs": _refs(node.inputs, where)})
        for position, tensor in enumerate(flatten(node.outputs)):
            where[id(tensor)] = [layer.name, index, position]
    return {"name": model.name, "trainable": model.trainable, "layers": layers,
            "nodes": nodes, "inputs": _refs(model._input_structure, where),
            "outputs": _refs(model._output_structure, where)}


def _refs(structure: Any, where: Dict[int, list]) -> Any:
    if isinstance(structure, dict):
        return {"dict": {k: _refs(v, where) for k, v in structure.items()}}
    if isinstance(structure, (list, tuple)):
        return {"list": [_refs(v, where) for v in structure]}
    return where[id(structure)]


# --- saving --------------------------------------------------------------------------------
def save_model(model: Any, path: Any) -> None:
    """Write ``model`` (architecture, weights, compile settings, optimizer state) to a
    ``.keras`` zip archive at ``path``, atomically. See the module docstring."""
    path = os.fspath(path)
    if not path.endswith(".keras"):
        raise ValueError(f"save: the file name must end in .keras, received {path!r} (for "
                         f"weights alone use model.save_weights)")
    if not model.built or not model.variables:
        raise ValueError(f"save: '{model.name}' is not built yet; call it on a batch, build "
                         f"it or fit it first")
    config = {"model": layer_config(model), "compile": _compile_config(model),
              "optimizer": None}
    optimizer = getattr(model, "optimizer", None)
    arrays: Dict[str, np.ndarray] = {}
    if optimizer is not None:
        config["optimizer"] = {"class_name": _class_name(optimizer),
                               "config": object_config(optimizer, "the optimizer")}
        arrays = _optimizer_arrays(model, optimizer)
    metadata = {"format": FORMAT, "version": VERSION, "autograd_lite_version": _version()}
    with tempfile.TemporaryDirectory() as scratch:
        weights = os.path.join(scratch, "model.weights.npz")
        weights_io.save_weights(model, weights)
        with atomic_file(path) as stream:  # (its mode, stale temporaries: see archives)
            with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("metadata.json", json.dumps(metadata, indent=1))
                archive.writestr("config.json", json.dumps(config, indent=1))
                archive.write(weights, "model.weights.npz")
                buffer = io.BytesIO()
                np.savez(buffer, **arrays)
                archive.writestr("optimizer.npz", buffer.getvalue())


def _version() -> str:
    import autograd_lite
    return autograd_lite.__version__


def _compile_config(model: Any) -> Optional[dict]:
    given = model.__dict__.get("_compile_arguments")
    if given is None or getattr(model, "loss", None) is None:
        return None
    loss, metrics = given
    try:
        return {"loss": _json_value(loss if isinstance(loss, (str, list, dict)) else model.loss,
                                    "the loss"),
                "metrics": _json_value(metrics if isinstance(metrics, dict) else list(
                    metrics or []), "the metrics"),
                "loss_weights": _json_value(getattr(model.loss, "given_weights", None),
                                            "the loss weights")}
    except ValueError:
        return None  # a loss function of the user's: the model loads uncompiled, as in Keras


def _optimizer_arrays(model: Any, optimizer: Any) -> Dict[str, np.ndarray]:
    arrays = {"iterations": np.asarray(int(optimizer.iterations), np.int64)}
    for name, variable in weights_io.weight_names(model):
        entry = optimizer._slots.get(id(variable))
        if entry is not None and entry[0] is variable:
            for key, value in entry[1].items():
                arrays[f"{name}/{key}"] = np.array(value, copy=True)
    return arrays


# --- loading -------------------------------------------------------------------------------
def load_model(path: Any, custom_objects: Optional[Dict[str, Any]] = None,
               compile: bool = True) -> Any:
    """Rebuild a model written by ``model.save(path)``: architecture, weights, and (with
    ``compile=True``) its compile settings and optimizer state, so training continues where
    it stopped.

    Raises ``FileNotFoundError`` when there is no file, and ``ValueError`` naming the file and
    the problem for anything else (not a zip, not written by autograd_lite, a newer format
    version, an unknown class, arrays that do not match), before returning anything.
    """
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"load_model: no file at '{path}'")
    members = _read_archive(path)
    config = _checked_config(path, members)
    classes = dict(_builtins())
    classes.update(_REGISTRY)
    classes.update(custom_objects or {})
    _check_classes(path, config, classes)
    weights = _npz(path, members["model.weights.npz"], "model.weights.npz")
    if str(weights.get("__format__", "")) != weights_io.FORMAT:
        raise ValueError(f"load_model: '{path}': model.weights.npz has no "
                         f"'{weights_io.FORMAT}' marker")
    slots = _npz(path, members.get("optimizer.npz", b""), "optimizer.npz") \
        if "optimizer.npz" in members else {}
    try:
        model = _build_layer(config["model"], classes)
    except (TypeError, ValueError, KeyError) as error:
        raise ValueError(f"load_model: '{path}': the architecture in config.json cannot be "
                         f"built: {error}") from error
    _assign_weights(path, model, members["model.weights.npz"])
    if compile and config.get("optimizer") is not None:
        optimizer = _build_object(config["optimizer"], classes)
        _restore_slots(path, model, optimizer, slots)
        compiled = config.get("compile")
        if compiled is not None:
            model.compile(optimizer=optimizer, loss=_loss(compiled["loss"], classes),
                          metrics=_loss(compiled.get("metrics") or [], classes),
                          loss_weights=compiled.get("loss_weights"))
        else:
            model.optimizer = optimizer
    return model


def _read_archive(path: str) -> Dict[str, bytes]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise ValueError(f"load_model: '{path}' is not a .keras model file (not a complete zip "
                         f"archive: {error})") from error
    if "metadata.json" not in members:
        raise ValueError(f"load_model: '{path}' is a zip archive but not a saved model (no "
                         f"metadata.json)")
    return members


def _checked_config(path: str, members: Dict[str, bytes]) -> dict:
    try:
        metadata = json.loads(members["metadata.json"])
    except ValueError as error:
        raise ValueError(f"load_model: '{path}': metadata.json is not valid JSON: "
                         f"{error}") from error
    if not isinstance(metadata, dict) or metadata.get("format") != FORMAT:
        origin = metadata.get("keras_version") if isinstance(metadata, dict) else None
        detail = f"it was written by Keras {origin} (HDF5 weights), " if origin else ""
        raise ValueError(f"load_model: '{path}' is not an autograd_lite model file: {detail}"
                         f"its metadata has no format {FORMAT!r}")
    version = metadata.get("version")
    if not isinstance(version, int) or version > VERSION or version < 1:
        raise ValueError(f"load_model: '{path}' has format version {version!r}; this "
                         f"autograd_lite reads version {VERSION} (written by autograd_lite "
                         f"{metadata.get('autograd_lite_version', '?')})")
    for needed in ("config.json", "model.weights.npz"):
        if needed not in members:
            raise ValueError(f"load_model: '{path}' lacks {needed}")
    try:
        config = json.loads(members["config.json"])
    except ValueError as error:
        raise ValueError(f"load_model: '{path}': config.json is not valid JSON: "
                         f"{error}") from error
    if not isinstance(config, dict) or not isinstance(config.get("model"), dict):
        raise ValueError(f"load_model: '{path}': config.json has no model architecture")
    return config


def _check_classes(path: str, config: dict, classes: Dict[str, Any]) -> None:
    """Every ``class_name`` in the config is one we know (no object is built yet)."""
    pending: List[Any] = [config]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            name = item.get("class_name")
            if isinstance(name, str) and name not in classes:
                raise ValueError(
                    f"load_model: '{path}' needs the class {name!r}, which is not known: "
                    f"register it with @ag.nn.saving.register_keras_serializable() or pass "
                    f"custom_objects={{{name!r}: TheClass}}")
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)


def _npz(path: str, data: bytes, member: str) -> Dict[str, np.ndarray]:
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            return {name: archive[name] for name in archive.files}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError) as error:
        raise ValueError(f"load_model: '{path}': {member} is not a complete NumPy archive "
                         f"of plain arrays: {error}") from error


def _build_object(entry: Any, classes: Dict[str, Any]) -> Any:
    """An object (initializer, regularizer, loss, schedule, optimizer) from its entry."""
    cls = classes[entry["class_name"]]
    config = {k: _build_object(v, classes) if isinstance(v, dict) and "class_name" in v else v
              for k, v in entry["config"].items()}
    return cls.from_config(config) if hasattr(cls, "from_config") else cls(**config)


def _build_layer(entry: dict, classes: Dict[str, Any]) -> Any:
    from .functional_model import Functional
    from .sequential import Sequential
    cls = classes[entry["class_name"]]
    config = entry["config"]
    if cls is Sequential:
        return _build_sequential(config, classes)
    if cls is Functional:
        return _build_functional(config, classes)
    config = {k: _build_object(v, classes) if isinstance(v, dict) and "class_name" in v else v
              for k, v in config.items()}
    layer = cls.from_config(config)
    shape = entry.get("build_input_shape")
    if shape is not None and not layer.built:
        layer.build(tuple(shape))
    return layer


def _build_sequential(config: dict, classes: Dict[str, Any]) -> Any:
    from .layers import Input
    from .sequential import Sequential
    model = Sequential(name=config["name"], trainable=config.get("trainable", True))
    if config.get("input") is not None:
        given = config["input"]
        model.add(Input(shape=tuple(given["shape"]), dtype=given["dtype"], name=given["name"]))
    for layer in config["layers"]:
        model.add(_build_layer(layer, classes))
    shape = config.get("build_input_shape")
    if shape is not None and not model.built:
        model.build(tuple(shape))
    return model


def _build_functional(config: dict, classes: Dict[str, Any]) -> Any:
    from .functional_model import Functional
    from .layers import Input
    from .symbolic import flatten
    layers: Dict[str, Any] = {}
    outputs: Dict[tuple, Any] = {}
    calls: Dict[str, int] = {}
    for entry in config["layers"]:
        if entry["class_name"] == "InputLayer":
            given = entry["config"]
            tensor = Input(shape=tuple(given["shape"]), dtype=given["dtype"], name=given["name"])
            outputs[(entry["name"], 0, 0)] = tensor
        else:
            layers[entry["name"]] = _build_layer(entry, classes)
    for node in config["nodes"]:
        layer = layers[node["layer"]]
        index = calls.get(node["layer"], 0)
        calls[node["layer"]] = index + 1
        result = layer(_unrefs(node["inputs"], outputs))
        for position, tensor in enumerate(flatten(result)):
            outputs[(node["layer"], index, position)] = tensor
    return Functional(inputs=_unrefs(config["inputs"], outputs),
                      outputs=_unrefs(config["outputs"], outputs), name=config["name"],
                      trainable=config.get("trainable", True))


def _unrefs(refs: Any, outputs: Dict[tuple, Any]) -> Any:
    if isinstance(refs, dict) and "dict" in refs:
        return {k: _unrefs(v, outputs) for k, v in refs["dict"].items()}
    if isinstance(refs, dict) and "list" in refs:
        return [_unrefs(v, outputs) for v in refs["list"]]
    return outputs[tuple(refs)]


def _assign_weights(path: str, model: Any, data: bytes) -> None:
    """weights_io's checks and assignment, on the archive's weight file."""
    with tempfile.TemporaryDirectory() as scratch:
        weights = os.path.join(scratch, "model.weights.npz")
        with open(weights, "wb") as stream:
            stream.write(data)
        try:
            weights_io.load_weights(model, weights)
        except ValueError as error:
            message = str(error).replace(f"'{weights}'", "its model.weights.npz")
            raise ValueError(f"load_model: '{path}': {message}") from error


def _restore_slots(path: str, model: Any, optimizer: Any, arrays: Dict[str, np.ndarray]) -> None:
    entries = dict(weights_io.weight_names(model))
    restored: Dict[int, tuple] = {}
    for key, value in arrays.items():
        if key == "iterations":
            continue
        name, _, slot = key.rpartition("/")
        variable = entries.get(name)
        if variable is None or value.shape != tuple(variable.shape):
            raise ValueError(f"load_model: '{path}': optimizer.npz holds {key!r} of shape "
                             f"{value.shape}, which matches no variable of the model")
        restored.setdefault(id(variable), (variable, {}))[1][slot] = value.copy()
    optimizer.iterations.assign(np.int64(arrays.get("iterations", 0)))
    for variable, slots in restored.values():
        optimizer._slots_for(variable).update(slots)


def _loss(entry: Any, classes: Dict[str, Any]) -> Any:
    """A loss or metric: a name as it is, an object rebuilt (lists and dicts of them too)."""
    if isinstance(entry, dict) and "class_name" in entry:
        return _build_object(entry, classes)
    if isinstance(entry, dict):
        return {k: _loss(v, classes) for k, v in entry.items()}
    if isinstance(entry, list):
        return [_loss(v, classes) for v in entry]
    return entry
