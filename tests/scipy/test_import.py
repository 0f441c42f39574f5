"""SciPy is optional: ``import autograd_lite`` needs NumPy alone, the SciPy-backed ops say how
to get SciPy, and ``autograd_lite.scipy`` reads its names from the op registry."""
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import autograd_lite.scipy as asp
from autograd_lite.primitive import REGISTRY

ROOT = Path(__file__).resolve().parents[2]  # this checkout's autograd_lite, not another
HIDE_SCIPY = """
import sys
sys.modules["scipy"] = None  # an import of scipy (or scipy.x) now fails
"""


def _run(code):
    return subprocess.run([sys.executable, "-c", HIDE_SCIPY + textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_autograd_lite_imports_and_runs_without_scipy():
    result = _run("""
    import autograd_lite as ag
    from autograd_lite.ops import linalg
    x = ag.constant([[2.0, 1.0], [1.0, 3.0]])
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = linalg.det(x) + ag.sum(ag.sin(x))
    print(float(y), tape.gradient(y, x).shape, "scipy" in sys.modules and sys.modules["scipy"])
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "None"  # never imported


def test_scipy_backed_ops_say_how_to_install_it():
    result = _run("""
    from autograd_lite.ops import special
    try:
        special.gammaln(1.0)
    except ImportError as error:
        print(error)
    try:
        import autograd_lite.scipy
    except ImportError as error:
        print(error)
    """)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    assert all("pip install 'autograd_lite[scipy]'" in line for line in lines)


def test_every_scipy_name_in_the_registry_is_reachable():
    for entry in REGISTRY.values():
        for name in entry.scipy:
            module, _, rest = name.partition(".")
            target = getattr(asp, module)
            for part in rest.split("."):
                target = getattr(target, part)
            assert target is entry.function, name


def test_an_unknown_name_is_an_attribute_error_naming_the_registry():
    with pytest.raises(AttributeError, match="no op declared with scipy=\"special.nope\""):
        asp.special.nope  # noqa: B018 (the lookup is the test)


def test_scipy_ufuncs_given_a_tensor_run_the_ops():
    import numpy as np
    import scipy.special

    import autograd_lite as ag
    x = ag.constant(np.array([0.5, 2.0]))
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = ag.sum(scipy.special.gammaln(x) + scipy.special.expit(x)
                   + scipy.special.jv(1.5, x))
    assert isinstance(y, ag.Tensor)
    expected = (scipy.special.digamma([0.5, 2.0])
                + scipy.special.expit([0.5, 2.0]) * scipy.special.expit([-0.5, -2.0])
                + 0.5 * (scipy.special.jv(0.5, [0.5, 2.0]) - scipy.special.jv(2.5, [0.5, 2.0])))
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), expected, rtol=1e-12)
