# %% [markdown]
# # 4. Loss functions and gradient descent
#
# A network with random weights gives wrong answers. To improve it we need two things:
#
# * a **loss**: one number that says how wrong the outputs are on the training data (lower is
#   better, 0 is perfect);
# * a way to **lower** it: move every weight a little in the direction that makes the loss
#   fall fastest, which is minus its gradient,
#
# $$W \leftarrow W - \alpha \, \frac{\partial L}{\partial W},$$
#
# where the step size $\alpha$ is the **learning rate**. Repeating that step is gradient
# descent. In this notebook we
#
# 1. compute the four classic losses with `ag.losses` and check them against their formulas,
# 2. run gradient descent with learning rates that are too small, right, and too large,
# 3. shrink the learning rate as training goes on (decay),
# 4. compare batch, stochastic and mini-batch gradient descent,
# 5. follow one neuron learning the OR gate through a single step, number by number.

# %%
# %matplotlib inline
# %config InlineBackend.figure_format = "png"
import matplotlib.pyplot as plt
import numpy as np

import autograd_lite as ag
import visualize

plt.rcParams.update({"figure.figsize": (6, 3.5), "figure.dpi": 80, "font.size": 9})
np.set_printoptions(precision=5, suppress=True)
ag.random.set_seed(0)

# %% [markdown]
# ## 4.1 Four losses
#
# For $n$ examples with targets $y_i$ and predictions $\hat y_i$:
#
# | loss | formula | used for |
# | --- | --- | --- |
# | mean squared error (MSE) | $\frac1n \sum_i (y_i - \hat y_i)^2$ | regression |
# | mean absolute error (MAE) | $\frac1n \sum_i \lvert y_i - \hat y_i \rvert$ | regression, robust to outliers |
# | binary cross-entropy | $-\frac1n \sum_i \big[y_i \log \hat y_i + (1 - y_i)\log(1 - \hat y_i)\big]$ | two classes, $\hat y_i = P(y_i = 1)$ from a sigmoid |
# | categorical cross-entropy | $-\frac1n \sum_i \sum_k y_{ik} \log \hat y_{ik}$ | $K$ classes, one-hot $y_i$, $\hat y_i$ from a softmax |
#
# First the two regression losses, on four predictions of which one is off by 1 and two by 0.5:

# %%
y_true = np.array([[3.0], [-0.5], [2.0], [7.0]])
y_pred = np.array([[2.5], [0.0], [2.0], [8.0]])

mse = float(ag.losses.mean_squared_error(y_true, y_pred))
mae = float(ag.losses.mean_absolute_error(y_true, y_pred))
print(f"MSE = {mse:.4f}   MAE = {mae:.4f}")
assert np.isclose(mse, np.mean((y_true - y_pred) ** 2)) and np.isclose(mse, 0.375)
assert np.isclose(mae, np.mean(np.abs(y_true - y_pred))) and np.isclose(mae, 0.5)

# %% [markdown]
# Squaring punishes large errors much more than small ones: the single error of 1 contributes
# two thirds of the MSE but only half of the MAE.
#
# Cross-entropy compares probabilities. Binary: four examples, the model's probability of
# class 1 for each.

# %%
labels = np.array([[1.0], [0.0], [1.0], [0.0]])
p_one = np.array([[0.9], [0.2], [0.6], [0.3]])
bce = float(ag.losses.binary_crossentropy(labels, p_one))
bce_hand = -np.mean(labels * np.log(p_one) + (1 - labels) * np.log(1 - p_one))
print(f"binary cross-entropy = {bce:.5f}   by hand = {bce_hand:.5f}")
assert np.isclose(bce, bce_hand) and abs(bce - 0.29900) < 1e-5

# %% [markdown]
# Categorical: three examples, three classes, targets one-hot. Only the probability given to
# the *correct* class counts, through $-\log$: 0.7 costs 0.357, 0.5 costs 0.693, and 0.1
# would cost 2.303. The sparse form takes the class indices instead of one-hot rows and gives
# the same number.

# %%
classes = np.array([1, 0, 2])
one_hot = ag.one_hot(classes, 3).numpy()
probs = np.array([[0.2, 0.7, 0.1],
                  [0.5, 0.3, 0.2],
                  [0.1, 0.1, 0.8]])
cce = float(ag.losses.categorical_crossentropy(one_hot, probs))
cce_hand = -np.mean(np.sum(one_hot * np.log(probs), axis=1))
sparse = float(ag.losses.sparse_categorical_crossentropy(classes, probs))
print(one_hot)
print(f"categorical cross-entropy = {cce:.5f}   by hand = {cce_hand:.5f}   sparse = {sparse:.5f}")
assert np.isclose(cce, cce_hand) and np.isclose(sparse, cce)
assert np.isclose(cce, -(np.log(0.7) + np.log(0.5) + np.log(0.8)) / 3)

# %% [markdown]
# How each loss treats one example whose target is 1, as the prediction moves. Cross-entropy
# grows without bound as the predicted probability of the true class goes to 0: a confident
# wrong answer is punished very hard.

# %%
grid = np.linspace(0.01, 0.99, 99)[:, None]
ones = np.ones_like(grid)
fig, ax = plt.subplots()
for name, loss_fn in [("squared error", ag.losses.mean_squared_error),
                      ("absolute error", ag.losses.mean_absolute_error),
                      ("binary cross-entropy", ag.losses.binary_crossentropy)]:
    per_example = [float(loss_fn(ones[i:i + 1], grid[i:i + 1])) for i in range(len(grid))]
    ax.plot(grid.ravel(), per_example, label=name)
ax.set_xlabel("prediction $\\hat y$ (target y = 1)")
ax.set_ylabel("loss")
ax.set_ylim(0, 3)
ax.legend()
fig.tight_layout()

# %% [markdown]
# ## 4.2 Gradient descent and the learning rate
#
# ### One weight, one step, by hand
#
# The course's smallest example: one input $x = 1.5$, one weight $w = 0.3$, the target
# $y = 2$, the prediction $\hat y = w x = 0.45$ and the squared error
# $L = (y - \hat y)^2 = 1.55^2 = 2.4025$. Its derivative is
# $dL/dw = -2x(y - wx) = -2 \cdot 1.5 \cdot 1.55 = -4.65$: negative, so $w$ must grow.
# With $\alpha = 0.1$ the step is $w \leftarrow 0.3 - 0.1 \cdot (-4.65) = 0.765$, and the
# loss falls to $(2 - 1.1475)^2 = 0.7268$ (the course rounds it to 0.7267).

# %%
w_one = ag.Variable(0.3, name="w", dtype="float64")
x_one, y_one = 1.5, 2.0
with ag.GradientTape() as tape:
    loss_one = ag.square(y_one - w_one * x_one)
grad_one = tape.gradient(loss_one, w_one)
w_one.assign_sub(0.1 * grad_one)
loss_after = float(ag.square(y_one - w_one * x_one))
print(f"loss {float(loss_one):.4f}, dL/dw {float(grad_one):.2f}, "
      f"w becomes {float(w_one):.3f}, loss {loss_after:.4f}")
assert abs(float(loss_one) - 2.4025) < 1e-12 and abs(float(grad_one) + 4.65) < 1e-12
assert abs(float(w_one) - 0.765) < 1e-12 and abs(loss_after - 0.7267) < 1e-4

# %% [markdown]
# ### The U-shaped loss and the size of the steps
#
# With one weight the loss is a curve, and for a squared error a parabola: a **U**. Take
# three examples $x = (0.2, 0.4, 0.6)$ with $y = 2x$, so the best weight is $w = 2$ and
# $L(w) = \text{mean}((y - w x)^2)$. Each step moves $w$ against the slope; how far it goes
# is $\alpha$ times the slope. Starting at $w = 0$:
#
# * $\alpha = 0.5$: small steps, all on the same side, slowly down the wall;
# * $\alpha = 5$: each step **overshoots** to the other wall, but lands lower: a zig-zag
#   that converges;
# * $\alpha = 50$: each step overshoots so far that it lands **higher** on the other
#   wall: the zig-zag climbs out of the U and the loss explodes.

# %%
u_x, u_y = np.array([0.2, 0.4, 0.6]), np.array([0.4, 0.8, 1.2])


def u_loss(w):
    return np.mean((u_y - w * u_x) ** 2)


def u_descent(alpha, steps):
    w = ag.Variable(0.0, dtype="float64")
    path = [0.0]
    for _ in range(steps):
        with ag.GradientTape() as tape:
            loss = ag.mean(ag.square(u_y - w * u_x))
        w.assign_sub(alpha * tape.gradient(loss, w))
        path.append(float(w))
    return np.array(path)


fig, axes = plt.subplots(1, 3, figsize=(9, 2.9))
u_paths = {}
for ax, (alpha, steps, span) in zip(axes, [(0.5, 8, (-0.5, 4.5)), (5, 8, (-0.5, 4.5)),
                                           (50, 3, (-13000, 13000))]):
    u_paths[alpha] = path = u_descent(alpha, steps)
    ws = np.linspace(*span, 400)
    ax.plot(ws, [u_loss(w) for w in ws], color="grey")
    ax.plot(path, [u_loss(w) for w in path], "o-", color="#c0392b", markersize=4)
    ax.set_title(f"α = {alpha}: loss {u_loss(path[0]):.3g} → {u_loss(path[-1]):.3g}", fontsize=9)
    ax.set_xlabel("w")
axes[0].set_ylabel("L(w)")
fig.tight_layout()
print({alpha: np.round(path, 3).tolist() for alpha, path in u_paths.items()})

# %%
assert np.all(np.diff(u_paths[0.5]) > 0) and u_paths[0.5][-1] < 2          # one side, slowly
assert np.all(np.sign(u_paths[5][1:] - 2) == -np.sign(u_paths[5][:-1] - 2))   # zig-zag ...
assert abs(u_paths[5][-1] - 2) < abs(u_paths[5][1] - 2)                       # ... that converges
assert abs(u_paths[50][-1] - 2) > 1000 * abs(u_paths[50][0] - 2)              # climbs out

# %% [markdown]
# ### A line through 64 points
#
# A simple problem where we know the answer: 64 points on the line $y = 3x + 2$ plus a little
# noise, and a model $\hat y = w x + b$ starting at $w = b = 0$. Each step computes the MSE on
# a tape, asks for $\partial L/\partial w$ and $\partial L/\partial b$, and subtracts
# $\alpha$ times them, exactly the update written at the top.

# %%
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, size=(64, 1)).astype(np.float32)
y = (3 * x + 2 + 0.3 * rng.normal(size=(64, 1))).astype(np.float32)


def gradient_descent(learning_rate, steps=40):
    w, b = ag.Variable(0.0, name="w"), ag.Variable(0.0, name="b")
    losses = []
    for _ in range(steps):
        with ag.GradientTape() as tape:
            loss = ag.losses.mean_squared_error(y, w * x + b)
        dw, db = tape.gradient(loss, [w, b])
        w.assign_sub(learning_rate * dw)          # W <- W - alpha dL/dW
        b.assign_sub(learning_rate * db)
        losses.append(float(loss))
    return losses, float(w), float(b)


runs = {lr: gradient_descent(lr) for lr in [0.01, 0.3, 0.9, 1.1]}
for lr, (losses, w, b) in runs.items():
    print(f"alpha = {lr:<5} loss after 1, 10, 40 steps: {losses[0]:9.4f} {losses[9]:9.4f} "
          f"{losses[-1]:12.4f}   w = {w:10.3f}  b = {b:10.3f}")

# %%
fig, ax = plt.subplots()
notes = {0.01: "too small", 0.3: "good", 0.9: "large: overshoots", 1.1: "too large: diverges"}
for lr, (losses, _, _) in runs.items():
    ax.semilogy(range(1, len(losses) + 1), losses, label=f"α = {lr} ({notes[lr]})")
ax.set_xlabel("step")
ax.set_ylabel("MSE (log scale)")
ax.set_ylim(0.05, 10 * max(max(losses) for losses, _, _ in runs.values()))
blowup = runs[1.1][0]
ax.annotate(f"α = 1.1 diverges: {blowup[-1]:.3g} after 40 steps", (len(blowup), blowup[-1]),
            xytext=(12, blowup[-1] / 30), fontsize=8, arrowprops={"arrowstyle": "->"})
ax.legend(fontsize=8, loc="center right")
fig.tight_layout()

# %% [markdown]
# * With **α = 0.01** every step is safe but tiny: after 40 steps the loss is still about 2.8,
#   far above the noise level.
# * With **α = 0.3** the loss drops to the noise level (about $0.3^2 = 0.09$) within about 15
#   steps, and $w, b$ are close to 3 and 2.
# * With **α = 0.9** each step overshoots: the bias jumps across its best value and back at
#   every step. The overshoots shrink, so the loss still falls, but such a rate is close to
#   the edge.
# * With **α = 1.1** each overshoot is *bigger* than the last: the loss explodes. For this
#   quadratic loss the boundary is $\alpha = 2/\lambda_{\max}$, where $\lambda_{\max}$ is the
#   largest curvature (about 2 here, hence a limit near 1).

# %%
final = {lr: losses[-1] for lr, (losses, _, _) in runs.items()}
assert final[0.3] < 0.1 and abs(runs[0.3][1] - 3) < 0.2 and abs(runs[0.3][2] - 2) < 0.2
assert final[0.01] > 10 * final[0.3]                       # too small: far from done
assert runs[1.1][0][-1] > 1000 * runs[1.1][0][0]           # too large: diverged

# %% [markdown]
# With two parameters the loss is a surface over the $(w, b)$ plane, drawn here as contour
# lines (each line one loss level; the minimum is the cross). The descent paths start at
# $(0, 0)$: with $\alpha = 0.3$ they head down the valley, with $\alpha = 0.9$ they bounce
# across it (mostly in $b$, the steepest direction) while drifting towards the minimum.


# %%
def descent_path(learning_rate, steps=25):
    w, b = ag.Variable(0.0), ag.Variable(0.0)
    path = [(0.0, 0.0)]
    for _ in range(steps):
        with ag.GradientTape() as tape:
            loss = ag.losses.mean_squared_error(y, w * x + b)
        dw, db = tape.gradient(loss, [w, b])
        w.assign_sub(learning_rate * dw)
        b.assign_sub(learning_rate * db)
        path.append((float(w), float(b)))
    return np.array(path)


ws, bs = np.meshgrid(np.linspace(-0.5, 4.5, 120), np.linspace(-0.8, 3.6, 120))
surface = np.mean((y[:, 0, None, None] - ws * x[:, 0, None, None] - bs) ** 2, axis=0)
best = np.linalg.lstsq(np.hstack([x, np.ones_like(x)]), y[:, 0], rcond=None)[0]
fig, ax = plt.subplots(figsize=(5.5, 4))
ax.contour(ws, bs, surface, levels=np.geomspace(0.1, 20, 14), cmap="viridis", linewidths=0.8)
paths_2d = {}
for lr, colour in ((0.3, "#1f6fb4"), (0.9, "#c0392b")):
    paths_2d[lr] = path = descent_path(lr)
    ax.plot(path[:, 0], path[:, 1], "o-", color=colour, markersize=3, label=f"α = {lr}")
ax.plot(*best, "k+", markersize=12, mew=2)
ax.set_xlabel("w")
ax.set_ylabel("b")
ax.legend()
fig.tight_layout()
assert np.linalg.norm(paths_2d[0.3][-1] - best) < 0.05
bounces = np.diff(np.sign(paths_2d[0.9][1:, 1] - best[1]))
assert np.count_nonzero(bounces) >= 5           # b jumps across its best value again and again

# %% [markdown]
# ## 4.3 Learning-rate decay
#
# A large learning rate makes fast progress at first and then bounces around the minimum; a
# small one is precise but slow. A **schedule** starts large and shrinks. Exponential decay
# multiplies the rate by `decay_rate` every `decay_steps` updates (smoothly in between):
#
# $$\alpha(t) = \alpha_0 \cdot r^{\,t / T}.$$
#
# The optimizers take a schedule wherever they take a learning rate, and evaluate it at the
# number of updates done so far.

# %%
schedule = ag.optimizers.schedules.ExponentialDecay(
    initial_learning_rate=0.5, decay_steps=64, decay_rate=0.5)
for step in [0, 32, 64, 128, 640]:
    print(f"step {step:4d}: learning rate {schedule(step):.6f}")
assert schedule(0) == 0.5 and np.isclose(schedule(64), 0.25) and np.isclose(schedule(128), 0.125)
assert np.isclose(schedule(640), 0.5 * 0.5 ** 10)

# %% [markdown]
# Decay matters most when the gradient is noisy, as in stochastic gradient descent (next
# section), where each update looks at a single example. With a constant rate of 0.5 the
# model keeps jumping around the minimum; halving the rate every epoch (64 updates) lets it
# settle.

# %%
def linear_model():
    return ag.nn.Sequential([ag.nn.Input(shape=(1,)), ag.nn.Dense(1)])


def train(learning_rate, batch_size, epochs):
    ag.random.set_seed(0)                     # same initial weights and batch order
    model = linear_model()
    model.compile(optimizer=ag.optimizers.SGD(learning_rate=learning_rate), loss="mse")
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=True, verbose=0)
    return model, history.history["loss"]


constant_model, constant_curve = train(0.5, batch_size=1, epochs=10)
decay_model, decay_curve = train(schedule, batch_size=1, epochs=10)
constant_final = float(constant_model.evaluate(x, y, batch_size=64))
decay_final = float(decay_model.evaluate(x, y, batch_size=64))
print(f"final MSE with a constant rate: {constant_final:.4f}   with decay: {decay_final:.4f}")
assert decay_final < constant_final and decay_final < 0.095

fig, ax = plt.subplots()
epochs = range(1, 11)
ax.plot(epochs, constant_curve, "o-", label="constant α = 0.5")
ax.plot(epochs, decay_curve, "s-", label="ExponentialDecay(0.5, 64, 0.5)")
ax.set_xlabel("epoch")
ax.set_ylabel("training loss (MSE)")
ax.set_title("stochastic gradient descent, batch size 1")
ax.legend()
fig.tight_layout()

# %% [markdown]
# ## 4.4 Batch, stochastic and mini-batch gradient descent
#
# The loss is an average over the training set, so its gradient is an average too. How many
# examples should each update look at?
#
# * **batch** gradient descent: all of them. The gradient is exact, but there is one update per
#   pass over the data (an **epoch**).
# * **stochastic** gradient descent: one example. The gradient is noisy, but there are $n$
#   updates per epoch.
# * **mini-batch**: a small group, often 16 to 256: a fairly accurate gradient, many updates
#   per epoch, and the batch is one matrix product per layer (notebook 3).
#
# For stochastic and mini-batch, the examples are **reshuffled every epoch**, so the batches
# differ from one epoch to the next and no fixed order biases the updates. In a hand-written
# loop that is one permutation per epoch:

# %%
def minibatches(n, batch_size, rng):
    order = rng.permutation(n)                # a fresh order every epoch
    for start in range(0, n, batch_size):
        yield order[start:start + batch_size]


shuffle_rng = np.random.default_rng(1)
for epoch in range(3):
    first = next(minibatches(len(x), 16, shuffle_rng))
    print(f"epoch {epoch}: first mini-batch holds examples {first[:8]} ...")

# %% [markdown]
# `fit(..., batch_size=..., shuffle=True)` does exactly this. Same model, same learning rate
# (0.1), same 15 epochs; only the batch size changes: 64 (the whole set), 1 and 16.

# %%
curves = {}
for label, batch_size in [("batch (64)", len(x)), ("stochastic (1)", 1), ("mini-batch (16)", 16)]:
    _, curves[label] = train(0.1, batch_size=batch_size, epochs=15)
    curves[label] = (batch_size, curves[label])
    print(f"{label:16s} loss per epoch: {np.round(curves[label][1], 3)}")

fig, axes = plt.subplots(1, 2, figsize=(9, 3.5))
for label, (batch_size, losses) in curves.items():
    updates = np.arange(1, len(losses) + 1) * int(np.ceil(len(x) / batch_size))
    axes[0].plot(range(1, len(losses) + 1), losses, "o-", markersize=3, label=label)
    axes[1].plot(updates, losses, "o-", markersize=3, label=label)
axes[0].set_xlabel("epoch")
axes[1].set_xlabel("number of updates (log scale)")
axes[1].set_xscale("log")
for ax in axes:
    ax.set_ylabel("training loss (MSE)")
    ax.set_yscale("log")
    ax.legend(fontsize=8)
fig.tight_layout()

# %% [markdown]
# Per **epoch** (left), batch descent is slowest: one careful step per pass. Stochastic
# descent reaches the noise floor in the first epoch but then jitters around it; mini-batches
# get there within a few epochs and stay smooth. Per **update** (right) the picture reverses:
# a full-batch step is the most valuable single step, but it is also the most expensive. In
# practice mini-batches win because a batch of 16 costs barely more than one example.

# %%
final_loss = {label: losses[-1] for label, (_, losses) in curves.items()}
assert final_loss["batch (64)"] > 2 * final_loss["mini-batch (16)"]
assert final_loss["mini-batch (16)"] < 0.1 and final_loss["stochastic (1)"] < 0.15

# %% [markdown]
# ## 4.5 One neuron, one step, every number
#
# Finally, a gradient-descent step small enough to follow by hand. A single sigmoid neuron is
# to learn the OR gate. It starts with weights $w_1 = 0.1$, $w_2 = 0.6$ and bias $b = 0$, and
# the loss of one example is
#
# $$L = \tfrac12 (y - \hat y)^2, \qquad \hat y = \sigma(w_1 x_1 + w_2 x_2 + b).$$
#
# Take the example $x = (0, 0)$, whose OR is $y = 0$. Then $z = 0$, $\hat y = \sigma(0) = 0.5$
# and $L = \frac12 \cdot 0.25 = 0.125$. By the chain rule
#
# $$\frac{\partial L}{\partial w_j} = (\hat y - y)\,\hat y (1 - \hat y)\, x_j = 0,
# \qquad \frac{\partial L}{\partial b} = (\hat y - y)\,\hat y (1 - \hat y) = 0.5 \cdot 0.25 = 0.125 .$$
#
# Both inputs are zero, so the weights cannot change anything here: only the bias can move the
# output. That is why a neuron needs a bias. Let the tape confirm it.

# %%
w = ag.Variable([[0.1], [0.6]], name="w")
b = ag.Variable([0.0], name="b")
x_or, y_or = np.array([[0.0, 0.0]], dtype=np.float32), np.array([[0.0]], dtype=np.float32)


def neuron_loss():
    y_hat = ag.sigmoid(ag.matmul(x_or, w) + b)
    return y_hat, ag.sum(0.5 * ag.square(y_or - y_hat))


with ag.GradientTape() as tape:
    y_hat, loss = neuron_loss()
dw, db = tape.gradient(loss, [w, b])
print(f"y_hat = {float(y_hat):.4f}  loss = {float(loss):.4f}")
print("dL/dw =", dw.numpy().ravel(), " dL/db =", db.numpy())
assert float(y_hat) == 0.5 and float(loss) == 0.125
assert np.all(dw.numpy() == 0) and np.isclose(float(db), 0.125)

# %% [markdown]
# One step of gradient descent with learning rate 1 moves the bias to $0 - 1 \cdot 0.125 =
# -0.125$. The new output is $\sigma(-0.125) \approx 0.469$, a little closer to the target 0,
# and the loss falls from 0.125 to $\frac12 \cdot 0.469^2 \approx 0.110$ (0.1099, which the
# course text truncates to 0.109).

# %%
sgd = ag.optimizers.SGD(learning_rate=1.0)
sgd.apply_gradients([(dw, w), (db, b)])
y_hat, loss = neuron_loss()
print("w =", w.numpy().ravel(), " b =", b.numpy())
print(f"after one step: y_hat = {float(y_hat):.4f}  loss = {float(loss):.4f}")
assert np.allclose(w.numpy().ravel(), [0.1, 0.6])           # untouched: its gradient was 0
assert np.isclose(float(b), -0.125)
assert abs(float(y_hat) - 0.469) < 5e-4
assert abs(float(loss) - 0.1099) < 1e-4 and float(loss) < 0.125

# %% [markdown]
# ### The vectorised step: all four OR examples at once
#
# The course then takes the step on the whole truth table at once, as a batch: $X$ holds the
# four inputs as rows, $\hat{\mathbf y} = \sigma(X\mathbf w + b)$, the cost is the mean of
# $\frac12(y - \hat y)^2$, and the gradients are averages over the batch,
#
# $$\frac{\partial C}{\partial \mathbf w} = \frac14 X^\top \mathbf{dz}, \qquad
#   \frac{\partial C}{\partial b} = \frac14 \sum_n dz_n, \qquad
#   dz_n = (\hat y_n - y_n)\,\hat y_n (1 - \hat y_n).$$
#
# From $\mathbf w = (0.1, 0.6)$, $b = 0$ and learning rate 1, the cost is **0.089**; after
# one step it is **0.084**, and the gradients at that point are the course's
# $\partial C / \partial \mathbf w = (-0.044, -0.035)$ and $\partial C / \partial b = -0.031$.

# %%
X_or = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
Y_or = np.array([[0], [1], [1], [1]], dtype=np.float64)
w = ag.Variable([[0.1], [0.6]], name="w", dtype="float64")
b = ag.Variable([0.0], name="b", dtype="float64")
costs, gradients = [], []
for step in range(2):
    with ag.GradientTape() as tape:
        cost = ag.mean(0.5 * ag.square(Y_or - ag.sigmoid(X_or @ w + b)))
    dW, db = tape.gradient(cost, [w, b])
    costs.append(float(cost))
    gradients.append((dW.numpy().ravel(), float(db)))
    print(f"step {step + 1}: cost {float(cost):.3f}  dC/dW {dW.numpy().ravel().round(3)}  "
          f"dC/db {float(db):.3f}")
    w.assign_sub(dW)
    b.assign_sub(db)

# by hand, with the batch formulas above, at the second step's weights
w_hand, b_hand = np.array([0.1, 0.6]) - gradients[0][0], 0.0 - gradients[0][1]
y_hat = 1 / (1 + np.exp(-(X_or @ w_hand + b_hand)))
dz = (y_hat - Y_or[:, 0]) * y_hat * (1 - y_hat)
assert np.allclose(X_or.T @ dz / 4, gradients[1][0]) and np.isclose(dz.mean(), gradients[1][1])
assert [round(c, 3) for c in costs] == [0.089, 0.084]
assert np.allclose(gradients[1][0], [-0.044, -0.035], atol=5e-4)
assert abs(gradients[1][1] + 0.031) < 5e-4

# %% [markdown]
# The same neuron trained on all four OR examples (batch gradient descent, learning rate 1,
# 500 steps) learns the gate: its outputs fall on the right side of 0.5 for every input.

# %%
X_or = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
Y_or = np.array([[0], [1], [1], [1]], dtype=np.float32)
w = ag.Variable([[0.1], [0.6]], name="w")
b = ag.Variable([0.0], name="b")
sgd = ag.optimizers.SGD(learning_rate=1.0)
history = []
for step in range(500):
    with ag.GradientTape() as tape:
        out = ag.sigmoid(ag.matmul(X_or, w) + b)
        loss = ag.mean(0.5 * ag.square(Y_or - out))
    sgd.apply_gradients(zip(tape.gradient(loss, [w, b]), [w, b]))
    history.append(float(loss))

out = ag.sigmoid(ag.matmul(X_or, w) + b).numpy()
print("outputs:", out.ravel().round(3))
print("w =", w.numpy().ravel().round(3), " b =", b.numpy().round(3))
assert ((out > 0.5) == (Y_or > 0.5)).all() and history[-1] < history[0]

fig, ax = plt.subplots(figsize=(6, 2.6))
ax.plot(history)
ax.set_xlabel("step")
ax.set_ylabel("loss")
ax.set_title("a sigmoid neuron learning OR")
fig.tight_layout()

# %% [markdown]
# Its **decision boundary** is the line where $\sigma(\mathbf w \cdot \mathbf x + b) = 0.5$,
# that is $w_1 x_1 + w_2 x_2 + b = 0$: after training it separates $(0, 0)$ from the three
# inputs whose OR is 1.

# %%
trained_w, trained_b = w.numpy().ravel(), float(b.numpy()[0])
print(f"boundary: {trained_w[0]:.3f} x1 + {trained_w[1]:.3f} x2 + {trained_b:.3f} = 0")
visualize.plot_decision_boundary(lambda points: 1 / (1 + np.exp(-(points @ trained_w + trained_b))),
                                 X_or, Y_or.ravel(), title="OR after 500 steps")

# %% [markdown]
# Computing every such derivative by hand stops being practical after one neuron. Notebook 5
# shows how the tape organises that work for any network: backpropagation.

# %% [markdown]
# ## Exercises
#
# Answers in the cells, then run the checks (worked answers: `notebooks/solutions/part4.py`).
#
# **Exercise 4.1.** Compute $\partial C / \partial \mathbf w$ and $\partial C / \partial b$ of
# the OR step **by hand with NumPy** (no tape): start from $\mathbf w = (0.1, 0.6)$, $b = 0$,
# take one step with learning rate 1, and compute the gradients at the new weights. They
# should be the course's $(-0.044, -0.035)$ and $-0.031$.

# %%
from exercises import check

dC_dW, dC_db = None, None      # your NumPy arrays / numbers

# %%
check("4.1", (dC_dW, dC_db))

# %% [markdown]
# **Exercise 4.2.** For the U-shaped loss above ($x = (0.2, 0.4, 0.6)$, $y = 2x$), find the
# learning rate at the **edge**: every step lands exactly as far from $w = 2$ as the last,
# on the other side, so the descent neither converges nor diverges. (Hint: one step
# multiplies $w - 2$ by $1 - 2\alpha\,\text{mean}(x^2)$; or try rates with `u_descent`.)

# %%
edge_rate = None      # your learning rate

# %%
check("4.2", edge_rate)
