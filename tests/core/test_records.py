"""The tape's records are kept column by column: reading them gives the
``(primitive, inputs, output, params)`` tuples, and a recorded op adds no container besides its
output Tensor (so Python's cyclic collector has one object per op to walk, not three)."""
import gc

import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.graph import reachable
from autograd_lite.records import Records


def test_one_two_and_many_inputs_read_back_as_recorded():
    records = Records()
    records.add("neg", ("x",), "a", {})
    records.add("add", ("x", (1.0, 2.0)), "b", {})  # a tuple-valued input stays one input
    records.add("where", ("c", "x", "y"), "d", {"k": 1})
    assert len(records) == 3
    assert records[0] == ("neg", ("x",), "a", {})
    assert records[1] == ("add", ("x", (1.0, 2.0)), "b", {})
    assert records[-1] == ("where", ("c", "x", "y"), "d", {"k": 1})
    assert records[1:] == [records[1], records[2]]
    assert list(records) == [records[0], records[1], records[2]]
    with pytest.raises(IndexError):
        records[3]


def test_reachable_follows_every_input_position():
    x, y, z = (ag.constant([1.0]) for _ in range(3))
    with ag.GradientTape() as tape:
        tape.watch([x, y, z])
        a = ag.sin(x)                         # one input
        b = ag.add(y, a)                      # reached through its second input
        c = ag.concat([z, ag.cos(z), b])      # three inputs, reached through the third
        ag.exp(z)                             # not downstream of x
    path, reached = reachable(tape.records, {x.id})
    names = [tape.records[i].op.name for i in path]
    assert names == ["sin", "add", "concat"]
    assert {a.id, b.id, c.id} <= reached


def test_clear_empties_every_column():
    records = Records()
    records.add("neg", ("x",), "a", {})
    records.clear()
    assert len(records) == 0 and list(records) == []


def test_a_recorded_unary_op_leaves_one_tracked_object():
    x = ag.constant(np.float32(0.5))
    gc.collect()
    with ag.GradientTape() as tape:
        tape.watch(x)
        y = x
        before = len(gc.get_objects())
        for _ in range(2000):
            y = ag.sin(y)
        added = len(gc.get_objects()) - before
    assert 2000 <= added < 2100, added  # the output Tensors, and nothing per record
    assert float(tape.gradient(y, x)) != 0.0


def test_sources_covering_every_watched_value_skip_the_search_with_the_same_result():
    a, b = ag.Variable([1.0, 2.0]), ag.Variable([3.0, 4.0])

    def gradients(sources):
        with ag.GradientTape() as tape:
            loss = ag.sum(a * b + ag.sin(a))
        return tape.gradient(loss, sources)

    only_a, both = gradients([a]), gradients([a, b])  # searched; every record reachable
    np.testing.assert_allclose(only_a[0].numpy(), [3.0 + np.cos(1.0), 4.0 + np.cos(2.0)],
                               rtol=1e-6)
    np.testing.assert_array_equal(both[0].numpy(), only_a[0].numpy())
    np.testing.assert_array_equal(both[1].numpy(), [1.0, 2.0])
