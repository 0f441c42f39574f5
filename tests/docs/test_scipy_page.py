"""docs/scipy.md's examples run and print what the page says."""
import re
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_scipy_page_examples_run_and_give_the_values_shown():
    text = (ROOT / "docs" / "scipy.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 3
    namespace = {}
    for block in blocks:
        exec(compile(block, "docs/scipy.md", "exec"), namespace)
    ag = namespace["ag"]
    with ag.GradientTape() as tape:
        tape.watch(namespace["x"])
        y = ag.sum(namespace["special"].gammaln(namespace["x"]))
    np.testing.assert_allclose(tape.gradient(y, namespace["x"]).numpy(),
                               [-1.96351003, 0.42278434], rtol=1e-7)  # ψ(0.5), ψ(2)
    assert "[-1.96351003  0.42278434]" in text and "-0.8" in text
    with ag.GradientTape() as tape:
        nll = -ag.sum(namespace["stats"].norm.logpdf(np.array([0.1, 0.9, 1.3]),
                                                     loc=namespace["mu"], scale=1.0))
    assert float(tape.gradient(nll, namespace["mu"])) == pytest.approx(-0.8)
