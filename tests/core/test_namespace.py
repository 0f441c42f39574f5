"""Top-level names Keras and TF users reach for: ``ag.metrics`` beside ``ag.losses``."""
import numpy as np

import autograd_lite as ag


def test_metrics_is_reachable_at_the_top_level():
    from autograd_lite.nn import metrics
    assert ag.metrics is metrics and ag.metrics is ag.nn.metrics
    assert "metrics" in ag.__all__ and "metrics" in dir(ag)
    accuracy = ag.metrics.SparseCategoricalAccuracy()
    accuracy.update_state(np.array([0, 1, 1]), np.array([[0.9, 0.1], [0.2, 0.8], [0.7, 0.3]]))
    assert accuracy.result() == 2 / 3


def test_new_ops_are_public_names():
    for name in ["mod", "floor_divide", "floormod", "floordiv", "erf", "gelu", "selu",
                 "hard_sigmoid", "silu", "exponential"]:
        assert name in ag.__all__ and callable(getattr(ag, name)), name
