"""Deep graphs: a chain of 100,000 ops draws fast, collapsed, and without recursion."""
import re
import sys
import time

import pytest

import autograd_lite as ag
import visualize

from .conftest import node_statement


@pytest.fixture(scope="module")
def chain():
    x = ag.Variable(0.5, name="x")
    start = time.process_time()
    with ag.GradientTape(persistent=True) as tape:
        y = x
        for _ in range(100_000):
            y = ag.sin(y)
        loss = ag.square(y)
    recording = time.process_time() - start
    tape.gradient(loss, x)
    return x, loss, tape, recording


def test_a_100000_op_chain_draws_collapsed_in_time_linear_in_the_chain(chain):
    x, loss, tape, recording = chain
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(400)  # a recursive walk over the chain could not run under this
    try:
        start = time.process_time()
        graph = visualize.draw_graph(loss, tape)
        drawing = time.process_time() - start
    finally:
        sys.setrecursionlimit(limit)
    # A ratio of CPU times in one process, not a wall-clock limit (the machine is shared):
    # drawing reads each record a few times, as recording wrote it once (about 1x here);
    # a walk quadratic in the chain would be thousands of times slower.
    assert drawing < 10 * recording, f"draw_graph took {drawing:.2f} s of CPU, recording " \
                                     f"{recording:.2f} s"
    source = graph.source
    marker = re.search(r"⋯ ([\d,]+) ops collapsed ⋯", source)
    assert marker and int(marker.group(1).replace(",", "")) == 100_001 - 6
    assert "sin × 99,995" in source
    assert source.count("<B>sin</B>") + source.count("<B>square</B>") == 6
    assert f"v{x._id}" in source and f"v{loss._id}" in source


def test_the_collapsed_chain_renders(chain, tmp_path):
    _, loss, tape, _ = chain
    path = visualize.render(visualize.draw_graph(loss, tape), tmp_path / "chain.png")
    assert open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"


def test_short_chains_and_collapse_off_draw_every_op():
    x = ag.Variable(0.5)
    with ag.GradientTape() as tape:
        y = x
        for _ in range(40):
            y = ag.sin(y)
    assert visualize.draw_graph(y, tape, collapse_over=None).source.count("<B>sin</B>") == 40
    assert visualize.draw_graph(y, tape, collapse_over=50).source.count("<B>sin</B>") == 40
    assert "ops collapsed" in visualize.draw_graph(y, tape).source


def test_a_value_read_twice_is_never_hidden():
    x = ag.Variable(0.5)
    with ag.GradientTape() as tape:
        y = x
        for i in range(200):
            y = ag.sin(y)
            if i == 100:
                middle = y
        out = y + middle
    source = visualize.draw_graph(out, tape).source
    node_statement(source, f"v{middle._id}")
    assert len(re.findall(r"ops collapsed", source)) == 2


def test_variables_feeding_a_collapsed_run_stay_connected():
    x = ag.Variable(0.5, name="x")
    w = ag.Variable(0.999, name="w")
    with ag.GradientTape() as tape:
        y = x
        for _ in range(100):
            y = y * w
    source = visualize.draw_graph(y, tape).source
    assert f"v{w._id} -> run1 [style=dashed]" in source
