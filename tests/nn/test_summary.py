"""summary(): layer rows, output shapes and parameter counts (floating variables only)."""
import numpy as np

import autograd_lite as ag


def summary_text(model):
    lines = []
    model.summary(print_fn=lines.append)
    return "\n".join(lines)


def test_dense_network_counts():
    model = ag.nn.Sequential([ag.nn.Input((784,)), ag.nn.Dense(16, activation="sigmoid"),
                              ag.nn.Dense(16, activation="sigmoid"), ag.nn.Dense(10)],
                             name="seed_net")
    text = summary_text(model)
    assert text.startswith('Model: "seed_net"')
    assert "(None, 16)" in text and "(None, 10)" in text
    assert "12,560" in text and "272" in text and "170" in text
    assert " Total params: 13,002 (50.79 KB)" in text
    assert " Trainable params: 13,002 (50.79 KB)" in text
    assert " Non-trainable params: 0 (0.00 B)" in text
    assert model.count_params() == 13002


def test_batch_normalization_moving_stats_are_non_trainable():
    model = ag.nn.Sequential([ag.nn.Input((8,)), ag.nn.Dense(4),
                              ag.nn.BatchNormalization(), ag.nn.Dropout(0.5)])
    text = summary_text(model)
    assert " Total params: 52 (208.00 B)" in text
    assert " Trainable params: 44 (176.00 B)" in text
    assert " Non-trainable params: 8 (32.00 B)" in text
    rows = [line for line in text.splitlines() if line.startswith("│")]
    assert len(rows) == 3 and rows[2].rstrip(" │").endswith("0")


class WithCounter(ag.nn.Layer):
    """A layer holding an integer Variable, which is not a parameter."""

    def build(self, input_shape):
        self.kernel = self.add_weight("kernel", (input_shape[-1], 2))
        self.calls = ag.Variable(np.int64(0), trainable=False, name="calls")

    def call(self, x):
        return ag.matmul(x, self.kernel)


def test_integer_variables_do_not_count():
    model = ag.nn.Sequential([ag.nn.Input((3,)), WithCounter()])
    assert len(model.variables) == 2 and model.count_params() == 6
    text = summary_text(model)
    assert " Total params: 6 (24.00 B)" in text and " Non-trainable params: 0 (0.00 B)" in text


def test_frozen_layer_counts_as_non_trainable():
    model = ag.nn.Sequential([ag.nn.Input((3,)), ag.nn.Dense(2), ag.nn.Dense(1)])
    model.layers[0].trainable = False
    text = summary_text(model)
    assert " Trainable params: 3 (12.00 B)" in text and " Non-trainable params: 8 (32.00 B)" in text


def test_unbuilt_model_says_so(capsys):
    model = ag.nn.Sequential([ag.nn.Dense(2)])
    model.summary()
    out = capsys.readouterr().out
    assert "0 (unbuilt)" in out and "?" in out and " Total params: 0 (0.00 B)" in out


def test_long_layer_names_widen_the_column_and_keep_the_borders():
    model = ag.nn.Sequential([ag.nn.Input((3,)),
                              ag.nn.Dense(2, name="a_rather_long_hidden_layer_name"),
                              ag.nn.BatchNormalization(name="normalisation_after_hidden")])
    lines = summary_text(model).splitlines()
    table = lines[1:lines.index(next(line for line in lines if line.startswith("└"))) + 1]
    assert len({len(line) for line in table}) == 1
    row = next(line for line in table if "normalisation" in line)  # the longest cell fits
    assert row.startswith("│ normalisation_after_hidden (BatchNormalization) │ (None, 2) ")
    columns = [i for i, c in enumerate(table[0]) if c == "┳"]
    for line in table[1:]:
        assert [line[i] for i in columns] in (["┃"] * 2, ["╇"] * 2, ["│"] * 2, ["┴"] * 2)
    short = summary_text(ag.nn.Sequential([ag.nn.Input((3,)), ag.nn.Dense(2, name="d")]))
    assert short.splitlines()[1] == "┏" + "━" * 31 + "┳" + "━" * 24 + "┳" + "━" * 13 + "┓"
