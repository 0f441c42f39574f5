"""NumPy functions on Tensors (NEP 18 ``__array_function__``): the mapped ones return Tensors on
the tape, with values equal to NumPy's and gradients equal to central differences; the others
return NumPy's plain arrays, as before."""
import numpy as np
import pytest

import autograd_lite as ag

from .gradcheck import check_grads, rng_for

# name: (function of Tensors, input shapes). Each runs on Tensors and on plain arrays.
MAPPED = {
    "dot vector.vector": (np.dot, [(3,), (3,)]),
    "dot matrix.vector": (np.dot, [(2, 3), (3,)]),
    "dot vector.matrix": (np.dot, [(3,), (3, 4)]),
    "dot matrix.matrix": (np.dot, [(2, 3), (3, 4)]),
    "dot batch.matrix": (np.dot, [(2, 2, 3), (3, 4)]),
    "dot matrix.batch": (np.dot, [(2, 3), (4, 3, 5)]),
    "dot batch.batch": (np.dot, [(2, 1, 3), (2, 3, 2)]),
    "dot scalar": (np.dot, [(), (2, 3)]),
    "matmul": (np.matmul, [(2, 3), (3, 4)]),
    "inner": (np.inner, [(2, 3), (4, 3)]),
    "tensordot 1": (lambda a, b: np.tensordot(a, b, axes=1), [(2, 3), (3, 4)]),
    "tensordot 2": (np.tensordot, [(2, 3, 4), (3, 4, 2)]),
    "tensordot pairs": (lambda a, b: np.tensordot(a, b, axes=([1, 0], [0, 2])),
                        [(2, 3), (3, 4, 2)]),
    "outer": (np.outer, [(3,), (2,)]),
    "outer flattens": (np.outer, [(2, 2), (3,)]),
    "vdot": (np.vdot, [(2, 3), (3, 2)]),
    "where": (lambda a, b: np.where(a > 0, a * b, b * 2.0), [(3, 2), (2,)]),
    "clip": (lambda a: np.clip(a, -0.5, 0.5), [(3, 2)]),
    "clip low only": (lambda a: np.clip(a, -0.5, None), [(3, 2)]),
    "clip high only": (lambda a: np.clip(a, None, 0.5), [(3, 2)]),
    "clip array bounds": (lambda a, lo: np.clip(a, lo, lo + 1.0), [(3, 2), (2,)]),
    "sum": (np.sum, [(3, 2)]),
    "sum axis keepdims": (lambda a: np.sum(a, axis=0, keepdims=True), [(3, 2)]),
    "sum axes": (lambda a: np.sum(a, axis=(0, 2)), [(2, 3, 2)]),
    "mean axis": (lambda a: np.mean(a, axis=1), [(3, 2)]),
    "max": (np.max, [(3, 2)]),
    "amax axis": (lambda a: np.amax(a, axis=0), [(3, 2)]),
    "min axis keepdims": (lambda a: np.min(a, axis=1, keepdims=True), [(3, 2)]),
    "amin": (np.amin, [(3, 2)]),
    "var": (np.var, [(3, 2)]),
    "var axis ddof": (lambda a: np.var(a, axis=0, ddof=1), [(4, 2)]),
    "std axis keepdims": (lambda a: np.std(a, axis=1, keepdims=True), [(3, 4)]),
    "norm": (np.linalg.norm, [(3, 2)]),
    "norm axis": (lambda a: np.linalg.norm(a, axis=1), [(3, 2)]),
    "reshape": (lambda a: np.reshape(a, (3, 2)), [(2, 3)]),
    "reshape F": (lambda a: np.reshape(a, (3, 4), order="F"), [(2, 6)]),
    "ravel": (np.ravel, [(2, 3)]),
    "ravel F": (lambda a: np.ravel(a, order="F"), [(2, 3)]),
    "transpose": (np.transpose, [(2, 3)]),
    "transpose axes": (lambda a: np.transpose(a, (1, 2, 0)), [(2, 3, 4)]),
    "swapaxes": (lambda a: np.swapaxes(a, 0, -1), [(2, 3, 4)]),
    "moveaxis": (lambda a: np.moveaxis(a, 0, -1), [(2, 3, 4)]),
    "moveaxis several": (lambda a: np.moveaxis(a, [0, 1], [-1, 0]), [(2, 3, 4)]),
    "expand_dims": (lambda a: np.expand_dims(a, 1), [(2, 3)]),
    "squeeze": (np.squeeze, [(2, 1, 3)]),
    "broadcast_to": (lambda a: np.broadcast_to(a, (4, 2, 3)), [(2, 1)]),
    "concatenate": (lambda a, b: np.concatenate([a, b], axis=1), [(2, 3), (2, 1)]),
    "concatenate axis None": (lambda a, b: np.concatenate((a, b), axis=None), [(2, 3), (2,)]),
    "stack": (lambda a, b: np.stack([a, b], axis=1), [(2, 3), (2, 3)]),
    "hstack": (lambda a, b: np.hstack([a, b]), [(2, 3), (2, 1)]),
    "vstack": (lambda a, b: np.vstack([a, b]), [(3,), (2, 3)]),
}


@pytest.mark.parametrize("name", sorted(MAPPED))
def test_mapped_numpy_function_gives_a_tensor_with_numpys_value(name):
    function, shapes = MAPPED[name]
    rng = rng_for("numpy-function", name)
    arrays = [rng.uniform(-2, 2, shape) for shape in shapes]
    out = function(*[ag.constant(a) for a in arrays])
    expected = function(*arrays)
    assert type(out) is ag.Tensor, type(out)
    assert out.shape == np.shape(expected) and out.dtype == np.float64
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", sorted(MAPPED))
def test_mapped_numpy_function_gradients_match_central_differences(name):
    function, shapes = MAPPED[name]
    rng = rng_for("numpy-function", name)
    arrays = [rng.uniform(-2, 2, shape) for shape in shapes]
    if name.startswith("clip"):  # away from the bounds (kinks)
        arrays[0] = np.where(np.abs(np.abs(arrays[0]) - 0.5) < 0.1, 1.5, arrays[0])
    if name == "clip array bounds":  # below, inside and above [lo, lo + 1]
        arrays = [np.array([[-1.0, 0.3], [0.6, 1.9], [2.5, -0.4]]), np.array([0.0, -0.2])]
    check_grads(function, *arrays, order=2)


def test_np_dot_inside_a_tape_reaches_the_variable():
    # The audit's example: np.dot used to return an array, so the gradient was None.
    x = ag.constant([[1.0, 2.0, 3.0]])
    w = ag.Variable([[1.0], [0.0], [-1.0]])
    with ag.GradientTape() as tape:
        y = np.dot(x, w)
    assert type(y) is ag.Tensor and float(y) == -2.0
    np.testing.assert_array_equal(tape.gradient(y, w).numpy(), [[1.0], [2.0], [3.0]])  # xᵀ


def test_gradients_through_numpy_functions_by_hand():
    a = ag.constant([1.0, -2.0, 3.0])
    b = ag.constant([4.0, 5.0])
    with ag.GradientTape(persistent=True) as tape:
        tape.watch([a, b])
        outer = np.sum(np.outer(a, b))            # (Σa)(Σb) = 2 · 9
        clipped = np.sum(np.clip(a, -1.0, 2.0))   # 1 - 1 + 2; only 1.0 is inside
        chosen = np.sum(np.where(a > 0, a, 0.0))  # 1 + 3
        joined = np.sum(np.concatenate([a, b]) ** 2)
    assert float(outer) == 18.0 and float(clipped) == 2.0 and float(chosen) == 4.0
    np.testing.assert_array_equal(tape.gradient(outer, a).numpy(), [9.0, 9.0, 9.0])
    np.testing.assert_array_equal(tape.gradient(outer, b).numpy(), [2.0, 2.0])
    np.testing.assert_array_equal(tape.gradient(clipped, a).numpy(), [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(tape.gradient(chosen, a).numpy(), [1.0, 0.0, 1.0])
    np.testing.assert_array_equal(tape.gradient(joined, b).numpy(), [8.0, 10.0])


def test_variance_and_norm_gradients_by_hand():
    x = ag.constant([1.0, 2.0, 6.0])  # mean 3, deviations -2, -1, 3
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        var = np.var(x)          # 14 / 3
        norm = np.linalg.norm(x)  # sqrt(41)
    assert float(var) == pytest.approx(14 / 3)
    np.testing.assert_allclose(tape.gradient(var, x).numpy(), [-4 / 3, -2 / 3, 2.0], rtol=1e-6)
    np.testing.assert_allclose(tape.gradient(norm, x).numpy(),
                               np.array([1.0, 2.0, 6.0]) / np.sqrt(41.0), rtol=1e-6)


def test_numpy_dtypes_and_the_tensors_dtype():
    f32 = ag.constant([[1.0, 2.0]])
    product = np.dot(f32, np.ones((2, 2), dtype=np.float32))
    assert isinstance(product, ag.Tensor) and product.dtype == np.float32
    assert np.where(f32 > 1, f32, 0.0).dtype == np.float32   # a Python float stays weak
    assert np.sum(f32, dtype=np.float64).dtype == np.float64
    assert np.concatenate([f32, f32], dtype=np.float64).dtype == np.float64
    assert np.mean(ag.constant([1, 2])).dtype == np.float64


def test_an_array_with_a_tensor_argument_still_dispatches():
    lo = ag.constant(0.5, dtype="float64")
    with ag.GradientTape() as tape:
        tape.watch(lo)
        y = np.sum(np.clip(np.array([0.0, 1.0, 0.2]), lo, 2.0))
    assert type(y) is ag.Tensor and float(y) == 2.0  # 0.5 + 1.0 + 0.5
    assert float(tape.gradient(y, lo)) == 2.0  # two elements sit at the lower bound


# --- functions not in the table, and options the table does not take -------------------------
def test_other_numpy_functions_return_plain_arrays_off_the_tape():
    # np.fmod (a ufunc) and np.interp have no op: NumPy's plain values, no gradient, a warning
    x = ag.constant([3.0, -1.0, 2.0])
    with ag.GradientTape() as tape:
        tape.watch(x)
        with pytest.warns(ag.TapeLeakWarning, match="np.fmod has no op"):
            remainder = np.fmod(x, 2.0)
        with pytest.warns(ag.TapeLeakWarning, match="np.interp has no op"):
            interpolated = np.interp(x, [0.0, 4.0], [0.0, 2.0])
        y = ag.sum(remainder * 2.0)  # built from a plain array: not connected to x
    assert type(remainder) is np.ndarray and remainder.tolist() == [1.0, -1.0, 0.0]
    assert type(interpolated) is np.ndarray and interpolated.tolist() == [1.5, 0.0, 1.0]
    assert float(y) == 0.0 and tape.gradient(y, x) is None


def test_options_the_table_does_not_take_fall_back_to_numpy():
    x = ag.constant([1.0, 2.0, 3.0])
    masked = np.sum(x, where=np.array([True, False, True]))
    assert not isinstance(masked, ag.Tensor) and float(masked) == 4.0
    assert float(np.max(x, initial=10.0)) == 10.0
    out = np.zeros(())
    assert np.sum(x, out=out) is out and float(out) == 6.0
    np.testing.assert_array_equal(np.where(x > 1.5)[0], [1, 2])  # indices: plain
    np.testing.assert_array_equal(np.linalg.norm(x, ord=1), 6.0)


def test_a_plain_result_does_not_let_anyone_change_the_tensor():
    x = ag.constant([1.0, 2.0])
    with pytest.raises(ValueError, match="read-only"):
        np.copyto(x, [5.0, 6.0])
    np.testing.assert_array_equal(x.numpy(), [1.0, 2.0])
    copied = np.copy(x)
    copied[0] = 9.0
    np.testing.assert_array_equal(x.numpy(), [1.0, 2.0])


def test_shape_ndim_size_and_asarray_are_unchanged():
    x = ag.Variable(np.zeros((2, 3)))
    assert np.shape(x) == (2, 3) and np.ndim(x) == 2 and np.size(x) == 6
    assert np.size(x, 1) == 3
    a = np.asarray(x)
    assert type(a) is np.ndarray and not a.flags.writeable
    b = np.array(x)
    assert type(b) is np.ndarray and b.flags.writeable


class Foreign:
    """Another library's array type: NumPy should ask it, not us."""

    def __array_function__(self, func, types, args, kwargs):
        return "foreign"


def test_other_array_libraries_get_their_turn():
    assert np.concatenate([ag.ones(2), Foreign()]) == "foreign"


def test_errors_name_the_function_and_shapes():
    with pytest.raises(ValueError, match=r"dot: shapes \(2, 3\) and \(4, 2, 5\)"):
        np.dot(ag.ones((2, 3)), ag.ones((4, 2, 5)))
    with pytest.raises(ValueError, match="matmul"):
        np.dot(ag.ones((2, 3)), ag.ones((4, 5)))
