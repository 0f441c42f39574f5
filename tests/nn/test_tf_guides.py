"""The TF / Keras guide code of docs/coming_from_tensorflow.md runs, names changed only."""
import re
from pathlib import Path

import numpy as np
import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "coming_from_tensorflow.md"


def blocks():
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)


def test_every_block_runs_and_gives_the_guides_values(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace = {}
    found = blocks()
    assert len(found) == 7
    for block in found:
        exec(compile(block, str(DOC), "exec"), namespace)
    assert float(namespace["dy_dx"]) == 1.0  # TF's guide: 1.0 at x = 100
    assert namespace["loss_value"].shape == ()
    assert 0.0 <= float(namespace["train_acc"]) <= 1.0
    assert len(namespace["history"].history["loss"]) == 2
    assert (tmp_path / "digits.keras").exists() and (tmp_path / "mlp.keras").exists()
    assert namespace["d"].shape == (3, 2)
    assert sorted(map(tuple, namespace["d"].numpy().tolist())) == [(1, 2), (3, 4), (5, 6)]
    b = namespace["b"].numpy()
    assert b.dtype == np.float32 and ((b >= 0) & (b < 1)).all()
    assert abs(namespace["c"].numpy()).max() <= 1.0


def test_the_names_table_names_what_exists():
    import autograd_lite as ag
    for name in ("custom_gradient", "random", "data"):
        assert hasattr(ag, name)
    for name in ("Input", "Model", "Softmax", "ReLU", "LeakyReLU", "Concatenate", "Add",
                 "concatenate", "add", "load_model", "register_serializable", "saving"):
        assert hasattr(ag.nn, name), name
    assert callable(ag.nn.saving.register_keras_serializable)
    assert ag.data.AUTOTUNE == -1
    with pytest.raises(TypeError):
        len(ag.data.Dataset(lambda: iter(()), None))


def test_keras_spellings_name_the_same_objects():
    import autograd_lite as ag
    assert ag.keras.layers.Dense is ag.nn.Dense is ag.layers.Dense
    assert ag.keras.Sequential is ag.Sequential is ag.nn.Sequential
    assert ag.Model is ag.nn.Model and ag.Input is ag.nn.Input
    assert ag.keras.models.load_model is ag.models.load_model is ag.nn.load_model
    assert ag.saving.load_model is ag.nn.load_model
    assert ag.saving.register_keras_serializable is ag.nn.saving.register_keras_serializable
    assert ag.keras.losses is ag.losses and ag.keras.optimizers is ag.optimizers
    assert ag.keras.ops.sum is ag.sum


def test_every_op_alias_the_page_lists_exists():
    import autograd_lite as ag
    text = DOC.read_text()
    section = text[text.index("Op names under TF's spelling"):text.index("## The few deliberate")]
    names = re.findall(r"`(ag\.[A-Za-z_.0-9]+)`", section)
    assert len(names) > 60
    for name in names:
        value = ag
        for part in name.split(".")[1:]:
            value = getattr(value, part)
        assert value is not None, name
    assert ag.float32 == np.float32 and ag.int64 == np.int64
