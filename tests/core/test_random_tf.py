"""ag.random as tf.random: normal, uniform, truncated_normal, shuffle and set_seed."""
import numpy as np
import pytest

import autograd_lite as ag


def test_set_seed_makes_every_sampler_repeat():
    def draw():
        return [ag.random.normal([3]).numpy(), ag.random.uniform([2, 2]).numpy(),
                ag.random.truncated_normal([4]).numpy(),
                ag.random.shuffle(np.arange(6)).numpy(), ag.random.normal([2], seed=7).numpy()]
    ag.random.set_seed(1234)
    first = draw()
    ag.random.set_seed(1234)
    second = draw()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(draw()[0], first[0])


def test_an_op_seed_advances_from_call_to_call_and_restarts_at_set_seed():
    # as TF eager: tf.random.uniform([1], seed=1) twice gives two values, the same two after
    # tf.random.set_seed again
    ag.random.set_seed(5)
    a, b = ag.random.uniform([1], seed=1), ag.random.uniform([1], seed=1)
    assert float(a[0]) != float(b[0])
    ag.random.set_seed(5)
    assert [float(ag.random.uniform([1], seed=1)[0]) for _ in range(2)] == [float(a[0]),
                                                                           float(b[0])]


def test_guide_style_calls_give_float32_tensors_of_the_shape():
    ag.random.set_seed(0)
    x = ag.random.normal(shape=(2, 3), mean=1.0, stddev=0.5)
    assert isinstance(x, ag.Tensor) and x.shape == (2, 3) and x.dtype == np.float32
    assert ag.random.uniform([5], dtype=ag.constant(1.0, dtype="float64").dtype).dtype == \
        np.float64
    assert ag.random.truncated_normal([3, 1], dtype="float16").dtype == np.float16


def test_normal_moments():
    ag.random.set_seed(0)
    x = ag.random.normal([200_000], mean=3.0, stddev=2.0).numpy()
    assert x.mean() == pytest.approx(3.0, abs=0.02)
    assert x.std() == pytest.approx(2.0, abs=0.02)


def test_uniform_range_and_default_maxval_of_one():
    ag.random.set_seed(0)
    x = ag.random.uniform([100_000]).numpy()
    assert x.min() >= 0.0 and x.max() < 1.0 and x.mean() == pytest.approx(0.5, abs=0.01)
    y = ag.random.uniform([100_000], minval=-2.0, maxval=6.0).numpy()
    assert y.min() >= -2.0 and y.max() < 6.0 and y.mean() == pytest.approx(2.0, abs=0.05)


def test_integer_uniform_needs_maxval_and_stays_below_it():
    ag.random.set_seed(0)
    x = ag.random.uniform([10_000], minval=3, maxval=7, dtype="int32").numpy()
    assert x.dtype == np.int32 and set(x.tolist()) == {3, 4, 5, 6}
    with pytest.raises(ValueError, match="maxval must be given"):
        ag.random.uniform([2], dtype="int64")


def test_truncated_normal_is_redrawn_beyond_two_stddev():
    ag.random.set_seed(0)
    x = ag.random.truncated_normal([100_000], mean=1.0, stddev=0.5).numpy()
    assert x.min() >= 0.0 and x.max() <= 2.0
    # the standard normal cut at +-2 has standard deviation 0.8796
    assert x.std() == pytest.approx(0.5 * 0.8796, abs=0.005)
    assert x.mean() == pytest.approx(1.0, abs=0.01)


def test_shuffle_permutes_rows_only():
    ag.random.set_seed(0)
    value = ag.constant([[1, 2], [3, 4], [5, 6], [7, 8]])
    shuffled = ag.random.shuffle(value).numpy()
    assert sorted(map(tuple, shuffled.tolist())) == [(1, 2), (3, 4), (5, 6), (7, 8)]
    assert shuffled.dtype == np.int64
    with pytest.raises(ValueError, match="random.shuffle"):
        ag.random.shuffle(3.0)


def test_bad_arguments_name_the_function():
    with pytest.raises(ValueError, match="random.normal: shape"):
        ag.random.normal([2.5])
    with pytest.raises(ValueError, match="random.normal: dtype must be floating"):
        ag.random.normal([2], dtype="int32")
    with pytest.raises(TypeError, match="random.uniform: seed"):
        ag.random.uniform([2], seed="a")


def test_existing_generator_helpers_still_work():
    ag.random.set_seed(3)
    a = ag.random.get_generator().random()
    ag.random.set_seed(3)
    assert ag.random.get_generator().random() == a
    assert ag.random.make_generator(2).random() == ag.random.make_generator(2).random()
