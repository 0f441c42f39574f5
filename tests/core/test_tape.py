"""GradientTape semantics one by one (API §3 and the tape fine points of API §7)."""
import collections
import warnings
import weakref

import numpy as np
import pytest

import autograd_lite as ag

from .gradcheck import numeric_gradient


def f64(value):
    return ag.constant(np.array(value, dtype=np.float64))


# --- one-shot and persistent tapes ------------------------------------------------------------
@pytest.mark.parametrize("first, second", [("gradient", "gradient"), ("gradient", "jacobian"),
                                           ("jacobian", "gradient"),
                                           ("batch_jacobian", "gradient")])
def test_one_shot_tape_second_call_raises_naming_persistent(first, second):
    x = f64([[1.0, 2.0]])
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    calls = {"gradient": lambda: tape.gradient(y, x), "jacobian": lambda: tape.jacobian(y, x),
             "batch_jacobian": lambda: tape.batch_jacobian(y, x)}
    calls[first]()
    with pytest.raises(RuntimeError, match=r"persistent=True"):
        calls[second]()


def test_persistent_tape_answers_many_calls():
    x = f64(3.0)
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * y
    for _ in range(3):
        assert float(tape.gradient(z, x)) == 108.0  # 4 x^3
        assert float(tape.gradient(y, x)) == 6.0
    assert float(tape.jacobian(z, x)) == 108.0
    assert tape.persistent is True


def test_seeds_chain_one_call_many_sources_but_dq_dx_needs_persistent():
    # p = a(x), q = b(p), y = c(q): dy/dq, dy/dp, dy/dx in one call; dq/dx is a second call
    x = f64(0.5)
    with ag.GradientTape() as tape:
        tape.watch(x)
        p = ag.exp(x)
        q = ag.sin(p)
        y = q * q
    dq, dp, dx = tape.gradient(y, [q, p, x])
    qv, pv = np.sin(np.exp(0.5)), np.exp(0.5)
    assert float(dq) == pytest.approx(2 * qv)
    assert float(dp) == pytest.approx(2 * qv * np.cos(pv))
    assert float(dx) == pytest.approx(2 * qv * np.cos(pv) * pv)
    with pytest.raises(RuntimeError, match="persistent=True"):
        tape.gradient(q, x)
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        p = ag.exp(x)
        q = ag.sin(p)
        y = q * q
    assert float(tape.gradient(y, x)) == pytest.approx(float(dx))
    assert float(tape.gradient(q, x)) == pytest.approx(np.cos(pv) * pv)


# --- higher order -----------------------------------------------------------------------------
def test_nested_tapes_to_third_order():
    x = f64(2.0)
    with ag.GradientTape() as t3:
        t3.watch(x)
        with ag.GradientTape() as t2:
            t2.watch(x)
            with ag.GradientTape() as t1:
                t1.watch(x)
                y = x ** 4
            d1 = t1.gradient(y, x)
        d2 = t2.gradient(d1, x)
    d3 = t3.gradient(d2, x)
    assert [float(d) for d in (y, d1, d2, d3)] == [16.0, 32.0, 48.0, 48.0]


def test_third_order_of_a_composite_with_variables():
    v = ag.Variable(np.float64(0.3))
    with ag.GradientTape() as t3:
        with ag.GradientTape() as t2:
            with ag.GradientTape() as t1:
                y = ag.sin(v) * ag.exp(v)
            d1 = t1.gradient(y, v)
        d2 = t2.gradient(d1, v)
    d3 = t3.gradient(d2, v)
    # (sin x e^x)' = e^x (sin + cos); '' = 2 e^x cos; ''' = 2 e^x (cos - sin)
    e, s, c = np.exp(0.3), np.sin(0.3), np.cos(0.3)
    assert float(d1) == pytest.approx(e * (s + c))
    assert float(d2) == pytest.approx(2 * e * c)
    assert float(d3) == pytest.approx(2 * e * (c - s))


def test_hessian_vector_product():
    x = f64([1.0, 2.0])
    vector = np.array([1.0, -1.0])
    with ag.GradientTape() as outer:
        outer.watch(x)
        with ag.GradientTape() as inner:
            inner.watch(x)
            y = x[0] ** 2 * x[1] ** 3
        g = inner.gradient(y, x)
        gv = ag.sum(g * vector)
    hv = outer.gradient(gv, x)
    # H = [[2 x1^3, 6 x0 x1^2], [6 x0 x1^2, 6 x0^2 x1]] = [[16, 24], [24, 12]]
    np.testing.assert_allclose(hv.numpy(), [16.0 - 24.0, 24.0 - 12.0])


def test_gradient_inside_a_persistent_tape_is_recorded_on_it():
    x = ag.constant(2.0)
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        dy = tape.gradient(x ** 3, x)
        z = dy * x
    assert float(dy) == 12.0
    assert float(tape.gradient(z, x)) == 36.0


# --- watch rules ------------------------------------------------------------------------------
def test_trainable_variables_are_watched_and_others_are_not():
    w = ag.Variable(2.0)
    frozen = ag.Variable(3.0, trainable=False)
    c = ag.constant(4.0)
    with ag.GradientTape() as tape:
        y = w * frozen * c * np.float32(5.0)
    gw, gf, gc = tape.gradient(y, [w, frozen, c])
    assert float(gw) == 60.0
    assert gf is None and gc is None


def test_watch_makes_non_trainable_variables_and_constants_differentiable():
    frozen = ag.Variable(3.0, trainable=False)
    c = ag.constant(4.0)
    with ag.GradientTape() as tape:
        tape.watch([frozen, c])
        y = frozen * c
    gf, gc = tape.gradient(y, [frozen, c])
    assert (float(gf), float(gc)) == (4.0, 3.0)


def test_watch_accessed_variables_false_watches_only_what_is_asked():
    a, b = ag.Variable(2.0, name="a"), ag.Variable(5.0, name="b")
    with ag.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(b)
        y = a * b
        assert tape.watched_variables() == (b,)
    ga, gb = tape.gradient(y, [a, b])
    assert ga is None and float(gb) == 2.0
    with ag.GradientTape(watch_accessed_variables=False) as tape:
        y = a * b
    assert tape.gradient(y, [a, b]) == [None, None]


def test_watch_takes_nested_lists_tuples_and_dicts():
    xs = [f64(1.0), (f64(2.0), {"k": f64(3.0), "v": ag.Variable(4.0, trainable=False)})]
    flat = [xs[0], xs[1][0], xs[1][1]["k"], xs[1][1]["v"]]
    with ag.GradientTape() as tape:
        tape.watch(xs)
        y = flat[0] * flat[1] * flat[2] * ag.cast(flat[3], "float64")
    grads = tape.gradient(y, flat)
    assert [float(g) for g in grads] == [24.0, 12.0, 8.0, 6.0]
    assert grads[3].dtype == np.float32


def test_watched_variables_in_first_watched_order():
    a, b, c = ag.Variable(1.0, name="a"), ag.Variable(2.0, name="b"), ag.Variable(3.0, name="c")
    frozen = ag.Variable(1.0, trainable=False, name="frozen")
    with ag.GradientTape() as tape:
        assert tape.watched_variables() == ()
        y = c * a
        tape.watch(frozen)
        y = y * b * a * c * frozen * ag.constant(2.0)
        watched = tape.watched_variables()
    assert isinstance(watched, tuple)
    assert [v.name for v in watched] == ["c", "a", "frozen", "b"]


def test_any_read_watches_a_variable_even_by_an_op_without_gradient():
    # TF watches a trainable Variable on every read (comparisons and stop_gradient too)
    a, b = ag.Variable([1.0, -1.0], name="a"), ag.Variable([2.0, 3.0], name="b")
    with ag.GradientTape() as tape:
        mask = a > 0
        frozen = ag.stop_gradient(b)
        y = ag.sum(b * a)
    assert [v.name for v in tape.watched_variables()] == ["a", "b"]
    assert mask.dtype == np.bool_ and len(tape._records) == 2  # only the product and the sum
    np.testing.assert_array_equal(frozen.numpy(), [2.0, 3.0])
    grad_a, grad_b = tape.gradient(y, [a, b])
    np.testing.assert_array_equal(grad_a.numpy(), [2.0, 3.0])
    np.testing.assert_array_equal(grad_b.numpy(), [1.0, -1.0])


def test_watched_variables_survive_a_one_shot_gradient():
    # TF keeps the list after the tape released its records (backprop_test: watched_variables)
    v = ag.Variable(1.0)
    with ag.GradientTape() as tape:
        y = v * v
    tape.gradient(y, v)
    assert tape.watched_variables() == (v,)


def test_watching_an_integer_warns_and_gives_none():
    i = ag.constant([1, 2])
    with ag.GradientTape() as tape:
        with pytest.warns(UserWarning, match="floating"):
            tape.watch(i)
        y = i * 3
    assert tape.gradient(y, i) is None
    b = ag.constant(True)
    with ag.GradientTape() as tape:
        with pytest.warns(UserWarning):
            tape.watch(b)


def test_integer_variables_take_no_gradient():
    iv = ag.Variable(3)
    v = ag.Variable(2.0)
    with ag.GradientTape() as tape:
        y = ag.cast(iv, "float32") * v
    gi, gv = tape.gradient(y, [iv, v])
    assert gi is None and float(gv) == 3.0


def test_unwatched_intermediates_are_not_recorded():
    c, v = ag.constant(5.0), ag.Variable(2.0)
    with ag.GradientTape(persistent=True) as tape:
        k = c * 2.0      # depends on nothing watched
        y = k * v
    assert tape.gradient(y, k) is None
    assert float(tape.gradient(y, v)) == 10.0


# --- stop_recording and reset -------------------------------------------------------------
def test_stop_recording_pauses_only_that_tape():
    x = f64(3.0)
    with ag.GradientTape() as outer:
        outer.watch(x)
        with ag.GradientTape() as inner:
            inner.watch(x)
            with inner.stop_recording():
                y = x * x
            z = x * 10.0
    assert float(outer.gradient(y, x)) == 6.0
    assert float(inner.gradient([y, z], x)) == 10.0  # y was not recorded by inner
    with ag.GradientTape() as tape:
        tape.watch(x)
        with tape.stop_recording():
            y = x * x
        z = y * x          # recording again after the block
    assert float(tape.gradient(z, x)) == 9.0  # y counts as a constant


def test_stop_recording_inner_gives_none_on_that_tape():
    v = ag.Variable(2.0)
    with ag.GradientTape() as tape:
        with tape.stop_recording():
            y = v * v
    assert tape.gradient(y, v) is None


def test_reset_forgets_records_and_watched_constants():
    c = f64(5.0)
    v = ag.Variable(np.float64(2.0), name="v")
    with ag.GradientTape() as tape:
        tape.watch(c)
        before = v * c
        tape.reset()
        assert tape.watched_variables() == ()
        after = c * 3.0 + v * 4.0   # v read again: watched again; c is no longer watched
        assert tape.watched_variables() == (v,)
    gc, gv = tape.gradient(after, [c, v])
    assert gc is None and float(gv) == 4.0
    assert float(before) == 10.0


def test_reset_on_a_persistent_tape_forgets_old_records():
    x = f64(2.0)
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
    assert float(tape.gradient(y, x)) == 4.0
    tape.reset()
    assert tape.gradient(y, x) is None


def test_a_persistent_tape_can_be_entered_again():
    v, w = ag.Variable(2.0), ag.Variable(3.0)
    tape = ag.GradientTape(persistent=True)
    with tape:
        a = v * v
    with tape:
        b = a * w
    assert float(tape.gradient(b, v)) == 12.0 and float(tape.gradient(b, w)) == 4.0


# --- targets, sources, output gradients -------------------------------------------------------
def test_gradients_with_respect_to_intermediates():
    x = f64(0.7)
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        p = ag.sin(x)
        q = p * p
        r = ag.exp(q)
    assert float(tape.gradient(r, q)) == pytest.approx(np.exp(np.sin(0.7) ** 2))
    assert float(tape.gradient(r, p)) == pytest.approx(np.exp(np.sin(0.7) ** 2)
                                                       * 2 * np.sin(0.7))
    assert float(tape.gradient(q, x)) == pytest.approx(2 * np.sin(0.7) * np.cos(0.7))
    # the gradient through an intermediate source still reaches what is upstream of it
    gq, gx = tape.gradient(r, [q, x])
    assert float(gx) == pytest.approx(float(gq) * 2 * np.sin(0.7) * np.cos(0.7))


def test_gradient_of_a_value_with_respect_to_itself_is_ones():
    c = ag.constant([1.0, 2.0])
    v = ag.Variable([[1.0], [2.0]])
    with ag.GradientTape(persistent=True) as tape:
        tape.watch([c, v])
        mid = c * 3.0
    np.testing.assert_array_equal(tape.gradient(c, c).numpy(), [1.0, 1.0])
    np.testing.assert_array_equal(tape.gradient(mid, mid).numpy(), [1.0, 1.0])
    assert tape.gradient(c, c).dtype == np.float32
    np.testing.assert_array_equal(tape.gradient(v, v).numpy(), [[1.0], [1.0]])


def test_list_targets_add_their_gradients():
    x = f64([1.0, 2.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        z = ag.sum(x) * 3.0
    np.testing.assert_array_equal(tape.gradient([y, z], x).numpy(), [5.0, 7.0])


def test_output_gradients_weight_a_non_scalar_target():
    x = f64([1.0, 2.0, 3.0])
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [2.0, 4.0, 6.0])  # the sum
    weighted = tape.gradient(y, x, output_gradients=f64([1.0, 0.0, -2.0]))
    np.testing.assert_array_equal(weighted.numpy(), [2.0, 0.0, -12.0])
    as_array = tape.gradient(y, x, output_gradients=np.array([0.5, 0.5, 0.5]))
    np.testing.assert_array_equal(as_array.numpy(), [1.0, 2.0, 3.0])


def test_output_gradients_for_a_list_of_targets():
    x = f64([1.0, 2.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = x * 1.0
        z = y * 2.0
    g = tape.gradient([y, z], x, output_gradients=[f64([1.0, 2.0]), f64([1.0, 1.0])])
    np.testing.assert_array_equal(g.numpy(), [3.0, 4.0])


@pytest.mark.parametrize("target, given", [
    (lambda y: y, lambda g: [g]), (lambda y: [y], lambda g: [g]), (lambda y: [y], lambda g: g),
    (lambda y: (y,), lambda g: (g.numpy(),))], ids=["y,[g]", "[y],[g]", "[y],g", "(y,),(array,)"])
def test_output_gradients_follow_the_targets_structure_as_in_tf(target, given):
    x = f64([1.0, 2.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    weights = f64([1.0, 10.0])
    grad = tape.gradient(target(y), x, output_gradients=given(weights))
    np.testing.assert_array_equal(grad.numpy(), [2.0, 40.0])


def test_nested_targets_and_their_output_gradients():
    x = f64([1.0, 2.0])
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = 2.0 * y
    # {a: x², b: 2x²} with weights ones and (1, 10): 2x + 4x·(1, 10)
    grad = tape.gradient({"a": y, "b": z}, x, output_gradients={"b": f64([1.0, 10.0]), "a": None})
    np.testing.assert_array_equal(grad.numpy(), [6.0, 84.0])
    np.testing.assert_array_equal(tape.gradient((y, [z]), x).numpy(), [6.0, 12.0])
    with pytest.raises(ValueError, match="1 output_gradients for 2 targets"):
        tape.gradient([y, z], x, output_gradients=[f64([1.0, 1.0])])
    with pytest.raises(ValueError, match="the target's keys"):
        tape.gradient({"a": y}, x, output_gradients={"b": None})


def test_a_jacobian_of_two_targets_is_refused_clearly():
    x = f64([1.0, 2.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    with pytest.raises(ValueError, match="jacobian: the target must be one Tensor, got 2"):
        tape.jacobian([y, y], x)
    np.testing.assert_array_equal(tape.jacobian([y], x).numpy(), [[2.0, 0.0], [0.0, 4.0]])


def test_output_gradients_array_is_not_aliased():
    a, b = f64([1.0, 2.0]), f64([3.0, 4.0])
    with ag.GradientTape() as tape:
        tape.watch([a, b])
        y = a + b
    weights = np.ones(2)
    ga, gb = tape.gradient(y, [a, b], output_gradients=weights)
    weights[0] = 5.0
    np.testing.assert_array_equal(ga.numpy(), [1.0, 1.0])
    np.testing.assert_array_equal(gb.numpy(), [1.0, 1.0])


@pytest.mark.parametrize("mode", [ag.UnconnectedGradients.NONE, "none", "NONE"])
def test_unconnected_none(mode):
    x, unused = f64(1.0), ag.Variable([1.0, 2.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = x * 2.0
    assert tape.gradient(y, [x, unused], unconnected_gradients=mode)[1] is None


@pytest.mark.parametrize("mode", [ag.UnconnectedGradients.ZERO, "zero", "ZERO"])
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_unconnected_zero_in_the_source_dtype(mode, dtype):
    x = ag.constant(1.0, dtype="float64")
    unused_var = ag.Variable(np.zeros((2, 3)), dtype=dtype)
    unused_const = ag.constant([1.0, 2.0], dtype=dtype)
    with ag.GradientTape(persistent=True) as tape:
        tape.watch([x, unused_const])
        y = x * 2.0
        unrelated = unused_const * 2.0
    for source in (unused_var, unused_const, unrelated):
        g = tape.gradient(y, source, unconnected_gradients=mode)
        assert g is not None and g.dtype == np.dtype(dtype) and g.shape == source.shape
        np.testing.assert_array_equal(g.numpy(), np.zeros(source.shape))
    assert float(tape.gradient(y, x, unconnected_gradients=mode)) == 2.0


def test_derivatives_run_out_as_none():
    x = ag.constant(2.0)
    with ag.GradientTape(persistent=True) as outer:
        outer.watch(x)
        with ag.GradientTape() as inner:
            inner.watch(x)
            y = 3.0 * x + 1.0
        dy = inner.gradient(y, x)
    assert float(dy) == 3.0
    assert outer.gradient(dy, x) is None
    zero = outer.gradient(dy, x, unconnected_gradients="zero")
    assert zero.dtype == np.float32 and float(zero) == 0.0


def test_target_that_is_not_recorded_gives_none():
    x = f64(1.0)
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = ag.constant(5.0) * 2.0
    assert tape.gradient(y, x) is None


@pytest.mark.parametrize("kind", ["list", "tuple", "dict", "nested", "namedtuple"])
def test_sources_answered_in_the_same_structure(kind):
    a, b, c = f64(1.0), f64(2.0), ag.Variable(np.float64(3.0))
    unused = f64(9.0)
    Pair = collections.namedtuple("Pair", "first second")
    sources = {"list": [a, b], "tuple": (a, b), "dict": {"b": b, "a": a},
               "nested": {"x": [a, (b, {"c": c})], "u": unused},
               "namedtuple": Pair(a, b)}[kind]
    with ag.GradientTape() as tape:
        tape.watch([a, b])
        y = a * b * c
    grads = tape.gradient(y, sources)
    assert type(grads) is type(sources)
    if kind == "dict":
        assert list(grads) == ["b", "a"]
        assert (float(grads["a"]), float(grads["b"])) == (6.0, 3.0)
    elif kind == "nested":
        assert set(grads) == {"x", "u"} and grads["u"] is None
        assert isinstance(grads["x"], list) and isinstance(grads["x"][1], tuple)
        assert float(grads["x"][0]) == 6.0 and float(grads["x"][1][0]) == 3.0
        assert float(grads["x"][1][1]["c"]) == 2.0
    else:
        assert [float(g) for g in grads] == [6.0, 3.0]
    if kind == "namedtuple":
        assert float(grads.first) == 6.0


def test_gradient_shapes_and_dtypes_follow_the_sources():
    s = ag.Variable(np.float64(1.0))
    m = ag.Variable(np.ones((2, 1)), dtype="float32")
    with ag.GradientTape() as tape:
        y = ag.sum(ag.cast(m, "float64") * s * np.ones((3, 2, 4)))
    gs, gm = tape.gradient(y, [s, m])
    assert gs.shape == () and gs.dtype == np.float64 and float(gs) == 24.0
    assert gm.shape == (2, 1) and gm.dtype == np.float32
    np.testing.assert_array_equal(gm.numpy(), [[12.0], [12.0]])


def test_float32_source_in_a_float64_graph_gets_float32():
    x = ag.Variable([1.0, 2.0])  # float32
    with ag.GradientTape() as tape:
        y = x * np.array([3.0, 4.0])  # NumPy promotion: a float64 graph
    assert y.dtype == np.float64
    g = tape.gradient(y, x)
    assert g.dtype == np.float32
    np.testing.assert_array_equal(g.numpy(), [3.0, 4.0])


# --- jacobian and batch_jacobian ----------------------------------------------------------
def _jacobian_fd(fn, x):
    """Central-difference Jacobian: shape fn(x).shape + x.shape."""
    out_shape = np.shape(np.asarray(fn(f64(x))))
    columns = []
    for index in np.ndindex(*out_shape):
        def element(values, index=index):
            return float(np.asarray(fn(f64(values[0])))[index])
        columns.append(numeric_gradient(element, [x], 0))
    return np.array(columns).reshape(out_shape + np.shape(x))


def test_jacobian_against_finite_differences():
    def fn(t):
        return ag.stack([ag.sin(t) * t[0], ag.exp(t) / (1.0 + t * t), t ** 3], axis=1)
    x = np.array([0.3, -0.7])
    source = f64(x)
    with ag.GradientTape() as tape:
        tape.watch(source)
        y = fn(source)
    jac = tape.jacobian(y, source)
    assert jac.shape == (2, 3, 2) and jac.dtype == np.float64
    np.testing.assert_allclose(jac.numpy(), _jacobian_fd(fn, x), rtol=1e-6, atol=1e-8)


def test_jacobian_several_sources_and_unconnected():
    a, b, unused = f64([1.0, 2.0]), f64(3.0), f64([[1.0, 1.0, 1.0]])
    with ag.GradientTape(persistent=True) as tape:
        tape.watch([a, b, unused])
        y = a * b
    ja, jb, ju = tape.jacobian(y, [a, b, unused])
    np.testing.assert_array_equal(ja.numpy(), [[3.0, 0.0], [0.0, 3.0]])
    np.testing.assert_array_equal(jb.numpy(), [1.0, 2.0])
    assert ju is None
    jz = tape.jacobian(y, unused, unconnected_gradients="zero")
    assert jz.shape == (2, 1, 3) and jz.dtype == np.float64 and not np.any(jz.numpy())
    scalar = tape.jacobian(ag.sum(y), a)  # built outside the context: not recorded
    assert scalar is None


def test_jacobian_of_a_scalar_target_is_the_gradient():
    x = f64([1.0, 2.0, 3.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = ag.sum(x * x)
    np.testing.assert_array_equal(tape.jacobian(y, x).numpy(), [2.0, 4.0, 6.0])


def test_batch_jacobian_against_finite_differences():
    w = np.array([[0.5, -1.0, 2.0], [1.5, 0.3, -0.2]])

    def fn(t):  # row i of the target depends only on row i of the source
        return ag.tanh(t @ w) * ag.sum(t, axis=1, keepdims=True)
    x = np.array([[0.1, 0.2], [-0.3, 0.4], [0.5, -0.6], [0.7, 0.8]])
    source = f64(x)
    with ag.GradientTape() as tape:
        tape.watch(source)
        y = fn(source)
    bj = tape.batch_jacobian(y, source)
    assert bj.shape == (4, 3, 2)
    full = _jacobian_fd(fn, x)  # (4, 3, 4, 2)
    expected = np.stack([full[i, :, i, :] for i in range(4)])
    np.testing.assert_allclose(bj.numpy(), expected, rtol=1e-6, atol=1e-8)


def test_batch_jacobian_shapes_and_unconnected():
    x = f64(np.ones((3, 2, 2)))
    other = f64(np.ones((3, 5)))
    with ag.GradientTape(persistent=True) as tape:
        tape.watch([x, other])
        y = ag.reshape(x * 2.0, (3, 4))
    assert tape.batch_jacobian(y, x).shape == (3, 4, 2, 2)
    np.testing.assert_array_equal(tape.batch_jacobian(y, x).numpy()[1].reshape(4, 4),
                                  2 * np.eye(4))
    assert tape.batch_jacobian(y, other) is None
    zeros = tape.batch_jacobian(y, other, unconnected_gradients="zero")
    assert zeros.shape == (3, 4, 5) and not np.any(zeros.numpy())


# --- section 7 fine points, one test each ----------------------------------------------------
def test_fine_point_clip_passes_gradient_at_bounds():
    x = ag.constant([0.0, 1.0, 0.5, -1.0, 2.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = ag.clip(x, 0.0, 1.0)
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [1.0, 1.0, 1.0, 0.0, 0.0])


def test_fine_point_kinks_at_zero():
    x = ag.constant([0.0])
    for fn, expected in [(ag.relu, 0.0), (ag.abs, 0.0), (ag.leaky_relu, 0.2),
                         (lambda t: ag.leaky_relu(t, alpha=0.05), 0.05)]:
        with ag.GradientTape() as tape:
            tape.watch(x)
            y = fn(x)
        assert float(tape.gradient(y, x)) == pytest.approx(expected)


def test_fine_point_power_exponent_gradient_at_zero_base():
    x, p = ag.constant(0.0), ag.constant(2.5)
    with ag.GradientTape() as tape:
        tape.watch([x, p])
        y = x ** p
    gx, gp = tape.gradient(y, [x, p])
    assert float(gp) == 0.0 and float(gx) == 0.0


def test_fine_point_stop_gradient_target_and_sign_gradient():
    x = ag.constant([1.0, -2.0])
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        stopped = ag.stop_gradient(x * 3.0)
        signs = ag.sign(x)
    assert tape.gradient(stopped, x) is None
    g = tape.gradient(signs, x)
    assert g is not None and g.dtype == np.float32
    np.testing.assert_array_equal(g.numpy(), [0.0, 0.0])


def test_fine_point_variable_read_assign_read():
    v = ag.Variable(2.0)
    with ag.GradientTape() as tape:
        a = v * v
        v.assign(3.0)
        b = v * 10.0
        y = a + b
    assert float(y) == 34.0
    assert float(tape.gradient(y, v)) == 14.0


def test_fine_point_one_hot_float32():
    for indices in (np.array([1, 0], dtype=np.int32), ag.constant([1, 0]), [1, 0]):
        assert ag.one_hot(indices, 2).dtype == np.float32


def test_fine_point_stable_functions_at_1000():
    x = ag.constant([1000.0, -1000.0])
    for fn in (ag.softplus, ag.log_softmax, ag.logsumexp):
        with ag.GradientTape() as tape:
            tape.watch(x)
            y = fn(x)
        assert np.all(np.isfinite(y.numpy())) and np.all(np.isfinite(tape.gradient(y, x)))


# --- memory --------------------------------------------------------------------------------------
def test_one_shot_tape_frees_intermediates_after_gradient():
    x = f64(np.ones(3))
    with ag.GradientTape() as tape:
        tape.watch(x)
        middle = ag.exp(x)
        y = ag.sum(middle * 2.0)
    ref = weakref.ref(middle)
    del middle
    assert ref() is not None  # the tape holds it for the backward pass
    g = tape.gradient(y, x)
    assert ref() is None
    np.testing.assert_allclose(g.numpy(), 2 * np.e * np.ones(3))


def test_persistent_tape_keeps_intermediates_until_deleted():
    x = f64(np.ones(3))
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        middle = ag.exp(x)
        y = ag.sum(middle * 2.0)
    ref = weakref.ref(middle)
    del middle
    tape.gradient(y, x)
    assert ref() is not None
    del tape
    assert ref() is None


def test_training_loop_memory_stays_flat():
    w = ag.Variable(np.ones((4, 4)))
    refs = []
    for _ in range(20):
        with ag.GradientTape() as tape:
            h = ag.tanh(w @ np.ones((4, 2)))
            loss = ag.mean(h * h)
        refs.append(weakref.ref(h))
        w.assign_sub(0.1 * tape.gradient(loss, w))
        del h, tape
    assert sum(r() is not None for r in refs) == 0


def test_no_warning_on_plain_use():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        v = ag.Variable([1.0, 2.0])
        with ag.GradientTape() as tape:
            y = ag.sum(v * v)
        grad = tape.gradient(y, v)
    np.testing.assert_array_equal(grad.numpy(), [2.0, 4.0])


# --- more combinations ---------------------------------------------------------------------
def test_hessian_as_the_jacobian_of_a_gradient():
    x = f64([1.0, 2.0])
    with ag.GradientTape() as outer:
        outer.watch(x)
        with ag.GradientTape() as inner:
            inner.watch(x)
            y = x[0] ** 2 * x[1] ** 3
        g = inner.gradient(y, x)
    np.testing.assert_array_equal(outer.jacobian(g, x).numpy(), [[16.0, 24.0], [24.0, 12.0]])


def test_the_same_source_twice_gets_the_gradient_twice():
    x = f64([1.0, 2.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = ag.sum(x * x)
    first, second = tape.gradient(y, [x, x])
    np.testing.assert_array_equal(first.numpy(), [2.0, 4.0])
    np.testing.assert_array_equal(second.numpy(), [2.0, 4.0])


def test_outer_tape_watches_a_variable_the_inner_tape_ignores():
    v = ag.Variable(np.float64(2.0))
    with ag.GradientTape() as outer:
        with ag.GradientTape(watch_accessed_variables=False) as inner:
            y = v * v * v
        assert inner.gradient(y, v) is None
    assert float(outer.gradient(y, v)) == 12.0


def test_float16_and_empty_sources():
    h = ag.Variable(np.array([1.0, 2.0], dtype=np.float16))
    empty = ag.constant(np.zeros((0, 3)))
    with ag.GradientTape() as tape:
        tape.watch(empty)
        y = ag.sum(h * h) + ag.cast(ag.sum(empty * 2.0), "float16")
    gh, ge = tape.gradient(y, [h, empty])
    assert gh.dtype == np.float16 and gh.numpy().tolist() == [2.0, 4.0]
    assert ge.shape == (0, 3) and ge.dtype == np.float64


def test_a_seed_of_another_dtype_gives_the_sources_dtype():
    # the target is its own source: its gradient is the seed, cast to the source's dtype
    x = ag.constant([1.0, 2.0], dtype="float16")
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * 3
    seed = ag.constant([0.5, 2.0], dtype="float64")
    for source, want in ((x, [1.5, 6.0]), (y, [0.5, 2.0])):
        grad = tape.gradient(y, source, output_gradients=seed)
        assert grad.dtype == np.float16
        np.testing.assert_array_equal(grad.numpy(), want)
