"""MkDocs hook: the README becomes the home page and the notebooks and benchmark results become
pages, read from where they live in the repository (nothing is copied into docs/)."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[1]


def _home_page() -> str:
    """The README with its links made relative to docs/ (``docs/x.md`` is ``x.md`` there)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.sub(r"\]\(docs/", "](", text)


def _file(path: str, src_dir: Path, config: Any) -> File:
    # A plain file under another source folder (not File.generated): mkdocs-jupyter wraps
    # notebooks in a class that reads src_dir and src_uri.
    return File(path, src_dir=str(src_dir), dest_dir=config["site_dir"],
                use_directory_urls=config["use_directory_urls"])


@event_priority(100)  # before mkdocs-jupyter looks for notebooks among the files
def on_files(files: Files, config: Any) -> Files:
    home = Path(tempfile.mkdtemp(prefix="autograd_lite_docs_"))
    (home / "index.md").write_text(_home_page(), encoding="utf-8")
    files.append(_file("index.md", home, config))
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        files.append(_file(f"notebooks/{notebook.name}", ROOT, config))
    for name in ("RESULTS.md", "results.png"):
        if (ROOT / "benchmarks" / name).exists():
            files.append(_file(f"benchmarks/{name}", ROOT, config))
    return files
