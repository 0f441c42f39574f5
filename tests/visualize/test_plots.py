"""plot_history and plot_decision_boundary: figures with the right curves and regions."""
from types import SimpleNamespace

import numpy as np
import pytest
from matplotlib.figure import Figure

import autograd_lite as ag
import visualize
from visualize.plots import _regions

HISTORY = {"loss": [0.9, 0.6, 0.4], "accuracy": [0.5, 0.7, 0.8],
           "val_loss": [1.0, 0.7, 0.6], "val_accuracy": [0.4, 0.6, 0.7]}


def test_history_has_a_panel_per_metric_with_training_and_validation(tmp_path):
    fig = visualize.plot_history(SimpleNamespace(history=HISTORY), tmp_path / "h" / "h.png")
    assert isinstance(fig, Figure)
    assert [ax.get_title() for ax in fig.axes] == ["loss", "accuracy"]
    for ax, name in zip(fig.axes, ("loss", "accuracy")):
        lines = {line.get_label(): line for line in ax.get_lines()}
        assert set(lines) == {"training", "validation"}
        assert list(lines["training"].get_ydata()) == HISTORY[name]
        assert list(lines["validation"].get_ydata()) == HISTORY["val_" + name]
        assert list(lines["training"].get_xdata()) == [1, 2, 3]
    assert (tmp_path / "h" / "h.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_history_without_validation_and_bad_histories():
    fig = visualize.plot_history({"loss": [3.0, 2.0]})
    assert [line.get_label() for line in fig.axes[0].get_lines()] == ["training"]
    with pytest.raises(ValueError, match="empty"):
        visualize.plot_history({"loss": []})
    with pytest.raises(TypeError, match="History"):
        visualize.plot_history([1.0, 2.0])


def test_model_outputs_are_read_as_probabilities_scores_labels_or_classes():
    two = np.array([0, 1])
    regions, probability = _regions(np.array([[0.2], [0.7]]), two, 2)
    assert list(regions) == [0, 1] and probability is not None
    regions, probability = _regions(np.array([-3.0, 2.0]), np.array([-1, 1]), 2)
    assert list(regions) == [0, 1] and probability is None
    regions, _ = _regions(np.array([1, -1, 1]), np.array([-1, 1]), 3)
    assert list(regions) == [1, 0, 1]
    regions, _ = _regions(np.array([[0.1, 0.7, 0.2], [0.8, 0.1, 0.1]]), np.arange(3), 2)
    assert list(regions) == [1, 0]


def test_an_and_perceptron_splits_the_square(tmp_path):
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([0, 0, 0, 1])
    and_gate = lambda p: (p @ np.array([1.0, 1.0]) - 1.5 > 0).astype(float)  # noqa: E731
    fig = visualize.plot_decision_boundary(and_gate, X, y, tmp_path / "and.png", title="AND")
    ax = fig.axes[0]
    assert ax.get_title() == "AND"
    scattered = {c.get_label(): len(c.get_offsets()) for c in ax.collections
                 if c.get_label().startswith("class")}
    assert scattered == {"class 0": 3, "class 1": 1}
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1"]
    assert (tmp_path / "and.png").stat().st_size > 5_000


def test_decision_boundary_checks_its_inputs():
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        visualize.plot_decision_boundary(lambda p: p[:, 0], np.zeros((4, 3)), [0, 1, 0, 1])
    with pytest.raises(ValueError, match="labels"):
        visualize.plot_decision_boundary(lambda p: p[:, 0], np.zeros((4, 2)), [0, 1])
    with pytest.raises(TypeError, match="predict"):
        visualize.plot_decision_boundary(3, np.zeros((2, 2)), [0, 1])


def test_a_trained_model_on_circles(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2)).astype(np.float32)
    y = (np.hypot(X[:, 0], X[:, 1]) < 1).astype(np.float32).reshape(-1, 1)
    model = ag.nn.Sequential([ag.nn.Dense(8, "tanh", input_shape=(2,)),
                              ag.nn.Dense(1, "sigmoid")])
    model.compile(ag.optimizers.Adam(0.05), "binary_crossentropy", metrics=["accuracy"])
    history = model.fit(X, y, epochs=40, batch_size=32, verbose=0, validation_data=(X, y))
    fig = visualize.plot_history(history, tmp_path / "history.png")
    assert [ax.get_title() for ax in fig.axes] == ["loss", "accuracy"]
    fig = visualize.plot_decision_boundary(model, X, y, tmp_path / "circles.png")
    assert "P(class 1)" in [ax.get_ylabel() for ax in fig.axes]
    assert history.history["accuracy"][-1] > 0.8


def test_plot_weights_draws_each_units_weights_as_an_image(tmp_path):
    layer = ag.nn.Dense(5)
    layer.build((None, 12))
    kernel = np.arange(60.0).reshape(12, 5) - 30.0
    layer.kernel.assign(kernel.astype(np.float32))
    fig = visualize.plot_weights(layer, shape=(3, 4), max_units=4, columns=3,
                                 path=tmp_path / "w.png")
    assert [ax.get_title() for ax in fig.axes] == ["unit 0", "unit 1", "unit 2", "unit 3"]
    for unit, ax in enumerate(fig.axes):
        image = ax.get_images()[0]
        np.testing.assert_array_equal(image.get_array(), kernel[:, unit].reshape(3, 4))
        low, high = image.get_clim()
        assert low == -high == -np.abs(kernel[:, unit]).max()     # symmetric about 0
    assert (tmp_path / "w.png").read_bytes()[:4] == b"\x89PNG"
    assert len(visualize.plot_weights(kernel, shape=(12,)).axes) == 5


def test_plot_weights_refuses_a_shape_that_does_not_fit():
    with pytest.raises(ValueError, match=r"plot_weights: weights of shape \(12, 5\) do not hold "
                                         r"images of shape \(28, 28\) \(784 inputs per unit\)"):
        visualize.plot_weights(np.zeros((12, 5)))
    with pytest.raises(ValueError, match=r"shape must be \(height, width\) or \(width,\), "
                                         r"got \(2, 2, 3\)"):
        visualize.plot_weights(np.zeros((12, 1)), shape=(2, 2, 3))
    with pytest.raises(ValueError, match="max_units and columns must be at least 1"):
        visualize.plot_weights(np.zeros((4, 1)), shape=(2, 2), max_units=0)
