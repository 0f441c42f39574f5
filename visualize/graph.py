"""``draw_graph``: the forward computational graph a course draws on the board, with numbers.

Ops are ellipses labelled with their name and local derivatives, written with the inputs' own
names and ``%n`` numbers (those of ``print(tape)`` and ``tape.explain``); values are boxes with
their ``%n``, shape, dtype, the numbers (a summary when large) and, beside them in red, the
gradient from the tape's last ``gradient`` call. An input that is broadcast says where its
gradient is summed back ("summed over the batch"); ``group=`` collapses a layer or a loss into
one node. Each kind of value has its own style, and a legend says which.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Set, Union

import graphviz
import numpy as np

from autograd_lite import GradientTape, Tensor, Variable
from autograd_lite.introspect import Labels, named_formula, summed_axes
from autograd_lite.function import Graph
from autograd_lite.tensor import VariableRead

from .groups import Group, find_groups, logits_notes
from .labels import array_shape, changed_params, input_name, op_label, value_label
from .styles import FONT, GRAD_COLOR, KIND_LABELS, NODE_STYLES, TARGET_PENWIDTH, VALUE_KINDS
from .tape_reader import Plan, Run, Step, read_tape
from .values import shape_text

RANKDIRS = ("LR", "TB", "RL", "BT")
#: Tapes up to this many records get their values numbered ``%n`` as ``print(tape)`` does (one
#: pass over every record); a longer tape is drawn collapsed, with names only, to stay fast.
NUMBERED_UP_TO = 20_000


def draw_graph(target: Union[Tensor, Sequence[Tensor], Graph], tape: Optional[GradientTape] = None,
               show_values: bool = True, show_grads: bool = True, rankdir: str = "TB",
               collapse_over: Optional[int] = 30, legend: bool = True,
               group: Optional[Dict[str, Any]] = None) -> graphviz.Digraph:
    """The computational graph that produced ``target``, as a ``graphviz.Digraph``.

    Parameters
    ----------
    target : Tensor or list of Tensors, or an ``ag.function``'s ``step.graph``
        What to draw the graph of; everything it depends on in the tape is drawn (for a
        traced step: its forward ops, back from what it returned).
    tape : GradientTape, optional
        The tape that recorded it. When omitted, the innermost live tape that recorded
        ``target`` is used. A non-persistent tape forgets its records when ``gradient`` is
        called, so to show gradients record with ``persistent=True``.
    show_values, show_grads : bool
        Show the numbers (every number of a tensor of up to 12 elements, else mean / min /
        max), and the gradients of the tape's last ``gradient`` call where known.
    rankdir : "TB" or "LR"
        Top to bottom (the default: a chain of layers stays as wide as a page) or left to
        right.
    collapse_over : int or None
        A chain of more ops than this, each feeding only the next, is drawn as its first and
        last three ops around one node that says how many it stands for (None: never).
    legend : bool
        Add a small legend of the styles used.
    group : dict, optional
        ``{"name": (start, end)}``: the ops on the way from ``start`` (a value or a list of
        values, e.g. a layer's input; ``[]`` for everything before ``end``) to ``end`` (e.g.
        the layer's output, or the loss) drawn as one
        node named ``name``, so a layer or a cross-entropy does not fill the picture; its
        tooltip lists the ops (draw again without ``group`` to expand it).

    The result displays inline in Jupyter; ``visualize.render(graph, "graph.png")`` saves it.

    >>> import autograd_lite as ag
    >>> w = ag.Variable(3.0, name="w")
    >>> with ag.GradientTape(persistent=True) as tape:
    ...     y = w * w
    >>> _ = tape.gradient(y, w)
    >>> "multiply" in draw_graph(y, tape).source
    True
    """
    if rankdir not in RANKDIRS:
        raise ValueError(f"draw_graph: rankdir must be one of {RANKDIRS}, got {rankdir!r}")
    _check_collapse_over(collapse_over)
    if isinstance(target, Graph):  # ag.function's step.graph: its forward ops
        target, tape = target.outputs, target.tape
    plan = read_tape(target, tape, collapse_over)
    grads = getattr(plan.tape, "last_gradients", None) if show_grads else None
    groups = find_groups(plan, group)
    builder = _GraphBuilder(plan, grads or {}, show_values, rankdir, groups)
    return builder.build(legend)


def _check_collapse_over(value: Any) -> None:
    """``collapse_over`` must be None or an int >= 1 (a TypeError / ValueError naming it)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"draw_graph: collapse_over must be an int or None, got "
                        f"{type(value).__name__} {value!r}")
    if value < 1:
        raise ValueError(f"draw_graph: collapse_over must be >= 1 (or None), got {value}")


class _GraphBuilder:
    """Turns a :class:`Plan` into DOT, drawing each value once."""

    def __init__(self, plan: Plan, grads: Dict[int, Any], show_values: bool,
                 rankdir: str, groups: Sequence[Group] = ()) -> None:
        self.plan, self.grads, self.show_values = plan, grads, show_values
        numbered = len(plan.tape.records) <= NUMBERED_UP_TO
        self.labels: Optional[Labels] = Labels(plan.tape) if numbered else None
        self.groups = list(groups)
        self.grouped = {position for g in self.groups for position in g.positions}
        self.target_ids = {t.id for t in plan.targets}
        self.drawn: Set[str] = set()
        self.kinds: List[str] = []
        self.graph = graphviz.Digraph(
            "computational_graph",
            graph_attr={"rankdir": rankdir, "fontname": FONT, "nodesep": "0.2",
                        "ranksep": "0.3", "newrank": "true", "bgcolor": "white", "pad": "0.2"},
            node_attr={"fontname": FONT}, edge_attr={"color": "#566573", "arrowsize": "0.6"})

    def build(self, legend: bool) -> graphviz.Digraph:
        for target in self.plan.targets:
            self.value(target)
        for step in self.plan.steps:
            if step.position not in self.grouped:
                self.step(step)
        for group in self.groups:
            self.group(group)
        for run in self.plan.runs:
            self.run(run)
        for note in logits_notes(self.plan) if self.labels is not None else ():
            self.logits_note(*note)
        if legend:
            self.legend()
        return self.graph

    # --- values ------------------------------------------------------------------------
    def value(self, value: Any, key: Optional[str] = None) -> str:
        """Draw a value node (once) and return its node name."""
        name = key or f"v{value.id}"
        if name in self.drawn:
            return name
        self.drawn.add(name)
        kind = self.plan.kind_of(value)
        self._use(kind)
        title, subtitle = self._titles(value, kind)
        array = _array(value) if self.show_values else None
        grad = self.grads.get(value.id) if isinstance(value, Tensor) else None
        shape = shape_text(np.asarray(value)) if isinstance(value, Tensor) else \
            array_shape(value)
        style = dict(NODE_STYLES[kind])
        if isinstance(value, Tensor) and value.id in self.target_ids:
            style["penwidth"] = TARGET_PENWIDTH
        ref = f"%{self.labels.number(value)}" \
            if isinstance(value, Tensor) and self.labels is not None else ""
        self.graph.node(name, value_label(title, subtitle, array, _maybe_array(grad), shape,
                                          ref), **style)
        return name

    def _titles(self, value: Any, kind: str) -> tuple:
        if isinstance(value, (Variable, VariableRead)):
            watched = kind == "non_trainable" and self.plan.tracked(value)
            return value.name, KIND_LABELS[kind] + (", watched" if watched else "")
        name = getattr(value, "name", None) or ""
        if isinstance(value, Tensor) and value.id in self.target_ids:
            return (name, "target") if name else ("target", "")
        if kind == "intermediate":
            return name, ""  # its %n stands in for a name
        return (name, KIND_LABELS[kind]) if name else (KIND_LABELS[kind], "")

    # --- ops ---------------------------------------------------------------------------
    def step(self, step: Step) -> None:
        """Draw one op, the edges from its inputs and the edge to its output."""
        name = f"op{step.position}"
        many = len(step.inputs) > 1
        formulas = []
        for argnum, value in enumerate(step.inputs):
            arg = self.labels.short(value) if self.labels is not None \
                else input_name(step.primitive, argnum)
            key = None if isinstance(value, Tensor) else f"c{step.position}_{argnum}"
            label = {"label": arg, "fontsize": "8", "fontcolor": "#566573"} if many else {}
            summed = _summed_note(value, step.output) if isinstance(value, Tensor) else ""
            if summed:
                label = {"label": (f"{arg}: " if many else "") + summed, "fontsize": "8",
                         "fontcolor": GRAD_COLOR}
            self.graph.edge(self.value(value, key), name, **label)
            formula = step.primitive.local_formula(argnum)
            if formula and isinstance(value, Tensor) and self.plan.tracked(value):
                if self.labels is not None:
                    formula = named_formula(step.primitive, argnum, step.inputs, self.labels)
                formulas.append(_formula_text(arg, formula))
        self._use("op")
        label = op_label(step.primitive.name, changed_params(step.primitive, step.params),
                         formulas)
        self.graph.node(name, label, ordering="in", **NODE_STYLES["op"])
        self.graph.edge(name, self.value(step.output))

    def group(self, group: Group) -> None:
        """Draw a group: one node for its ops, its outside inputs in, its used outputs out."""
        name = f"group{group.number}"
        self._use("collapsed")
        self.graph.node(name, group.label(), tooltip=group.tooltip(),
                        **NODE_STYLES["collapsed"])
        for value in group.inputs:
            self.graph.edge(self.value(value), name)
        for value in group.outputs:
            self.graph.edge(name, self.value(value))

    def logits_note(self, step: Step, logits: Tensor, kind: str) -> None:
        """A Dense(sigmoid) output whose loss reads the logits: the sigmoid beside the path."""
        name = f"activation{step.position}"
        self._use("op")
        self.graph.node(name, op_label(step.primitive.name, {}, []), style="filled,dashed",
                        **{k: v for k, v in NODE_STYLES["op"].items() if k != "style"})
        self.graph.edge(self.value(logits), name, style="dashed")
        self.graph.edge(name, self.value(step.output), style="dashed")
        self.graph.node(f"note{step.position}", f"the model's {kind} output: the loss reads "
                        f"its logits {self.labels.short(logits)}\n(from_logits, as Keras), so "
                        f"this {kind} is not on the loss's path", shape="note", fontsize="9",
                        fontname=FONT, style="filled", fillcolor="#fef9e7", color="#b7950b")
        self.graph.edge(f"note{step.position}", self.value(step.output), style="dotted",
                        arrowhead="none")

    def run(self, run: Run) -> None:
        """Draw a collapsed run: one node standing for its ops, between its ends' values."""
        name = f"run{run.number}"
        self._use("collapsed")
        self.graph.node(name, _run_label(run), **NODE_STYLES["collapsed"])
        first = run.steps[0]
        for value in first.inputs:
            if isinstance(value, Tensor) and value.id in self.plan.produced:
                self.graph.edge(self.value(value), name)
                break
        for value in run.side_inputs:
            self.graph.edge(self.value(value), name, style="dashed")
        self.graph.edge(name, self.value(run.steps[-1].output))

    # --- legend ------------------------------------------------------------------------
    def _use(self, kind: str) -> None:
        if kind not in self.kinds:
            self.kinds.append(kind)

    def legend(self) -> None:
        """A boxed chain of one sample per style used: a column top to bottom, a row left to
        right (invisible edges keep the order)."""
        order = [k for k in VALUE_KINDS + ("op", "collapsed") if k in self.kinds]
        names = [f"legend_{kind}" for kind in order]
        with self.graph.subgraph(name="cluster_legend") as box:
            box.attr(label="legend", fontsize="10", fontname=FONT, style="rounded,dashed",
                     color="#aaaaaa", fontcolor="#555555", margin="6")
            for kind, name in zip(order, names):
                box.node(name, KIND_LABELS[kind], **{**NODE_STYLES[kind], "fontsize": "9"})
            if self.grads:
                names.append("legend_grad")
                box.node("legend_grad", "red: gradient of the\nlast tape.gradient call",
                         shape="plaintext", fontsize="9", fontcolor=GRAD_COLOR)
            for before, after in zip(names, names[1:]):
                box.edge(before, after, style="invis")


def _formula_text(arg: str, formula: str) -> str:
    """``∂/∂x = 2x`` for a local derivative; a rule written with the upstream gradient (as
    matmul's ``upstream @ bᵀ``) already gives the gradient itself: ``∂L/∂a = upstream @ bᵀ``."""
    return f"∂L/∂{arg} = {formula}" if "upstream" in formula else f"∂/∂{arg} = {formula}"


def _summed_note(value: Tensor, output: Tensor) -> str:
    """"summed over the batch" where the op broadcast this input along the batch axis (so the
    backward pass sums its gradient back), "summed over axis k" for other broadcast axes."""
    axes = summed_axes(tuple(output.shape), tuple(value.shape))
    if not axes or value.size >= output.size:
        return ""
    if axes[0] == 0 and len(output.shape) > 1:
        return "summed over the batch"
    return f"summed over axis {', '.join(map(str, axes))}"


def _run_label(run: Run) -> str:
    ops = ", ".join(f"{name} × {count:,}" for name, count in run.op_counts.most_common(3))
    lines = [f"⋯ {len(run.positions):,} ops collapsed ⋯", ops]
    if len(run.op_counts) > 3:
        lines.append(f"and {len(run.op_counts) - 3} more kinds of op")
    if run.hidden_inputs:
        lines.append(f"{run.hidden_inputs:,} constant inputs not shown")
    return "\n".join(lines)


def _array(value: Any) -> np.ndarray:
    return np.asarray(value)


def _maybe_array(grad: Any) -> Optional[np.ndarray]:
    return None if grad is None else np.asarray(grad)
