"""ag.data.Dataset as tf.data's: slices, shuffle, batch, map, take, iteration, len."""
import numpy as np
import pytest

import autograd_lite as ag

Dataset = ag.data.Dataset


def test_slices_of_a_tuple_yield_tuples_of_tensors_with_constant_dtypes():
    ds = Dataset.from_tensor_slices(([[1.0, 2.0], [3.0, 4.0]], [0, 1]))
    elements = list(ds)
    assert len(ds) == 2 and len(elements) == 2
    x, y = elements[1]
    assert isinstance(x, ag.Tensor) and x.dtype == np.float32 and y.dtype == np.int64
    assert x.numpy().tolist() == [3.0, 4.0] and int(y) == 1


def test_slices_of_a_dict_and_of_one_array():
    ds = Dataset.from_tensor_slices({"a": np.arange(3), "b": np.ones((3, 2))})
    assert [sorted(e) for e in ds] == [["a", "b"]] * 3
    assert [int(v) for v in Dataset.from_tensor_slices(np.array([5, 6]))] == [5, 6]
    with pytest.raises(ValueError, match="same first dimension"):
        Dataset.from_tensor_slices((np.ones(3), np.ones(4)))


def test_batch_sizes_and_drop_remainder():
    ds = Dataset.from_tensor_slices(np.arange(10))
    assert [b.numpy().tolist() for b in ds.batch(4)] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert len(ds.batch(4)) == 3 and len(ds.batch(4, drop_remainder=True)) == 2
    assert [b.shape for b in ds.batch(4, drop_remainder=True)] == [(4,), (4,)]
    with pytest.raises(ValueError, match="Dataset.batch: batch_size must be a positive int"):
        ds.batch(0)


def test_shuffle_buffer_of_one_keeps_the_order_and_a_full_one_permutes():
    ds = Dataset.from_tensor_slices(np.arange(50))
    assert [int(v) for v in ds.shuffle(1, seed=3)] == list(range(50))
    shuffled = [int(v) for v in ds.shuffle(50, seed=3)]
    assert sorted(shuffled) == list(range(50)) and shuffled != list(range(50))


def test_a_small_buffer_only_moves_elements_forward_by_its_size():
    # TF's buffer: the k-th output is one of the first k + buffer_size inputs
    out = [int(v) for v in Dataset.from_tensor_slices(np.arange(200)).shuffle(5, seed=0)]
    assert sorted(out) == list(range(200))
    assert all(value < k + 5 for k, value in enumerate(out))


def test_shuffle_repeats_under_set_seed_and_reshuffles_each_pass():
    ds = Dataset.from_tensor_slices(np.arange(20)).shuffle(20).batch(5)
    ag.random.set_seed(7)
    first, second = [[b.numpy().tolist() for b in ds] for _ in range(2)]
    assert first != second
    ag.random.set_seed(7)
    assert [b.numpy().tolist() for b in ds] == first
    fixed = Dataset.from_tensor_slices(np.arange(20)).shuffle(20, seed=1,
                                                              reshuffle_each_iteration=False)
    assert [int(v) for v in fixed] == [int(v) for v in fixed]


def test_map_gets_tensors_and_tuple_elements_as_arguments():
    ds = Dataset.from_tensor_slices((np.array([1.0, 2.0, 3.0]), np.array([0, 1, 0])))
    doubled = ds.map(lambda x, y: (x * 2.0, y)).batch(2)
    batches = [(x.numpy().tolist(), y.numpy().tolist()) for x, y in doubled]
    assert batches == [([2.0, 4.0], [0, 1]), ([6.0], [0])]
    seen = []
    list(ds.map(lambda x, y: seen.append(type(x)) or (x, y)))
    assert seen == [ag.Tensor] * 3
    assert [b.numpy().tolist() for b in Dataset.from_tensor_slices(np.arange(4)).batch(2).map(
        lambda b: ag.sum(b))] == [1, 5]


def test_take_and_len():
    ds = Dataset.from_tensor_slices(np.arange(10)).batch(3)
    assert len(ds.take(2)) == 2 and [b.shape for b in ds.take(2)] == [(3,), (3,)]
    assert len(ds.take(100)) == 4 and len(ds.take(-1)) == 4
    assert len(ds.prefetch(ag.data.AUTOTUNE).cache()) == 4


def test_the_keras_guide_pipeline():
    # keras.io "training loop from scratch": from_tensor_slices, shuffle(1024), batch(64)
    x_train = np.random.default_rng(0).random((150, 784)).astype("float32")
    y_train = np.arange(150) % 10
    train_dataset = Dataset.from_tensor_slices((x_train, y_train))
    train_dataset = train_dataset.shuffle(buffer_size=1024).batch(64)
    sizes, labels = [], []
    for step, (x_batch_train, y_batch_train) in enumerate(train_dataset):  # noqa: B007
        sizes.append(x_batch_train.shape)
        labels.extend(y_batch_train.numpy().tolist())
    assert sizes == [(64, 784), (64, 784), (22, 784)] and step == 2
    assert sorted(labels) == sorted(y_train.tolist())
