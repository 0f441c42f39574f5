"""The backprop stepper page: one self-contained HTML file, checked as text and in a real
browser (headless Chromium: a screenshot that is not blank, key presses that move frames)."""
import re

import graphviz
import numpy as np
import pytest

import autograd_lite as ag
import visualize
from tests import browser
from tests.introspect.examples import network_2331


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    tape, error, _ = network_2331()
    frames = visualize.backward_steps(error, tape)
    path = tmp_path_factory.mktemp("page") / "backprop.html"
    assert frames.save_html(path) == str(path)
    return frames, path, path.read_text(encoding="utf-8")


def test_the_page_holds_every_frame_with_its_explain_row(page):
    frames, _, text = page
    sections = re.findall(r'<section class="frame" id="step-(\d+)" data-step="\d+"( hidden)?>'
                          r'(.*?)</section>', text, re.DOTALL)
    assert [int(n) for n, _, _ in sections] == list(range(1, len(frames) + 1)) and len(frames) == 12
    assert [hidden for _, hidden, _ in sections] == [""] + [" hidden"] * 11
    for (number, _, body), step in zip(sections, frames.report.steps):
        assert body.count("<svg") == 1 and f"backward step {number}/12" in body
        cells = re.findall(r"<td>(.*?)</td>", body)
        assert cells[:2] == [number, step.primitive.name]
    assert 'data-current="1" data-total="12"' in text
    assert "d%19/dW3 = [[-0.0045249 -0.0047302 -0.004729]]" in text


def test_the_page_needs_no_network(page):
    text = page[2]
    assert "<script src" not in text and "<link" not in text and "<img" not in text
    addresses = set(re.findall(r"https?://[^\s\"')]+", text))
    assert addresses <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def test_the_page_renders_in_a_browser_and_is_not_blank(page, tmp_path):
    _, path, _ = page
    shot = browser.screenshot(browser.file_url(path), tmp_path / "page.png")
    assert not browser.is_blank(shot)
    colours = browser.pixels(shot)[..., :3].reshape(-1, 3)
    highlight = np.array([0xff, 0xd5, 0x4f]) / 255          # the active op's fill
    assert np.any(np.all(np.abs(colours - highlight) < 0.02, axis=1))
    assert len(np.unique((colours * 255).round(), axis=0)) > 50


def _with_keys(text, *keys):
    script = "".join(f'document.dispatchEvent(new KeyboardEvent("keydown", {{key: "{key}"}}));'
                     for key in keys)
    return text.replace("</body>", f"<script>{script}</script></body>")


def _shown(dom):
    body = re.search(r'<body data-current="(\d+)" data-total="(\d+)"', dom)
    visible = re.findall(r'<section class="frame" id="step-(\d+)" data-step="\d+">', dom)
    return int(body.group(1)), visible


def test_key_presses_and_the_address_move_between_frames(page, tmp_path):
    _, _, text = page
    moved = tmp_path / "keys.html"
    moved.write_text(_with_keys(text, "ArrowRight"), encoding="utf-8")
    assert _shown(browser.dump_dom(browser.file_url(moved))) == (2, ["2"])
    assert _shown(browser.dump_dom(browser.file_url(moved, "step-5"))) == (6, ["6"])
    moved.write_text(_with_keys(text, "End", "ArrowLeft", "ArrowLeft"), encoding="utf-8")
    assert _shown(browser.dump_dom(browser.file_url(moved))) == (10, ["10"])
    clicked = tmp_path / "click.html"
    clicked.write_text(text.replace("</body>", '<script>document.getElementById("prev").click();'
                                               "</script></body>"), encoding="utf-8")
    assert _shown(browser.dump_dom(browser.file_url(clicked, "step-3"))) == (2, ["2"])


def test_a_1000_op_chain_draws_each_node_about_once(monkeypatch):
    """Frames share the lines that did not change: the DOT statements written grow with the
    ops plus the changes per step, not with ops x frames (which took 116 s)."""
    x = ag.Variable(0.5, name="x")
    with ag.GradientTape() as tape:
        v = x
        for _ in range(1000):
            v = ag.sin(v)
    written = {"node": 0, "edge": 0}
    for kind in written:
        original = getattr(graphviz.Digraph, kind)

        def counted(self, *args, _kind=kind, _original=original, **kwargs):
            written[_kind] += 1
            return _original(self, *args, **kwargs)
        monkeypatch.setattr(graphviz.Digraph, kind, counted)
    frames = visualize.backward_steps(v, tape)
    assert len(frames) == 1000
    assert written["node"] < 6 * 1000 and written["edge"] < 4 * 1000
    last = frames[-1].source
    assert last.count("->") == 2 * 1000 and "grad " in last


def test_broadcast_sends_say_summed_over_the_batch():
    x = ag.constant(np.ones((4, 3)), name="x")
    b = ag.Variable([0.1, 0.2, 0.3], name="b", dtype="float64")
    with ag.GradientTape() as tape:
        y = ag.sum(x + b)
    frames = visualize.backward_steps(y, tape)
    add_frame = frames[1].source
    assert "sends [4 4 4]\n(summed over the batch)" in add_frame


def test_rankdir_and_a_1600_pixel_frame():
    tape, error, _ = network_2331()
    frames = visualize.backward_steps(error, tape, rankdir="LR")
    assert "rankdir=LR" in frames[0].source and 'size="16.667,16.667"' in frames[0].source
    assert "rankdir=TB" in visualize.backward_steps(error, tape)[0].source
    with pytest.raises(ValueError, match=r"backward_steps: rankdir must be one of \('TB', "
                                         r"'LR'\), got 'XY'"):
        visualize.backward_steps(error, tape, rankdir="XY")


def test_make_demo_writes_the_stepper_page_of_the_2331_network(tmp_path):
    from visualize import demo
    _, error, tape, _ = demo.seed_network()
    path = demo.write_stepper(error, tape, tmp_path / "demo_output" / "backprop.html")
    text = (tmp_path / "demo_output" / "backprop.html").read_text(encoding="utf-8")
    assert path.endswith("backprop.html") and 'data-total="12"' in text
    assert "2-3-3-1 network" in text and "0.94993" in text


def test_a_frame_at_batch_4_with_a_hidden_layer_fits_1600_pixels():
    x = ag.constant([[0.5, 1.0], [-1.0, 2.0], [1.5, -0.5], [0.0, 1.0]], name="x")
    y = ag.constant([[1.0], [0.0], [1.0], [0.0]], name="y")
    W1 = ag.Variable([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]], name="W1")
    b1 = ag.Variable([0.0, 0.1, -0.1], name="b1")
    W2 = ag.Variable([[0.7], [-0.8], [0.9]], name="W2")
    with ag.GradientTape() as tape:
        h = ag.sigmoid(x @ W1 + b1)
        loss = ag.mean(ag.square(y - h @ W2))
    frames = visualize.backward_steps(loss, tape)
    png = frames[2].pipe(format="png")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert max(width, height) <= 1601 and max(width, height) >= 800, (width, height)
    hidden = short_rows(h.numpy())
    assert all(row in frames[-1].source for row in hidden)      # (4, 3): one row per line


def short_rows(matrix):
    from autograd_lite.introspect import short
    return [short(row, 24) for row in matrix]
