"""The backward pass as frames: one graph per backward step, for slides and notebooks.

``backward_steps(target, tape)`` replays ``tape.gradient(target, sources)`` with
:func:`autograd_lite.introspect.walk` and draws the graph once per step: the op whose VJP runs
is highlighted, the edges to its inputs carry what it sends, and every value shows its gradient
as soon as it is known. ``render_steps(frames, folder)`` writes them as numbered PNGs and, when
Pillow is installed, an animated GIF.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Union

import graphviz
import numpy as np

from autograd_lite import Record, Tensor
from autograd_lite.graph import ancestry
from autograd_lite.introspect import Labels, Step, short, walk

from .render import GraphvizNotFoundError

ACTIVE = {"style": "filled,bold", "fillcolor": "#ffd54f", "color": "#c0392b", "penwidth": "3"}
OP = {"shape": "ellipse", "style": "filled", "fillcolor": "#d6eaf8", "color": "#2e86c1"}
VALUE = {"shape": "box", "style": "rounded,filled", "fillcolor": "#ffffff", "color": "#5d6d7e",
         "fontname": "Helvetica", "fontsize": "10"}
LEAF = {**VALUE, "fillcolor": "#c8ecd0", "color": "#1e8449"}
CONSTANT = {**VALUE, "style": "filled", "fillcolor": "#e8e8e8", "color": "#808080"}
GRADIENT = "#c0392b"
STYLES = {"watched": LEAF, "constant": CONSTANT, "computed": VALUE}


def backward_steps(target: Tensor, tape: Any, sources: Any = None) -> List[graphviz.Digraph]:
    """One ``graphviz.Digraph`` per backward step of ``tape.gradient(target, sources)``.

    ``sources`` defaults to every watched value the target depends on. The tape is not used
    up (a non-persistent tape can still answer ``gradient``). In frame ``k`` the op of step
    ``k`` is highlighted (``fillcolor="#ffd54f"``) and its outgoing gradients are drawn red.

    >>> w = ag.Variable(3.0, name="w")
    >>> with ag.GradientTape() as tape:
    ...     y = ag.sin(w * w)
    >>> frames = visualize.backward_steps(y, tape)
    >>> len(frames)
    2
    """
    records = ancestry(tape.records, {target.id})
    if sources is None:
        sources = _leaves(records, tape)
    steps = walk(tape, target, sources)
    labels = Labels(tape)
    grads: Dict[int, np.ndarray] = {}
    frames = []
    for step in steps:
        grads[step.output.id] = step.upstream
        for send in step.sends:
            grads[send.input.id] = send.sent if send.total is None else send.total
        frames.append(_frame(records, labels, grads, step, len(steps)))
    return frames


def _leaves(records: List[Record], tape: Any) -> List[Tensor]:
    """The watched values the records read but did not compute, in order of first use."""
    outputs = {r.output.id for r in records}
    found: Dict[int, Tensor] = {}
    for _, inputs, _, _ in records:
        for a in inputs:
            if isinstance(a, Tensor) and a.id not in outputs and tape.tracked(a):
                found.setdefault(a.id, a)
    return list(found.values())


def _frame(records: List[Record], labels: Labels, grads: Dict[int, np.ndarray], step: Step,
           total: int) -> graphviz.Digraph:
    graph = graphviz.Digraph(comment=f"backward step {step.number} of {total}: "
                                     f"{step.primitive.name}")
    graph.attr(rankdir="LR", label=f"backward step {step.number}/{total}: "
                                   f"{step.primitive.name}", labelloc="t", fontname="Helvetica")
    graph.attr("edge", fontname="Helvetica", fontsize="10")
    drawn: set = set()
    for k, (primitive, inputs, out, _) in enumerate(records):
        active = out.id == step.output.id
        graph.node(f"op{k}", primitive.name, **(dict(OP, **ACTIVE) if active else OP))
        for position, a in enumerate(inputs):
            node = _node_id(a, k, position)
            _value_node(graph, node, a, labels, grads, drawn)
            _edge(graph, node, a, k, step if active else None)
        _value_node(graph, _node_id(out, k, -1), out, labels, grads, drawn)
        graph.edge(f"op{k}", _node_id(out, k, -1))
    return graph


def _node_id(value: Any, k: int, position: int) -> str:
    """``v<id>`` for a Tensor (shared by every op that reads it), ``c<op>_<arg>`` for a
    number or array given to one op."""
    return f"v{value.id}" if isinstance(value, Tensor) else f"c{k}_{position}"


def _value_node(graph: graphviz.Digraph, node: str, value: Any, labels: Labels,
                grads: Dict[int, np.ndarray], drawn: set) -> None:
    if node in drawn:
        return
    drawn.add(node)
    if not isinstance(value, Tensor):
        graph.node(node, short(value), **CONSTANT)
        return
    lines = [labels.of(value), short(value)]
    if value.id in grads:
        lines.append(f"grad {short(grads[value.id])}")
    graph.node(node, "\n".join(lines), **STYLES[labels.kind(value)])


def _edge(graph: graphviz.Digraph, node: str, value: Any, k: int, step: Optional[Step]) -> None:
    sent = None
    if step is not None and isinstance(value, Tensor):
        sent = next((s.sent for s in step.sends if s.input is value), None)
    if sent is None:
        graph.edge(node, f"op{k}")
        return
    graph.edge(node, f"op{k}", dir="back", color=GRADIENT, fontcolor=GRADIENT,
               penwidth="2.5", label=f"sends {short(sent)}")


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


__all__ = ["backward_steps", "render_steps"]
