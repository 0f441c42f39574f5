"""Notebook 4, loss and gradient descent: the OR neuron's second step, the edge rate."""
import numpy as np


def answers():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([0, 1, 1, 1], dtype=float)

    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    # 4.1 Cost = mean of (1/2)(y - y_hat)^2. dCost/dz = (y_hat - y) y_hat (1 - y_hat) per example;
    # dW averages x * dz, db averages dz. One step from w = [0.1, 0.6], b = 0 with rate 1 first.
    w, b = np.array([0.1, 0.6]), 0.0
    for _ in range(2):
        y_hat = sigmoid(X @ w + b)
        dz = (y_hat - y) * y_hat * (1 - y_hat)
        dW, db = X.T @ dz / len(X), dz.mean()
        w, b = w - dW, b - db

    # 4.2 L(w) = mean((y - w x)^2) has dL/dw = 2 mean(x^2) (w - w*): a step multiplies w - w* by
    # 1 - 2 alpha mean(x^2). It is -1 (bouncing forever) at alpha = 1 / mean(x^2).
    x = np.array([0.2, 0.4, 0.6])
    edge = 1 / np.mean(x ** 2)
    return {"4.1": (dW, db), "4.2": edge}
