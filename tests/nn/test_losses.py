"""Losses: values by hand (Keras rules), gradients, names, label errors."""
import numpy as np
import pytest

import autograd_lite as ag

from .gradcheck import numeric_gradient

EPS = 1e-7


def test_mean_squared_and_absolute_error_values():
    y_true = np.array([[1.0, 2.0], [0.0, 0.0]])
    y_pred = ag.constant([[0.0, 0.0], [1.0, 3.0]])
    assert float(ag.losses.mean_squared_error(y_true, y_pred)) == pytest.approx(3.75)
    assert float(ag.losses.mean_absolute_error(y_true, y_pred)) == pytest.approx(1.75)
    assert float(ag.losses.mse(y_true, y_pred)) == pytest.approx(3.75)


def test_labels_missing_the_trailing_axis_are_expanded_not_broadcast():
    y_pred = ag.constant([[1.0], [1.0], [0.0]])
    loss = ag.losses.mean_squared_error(np.array([1.0, 0.0, 0.0]), y_pred)
    assert float(loss) == pytest.approx(1 / 3)


def test_mismatched_shapes_raise_naming_both():
    with pytest.raises(ValueError, match=r"\(2, 3\).*\(2, 2\)"):
        ag.losses.mean_squared_error(np.zeros((2, 3)), ag.zeros((2, 2)))


def test_binary_crossentropy_clips_and_does_not_normalise():
    y_true = np.array([[1.0, 0.0], [1.0, 1.0]])
    p = np.array([[0.8, 0.3], [1.0, 0.0]])
    clipped = np.clip(p, EPS, 1 - EPS)
    expected = np.mean(-(y_true * np.log(clipped) + (1 - y_true) * np.log(1 - clipped)))
    got = float(ag.losses.binary_crossentropy(y_true, ag.constant(p, dtype="float64")))
    assert got == pytest.approx(expected, rel=1e-9)


def test_binary_crossentropy_from_logits_is_stable_and_right():
    logits = np.array([[-1000.0], [0.0], [3.0], [1000.0]])
    y = np.array([[0.0], [1.0], [0.0], [1.0]])
    got = float(ag.losses.binary_crossentropy(y, ag.constant(logits), from_logits=True))
    expected = np.mean([0.0, np.log(2.0), 3.0 + np.log1p(np.exp(-3.0)), 0.0])
    assert np.isfinite(got) and got == pytest.approx(expected, rel=1e-9)


def test_categorical_crossentropy_divides_rows_by_their_sum_then_clips():
    y_true = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    p = np.array([[1.0, 2.0, 1.0], [0.0, 3.0, 1.0]])
    q = np.clip(p / p.sum(axis=1, keepdims=True), EPS, 1 - EPS)
    expected = np.mean(-np.sum(y_true * np.log(q), axis=1))
    got = float(ag.losses.categorical_crossentropy(y_true, ag.constant(p)))
    assert got == pytest.approx(expected, rel=1e-9)
    assert got == pytest.approx((np.log(2.0) - np.log(EPS)) / 2, rel=1e-9)


def test_sparse_matches_categorical_with_one_hot_labels_and_accepts_column_labels():
    p = ag.constant(np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]]))
    dense = float(ag.losses.categorical_crossentropy(np.eye(3)[[2, 0]], p))
    assert float(ag.losses.sparse_categorical_crossentropy([2, 0], p)) == pytest.approx(dense)
    assert float(ag.losses.sparse_categorical_crossentropy([[2], [0]], p)) == pytest.approx(dense)
    assert dense == pytest.approx(-(np.log(0.3) + np.log(0.6)) / 2)


def test_sparse_from_logits_is_log_softmax_and_finite_at_extremes():
    logits = np.array([[1000.0, 0.0], [1.0, 2.0]])
    got = float(ag.losses.sparse_categorical_crossentropy(
        [1, 1], ag.constant(logits), from_logits=True))
    expected = (1000.0 + np.log1p(np.exp(-1000.0)) + np.log1p(np.exp(-1.0))) / 2
    assert got == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("labels", [[0, 3], [-1, 0], [0.5, 1]])
def test_sparse_labels_outside_the_classes_raise(labels):
    with pytest.raises(ValueError, match=r"\[0, 3\)"):
        ag.losses.sparse_categorical_crossentropy(labels, ag.constant(np.full((2, 3), 1 / 3)))


@pytest.mark.parametrize("name,kwargs", [
    ("mean_squared_error", {}), ("mean_absolute_error", {}),
    ("binary_crossentropy", {}), ("binary_crossentropy", {"from_logits": True}),
    ("categorical_crossentropy", {}), ("categorical_crossentropy", {"from_logits": True}),
])
def test_loss_gradients_match_finite_differences(name, kwargs):
    rng = np.random.default_rng(3)
    pred = rng.uniform(0.1, 0.9, size=(4, 3))
    if "categorical" in name:
        target = np.eye(3)[[0, 2, 1, 1]]
    else:
        target = rng.uniform(0, 1, size=(4, 3)).round()
    fn = getattr(ag.losses, name)
    x = ag.constant(pred)
    with ag.GradientTape() as tape:
        tape.watch(x)
        loss = fn(target, x, **kwargs)
    expected = numeric_gradient(lambda v: float(fn(target, ag.constant(v), **kwargs)), pred)
    np.testing.assert_allclose(tape.gradient(loss, x).numpy(), expected, rtol=1e-5, atol=1e-8)


def test_sigmoid_with_cross_entropy_gives_p_minus_y():
    z = ag.constant(np.array([[0.3], [-1.2]]))
    y = np.array([[1.0], [0.0]])
    with ag.GradientTape() as tape:
        tape.watch(z)
        loss = ag.losses.binary_crossentropy(y, ag.sigmoid(z))
    p = 1 / (1 + np.exp(-z.numpy()))
    np.testing.assert_allclose(tape.gradient(loss, z).numpy(), (p - y) / 2, rtol=1e-6)


def test_classes_names_and_get():
    assert isinstance(ag.losses.get("mse"), ag.losses.MeanSquaredError)
    assert isinstance(ag.losses.get("mae"), ag.losses.MeanAbsoluteError)
    assert isinstance(ag.losses.get("CategoricalCrossentropy"), ag.losses.CategoricalCrossentropy)
    assert isinstance(ag.losses.get(ag.losses.binary_crossentropy), ag.losses.BinaryCrossentropy)
    loss = ag.losses.SparseCategoricalCrossentropy(from_logits=True)
    assert ag.losses.get(loss) is loss and loss.target_kind == "sparse"
    custom = ag.losses.get(lambda y, p: ag.mean(p))
    assert custom.target_kind is None
    with pytest.raises(ValueError, match="known names"):
        ag.losses.get("hinge_of_doom")


def test_loss_objects_compute_the_function_values():
    p = ag.constant(np.array([[0.2, 0.8]]))
    assert float(ag.losses.CategoricalCrossentropy()([[0, 1]], p)) == pytest.approx(-np.log(0.8))
    assert float(ag.losses.BinaryCrossentropy()([[0, 1]], p)) == pytest.approx(
        -(np.log(0.8) + np.log(0.8)) / 2)
    assert float(ag.losses.MeanSquaredError()([[0, 1]], p)) == pytest.approx((0.04 + 0.04) / 2)


BAD_VALUES = [("abc", "str 'abc'"), (None, "None"), ({"y": 1.0}, "dict {'y': 1.0}"),
              ([[1.0], [1.0, 2.0]], "ragged list")]


@pytest.mark.parametrize("value,shown", BAD_VALUES)
@pytest.mark.parametrize("name", ["mean_squared_error", "mean_absolute_error",
                                  "binary_crossentropy", "categorical_crossentropy"])
def test_losses_name_themselves_for_non_numeric_arguments(name, value, shown):
    fn = getattr(ag.losses, name)
    good = ag.constant([[0.5, 0.5]])
    with pytest.raises(TypeError, match=rf"^{name}: y_true must be numeric") as info:
        fn(value, good)
    assert shown in str(info.value) and "constant" not in str(info.value)
    with pytest.raises(TypeError, match=rf"^{name}: y_pred must be numeric") as info:
        fn([[1.0, 0.0]], value)
    assert shown in str(info.value)


@pytest.mark.parametrize("value,shown", BAD_VALUES)
def test_sparse_crossentropy_names_itself_for_non_numeric_arguments(value, shown):
    fn = ag.losses.sparse_categorical_crossentropy
    with pytest.raises(TypeError, match=r"^sparse_categorical_crossentropy: the sparse labels "
                                        r"must be numeric") as info:
        fn(value, ag.constant([[0.5, 0.5]]))
    assert shown in str(info.value)
    with pytest.raises(TypeError, match=r"^sparse_categorical_crossentropy: y_pred must be "
                                        r"numeric"):
        fn([0], value)


def test_loss_objects_in_compile_name_the_loss_function():
    with pytest.raises(TypeError, match=r"^mean_squared_error: y_true must be numeric"):
        ag.losses.get("mse")(None, ag.constant([[1.0]]))
