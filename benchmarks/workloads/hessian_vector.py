"""Workload 5: a Hessian-vector product of a small MLP's loss by nested tapes, against PyTorch
(``create_graph=True``) and HIPS autograd (``grad`` of a ``grad``), in float64.

The MLP has tanh hidden layers (so second derivatives do not vanish) and the softmax
cross-entropy of :mod:`benchmarks.mlp_engines`. Before timing, autograd_lite's product is checked
against central differences of its own gradient and against each peer present.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Sequence

import numpy as np

import autograd_lite as ag
from benchmarks import mlp_engines
from benchmarks.config import Config
from benchmarks.mlp_problem import MLPProblem, make_problem
from benchmarks.peers import Peers
from benchmarks.results import Check, Table, WorkloadResult, microseconds, ratio
from benchmarks.timing import compare

NAME = "hvp"
TITLE = "Hessian-vector product"
PEER_TOLERANCE = 1e-8
DIFFERENCE_TOLERANCE = 1e-5
DIFFERENCE_STEP = 1e-5

Arrays = List[np.ndarray]


def ag_loss(variables: Sequence[Any], x: Any, onehot: Any) -> Any:
    """The tanh MLP loss in autograd_lite's public ops."""
    return mlp_engines.ag_loss(variables, x, onehot, activation=ag.tanh)


def ag_gradient(variables: Sequence[Any], x: Any, onehot: Any) -> Arrays:
    """The loss gradient, one tape."""
    with ag.GradientTape() as tape:
        loss = ag_loss(variables, x, onehot)
    return [g.numpy() for g in tape.gradient(loss, variables)]


def ag_hvp(problem: MLPProblem, vector: Arrays) -> Callable[[], Arrays]:
    """H v by an outer tape recording the inner tape's gradient, then the gradient of <g, v>."""
    x, onehot = ag.constant(problem.x), ag.constant(problem.onehot)
    variables = [ag.Variable(p) for p in problem.fresh_params()]
    directions = [ag.constant(v) for v in vector]

    def hvp() -> Arrays:
        with ag.GradientTape() as outer:
            with ag.GradientTape() as inner:
                loss = ag_loss(variables, x, onehot)
            grads = inner.gradient(loss, variables)
            projection = ag.sum(grads[0] * directions[0])
            for grad, direction in zip(grads[1:], directions[1:]):
                projection = projection + ag.sum(grad * direction)
        return [h.numpy() for h in outer.gradient(projection, variables)]

    return hvp


def ag_difference_hvp(problem: MLPProblem, vector: Arrays) -> Arrays:
    """H v by central differences of autograd_lite's first-order gradient along v."""
    x, onehot = ag.constant(problem.x), ag.constant(problem.onehot)

    def gradient_at(sign: float) -> Arrays:
        shifted = [ag.Variable(p + sign * DIFFERENCE_STEP * v)
                   for p, v in zip(problem.params, vector)]
        return ag_gradient(shifted, x, onehot)

    plus, minus = gradient_at(1.0), gradient_at(-1.0)
    return [(p - m) / (2 * DIFFERENCE_STEP) for p, m in zip(plus, minus)]


def torch_hvp(problem: MLPProblem, vector: Arrays, torch: Any) -> Callable[[], Arrays]:
    """H v by ``torch.autograd.grad(..., create_graph=True)`` twice."""
    x, onehot = torch.from_numpy(problem.x), torch.from_numpy(problem.onehot)
    params = [torch.tensor(p, requires_grad=True) for p in problem.params]
    directions = [torch.from_numpy(v) for v in vector]

    def hvp() -> Arrays:
        hidden = x
        for layer in range(0, len(params) - 2, 2):
            hidden = torch.tanh(hidden @ params[layer] + params[layer + 1])
        logits = hidden @ params[-2] + params[-1]
        loss = torch.nn.functional.cross_entropy(logits, onehot)
        grads = torch.autograd.grad(loss, params, create_graph=True)
        projection = sum((g * v).sum() for g, v in zip(grads, directions))
        return [h.numpy() for h in torch.autograd.grad(projection, params)]

    return hvp


def hips_hvp(problem: MLPProblem, vector: Arrays, peers: Peers) -> Callable[[], Arrays]:
    """H v as HIPS's ``grad`` of ``<grad(loss), v>``."""
    hnp, logsumexp, hips = peers.hips_numpy, peers.hips_logsumexp, peers.hips

    def loss(params: Sequence[Any]) -> Any:
        hidden = problem.x
        for layer in range(0, len(params) - 2, 2):
            hidden = hnp.tanh(hnp.dot(hidden, params[layer]) + params[layer + 1])
        logits = hnp.dot(hidden, params[-2]) + params[-1]
        log_probs = logits - logsumexp(logits, axis=1, keepdims=True)
        return -hnp.mean(hnp.sum(problem.onehot * log_probs, axis=1))

    gradient = hips.grad(loss)

    def projection(params: Sequence[Any]) -> Any:
        grads = gradient(params)
        return sum(hnp.sum(grads[i] * vector[i]) for i in range(len(vector)))

    hessian_vector = hips.grad(projection)
    params = problem.fresh_params()
    return lambda: [np.asarray(h) for h in hessian_vector(params)]


def largest_error(reference: Arrays, other: Arrays) -> float:
    """The largest error relative to each reference array's largest magnitude."""
    return max(float(np.max(np.abs(o - r)) / max(float(np.max(np.abs(r))), 1e-300))
               for r, o in zip(reference, other))


def run(config: Config, peers: Peers) -> WorkloadResult:
    """Check the products agree, then time them."""
    result = WorkloadResult(NAME, TITLE)
    problem = make_problem(config.hvp_sizes, config.hvp_batch, dtype="float64", seed=1)
    rng = np.random.default_rng(2)
    vector = [rng.standard_normal(p.shape) for p in problem.params]
    functions: Dict[str, Callable[[], Arrays]] = {"autograd_lite": ag_hvp(problem, vector)}
    if peers.torch:
        functions["PyTorch"] = torch_hvp(problem, vector, peers.torch)
    if peers.hips:
        functions["HIPS autograd"] = hips_hvp(problem, vector, peers)
    lite = functions["autograd_lite"]()
    errors = {"central differences": largest_error(ag_difference_hvp(problem, vector), lite)}
    if errors["central differences"] > DIFFERENCE_TOLERANCE:
        raise AssertionError(f"HVP: autograd_lite disagrees with central differences of its "
                             f"gradient ({errors['central differences']:.1e})")
    for name, function in functions.items():
        if name != "autograd_lite":
            errors[name] = largest_error(function(), lite)
            if errors[name] > PEER_TOLERANCE:
                raise AssertionError(f"HVP: autograd_lite disagrees with {name} "
                                     f"({errors[name]:.1e})")
    timings = compare(functions, config.repeats, config.min_time)
    medians = {name: timing.median for name, timing in timings.items()}
    sizes = "-".join(map(str, config.hvp_sizes))
    for name in ("PyTorch", "HIPS autograd"):
        result.checks.append(Check(TITLE, f"{sizes} tanh MLP, batch {config.hvp_batch}: "
                                          f"autograd_lite / {name}",
                                   ratio(medians["autograd_lite"], medians.get(name)),
                                   missing=peers.absent("torch" if name == "PyTorch" else "hips")))
    peer_times = ", ".join(f"{name} {microseconds(medians[name])} us"
                           for name in ("PyTorch", "HIPS autograd") if name in medians)
    result.findings.append(
        f"Hessian-vector product ({sizes}, batch {config.hvp_batch}): autograd_lite takes "
        f"{microseconds(medians['autograd_lite'])} us"
        + (f" against {peer_times}" if peer_times else "")
        + "; the outer tape records the inner tape's backward pass and then walks it, so the "
          "cost of each record is paid twice over.")
    result.tables.append(Table(
        f"Median time of one Hessian-vector product ({sizes}, float64), microseconds",
        ["autograd_lite", "PyTorch", "HIPS autograd", "agreement (max relative error)"],
        [[microseconds(medians.get("autograd_lite")),
          microseconds(medians.get("PyTorch"), peers.absent("torch")),
          microseconds(medians.get("HIPS autograd"), peers.absent("hips")),
          ", ".join(f"{name} {error:.1e}" for name, error in errors.items())]]))
    return result
