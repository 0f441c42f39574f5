"""Training curves, decision regions and first-layer weights as images, drawn with matplotlib.

Both functions build a ``matplotlib.figure.Figure`` directly (no pyplot), so they need no
display, leave no figures open, and a notebook shows the returned figure inline.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

PathLike = Union[str, os.PathLike]
CLASS_COLORS = ("#1f6fb4", "#e8710a", "#2ca02c", "#9467bd", "#d62728", "#8c564b", "#e377c2",
                "#7f7f7f", "#bcbd22", "#17becf")


def plot_history(history: Any, path: Optional[PathLike] = None,
                 title: Optional[str] = None) -> Figure:
    """Loss and each metric per epoch, training solid and validation dashed, one panel each.

    ``history`` is what ``fit`` returns (its ``.history`` dict is read) or such a dict of
    per-epoch lists: ``{"loss": [...], "accuracy": [...], "val_loss": [...]}``. The figure is
    saved to ``path`` (PNG, SVG or PDF by suffix) when given.

    >>> fig = plot_history({"loss": [0.9, 0.5, 0.3], "val_loss": [1.0, 0.6, 0.5]})
    >>> [ax.get_title() for ax in fig.axes]
    ['loss']
    """
    curves = _curves(history)
    names = [k for k in curves if not k.startswith("val_")]
    names += [k[4:] for k in curves if k.startswith("val_") and k[4:] not in names]
    fig = Figure(figsize=(4.6 * len(names), 3.4), layout="constrained")
    for ax, name in zip(fig.subplots(1, len(names), squeeze=False)[0], names):
        _panel(ax, name, curves.get(name), curves.get("val_" + name))
    if title:
        fig.suptitle(title)
    return _save(fig, path)


def _curves(history: Any) -> Dict[str, List[float]]:
    data = getattr(history, "history", history)
    if not isinstance(data, dict):
        raise TypeError(f"plot_history: expected a History (from fit) or a dict of per-epoch "
                        f"lists, got {type(history).__name__}")
    curves = {str(k): [float(v) for v in np.ravel(values)] for k, values in data.items()}
    curves = {k: v for k, v in curves.items() if v}
    if not curves:
        raise ValueError("plot_history: the history is empty (train for at least one epoch)")
    return curves


def _panel(ax: Any, name: str, train: Optional[List[float]], val: Optional[List[float]]) -> None:
    for values, label, style in ((train, "training", "-"), (val, "validation", "--")):
        if values:
            epochs = np.arange(1, len(values) + 1)
            ax.plot(epochs, values, style, marker="o", markersize=3, label=label)
    ax.set_title(name)
    ax.set_xlabel("epoch")
    ax.set_ylabel(name)
    ax.grid(True, alpha=0.3)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend()


def plot_decision_boundary(model_or_fn: Any, X: Any, y: Any, path: Optional[PathLike] = None,
                           resolution: int = 200, title: Optional[str] = None) -> Figure:
    """Regions a classifier gives each point of the plane, with the data on top (2-D inputs).

    ``model_or_fn`` is a model with ``predict`` (or callable on a batch), or any function of an
    ``(n, 2)`` array. Its output is read as: one column of probabilities (threshold 0.5), one
    column of scores (threshold 0, as for a sign perceptron), class labels, or one column per
    class (the largest wins). Saved to ``path`` when given.

    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    >>> fig = plot_decision_boundary(lambda p: (p.sum(axis=1) > 1.5) * 1.0, X, [0, 0, 0, 1])
    >>> len(fig.axes)
    1
    """
    X = np.asarray(X, dtype=np.float64)
    labels = _labels(y, len(X) if X.ndim else 0)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"plot_decision_boundary: X must have shape (n, 2), got {X.shape}")
    xx, yy = _grid(X, resolution)
    points = np.column_stack([xx.ravel(), yy.ravel()]).astype(np.float32)
    output = np.asarray(_predictor(model_or_fn)(points), dtype=np.float64)
    classes = np.unique(labels)
    regions, probability = _regions(output, classes, len(points))
    fig = Figure(figsize=(5.2, 4.4), layout="constrained")
    ax = fig.subplots()
    _draw_regions(ax, xx, yy, regions.reshape(xx.shape), probability, classes)
    _draw_points(ax, X, labels, classes)
    ax.set_title(title or "decision regions")
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    return _save(fig, path)


def plot_weights(layer: Any, shape: Tuple[int, ...] = (28, 28), max_units: int = 16,
                 columns: int = 8, path: Optional[PathLike] = None,
                 title: Optional[str] = None) -> Figure:
    """Each unit's incoming weights drawn as an image of the input's shape.

    A first-layer neuron of an image classifier weighs every pixel, so its weights make a
    picture: blue where a bright pixel raises its weighted sum, orange where it lowers it,
    white for no effect (one colour scale per unit, symmetric about 0).

    Parameters
    ----------
    layer : a built Dense layer (anything with a ``kernel``), a Variable or an array
        Weights of shape ``(inputs, units)``, with ``inputs`` the number of pixels.
    shape : tuple of int
        The image shape the inputs came from (``(28, 28)`` for MNIST, ``(8, 8)`` for digits).
    max_units : int
        Draw at most this many units (the first ones).
    columns : int
        Images per row.
    path : str or Path, optional
        Save the figure there (PNG, SVG or PDF by suffix).
    title : str, optional

    >>> fig = plot_weights(np.arange(12.0).reshape(4, 3) - 5, shape=(2, 2))
    >>> [ax.get_title() for ax in fig.axes]
    ['unit 0', 'unit 1', 'unit 2']
    """
    kernel = getattr(layer, "kernel", layer)
    kernel = np.asarray(kernel.numpy() if hasattr(kernel, "numpy") else kernel, dtype=np.float64)
    pixels = int(np.prod(shape))
    if len(shape) not in (1, 2):
        raise ValueError(f"plot_weights: shape must be (height, width) or (width,), got "
                         f"{tuple(shape)}")
    if kernel.ndim != 2 or kernel.shape[0] != pixels:
        raise ValueError(f"plot_weights: weights of shape {kernel.shape} do not hold images of "
                         f"shape {tuple(shape)} ({pixels} inputs per unit); pass the first "
                         f"layer and the shape of its input images")
    if max_units < 1 or columns < 1:
        raise ValueError(f"plot_weights: max_units and columns must be at least 1, got "
                         f"{max_units} and {columns}")
    units = min(kernel.shape[1], max_units)
    rows = -(-units // columns)
    width = min(units, columns)
    fig = Figure(figsize=(1.15 * width + 0.3, 1.25 * rows + (0.4 if title else 0.1)),
                 layout="constrained")
    axes = fig.subplots(rows, width, squeeze=False).ravel()
    cmap = ListedColormap(_blend(CLASS_COLORS[1], "#ffffff", 32)[:-1]
                          + _blend("#ffffff", CLASS_COLORS[0], 32))
    for unit, ax in enumerate(axes):
        if unit >= units:
            fig.delaxes(ax)
            continue
        image = kernel[:, unit].reshape(shape if len(shape) == 2 else (1, -1))
        limit = float(np.max(np.abs(image))) or 1.0
        ax.imshow(image, cmap=cmap, vmin=-limit, vmax=limit)
        ax.set_title(f"unit {unit}", fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
    if title:
        fig.suptitle(title)
    return _save(fig, path)


def _labels(y: Any, count: int) -> np.ndarray:
    labels = np.asarray(y)
    if labels.ndim == 2 and labels.shape[1] > 1:  # one-hot rows
        labels = labels.argmax(axis=1)
    labels = labels.reshape(-1)
    if len(labels) != count:
        raise ValueError(f"plot_decision_boundary: {len(labels)} labels for {count} points")
    return labels


def _grid(X: np.ndarray, resolution: int) -> tuple:
    low, high = X.min(axis=0), X.max(axis=0)
    margin = np.maximum((high - low) * 0.15, 0.5)
    axes = [np.linspace(low[i] - margin[i], high[i] + margin[i], resolution) for i in (0, 1)]
    return np.meshgrid(*axes)


def _predictor(model_or_fn: Any) -> Callable[[np.ndarray], Any]:
    predict = getattr(model_or_fn, "predict", None)
    if callable(predict):
        return predict
    if callable(model_or_fn):
        return model_or_fn
    raise TypeError(f"plot_decision_boundary: expected a model with predict() or a function, "
                    f"got {type(model_or_fn).__name__}")


def _regions(output: np.ndarray, classes: np.ndarray, count: int) -> tuple:
    """Class index per grid point (into ``classes``), and P(last class) for one-column
    probability outputs (else ``None``)."""
    if output.ndim == 2 and output.shape[1] > 1:
        return np.clip(output.argmax(axis=1), 0, len(classes) - 1), None
    scores = output.reshape(-1)
    if scores.size != count:
        raise ValueError(f"plot_decision_boundary: the model gave {scores.size} outputs for "
                         f"{count} points")
    if np.isin(scores, classes).all():
        return np.searchsorted(classes, scores), None
    probability = 0.0 <= scores.min() and scores.max() <= 1.0
    above = scores > (0.5 if probability else 0.0)
    return np.where(above, len(classes) - 1, 0), scores if probability else None


def _draw_regions(ax: Any, xx: np.ndarray, yy: np.ndarray, regions: np.ndarray,
                  probability: Optional[np.ndarray], classes: np.ndarray) -> None:
    colors = [CLASS_COLORS[i % len(CLASS_COLORS)] for i in range(len(classes))]
    if probability is not None and len(classes) == 2:
        cmap = ListedColormap(_blend(colors[0], colors[1], 64))
        filled = ax.contourf(xx, yy, probability.reshape(xx.shape),
                             levels=np.linspace(0, 1, 11), cmap=cmap, alpha=0.35)
        ax.figure.colorbar(filled, ax=ax, label=f"P(class {_label_text(classes[1])})",
                           shrink=0.8)
        ax.contour(xx, yy, probability.reshape(xx.shape), levels=[0.5], colors="#333333",
                   linewidths=1.2)
        return
    ax.contourf(xx, yy, regions, levels=np.arange(len(classes) + 1) - 0.5,
                cmap=ListedColormap(colors), alpha=0.25)
    if len(classes) > 1:
        ax.contour(xx, yy, regions, levels=np.arange(len(classes) - 1) + 0.5,
                   colors="#333333", linewidths=1.0)


def _blend(first: str, second: str, steps: int) -> List[tuple]:
    a, b = (np.array([int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)]) for c in (first, second))
    return [tuple(a + (b - a) * t) for t in np.linspace(0, 1, steps)]


def _draw_points(ax: Any, X: np.ndarray, labels: np.ndarray, classes: np.ndarray) -> None:
    for i, label in enumerate(classes):
        chosen = labels == label
        ax.scatter(X[chosen, 0], X[chosen, 1], s=22, color=CLASS_COLORS[i % len(CLASS_COLORS)],
                   edgecolors="black", linewidths=0.5, label=f"class {_label_text(label)}")
    ax.legend(loc="best", fontsize=8, framealpha=0.8)


def _label_text(label: Any) -> str:
    """``1`` for a label stored as ``1.0``; other labels as they are."""
    value = label.item() if hasattr(label, "item") else label
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _save(fig: Figure, path: Optional[PathLike]) -> Figure:
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=110)
    return fig
