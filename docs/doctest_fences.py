"""Griffe extension for the API site: the docstrings' ``>>>`` examples become fenced Python
console blocks, so their output (``[1.0, 2.0]``) is shown as code, not read as Markdown."""
from __future__ import annotations

from typing import Any, List

import griffe


def fence_examples(text: str) -> str:
    """Wrap each run of doctest lines (prompts and the output after them) in a pycon fence.

    >>> print(fence_examples("Sum.\\n\\n>>> 1 + 1\\n2\\n\\nDone."))
    Sum.
    <BLANKLINE>
    ```pycon
    >>> 1 + 1
    2
    ```
    <BLANKLINE>
    Done.
    """
    lines: List[str] = []
    in_example = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(">>>") and not in_example:
            lines.append("```pycon")
            in_example = True
        elif in_example and not stripped:
            lines.append("```")
            in_example = False
        lines.append(line)
    if in_example:
        lines.append("```")
    return "\n".join(lines)


class DoctestFences(griffe.Extension):
    """Fence the examples of every docstring griffe loads."""

    def on_object(self, *, obj: Any, **kwargs: Any) -> None:
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence_examples(obj.docstring.value)
