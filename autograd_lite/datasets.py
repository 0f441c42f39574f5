"""Real data sets read from local files only (no download at run time).

* :func:`load_digits`: scikit-learn's bundled 8 x 8 digits (1,797 images).
* :func:`load_fashion_mnist`: the IDX files of Debian's
  ``dataset-fashion-mnist`` package, or of any folder you name.
* :func:`load_mnist`: the MNIST digits' IDX files, from a folder you fill
  (``~/.autograd_lite/mnist`` by default; nothing is downloaded).

Both return ``((x_train, y_train), (x_test, y_test))`` with pixels ALREADY
SCALED TO [0, 1] as float32 and integer labels: do not divide them by 255.

For code written against ``keras.datasets``, :data:`fashion_mnist` and
:data:`digits` offer ``load_data()`` returning raw ``uint8`` images in 0..255
and ``uint8`` labels, exactly as Keras does, so the usual ``x / 255.0`` is
right for them.

Examples
--------
>>> import autograd_lite as ag
>>> (x_train, y_train), (x_test, y_test) = ag.datasets.load_digits()
>>> x_train.shape, x_test.shape, float(x_train.max())
((1438, 64), (359, 64), 1.0)
"""
from __future__ import annotations

import gzip
import os
from typing import Callable, Optional, Tuple

import numpy as np

__all__ = ["load_digits", "load_fashion_mnist", "load_mnist", "read_idx", "FASHION_MNIST_DIRS",
           "MNIST_DIRS", "FASHION_MNIST_CLASSES", "fashion_mnist", "digits",
           "KerasStyleDataset"]

Split = Tuple[Tuple[np.ndarray, np.ndarray], Tuple[np.ndarray, np.ndarray]]

#: Where Debian's ``dataset-fashion-mnist`` puts the files, searched in order.
FASHION_MNIST_DIRS = ("/usr/share/datasets/fashion-mnist", "/usr/share/fashion-mnist")

FASHION_MNIST_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
                         "Shirt", "Sneaker", "Bag", "Ankle boot")

_FASHION_FILES = {
    "x_train": "train-images-idx3-ubyte", "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte", "y_test": "t10k-labels-idx1-ubyte",
}
_INSTALL_HINT = "install it with `apt-get install dataset-fashion-mnist`, or pass path="

#: Where :func:`load_mnist` looks when no ``path`` is given, in order (no package ships MNIST).
MNIST_DIRS = (os.path.join("~", ".autograd_lite", "mnist"), "/usr/share/datasets/mnist")
_MNIST_HINT = ("put the MNIST database's four files (train-images-idx3-ubyte.gz, "
               "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz; "
               "gzipped or not) in ~/.autograd_lite/mnist, or pass path= a folder holding them")


def load_digits(test_fraction: float = 0.2, seed: int = 0) -> Split:
    """The 8 x 8 handwritten digits bundled with scikit-learn, split train / test.

    Parameters
    ----------
    test_fraction : float
        The share of the 1,797 images held out for testing.
    seed : int
        Fixes the shuffle before the split (independent of the global seed).

    Returns
    -------
    ((x_train, y_train), (x_test, y_test))
        ``x`` of shape (n, 64), float32 ALREADY SCALED TO [0, 1] (the 0..16
        grey levels divided by 16: do not divide by 255); ``y`` int64 in 0..9.
        For Keras-style raw images use ``ag.datasets.digits.load_data()``.

    Raises
    ------
    ImportError
        If scikit-learn is not installed.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> (x, y), _ = ag.datasets.load_digits(test_fraction=0.5)
    >>> x.shape, y.dtype
    ((899, 64), dtype('int64'))
    """
    try:
        from sklearn.datasets import load_digits as sklearn_digits
    except ImportError as error:
        raise ImportError("load_digits reads scikit-learn's bundled copy; install it with "
                          "`pip install scikit-learn`") from error
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"load_digits: test_fraction must be in (0, 1), received {test_fraction}")
    bunch = sklearn_digits()
    x = (bunch.data / 16.0).astype(np.float32)
    y = bunch.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(x))
    split = len(x) - int(round(len(x) * test_fraction))
    train, test = order[:split], order[split:]
    return (x[train], y[train]), (x[test], y[test])


def read_idx(path: str) -> np.ndarray:
    """Read one IDX file (optionally gzipped) of unsigned bytes into an array.

    Parameters
    ----------
    path : str

    Returns
    -------
    numpy.ndarray of uint8

    Raises
    ------
    ValueError
        If the file is not an unsigned-byte IDX file or is truncated.

    Examples
    --------
    >>> import gzip, os, tempfile
    >>> from autograd_lite.datasets import read_idx
    >>> path = os.path.join(tempfile.mkdtemp(), "tiny-idx1-ubyte.gz")
    >>> with gzip.open(path, "wb") as f:
    ...     _ = f.write(bytes([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]))
    >>> read_idx(path)
    array([7, 9], dtype=uint8)
    """
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as stream:
        data = stream.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f"read_idx: '{path}' is not an unsigned-byte IDX file")
    ndim = data[3]
    header = 4 + 4 * ndim
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    expected = header + int(np.prod(shape, dtype=np.int64))
    if len(data) != expected:
        raise ValueError(f"read_idx: '{path}' holds {len(data)} bytes; a {shape} IDX file "
                         f"needs {expected} (truncated or corrupt)")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def _find(folder: str, stem: str) -> Optional[str]:
    # Some copies of MNIST spell "train-images.idx3-ubyte" with a dot.
    dotted = stem.replace("-idx", ".idx")
    for name in (stem + ".gz", stem, dotted + ".gz", dotted):
        candidate = os.path.join(os.path.expanduser(folder), name)
        if os.path.isfile(candidate):
            return candidate
    return None


def _fashion_folder(path: Optional[str]) -> str:
    folders = (os.fspath(path),) if path is not None else FASHION_MNIST_DIRS
    for folder in folders:
        if all(_find(folder, stem) for stem in _FASHION_FILES.values()):
            return folder
    looked = ", ".join(folders)
    missing = [s for s in _FASHION_FILES.values() if not _find(folders[0], s)]
    raise FileNotFoundError(f"load_fashion_mnist: Fashion-MNIST not found in {looked} "
                            f"(missing {', '.join(m + '[.gz]' for m in missing)}); "
                            f"{_INSTALL_HINT} to a folder holding the four IDX files")


def load_fashion_mnist(path: Optional[str] = None, flatten: bool = False) -> Split:
    """Zalando's Fashion-MNIST (60,000 train and 10,000 test images of 28 x 28).

    Parameters
    ----------
    path : str, optional
        A folder holding ``train-images-idx3-ubyte[.gz]``,
        ``train-labels-idx1-ubyte[.gz]``, ``t10k-images-idx3-ubyte[.gz]`` and
        ``t10k-labels-idx1-ubyte[.gz]``. By default the folders of
        :data:`FASHION_MNIST_DIRS` (where ``apt-get install
        dataset-fashion-mnist`` puts them) are searched.
    flatten : bool
        Return images as rows of 784 pixels instead of 28 x 28.

    Returns
    -------
    ((x_train, y_train), (x_test, y_test))
        ``x`` float32 ALREADY SCALED TO [0, 1]: unlike
        ``keras.datasets.fashion_mnist.load_data()``, do NOT divide by 255
        (that would shrink every pixel 255 times). ``y`` int64 in 0..9
        (names in :data:`FASHION_MNIST_CLASSES`). For Keras's raw ``uint8``
        images in 0..255 use ``ag.datasets.fashion_mnist.load_data()``.

    Raises
    ------
    FileNotFoundError
        If the files are missing; the message says how to install them.

    Examples
    --------
    With the Debian package installed::

        (x, y), (x_test, y_test) = ag.datasets.load_fashion_mnist(flatten=True)
        x.shape, x_test.shape   # ((60000, 784), (10000, 784))
    """
    return _scaled(_fashion_raw(path), flatten)


def _scaled(split: Split, flatten: bool) -> Split:
    """uint8 images as float32 in [0, 1] (rows of pixels when ``flatten``), int64 labels."""
    def images(raw: np.ndarray) -> np.ndarray:
        pixels = raw.astype(np.float32) / 255.0
        return pixels.reshape(len(pixels), -1) if flatten else pixels

    (x_train, y_train), (x_test, y_test) = split
    return ((images(x_train), y_train.astype(np.int64)),
            (images(x_test), y_test.astype(np.int64)))


def _fashion_raw(path: Optional[str] = None) -> Split:
    """The four IDX arrays as stored: uint8 images (n, 28, 28) and uint8 labels."""
    return _idx_split(_fashion_folder(path), "load_fashion_mnist")


def _idx_split(folder: str, function: str) -> Split:
    """The four IDX arrays of ``folder``, checked to hold as many labels as images."""
    arrays = {key: read_idx(_find(folder, stem)) for key, stem in _FASHION_FILES.items()}
    for split in ("train", "test"):
        images, labels = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if len(images) != len(labels):
            raise ValueError(f"{function}: {folder} holds {len(images)} {split} images "
                             f"but {len(labels)} labels")
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def load_mnist(path: Optional[str] = None, flatten: bool = False) -> Split:
    """The MNIST handwritten digits (60,000 train and 10,000 test images of 28 x 28).

    Nothing is downloaded: the four IDX files must be on disk. Put them in
    ``~/.autograd_lite/mnist`` (or any folder, passed as ``path``).

    Parameters
    ----------
    path : str, optional
        A folder holding ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``,
        ``t10k-images-idx3-ubyte`` and ``t10k-labels-idx1-ubyte``, each gzipped
        (``.gz``) or not (the ``train-images.idx3-ubyte`` spelling is read too). By
        default the folders of :data:`MNIST_DIRS` are searched.
    flatten : bool
        Return images as rows of 784 pixels instead of 28 x 28.

    Returns
    -------
    ((x_train, y_train), (x_test, y_test))
        ``x`` float32 ALREADY SCALED TO [0, 1] (do not divide by 255); ``y``
        int64 in 0..9.

    Raises
    ------
    FileNotFoundError
        If the files are missing; the message says where to put them.

    Examples
    --------
    >>> import gzip, os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> def idx(name, header, pixels):
    ...     with gzip.open(os.path.join(folder, name + ".gz"), "wb") as f:
    ...         _ = f.write(bytes(header) + bytes(pixels))
    >>> for split, n in (("train", 2), ("t10k", 1)):
    ...     idx(f"{split}-images-idx3-ubyte", [0, 0, 8, 3, 0, 0, 0, n, 0, 0, 0, 28, 0, 0, 0, 28],
    ...         [255] * (n * 784))
    ...     idx(f"{split}-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, n], [7] * n)
    >>> (x, y), (x_test, y_test) = ag.datasets.load_mnist(path=folder, flatten=True)
    >>> x.shape, float(x.max()), y.tolist(), x_test.shape
    ((2, 784), 1.0, [7, 7], (1, 784))
    """
    folders = (os.fspath(path),) if path is not None else MNIST_DIRS
    found = next((f for f in folders
                  if all(_find(f, stem) for stem in _FASHION_FILES.values())), None)
    if found is None:
        missing = [s for s in _FASHION_FILES.values() if not _find(folders[0], s)]
        raise FileNotFoundError(f"load_mnist: MNIST not found in {', '.join(folders)} "
                                f"(missing {', '.join(m + '[.gz]' for m in missing)}); "
                                f"{_MNIST_HINT}")
    return _scaled(_idx_split(found, "load_mnist"), flatten)


def _fashion_load_data(path: Optional[str] = None) -> Split:
    """Fashion-MNIST as ``keras.datasets.fashion_mnist.load_data()`` returns it.

    Parameters
    ----------
    path : str, optional
        A folder holding the four IDX files (see :func:`load_fashion_mnist`);
        by default :data:`FASHION_MNIST_DIRS` are searched. Nothing is downloaded.

    Returns
    -------
    ((x_train, y_train), (x_test, y_test))
        ``x`` uint8 of shape (60000, 28, 28) and (10000, 28, 28) in 0..255
        (divide by 255.0 for [0, 1]); ``y`` uint8 in 0..9.

    Examples
    --------
    With the Debian package installed::

        (x_train, y_train), (x_test, y_test) = ag.datasets.fashion_mnist.load_data()
        x_train.dtype, x_train.max()   # (dtype('uint8'), 255)
        x_train = x_train / 255.0
    """
    (x_train, y_train), (x_test, y_test) = _fashion_raw(path)
    return (x_train.copy(), y_train.copy()), (x_test.copy(), y_test.copy())


def _digits_load_data(test_fraction: float = 0.2, seed: int = 0) -> Split:
    """scikit-learn's 8 x 8 digits shaped like a ``keras.datasets`` loader's result.

    The same split as :func:`load_digits` (same ``test_fraction`` and ``seed``),
    but images of shape (n, 8, 8) as uint8 in 0..255 (the 0..16 grey levels
    times 255/16, rounded) and uint8 labels, so ``x / 255.0`` gives [0, 1].

    Returns
    -------
    ((x_train, y_train), (x_test, y_test))

    Examples
    --------
    >>> import autograd_lite as ag
    >>> (x, y), (x_test, y_test) = ag.datasets.digits.load_data()
    >>> x.shape, x.dtype, int(x.max()), y.dtype
    ((1438, 8, 8), dtype('uint8'), 255, dtype('uint8'))
    """
    (x_train, y_train), (x_test, y_test) = load_digits(test_fraction, seed)

    def images(scaled: np.ndarray) -> np.ndarray:
        levels = np.rint(scaled * 16.0)  # back to the exact 0..16 grey levels
        return np.rint(levels * (255.0 / 16.0)).astype(np.uint8).reshape(len(scaled), 8, 8)

    return ((images(x_train), y_train.astype(np.uint8)),
            (images(x_test), y_test.astype(np.uint8)))


class KerasStyleDataset:
    """A namespace with ``load_data()``, like a ``keras.datasets`` module.

    Parameters
    ----------
    name : str
    load_data : callable
        Returns ``((x_train, y_train), (x_test, y_test))``.

    Examples
    --------
    >>> import autograd_lite as ag
    >>> ag.datasets.fashion_mnist
    <dataset fashion_mnist: load_data() gives uint8 images in 0..255, as keras.datasets>
    """

    def __init__(self, name: str, load_data: Callable[..., Split]):
        self.name = name
        self.load_data = load_data

    def __repr__(self) -> str:
        return (f"<dataset {self.name}: load_data() gives uint8 images in 0..255, "
                f"as keras.datasets>")


#: ``fashion_mnist.load_data(path=None)``: Keras's uint8 Fashion-MNIST (local files only).
fashion_mnist = KerasStyleDataset("fashion_mnist", _fashion_load_data)
#: ``digits.load_data(test_fraction=0.2, seed=0)``: the digits as uint8 images (n, 8, 8).
digits = KerasStyleDataset("digits", _digits_load_data)
