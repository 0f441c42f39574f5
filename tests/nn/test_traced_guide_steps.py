"""Keras's "training loop from scratch" guide puts the loss and the metric update inside a
``@tf.function`` step; with ``ag.function`` the sparse loss read the labels' values (a
TracingError) and so did ``metric.update_state``. Now the plan checks each call's labels and
adds each call's batch to the metric."""
import numpy as np
import pytest

import autograd_lite as ag

LOGITS = np.array([[2.0, 0.0, 0.0], [0.0, 3.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]],
                  np.float32)


def test_sparse_loss_and_accuracy_inside_a_traced_step():
    loss_fn = ag.losses.SparseCategoricalCrossentropy(from_logits=True)
    accuracy = ag.metrics.SparseCategoricalAccuracy()

    @ag.function
    def step(logits, labels):
        loss = loss_fn(labels, logits)
        accuracy.update_state(labels, logits)
        return loss

    batches = [np.array([0, 1, 2, 0]), np.array([1, 1, 1, 1]), np.array([2, 0, 2, 0])]
    for labels in batches:  # the first call traces, the others replay the plan
        got = float(step(ag.constant(LOGITS), ag.constant(labels)))
        # by hand: the mean of logsumexp(row) - row[label]
        rows = np.log(np.exp(LOGITS.astype(np.float64)).sum(axis=1))
        assert got == pytest.approx(np.mean(rows - LOGITS[np.arange(4), labels]), rel=1e-6)
    # the argmaxes are [0, 1, 2, 0]: 4, 1 and 2 right of 4 -> 7 / 12
    assert float(accuracy.result()) == pytest.approx(7 / 12)
    with pytest.raises(ValueError, match=r"sparse labels must lie in \[0, 3\)"):
        step(ag.constant(LOGITS), ag.constant(np.array([0, 1, 5, 0])))  # checked on replay


def test_metric_outside_a_trace_is_unchanged():
    accuracy = ag.metrics.SparseCategoricalAccuracy()
    accuracy.update_state([0, 1, 1, 0], LOGITS)
    assert float(accuracy.result()) == pytest.approx(0.75)  # rows 0, 1 and 3 right
