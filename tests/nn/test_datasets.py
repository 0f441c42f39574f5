"""Datasets: digits from scikit-learn, Fashion-MNIST IDX files (real or written here)."""
import gzip
import os

import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.datasets import FASHION_MNIST_DIRS, read_idx


def test_digits_split_shapes_range_and_determinism():
    (x, y), (xt, yt) = ag.datasets.load_digits()
    assert x.shape == (1438, 64) and xt.shape == (359, 64)
    assert x.dtype == np.float32 and x.min() == 0.0 and x.max() == 1.0
    assert set(np.unique(np.concatenate([y, yt]))) == set(range(10)) and y.dtype == np.int64
    (x2, y2), _ = ag.datasets.load_digits()
    np.testing.assert_array_equal(x, x2)
    (x3, _), _ = ag.datasets.load_digits(seed=1)
    assert not np.array_equal(x, x3)
    rows = {r.tobytes() for r in x} | {r.tobytes() for r in xt}
    assert len(x) + len(xt) == 1797 and len(rows) > 1700


def idx_bytes(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 8, array.ndim]) + b"".join(
        int(d).to_bytes(4, "big") for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def write_fashion(folder, gz: bool, train=6, test=4):
    rng = np.random.default_rng(0)
    arrays = {
        "train-images-idx3-ubyte": rng.integers(0, 256, size=(train, 28, 28)),
        "train-labels-idx1-ubyte": rng.integers(0, 10, size=train),
        "t10k-images-idx3-ubyte": rng.integers(0, 256, size=(test, 28, 28)),
        "t10k-labels-idx1-ubyte": rng.integers(0, 10, size=test),
    }
    for stem, array in arrays.items():
        data = idx_bytes(array)
        if gz:
            with gzip.open(os.path.join(folder, stem + ".gz"), "wb") as stream:
                stream.write(data)
        else:
            with open(os.path.join(folder, stem), "wb") as stream:
                stream.write(data)
    return arrays


@pytest.mark.parametrize("gz", [True, False])
def test_fashion_mnist_from_a_given_folder(tmp_path, gz):
    arrays = write_fashion(tmp_path, gz)
    (x, y), (xt, yt) = ag.datasets.load_fashion_mnist(path=str(tmp_path))
    assert x.shape == (6, 28, 28) and xt.shape == (4, 28, 28) and x.dtype == np.float32
    np.testing.assert_allclose(x * 255, arrays["train-images-idx3-ubyte"], atol=1e-3)
    np.testing.assert_array_equal(yt, arrays["t10k-labels-idx1-ubyte"])
    (flat, _), _ = ag.datasets.load_fashion_mnist(path=tmp_path, flatten=True)
    assert flat.shape == (6, 784)


def test_missing_fashion_mnist_says_how_to_install(tmp_path):
    with pytest.raises(FileNotFoundError) as info:
        ag.datasets.load_fashion_mnist(path=str(tmp_path))
    message = str(info.value)
    assert "apt-get install dataset-fashion-mnist" in message and "path=" in message
    assert str(tmp_path) in message


def test_truncated_idx_file_raises_naming_it(tmp_path):
    path = tmp_path / "bad-idx3-ubyte"
    path.write_bytes(idx_bytes(np.zeros((3, 2, 2)))[:-1])
    with pytest.raises(ValueError, match="bad-idx3-ubyte.*truncated"):
        read_idx(str(path))
    path.write_bytes(b"\x00\x00\x0d\x01\x00\x00\x00\x01\x00")
    with pytest.raises(ValueError, match="not an unsigned-byte IDX"):
        read_idx(str(path))


def installed_fashion_folder():
    for folder in FASHION_MNIST_DIRS:
        if os.path.exists(os.path.join(folder, "t10k-labels-idx1-ubyte.gz")):
            return folder
    return None


def test_installed_fashion_mnist_or_its_absence_is_reported():
    folder = installed_fashion_folder()
    if folder is None:
        with pytest.raises(FileNotFoundError, match="apt-get install dataset-fashion-mnist"):
            ag.datasets.load_fashion_mnist()
        return
    (x, y), (xt, yt) = ag.datasets.load_fashion_mnist()
    assert x.shape == (60000, 28, 28) and xt.shape == (10000, 28, 28)
    assert 0.0 <= x.min() and x.max() == 1.0
    assert np.bincount(y).tolist() == [6000] * 10 and np.bincount(yt).tolist() == [1000] * 10


@pytest.mark.parametrize("gz", [True, False])
def test_keras_style_fashion_mnist_load_data_gives_raw_uint8(tmp_path, gz):
    arrays = write_fashion(tmp_path, gz)
    (x, y), (xt, yt) = ag.datasets.fashion_mnist.load_data(path=str(tmp_path))
    assert x.dtype == np.uint8 and y.dtype == np.uint8 and x.shape == (6, 28, 28)
    np.testing.assert_array_equal(x, arrays["train-images-idx3-ubyte"])
    np.testing.assert_array_equal(xt, arrays["t10k-images-idx3-ubyte"])
    np.testing.assert_array_equal(y, arrays["train-labels-idx1-ubyte"])
    np.testing.assert_array_equal(yt, arrays["t10k-labels-idx1-ubyte"])
    x[0, 0, 0] = 7  # a private, writable copy
    (scaled, _), _ = ag.datasets.load_fashion_mnist(path=str(tmp_path))
    np.testing.assert_allclose(scaled, arrays["train-images-idx3-ubyte"] / 255.0, atol=1e-6)
    assert "do NOT divide by 255" in ag.datasets.load_fashion_mnist.__doc__


def test_keras_style_digits_load_data_matches_load_digits():
    (x, y), (xt, yt) = ag.datasets.digits.load_data()
    (xf, yf), (xtf, ytf) = ag.datasets.load_digits()
    assert x.shape == (1438, 8, 8) and xt.shape == (359, 8, 8)
    assert x.dtype == np.uint8 and y.dtype == np.uint8 and int(x.max()) == 255
    np.testing.assert_array_equal(y, yf)
    np.testing.assert_array_equal(yt, ytf)
    np.testing.assert_array_equal(x.reshape(len(x), 64), np.rint(np.rint(xf * 16) * 255 / 16))
    np.testing.assert_allclose(x.reshape(len(x), 64) / 255.0, xf, atol=0.5 / 255)


def write_mnist(folder, gz: bool, dotted: bool = False):
    """Four small IDX files named as the MNIST database names them (written here, not real)."""
    arrays = write_fashion(folder, gz, train=5, test=3)
    if dotted:
        for name in os.listdir(folder):
            os.rename(os.path.join(folder, name),
                      os.path.join(folder, name.replace("-idx", ".idx")))
    return arrays


@pytest.mark.parametrize("gz,dotted", [(True, False), (False, False), (True, True)])
def test_mnist_from_a_given_folder(tmp_path, gz, dotted):
    arrays = write_mnist(tmp_path, gz, dotted)
    (x, y), (xt, yt) = ag.datasets.load_mnist(path=str(tmp_path))
    assert x.shape == (5, 28, 28) and xt.shape == (3, 28, 28) and x.dtype == np.float32
    assert y.dtype == np.int64 and 0.0 <= x.min() and x.max() <= 1.0
    np.testing.assert_allclose(x * 255, arrays["train-images-idx3-ubyte"], atol=1e-3)
    np.testing.assert_array_equal(y, arrays["train-labels-idx1-ubyte"])
    np.testing.assert_array_equal(yt, arrays["t10k-labels-idx1-ubyte"])
    (flat, _), (flat_test, _) = ag.datasets.load_mnist(path=tmp_path, flatten=True)
    assert flat.shape == (5, 784) and flat_test.shape == (3, 784)


def test_missing_mnist_says_where_to_put_the_files(tmp_path):
    (tmp_path / "train-images-idx3-ubyte").write_bytes(idx_bytes(np.zeros((1, 28, 28))))
    with pytest.raises(FileNotFoundError) as info:
        ag.datasets.load_mnist(path=str(tmp_path))
    message = str(info.value)
    assert message.startswith("load_mnist: MNIST not found in " + str(tmp_path))
    assert "~/.autograd_lite/mnist" in message and "path=" in message
    assert "t10k-labels-idx1-ubyte[.gz]" in message
    assert "missing train-images" not in message       # that one is there


def test_mnist_with_more_labels_than_images_is_refused(tmp_path):
    write_mnist(tmp_path, gz=False)
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(idx_bytes(np.zeros(4)))
    with pytest.raises(ValueError, match="load_mnist: .* holds 3 test images but 4 labels"):
        ag.datasets.load_mnist(path=tmp_path)
