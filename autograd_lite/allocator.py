"""Keep freed memory for reuse instead of handing it back to the operating system.

A training step frees and allocates the same few hundred kilobytes of gradients and
temporaries every time. With glibc's defaults, arrays above 128 KiB start out as their own
``mmap`` and the top of the heap is trimmed whenever 128 KiB lie free there, so each step
maps fresh pages and the kernel zero-fills every one on first touch: about 360 page faults
per step of a 784-128-10 MLP at batch 32 (issue 17). :func:`keep_freed_memory` raises both
thresholds once (``mallopt``), after which a step reuses the heap's pages: no faults.
"""
from __future__ import annotations

import ctypes
import sys

__all__ = ["keep_freed_memory"]

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD = 16 << 20  # arrays above 16 MiB still get (and give back) their own mapping
TRIM_THRESHOLD = 32 << 20  # at most 32 MiB of freed heap is kept
_done = []


def keep_freed_memory() -> bool:
    """Ask glibc to keep freed memory for reuse (once per process); False where there is no
    glibc ``mallopt`` (macOS, Windows) and nothing changed.

    >>> keep_freed_memory() in (True, False)
    True
    """
    if _done:
        return _done[0]
    ok = False
    if sys.platform.startswith("linux"):
        try:
            mallopt = ctypes.CDLL(None).mallopt
        except (OSError, AttributeError):
            mallopt = None
        if mallopt is not None:
            mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
            ok = bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
                mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    _done.append(ok)
    return ok
