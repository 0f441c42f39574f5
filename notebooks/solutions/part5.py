"""Notebook 5, backpropagation: softsign's VJP, dW3 by the matrix equation."""
import numpy as np

import autograd_lite as ag


def answers():
    # 5.1 d/dx x / (1 + |x|) = 1 / (1 + |x|)^2, written with public ops so it is differentiable.
    def softsign_vjp(upstream, out, x):
        return upstream / ag.square(1.0 + ag.abs(x))

    # 5.2 dW3 = dz3 h2^T, with dz3 = dL/dout * sigma'(z3) and L = (1 - out)^2.
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    h1 = sigmoid(np.array([[1.0, 0.0], [3.0, 2.0], [1.0, 2.0]]) @ np.ones(2) + 2)
    h2 = sigmoid(np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 3.0], [1.0, 2.0, 1.0]]) @ h1 + 1)
    out = sigmoid(np.array([[1.0, 0.0, 1.0]]) @ h2 + 1)
    dz3 = -2 * (1 - out) * out * (1 - out)
    dW3 = np.outer(dz3, h2)
    return {"5.1": softsign_vjp, "5.2": dW3}
