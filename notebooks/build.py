"""Build the course notebooks: run each source in ``notebooks/src`` and save it with its outputs.

The sources are Python files in jupytext's percent format (``# %%`` starts a code cell,
``# %% [markdown]`` a text cell), so a change reads as a normal diff. ``make notebooks`` runs

    python -m notebooks.build            # every notebook
    python -m notebooks.build 03         # the ones whose name starts with 03

and writes ``notebooks/<name>.ipynb`` next to the sources' folder. Outputs are never edited by
hand: they are whatever the code printed and drew.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import re
from pathlib import Path
from typing import Iterator, List, Optional

import jupytext
import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "src"
CELL_TIMEOUT = 300


def sources(prefixes: Optional[List[str]] = None) -> List[Path]:
    """The notebook sources, in course order, optionally only those starting with a prefix."""
    found = sorted(SOURCES.glob("[0-9][0-9]_*.py"))
    if prefixes:
        found = [p for p in found if any(p.name.startswith(x) for x in prefixes)]
    return found


def execute(notebook: nbformat.NotebookNode, workdir: Path) -> nbformat.NotebookNode:
    """Run every cell in ``workdir``; an error in any cell raises ``CellExecutionError``.

    The kernel imports this checkout's autograd_lite and visualize, installed or not, and the
    exercises' checks (``from exercises import check``) as Jupyter started in notebooks/ does."""
    path = os.pathsep.join(p for p in (str(HERE.parent), str(HERE), os.environ.get("PYTHONPATH"))
                           if p)
    with _environment(MPLBACKEND="module://matplotlib_inline.backend_inline", PYTHONPATH=path):
        NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                       resources={"metadata": {"path": str(workdir)}}).execute()
    return notebook


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set environment variables (which the kernel inherits) for the duration of a block."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def load(source: Path) -> nbformat.NotebookNode:
    """The notebook of a percent-format source, with a Python 3 kernel."""
    notebook = jupytext.read(source)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    notebook.metadata.pop("jupytext", None)
    return notebook


def strip_volatile(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop timings, ids and object addresses that change on every run, so rebuilt notebooks
    diff cleanly (a drawn graph's text form is ``<graphviz.graphs.Digraph at 0x7f...>``)."""
    for index, cell in enumerate(notebook.cells):
        cell.metadata.pop("execution", None)
        cell["id"] = f"cell-{index:02d}"
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if len(data) > 1 and re.search(r" at 0x[0-9a-f]+>", data.get("text/plain", "")):
                del data["text/plain"]
    notebook.metadata.pop("widgets", None)
    return notebook


def build(source: Path) -> Path:
    """Execute one source and write ``notebooks/<name>.ipynb`` with its outputs."""
    target = HERE / (source.stem + ".ipynb")
    notebook = strip_volatile(execute(load(source), HERE))
    nbformat.write(notebook, target)
    return target


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="Run and save the course notebooks.")
    parser.add_argument("prefixes", nargs="*", help="build only notebooks starting with these")
    args = parser.parse_args(argv)
    for source in sources(args.prefixes):
        print(f"building {source.name} ...", flush=True)
        print(f"  wrote {build(source).relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
