"""Where autograd_lite's time goes: cProfile of the recording and the backward path of the
per-op chain and of the MLP step, each phase profiled on its own, and the Python bytecodes the
MLP step's phases run.

cProfile charges every Python call a little, so it overstates pure-Python overhead against
time spent inside NumPy; read the shares as a ranking, and the benchmarks as the figures. The
bytecode counts do not depend on the machine's speed: they show the interpreted work per op.
"""
from __future__ import annotations

import cProfile
import os
import pstats
import sys
from typing import Callable, Dict, List, Tuple

import autograd_lite as ag
from benchmarks.config import Config
from benchmarks.mlp_engines import ag_loss
from benchmarks.mlp_problem import make_problem
from benchmarks.peers import Peers
from benchmarks.results import Table, WorkloadResult, microseconds
from benchmarks.workloads.per_op import ag_steps, chain, constants

NAME = "profile"
TITLE = "Profile of the recording and backward paths"
TOP = 8
PACKAGE_DIR = os.path.dirname(os.path.abspath(ag.__file__))

Phases = Tuple[cProfile.Profile, cProfile.Profile]


def profile_phases(record: Callable[[], object], backward: Callable[[object], object],
                   iterations: int) -> Phases:
    """Run ``record`` then ``backward(recorded)`` ``iterations`` times, each under its own
    profiler; returns the two profilers."""
    recording, differentiating = cProfile.Profile(), cProfile.Profile()
    backward(record())  # warm-up
    for _ in range(iterations):
        recording.enable()
        recorded = record()
        recording.disable()
        differentiating.enable()
        backward(recorded)
        differentiating.disable()
    return recording, differentiating


def per_op_phases(config: Config) -> Phases:
    """The (16,) sin chain of the per-op workload."""
    c = constants((16,))
    run = chain(ag_steps(c)["sin"], config.op_chain_length)
    x = ag.constant(c["x"])

    def record() -> Tuple[ag.GradientTape, object]:
        with ag.GradientTape() as tape:
            tape.watch(x)
            y = run(x)
        return tape, y

    def backward(recorded: Tuple[ag.GradientTape, object]) -> None:
        tape, y = recorded
        tape.gradient(y, x)

    return profile_phases(record, backward, config.profile_iterations * 10)


def mlp_phases(config: Config, batch: int) -> Phases:
    """The MLP step's forward under the tape, then its gradient."""
    problem = make_problem(config.mlp_sizes, batch)
    x, onehot = ag.constant(problem.x), ag.constant(problem.onehot)
    variables = [ag.Variable(p) for p in problem.params]

    def record() -> Tuple[ag.GradientTape, object]:
        with ag.GradientTape() as tape:
            loss = ag_loss(variables, x, onehot)
        return tape, loss

    def backward(recorded: Tuple[ag.GradientTape, object]) -> None:
        tape, loss = recorded
        tape.gradient(loss, variables)

    return profile_phases(record, backward, config.profile_iterations)


def bytecodes(run: Callable[[], object]) -> Tuple[int, int]:
    """Python bytecodes one call of ``run`` executes: in autograd_lite's functions, and in any
    other Python (the caller, NumPy's Python wrappers).

    >>> def twice(x):
    ...     return x + x
    >>> bytecodes(lambda: twice(1))[1] > 0
    True
    """
    counts = [0, 0]

    def on_call(frame: object, event: str, arg: object) -> Callable:
        frame.f_trace_opcodes = True  # type: ignore[attr-defined]
        slot = 0 if frame.f_code.co_filename.startswith(PACKAGE_DIR) else 1  # type: ignore

        def on_opcode(frame: object, event: str, arg: object) -> Callable:
            if event == "opcode":
                counts[slot] += 1
            return on_opcode
        return on_opcode

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        run()
    finally:
        sys.settrace(previous)
    return counts[0], counts[1]


def mlp_bytecodes(config: Config, batch: int) -> str:
    """A sentence on the bytecodes autograd_lite runs to record the MLP step and to walk it."""
    problem = make_problem(config.mlp_sizes, batch)
    x, onehot = ag.constant(problem.x), ag.constant(problem.onehot)
    variables = [ag.Variable(p) for p in problem.params]
    tapes: List[ag.GradientTape] = []
    losses: List[object] = []

    def record() -> None:
        with ag.GradientTape() as tape:
            losses.append(ag_loss(variables, x, onehot))
        tapes.append(tape)

    record()
    tapes[0].gradient(losses[0], variables)  # warm-up, as in the timings
    recording = bytecodes(record)[0]
    ops = len(tapes[1]._records)
    backward = bytecodes(lambda: tapes[1].gradient(losses[1], variables))[0]
    return (f"MLP step, batch {batch}: recording its {ops} ops runs {recording:,} Python "
            f"bytecodes in autograd_lite's functions ({recording / ops:.0f} per op, the forward "
            f"functions' own included), the backward walk {backward:,} ({backward / ops:.0f} "
            f"per record, VJPs included); counted with sys.settrace, so the same on any "
            f"machine.")


def location(key: Tuple[str, int, str]) -> str:
    """``file:line(function)``, the file relative to the package's parent where it is ours."""
    filename, line, function = key
    if filename == "~":
        return function  # a built-in, e.g. "<built-in method numpy...>"
    if filename.startswith(os.path.dirname(PACKAGE_DIR)):
        filename = os.path.relpath(filename, os.path.dirname(PACKAGE_DIR))
    else:
        filename = os.path.basename(filename)
    return f"{filename}:{line}({function})"


def summarise(profiler: cProfile.Profile, iterations: int, title: str) -> Tuple[Table, str]:
    """The top functions by own time, and a sentence on how the time splits between
    autograd_lite's Python code, NumPy's compiled calls and the rest."""
    stats: Dict = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in stats.values()) or 1e-30
    table = Table(f"{title}: top {TOP} by own time "
                  f"({microseconds(total / iterations)} us per iteration under cProfile)",
                  ["function", "own time", "calls per iteration", "own us per iteration",
                   "cumulative us per iteration"])
    ranked = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)
    for key, (_, calls, own, cumulative, _) in ranked[:TOP]:
        table.rows.append([f"`{location(key)}`", f"{100 * own / total:.0f}%",
                           f"{calls / iterations:g}", microseconds(own / iterations),
                           microseconds(cumulative / iterations)])
    ours = sum(e[2] for k, e in stats.items() if k[0].startswith(PACKAGE_DIR))
    builtin = sum(e[2] for k, e in stats.items() if k[0] == "~")
    calls = sum(e[1] for k, e in stats.items() if k[0].startswith(PACKAGE_DIR))
    top_key, top_entry = ranked[0] if ranked else (("~", 0, "nothing"), (0, 0, 0.0, 0.0, {}))
    sentence = (f"{title}: {100 * ours / total:.0f}% of the profiled time is the own time of "
                f"autograd_lite's functions ({calls / iterations:.0f} calls into them per "
                f"iteration; ufuncs such as np.sin or np.matmul count as their caller's own "
                f"time), {100 * builtin / total:.0f}% built-ins and C methods, "
                f"{100 * (total - ours - builtin) / total:.0f}% other Python; the hottest "
                f"function is `{location(top_key)}` ({100 * top_entry[2] / total:.0f}%).")
    return table, sentence


def run(config: Config, peers: Peers) -> WorkloadResult:
    """Profile both paths of both workloads."""
    result = WorkloadResult(NAME, TITLE)
    batch = 32 if 32 in config.mlp_batches else config.mlp_batches[0]
    cases: List[Tuple[str, Phases, int]] = [
        (f"per-op chain of {config.op_chain_length} sins at (16,)", per_op_phases(config),
         config.profile_iterations * 10),
        (f"MLP step, batch {batch}", mlp_phases(config, batch), config.profile_iterations),
    ]
    for case, (recording, differentiating), iterations in cases:
        for phase, profiler in (("recording", recording), ("backward", differentiating)):
            table, sentence = summarise(profiler, iterations, f"{case}, {phase}")
            result.tables.append(table)
            result.findings.append(sentence)
    result.findings.append(mlp_bytecodes(config, batch))
    return result
