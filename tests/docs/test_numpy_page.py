"""docs/numpy.md lists every op of the registry (its tables are generated from it) and its
examples run and give what they say."""
import re

import numpy as np
import pytest

from autograd_lite.registry import REGISTRY

from .numpy_page import BEGIN, END, PAGE, tables


def test_the_tables_are_the_registrys():
    text = PAGE.read_text()
    shown = text.split(BEGIN)[1].split(END)[0].strip()
    assert shown == tables().strip(), ("docs/numpy.md is stale: run "
                                       "`python -m tests.docs.numpy_page`")


def test_the_page_names_every_registered_op():
    text = PAGE.read_text()
    missing = [name for name, entry in REGISTRY.items() if entry.module.startswith(
        "autograd_lite.") and f"`{name}`" not in text and f"`ag.{name}`" not in text]
    assert not missing, missing


def test_the_examples_run_and_agree():
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(), flags=re.S)
    assert len(blocks) == 3
    namespace = {}
    for block in blocks:
        exec(compile(block, "docs/numpy.md", "exec"), namespace)
    ag, anp, loss, w = (namespace[k] for k in ("ag", "anp", "loss", "w"))
    assert float(loss(anp, w)) == pytest.approx(loss(np, w), rel=1e-12)
    gradient = ag.grad(lambda v: loss(anp, v))(ag.constant(w)).numpy()
    step = 1e-6 * np.eye(2)
    central = [(loss(np, w + s) - loss(np, w - s)) / 2e-6 for s in step]
    np.testing.assert_allclose(gradient, central, rtol=1e-6)
    assert namespace["tape"].why_none(namespace["y"], namespace["x"]).cause == "left_tape"
