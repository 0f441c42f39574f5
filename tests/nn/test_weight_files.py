"""Bad weight files, table-driven: each raises the documented ValueError naming the file and
the problem, and leaves every weight as it was. Plus bounded reads, modes and killed saves."""
import os
import signal
import subprocess
import sys
import time
import tracemalloc
import zipfile

import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.nn.weights_io import FORMAT, weight_names

KERNEL, BIAS = "0.dense.kernel", "0.dense.bias"


def make_model(seed=0):
    ag.random.set_seed(seed)
    return ag.nn.Sequential([ag.nn.Input((3,)), ag.nn.Dense(4, activation="relu"),
                             ag.nn.BatchNormalization(), ag.nn.Dense(2)])


def good_arrays():
    return {**{name: v.numpy() for name, v in weight_names(make_model(seed=1))},
            "__format__": np.array(FORMAT)}


def write_npz(path, arrays):
    with open(path, "wb") as stream:
        np.savez(stream, **arrays)


def replaced(**changes):
    def write(path):
        arrays = good_arrays()
        arrays.update({name.replace("__", "."): value for name, value in changes.items()})
        write_npz(path, arrays)
    return write


def truncated(path):
    write_npz(path, good_arrays())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def flipped_directory(path):
    write_npz(path, good_arrays())
    data = bytearray(path.read_bytes())
    directory = data.index(b"PK\x01\x02")  # the first central-directory entry
    for offset in (10, 11, 20, 24, 28):  # method, crc and sizes, name length
        data[directory + offset] ^= 0xA5
    path.write_bytes(bytes(data))


def flipped_data(path):
    write_npz(path, good_arrays())
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(KERNEL + ".npy")
    data[info.header_offset + 30 + len(info.filename) + 128 + 4] ^= 0x01  # in the numbers
    path.write_bytes(bytes(data))


def npy_named_npz(path):
    with open(path, "wb") as stream:
        np.save(stream, np.zeros((3, 4), dtype=np.float32))


def member_with_header(path, name, header, payload=b"", extra=()):
    """An archive of the good arrays where ``name`` has a hand-written .npy header."""
    arrays = good_arrays()
    arrays.pop(name, None)
    write_npz(path, arrays)
    with zipfile.ZipFile(path, "a") as archive:
        with archive.open(name + ".npy", "w") as stream:
            np.lib.format.write_array_header_1_0(stream, header)
            stream.write(payload)


def huge_header(path):
    member_with_header(path, KERNEL, {"descr": "<f4", "fortran_order": False,
                                      "shape": (10**6, 10**6)}, b"\0" * 48)


def short_data(path):
    member_with_header(path, KERNEL, {"descr": "<f4", "fortran_order": False, "shape": (3, 4)},
                       b"\0" * 20)


def extra_names(path):
    write_npz(path, {**good_arrays(), "9.dense.kernel": np.zeros(3, np.float32)})


def no_marker(path):
    arrays = good_arrays()
    del arrays["__format__"]
    write_npz(path, arrays)


def twice_named(path):
    write_npz(path, good_arrays())
    with zipfile.ZipFile(path, "a") as archive, pytest.warns(UserWarning, match="Duplicate"):
        with archive.open(KERNEL + ".npy", "w") as stream:
            np.lib.format.write_array(stream, np.zeros((3, 4), np.float32))


def other_member(path):
    write_npz(path, good_arrays())
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("notes.txt", "not an array")


STRUCTURED = np.zeros(4, dtype=[("a", "f4"), ("b", "i4")])
CASES = {
    "truncated": (truncated, "truncated or corrupt"),
    "bit-flipped zip directory": (flipped_directory, "truncated or corrupt"),
    "bit-flipped array data": (flipped_data, "truncated or corrupt"),
    ".npy under an .npz name": (npy_named_npz, "single .npy array, not an .npz"),
    "header claiming a huge shape": (huge_header, "shape (1000000, 1000000)"),
    "less data than the header says": (short_data, "holds less data than its header says"),
    "extra names": (extra_names, "not in the model: 9.dense.kernel"),
    "no format marker": (no_marker, "not an autograd_lite weight file"),
    "a name given twice": (twice_named, "two arrays named '0.dense.kernel'"),
    "a member that is not an array": (other_member, "not in the model: notes.txt"),
    "string bias": (replaced(**{"0__dense__bias": np.array(["a", "b", "c", "d"])}),
                    "0.dense.bias: the file holds dtype <U1"),
    "object bias": (replaced(**{"0__dense__bias": np.array([1.0, "x", None, 2], dtype=object)}),
                    "0.dense.bias: the file holds dtype object"),
    "datetime bias": (replaced(**{"0__dense__bias": np.zeros(4, dtype="datetime64[s]")}),
                      "dtype datetime64[s]"),
    "complex bias": (replaced(**{"0__dense__bias": np.zeros(4, dtype=np.complex64)}),
                     "dtype complex64"),
    "structured bias": (replaced(**{"0__dense__bias": STRUCTURED}), "0.dense.bias: the file"),
    "wrong shape": (replaced(**{"0__dense__kernel": np.zeros((4, 3), np.float32)}),
                    "the file holds shape (4, 3), the model needs (3, 4)"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_bad_file_raises_naming_it_and_changes_no_weight(tmp_path, name):
    write, words = CASES[name]
    path = tmp_path / "bad.weights.npz"
    write(path)
    model = make_model(seed=2)
    before = model.get_weights()
    with pytest.raises(ValueError) as error:
        model.load_weights(path)
    message = str(error.value)
    assert message.startswith("load_weights: ") and "bad.weights.npz" in message, message
    assert words in message, message
    for old, now in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, now)


def test_a_string_bias_is_caught_before_the_kernel_is_written(tmp_path):
    path = tmp_path / "w.npz"
    replaced(**{"0__dense__bias": np.array(["a", "b", "c", "d"])})(path)
    model = make_model(seed=2)
    kernel = model.layers[0].kernel.numpy()
    with pytest.raises(ValueError, match="dtype <U1"):
        model.load_weights(path)
    np.testing.assert_array_equal(model.layers[0].kernel.numpy(), kernel)


def test_int_and_float64_arrays_load_as_the_variables_dtype(tmp_path):
    arrays = good_arrays()
    arrays[KERNEL] = np.arange(12, dtype=np.int64).reshape(3, 4)
    arrays[BIAS] = np.array([0.1, 0.2, 0.3, 0.4], dtype=np.float64)
    path = tmp_path / "w.npz"
    write_npz(path, arrays)
    model = make_model(seed=2)
    model.load_weights(path)
    assert model.layers[0].kernel.dtype == np.float32
    np.testing.assert_array_equal(model.layers[0].kernel.numpy(), arrays[KERNEL])
    np.testing.assert_array_equal(model.layers[0].bias.numpy(),
                                  arrays[BIAS].astype(np.float32))


def zeros_member(archive, name, count):
    """A deflated member of ``count`` float32 zeros: tiny on disk, large when decompressed."""
    with archive.open(name + ".npy", "w", force_zip64=True) as stream:
        np.lib.format.write_array_header_1_0(
            stream, {"descr": "<f4", "fortran_order": False, "shape": (count,)})
        chunk = b"\0" * (1 << 20)
        for _ in range(count * 4 // len(chunk)):
            stream.write(chunk)


@pytest.mark.parametrize("where", ["an extra name", "a kernel with too much data"])
def test_a_small_file_cannot_cost_a_large_amount_of_memory(tmp_path, where):
    path = tmp_path / "bomb.npz"
    arrays = good_arrays()
    if where == "a kernel with too much data":
        del arrays[KERNEL]
    write_npz(path, arrays)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        if where == "an extra name":
            zeros_member(archive, "9.huge", 50 * 2**20)  # 200 MB of zeros
        else:  # the header claims the right shape, the member holds 200 MB
            with archive.open(KERNEL + ".npy", "w", force_zip64=True) as stream:
                np.lib.format.write_array_header_1_0(
                    stream, {"descr": "<f4", "fortran_order": False, "shape": (3, 4)})
                for _ in range(200):
                    stream.write(b"\0" * (1 << 20))
    assert path.stat().st_size < 400_000
    model = make_model(seed=2)
    before = model.get_weights()
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="bomb.npz"):
            model.load_weights(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * 2**20, peak
    for old, now in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, now)


# --- what saving leaves on disk --------------------------------------------------------
@pytest.fixture
def umask():
    def set_mask(mask):
        previous.append(os.umask(mask))
    previous = []
    yield set_mask
    for mask in reversed(previous):
        os.umask(mask)


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o027, 0o640)])
def test_a_new_weight_file_gets_0644_less_the_umask(tmp_path, umask, mask, mode):
    umask(mask)
    path = tmp_path / "w.npz"
    make_model().save_weights(path)
    assert path.stat().st_mode & 0o777 == mode


def test_an_existing_files_mode_is_kept(tmp_path, umask):
    umask(0o022)
    path = tmp_path / "w.npz"
    path.write_bytes(b"old")
    os.chmod(path, 0o640)
    make_model().save_weights(path)
    assert path.stat().st_mode & 0o777 == 0o640
    make_model(seed=1).load_weights(path)


KILLED_SAVE = """
import os, sys, time
import numpy as np
sys.path.insert(0, {root!r})
import autograd_lite as ag

def slow_savez(stream, **arrays):
    stream.write(b"half a file")
    stream.flush()
    print("writing", flush=True)
    time.sleep(60)

np.savez = slow_savez
model = ag.nn.Sequential([ag.nn.Input((3,)), ag.nn.Dense(2)])
model.save_weights({path!r})
"""


def test_a_save_killed_midway_leaves_a_temporary_the_next_save_removes(tmp_path):
    path = tmp_path / "w.npz"
    make_model().save_weights(path)
    good = path.read_bytes()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    child = subprocess.Popen([sys.executable, "-c", KILLED_SAVE.format(root=root, path=str(path))],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "writing"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        child.stdout.close()
    left = [name for name in os.listdir(tmp_path) if name != "w.npz"]
    assert len(left) == 1 and left[0].endswith(".tmp")  # what a kill -9 leaves behind
    assert path.read_bytes() == good  # the file itself is untouched
    make_model(seed=1).load_weights(path)
    time.sleep(0.01)
    make_model(seed=3).save_weights(path)
    assert os.listdir(tmp_path) == ["w.npz"]
    make_model(seed=1).load_weights(path)


def test_a_crafted_format_marker_is_not_read(tmp_path):
    path = tmp_path / "marker.npz"
    member_with_header(path, "__format__", {"descr": "<U100000000", "fortran_order": False,
                                            "shape": ()}, b"\0" * 16)
    model = make_model(seed=2)
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="marker.npz.*not an autograd_lite weight file"):
            model.load_weights(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * 2**20, peak


def test_a_saved_keras_file_gets_the_same_mode_rules(tmp_path, umask):
    umask(0o022)
    model = make_model()
    model.compile(optimizer="sgd", loss="mse")
    path = tmp_path / "m.keras"
    model.save(path)
    assert path.stat().st_mode & 0o777 == 0o644
    os.chmod(path, 0o600)
    model.save(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert os.listdir(tmp_path) == ["m.keras"]
