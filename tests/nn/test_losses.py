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


# ----- a layer's sigmoid / softmax output is scored from its logits (Keras 3) ---------------


def saturated_sigmoid_model(weight=20.0, dtype="float32"):
    return ag.nn.Sequential([ag.nn.Dense(1, activation="sigmoid", dtype=dtype,
                                         kernel_initializer=ag.initializers.Constant(weight))])


def test_saturated_sigmoid_output_trains_from_its_logits():
    model = saturated_sigmoid_model()
    model.compile(ag.optimizers.SGD(0.1), "binary_crossentropy")
    history = model.fit([[1.0]], [0.0], epochs=5, verbose=0)
    z, expected = 20.0, []
    for _ in range(5):  # by hand: loss softplus(z); dz = -lr * sigmoid(z) on w and on b
        expected.append(np.logaddexp(0.0, z))
        z -= 2 * 0.1 / (1 + np.exp(-z))
    assert history.history["loss"][0] == pytest.approx(20.0, rel=1e-6)
    assert history.history["loss"] == pytest.approx(expected, rel=1e-6)
    w, b = model.get_weights()
    assert float(w[0, 0]) == pytest.approx(19.5, abs=1e-5) and float(b[0]) == pytest.approx(-0.5)


@pytest.mark.parametrize("weight", [20.0, 40.0, -40.0, 0.3])
def test_sigmoid_layer_gradient_matches_central_differences_of_the_exact_loss(weight):
    model = saturated_sigmoid_model(weight, dtype="float64")
    x, y = np.array([[1.0], [0.5]]), np.array([[0.0], [1.0]])
    model(x)
    kernel = model.layers[0].kernel
    with ag.GradientTape() as tape:
        loss = ag.losses.binary_crossentropy(y, model(x))

    def exact(w):
        z = x @ w
        return float(np.mean(np.logaddexp(0.0, z) - y * z))

    expected = numeric_gradient(exact, kernel.numpy())
    assert float(loss) == pytest.approx(exact(kernel.numpy()), rel=1e-12)
    got = tape.gradient(loss, kernel).numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    assert abs(float(got[0, 0])) > 0.1  # clipped probabilities would give 0 when saturated


def softmax_model(gap=30.0):
    model = ag.nn.Sequential([ag.nn.Input((1,)), ag.nn.Dense(2, activation="softmax",
                                                             dtype="float64")])
    model.set_weights([[[0.0, gap]], [0.0, 0.0]])
    return model


@pytest.mark.parametrize("loss, labels", [
    (ag.losses.sparse_categorical_crossentropy, [0]),
    (ag.losses.categorical_crossentropy, [[1.0, 0.0]]),
    (ag.losses.SparseCategoricalCrossentropy(), [0]),
    (ag.losses.CategoricalCrossentropy(), [[1.0, 0.0]]),
])
def test_saturated_softmax_output_gives_the_exact_cross_entropy(loss, labels):
    model = softmax_model()
    kernel = model.layers[0].kernel
    with ag.GradientTape() as tape:
        value = loss(labels, model([[1.0]]))
    assert float(value) == pytest.approx(np.logaddexp(0.0, 30.0), rel=1e-12)
    p1 = 1 / (1 + np.exp(-30.0))  # gradient softmax - one_hot, times x = 1
    np.testing.assert_allclose(tape.gradient(value, kernel).numpy(), [[-p1, p1]], rtol=1e-12)


def test_softmax_model_evaluate_and_an_activation_layer_use_the_logits():
    model = softmax_model()
    model.compile("sgd", "sparse_categorical_crossentropy")
    assert model.evaluate([[1.0]], [0]) == pytest.approx(30.0, rel=1e-6)
    separate = ag.nn.Sequential([ag.nn.Input((2,)), ag.nn.Activation("sigmoid")])
    value = ag.losses.binary_crossentropy([[0.0, 1.0]], separate([[25.0, -25.0]]))
    assert float(value) == pytest.approx(25.0, rel=1e-6)


def test_from_logits_true_on_a_sigmoid_output_warns_and_uses_the_logits():
    model = saturated_sigmoid_model()
    with pytest.warns(UserWarning, match=r"binary_crossentropy received from_logits=True.*"
                                         r"sigmoid activation"):
        value = ag.losses.binary_crossentropy([[0.0]], model([[1.0]]), from_logits=True)
    assert float(value) == pytest.approx(20.0, rel=1e-6)
    with pytest.warns(UserWarning, match="softmax activation"):
        ag.losses.SparseCategoricalCrossentropy(from_logits=True)([0], softmax_model()([[1.0]]))


def test_a_bare_op_output_or_another_kind_keeps_the_probability_formula():
    p = ag.sigmoid(ag.constant([[20.0]]))  # not a layer's output: nothing remembered
    assert float(ag.losses.binary_crossentropy([[0.0]], p)) == pytest.approx(
        -np.log(1 - np.float32(1 - EPS)), rel=1e-3)
    probabilities = softmax_model(gap=np.log(3.0))([[1.0]])  # (0.25, 0.75): binary reads them
    expected = -np.mean([np.log(0.75), np.log(0.75)])
    assert float(ag.losses.binary_crossentropy([[0.0, 1.0]], probabilities)) == pytest.approx(
        expected, rel=1e-9)


# ----- reductions, sample weights, label smoothing, axis --------------------------------------


class PerSampleSquare(ag.losses.Loss):
    def call(self, y_true, y_pred):
        return ag.sum(ag.square(ag.constant(y_true) - y_pred), axis=-1)


def test_loss_objects_reduce_per_sample_values_as_keras():
    y, p = [[0.0], [0.0], [0.0]], ag.constant([[1.0], [2.0], [3.0]])
    assert float(PerSampleSquare()(y, p)) == pytest.approx(14 / 3)
    assert float(PerSampleSquare(reduction="sum")(y, p)) == pytest.approx(14.0)
    np.testing.assert_allclose(PerSampleSquare(reduction="none")(y, p).numpy(), [1, 4, 9])
    assert PerSampleSquare(reduction=None)(y, p).shape == (3,)
    weights = [1.0, 0.0, 3.0]  # weighted values 1, 0, 27; the weights sum to 4, not 3
    assert float(PerSampleSquare()(y, p, sample_weight=weights)) == pytest.approx(28 / 3)
    assert float(PerSampleSquare(reduction="mean_with_sample_weight")(
        y, p, sample_weight=weights)) == pytest.approx(28 / 4)
    assert float(PerSampleSquare(reduction="sum")(
        y, p, sample_weight=[[1.0], [0.0], [3.0]])) == pytest.approx(28.0)


def test_built_in_loss_objects_take_reduction_and_sample_weight():
    y, p = np.array([[1.0, 0.0], [0.0, 0.0]]), ag.constant([[0.0, 0.0], [2.0, 2.0]])
    np.testing.assert_allclose(ag.losses.MeanSquaredError(reduction="none")(y, p).numpy(),
                               [0.5, 4.0])
    assert float(ag.losses.MeanAbsoluteError(reduction="sum")(y, p)) == pytest.approx(2.5)
    assert float(ag.losses.MeanSquaredError()(y, p, sample_weight=[2.0, 0.5])) == \
        pytest.approx((1.0 + 2.0) / 2)
    per = ag.losses.SparseCategoricalCrossentropy(reduction="none")(
        [0, 1], ag.constant([[0.5, 0.5], [0.2, 0.8]]))
    np.testing.assert_allclose(per.numpy(), [np.log(2), -np.log(0.8)], rtol=1e-6)


def test_bad_reduction_and_sample_weight_raise_naming_the_loss():
    with pytest.raises(ValueError, match=r"^MeanSquaredError: reduction must be one of"):
        ag.losses.MeanSquaredError(reduction="average")
    with pytest.raises(ValueError, match=r"^PerSampleSquare: reduction must be one of .*"
                                         r"received 3$"):
        PerSampleSquare(reduction=3)
    with pytest.raises(ValueError, match=r"^PerSampleSquare 'per_sample_square': sample_weight "
                                         r"of shape \(2,\) does not fit .* \(3,\)"):
        PerSampleSquare()([[0.0]] * 3, ag.constant([[1.0]] * 3), sample_weight=[1.0, 2.0])
    with pytest.raises(TypeError, match="sample_weight must be numeric"):
        PerSampleSquare()([[0.0]], ag.constant([[1.0]]), sample_weight="heavy")


def test_a_loss_whose_init_skips_super_init_gets_the_default_name_and_reduction():
    class NoInit(PerSampleSquare):
        def __init__(self):
            pass

    loss = NoInit()
    assert float(loss([[0.0], [0.0]], ag.constant([[1.0], [3.0]]))) == pytest.approx(5.0)
    assert repr(loss) == "NoInit(name='loss')"
    with pytest.raises(ValueError, match=r"^NoInit 'loss': sample_weight"):
        loss([[0.0]] * 3, ag.constant([[1.0]] * 3), sample_weight=[1.0, 2.0])


@pytest.mark.parametrize("shapes, expected", [
    (((2,), (2, 1)), ((2, 1), (2, 1))),  # a rank-1 side gains the axis
    (((2, 1), (2,)), ((2, 1), (2, 1))),
    (((2, 3), (2, 3, 1)), ((2, 3), (2, 3))),  # else the longer side loses it
    (((2, 3, 1), (2, 3)), ((2, 3), (2, 3))),
    (((2, 3), (2,)), ((2, 3), (2,))),  # no trailing axis of 1: unchanged
    (((2,), (2, 1, 1)), ((2,), (2, 1, 1))),  # ranks two apart: unchanged
])
def test_wrapped_functions_get_ranks_matched_as_keras_matches_them(shapes, expected):
    seen = []
    loss = ag.losses.LossFunctionWrapper(lambda t, p: seen.append((t.shape, p.shape)) or
                                         ag.sum(p), reduction="sum")
    loss(np.zeros(shapes[0]), ag.zeros(shapes[1]))
    assert seen == [expected]


def test_binary_label_smoothing_moves_targets_toward_one_half():
    y, p = np.array([[1.0, 0.0]]), np.array([[0.9, 0.2]])
    smooth = y * 0.8 + 0.1
    expected = np.mean(-(smooth * np.log(p) + (1 - smooth) * np.log(1 - p)))
    got = ag.losses.BinaryCrossentropy(label_smoothing=0.2)(y, ag.constant(p))
    assert float(got) == pytest.approx(expected, rel=1e-9)
    assert float(ag.losses.binary_crossentropy(y, ag.constant(p), label_smoothing=0.2)) == \
        pytest.approx(expected, rel=1e-9)


def test_categorical_label_smoothing_and_axis():
    y = np.eye(3)[[0, 2]]
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 0.3, 1.5]])
    smooth = y * 0.7 + 0.1
    log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    expected = np.mean(-np.sum(smooth * log_p, axis=1))
    loss = ag.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.3)
    assert float(loss(y, ag.constant(logits))) == pytest.approx(expected, rel=1e-9)
    by_columns = ag.losses.CategoricalCrossentropy(from_logits=True, axis=0)
    plain = float(ag.losses.categorical_crossentropy(y, ag.constant(logits), from_logits=True))
    assert float(by_columns(y.T, ag.constant(logits.T))) == pytest.approx(plain, rel=1e-12)


@pytest.mark.parametrize("make", [
    lambda: ag.losses.BinaryCrossentropy(label_smoothing=1.5),
    lambda: ag.losses.CategoricalCrossentropy(label_smoothing="lots"),
    lambda: ag.losses.CategoricalCrossentropy(axis=True),
    lambda: ag.losses.categorical_crossentropy([[1.0, 0.0]], ag.constant([[0.5, 0.5]]), axis=2),
])
def test_bad_smoothing_or_axis_raise_value_error_naming_the_loss(make):
    with pytest.raises(ValueError, match=r"^(Binary|Categorical|categorical_)\w*: "
                                         r"(label_smoothing|axis) must be"):
        make()
