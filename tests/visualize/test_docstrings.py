"""The examples in the visualize docstrings run and print what they claim."""
import doctest
import importlib

import numpy as np
import pytest

import autograd_lite as ag
import visualize

MODULES = ["visualize", "visualize.graph", "visualize.labels", "visualize.network",
           "visualize.neurons", "visualize.plots", "visualize.render", "visualize.styles",
           "visualize.tape_reader", "visualize.values", "visualize.steps",
           "visualize.stepper_page"]


@pytest.mark.parametrize("module_name", MODULES)
def test_docstring_examples(module_name):
    module = importlib.import_module(module_name)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    for test in doctest.DocTestFinder(exclude_empty=True).find(
            module, globs=dict(vars(module), ag=ag, np=np, visualize=visualize)):
        runner.run(test)
    failed, attempted = runner.summarize(verbose=False)
    assert attempted > 0 and failed == 0, f"{failed} of {attempted} failed in {module_name}"
