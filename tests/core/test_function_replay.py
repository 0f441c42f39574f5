"""ag.function's replays, second round (issue 17): random draws redrawn at every replay,
arguments freed when the caller drops them, the plan's own buffers."""
import gc
import weakref

import numpy as np

import autograd_lite as ag


def test_a_replay_frees_its_arguments_when_the_caller_drops_them():
    double = ag.function(lambda x, pair: x * 2 + pair[0])
    double(ag.constant([1.0, 2.0]), [ag.constant([0.0, 0.0])])  # the trace
    was_enabled = gc.isenabled()
    gc.disable()  # only reference counts may free them
    try:
        x, y = ag.constant([3.0, 4.0]), ag.constant([1.0, 1.0])
        result = double(x, [y])
        np.testing.assert_array_equal(result.numpy(), [7.0, 9.0])
        x_ref, y_ref = weakref.ref(x), weakref.ref(y)
        del x, y
        assert x_ref() is None and y_ref() is None
    finally:
        if was_enabled:
            gc.enable()
