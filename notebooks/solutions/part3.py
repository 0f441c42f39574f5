"""Notebook 3, feedforward: a 2 x 2 pixel counter neuron, the 2-3-3-1 net at x = (0, 1)."""
import numpy as np


def answers():
    # 3.1 Weights 1 on every pixel and bias -2.5: the sum minus 2.5 is positive for 3 or 4 on.
    at_least_three = ([1.0, 1.0, 1.0, 1.0], -2.5)

    # 3.2 The course's network, by hand.
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    x = np.array([0.0, 1.0])
    h1 = sigmoid(np.array([[1.0, 0.0], [3.0, 2.0], [1.0, 2.0]]) @ x + 2)
    h2 = sigmoid(np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 3.0], [1.0, 2.0, 1.0]]) @ h1 + 1)
    output = float(sigmoid(np.array([1.0, 0.0, 1.0]) @ h2 + 1))
    return {"3.1": at_least_three, "3.2": output}
