"""The MLP training step of :mod:`benchmarks.numpy_mlp` in each engine, from the same weights.

Every engine computes the same function: relu hidden layers, then the softmax cross-entropy
``-mean(sum(onehot * log_softmax(logits), axis=1))``, then ``w -= learning_rate * grad``. The
cross-entropy is each engine's own, as its users write it: the fused op where the engine has
one (``ag.softmax_cross_entropy_with_logits``, PyTorch's ``cross_entropy``; the hand-written
step fuses it too), ``logsumexp`` in HIPS autograd, which has none. Each engine keeps its own
copy of the weights, so timing one never disturbs another.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, List, Optional, Sequence, Tuple

import numpy as np

import autograd_lite as ag
from benchmarks import numpy_mlp
from benchmarks.mlp_problem import LEARNING_RATE, MLPProblem
from benchmarks.peers import Peers

LossAndGrads = Tuple[float, List[np.ndarray]]


@dataclass(frozen=True)
class MLPEngine:
    """One engine's training step: ``loss_and_grads`` at the initial weights (for the agreement
    check) and ``step``, one SGD step that updates the engine's own weights.

    ``forward`` (the loss, recorded where the engine records) and ``forward_backward`` (the
    loss and its gradients, no update) split the step into phases; ``None`` where the engine
    cannot run a phase alone (HIPS traces and differentiates in one call).
    """

    name: str
    loss_and_grads: Callable[[], LossAndGrads]
    step: Callable[[], object]
    forward: Optional[Callable[[], object]] = None
    forward_backward: Optional[Callable[[], object]] = None


def numpy_engine(problem: MLPProblem) -> MLPEngine:
    """The hand-written NumPy step."""
    initial = problem.fresh_params()
    params = problem.fresh_params()
    return MLPEngine(
        name="hand NumPy",
        loss_and_grads=lambda: numpy_mlp.loss_and_grads(initial, problem.x, problem.onehot),
        step=lambda: numpy_mlp.sgd_step(params, problem.x, problem.onehot, LEARNING_RATE),
        forward=lambda: numpy_mlp.forward(params, problem.x, problem.onehot),
        forward_backward=lambda: numpy_mlp.loss_and_grads(params, problem.x, problem.onehot),
    )


def ag_loss(variables: Sequence[Any], x: Any, onehot: Any,
            activation: Callable[[Any], Any] = ag.relu) -> Any:
    """The MLP loss in autograd_lite's public ops (relu hidden layers unless told otherwise)."""
    hidden = x
    for layer in range(0, len(variables) - 2, 2):
        hidden = activation(ag.matmul(hidden, variables[layer]) + variables[layer + 1])
    logits = ag.matmul(hidden, variables[-2]) + variables[-1]
    return ag.mean(ag.softmax_cross_entropy_with_logits(onehot, logits))


def ag_engine(problem: MLPProblem) -> MLPEngine:
    """The step with ``ag.GradientTape`` and ``Variable.assign_sub``."""
    x, onehot = ag.constant(problem.x), ag.constant(problem.onehot)
    initial = [ag.Variable(p) for p in problem.fresh_params()]
    variables = [ag.Variable(p) for p in problem.fresh_params()]

    def loss_and_grads() -> LossAndGrads:
        with ag.GradientTape() as tape:
            loss = ag_loss(initial, x, onehot)
        grads = tape.gradient(loss, initial)
        return float(loss.numpy()), [g.numpy() for g in grads]

    def forward() -> None:
        with ag.GradientTape():
            ag_loss(variables, x, onehot)

    def forward_backward() -> List[Any]:
        with ag.GradientTape() as tape:
            loss = ag_loss(variables, x, onehot)
        return tape.gradient(loss, variables)

    def step() -> None:
        for variable, grad in zip(variables, forward_backward()):
            variable.assign_sub(LEARNING_RATE * grad)

    return MLPEngine(name="autograd_lite", loss_and_grads=loss_and_grads, step=step,
                     forward=forward, forward_backward=forward_backward)


def ag_traced_engine(problem: MLPProblem) -> MLPEngine:
    """The same step traced once by ``ag.function`` and replayed as its plan."""
    x, onehot = ag.constant(problem.x), ag.constant(problem.onehot)

    def traced(variables: Sequence[Any]) -> Any:
        @ag.function
        def grads_of(x: Any, onehot: Any) -> Any:
            with ag.GradientTape() as tape:
                loss = ag_loss(variables, x, onehot)
            return loss, tape.gradient(loss, variables)

        @ag.function
        def step(x: Any, onehot: Any) -> Any:
            with ag.GradientTape() as tape:
                loss = ag_loss(variables, x, onehot)
            for variable, grad in zip(variables, tape.gradient(loss, variables)):
                variable.assign_sub(LEARNING_RATE * grad)
            return loss
        return grads_of, step

    initial_grads, _ = traced([ag.Variable(p) for p in problem.fresh_params()])
    _, step = traced([ag.Variable(p) for p in problem.fresh_params()])

    def loss_and_grads() -> LossAndGrads:
        initial_grads(x, onehot)  # the trace; the replay answers
        loss, grads = initial_grads(x, onehot)
        return float(loss.numpy()), [g.numpy() for g in grads]

    return MLPEngine(name="autograd_lite traced", loss_and_grads=loss_and_grads,
                     step=lambda: step(x, onehot))


def jax_engine(problem: MLPProblem, jax: Any) -> MLPEngine:
    """The step as JAX users write it: ``jax.jit`` of ``value_and_grad`` and the update (the
    compiled tier; its arrays stay on JAX's side, the loss comes back as a device scalar)."""
    jnp = jax.numpy

    def loss(params: Sequence[Any], x: Any, onehot: Any) -> Any:
        hidden = x
        for layer in range(0, len(params) - 2, 2):
            hidden = jax.nn.relu(hidden @ params[layer] + params[layer + 1])
        logits = hidden @ params[-2] + params[-1]
        return -jnp.mean(jnp.sum(onehot * jax.nn.log_softmax(logits, axis=1), axis=1))

    grad_fn = jax.jit(jax.value_and_grad(loss))

    @jax.jit
    def update(params: Sequence[Any], x: Any, onehot: Any) -> Any:
        value, grads = jax.value_and_grad(loss)(params, x, onehot)
        return value, [p - LEARNING_RATE * g for p, g in zip(params, grads)]

    x, onehot = jnp.asarray(problem.x), jnp.asarray(problem.onehot)
    state = {"params": [jnp.asarray(p) for p in problem.params]}

    def loss_and_grads() -> LossAndGrads:
        value, grads = grad_fn([jnp.asarray(p) for p in problem.params], x, onehot)
        return float(value), [np.asarray(g) for g in grads]

    def step() -> None:
        value, state["params"] = update(state["params"], x, onehot)
        value.block_until_ready()

    return MLPEngine(name="JAX jit", loss_and_grads=loss_and_grads, step=step)


def torch_engine(problem: MLPProblem, torch: Any) -> MLPEngine:
    """The step in eager PyTorch: ``loss.backward()`` and an update under ``no_grad``."""
    x, onehot = torch.from_numpy(problem.x), torch.from_numpy(problem.onehot)

    def leaves() -> List[Any]:
        return [torch.tensor(p, requires_grad=True) for p in problem.params]

    initial, params = leaves(), leaves()

    def loss(weights: Sequence[Any]) -> Any:
        hidden = x
        for layer in range(0, len(weights) - 2, 2):
            hidden = torch.relu(hidden @ weights[layer] + weights[layer + 1])
        logits = hidden @ weights[-2] + weights[-1]
        return torch.nn.functional.cross_entropy(logits, onehot)  # probabilities as targets

    def loss_and_grads() -> LossAndGrads:
        value = loss(initial)
        grads = torch.autograd.grad(value, initial)
        return value.item(), [g.numpy() for g in grads]

    def forward_backward() -> None:
        loss(params).backward()

    def step() -> None:
        loss(params).backward()
        with torch.no_grad():
            for param in params:
                param.sub_(param.grad, alpha=LEARNING_RATE)
                param.grad = None

    def clear_then(function: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            function()
            for param in params:
                param.grad = None  # as step() leaves them, so the phases compare like for like
        return run

    return MLPEngine(name="PyTorch", loss_and_grads=loss_and_grads, step=step,
                     forward=lambda: loss(params), forward_backward=clear_then(forward_backward))


def hips_loss(peers: Peers) -> Callable[[Sequence[Any], np.ndarray, np.ndarray], Any]:
    """The MLP loss in HIPS autograd's traced NumPy."""
    hnp, logsumexp = peers.hips_numpy, peers.hips_logsumexp

    def loss(params: Sequence[Any], x: np.ndarray, onehot: np.ndarray) -> Any:
        hidden = x
        for layer in range(0, len(params) - 2, 2):
            hidden = hnp.maximum(hnp.dot(hidden, params[layer]) + params[layer + 1], 0.0)
        logits = hnp.dot(hidden, params[-2]) + params[-1]
        log_probs = logits - logsumexp(logits, axis=1, keepdims=True)
        return -hnp.mean(hnp.sum(onehot * log_probs, axis=1))

    return loss


def hips_engine(problem: MLPProblem, peers: Peers) -> MLPEngine:
    """The step with HIPS ``value_and_grad`` and an in-place NumPy update."""
    value_and_grad = peers.hips.value_and_grad(hips_loss(peers))
    initial, params = problem.fresh_params(), problem.fresh_params()

    def loss_and_grads() -> LossAndGrads:
        value, grads = value_and_grad(initial, problem.x, problem.onehot)
        return float(value), list(grads)

    def step() -> None:
        _, grads = value_and_grad(params, problem.x, problem.onehot)
        for param, grad in zip(params, grads):
            param -= LEARNING_RATE * grad

    return MLPEngine(name="HIPS autograd", loss_and_grads=loss_and_grads, step=step)


def agreement_error(reference: LossAndGrads, other: LossAndGrads) -> float:
    """The largest error of ``other`` against ``reference``, each array's error measured
    relative to that array's largest magnitude (so near-zero entries do not dominate)."""
    (ref_loss, ref_grads), (loss, grads) = reference, other
    errors = [abs(loss - ref_loss) / max(abs(ref_loss), 1e-30)]
    for ref, grad in zip(ref_grads, grads):
        if np.shape(ref) != np.shape(grad):
            return float("inf")
        errors.append(float(np.max(np.abs(np.asarray(grad, dtype=np.float64) - ref))
                            / max(float(np.max(np.abs(ref))), 1e-30)))
    return max(errors)
