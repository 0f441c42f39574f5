"""Notebook 1, the perceptron: NOR, and the +-1 sum rule for AND / OR."""
import numpy as np


def answers():
    # 1.1 NOR fires only when both inputs are 0: weights -1, -1 and a bias between 0 and 1.
    nor = ([-1.0, -1.0], 0.5)

    # 1.2 Four perceptrons answer +1 or -1. All four are +1 exactly when the sum is 4; at least
    # one is +1 exactly when the sum is more than -4 (all -1 is the only way to get -4).
    def and_rule(outputs):
        return np.sum(outputs) == 4

    def or_rule(outputs):
        return np.sum(outputs) > -4

    return {"1.1": nor, "1.2": (and_rule, or_rule)}
