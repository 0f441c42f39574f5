"""The main job, run by ``make demo``: differentiate the seed network, train, and draw.

    python -m visualize.demo --out demo_output
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import List, Tuple

import numpy as np

import autograd_lite as ag
import visualize
from autograd_lite.nn.examples import train_digits, train_fashion_mnist

SEED_X = [[1.0], [1.0]]
SEED_LAYERS = [
    ([[1.0, 0.0], [3.0, 2.0], [1.0, 2.0]], 2.0),
    ([[1.0, 0.0, 1.0], [0.0, 1.0, 3.0], [1.0, 2.0, 1.0]], 1.0),
    ([[1.0, 0.0, 1.0]], 1.0),
]


def seed_network() -> Tuple[ag.Tensor, ag.Tensor, ag.GradientTape, List[ag.Variable]]:
    """The course's 2-3-3-1 sigmoid network on x = [1, 1] with target 1, recorded on a tape.

    Returns the output, the squared error, the (persistent) tape and the Variables.
    """
    x = ag.constant(SEED_X, name="x")
    variables = []
    for i, (weights, bias) in enumerate(SEED_LAYERS, start=1):
        variables += [ag.Variable(weights, name=f"W{i}"), ag.Variable(bias, name=f"b{i}")]
    with ag.GradientTape(persistent=True) as tape:
        h = x
        for weights, bias in zip(variables[::2], variables[1::2]):
            h = ag.sigmoid(ag.matmul(weights, h) + bias)
        error = ag.sum(ag.square(1.0 - h))
    return h, error, tape, variables


def show_seed_network() -> Tuple[ag.Tensor, ag.GradientTape]:
    """Print the seed network's output, error and every gradient."""
    output, error, tape, variables = seed_network()
    gradients = tape.gradient(error, variables)
    print("The 2-3-3-1 sigmoid network of the course, x = [1, 1], target 1")
    print(f"  output       {float(output):.5f}")
    print(f"  squared error {float(error):.5f}")
    for variable, gradient in zip(variables, gradients):
        values = np.array2string(gradient.numpy(), formatter={"float_kind": "{:.3e}".format})
        print(f"  d error / d {variable.name:<3} = {values.replace(chr(10), ' ')}")
    return error, tape


def draw_pictures(out: Path, error: ag.Tensor, tape: ag.GradientTape, model, history,
                  accuracy: float) -> List[str]:
    """Write the seed graph, its backprop stepper page, the trained network and its training
    curves into ``out``."""
    title = f"digits 64-64-10, test accuracy {accuracy:.1%}"
    curves = out / "digits_history.png"
    visualize.plot_history(history, curves, title="digits: loss and accuracy per epoch")
    return [
        visualize.render(visualize.draw_graph(error, tape), out / "seed_graph.png"),
        write_stepper(error, tape, out / "backprop.html"),
        visualize.render(visualize.draw_network(model, title=title), out / "digits_network.png"),
        str(curves),
    ]


def write_stepper(error: ag.Tensor, tape: ag.GradientTape, path: Path) -> str:
    """The backprop stepper page for the seed network: one frame per backward step, with
    Next / Prev and the arrow keys (open it in a browser; it needs no network)."""
    return visualize.backward_steps(error, tape).save_html(
        path, title="the course's 2-3-3-1 network: backpropagation step by step")


def show_fashion_mnist(epochs: int) -> None:
    """Train the course's 784-16-16-10 sigmoid net and a 784-128-10 relu net on Fashion-MNIST."""
    for hidden, activation in (((16, 16), "sigmoid"), ((128,), "relu")):
        shape = "-".join(str(n) for n in (784, *hidden, 10))
        print(f"\nTraining {shape} {activation} with Adam on Fashion-MNIST, {epochs} epochs")
        try:
            _, _, accuracy = train_fashion_mnist(hidden, activation, epochs=epochs, verbose=2)
        except FileNotFoundError as error:
            print(f"  skipped: {error}")
            return
        print(f"{shape} {activation}: test accuracy {accuracy:.2%}")


def main(argv: List[str] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="demo_output", help="folder for the pictures")
    parser.add_argument("--epochs", type=int, default=20, help="epochs of digits training")
    parser.add_argument("--fashion-epochs", type=int, default=5,
                        help="epochs on Fashion-MNIST (0 skips it)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    error, tape = show_seed_network()
    print("\nTraining Dense(64, relu) + Dense(10, softmax) with Adam on scikit-learn's digits")
    model, history, accuracy = train_digits(epochs=args.epochs, verbose=1)
    print(f"test accuracy: {accuracy:.2%}")
    if args.fashion_epochs:
        show_fashion_mnist(args.fashion_epochs)
    print("\nPictures:")
    for path in draw_pictures(out, error, tape, model, history, accuracy):
        print(f"  {path}")


if __name__ == "__main__":
    main()
