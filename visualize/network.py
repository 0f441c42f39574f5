"""``draw_network``: a layered picture of a dense network, its weights as coloured lines.

Neurons sit in columns (input, hidden layers, output); each line is one weight, blue when
positive and orange when negative, thicker the larger it is compared with the largest weight of
its layer. A small ``1`` unit under each column is the bias (an input fixed at 1, as in the
homogeneous coordinates of the perceptron). A layer wider than ``max_neurons`` shows its first
and last neurons around a "⋮ N more" marker, so a 784-16-16-10 network is still a clear picture.
For a small network and one example, the neurons can carry their forward values and backward
deltas and the lines their weights, as a course draws them by hand.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple

import graphviz
import numpy as np

from .styles import (
    FONT,
    GRAD_COLOR,
    MUTED,
    NEGATIVE,
    NEURON_STYLES,
    POSITIVE,
    ZERO_COLOR,
    weight_color,
)
from .values import escape, fmt

COLUMN_GAP = 2.4  # inches between layer columns
ROW_GAP = 0.46  # inches between neurons
NEURON_SIZE = "0.34"
LABELLED_GAPS = (3.4, 1.0)  # column and row gaps when neurons carry numbers
LABELLED_SIZE = "0.86"
LABEL_AT = 0.27  # a weight's number sits this far along its line, from the tail


@dataclass
class DenseView:
    """What the picture needs of one dense layer: weights ``(inputs, units)``, bias, notes."""

    kernel: np.ndarray
    bias: Optional[np.ndarray]
    activation: str
    name: str = ""
    notes: List[str] = field(default_factory=list)
    functions: List[Any] = field(default_factory=list)  # the activations, in order


def draw_network(model: Any, x: Any = None, show_values: bool = False,
                 show_deltas: bool = False, weight_labels: bool = False, y: Any = None,
                 loss: Any = None, max_neurons: int = 10, show_biases: bool = True,
                 title: Optional[str] = None) -> graphviz.Digraph:
    """A picture of a built dense network, as a ``graphviz.Digraph`` (laid out by ``neato``).

    Parameters
    ----------
    model : Sequential, or any object with ``.layers``, or a list of layers
        Layers with a ``kernel`` of shape ``(inputs, units)`` (and ``bias``, ``activation``)
        become columns; ``Activation``, ``Dropout`` and ``BatchNormalization`` layers are noted
        on the column they follow. The model must be built (called once, or fitted).
    x : array-like of shape (features,) or (1, features), optional
        One example, for ``show_values`` and ``show_deltas``.
    show_values : bool
        Write each neuron's forward value for ``x`` on it (the inputs show ``x``).
    show_deltas : bool
        Write each hidden and output neuron's delta, ``dL/dz`` for its weighted sum ``z``, in
        red; needs the target ``y``. The tape computes it.
    weight_labels : bool
        Write each weight's (and bias's) number on its line.
    y : array-like, optional
        The target of ``x``, for the deltas.
    loss : callable ``loss(y_true, y_pred)`` or a loss name, optional
        The loss the deltas differentiate; by default the squared error
        ``sum((y - y_hat)^2)``, as the course's 2-3-3-1 example uses.
    max_neurons : int
        Wider layers show their first and last neurons and a "⋮ N more" marker.
    show_biases : bool
        Draw each layer's bias as a unit fixed at 1 with its own coloured lines.
    title : str, optional
        A caption under the picture.

    >>> import autograd_lite as ag
    >>> model = ag.nn.Sequential([ag.nn.Dense(3, "sigmoid", input_shape=(2,)),
    ...                           ag.nn.Dense(1, "sigmoid")])
    >>> "hidden 1" in draw_network(model).source
    True
    >>> source = draw_network(model, x=[1.0, 1.0], show_values=True, show_deltas=True,
    ...                       y=[1.0], weight_labels=True).source
    >>> "δ" in source and "w[0, 0] = " in source
    True
    """
    layers = dense_layers(model)
    if max_neurons < 4:
        raise ValueError(f"draw_network: max_neurons must be at least 4, got {max_neurons}")
    values, deltas = _numbers(layers, x, y, loss, show_values, show_deltas)
    sizes = [layers[0].kernel.shape[0]] + [layer.kernel.shape[1] for layer in layers]
    shown = [_shown(size, max_neurons) for size in sizes]
    labelled = show_values or show_deltas or weight_labels
    gaps = LABELLED_GAPS if labelled else (COLUMN_GAP, ROW_GAP)
    graph = graphviz.Digraph("network", engine="neato", graph_attr={
        "splines": "false", "outputorder": "edgesfirst", "bgcolor": "white", "pad": "0.3",
        "fontname": FONT}, node_attr={"fontname": FONT}, edge_attr={"dir": "none"})
    top = (max(len(s) for s in shown) - 1) / 2 * gaps[1]
    for column, slots in enumerate(shown):
        _draw_column(graph, column, slots, sizes[column], len(sizes), top, show_biases, gaps,
                     (values[column], deltas[column]) if labelled else None)
        graph.node(f"title{column}", _column_title(column, layers), shape="plaintext",
                   fontsize="10", pos=_pos(column, top + 0.75, gaps))
    for column, layer in enumerate(layers):
        _draw_weights(graph, column, layer, shown[column], shown[column + 1], show_biases,
                      gaps if weight_labels else None)
    graph.node("legend", _legend(show_biases, title, show_values, show_deltas),
               shape="plaintext", pos=_pos((len(sizes) - 1) / 2,
                                           -top - (1.3 if show_biases else 0.8), gaps))
    return graph


def _numbers(layers: List[DenseView], x: Any, y: Any, loss: Any, show_values: bool,
             show_deltas: bool) -> Tuple[list, list]:
    """The values and deltas to write on each column (``None`` where none are asked for)."""
    empty = [None] * (len(layers) + 1)
    if not (show_values or show_deltas):
        return empty, empty
    if x is None:
        raise ValueError("draw_network: show_values and show_deltas need an example: pass x=")
    if show_deltas and y is None:
        raise ValueError("draw_network: show_deltas needs the target of x: pass y=")
    from .neurons import neuron_numbers  # imports autograd_lite only when numbers are asked
    values, deltas = neuron_numbers(layers, x, y if show_deltas else None, loss)
    return (values if show_values else empty), (deltas if show_deltas else empty)


def dense_layers(model: Any) -> List[DenseView]:
    """The dense layers of ``model`` with their weights as arrays, in order.

    >>> class Stub:
    ...     kernel, bias, activation = np.ones((2, 3)), np.zeros(3), "relu"
    >>> [view.activation for view in dense_layers([Stub()])]
    ['relu']
    """
    layers = list(model.layers) if hasattr(model, "layers") else list(model)
    views: List[DenseView] = []
    for layer in layers:
        kernel = getattr(layer, "kernel", None)
        if kernel is None and hasattr(layer, "units"):
            raise ValueError(f"draw_network: layer {_name(layer)!r} is not built yet; call the "
                             f"model on a batch (model(x)) or fit it first")
        if kernel is not None:
            views.append(_view(layer, np.asarray(kernel)))
        elif views:
            _annotate(views[-1], layer)
    if not views:
        raise ValueError("draw_network: the model has no dense layers (layers with a kernel) "
                         "to draw")
    _check_chain(views)
    return views


def _view(layer: Any, kernel: np.ndarray) -> DenseView:
    if kernel.ndim != 2:
        raise ValueError(f"draw_network: layer {_name(layer)!r} has a kernel of shape "
                         f"{kernel.shape}; only 2-d (inputs, units) kernels can be drawn")
    bias = getattr(layer, "bias", None)
    activation = getattr(layer, "activation", None)
    return DenseView(kernel, None if bias is None else np.asarray(bias).reshape(-1),
                     activation_name(activation), _name(layer), functions=[activation])


def _annotate(view: DenseView, layer: Any) -> None:
    """Fold an Activation, Dropout or normalisation layer into the column before it."""
    activation = getattr(layer, "activation", None)
    if activation is not None:
        name = activation_name(activation)
        view.activation = name if view.activation == "linear" else f"{view.activation}, {name}"
        view.functions.append(activation)
    elif hasattr(layer, "rate"):
        view.notes.append(f"dropout {float(layer.rate):g}")
    elif hasattr(layer, "moving_mean"):
        view.notes.append("batch norm")
    elif type(layer).__name__ not in ("Flatten", "InputLayer"):
        view.notes.append(type(layer).__name__)


def _check_chain(views: List[DenseView]) -> None:
    for before, after in zip(views, views[1:]):
        if before.kernel.shape[1] != after.kernel.shape[0]:
            raise ValueError(f"draw_network: layer {after.name!r} takes "
                             f"{after.kernel.shape[0]} inputs but {before.name!r} gives "
                             f"{before.kernel.shape[1]}; only a chain of dense layers is drawn")


def activation_name(activation: Any) -> str:
    """``"relu"`` from ``"relu"``, ``ag.relu`` or ``None`` (``"linear"``).

    >>> activation_name(None), activation_name(np.tanh)
    ('linear', 'tanh')
    """
    if activation is None:
        return "linear"
    if isinstance(activation, str):
        return activation
    return getattr(activation, "__name__", type(activation).__name__)


def _name(layer: Any) -> str:
    return str(getattr(layer, "name", type(layer).__name__))


def _shown(size: int, most: int) -> List[Optional[int]]:
    """The neuron indices to draw, with ``None`` where the "more" marker goes."""
    if size <= most:
        return list(range(size))
    head = most - 3
    return list(range(head)) + [None] + list(range(size - 2, size))


def _pos(column: float, y: float, gaps: Tuple[float, float] = (COLUMN_GAP, ROW_GAP)) -> str:
    return f"{column * gaps[0]:.3f},{y:.3f}!"


def _slot_y(slot: int, count: int, row_gap: float = ROW_GAP) -> float:
    return ((count - 1) / 2 - slot) * row_gap


def _role(column: int, columns: int) -> str:
    return "input" if column == 0 else "output" if column == columns - 1 else "hidden"


def _draw_column(graph: graphviz.Digraph, column: int, slots: List[Optional[int]], size: int,
                 columns: int, top: float, show_biases: bool,
                 gaps: Tuple[float, float] = (COLUMN_GAP, ROW_GAP),
                 numbers: Optional[tuple] = None) -> None:
    role = _role(column, columns)
    for slot, index in enumerate(slots):
        pos = _pos(column, _slot_y(slot, len(slots), gaps[1]), gaps)
        if index is None:
            graph.node(f"more{column}", f"⋮\n{size - len(slots) + 1:,} more", shape="box",
                       style="filled", color="white", fillcolor="white", margin="0.02,0.01",
                       width="0.1", height="0.1", fontsize="9", fontcolor=MUTED, pos=pos)
            continue
        label = {"input": f"x{index}", "output": f"y{index}"}.get(role, "")
        width = NEURON_SIZE
        if numbers is not None:
            label, width = _neuron_label(label, index, *numbers), LABELLED_SIZE
        graph.node(f"n{column}_{index}", label, shape="circle", style="filled", fixedsize="true",
                   width=width, fontsize="8", pos=pos, **NEURON_STYLES[role])
    if show_biases and column < columns - 1:
        graph.node(f"bias{column}", "1", shape="circle", style="filled", fixedsize="true",
                   width="0.26", fontsize="8", pos=_pos(column, -top - 0.55, gaps),
                   **NEURON_STYLES["bias"])


def _neuron_label(name: str, index: int, values: Optional[np.ndarray],
                  deltas: Optional[np.ndarray]) -> str:
    """The neuron's name, its value and (in red) its delta, one line each."""
    lines = [escape(name)] if name else []
    if values is not None:
        lines.append(f"<B>{escape(fmt(values[index]))}</B>")
    if deltas is not None:
        lines.append(f'<FONT COLOR="{GRAD_COLOR}">δ {escape(fmt(deltas[index]))}</FONT>')
    return "<" + "<BR/>".join(lines) + ">"


def _column_title(column: int, layers: List[DenseView]) -> str:
    if column == 0:
        lines = ["input", f"{layers[0].kernel.shape[0]:,} features"]
    else:
        layer = layers[column - 1]
        role = "output" if column == len(layers) else f"hidden {column}"
        units = layer.kernel.shape[1]
        lines = [role, f"{units:,} unit{'s' if units != 1 else ''} · {layer.activation}"] \
            + layer.notes
    return "<" + "<BR/>".join([f"<B>{escape(lines[0])}</B>"] + [escape(x) for x in lines[1:]]) \
        + ">"


def _draw_weights(graph: graphviz.Digraph, column: int, layer: DenseView,
                  sources: List[Optional[int]], targets: List[Optional[int]],
                  show_biases: bool, label_gaps: Optional[Tuple[float, float]] = None) -> None:
    """One line per shown weight (and bias), coloured by sign, as wide as its magnitude; with
    ``label_gaps`` (the layout's gaps) each line also carries its number."""
    scale = _largest(layer, show_biases)
    for slot_j, j in enumerate(targets):
        if j is None:
            continue
        head = f"n{column + 1}_{j}"
        for slot_i, i in enumerate(sources):
            if i is None:
                continue
            weight = float(layer.kernel[i, j])
            _weight_edge(graph, f"n{column}_{i}", head, weight, scale, f"w[{i}, {j}]")
            if label_gaps is not None:
                tail_y = _slot_y(slot_i, len(sources), label_gaps[1])
                head_y = _slot_y(slot_j, len(targets), label_gaps[1])
                _weight_label(graph, f"w{column}_{i}_{j}", weight, f"w[{i}, {j}]",
                              column, tail_y, head_y, label_gaps)
        if show_biases and layer.bias is not None:
            _weight_edge(graph, f"bias{column}", head, float(layer.bias[j]), scale, f"b[{j}]",
                         bias=True)
            if label_gaps is not None:
                top = (max(len(sources), len(targets)) - 1) / 2 * label_gaps[1]
                _weight_label(graph, f"b{column}_{j}", float(layer.bias[j]), f"b[{j}]", column,
                              -top - 0.55, _slot_y(slot_j, len(targets), label_gaps[1]),
                              label_gaps)


def _weight_label(graph: graphviz.Digraph, name: str, weight: float, what: str, column: int,
                  tail_y: float, head_y: float, gaps: Tuple[float, float]) -> None:
    """A weight's number on its line, a little way from the tail so labels do not collide."""
    y = tail_y + LABEL_AT * (head_y - tail_y)
    graph.node(name, fmt(weight), shape="plaintext", fontsize="8", width="0", height="0",
               margin="0.01", style="filled", fillcolor="#ffffffd0",
               fontcolor=(NEGATIVE if weight < 0 else POSITIVE), tooltip=f"{what} = {fmt(weight)}",
               pos=_pos(column + LABEL_AT, y, gaps))


def _largest(layer: DenseView, with_bias: bool) -> float:
    largest = float(np.max(np.abs(layer.kernel))) if layer.kernel.size else 0.0
    if with_bias and layer.bias is not None and layer.bias.size:
        largest = max(largest, float(np.max(np.abs(layer.bias))))
    return largest or 1.0


def _weight_edge(graph: graphviz.Digraph, tail: str, head: str, weight: float, scale: float,
                 what: str, bias: bool = False) -> None:
    """A line for one weight; an exact zero is a faint dotted line (no sign, no strength)."""
    tooltip = f"{what} = {fmt(weight)}"
    if weight == 0:
        graph.edge(tail, head, color=ZERO_COLOR, penwidth="0.6", style="dotted",
                   tooltip=tooltip)
        return
    width = (0.3 + 2.7 * min(abs(weight) / scale, 1.0)) * (0.6 if bias else 1.0)
    graph.edge(tail, head, color=weight_color(weight), penwidth=f"{width:.2f}",
               style="dashed" if bias else "solid", tooltip=tooltip)


def _legend(show_biases: bool, title: Optional[str], show_values: bool = False,
            show_deltas: bool = False) -> str:
    def swatch(color: str) -> str:
        return f'<TD BGCOLOR="{color}" WIDTH="22" HEIGHT="4" FIXEDSIZE="TRUE"></TD>'

    cells = [swatch(POSITIVE), '<TD ALIGN="LEFT"> positive weight   </TD>',
             swatch(NEGATIVE), '<TD ALIGN="LEFT"> negative weight   </TD>',
             "<TD>line width: |weight| / largest |weight| of its layer</TD>"]
    rows = ["<TR>" + "".join(cells) + "</TR>"]
    if show_biases:
        rows.append('<TR><TD COLSPAN="5">1 = bias unit (an input fixed at 1): dashed lines '
                    'are the biases; dotted grey lines are weights of exactly 0</TD></TR>')
    if show_values or show_deltas:
        said = [text for flag, text in ((show_values, "<B>bold</B>: the neuron's value for x"),
                                        (show_deltas, f'<FONT COLOR="{GRAD_COLOR}">δ</FONT>: '
                                         "dLoss/dz, z the neuron's weighted sum"))
                if flag]
        rows.append(f'<TR><TD COLSPAN="5">{"; ".join(said)}</TD></TR>')
    if title:
        rows.append(f'<TR><TD COLSPAN="5"><B>{escape(title)}</B></TD></TR>')
    return ('<<FONT POINT-SIZE="9"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2">'
            + "".join(rows) + "</TABLE></FONT>>")
