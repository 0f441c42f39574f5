"""The API reference site builds with ``mkdocs build --strict`` (a broken reference or link
fails), and its API page, opened in a real browser, shows GradientTape.gradient's signature and
docstring."""
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytest.importorskip("mkdocs", reason="the docs extra (mkdocs-material, mkdocstrings) is needed")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                             "-d", str(out)], cwd=ROOT, capture_output=True, text=True,
                            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_site_has_the_readme_api_pages_and_notebooks(site):
    assert "GradientTape" in (site / "index.html").read_text()
    for page in ("api/core.html", "api/ops.html", "api/nn.html", "api/visualize.html",
                 "inspecting.html", "notebooks/05_backprop_as_a_graph.html"):
        assert (site / page).stat().st_size > 1000, page


def _visible_text(dom: str) -> str:
    text = re.sub(r"<script.*?</script>|<style.*?</style>", "", dom, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", text)))


def test_api_page_in_a_browser_shows_gradient_signature_and_docstring(site, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("no chromium here: `make test` installs Debian's chromium where apt-get is")
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
         (site / "api" / "core.html").as_uri()],
        capture_output=True, text=True, timeout=120)
    text = _visible_text(result.stdout)
    signature = re.search(r"gradient\( ?target: Any, sources: Any, output_gradients: Any = None, "
                          r"unconnected_gradients: Any = UnconnectedGradients.NONE,? ?\) -> Any "
                          r"Gradients of target", text)
    assert signature is not None, text[:2000]
    assert "each entry with its source's shape and dtype" in text
