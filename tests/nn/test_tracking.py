"""Tracking: Variables and layers held in lists, tuples and dicts (nested, appended later)."""
import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.nn.weights_io import weight_names


def assert_same(got, expected):
    """The same objects in the same order (Variables compare elementwise, so use `is`)."""
    assert len(got) == len(expected), (got, expected)
    assert all(a is b for a, b in zip(got, expected)), (got, expected)


class Held(ag.nn.Layer):
    """The audit's example: a Variable in a list and a Dense in a dict."""

    def __init__(self):
        super().__init__()
        self.ws = [ag.Variable(np.float32(2.0), name="w0")]
        self.d = {"a": ag.nn.Dense(2, kernel_initializer="ones", name="held_dense")}

    def call(self, x):
        return self.d["a"](x) * self.ws[0]


def test_variables_in_a_list_and_layers_in_a_dict_are_tracked():
    layer = Held()
    out = layer(np.ones((1, 3), dtype="float32"))
    np.testing.assert_allclose(out.numpy(), [[6.0, 6.0]])
    dense = layer.d["a"]
    assert_same(layer.trainable_variables, [layer.ws[0], dense.kernel, dense.bias])
    assert_same(layer.variables, layer.trainable_variables)
    assert_same(layer.weights, layer.variables)
    assert layer.non_trainable_variables == [] and layer.layers == [dense]
    assert [w.shape for w in layer.get_weights()] == [(), (3, 2), (2,)]


def test_container_held_weights_are_trained_by_fit():
    class Net(ag.nn.Model):
        def __init__(self):
            super().__init__()
            self.scales = [ag.Variable(np.float32(1.0), name="scale")]
            self.heads = {"out": ag.nn.Dense(1, kernel_initializer="zeros")}

        def call(self, x):
            return self.heads["out"](x) * self.scales[0]

    model = Net()
    model.compile(ag.optimizers.SGD(0.1), "mse")
    model(np.ones((1, 2), dtype="float32"))
    assert len(model.trainable_variables) == 3
    x, y = np.ones((4, 2)), np.full((4, 1), 3.0)
    dense = model.heads["out"]
    # step 1: prediction 0, dL/dpred = 2 * (0 - 3) = -6, so kernel and bias go to 0.6
    # and the scale (its gradient is -6 * 0) stays 1
    model.fit(x, y, epochs=1, verbose=0)
    np.testing.assert_allclose(dense.kernel.numpy(), [[0.6], [0.6]], rtol=1e-6)
    assert float(dense.bias[0]) == pytest.approx(0.6) and float(model.scales[0]) == 1.0
    # step 2: z = 1.8, dL/dpred = -2.4: scale 1 + 0.1 * 2.4 * 1.8, bias 0.6 + 0.1 * 2.4
    model.fit(x, y, epochs=1, verbose=0)
    assert float(model.scales[0]) == pytest.approx(1.432, rel=1e-6)
    assert float(dense.bias[0]) == pytest.approx(0.84, rel=1e-6)


class Growing(ag.nn.Layer):
    """Empty containers filled after assignment, as Keras 3 users often write."""

    def __init__(self):
        super().__init__()
        self.blocks = []
        self.extras = []

    def build(self, input_shape):
        self.blocks.append(ag.nn.Dense(4, name="grow_a"))
        self.blocks.append(ag.nn.Dense(2, name="grow_b"))
        self.extras.append(ag.Variable(np.ones(2, dtype="float32"), name="extra"))

    def call(self, x):
        for block in self.blocks:
            x = block(x)
        return x * self.extras[0]


def test_items_appended_to_a_tracked_list_later_are_tracked():
    layer = Growing()
    layer(np.ones((2, 3), dtype="float32"))
    a, b = layer.blocks
    assert layer.layers == [a, b]
    assert_same(layer.trainable_variables,
                [layer.extras[0], a.kernel, a.bias, b.kernel, b.bias])
    assert layer.count_params() == 2 + 16 + 10


def test_items_removed_from_a_list_are_no_longer_tracked():
    layer = Growing()
    layer(np.ones((2, 3), dtype="float32"))
    removed = layer.blocks.pop()
    assert layer.layers == [layer.blocks[0]] and removed not in layer.layers
    assert_same(layer.variables, [layer.extras[0], layer.blocks[0].kernel,
                                  layer.blocks[0].bias])


def test_nested_containers_and_tuples_in_order():
    v = [ag.Variable(np.float32(i), name=f"v{i}") for i in range(4)]
    dense = ag.nn.Dense(1)
    layer = ag.nn.Layer()
    layer.groups = {"x": [v[0], (v[1], dense)], "y": (v[2],)}
    layer.pair = (v[3],)
    dense(np.ones((1, 2), dtype="float32"))
    assert_same(layer.variables, [v[0], v[1], v[2], v[3], dense.kernel, dense.bias])
    assert layer.layers == [dense]
    assert [name for name, _ in weight_names(layer)] == [
        "groups.x.0", "groups.x.1.0", "groups.y.0", "pair.0", "0.dense.kernel", "0.dense.bias"]


def test_order_follows_attribute_assignment_then_container_order():
    first, middle, last = (ag.Variable(np.float32(i), name=n)
                           for i, n in enumerate(["first", "middle", "last"]))
    layer = ag.nn.Layer()
    layer.a = first
    layer.ws = [middle]
    layer.z = last
    layer.ws.append(ag.Variable(np.float32(9.0), name="appended"))
    names = [v.name for v in layer.variables]
    assert names == ["first", "middle", "appended", "last"]
    dense = [ag.nn.Dense(1, name=f"order_{i}") for i in range(4)]
    model = ag.nn.Layer()
    model.head = dense[0]
    model.blocks = [dense[1], dense[2]]
    model.tail = dense[3]
    assert model.layers == dense


def test_a_variable_is_never_counted_twice():
    w = ag.Variable(np.float32(1.0), name="shared")
    dense = ag.nn.Dense(1)
    dense(np.ones((1, 2), dtype="float32"))
    layer = ag.nn.Layer()
    layer.w = w
    loop = [w, w, dense, {"again": [w, dense]}]
    loop.append(loop)  # a cycle is walked once
    layer.items = loop
    layer.more = (w, dense.kernel)
    assert_same(layer.variables, [w, dense.kernel, dense.bias])
    assert layer.layers == [dense]
    assert len(layer.get_weights()) == 3


def test_a_layer_holding_itself_in_a_list_is_not_its_own_sublayer():
    layer = ag.nn.Layer()
    layer.me = [layer]
    assert layer.layers == [] and layer.variables == []
    layer.trainable = False
    assert layer.trainable is False


def test_non_trainable_and_frozen_container_entries():
    moving = ag.Variable(np.zeros(2, dtype="float32"), trainable=False, name="moving")
    dense = ag.nn.Dense(2, name="frozen_inner")
    layer = ag.nn.Layer()
    layer.stats = [moving]
    layer.blocks = [dense]
    dense(np.ones((1, 2), dtype="float32"))
    assert_same(layer.non_trainable_variables, [moving])
    assert_same(layer.trainable_variables, [dense.kernel, dense.bias])
    layer.trainable = False
    assert dense.trainable is False and layer.trainable_variables == []
    assert_same(layer.non_trainable_variables, [moving, dense.kernel, dense.bias])


def test_regularizers_of_container_held_layers_reach_losses():
    layer = ag.nn.Layer()
    layer.blocks = {"early": []}
    layer.blocks["early"].append(ag.nn.Dense(1, kernel_initializer="ones",
                                             kernel_regularizer=ag.regularizers.L2(0.5)))
    layer.blocks["early"][0](np.ones((1, 2), dtype="float32"))
    assert [float(p) for p in layer.losses] == [pytest.approx(1.0)]  # 0.5 * (1 + 1)


def test_set_weights_save_and_load_see_container_variables(tmp_path):
    source, target = Held(), Held()
    x = np.array([[1.0, 2.0, 3.0]], dtype="float32")
    source(x)
    target(x)
    source.set_weights([np.float32(3.0), np.full((3, 2), 0.5), np.array([1.0, -1.0])])
    np.testing.assert_allclose(source(x).numpy(), [[12.0, 6.0]])
    path = tmp_path / "held.weights.npz"
    source.save_weights(path)
    with np.load(path) as archive:
        assert {"ws.0", "0.dense.kernel", "0.dense.bias"} <= set(archive.files)
    target.load_weights(path)
    np.testing.assert_allclose(target(x).numpy(), [[12.0, 6.0]])
    assert float(target.ws[0]) == 3.0


def test_summary_lists_container_held_layers_and_counts_their_params():
    class Stack(ag.nn.Model):
        def __init__(self):
            super().__init__(name="stack")
            self.blocks = [ag.nn.Dense(4, name="stack_a")]
            self.blocks.append(ag.nn.Dense(1, name="stack_b"))

        def call(self, x):
            for block in self.blocks:
                x = block(x)
            return x

    model = Stack()
    model(np.ones((1, 3), dtype="float32"))
    lines = []
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    assert "stack_a (Dense)" in text and "stack_b (Dense)" in text
    assert " Total params: 21 (84.00 B)" in text
    assert " Trainable params: 21 (84.00 B)" in text


def test_shape_tuples_are_not_walked_but_tuples_of_layers_are():
    model = ag.nn.Sequential([ag.nn.Dense(2, input_shape=(3,))])
    dense = model.layers[0]
    assert dense.output_shape == (None, 2) and dense.input_spec == (2, ((-1, 3),))
    assert model._build_shape == (None, 3)
    assert not {"output_shape", "input_spec"} & set(dense._containers)
    assert "_build_shape" not in model._containers
    layer = ag.nn.Layer()
    layer.shape = (None, (2, 3))
    layer.pair = (dense, ag.nn.Dense(1, name="pair_b"))
    layer.later = ((), [])  # a list inside a tuple may be appended to
    assert "shape" not in layer._containers
    assert {"pair", "later"} <= set(layer._containers)
    layer.later[1].append(ag.nn.Dense(1, name="later_c"))
    assert [sub.name for sub in layer.layers] == [dense.name, "pair_b", "later_c"]
