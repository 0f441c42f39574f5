"""Reading and writing ``.npz`` archives of named arrays safely.

Reading is bounded by what the caller expects: each member's ``.npy`` header is read and
checked (a real dtype, the expected shape) before any of its data is decompressed, and then
exactly the expected number of bytes is read. Members the caller does not ask for are never
decompressed, so a small crafted file cannot cost a large amount of memory. Writing goes to a
temporary file beside the target, renamed over it once complete.

Examples
--------
>>> import os, tempfile
>>> import numpy as np
>>> path = os.path.join(tempfile.mkdtemp(), "a.npz")
>>> write_atomically(path, {"w": np.ones(2, dtype=np.float32)})
>>> with open_archive(path, "example") as archive:
...     archive.read("w", (2,)).tolist()
[1.0, 1.0]
"""
from __future__ import annotations

import contextlib
import os
import re
import struct
import tempfile
import zipfile
import zlib
from typing import BinaryIO, Dict, Iterator, Tuple

import numpy as np

__all__ = ["ArchiveError", "Archive", "open_archive", "write_atomically", "atomic_file",
           "describe_mismatch", "REAL_KINDS"]

#: dtype kinds a weight may have: bool, integers and real floats (not strings, objects,
#: datetimes, complex numbers or structured records).
REAL_KINDS = "biuf"
_MAX_HEADER = 10_000  # bytes of .npy header text (NumPy's own default limit)
_NPY_MAGIC = b"\x93NUMPY"
_BROKEN = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError,
           struct.error, NotImplementedError)


class ArchiveError(ValueError):
    """A file that is not a complete archive of the expected arrays; the message names it."""


class Archive:
    """An open ``.npz``: member names and bounded reads (use :func:`open_archive`)."""

    def __init__(self, zipped: zipfile.ZipFile, path: str, where: str) -> None:
        self._zip, self.path, self.where = zipped, path, where
        self.members: Dict[str, zipfile.ZipInfo] = {}
        for info in zipped.infolist():  # names as np.load gives them: "w" for "w.npy"
            name = info.filename[:-4] if info.filename.endswith(".npy") else info.filename
            if name in self.members:
                raise ArchiveError(f"{where}: '{path}' is not a complete weight file (truncated "
                                   f"or corrupt): it holds two arrays named {name!r}")
            self.members[name] = info

    def names(self) -> list:
        """The array names, in the archive's order."""
        return list(self.members)

    def header(self, name: str) -> Tuple[Tuple[int, ...], np.dtype]:
        """The shape and dtype the member's ``.npy`` header claims (no data is read)."""
        with self._zip.open(self.members[name]) as stream:
            shape, _, dtype = _read_header(stream)
        return shape, dtype

    def read(self, name: str, shape: Tuple[int, ...], kinds: str = REAL_KINDS) -> np.ndarray:
        """The array ``name``, which must have ``shape`` and a dtype of one of ``kinds``;
        anything else raises :class:`ArchiveError` before its data is decompressed."""
        with self._zip.open(self.members[name]) as stream:
            found, fortran, dtype = _read_header(stream)
            problem = describe_mismatch(name, found, dtype, tuple(shape), kinds)
            if problem:
                raise ArchiveError(f"{self.where}: '{self.path}' does not match: {problem}")
            size = int(np.prod(found, dtype=np.int64)) * dtype.itemsize
            data = stream.read(size)
            if len(data) != size or stream.read(1):  # (the read past the end checks the CRC)
                raise ArchiveError(f"{self.where}: '{self.path}' is not a complete weight file "
                                   f"(truncated or corrupt): array {name!r} holds "
                                   f"{'less' if len(data) != size else 'more'} data than its "
                                   f"header says")
        array = np.frombuffer(data, dtype=dtype)
        return (array.reshape(found[::-1]).T if fortran else array.reshape(found)).copy()


def _read_header(stream) -> Tuple[Tuple[int, ...], bool, np.dtype]:
    version = np.lib.format.read_magic(stream)
    if version == (1, 0):
        return np.lib.format.read_array_header_1_0(stream, max_header_size=_MAX_HEADER)
    return np.lib.format.read_array_header_2_0(stream, max_header_size=_MAX_HEADER)


def describe_mismatch(name: str, shape: tuple, dtype: np.dtype, expected: tuple,
                      kinds: str = REAL_KINDS) -> str:
    """What is wrong with array ``name`` of ``shape`` and ``dtype`` where ``expected`` (a
    shape) of one of the dtype ``kinds`` is needed, or ``""``.

    >>> describe_mismatch("b", (3,), np.dtype("float32"), (2,))
    'b: the file holds shape (3,), the model needs (2,)'
    """
    if dtype.kind not in kinds or dtype.names is not None or dtype.subdtype is not None:
        return (f"{name}: the file holds dtype {dtype}, which a weight cannot have (only bool, "
                f"integer and real floating dtypes)")
    if shape != expected:
        return f"{name}: the file holds shape {shape}, the model needs {expected}"
    return ""


@contextlib.contextmanager
def open_archive(path: str, where: str) -> Iterator[Archive]:
    """Open ``path`` for bounded reads; any sign of a broken file is an
    :class:`ArchiveError` naming ``where`` and the file (``FileNotFoundError`` if absent)."""
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{where}: no weight file at '{path}'")
    try:
        with zipfile.ZipFile(path) as zipped:
            yield Archive(zipped, path, where)
    except ArchiveError:
        raise
    except _BROKEN as error:
        raise ArchiveError(f"{where}: '{path}' is not a complete weight file (truncated or "
                           f"corrupt): {_what_it_is(path, error)}") from error


def _what_it_is(path: str, error: BaseException) -> str:
    with open(path, "rb") as stream:
        start = stream.read(len(_NPY_MAGIC))
    if start == _NPY_MAGIC:
        return "it is a single .npy array, not an .npz archive of named arrays"
    return f"{type(error).__name__}: {error}"


def write_atomically(path: str, arrays: Dict[str, np.ndarray]) -> None:
    """Write ``arrays`` to ``path`` as an ``.npz``, through :func:`atomic_file`."""
    with atomic_file(path) as stream:
        np.savez(stream, **arrays)


@contextlib.contextmanager
def atomic_file(path: str) -> Iterator[BinaryIO]:
    """A binary stream whose contents replace ``path`` when the block ends without error.

    It writes a temporary file in the same folder, flushes it to disk and renames it over
    ``path``, so ``path`` always holds a whole file (the old one if the block fails). The
    file gets the mode a new file gets (0644 less the umask) or keeps an existing file's
    mode. Temporary files left by an earlier save that was killed are removed first.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "note.txt")
    >>> with atomic_file(path) as stream:
    ...     _ = stream.write(b"done")
    >>> open(path, "rb").read()
    b'done'
    """
    folder = os.path.dirname(os.path.abspath(path))
    base = os.path.basename(path)
    _remove_stale_temporaries(folder, base)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{base}.{os.getpid()}.",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _mode_for(path: str) -> int:
    try:
        return os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        return 0o644 & ~_umask()


def _umask() -> int:
    """The process umask, read without changing it where Linux allows (``os.umask`` sets it,
    process-wide, for a moment)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove_stale_temporaries(folder: str, base: str) -> None:
    """Delete ``.<base>.<pid>.*.tmp`` files whose writing process no longer runs."""
    pattern = re.compile(rf"^\.{re.escape(base)}\.(\d+)\.[^.]+\.tmp$")
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = pattern.match(name)
        if match and not _running(int(match.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True  # another save in this process may be writing it now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's process: leave its file alone
    return True
