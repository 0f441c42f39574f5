"""The public way to read a tape (API.md section 11): ``tape.records`` of ``ag.Record``,
``tensor.id``, ``tape.tracked(t)``, ``ag.current_tapes()``; and the rule that the tools outside
the tape (``visualize/``, ``autograd_lite/introspect/``) read it through these names only."""
import re
import threading
from pathlib import Path

import numpy as np
import pytest

import autograd_lite as ag
from autograd_lite.graph import ancestry, reachable
from autograd_lite.tape import live_tapes

ROOT = Path(__file__).resolve().parents[2]
READERS = sorted((ROOT / "visualize").glob("*.py")) + sorted(
    (ROOT / "autograd_lite" / "introspect").glob("*.py"))

# Private names of the core that a reader of the tape must not touch.
PRIVATE = [
    (re.compile(r"\._(records|tracked|watched|spent|id|value|used|active|exit_id|recording|"
                r"variables|watch_accessed_variables)\b"), "a private attribute of the core"),
    (re.compile(r"\b_THREAD\b|\bSTATE\.stack\b"), "the tape stack"),
    (re.compile(r"\bgc\.get_objects\b"), "a scan of the garbage collector"),
    (re.compile(r"\b(STATE|MODE)\b"), "the core's switches"),
]
# ``from autograd_lite.x import _y`` or, inside introspect, ``from ..x import _y``.
CORE_IMPORT = re.compile(r"^\s*from\s+(autograd_lite[\w.]*|\.\.[\w.]*)\s+import\s+\(?([^)#\n]*)",
                         re.M)


def private_uses(text):
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern, what in PRIVATE:
            if pattern.search(line):
                found.append(f"line {number}: {what}: {line.strip()}")
    for match in CORE_IMPORT.finditer(text):
        names = [n.strip().split(" as ")[0] for n in match.group(2).split(",")]
        for name in names:
            if name.startswith("_"):
                number = text.count("\n", 0, match.start()) + 1
                found.append(f"line {number}: imports {name} from {match.group(1)}")
    return found


def test_the_checker_finds_what_it_looks_for():
    bad = ("from autograd_lite.introspect import _ancestry, short\n"
           "from ..tape import STATE, _flatten\n"
           "ids = {t._id for t in tape._records if t in tape._tracked}\n"
           "found = gc.get_objects()\nstack = _THREAD.stack\nv = x._value\n"
           "previous = STATE.backward_of\n")
    found = private_uses(bad)
    lines = sorted(int(f.split(":")[0].split()[1]) for f in found)
    assert lines == [1, 2, 2, 3, 4, 5, 6, 7], found
    assert private_uses("from ..graph import ancestry\nx.id, tape.records, tape.tracked(x)\n") == []


@pytest.mark.parametrize("path", READERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_readers_of_the_tape_use_only_public_names(path):
    assert READERS, "no files found to check"
    assert private_uses(path.read_text()) == []


def test_records_are_read_only_records_in_execution_order():
    w = ag.Variable([1.0, 2.0], name="w")
    x = ag.constant([3.0, 4.0])
    with ag.GradientTape() as tape:
        y = ag.multiply(w, x)
        z = ag.sum(y, axis=0)
    records = tape.records
    assert len(records) == 2 and [r.op.name for r in records] == ["multiply", "sum"]
    first = records[0]
    assert isinstance(first, ag.Record) and isinstance(first, tuple)
    assert first.inputs[0].id == w.id and first.inputs[1] is x and first.output is y
    assert first.op.local == ("y", "x") and records[1].params == {"axis": 0}
    assert records[-1].output is z and records[0:1] == [first]
    assert [r.op.name for r in reversed(records)] == ["sum", "multiply"]
    with pytest.raises(TypeError):
        records[0] = first
    assert not hasattr(records, "append") and not hasattr(records, "clear")
    with pytest.raises(AttributeError):
        first.op = None


def test_records_see_later_ops_and_a_released_tape_has_none():
    x = ag.constant(2.0)
    with ag.GradientTape() as tape:
        tape.watch(x)
        records = tape.records
        y = x * x
        assert len(records) == 1
        y = y * x
    assert len(records) == 2
    assert float(tape.gradient(y, x)) == 12.0
    assert len(tape.records) == 0 and tape.released


def test_id_is_stable_and_shared_by_a_variable_and_its_reads():
    v = ag.Variable([1.0])
    before = v.id
    v.assign([2.0])
    assert v.id == before and v.read().id == before
    a, b = ag.constant(1.0), ag.constant(1.0)
    assert a.id != b.id and isinstance(a.id, int)


def test_tracked_says_what_is_on_the_tape():
    x, c = ag.constant(1.0), ag.constant(2.0)
    w = ag.Variable(3.0)
    frozen = ag.Variable(4.0, trainable=False)
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * c + w * frozen
    assert [tape.tracked(t) for t in (x, c, w, frozen, y)] == [True, False, True, False, True]
    assert tape.tracked(1.0) is False and tape.tracked(np.ones(1)) is False


def test_current_tapes_are_this_threads_innermost_last():
    seen = {}
    entered, done = threading.Event(), threading.Event()

    def other():
        with ag.GradientTape() as own:
            seen["other"] = ag.current_tapes() == (own,)
            entered.set()
            done.wait(5)

    thread = threading.Thread(target=other)
    with ag.GradientTape() as outer:
        thread.start()
        assert entered.wait(5)
        with ag.GradientTape() as inner:
            assert ag.current_tapes() == (outer, inner)
        assert ag.current_tapes() == (outer,)
        done.set()
    thread.join(5)
    assert seen["other"] and ag.current_tapes() == ()


def test_live_tapes_hold_tapes_weakly():
    import gc
    import weakref

    from autograd_lite import tape as tape_module
    tape = ag.GradientTape()
    assert tape in live_tapes()
    ref = weakref.ref(tape)
    del tape
    gc.collect()
    assert ref() is None  # the registry does not keep a tape alive
    for _ in range(2000):
        ag.GradientTape()
    assert len(tape_module._LIVE) < 1000  # and dead tapes' entries are pruned as it grows


def test_graph_walks_ancestry_and_reachability():
    x, y = ag.constant(1.0), ag.constant(2.0)
    with ag.GradientTape() as tape:
        tape.watch([x, y])
        a = ag.sin(x)
        b = ag.exp(y)
        c = a * 2.0
        d = c + b
    assert [r.op.name for r in ancestry(tape.records, {c.id})] == ["sin", "multiply"]
    assert [r.op.name for r in ancestry(tape.records, {d.id})] == ["sin", "exp", "multiply",
                                                                   "add"]
    path, reached = reachable(tape.records, {y.id})
    assert path == [1, 3] and {y.id, b.id, d.id} == reached
    with pytest.raises(TypeError, match="tape.records"):
        reachable([1, 2], {x.id})


# --- the layering of docs/design.md -------------------------------------------------------
CORE = ROOT / "autograd_lite"
BENEATH_THE_TAPE = [CORE / "backend.py", CORE / "tensor.py", CORE / "recording.py",
                    CORE / "primitive.py", CORE / "unbroadcast.py"] + sorted(
    (CORE / "ops").glob("*.py"))
IMPORTS_TAPE = re.compile(r"^\s*(from\s+(\.\.?|autograd_lite)(tape)?\s+import\s+.*\btape\b|"
                          r"from\s+(\.\.?|autograd_lite\.)tape\s+import)", re.M)


@pytest.mark.parametrize("path", BENEATH_THE_TAPE, ids=lambda p: p.name)
def test_the_layers_beneath_the_tape_do_not_import_it(path):
    assert not IMPORTS_TAPE.findall(path.read_text()), f"{path.name} imports tape.py"


def test_the_core_does_not_import_nn_or_visualize():
    pattern = re.compile(r"^\s*(from|import)\s+(visualize|autograd_lite\.nn|\.nn|\.\.nn)\b", re.M)
    core = [p for p in CORE.rglob("*.py") if "nn" not in p.relative_to(CORE).parts]
    found = [p.name for p in core if pattern.search(p.read_text())]
    assert core and found == []


def test_the_checker_of_tape_imports_finds_them():
    assert IMPORTS_TAPE.findall("from . import tape as _tape\n")
    assert IMPORTS_TAPE.findall("from ..tape import MODE  # noqa: E402\n")
    assert IMPORTS_TAPE.findall("from autograd_lite.tape import GradientTape\n")
    assert not IMPORTS_TAPE.findall("from . import recording as _recording\n")
