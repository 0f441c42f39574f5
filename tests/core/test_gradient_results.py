"""The results gradient() hands back, where some sources repeat or get no gradient (the checks
for None results are skipped only when every source got one)."""
import numpy as np

import autograd_lite as ag


def test_a_source_given_twice_gets_its_gradient_twice_and_an_unconnected_one_none():
    x, c = ag.constant(3.0), ag.constant(5.0)
    with ag.GradientTape(persistent=True) as tape:
        tape.watch([x, c])
        y = x * x  # dy/dx = 2x = 6 (by hand)
    first, second, third = tape.gradient(y, [x, x, c])
    assert float(first) == 6.0 and float(second) == 6.0 and third is None
    first, second = tape.gradient(y, [x, x])
    assert float(first) == 6.0 and float(second) == 6.0


def test_unconnected_zero_fills_only_the_unconnected_sources():
    x, c = ag.constant([1.0, 2.0]), ag.constant([[1.0], [2.0]])
    with ag.GradientTape() as tape:
        tape.watch([x, c])
        y = ag.sum(x * x * x)  # dy/dx = 3x^2 = [3, 12] (by hand)
    gx, gc, gx2 = tape.gradient(y, [x, c, x], unconnected_gradients="zero")
    np.testing.assert_array_equal(gx.numpy(), [3.0, 12.0])
    np.testing.assert_array_equal(gx2.numpy(), [3.0, 12.0])
    assert gc.shape == (2, 1) and gc.dtype == c.dtype
    np.testing.assert_array_equal(gc.numpy(), [[0.0], [0.0]])


def test_an_unread_variable_target_is_its_own_seed_beside_a_walked_source():
    v, x = ag.Variable(2.0), ag.constant(4.0)
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = x * 0.5  # dy/dx = 0.5
    gy, gv = tape.gradient([y, v], [x, v])  # v w.r.t. itself: 1 (as TF)
    assert float(gy) == 0.5 and float(gv) == 1.0
