"""The backprop stepper page: frames of the backward pass in one self-contained HTML file.

Everything is inline (SVG pictures, style, script), so the file opens from a disk or a mail
attachment with no network. The page shows one frame at a time; Next / Prev buttons, the arrow
keys (and Home / End) move between frames, and ``#step-3`` in the address opens frame 3. The
``body`` element's ``data-current`` attribute says which frame is shown.

>>> text = page("demo", ["<svg></svg>", "<svg></svg>"], ["step", "op"], [[("1", "add")],
...             [("2", "sin")]], ["dy/dx = 1"])
>>> 'data-total="2"' in text and "ArrowRight" in text
True
"""
from __future__ import annotations

import html
import re
from typing import List, Sequence, Tuple

STYLE = """
body { font-family: Helvetica, Arial, sans-serif; margin: 0; background: #fff; color: #222; }
header { position: sticky; top: 0; background: #f4f6f7; border-bottom: 1px solid #ccd1d1;
         padding: 8px 16px; display: flex; gap: 12px; align-items: center; z-index: 1; }
header h1 { font-size: 16px; margin: 0 16px 0 0; }
button { font-size: 15px; padding: 4px 14px; cursor: pointer; }
#counter { font-weight: bold; min-width: 110px; }
.hint { color: #666; font-size: 13px; }
.frame { padding: 8px 16px; }
.picture svg { max-width: 100%; max-height: 78vh; width: auto; height: auto; }
table.explain { border-collapse: collapse; font-size: 13px; margin-top: 8px; }
table.explain th, table.explain td { border: 1px solid #ccd1d1; padding: 3px 6px;
  text-align: left; vertical-align: top; font-family: Menlo, Consolas, monospace; }
table.explain th { background: #eaf2f8; font-family: Helvetica, Arial, sans-serif; }
.gradients { font-size: 13px; color: #555; }
"""

SCRIPT = """
(function () {
  var frames = document.querySelectorAll("section.frame");
  var counter = document.getElementById("counter");
  var current = 0;
  function show(k) {
    current = Math.max(0, Math.min(frames.length - 1, k));
    for (var i = 0; i < frames.length; i++) { frames[i].hidden = (i !== current); }
    document.body.setAttribute("data-current", String(current + 1));
    counter.textContent = "step " + (current + 1) + " of " + frames.length;
    if (history.replaceState) { history.replaceState(null, "", "#step-" + (current + 1)); }
  }
  document.getElementById("next").addEventListener("click", function () { show(current + 1); });
  document.getElementById("prev").addEventListener("click", function () { show(current - 1); });
  document.addEventListener("keydown", function (event) {
    var moves = {ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1,
                 ArrowLeft: -1, ArrowUp: -1, PageUp: -1};
    if (event.key in moves) { show(current + moves[event.key]); event.preventDefault(); }
    else if (event.key === "Home") { show(0); }
    else if (event.key === "End") { show(frames.length - 1); }
  });
  var start = /^#step-(\\d+)$/.exec(location.hash);
  show(start ? parseInt(start[1], 10) - 1 : 0);
})();
"""


def svg_body(svg: str) -> str:
    """An SVG document without its XML prolog and doctype, ready to sit inside HTML.

    >>> svg_body('<?xml version="1.0"?>\\n<!DOCTYPE svg>\\n<svg width="1"></svg>\\n')
    '<svg width="1"></svg>'
    """
    start = svg.find("<svg")
    return (svg[start:] if start >= 0 else svg).strip()


def _table(columns: Sequence[str], rows: Sequence[Tuple[str, ...]]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                   for row in rows)
    return f'<table class="explain"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def page(title: str, pictures: List[str], columns: Sequence[str],
         rows: List[Sequence[Tuple[str, ...]]], results: Sequence[str]) -> str:
    """The whole page: one section per frame (its SVG and its explain rows), then the script."""
    if len(pictures) != len(rows):
        raise ValueError(f"page: {len(pictures)} pictures but {len(rows)} explain rows")
    sections = []
    for number, (svg, frame_rows) in enumerate(zip(pictures, rows), start=1):
        hidden = "" if number == 1 else " hidden"
        sections.append(f'<section class="frame" id="step-{number}" data-step="{number}"'
                        f'{hidden}><div class="picture">{svg_body(svg)}</div>'
                        f"{_table(columns, frame_rows)}</section>")
    gradients = "".join(f"<li><code>{html.escape(r)}</code></li>" for r in results)
    safe_title = html.escape(title)
    text = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{safe_title}</title><style>{STYLE}</style></head>\n"
            f'<body data-current="1" data-total="{len(pictures)}">\n'
            f'<header><h1>{safe_title}</h1><button id="prev">&#9664; Prev</button>'
            f'<span id="counter">step 1 of {len(pictures)}</span>'
            f'<button id="next">Next &#9654;</button>'
            f'<span class="hint">or the arrow keys</span></header>\n'
            + "\n".join(sections)
            + f'\n<footer class="frame gradients">gradients at the end: <ul>{gradients}</ul>'
              f"</footer>\n<script>{SCRIPT}</script>\n</body></html>\n")
    return re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)  # Graphviz's generator comments
