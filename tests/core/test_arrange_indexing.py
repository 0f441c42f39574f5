"""Shape and indexing ops of issue 14 item 4 (ops/arrange.py, ops/indexing.py,
ops/products.py): values equal NumPy's, first and second derivatives agree with central
differences in float64, and gradients worked by hand where they teach something (a gather
adds repeated picks, a pad's border gets nothing, reflected elements get two shares)."""
import numpy as np
import pytest

import autograd_lite as ag
import autograd_lite.numpy as anp
from autograd_lite.testing import check_grads


def _x(shape, seed=0):
    return np.random.default_rng(seed).uniform(-2.0, 2.0, size=shape)


def _grad(fn, x, upstream=None):
    x = ag.constant(np.asarray(x, dtype=np.float64))
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = fn(x)
    return tape.gradient(y, x, output_gradients=None if upstream is None
                         else ag.constant(np.asarray(upstream, dtype=np.float64)))


def _same(ours, theirs):
    if isinstance(theirs, (list, tuple)):
        assert len(ours) == len(theirs)
        for o, t in zip(ours, theirs):
            _same(o, t)
        return
    assert ours.shape == np.shape(theirs)
    np.testing.assert_array_equal(ours.numpy(), theirs)


def _joined(fn):
    """A function of one Tensor whose result is a list (split) made one Tensor, for
    check_grads: each piece times its own weight, summed."""
    def joined(t):
        pieces = fn(t)
        if not isinstance(pieces, (list, tuple)):
            return pieces
        return ag.concat([ag.reshape(p, (-1,)) * (i + 1) for i, p in enumerate(pieces)])
    return joined


# (name, function of ag/np, input shape): values vs NumPy and derivatives vs differences
CASES = [
    ("ravel", lambda m, x: m.ravel(x), (2, 3)),
    ("ravel F", lambda m, x: m.ravel(x, order="F"), (2, 3)),
    ("rollaxis", lambda m, x: m.rollaxis(x, 2), (2, 3, 4)),
    ("rollaxis start", lambda m, x: m.rollaxis(x, 0, 3), (2, 3, 4)),
    ("repeat", lambda m, x: m.repeat(x, 2), (2, 3)),
    ("repeat axis", lambda m, x: m.repeat(x, [1, 0, 3], axis=1), (2, 3)),
    ("tile", lambda m, x: m.tile(x, (2, 1, 2)), (2, 3)),
    ("flip", lambda m, x: m.flip(x), (2, 3)),
    ("flip axis", lambda m, x: m.flip(x, axis=(0, 2)), (2, 3, 2)),
    ("flipud", lambda m, x: m.flipud(x), (3, 2)),
    ("fliplr", lambda m, x: m.fliplr(x), (3, 2)),
    ("rot90", lambda m, x: m.rot90(x), (2, 3)),
    ("rot90 k2", lambda m, x: m.rot90(x, 2), (2, 3)),
    ("rot90 k3 axes", lambda m, x: m.rot90(x, -1, axes=(2, 0)), (2, 3, 4)),
    ("roll", lambda m, x: m.roll(x, 2), (2, 3)),
    ("roll axes", lambda m, x: m.roll(x, (1, -1), axis=(0, 1)), (2, 3)),
    ("atleast_1d", lambda m, x: m.atleast_1d(x), ()),
    ("atleast_2d", lambda m, x: m.atleast_2d(x), (3,)),
    ("atleast_3d 1d", lambda m, x: m.atleast_3d(x), (3,)),
    ("atleast_3d 2d", lambda m, x: m.atleast_3d(x), (2, 3)),
    ("column_stack", lambda m, x: m.column_stack([x[0], x[1], x.T]), (2, 3)),
    ("column_stack 2d", lambda m, x: m.column_stack([x.T, x[0]]), (2, 3)),
    ("dstack", lambda m, x: m.dstack([x, x[::-1]]), (2, 3)),
    ("append", lambda m, x: m.append(x, x[0]), (2, 3)),
    ("append axis", lambda m, x: m.append(x, x[:1], axis=0), (2, 3)),
    ("insert", lambda m, x: m.insert(x, 1, x[0, :2]), (2, 3)),
    ("insert axis", lambda m, x: m.insert(x, [0, 2], x[:, :1], axis=1), (2, 3)),
    ("delete", lambda m, x: m.delete(x, [0, 4]), (2, 3)),
    ("delete axis slice", lambda m, x: m.delete(x, slice(0, 2), axis=1), (2, 3)),
    ("split", lambda m, x: m.split(x, 2, axis=1), (2, 4)),
    ("split indices", lambda m, x: m.split(x, [1, -1, 9], axis=1), (2, 4)),
    ("array_split", lambda m, x: m.array_split(x, 3), (5, 2)),
    ("hsplit", lambda m, x: m.hsplit(x, [1]), (2, 3)),
    ("vsplit", lambda m, x: m.vsplit(x, 2), (4, 3)),
    ("dsplit", lambda m, x: m.dsplit(x, 2), (1, 2, 4)),
    ("pad constant", lambda m, x: m.pad(x, ((1, 2), (0, 1)), constant_values=3.0), (2, 3)),
    ("pad edge", lambda m, x: m.pad(x, 2, mode="edge"), (2, 3)),
    ("pad reflect", lambda m, x: m.pad(x, ((2, 1), (2, 2)), mode="reflect"), (3, 3)),
    ("pad reflect odd", lambda m, x: m.pad(x, 2, mode="reflect", reflect_type="odd"), (3,)),
    ("pad symmetric", lambda m, x: m.pad(x, 3, mode="symmetric"), (2, 3)),
    ("pad wrap", lambda m, x: m.pad(x, (1, 4), mode="wrap"), (3,)),
    ("take", lambda m, x: m.take(x, [[0, 5], [5, 2]]), (2, 3)),
    ("take axis", lambda m, x: m.take(x, [2, 2, 0], axis=1), (2, 3)),
    ("take wrap", lambda m, x: m.take(x, [-1, 7], axis=1, mode="wrap"), (2, 3)),
    ("take clip", lambda m, x: m.take(x, [-1, 7], mode="clip"), (2, 3)),
    ("take_along_axis", lambda m, x: m.take_along_axis(x, np.array([[2, 0], [1, 1]]), axis=1),
     (2, 3)),
    ("take_along_axis none", lambda m, x: m.take_along_axis(x, np.array([4, 0]), axis=None),
     (2, 3)),
    ("diagonal", lambda m, x: m.diagonal(x), (3, 4)),
    ("diagonal offset axes", lambda m, x: m.diagonal(x, 1, 2, 0), (3, 2, 4)),
    ("diagonal negative", lambda m, x: m.diagonal(x, -1), (3, 4)),
    ("diag 1d", lambda m, x: m.diag(x), (3,)),
    ("diag 1d k", lambda m, x: m.diag(x, -2), (3,)),
    ("diag 2d", lambda m, x: m.diag(x, 1), (3, 4)),
    ("diagflat", lambda m, x: m.diagflat(x, 1), (2, 2)),
    ("tril", lambda m, x: m.tril(x), (3, 4)),
    ("tril k batched", lambda m, x: m.tril(x, -1), (2, 3, 3)),
    ("triu", lambda m, x: m.triu(x, 1), (3, 4)),
    ("outer", lambda m, x: m.outer(x, x[::-1]), (3,)),
    ("kron", lambda m, x: m.kron(x, x[:1]), (2, 3)),
    ("kron 1d 2d", lambda m, x: m.kron(x[0], x), (2, 3)),
    ("cross", lambda m, x: m.cross(x, x[::-1]), (2, 3)),
    ("cross axes", lambda m, x: m.cross(x, x[:, ::-1], axisa=0, axisb=0, axisc=0), (3, 2)),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_values_match_numpy_and_derivatives_match_differences(case):
    name, fn, shape = case
    x = _x(shape, seed=len(name))
    # through anp, the drop-in: each name resolves to the registered op
    _same(fn(anp, ag.constant(x)), fn(np, x))
    check_grads(_joined(lambda t: fn(anp, t)), x, order=2)


def test_gathers_add_up_repeated_picks():
    # take [0, 0, 2] of [a, b, c]: a is picked twice
    assert _grad(lambda t: ag.take(t, [0, 0, 2]), [1.0, 2.0, 3.0]).numpy().tolist() == \
        [2.0, 0.0, 1.0]
    # repeat each twice, tile twice: every element appears twice or four times
    assert _grad(lambda t: ag.repeat(t, [2, 1]), [1.0, 2.0]).numpy().tolist() == [2.0, 1.0]
    assert _grad(lambda t: ag.tile(t, (2, 2)), [1.0, 2.0]).numpy().tolist() == [4.0, 4.0]


def test_pad_gradient_by_hand():
    # constant border: only the inside gets the upstream
    up = np.arange(1.0, 7.0)
    assert _grad(lambda t: ag.pad(t, (2, 1)), [1.0, 2.0, 3.0], up).numpy().tolist() == \
        [3.0, 4.0, 5.0]
    # reflect [a, b, c] by 1: [b, a, b, c, b] -> b appears three times
    assert _grad(lambda t: ag.pad(t, 1, mode="reflect"), [1.0, 2.0, 3.0]).numpy().tolist() == \
        [1.0, 3.0, 1.0]
    # TF's upper-case mode names
    _same(ag.pad(ag.constant([[1.0, 2.0]]), [[1, 1], [2, 2]], mode="REFLECT"),
          np.pad(np.array([[1.0, 2.0]], np.float32), [[1, 1], [2, 2]], mode="reflect"))
    with pytest.raises(ValueError, match="pad: mode"):
        ag.pad([1.0], 1, mode="mean")


def test_split_pieces_get_their_own_gradients():
    x = ag.constant([1.0, 2.0, 3.0, 4.0, 5.0], "float64")
    with ag.GradientTape() as tape:
        tape.watch(x)
        a, b, c = ag.array_split(x, 3)
        y = ag.sum(a) * 1 + ag.sum(b) * 10 + ag.sum(c) * 100
    assert [p.shape for p in (a, b, c)] == [(2,), (2,), (1,)]
    assert tape.gradient(y, x).numpy().tolist() == [1.0, 1.0, 10.0, 10.0, 100.0]
    with pytest.raises(ValueError, match="split"):
        ag.split(x, 2)


def test_linspace_is_differentiable_in_its_endpoints():
    for num, endpoint in [(5, True), (4, False), (1, True), (0, True), (2, True)]:
        _same(ag.linspace(ag.constant(-1.0, "float64"), 2.0, num, endpoint=endpoint),
              np.linspace(-1.0, 2.0, num, endpoint=endpoint))
    # samples start + k (stop - start) / 4, k = 0..4: d/dstart = Σ(1 - k/4) = 2.5 = d/dstop
    start, stop = ag.constant(0.0, "float64"), ag.constant(1.0, "float64")
    with ag.GradientTape() as tape:
        tape.watch([start, stop])
        y = ag.sum(ag.linspace(start, stop, 5))
    assert [float(g) for g in tape.gradient(y, [start, stop])] == [2.5, 2.5]
    # array endpoints, along another axis, with retstep
    a, b = _x((2,), 1), _x((3, 1), 2)
    samples, step = ag.linspace(a, b, 4, axis=-1, retstep=True)
    expected, expected_step = np.linspace(a, b, 4, axis=-1, retstep=True)
    np.testing.assert_allclose(samples.numpy(), expected, rtol=1e-14)
    np.testing.assert_allclose(step.numpy(), expected_step, rtol=1e-14)
    check_grads(lambda s, e: ag.linspace(s, e, 4, axis=-1), a, b, order=2)
    check_grads(lambda s, e: ag.linspace(s, e, 6, endpoint=False), a, b, order=2)
    assert ag.linspace(0.0, 1.0, 3).dtype == np.float32  # Python floats, as ag.constant


def test_meshgrid_values_and_gradients():
    x, y, z = _x((3,), 1), _x((2,), 2), _x((4,), 3)
    for indexing in ("xy", "ij"):
        for sparse in (False, True):
            _same(ag.meshgrid(x, y, z, indexing=indexing, sparse=sparse),
                  np.meshgrid(x, y, z, indexing=indexing, sparse=sparse))
        check_grads(lambda a, b: ag.stack(ag.meshgrid(a, b, indexing=indexing)), x, y,  # noqa: B023
                    order=2)
    # X repeats x along the rows: each x_i gets the sum of its column of upstream
    assert _grad(lambda t: ag.meshgrid(t, [1.0, 2.0])[0], [5.0, 6.0, 7.0],
                 [[1.0, 2.0, 3.0], [10.0, 20.0, 30.0]]).numpy().tolist() == [11.0, 22.0, 33.0]


EINSUM = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("ij,jk", [(2, 3), (3, 4)]),
    ("i,i->", [(3,), (3,)]),
    ("i,j->ij", [(3,), (2,)]),
    ("ii->i", [(3, 3)]),
    ("ii", [(3, 3)]),
    ("iij->j", [(2, 2, 3)]),
    ("ij->", [(2, 3)]),
    ("ij->j", [(2, 3)]),
    ("ji", [(2, 3)]),
    ("...ij,...jk->...ik", [(4, 2, 3), (3, 2)]),
    ("...ij,...jk", [(1, 2, 3), (5, 3, 2)]),
    ("i...->...", [(3, 2, 2)]),
    ("b...i,b...i->b...", [(2, 3, 4), (2, 1, 4)]),
    ("ijk,jl,lk->i", [(2, 3, 2), (3, 4), (4, 2)]),
    ("ij,ij,ij->i", [(2, 3), (2, 3), (2, 3)]),
    ("i,jk->", [(2,), (3, 4)]),
    ("ab,b->ab", [(2, 1), (3,)]),
]


@pytest.mark.parametrize("subscripts,shapes", EINSUM, ids=[e[0] for e in EINSUM])
def test_einsum_matches_numpy_and_differences_for_any_subscripts(subscripts, shapes):
    arrays = [_x(shape, seed=i + len(subscripts)) for i, shape in enumerate(shapes)]
    out = ag.einsum(subscripts, *[ag.constant(a) for a in arrays])
    np.testing.assert_allclose(out.numpy(), np.einsum(subscripts, *arrays), rtol=1e-12)
    assert out.shape == np.einsum(subscripts, *arrays).shape
    check_grads(lambda *ts: ag.einsum(subscripts, *ts), *arrays, order=2)


def test_einsum_gradients_by_hand():
    # trace: d/dA Σ A_ii = I; diagonal extraction: the upstream lands on the diagonal
    assert _grad(lambda t: ag.einsum("ii", t), np.ones((2, 2))).numpy().tolist() == \
        [[1.0, 0.0], [0.0, 1.0]]
    assert _grad(lambda t: ag.einsum("ii->i", t), np.ones((2, 2)), [3.0, 4.0]).numpy() \
        .tolist() == [[3.0, 0.0], [0.0, 4.0]]
    # a letter summed inside one operand only: every element gets the whole upstream
    assert _grad(lambda t: ag.einsum("ij->i", t), np.ones((2, 3)), [1.0, 2.0]).numpy() \
        .tolist() == [[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]
    with pytest.raises(ValueError, match="einsum"):
        ag.einsum("ij,jk->ik", np.ones((2, 3)))


def test_select_and_piecewise():
    x = _x((6,), 4)
    conditions = [x < -1, x > 1]
    _same(ag.select(conditions, [x * 2, x ** 2], default=-x),
          np.select(conditions, [x * 2, x ** 2], default=-x))
    check_grads(lambda t: ag.select(conditions, [t * 2, t ** 2], default=-t), x, order=2)
    # piecewise evaluates each function on its own elements only: sqrt of negatives is never
    # taken, so neither the value nor the gradient is NaN
    y = np.array([-4.0, -1.0, 1.0, 4.0])
    out = ag.piecewise(ag.constant(y), [y < 0, y >= 0], [lambda t: t * 0.0, ag.sqrt])
    np.testing.assert_array_equal(out.numpy(), [0.0, 0.0, 1.0, 2.0])
    g = _grad(lambda t: ag.piecewise(t, [y < 0], [0.0, ag.sqrt]), y).numpy()
    np.testing.assert_array_equal(g, [0.0, 0.0, 0.5, 0.25])
    _same(ag.piecewise(ag.constant(y), [y < -2, y > 0, y > 2], [1.0, lambda t: t * 10, 7.0]),
          np.piecewise(y, [y < -2, y > 0, y > 2], [1.0, lambda t: t * 10, 7.0]))


def test_sort_based_and_r_c_joiners():
    a, b = ag.constant([1.0, 2.0], "float64"), ag.constant([3.0, 4.0], "float64")
    with ag.GradientTape(persistent=True) as tape:
        tape.watch([a, b])
        row = ag.r_[a, 5.0, b]
        column = ag.c_[a, b]
    _same(row, np.r_[a.numpy(), 5.0, b.numpy()])
    _same(column, np.c_[a.numpy(), b.numpy()])
    assert tape.gradient(row, a).numpy().tolist() == [1.0, 1.0]
    assert tape.gradient(column, b).numpy().tolist() == [1.0, 1.0]
    _same(ag.r_[0:3, a], np.r_[0:3, a.numpy()])
    with pytest.raises(TypeError, match="r_"):
        ag.r_["0,2", a]


def test_errors_name_the_function():
    with pytest.raises(ValueError, match="fliplr"):
        ag.fliplr([1.0, 2.0])
    with pytest.raises(ValueError, match="diagonal"):
        ag.diagonal([1.0, 2.0])
    with pytest.raises(ValueError, match="cross"):
        ag.cross([1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0])
    with pytest.raises(TypeError, match="take"):
        ag.take([1.0, 2.0], [0.5])
    with pytest.raises(ValueError, match="rollaxis"):
        ag.rollaxis(ag.ones((2, 3)), 5)


@pytest.mark.parametrize("shape,axes", [((5,), None), ((4,), None), ((3, 4), None),
                                        ((3, 4), 1), ((3, 4, 5), (0, 2))], ids=str)
def test_fftshift_and_ifftshift(shape, axes):
    x = _x(shape, seed=sum(shape))
    _same(ag.fftshift(x, axes=axes), np.fft.fftshift(x, axes=axes))
    _same(ag.ifftshift(x, axes=axes), np.fft.ifftshift(x, axes=axes))
    _same(ag.ifftshift(ag.fftshift(x, axes=axes), axes=axes), x)
    check_grads(lambda t: ag.fftshift(t, axes=axes), x, order=2)
    check_grads(lambda t: ag.ifftshift(t, axes=axes), x, order=2)
    # the gradient is the opposite shift of the upstream
    up = _x(shape, seed=1)
    np.testing.assert_array_equal(_grad(lambda t: ag.fftshift(t, axes=axes), x, up).numpy(),
                                  np.fft.ifftshift(up, axes=axes))


def test_fftshift_refuses_complex_input():
    with pytest.raises(TypeError, match="fftshift"):
        ag.fftshift(np.array([1 + 1j, 2.0]))
