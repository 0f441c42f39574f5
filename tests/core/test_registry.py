"""The op registry is the one place an op's names live: ``ag.<name>``, NumPy dispatch on
Tensors, TF's spellings, ndarray methods, and what introspection reads."""
import warnings

import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.primitive import REGISTRY, composite, op
from autograd_lite.registry import NUMPY, public_names, tf_namespace


def test_every_public_entry_is_an_ag_name():
    for name, entry in REGISTRY.items():
        if entry.public and entry.module.startswith("autograd_lite."):
            assert getattr(ag, name) is entry.function, name
            assert name in ag.__all__, name


def test_every_ufunc_an_op_declares_dispatches_to_it():
    x = ag.constant([0.25, 0.5], dtype="float64")
    for function, op_function in NUMPY.items():
        if isinstance(function, np.ufunc) and function.nin == 1 and function.nout == 1:
            result = function(x)
            assert type(result) is ag.Tensor, function.__name__
            np.testing.assert_allclose(result.numpy(), op_function(x).numpy())


def test_a_ufunc_on_a_tensor_is_recorded():
    x = ag.constant(0.5, dtype="float64")
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = np.tanh(x) + np.sign(x) * np.square(x)
    assert float(tape.gradient(y, x)) == pytest.approx(1 - np.tanh(0.5) ** 2 + 1.0)


def test_elementwise_and_input_names_come_from_the_declaration():
    assert ag.multiply.primitive.elementwise and ag.sin.primitive.elementwise
    assert not ag.matmul.primitive.elementwise and not ag.sum.primitive.elementwise
    assert ag.clip.primitive.input_names == ("x", "lo", "hi")
    assert ag.sum.primitive.param_names == ("axis", "keepdims")
    assert REGISTRY["concat"].function is ag.concat  # the public face of the variadic op


def test_sign_is_declared_with_the_arithmetic_ops():
    assert REGISTRY["sign"].module == "autograd_lite.ops.arithmetic"
    assert REGISTRY["sign"].numpy == (np.sign,)


def test_an_op_declared_in_user_code_answers_its_numpy_function():
    table_cbrt = NUMPY.get(np.cbrt)  # the table's own cbrt op, put back afterwards

    @op(vjp=lambda upstream, out, x: upstream * 3 * x * x, local="3x²", numpy=np.cbrt,
        public=False, elementwise=True)
    def cube_for_test(x):  # deliberately not cbrt's value: shows which function ran
        return x ** 3
    try:
        x = ag.constant(2.0)
        with ag.GradientTape() as tape:
            tape.watch(x)
            y = np.cbrt(x)
        assert float(y) == 8.0 and float(tape.gradient(y, x)) == 12.0
    finally:
        del REGISTRY["cube_for_test"]
        if table_cbrt is None:
            del NUMPY[np.cbrt]
        else:
            NUMPY[np.cbrt] = table_cbrt


def test_a_second_table_declaration_of_a_name_is_refused():
    def twice(x):
        return x + x
    twice.__module__ = "autograd_lite.ops.somewhere_else"
    with pytest.raises(ValueError, match="'add' is declared twice"):
        composite(name="add")(twice)


# --- TF's names ------------------------------------------------------------------------------
def test_tf_reductions_take_axis_and_keepdims():
    x = ag.constant([[1.0, 2.0], [3.0, 6.0]])
    assert ag.reduce_sum(x, axis=1).numpy().tolist() == [3.0, 9.0]
    assert ag.reduce_mean(x, axis=0, keepdims=True).shape == (1, 2)
    assert float(ag.reduce_max(x)) == 6.0 and float(ag.reduce_min(x)) == 1.0
    assert ag.math.reduce_sum is ag.reduce_sum
    # tf.math.reduce_std([[1., 2.], [3., 6.]], axis=1) = [0.5, 1.5] (TF 2.21, by hand too)
    np.testing.assert_allclose(ag.reduce_std(x, axis=1).numpy(), [0.5, 1.5])
    np.testing.assert_allclose(ag.reduce_variance(x, axis=1).numpy(), [0.25, 2.25])


def test_math_namespace_holds_the_elementwise_ops_under_tfs_names():
    math = tf_namespace("math")
    for name in ["sin", "cos", "exp", "log", "sqrt", "square", "abs", "sign", "tanh",
                 "sigmoid", "softplus", "erf", "pow", "maximum", "minimum", "floormod",
                 "equal", "less", "logical_and", "reduce_logsumexp"]:
        assert name in math and getattr(ag.math, name) is math[name], name
    with pytest.raises(AttributeError, match="no op declares tf='math.nonesuch'"):
        _ = ag.math.nonesuch


def test_nn_functions_sit_beside_the_layer_classes():
    for name in ["relu", "sigmoid", "softmax", "log_softmax", "elu", "selu", "softplus",
                 "gelu", "silu", "swish", "leaky_relu", "tanh"]:
        assert callable(getattr(ag.nn, name)), name
    assert ag.nn.Dense is not None and ag.nn.relu is ag.relu
    np.testing.assert_allclose(ag.nn.leaky_relu([-1.0, 2.0]).numpy(), [-0.2, 2.0])


def test_dtype_constants_are_numpy_dtypes():
    assert ag.float32 == np.float32 and ag.float64 == np.float64 and ag.float16 == np.float16
    assert ag.int32 == np.int32 and ag.int64 == np.int64 and ag.bool == np.bool_
    assert ag.constant([1, 2], dtype=ag.float64).dtype == np.float64


def test_public_names_include_the_tf_aliases_without_a_dot():
    names = public_names()
    assert names["floormod"] is ag.mod and names["clip_by_value"] is ag.clip
    assert names["silu"] is ag.swish and names["exponential"] is ag.exp


# --- tape leaks ------------------------------------------------------------------------------
def test_a_leak_warns_once_per_function_and_tape():
    x = ag.constant([1.0, 2.0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with ag.GradientTape() as tape:
            tape.watch(x)
            np.fmod(x, 1.5)
            np.fmod(x, 1.5)
            np.argsort(x)  # integers: no gradient could flow, no warning
        with ag.GradientTape() as other:
            other.watch(x)
            np.fmod(x, 1.5)
    leaks = [w for w in caught if w.category is ag.TapeLeakWarning]
    assert len(leaks) == 2 and "np.fmod" in str(leaks[0].message)
    assert leaks[0].filename == __file__  # it points at the caller's line


def test_no_warning_without_a_tape_or_for_untracked_values():
    x = ag.constant([1.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.fmod(x, 1.5)
        with ag.GradientTape():
            np.fmod(x, 1.5)  # x is not watched


def test_tape_leaks_error_and_ignore():
    x = ag.Variable([1.0, 2.0])  # trainable: the tape watches it when read
    previous = ag.debug.tape_leaks("error")
    try:
        with ag.GradientTape():
            with pytest.raises(ag.TapeLeakWarning, match="np.fmod has no op"):
                np.fmod(x, 1.5)
        ag.debug.tape_leaks("ignore")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with ag.GradientTape():
                np.fmod(x, 1.5)
    finally:
        ag.debug.tape_leaks(previous)
    with pytest.raises(ValueError, match="tape_leaks: mode must be one of"):
        ag.debug.tape_leaks("loud")


def test_an_option_the_op_does_not_take_names_the_anp_call():
    x = ag.constant([1.0, 2.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        with pytest.warns(ag.TapeLeakWarning, match="np.sum without the options given"):
            np.sum(x, where=np.array([True, False]))


def test_why_none_names_the_numpy_function():
    x = ag.constant([1.0, 2.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        with pytest.warns(ag.TapeLeakWarning):
            y = ag.sum(np.fmod(x, 1.5))
    answer = tape.why_none(y, x)
    assert answer.cause == "left_tape" and "np.fmod" in answer.message
    assert "no anp/ag op for it yet" in answer.fix


# --- ndarray methods ---------------------------------------------------------------------------
def test_ndarray_methods_are_ops_on_the_tape():
    x = ag.constant([[1.0, 2.0], [3.0, 6.0]], dtype="float64")
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        flat = x.ravel()
        std = x.std()
        dot = x.dot(x).sum()
        swapped = x.swapaxes(0, 1)
    assert flat.shape == (4,) and x.flatten().shape == (4,)
    assert swapped.numpy().tolist() == [[1.0, 3.0], [2.0, 6.0]]
    # mean 3, deviations -2 -1 0 3, std sqrt(14/4); d std/dx = deviation / (4 std)
    np.testing.assert_allclose(tape.gradient(std, x).numpy(),
                               np.array([[-2, -1], [0, 3]]) / (4 * np.sqrt(3.5)))
    # d sum(x @ x) / dx = ones @ xᵀ + xᵀ @ ones
    ones = np.ones((2, 2))
    np.testing.assert_allclose(tape.gradient(dot, x).numpy(),
                               ones @ x.numpy().T + x.numpy().T @ ones)
    assert x.tolist() == [[1.0, 2.0], [3.0, 6.0]] and x.argmax().numpy() == 3


def test_a_method_without_an_op_is_a_clear_attribute_error():
    x = ag.constant([1.0])
    with pytest.raises(AttributeError, match="Tensors are immutable"):
        x.sort()
    with pytest.raises(AttributeError, match="no attribute 'nonesuch'"):
        _ = x.nonesuch
    assert not hasattr(x, "__array_interface__")


# --- the two limits (API.md section 8) ----------------------------------------------------------
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_x_to_the_power_zero_has_gradient_zero_at_zero_first_and_second_order(dtype):
    x = ag.constant(0.0, dtype=dtype)
    with ag.GradientTape() as outer:
        outer.watch(x)
        with ag.GradientTape() as inner:
            inner.watch(x)
            y = x ** 0.0
        first = inner.gradient(y, x)
    second = outer.gradient(first, x)
    assert float(y) == 1.0 and float(first) == 0.0 and float(second) == 0.0
    # an exponent Tensor holding zeros: 0 there, p·x^(p-1) elsewhere
    xs = ag.constant([0.0, 0.0, 2.0], dtype=dtype)
    p = ag.constant([0.0, 2.0, 3.0], dtype=dtype)
    gradient = ag.grad(lambda v: ag.sum(ag.power(v, p)))(xs).numpy()
    assert gradient.tolist() == [0.0, 0.0, 12.0]


def test_std_of_one_element_has_gradient_zero():
    for x in (ag.constant([5.0]), ag.constant([[2.0], [3.0]], dtype="float64")):
        with ag.GradientTape() as outer:
            outer.watch(x)
            with ag.GradientTape() as inner:
                inner.watch(x)
                y = ag.std(x, axis=-1)
            first = inner.gradient(y, x)
        second = outer.gradient(first, x)
        assert np.all(first.numpy() == 0.0)
        assert second is None or np.all(second.numpy() == 0.0)  # never NaN


def test_the_usual_ndarray_methods_are_there():
    x = ag.constant([[1.5, -2.0], [3.0, 0.5]], dtype="float64")
    for name, args, expected in [
            ("prod", (), np.prod), ("cumsum", (), np.cumsum), ("round", (), np.round),
            ("clip", (0.0, 1.0), np.clip), ("var", (), np.var), ("argmin", (), np.argmin),
            ("take", ([3, 0],), np.take), ("repeat", (2,), np.repeat), ("trace", (), np.trace),
            ("squeeze", (), np.squeeze), ("diagonal", (), np.diagonal),
            ("cumprod", (), np.cumprod), ("all", (), np.all), ("any", (), np.any)]:
        got = getattr(x, name)(*args)
        np.testing.assert_allclose(np.asarray(got), expected(x.numpy(), *args), err_msg=name)
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = x.prod() + x.cumsum().sum() + x.take([3, 0]).sum()
    a = x.numpy().ravel()
    want = np.prod(a) / a + np.array([4.0, 3.0, 2.0, 1.0]) + np.array([1.0, 0.0, 0.0, 1.0])
    np.testing.assert_allclose(tape.gradient(y, x).numpy().ravel(), want)
