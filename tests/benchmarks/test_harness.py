"""The benchmark harness at a tiny size: every workload runs, the engines agree, the report and
chart are written. Only NumPy and autograd_lite are needed; PyTorch and HIPS autograd join in
when installed and otherwise read "not installed"."""
from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import autograd_lite as ag

from benchmarks import numpy_mlp
from benchmarks.config import TINY
from benchmarks.mlp_problem import make_problem
from benchmarks.peers import NOT_INSTALLED, Peers, load_peers
from benchmarks.report import console_table, results_markdown
from benchmarks.results import Check, Table, Target, WorkloadResult
from benchmarks.run import WORKLOADS, parse_args
from benchmarks.timing import compare

NO_PEERS = Peers(torch=None, hips=None, hips_numpy=None, hips_logsumexp=None)


@pytest.fixture(scope="module")
def peers() -> Peers:
    return load_peers()


def central_difference_grads(params, x, onehot, step=1e-6):
    grads = []
    for param in params:
        grad = np.zeros_like(param)
        for index in np.ndindex(param.shape):
            saved = param[index]
            param[index] = saved + step
            plus, _ = numpy_mlp.loss_and_grads(params, x, onehot)
            param[index] = saved - step
            minus, _ = numpy_mlp.loss_and_grads(params, x, onehot)
            param[index] = saved
            grad[index] = (plus - minus) / (2 * step)
        grads.append(grad)
    return grads


def test_hand_written_mlp_matches_central_differences():
    problem = make_problem((5, 4, 3, 3), batch=6, dtype="float64")
    params = problem.fresh_params()
    _, grads = numpy_mlp.loss_and_grads(params, problem.x, problem.onehot)
    expected = central_difference_grads(params, problem.x, problem.onehot)
    for grad, want in zip(grads, expected):
        np.testing.assert_allclose(grad, want, rtol=1e-6, atol=1e-8)


def test_hand_written_loss_is_the_softmax_cross_entropy():
    problem = make_problem((5, 4, 3), batch=6, dtype="float64")
    loss, _ = numpy_mlp.loss_and_grads(problem.params, problem.x, problem.onehot)
    w1, b1, w2, b2 = problem.params
    logits = np.maximum(problem.x @ w1 + b1, 0) @ w2 + b2
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    want = -np.mean(np.log(probabilities[np.arange(6), problem.labels]))
    assert loss == pytest.approx(want, rel=1e-12)


def test_sgd_step_lowers_the_loss():
    problem = make_problem((5, 4, 3), batch=8, dtype="float64")
    params = problem.fresh_params()
    first = numpy_mlp.sgd_step(params, problem.x, problem.onehot, 0.5)
    for _ in range(20):
        last = numpy_mlp.sgd_step(params, problem.x, problem.onehot, 0.5)
    assert last < first


@pytest.mark.parametrize("name", list(WORKLOADS))
def test_workload_runs_at_tiny_size(name, peers):
    module = importlib.import_module(WORKLOADS[name])
    result = module.run(TINY, peers)
    assert not result.error
    assert result.tables and result.findings
    if name != "profile":
        assert result.checks
    for check in result.checks:
        assert check.status in {"pass", "miss", "info", "n/a"}
        assert check.ratio is None or check.ratio >= 0
        assert (check.ratio is None) == (check.status == "n/a")


def test_absent_peers_read_not_installed():
    module = importlib.import_module(WORKLOADS["mlp"])
    result = module.run(TINY, NO_PEERS)
    by_measure = {check.measure: check for check in result.checks}
    torch_check = by_measure[f"batch {TINY.mlp_batches[0]}: autograd_lite / PyTorch"]
    assert torch_check.status == "n/a" and torch_check.ratio_text == NOT_INSTALLED
    assert NOT_INSTALLED in result.tables[0].rows[0]
    numpy_check = by_measure[f"batch {TINY.mlp_batches[0]}: autograd_lite / hand NumPy"]
    assert numpy_check.ratio > 0


def test_compare_gives_a_median_per_function():
    timings = compare({"sum": lambda: sum(range(10)), "noop": lambda: None}, repeats=3,
                      min_time=0.001)
    assert set(timings) == {"sum", "noop"}
    assert all(t.median > 0 and len(t.samples) == 3 for t in timings.values())


def test_targets_decide_pass_and_miss():
    assert Check("w", "m", 1.3, Target(1.3)).status == "pass"
    assert Check("w", "m", 1.0, Target(1.0, strict=True)).status == "miss"
    assert Check("w", "m", 2.0).status == "info"
    assert Check("w", "m", None, Target(1.0), missing=NOT_INSTALLED).ratio_text == NOT_INSTALLED


def test_report_and_chart_are_written(tmp_path):
    from benchmarks.chart import draw_chart
    results = [
        WorkloadResult("a", "Workload A", checks=[
            Check("Workload A", "fast / slow", 0.5, Target(1.0, strict=True)),
            Check("Workload A", "vs peer", None, Target(1.0), missing=NOT_INSTALLED),
            Check("Workload A", "growth", 0.0, Target(1.01))],
            tables=[Table("Times", ["x", "y"], [["1", "2"]])], findings=["A is bounded by B."]),
        WorkloadResult("b", "Workload B", error="Traceback\nValueError: broken"),
    ]
    chart = draw_chart(results, tmp_path / "results.png")
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = results_markdown(results, {"CPU": "test", "cores": "2"}, TINY, "results.png",
                            "python -m benchmarks.run")
    assert "| Workload A | fast / slow | 0.50x | < 1 | pass |" in text
    assert NOT_INSTALLED in text and "A is bounded by B." in text
    assert "ValueError: broken" in text and "![ratios against targets](results.png)" in text
    table = console_table(results)
    assert "2 pass, 0 miss" in table and "ERROR in Workload B: ValueError: broken" in table


def test_command_line_options():
    args = parse_args(["--quick", "--only", "mlp,chain", "--threads", "2"])
    assert args.quick and args.only == "mlp,chain" and args.threads == 2
    with pytest.raises(SystemExit):
        parse_args(["--only", "nonsense"])


def test_the_entry_point_loads_no_numpy_before_setting_the_blas_environment():
    # OpenBLAS reads its thread and kernel settings once, when NumPy first loads.
    code = "import sys, benchmarks.run; assert 'numpy' not in sys.modules, 'numpy loaded early'"
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


def test_bytecodes_count_the_python_work_by_whose_code_it_is():
    from benchmarks.profiling import bytecodes

    def loop(n):
        total = 0
        for i in range(n):
            total += i
        return total

    ours_10, other_10 = bytecodes(lambda: loop(10))
    ours_20, other_20 = bytecodes(lambda: loop(20))
    assert ours_10 == ours_20 == 0
    per_iteration = (other_20 - other_10) / 10  # FOR_ITER, STORE, LOAD, LOAD, BINARY_OP, ...
    assert per_iteration == int(per_iteration) and 4 <= per_iteration <= 8
    x = ag.constant([1.0, 2.0])
    assert bytecodes(lambda: x + x)[0] > 0
