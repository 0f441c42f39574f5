"""A real browser for tests: Debian's Chromium, headless, for screenshots and the DOM after the
page's scripts ran.

``require_browser()`` returns the browser's path or skips the test with a message saying how to
install one (``make test`` installs Debian's ``chromium`` where ``apt-get`` exists). Every run
gets a fresh profile folder and flags that keep the browser off the network and quiet.

>>> isinstance(BROWSER_FLAGS, tuple) and "--headless" in BROWSER_FLAGS
True
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import List, Optional, Sequence, Union

import numpy as np

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync")
TIMEOUT = 120


def find_browser() -> Optional[str]:
    """The path of a Chromium-family browser on PATH (``$CHROMIUM`` first), or None."""
    for name in (os.environ.get("CHROMIUM"),) + BROWSER_NAMES:
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def require_browser() -> str:
    """The browser's path; skips the calling test (with how to get one) when there is none."""
    import pytest

    found = find_browser()
    if found is None:
        pytest.skip("no Chromium-family browser on PATH: install Debian's `chromium` "
                    "(`make system-deps` does it where apt-get exists) or set $CHROMIUM")
    return found


def run_browser(url: str, extra: Sequence[str], timeout: int = TIMEOUT) -> str:
    """Run the headless browser once on ``url`` with ``extra`` flags; return its stdout."""
    browser = require_browser()
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        command: List[str] = [browser, *BROWSER_FLAGS, f"--user-data-dir={profile}", *extra, url]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise RuntimeError(f"{Path(browser).name} exited with {done.returncode}: "
                           f"{done.stderr[-2000:]}")
    return done.stdout


def file_url(path: Union[str, os.PathLike], fragment: str = "") -> str:
    """``file:///...`` for a local file, with an optional ``#fragment``."""
    url = Path(path).resolve().as_uri()
    return f"{url}#{fragment}" if fragment else url


def screenshot(url: str, out: Union[str, os.PathLike], width: int = 1600,
               height: int = 1000) -> Path:
    """Render ``url`` at ``width`` x ``height`` pixels into the PNG ``out``."""
    out = Path(out)
    run_browser(url, [f"--window-size={width},{height}", f"--screenshot={out}",
                      "--hide-scrollbars", "--virtual-time-budget=3000"])
    if not out.is_file():
        raise RuntimeError(f"the browser wrote no screenshot at {out}")
    return out


def dump_dom(url: str) -> str:
    """The page's DOM as HTML after its scripts ran (up to three seconds of page time)."""
    return run_browser(url, ["--virtual-time-budget=3000", "--dump-dom"])


def pixels(png: Union[str, os.PathLike]) -> np.ndarray:
    """A PNG as an (height, width, channels) array of floats in [0, 1]."""
    from matplotlib import image

    return np.asarray(image.imread(str(png)))


def is_blank(png: Union[str, os.PathLike]) -> bool:
    """True when the picture is a single colour (nothing was drawn)."""
    array = pixels(png)[..., :3]
    return bool(np.all(array == array[0, 0]))
