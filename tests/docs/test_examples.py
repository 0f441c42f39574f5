"""The examples in docstrings and in the README run and print what they claim."""
import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import numpy as np
import pytest

import autograd_lite as ag
import autograd_lite.scipy as ag_scipy
from autograd_lite import introspect

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_MODULES = ["autograd_lite.tensor", "autograd_lite.tape", "autograd_lite.records",
                   "autograd_lite.graph", "autograd_lite.nest", "autograd_lite.backend",
                   "autograd_lite.recording",
                   "autograd_lite.primitive", "autograd_lite.functional",
                   "autograd_lite.unbroadcast", "autograd_lite.testing", "autograd_lite.datasets",
                   "autograd_lite.random", "autograd_lite.custom_gradient",
                   "autograd_lite.data", "autograd_lite.function", "autograd_lite.allocator",
                   "autograd_lite.plan_reads", "autograd_lite.plan_kernels",
                   "autograd_lite.registry", "autograd_lite.leaks",
                   "autograd_lite.methods", "autograd_lite.math", "autograd_lite.linalg",
                   "autograd_lite.dtypes", "autograd_lite.numpy", "autograd_lite.numpy._names",
                   "autograd_lite.numpy.linalg", "autograd_lite.numpy.fft",
                   "autograd_lite.numpy.random", "autograd_lite.scipy"] + [
    f"{package.__name__}.{m.name}" for package in (ag.ops, ag.nn, introspect, ag_scipy)
    for m in pkgutil.iter_modules(package.__path__)]


@pytest.mark.parametrize("module_name", PACKAGE_MODULES)
def test_docstring_examples(module_name):
    module = importlib.import_module(module_name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    globs = dict(vars(module), ag=ag, np=np)
    for test in finder.find(module, globs=globs):
        runner.run(test)
    failed, attempted = runner.summarize(verbose=False)
    assert failed == 0, f"{failed} of {attempted} docstring examples failed in {module_name}"


def readme_blocks():
    text = (ROOT / "README.md").read_text()
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_readme_python_blocks_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the pictures example writes into out/
    namespace = {}
    blocks = readme_blocks()
    assert len(blocks) >= 3
    for block in blocks:  # every block runs as pasted, in order
        exec(compile(block, "README.md", "exec"), namespace)
    np.testing.assert_allclose(namespace["dw"].numpy(), [0.70501107, 0.6299615], rtol=1e-6)
    assert float(namespace["d2y"]) == pytest.approx(12.0)
    assert namespace["accuracy"] > 0.9
    assert (tmp_path / "out" / "seed_graph.png").read_bytes()[:4] == b"\x89PNG"
