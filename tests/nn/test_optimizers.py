"""Optimizers: three steps each against values worked by hand (Keras 3 rules)."""
import numpy as np
import pytest

import autograd_lite as ag

GRADS = [0.5, -1.0, 2.0]


def run(optimizer, grads=GRADS, start=1.0):
    """Apply scalar gradients one step at a time; return w after each step."""
    w = ag.Variable(np.array([start]), name="w")
    seen = []
    for g in grads:
        optimizer.apply_gradients([(ag.constant(np.array([g])), w)])
        seen.append(float(w[0]))
    return seen


def test_sgd_plain():
    assert run(ag.optimizers.SGD(learning_rate=0.1)) == pytest.approx([0.95, 1.05, 0.85])


def test_sgd_default_learning_rate_is_0_01():
    assert run(ag.optimizers.SGD(), grads=[1.0]) == pytest.approx([0.99])


def test_sgd_momentum():
    # v = 0.9 v - 0.1 g; w += v  ->  v: -0.05, 0.055, -0.1505
    got = run(ag.optimizers.SGD(learning_rate=0.1, momentum=0.9))
    assert got == pytest.approx([0.95, 1.005, 0.8545])


def test_sgd_nesterov():
    # after updating v: w += 0.9 v - 0.1 g
    got = run(ag.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True))
    assert got == pytest.approx([0.905, 1.0545, 0.71905])


def test_rmsprop():
    # v = 0.9 v + 0.1 g^2; w -= 0.1 g / sqrt(v + 1e-7)
    got = run(ag.optimizers.RMSprop(learning_rate=0.1))
    assert got == pytest.approx([0.6837728664367967, 0.969487035533078, 0.6894996621189338],
                                rel=1e-12)


def test_adam_with_bias_correction():
    # t = 1, 2, 3; alpha = 0.1 sqrt(1 - 0.999^t) / (1 - 0.9^t); w -= alpha m / (sqrt(v) + 1e-7)
    got = run(ag.optimizers.Adam(learning_rate=0.1))
    assert got == pytest.approx([0.900000632451532, 0.936610881595338, 0.8946453776819329],
                                rel=1e-12)


def test_defaults_match_keras():
    rms, adam = ag.optimizers.RMSprop(), ag.optimizers.Adam()
    assert (rms.learning_rate, rms.rho, rms.epsilon) == (0.001, 0.9, 1e-7)
    assert (adam.learning_rate, adam.beta_1, adam.beta_2, adam.epsilon) == (
        0.001, 0.9, 0.999, 1e-7)


def test_none_gradient_is_skipped_but_the_step_count_advances():
    a, b = ag.Variable(np.array([1.0])), ag.Variable(np.array([1.0]))
    opt = ag.optimizers.Adam(learning_rate=0.1)
    opt.apply_gradients([(ag.constant(np.array([0.5])), a), (None, b)])
    assert float(b[0]) == 1.0 and int(opt.iterations) == 1
    opt.apply_gradients([(None, a), (ag.constant(np.array([0.5])), b)])
    assert float(a[0]) == pytest.approx(0.900000632451532)
    # b's first update happens at t = 2: alpha = 0.1 sqrt(1 - 0.999^2) / (1 - 0.9^2)
    m, v = 0.05, 0.00025
    alpha = 0.1 * np.sqrt(1 - 0.999 ** 2) / (1 - 0.9 ** 2)
    assert float(b[0]) == pytest.approx(1.0 - alpha * m / (np.sqrt(v) + 1e-7), rel=1e-12)
    assert int(opt.iterations) == 2


def test_schedule_is_evaluated_at_the_step_count_before_the_update():
    schedule = ag.optimizers.schedules.ExponentialDecay(0.1, decay_steps=1, decay_rate=0.5)
    opt = ag.optimizers.SGD(learning_rate=schedule)
    assert run(opt, grads=[1.0, 1.0, 1.0]) == pytest.approx([0.9, 0.85, 0.825])
    assert opt.learning_rate == pytest.approx(0.0125)


def test_gradient_shape_mismatch_raises_before_any_variable_changes():
    a, b = ag.Variable(np.array([1.0, 2.0])), ag.Variable(np.array([3.0]), name="b")
    opt = ag.optimizers.SGD(0.1)
    with pytest.raises(ValueError, match=r"\(2,\).*'b'.*\(1,\)"):
        opt.apply_gradients([(ag.constant([1.0, 1.0]), a), (ag.constant([1.0, 1.0]), b)])
    np.testing.assert_array_equal(a.numpy(), [1.0, 2.0])
    assert int(opt.iterations) == 0


def test_non_variable_raises_type_error():
    with pytest.raises(TypeError, match="Variable"):
        ag.optimizers.SGD().apply_gradients([(ag.constant(1.0), ag.constant(1.0))])


def test_float32_variables_stay_float32():
    w = ag.Variable([1.0, 2.0])
    ag.optimizers.Adam().apply_gradients([(ag.constant([0.1, 0.2]), w)])
    assert w.dtype == np.float32


def test_slots_are_per_variable():
    a, b = ag.Variable(np.array([1.0])), ag.Variable(np.array([1.0]))
    opt = ag.optimizers.SGD(0.1, momentum=0.9)
    opt.apply_gradients([(ag.constant(np.array([1.0])), a), (ag.constant(np.array([-1.0])), b)])
    opt.apply_gradients([(ag.constant(np.array([1.0])), a), (ag.constant(np.array([-1.0])), b)])
    assert float(a[0]) == pytest.approx(1 - 0.1 - 0.19)
    assert float(b[0]) == pytest.approx(1 + 0.1 + 0.19)


def test_get_and_bad_arguments():
    assert isinstance(ag.optimizers.get("Adam"), ag.optimizers.Adam)
    assert isinstance(ag.optimizers.get("sgd"), ag.optimizers.SGD)
    with pytest.raises(ValueError, match="known names"):
        ag.optimizers.get("adagrad-ish")
    with pytest.raises(ValueError, match="momentum"):
        ag.optimizers.SGD(momentum=1.5)
    with pytest.raises(ValueError, match="learning_rate"):
        ag.optimizers.Adam(learning_rate=-1.0)


def test_training_a_variable_by_hand_with_the_tape():
    w = ag.Variable(np.array([0.0, 0.0]))
    x = np.array([[1.0, 2.0], [3.0, 1.0]])
    y = x @ np.array([2.0, -1.0])
    opt = ag.optimizers.Adam(learning_rate=0.1)
    for _ in range(300):
        with ag.GradientTape() as tape:
            loss = ag.mean(ag.square(ag.matmul(x, w) - y))
        opt.apply_gradients(zip(tape.gradient(loss, [w]), [w]))
    np.testing.assert_allclose(w.numpy(), [2.0, -1.0], atol=1e-2)


OPTIMIZERS = {
    "sgd_momentum": (lambda: ag.optimizers.SGD(0.1, momentum=0.9), [0.9, 0.71]),
    "adam": (lambda: ag.optimizers.Adam(0.1), [0.9, 0.8]),
}
BAD_GRADIENTS = {"str": "abc", "strings": ["a", "b"], "ragged": [[1.0], [1.0, 2.0]],
                 "dict": {"g": 1.0}}


@pytest.mark.parametrize("kind", list(OPTIMIZERS))
@pytest.mark.parametrize("bad", list(BAD_GRADIENTS))
def test_a_non_numeric_gradient_raises_before_anything_changes(kind, bad):
    make, expected = OPTIMIZERS[kind]
    gradient = BAD_GRADIENTS[bad]
    v1 = ag.Variable(np.array([1.0, 1.0]), name="v1")
    v2 = ag.Variable(np.array(2.0) if bad == "str" else np.array([2.0, 2.0]), name="v2")
    opt = make()
    with pytest.raises(TypeError, match=r"apply_gradients: the gradient for variable 'v2'"):
        opt.apply_gradients([(ag.constant([1.0, 1.0]), v1), (gradient, v2)])
    np.testing.assert_array_equal(v1.numpy(), [1.0, 1.0])
    assert np.all(v2.numpy() == 2.0)
    assert int(opt.iterations) == 0 and opt._slots == {}
    # the failed call left no trace: the next steps are those of a fresh optimizer
    # (constant gradient 1: SGD momentum 0.9 moves 0.1 then 0.19; Adam moves lr each step)
    seen = []
    for _ in range(2):
        opt.apply_gradients([(ag.constant([1.0, 1.0]), v1)])
        seen.append(float(v1[0]))
    assert seen == pytest.approx(expected, rel=1e-5)
    assert int(opt.iterations) == 2


def test_an_entry_that_is_not_a_pair_raises_naming_apply_gradients():
    w = ag.Variable(np.array([1.0]), name="w")
    opt = ag.optimizers.SGD(0.1)
    with pytest.raises(TypeError, match=r"SGD.apply_gradients: entry 1 must be a "
                                        r"\(gradient, variable\) pair"):
        opt.apply_gradients([(ag.constant([1.0]), w), (ag.constant([1.0]),)])
    assert float(w[0]) == 1.0 and int(opt.iterations) == 0


# ----- gradient clipping (Keras: clipnorm or global_clipnorm, else clipvalue) -----------------


def clipped_step(**clipping):
    """One SGD(1.0) step from zero on two variables; return minus the applied gradients."""
    a, b = ag.Variable([0.0, 0.0], dtype="float64"), ag.Variable([0.0], dtype="float64")
    ag.optimizers.SGD(1.0, **clipping).apply_gradients(
        [(ag.constant([3.0, 4.0]), a), (ag.constant([12.0]), b)])
    return -a.numpy(), -b.numpy()


def test_clipnorm_rescales_each_gradient_to_at_most_that_norm():
    a, b = clipped_step(clipnorm=1.0)
    np.testing.assert_allclose(a, [0.6, 0.8], rtol=1e-12)
    np.testing.assert_allclose(b, [1.0], rtol=1e-12)
    a, b = clipped_step(clipnorm=10.0)  # norm 5 stays, norm 12 becomes 10
    np.testing.assert_allclose(a, [3.0, 4.0])
    np.testing.assert_allclose(b, [10.0])


def test_global_clipnorm_rescales_all_gradients_together():
    a, b = clipped_step(global_clipnorm=6.5)  # joint norm sqrt(9 + 16 + 144) = 13
    np.testing.assert_allclose(a, [1.5, 2.0], rtol=1e-12)
    np.testing.assert_allclose(b, [6.0], rtol=1e-12)
    a, b = clipped_step(global_clipnorm=20.0)
    np.testing.assert_allclose(a, [3.0, 4.0])
    np.testing.assert_allclose(b, [12.0])


def test_clipvalue_clips_elements_and_clipnorm_wins_over_it():
    a, b = clipped_step(clipvalue=3.5)
    np.testing.assert_allclose(a, [3.0, 3.5])
    np.testing.assert_allclose(b, [3.5])
    a, b = clipped_step(clipnorm=1.0, clipvalue=0.1)
    np.testing.assert_allclose(a, [0.6, 0.8], rtol=1e-12)


def test_clipping_skips_none_gradients_and_feeds_adam_the_clipped_gradient():
    w, skipped = ag.Variable([0.0], dtype="float64"), ag.Variable([1.0])
    opt = ag.optimizers.Adam(0.1, global_clipnorm=1.0)
    opt.apply_gradients([(ag.constant([5.0]), w), (None, skipped)])
    # clipped g = 1: m = 0.1, v = 0.001 (unclipped, 0.5 and 0.025: Adam's step alone can't tell)
    assert opt._slots[id(w)][1]["m"][0] == pytest.approx(0.1, rel=1e-12)
    assert opt._slots[id(w)][1]["v"][0] == pytest.approx(0.001, rel=1e-12)
    expected = 0.1 * np.sqrt(1e-3) / (np.sqrt(1e-3) + 1e-7)
    assert float(w[0]) == pytest.approx(-expected, rel=1e-12) and float(skipped[0]) == 1.0


@pytest.mark.parametrize("kwargs, message", [
    ({"clipnorm": 1.0, "global_clipnorm": 1.0}, "only one of clipnorm and global_clipnorm"),
    ({"clipnorm": -1.0}, "clipnorm must be a number > 0"),
    ({"clipvalue": "big"}, "clipvalue must be a number > 0"),
    ({"clipnorm": 0}, r"clipnorm must be a number > 0 \(or None for no clipping\), received 0"),
    ({"clipvalue": 0.0}, "clipvalue must be a number > 0"),
    ({"global_clipnorm": 0.0}, "global_clipnorm must be a number > 0"),
])
def test_bad_clipping_arguments_raise_naming_the_optimizer(kwargs, message):
    with pytest.raises(ValueError, match=rf"^RMSprop: {message}"):
        ag.optimizers.RMSprop(**kwargs)
