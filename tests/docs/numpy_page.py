"""The tables of docs/numpy.md, generated from the op registry.

``python -m tests.docs.numpy_page`` rewrites them between the page's markers;
``test_numpy_page.py`` fails when the page and the registry disagree.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List

import autograd_lite as ag  # noqa: F401  (registers the ops)
import autograd_lite.scipy  # noqa: F401  (and SciPy's)
from autograd_lite.numpy._names import index
from autograd_lite.registry import REGISTRY

PAGE = Path(__file__).resolve().parents[2] / "docs" / "numpy.md"
BEGIN, END = "<!-- registry tables: begin -->", "<!-- registry tables: end -->"

TITLES = {
    "arithmetic": "Arithmetic", "elementwise": "Elementwise math", "activations": "Activations",
    "reductions": "Reductions", "statistics": "Statistics", "cumulative": "Cumulative",
    "sorting": "Sorting", "shape": "Shape", "arrange": "Arranging and joining",
    "indexing": "Indexing", "products": "Products", "linalg": "Linear algebra",
    "numpy_functions": "NumPy's composites", "misc": "Casts, comparisons, constants",
    "tf_ops": "TensorFlow's functions", "fourier": "FFT helpers",
}


def _numpy_names() -> Dict[str, List[str]]:
    names: Dict[str, List[str]] = {}
    for (sub, name), (entry, _) in sorted(index().items()):
        names.setdefault(entry.name, []).append(f"{sub + '.' if sub else ''}{name}")
    return names


def _gradient(entry) -> str:
    if entry.primitive is None:
        return "composite"
    return "VJP" if entry.primitive.vjps is not None else "none"


def tables() -> str:
    numpy_names = _numpy_names()
    families: Dict[str, list] = {}
    for entry in REGISTRY.values():
        if entry.module.startswith("autograd_lite."):
            families.setdefault(entry.module.rsplit(".", 1)[-1], []).append(entry)
    lines = []
    for family in sorted(families, key=lambda f: (list(TITLES).index(f) if f in TITLES
                                                  else len(TITLES), f)):
        lines += [f"### {TITLES.get(family, family)} (`ops/{family}.py`)", "",
                  "| op | `np.` / `anp.` | TF (`ag.`) | SciPy | gradient |",
                  "| --- | --- | --- | --- | --- |"]
        for entry in families[family]:
            shown = f"`ag.{entry.name}`" if entry.public else f"`{entry.name}`"
            cells = [", ".join(f"`{n}`" for n in names) or "" for names in (
                numpy_names.get(entry.name, []), entry.tf, entry.scipy)]
            lines.append(f"| {shown} | {' | '.join(cells)} | {_gradient(entry)} |")
        lines.append("")
    return "\n".join(lines)


def rewrite() -> None:
    text = PAGE.read_text()
    head, rest = text.split(BEGIN)
    _, tail = rest.split(END)
    PAGE.write_text(f"{head}{BEGIN}\n{tables()}{END}{tail}")


if __name__ == "__main__":
    rewrite()
