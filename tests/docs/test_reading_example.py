"""The reading-API example at the end of docs/inspecting.md runs and prints what it shows."""
import contextlib
import io
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "inspecting.md"


def test_the_reading_example_prints_what_the_page_shows():
    section = DOC.read_text().split("## 7. Reading a tape from your own tools")[1]
    code, shown = re.findall(r"```(?:python)?\n(.*?)```", section, flags=re.S)[:2]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, str(DOC), "exec"), {})
    assert printed.getvalue() == shown
