# %% [markdown]
# # 5. Backpropagation as a computational graph
#
# Training needs the derivative of the loss with respect to every weight. Writing those
# derivatives out by hand works for one neuron and stops working soon after. Backpropagation
# organises the work so that nobody ever writes the whole derivative:
#
# * the forward computation is a **graph** of small operations (a product, a sum, a sigmoid,
#   a log, a mean), each fed by values and producing a value;
# * every operation knows only its **local derivative**: how its output moves when one of its
#   inputs moves;
# * the **backward pass** visits the operations from the last to the first. Each one takes the
#   gradient arriving at its output (the *upstream* gradient), multiplies it by its local
#   derivative, and sends the product to the values that fed it.
#
# That is the chain rule, applied one node at a time. In this notebook we watch it happen on
# autograd_lite's tape: we draw the graph with its numbers, print every backward step, see
# where gradients add up and where they are summed over a batch, find the famous `p - y`, and
# finally check everything against finite differences.

# %%
# %matplotlib inline
# %config InlineBackend.figure_format = "png"
import time

import matplotlib.pyplot as plt
import numpy as np

import autograd_lite as ag
import visualize

plt.rcParams.update({"figure.figsize": (6, 3.5), "figure.dpi": 80})
ag.random.set_seed(0)

# %% [markdown]
# ## 5.1 A graph with numbers on it
#
# Start with three numbers and a tiny formula,
#
# $$f = (a\,b + c)^2 \qquad\text{at}\quad a = 2,\; b = -3,\; c = 10 .$$
#
# The tape records each operation as it runs. We make it `persistent=True` so that it keeps
# its records after the `gradient` call: the drawing and the step-by-step report below read
# them.

# %%
a = ag.Variable(2.0, name="a")
b = ag.Variable(-3.0, name="b")
c = ag.Variable(10.0, name="c")

with ag.GradientTape(persistent=True) as tape:
    e = a * b          # -6
    d = e + c          #  4
    f = d * d          # 16

grad_a, grad_b, grad_c = tape.gradient(f, [a, b, c])
print("f =", float(f))
print("df/da =", float(grad_a), " df/db =", float(grad_b), " df/dc =", float(grad_c))

# %% [markdown]
# `visualize.draw_graph` draws what the tape recorded. Ellipses are operations, labelled with
# their local derivatives; boxes are values. The Variables are green, the intermediate values
# white, and the thick box at the bottom is the target. Beside each value, in red, is the
# gradient of `f` with respect to it, from the `gradient` call we just made.

# %%
visualize.draw_graph(f, tape)

# %% [markdown]
# Read the red numbers from the bottom up. The target's gradient with respect to itself is 1.
# The last `multiply` squares `d`: its local derivative with respect to each of its two inputs
# is the *other* input, `d = 4`. Both inputs are the same value `d`, so `d` receives
# `1 · 4` twice, and the two contributions **add**: 8. The `add` node has local derivative 1
# for each input, so it passes 8 unchanged to `e` and to `c`. The first `multiply` sends each
# input the upstream gradient times the other input: `a` gets `8 · b = -24`, `b` gets
# `8 · a = 16`.
#
# By hand: $\partial f/\partial a = 2(ab + c)\,b = 2 \cdot 4 \cdot (-3) = -24$. The tape agrees,
# exactly.

# %%
assert float(grad_a) == -24.0 and float(grad_b) == 16.0 and float(grad_c) == 8.0
assert float(grad_a) == 2 * (2.0 * -3.0 + 10.0) * -3.0

# %% [markdown]
# ## 5.2 The backward pass, one step at a time
#
# `tape.explain(target, sources)` replays the backward pass and prints one row per
# (operation, input) pair, last operation first. Values are numbered `%1, %2, ...` in the
# order the tape met them. The columns are the whole algorithm: the **upstream** gradient
# arriving at the op's output, the **local derivative** (as a formula and as a number), and
# what is **sent** to the input, which is their product. The note column marks the fan-out
# where `%5 = d` collects its two contributions.

# %%
report = tape.explain(f, [a, b, c])
print(report)

# %% [markdown]
# The report is also data (`report.steps`), so we can check the rule "sent = upstream × local"
# on every row instead of trusting the table:

# %%
for step in report.steps:
    for send in step.sends:
        assert np.allclose(send.sent, step.upstream * send.local), (step.primitive.name, send)
print("every step sent upstream x local derivative:",
      [(step.primitive.name, [float(s.sent) for s in step.sends]) for step in report.steps])

# %% [markdown]
# ### The same steps as pictures
#
# `visualize.backward_steps` draws one frame per backward step: the op whose rule runs is
# highlighted, the red arrows carry what it sends to its inputs, and each value shows its
# gradient from the moment it is known. Frame 1 is the fan-out: two arrows of 4 arrive at the
# same value, which then holds 8.

# %%
from IPython.display import display

frames = visualize.backward_steps(f, tape)
print(len(frames), "frames")
for frame in frames:
    display(frame)

# %% [markdown]
# For a lecture, the same frames make one self-contained web page: `save_html` writes a
# single file (no network needed) that steps through the backward pass with Next / Prev
# buttons and the arrow keys, each frame with its row of the `explain` table. (`make demo`
# writes one for the 2-3-3-1 network into `demo_output/backprop.html`.)

# %%
import tempfile
from pathlib import Path

page = frames.save_html(Path(tempfile.mkdtemp()) / "backprop.html")
print(f"{len(frames)} frames in one page of {Path(page).stat().st_size:,} bytes")
assert Path(page).read_text().count('<section class="frame"') == len(frames)

# %% [markdown]
# ## 5.3 Fan-out: a value used twice collects both gradients
#
# The fan-out above was a value multiplied by itself. It happens whenever a value feeds more
# than one operation. Take
#
# $$y = \sum_i x_i \sin x_i .$$
#
# `x` feeds both the `sin` and the `multiply`. Along the first path it receives
# $x \cos x$, along the second $\sin x$; the product rule says the derivative is their sum,
# $\sin x + x\cos x$, and that is exactly what the backward pass does: it *adds* what arrives
# from each use.

# %%
x = ag.constant([1.0, 2.0], name="x")
with ag.GradientTape(persistent=True) as tape:
    tape.watch(x)                      # a constant is watched only when asked
    y = ag.sum(x * ag.sin(x))

print(tape.explain(y, x))
dy_dx = tape.gradient(y, x).numpy()
by_hand = np.sin([1.0, 2.0]) + np.array([1.0, 2.0]) * np.cos([1.0, 2.0])
print("tape:", dy_dx, " sin x + x cos x:", by_hand)
assert np.allclose(dy_dx, by_hand, atol=1e-6)

# %% [markdown]
# The last row of the table says it in numbers: `%1 x` already held `sin x = [0.84147 0.9093]`
# from the multiply and now receives `x cos x = [0.5403 -0.83229]` from the sine; the sum is
# the gradient.

# %% [markdown]
# ## 5.4 A neuron on a batch
#
# Now a real model: one sigmoid neuron with two inputs, classifying a batch of four examples,
# with the binary cross-entropy loss averaged over the batch,
#
# $$z = Xw + b,\qquad p = \sigma(z),\qquad
#   L = -\frac1N\sum_{n}\big(y_n \log p_n + (1 - y_n)\log(1 - p_n)\big).$$
#
# The batch is a matrix: each row of `X` is one example, so one matrix product computes all
# four weighted sums. The bias is a single number per neuron, *broadcast* to every row. We
# write the loss out with elementary ops so that every step is visible.

# %%
X = ag.constant([[0.5, 1.0], [-1.0, 2.0], [1.5, -0.5], [0.0, 1.0]], name="X")
Y = ag.constant([[1.0], [0.0], [1.0], [0.0]], name="y")
w = ag.Variable([[0.3], [-0.2]], name="w")
bias = ag.Variable([0.1], name="b")
N = X.shape[0]

with ag.GradientTape(persistent=True) as tape:
    z = X @ w + bias
    p = ag.sigmoid(z)
    loss = ag.mean(-(Y * ag.log(p) + (1.0 - Y) * ag.log(1.0 - p)))

dL_dz, dL_dw, dL_db = tape.gradient(loss, [z, w, bias])   # z is an intermediate: allowed
print(tape)
print("loss =", round(float(loss), 5))

# %% [markdown]
# `print(tape)` lists the recorded program, one op per line with its shapes. Here is the graph
# with values and gradients. Follow the red numbers up from the loss: the `mean` hands each
# example 1/4, the two `log` branches meet again at `p` (another fan-out: `p` is used by
# `log(p)` and by `1 - p`), and at the top the gradient reaches `w` and `b`.

# %%
visualize.draw_graph(loss, tape)

# %% [markdown]
# The cross-entropy's elementary ops fill most of that picture. `group=` draws the ops on the
# way from one value to another as a single node, here everything from `p` to the loss:

# %%
visualize.draw_graph(loss, tape, group={"binary cross-entropy": (p, loss)})

# %% [markdown]
# ### The bias gradient sums over the batch
#
# Every example used the same bias, so the bias collects the gradient of every example: the
# `add` node sends it a `(4, 1)` column, and because `b` has shape `(1,)` that column is
# **summed over the batch axis**. The weights are used by every example too; the matmul's
# rule $X^\top \cdot \text{upstream}$ performs the same sum inside the matrix product. The
# explain table notes the sum on the `add` row:

# %%
print(tape.explain(loss, [w, bias]))

# %% [markdown]
# The same numbers by hand with NumPy, from the gradient at `z`:

# %%
g = dL_dz.numpy()                                   # shape (4, 1): one number per example
assert np.allclose(dL_db.numpy(), g.sum(axis=0))    # bias: summed over the batch
assert np.allclose(dL_dw.numpy(), X.numpy().T @ g)  # weights: X transposed times upstream
print("dL/db =", dL_db.numpy(), "= sum of", g.ravel())
print("dL/dw =", dL_dw.numpy().ravel(), "= X^T @ dL/dz")

# %% [markdown]
# ## 5.5 Sigmoid with cross-entropy gives `p - y`
#
# Look again at the path from the loss down to `z`. For an example with $y = 1$ the loss is
# $-\log p$: the `log` contributes the local derivative $1/p$ (with a minus sign from the
# negation), and the sigmoid contributes $p(1 - p)$. Their product is
# $-\frac1p \cdot p(1-p) = p - 1 = p - y$. For $y = 0$ the other branch gives
# $\frac{1}{1-p}\cdot p(1-p) = p = p - y$. The division by $p$ cancels, and the gradient at the
# neuron's input is simply the prediction minus the label, divided by $N$ because the loss is
# a mean:
#
# $$\frac{\partial L}{\partial z_n} = \frac{p_n - y_n}{N}.$$
#
# The tape never used this formula; it multiplied its way down op by op. Let us compare.

# %%
p_minus_y = p.numpy() - Y.numpy()
print("  p        y    p - y     N * dL/dz")
for row in np.hstack([p.numpy(), Y.numpy(), p_minus_y, N * dL_dz.numpy()]):
    print("  ".join(f"{v:8.5f}" for v in row))
assert np.allclose(N * dL_dz.numpy(), p_minus_y, atol=1e-6)

# %% [markdown]
# One example done by hand from the explain report's local derivatives: example 0 has
# $y = 1$ and $p = 0.5125$. The log's local derivative there is $1/p = 1.9512$, the sigmoid's
# is $p(1-p) = 0.24984$, and the mean and the negation contribute $-1/4$:

# %%
p0 = float(p.numpy()[0, 0])
chain = (-1 / N) * (1 / p0) * (p0 * (1 - p0))
print(f"-1/4 * 1/p * p(1-p) = {chain:.6f};  (p - y)/N = {(p0 - 1) / N:.6f};"
      f"  tape: {float(dL_dz.numpy()[0, 0]):.6f}")
assert abs(chain - (p0 - 1) / N) < 1e-12 and abs(chain - float(dL_dz.numpy()[0, 0])) < 1e-6

# %% [markdown]
# This is why classifiers are trained on *logits* with a loss that knows it: the library's
# `binary_crossentropy(..., from_logits=True)` takes `z` directly, computes the same loss
# stably, and its gradient is the same `(p - y)/N`.

# %%
with ag.GradientTape() as tape:
    tape.watch(z)
    library_loss = ag.losses.binary_crossentropy(Y, z, from_logits=True)
library_grad = tape.gradient(library_loss, z)
print("loss:", round(float(library_loss), 5), " N * dL/dz:", (N * library_grad.numpy()).ravel())
assert abs(float(library_loss) - float(loss)) < 1e-6
assert np.allclose(N * library_grad.numpy(), p_minus_y, atol=1e-6)

# %% [markdown]
# ## 5.6 Backward costs about as much as forward
#
# Each op in the forward pass becomes one step of the backward pass, and each step does work of
# the same size as the op: a matrix product's rule is one or two matrix products of the same
# shapes. So a gradient costs a small constant times a forward pass, however many weights there
# are. We time a 784-128-10 network on a batch of 256: each function runs a few times first
# (warm-up: caches, memory), then 30 timed runs, and we take the **median**, which a busy
# machine's occasional slow run does not move. Timings vary from machine to machine and
# with its load: on a quiet machine the backward pass costs one to a few forward passes, while
# a machine busy with other work slows the longer backward runs more often, which shows as a
# median well above the fastest runs (printed too). `benchmarks/` measures it carefully.

# %%
rng = np.random.default_rng(0)
images = ag.constant(rng.random((256, 784), dtype=np.float32))
labels = rng.integers(0, 10, 256)
W1 = ag.Variable(rng.normal(0, 0.05, (784, 128)).astype(np.float32), name="W1")
b1 = ag.Variable(np.zeros(128, np.float32), name="b1")
W2 = ag.Variable(rng.normal(0, 0.05, (128, 10)).astype(np.float32), name="W2")
b2 = ag.Variable(np.zeros(10, np.float32), name="b2")


def network_loss():
    hidden = ag.relu(images @ W1 + b1)
    return ag.losses.sparse_categorical_crossentropy(labels, hidden @ W2 + b2, from_logits=True)


def forward_and_backward():
    with ag.GradientTape() as tape:
        value = network_loss()
    return tape.gradient(value, [W1, b1, W2, b2])


def timings(fn, repeats=30, warmup=3):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return np.array(times)


forward, both = timings(network_loss), timings(forward_and_backward)
ratio = (np.median(both) - np.median(forward)) / np.median(forward)
best_ratio = (both.min() - forward.min()) / forward.min()
print(f"forward {np.median(forward) * 1e3:.2f} ms, forward + backward "
      f"{np.median(both) * 1e3:.2f} ms (medians): the backward pass costs {ratio:.1f} x the "
      f"forward pass (fastest runs: {best_ratio:.1f} x)")
assert ratio > 0      # the size depends on the machine and its load; benchmarks/ measures it

# %% [markdown]
# ## 5.7 Checking gradients against finite differences
#
# A gradient can be checked without any calculus: nudge one weight by a tiny $\varepsilon$ in
# each direction and watch the loss,
#
# $$\frac{\partial L}{\partial w} \approx \frac{L(w + \varepsilon) - L(w - \varepsilon)}{2\varepsilon}.$$
#
# Here it is by hand for the first weight of the neuron. Finite differences need float64:
# in float32 a nudge of $10^{-6}$ is lost in rounding. So the data gets float64 copies too.

# %%
X64 = ag.constant(X.numpy(), dtype="float64")
Y64 = ag.constant(Y.numpy(), dtype="float64")


def neuron_loss(w, b):
    p = ag.sigmoid(X64 @ w + b)
    return ag.mean(-(Y64 * ag.log(p) + (1.0 - Y64) * ag.log(1.0 - p)))


w64 = np.array([[0.3], [-0.2]])
b64 = np.array([0.1])
eps = 1e-6
w_plus, w_minus = w64.copy(), w64.copy()
w_plus[0, 0] += eps
w_minus[0, 0] -= eps
numeric = (float(neuron_loss(ag.constant(w_plus), ag.constant(b64)))
           - float(neuron_loss(ag.constant(w_minus), ag.constant(b64)))) / (2 * eps)
print(f"central difference {numeric:.6f}, tape {float(dL_dw.numpy()[0, 0]):.6f}")
assert abs(numeric - float(dL_dw.numpy()[0, 0])) < 1e-5

# %% [markdown]
# `ag.testing.check_grads(f, *args)` does this for every element of every argument, in
# float64, and also checks second derivatives with `order=2`. It returns `None` when the
# tape and the differences agree:

# %%
assert ag.testing.check_grads(neuron_loss, w64, b64, order=2) is None
assert ag.testing.check_grads(lambda a, b, c: (a * b + c) ** 2, 2.0, -3.0, 10.0) is None
print("check_grads: the tape agrees with central differences")

# %% [markdown]
# When they do not agree it says where, and it names the operation whose rule is wrong. To see
# that, we declare our own sigmoid op with a classic mistake in its local derivative:
# $\sigma(x)$ instead of $\sigma(x)(1 - \sigma(x))$.

# %%
from autograd_lite.primitive import op


@op(vjp=lambda upstream, out, x: upstream * out, local="σ(x)   (wrong!)")
def my_sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def broken_loss(w, b):
    p = my_sigmoid(X64 @ w + b)
    return ag.mean(-(Y64 * ag.log(p) + (1.0 - Y64) * ag.log(1.0 - p)))


caught = None
try:
    ag.testing.check_grads(broken_loss, w64, b64)
except ag.testing.GradientCheckError as error:
    print(error)
    caught = error
assert caught is not None and caught.op == "my_sigmoid"

# %% [markdown]
# ## 5.8 The matrix equations, by hand, on the course's 2-3-3-1 network
#
# For a dense network the node-by-node rule collapses into a few matrix equations per layer.
# With $z^{[l]} = W^{[l]} h^{[l-1]} + b^{[l]}$, $h^{[l]} = \sigma(z^{[l]})$ and the squared
# error $L = (y - h^{[3]})^2$:
#
# $$dz^{[3]} = \frac{\partial L}{\partial h^{[3]}}\,\sigma'(z^{[3]}), \qquad
#   dW^{[3]} = dz^{[3]}\,{h^{[2]}}^\top, \qquad db^{[3]} = dz^{[3]},$$
# $$dh^{[2]} = {W^{[3]}}^\top dz^{[3]}, \qquad dz^{[2]} = dh^{[2]} \odot \sigma'(z^{[2]}),
#   \qquad dW^{[2]} = dz^{[2]}\,{h^{[1]}}^\top, \qquad \dots$$
#
# with $\sigma'(z) = h(1 - h)$. Here they are in NumPy for the course's network
# ($x = (1, 1)$, target 1), next to what the tape computes op by op.

# %%
W1 = np.array([[1.0, 0.0], [3.0, 2.0], [1.0, 2.0]])
W2 = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 3.0], [1.0, 2.0, 1.0]])
W3 = np.array([[1.0, 0.0, 1.0]])
b1, b2, b3 = np.full((3, 1), 2.0), np.full((3, 1), 1.0), np.full((1, 1), 1.0)
x0, target = np.ones((2, 1)), 1.0


def sigma(z):
    return 1 / (1 + np.exp(-z))


h1 = sigma(W1 @ x0 + b1)
h2 = sigma(W2 @ h1 + b2)
h3 = sigma(W3 @ h2 + b3)
dz3 = -2 * (target - h3) * h3 * (1 - h3)
dW3, db3 = dz3 @ h2.T, dz3
dh2 = W3.T @ dz3
dz2 = dh2 * h2 * (1 - h2)
dW2, db2 = dz2 @ h1.T, dz2
dh1 = W2.T @ dz2
dz1 = dh1 * h1 * (1 - h1)
dW1, db1 = dz1 @ x0.T, dz1
print("output", h3.ravel().round(5), " loss", ((target - h3) ** 2).ravel().round(5))
print("dz3", dz3.ravel(), "\ndz2", dz2.ravel(), "\ndz1", dz1.ravel())

# %%
params = [ag.Variable(v, name=n, dtype="float64") for n, v in
          [("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2), ("W3", W3), ("b3", b3)]]
with ag.GradientTape() as tape:
    h = ag.constant(x0, dtype="float64")
    for weights, bias in zip(params[::2], params[1::2]):
        h = ag.sigmoid(weights @ h + bias)
    seed_loss = ag.sum(ag.square(target - h))
tape_grads = tape.gradient(seed_loss, params)
for name, by_hand, from_tape in zip(["W1", "b1", "W2", "b2", "W3", "b3"],
                                    [dW1, db1, dW2, db2, dW3, db3], tape_grads):
    assert np.allclose(by_hand, from_tape.numpy(), rtol=1e-12, atol=1e-15), name
print("all six gradients: the matrix equations and the tape agree")
assert np.allclose(h3, 0.94993, atol=5e-6) and abs(float(seed_loss) - 0.00251) < 5e-6

# %% [markdown]
# The same deltas on the neurons: `draw_network(..., show_values=True, show_deltas=True)`
# writes each neuron's value (bold) and its $\delta = \partial L / \partial z$ (red), and
# each line's weight. Read the picture from the right: the output's δ flows back along the
# lines, multiplied by their weights, and each hidden neuron scales the sum by its own
# $\sigma'(z) = h(1 - h)$. The middle neuron of the second hidden layer gets δ = 0: its only
# way to the output is a weight of 0.

# %%
seed_net = ag.nn.Sequential([ag.nn.Input(shape=(2,)), ag.nn.Dense(3, activation="sigmoid"),
                             ag.nn.Dense(3, activation="sigmoid"),
                             ag.nn.Dense(1, activation="sigmoid")])
seed_net.set_weights([W1.T, b1.ravel(), W2.T, b2.ravel(), W3.T, b3.ravel()])
visualize.draw_network(seed_net, x=[1.0, 1.0], y=[1.0], show_values=True, show_deltas=True,
                       weight_labels=True)

# %% [markdown]
# ## Summary
#
# * A computation is a graph of small ops; `draw_graph` shows it with its values and gradients.
# * Backward, every op multiplies the upstream gradient by its own local derivative and sends
#   the result to its inputs (`tape.explain` prints each step, `backward_steps` draws them).
# * A value used in several places adds the gradients that come back from each use.
# * A value broadcast over a batch, like a bias, receives the sum over the batch.
# * Sigmoid followed by cross-entropy collapses to `(p - y)/N` at the neuron's input.
# * A backward pass costs about as much as a forward pass, and finite differences
#   (`ag.testing.check_grads`) confirm the result.
#
# Next, notebook 6 uses these gradients to fight overfitting.

# %% [markdown]
# ## Exercises
#
# Answers in the cells, then run the checks (worked answers: `notebooks/solutions/part5.py`).
#
# **Exercise 5.1.** Softsign is $x / (1 + |x|)$. Write its VJP, `softsign_vjp(upstream, out,
# x)`, which returns the upstream gradient times the local derivative. Use autograd_lite's ops
# (`ag.abs`, `ag.square`, ...) so the rule is itself differentiable. The check declares the
# op with your rule and runs `ag.testing.check_grads` on it.

# %%
from exercises import check


def softsign_vjp(upstream, out, x):
    return None      # your rule


# %%
check("5.1", None if softsign_vjp(1.0, 0.5, ag.constant(1.0)) is None else softsign_vjp)

# %% [markdown]
# **Exercise 5.2.** Compute $dW^{[3]}$ for the 2-3-3-1 network with the matrix equation
# $dW^{[3]} = dz^{[3]} {h^{[2]}}^\top$, without the tape (shape (1, 3)).

# %%
my_dW3 = None      # your (1, 3) array

# %%
check("5.2", my_dW3)
