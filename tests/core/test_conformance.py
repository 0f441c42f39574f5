"""What running peers' own tests against autograd_lite found (HIPS autograd's test suite through
a thin adapter, TensorFlow's and Keras's guides with the names changed): each case here is one
such failure, fixed, with values checked by hand or against central differences."""
import numpy as np
import pytest

import autograd_lite as ag
import autograd_lite.numpy as anp

from .gradcheck import check_grads


def test_append_takes_one_array_of_values():
    # np.append(arr, values): values is one array (a 0-d Tensor too), not a list of arrays
    got = anp.append(np.array([1.0, 2.0]), ag.constant(4.0, dtype="float64"))
    np.testing.assert_array_equal(got.numpy(), [1.0, 2.0, 4.0])
    np.testing.assert_array_equal(anp.insert(np.array([1.0, 2.0]), 1, 5.0).numpy(), [1, 5, 2])
    check_grads(lambda a, b: anp.append(a, b) ** 2, [1.0, 2.0, 3.0], 4.0)
    # d/db sum((a ++ b)**2 * [1 2 3 4]) = 2 * b * 4 at b = 4: 32
    g = ag.grad(lambda b: anp.sum(anp.append(np.ones(3), b) ** 2 * np.arange(1.0, 5.0)))
    assert float(g(ag.constant(4.0, dtype="float64"))) == 32.0


def test_an_unknown_keyword_is_named_as_such():
    # HIPS's convolve takes axes= and dot_axes= (SciPy's does not): the error named mode
    # ("mode must be a number") instead of the keyword the op does not take
    from autograd_lite.ops.convolution import convolve

    with pytest.raises(TypeError, match=r"convolve: unexpected keyword argument 'axes' "
                                        r"\(its settings: mode, method\)"):
        convolve(np.ones(3), np.ones(2), axes=([0], [0]), mode="valid")
    with pytest.raises(TypeError, match="exp: unexpected keyword argument 'base'"):
        ag.exp(ag.constant([1.0]), base=2)
