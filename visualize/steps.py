"""The backward pass as frames: one graph per backward step, for slides, notebooks and a page.

``backward_steps(target, tape)`` replays ``tape.gradient(target, sources)`` with
:func:`autograd_lite.introspect.explain` and draws the graph once per step: the op whose VJP
runs is highlighted, the edges to its inputs carry what it sends, and every value shows its
gradient as soon as it is known. The frames come as a list (:class:`BackwardSteps`) whose
``save_html("backprop.html")`` writes one self-contained page that steps through them with
Next / Prev buttons and the arrow keys, each frame with its row of the ``explain`` table.
``render_steps(frames, folder)`` writes them as numbered PNGs and, when Pillow is installed,
an animated GIF.

Every frame shares the DOT lines of the ops and values that did not change since the frame
before, so a chain of 1,000 ops gives its 1,000 frames in well under a second (drawing each
frame afresh took minutes).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Union

import graphviz
import numpy as np

from autograd_lite import Record, Tensor
from autograd_lite.graph import ancestry
from autograd_lite.introspect import Explanation, Labels, Step, explain, short
from autograd_lite.introspect.explain import summed_axes

from .render import GraphvizNotFoundError

ACTIVE = {"style": "filled,bold", "fillcolor": "#ffd54f", "color": "#c0392b", "penwidth": "3"}
OP = {"shape": "ellipse", "style": "filled", "fillcolor": "#d6eaf8", "color": "#2e86c1"}
VALUE = {"shape": "box", "style": "rounded,filled", "fillcolor": "#ffffff", "color": "#5d6d7e",
         "fontname": "Helvetica", "fontsize": "10"}
LEAF = {**VALUE, "fillcolor": "#c8ecd0", "color": "#1e8449"}
CONSTANT = {**VALUE, "style": "filled", "fillcolor": "#e8e8e8", "color": "#808080"}
GRADIENT = "#c0392b"
STYLES = {"watched": LEAF, "constant": CONSTANT, "computed": VALUE}
RANKDIRS = ("TB", "LR")
#: A frame is scaled down to fit this many inches (1600 pixels at 96 dpi): a projector's width.
FRAME_INCHES = "16.667,16.667"


class BackwardSteps(list):
    """The frames of :func:`backward_steps` (a list of ``graphviz.Digraph``), with the
    ``explain`` report they were drawn from (``.report``) and :meth:`save_html`."""

    def __init__(self, frames: List[graphviz.Digraph], report: Explanation) -> None:
        super().__init__(frames)
        self.report = report

    def save_html(self, path: Union[str, os.PathLike], title: str = "backpropagation, "
                  "step by step") -> str:
        """Write one self-contained HTML page (no network) stepping through the frames.

        Each frame is the picture (inline SVG) and its row of the ``explain`` table; Next /
        Prev buttons and the arrow keys move between frames, and ``#step-3`` in the address
        opens the third. Returns the path written.

        >>> frames.save_html("backprop.html")                           # doctest: +SKIP
        'backprop.html'
        """
        from .stepper_page import page
        pictures = []
        for frame in self:
            try:
                pictures.append(frame.pipe(format="svg").decode("utf-8"))
            except graphviz.ExecutableNotFound as error:
                raise GraphvizNotFoundError("save_html needs Graphviz's `dot` program; install "
                                            "Graphviz (apt-get install graphviz)") from error
        rows = [self.report.step_rows(step) for step in self.report.steps]
        text = page(title, pictures, list(Explanation.COLUMNS), rows, self.report.results())
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        return str(out)


def backward_steps(target: Tensor, tape: Any, sources: Any = None, rankdir: str = "TB",
                   max_elements: int = 24) -> BackwardSteps:
    """One ``graphviz.Digraph`` per backward step of ``tape.gradient(target, sources)``.

    ``sources`` defaults to every watched value the target depends on. The tape is not used
    up (a non-persistent tape can still answer ``gradient``). In frame ``k`` the op of step
    ``k`` is highlighted (``fillcolor="#ffd54f"``) and its outgoing gradients are drawn red.
    ``rankdir`` lays the graph out top to bottom (``"TB"``) or left to right (``"LR"``);
    values of up to ``max_elements`` elements are written out, a matrix one row per line,
    and a frame is scaled to fit 1600 pixels.

    >>> w = ag.Variable(3.0, name="w")
    >>> with ag.GradientTape() as tape:
    ...     y = ag.sin(w * w)
    >>> frames = visualize.backward_steps(y, tape)
    >>> len(frames), frames.report.steps[0].primitive.name
    (2, 'sin')
    """
    if rankdir not in RANKDIRS:
        raise ValueError(f"backward_steps: rankdir must be one of {RANKDIRS}, got {rankdir!r}")
    records = ancestry(tape.records, {target.id})
    if sources is None:
        sources = _leaves(records, tape)
    report = explain(tape, target, sources, max_elements)
    drawing = _Drawing(records, report._labels, max_elements)
    frames = []
    total = len(report.steps)
    for step in report.steps:
        drawing.learn(step)
        frames.append(drawing.frame(step, total, rankdir))
    return BackwardSteps(frames, report)


def _leaves(records: List[Record], tape: Any) -> List[Tensor]:
    """The watched values the records read but did not compute, in order of first use."""
    outputs = {r.output.id for r in records}
    found: Dict[int, Tensor] = {}
    for _, inputs, _, _ in records:
        for a in inputs:
            if isinstance(a, Tensor) and a.id not in outputs and tape.tracked(a):
                found.setdefault(a.id, a)
    return list(found.values())


class _Drawing:
    """The DOT lines of the whole graph, kept up to date as gradients become known; a frame
    is a copy with the active op and its edges highlighted."""

    def __init__(self, records: List[Record], labels: Labels, most: int) -> None:
        self.labels, self.most = labels, most
        self.grads: Dict[int, np.ndarray] = {}
        self.body: List[str] = []
        self.where: Dict[str, int] = {}   # node or edge name -> its line in body
        self.values: Dict[int, List[str]] = {}   # tensor id -> its node name
        self.op_of: Dict[int, int] = {}   # output id -> position of the op that made it
        self.records = records
        scratch = graphviz.Digraph()
        for k, (primitive, inputs, out, _) in enumerate(records):
            self.op_of[out.id] = k
            self._line(scratch, f"op{k}", lambda g, k=k, p=primitive: g.node(f"op{k}", p.name,
                                                                              **OP))
            for position, a in enumerate(inputs):
                node = _node_id(a, k, position)
                self._draw_value(scratch, node, a)
                self._line(scratch, f"{node}->op{k}",
                           lambda g, node=node, k=k: g.edge(node, f"op{k}"))
            node = _node_id(out, k, -1)
            self._draw_value(scratch, node, out)
            self._line(scratch, f"op{k}->{node}", lambda g, k=k, node=node: g.edge(f"op{k}",
                                                                                 node))

    def _line(self, scratch: graphviz.Digraph, key: str, draw: Any) -> None:
        if key in self.where:
            return
        draw(scratch)
        self.where[key] = len(self.body)
        self.body.append(scratch.body.pop())

    def _draw_value(self, scratch: graphviz.Digraph, node: str, value: Any) -> None:
        if node in self.where:
            return
        if isinstance(value, Tensor):
            self.values.setdefault(value.id, []).append(node)
        self._line(scratch, node, lambda g: g.node(node, self._value_text(value),
                                                   **self._style(value)))

    def _style(self, value: Any) -> dict:
        return STYLES[self.labels.kind(value)] if isinstance(value, Tensor) else CONSTANT

    def _value_text(self, value: Any) -> str:
        if not isinstance(value, Tensor):
            return _lines(value, self.most)
        text = f"{self.labels.of(value)}\n{_lines(value, self.most)}"
        if value.id in self.grads:
            text += f"\ngrad {_lines(self.grads[value.id], self.most)}"
        return text

    def learn(self, step: Step) -> None:
        """Note the gradients this step makes known and redraw those values' lines."""
        changed = [step.output]
        self.grads[step.output.id] = step.upstream
        for send in step.sends:
            self.grads[send.input.id] = send.sent if send.total is None else send.total
            changed.append(send.input)
        scratch = graphviz.Digraph()
        for value in changed:
            for node in self.values.get(value.id, []):
                scratch.node(node, self._value_text(value), **self._style(value))
                self.body[self.where[node]] = scratch.body.pop()

    def frame(self, step: Step, total: int, rankdir: str) -> graphviz.Digraph:
        """A copy of the current lines with this step's op and its sends highlighted."""
        body = list(self.body)
        k = self.op_of[step.output.id]
        primitive, inputs, _, _ = self.records[k]
        scratch = graphviz.Digraph()
        scratch.node(f"op{k}", primitive.name, **dict(OP, **ACTIVE))
        body[self.where[f"op{k}"]] = scratch.body.pop()
        for position, a in enumerate(inputs):
            sent = next((s.sent for s in step.sends if s.input is a), None) \
                if isinstance(a, Tensor) else None
            if sent is None:
                continue
            node = _node_id(a, k, position)
            send = next(s for s in step.sends if s.input is a)
            label = f"sends {_lines(sent, self.most)}" + _summed_note(send.raw_shape, a.shape)
            scratch.edge(node, f"op{k}", dir="back", color=GRADIENT, fontcolor=GRADIENT,
                         penwidth="2.5", label=label)
            body[self.where[f"{node}->op{k}"]] = scratch.body.pop()
        title = f"backward step {step.number}/{total}: {step.primitive.name}"
        return graphviz.Digraph(comment=title, body=body, graph_attr={
            "rankdir": rankdir, "label": title, "labelloc": "t", "fontname": "Helvetica",
            "size": FRAME_INCHES, "nodesep": "0.25", "ranksep": "0.35"},
            edge_attr={"fontname": "Helvetica", "fontsize": "10"})


def _summed_note(raw: tuple, shape: tuple) -> str:
    """Where the VJP's result was summed back to the input's shape: over the batch (axis 0)
    or over other broadcast axes."""
    axes = summed_axes(tuple(raw), tuple(shape))
    if not axes:
        return ""
    if axes[0] == 0 and len(raw) > 1:
        return "\n(summed over the batch)"
    return f"\n(summed over axis {', '.join(map(str, axes))})"


def _lines(value: Any, most: int) -> str:
    """A value for a node: a matrix one row per line, anything else as ``short`` writes it."""
    array = np.asarray(value)
    if array.ndim == 2 and array.shape[0] > 1 and array.shape[1] > 1 and array.size <= most:
        return "\n".join(short(row, most) for row in array)
    return short(array, most)


def _node_id(value: Any, k: int, position: int) -> str:
    """``v<id>`` for a Tensor (shared by every op that reads it), ``c<op>_<arg>`` for a
    number or array given to one op."""
    return f"v{value.id}" if isinstance(value, Tensor) else f"c{k}_{position}"


def render_steps(frames: Sequence[graphviz.Digraph], folder: Union[str, os.PathLike],
                 gif: bool = True, seconds_per_frame: float = 1.2) -> List[str]:
    """Write ``frames`` as ``folder/step_001.png``, ... and, when Pillow is installed and
    ``gif`` is true, ``folder/backward.gif``. Returns the paths written, the GIF last.

    >>> render_steps(visualize.backward_steps(y, tape), "/tmp/steps")  # doctest: +SKIP
    ['/tmp/steps/step_001.png', '/tmp/steps/step_002.png', '/tmp/steps/backward.gif']
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, frame in enumerate(frames, start=1):
        path = out / f"step_{number:03d}.png"
        try:
            path.write_bytes(frame.pipe(format="png"))
        except graphviz.ExecutableNotFound as error:
            raise GraphvizNotFoundError("render_steps needs Graphviz's `dot` program; install "
                                        "Graphviz (apt-get install graphviz)") from error
        paths.append(str(path))
    if gif and paths:
        made = _gif(paths, out / "backward.gif", seconds_per_frame)
        if made:
            paths.append(made)
    return paths


def _gif(pngs: List[str], path: Path, seconds: float) -> Optional[str]:
    """An animated GIF of the PNGs, each padded to the largest size; None without Pillow."""
    try:
        from PIL import Image
    except ImportError:
        return None
    images = [Image.open(p).convert("RGB") for p in pngs]
    width = max(i.width for i in images)
    height = max(i.height for i in images)
    canvases = []
    for image in images:
        canvas = Image.new("RGB", (width, height), "white")
        canvas.paste(image, (0, 0))
        canvases.append(canvas)
    canvases[0].save(path, save_all=True, append_images=canvases[1:],
                     duration=int(seconds * 1000), loop=0)
    return str(path)


__all__ = ["backward_steps", "render_steps", "BackwardSteps"]
