"""Pictures for autograd_lite: computational graphs with values and gradients, networks, and
training curves.

- ``draw_graph(target, tape)``: the graph of ops that produced ``target``, with values and the
  gradients of the tape's last ``gradient`` call (a ``graphviz.Digraph``; shows in Jupyter).
- ``render(graph_or_target, "graph.png")``: write a PNG or SVG.
- ``draw_network(model, x=None, show_values=False, show_deltas=False, weight_labels=False)``:
  neurons in layers, weights as lines coloured by sign; for one example, each neuron's value and
  delta and each line's weight.
- ``plot_weights(layer, shape=(28, 28))``: a first layer's weights, one image per unit.
- ``plot_history(history)``, ``plot_decision_boundary(model, X, y)``: matplotlib figures.
- ``backward_steps(target, tape)``, ``render_steps(frames, folder)``: the backward pass as frames.

>>> import visualize
>>> sorted(visualize.__all__)[:3]
['GraphvizNotFoundError', 'backward_steps', 'draw_graph']
"""
from .graph import draw_graph
from .network import draw_network
from .plots import plot_decision_boundary, plot_history, plot_weights
from .render import GraphvizNotFoundError, render
from .steps import backward_steps, render_steps

__all__ = ["draw_graph", "render", "draw_network", "plot_history", "plot_decision_boundary",
           "plot_weights",
           "backward_steps", "render_steps", "GraphvizNotFoundError"]
