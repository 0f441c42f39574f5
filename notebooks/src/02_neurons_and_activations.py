# %% [markdown]
# # 2. Artificial neurons and their activations
#
# The perceptron of notebook 1 answers with a hard step: 0 or 1. That is fine for deciding,
# but useless for *learning by gradient*: the step is flat everywhere (and jumps at 0), so its
# derivative tells a training algorithm nothing about which way to move a weight. The
# artificial neuron keeps the weighted sum
#
# $$z = \mathbf{w} \cdot \mathbf{x} + b$$
#
# and replaces the step by a smooth (or at least piecewise smooth) **activation function**
# $a = \varphi(z)$. In this notebook we
#
# 1. meet seven common activations and let the tape compute each one's derivative,
# 2. check a few of those derivatives against their textbook formulas,
# 3. see why the output layer uses softmax for several classes and sigmoid for two,
# 4. lay out the classic 784-16-16-10 digit network and count its parameters.

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
# ## 2.1 Seven activations
#
# All of them are ops in `autograd_lite`, applied element by element:
#
# | name | formula | range |
# | --- | --- | --- |
# | sigmoid | $\sigma(z) = 1 / (1 + e^{-z})$ | $(0, 1)$ |
# | tanh | $(e^{z} - e^{-z}) / (e^{z} + e^{-z})$ | $(-1, 1)$ |
# | ReLU | $\max(0, z)$ | $[0, \infty)$ |
# | leaky ReLU | $z$ if $z > 0$, else $\alpha z$ ($\alpha = 0.2$ here) | $\mathbb{R}$ |
# | ELU | $z$ if $z > 0$, else $\alpha (e^{z} - 1)$ ($\alpha = 1$) | $(-\alpha, \infty)$ |
# | softplus | $\log(1 + e^{z})$, a smooth ReLU | $(0, \infty)$ |
# | swish | $z\,\sigma(z)$ | about $[-0.28, \infty)$ |
#
# We never write a derivative by hand below. Instead we put a grid of $z$ values on a
# `GradientTape`, apply the activation, and ask the tape for the gradient. Because each
# activation acts on every element separately, the gradient of the (summed) output with
# respect to the grid is exactly $\varphi'(z)$ at each grid point.

# %%
ACTIVATIONS = {
    "sigmoid": ag.sigmoid,
    "tanh": ag.tanh,
    "relu": ag.relu,
    "leaky_relu": ag.leaky_relu,     # alpha = 0.2 by default
    "elu": ag.elu,                   # alpha = 1.0 by default
    "softplus": ag.softplus,
    "swish": ag.swish,
}

z = ag.constant(np.linspace(-4.0, 4.0, 401))   # float64, from a NumPy array


def value_and_derivative(fn, z):
    """phi(z) and phi'(z) on a grid, the derivative taken by the tape."""
    with ag.GradientTape() as tape:
        tape.watch(z)            # a constant is only watched when we ask
        a = fn(z)
    return a.numpy(), tape.gradient(a, z).numpy()


curves = {name: value_and_derivative(fn, z) for name, fn in ACTIVATIONS.items()}
print({name: a.shape for name, (a, _) in curves.items()})

# %% [markdown]
# Each panel shows one activation (solid) and the derivative the tape found (dashed). The last
# panel is the perceptron's step for comparison: its derivative is zero everywhere, which is
# why gradient descent cannot train a perceptron.

# %%
grid = z.numpy()
fig, axes = plt.subplots(2, 4, figsize=(9, 4.2), sharex=True)
panels = list(curves.items()) + [("step", value_and_derivative(ag.step, z))]
for ax, (name, (a, da)) in zip(axes.ravel(), panels):
    ax.axhline(0, color="grey", lw=0.5)
    ax.axvline(0, color="grey", lw=0.5)
    ax.plot(grid, a, lw=2, label="φ(z)")
    ax.plot(grid, da, "--", lw=1.5, label="φ'(z) (tape)")
    ax.set_title(name)
    ax.set_ylim(-1.3, 2.3)
axes[0, 0].legend(loc="upper left", fontsize=7)
for ax in axes[1]:
    ax.set_xlabel("z")
fig.tight_layout()

# %% [markdown]
# A few things to read off the pictures:
#
# * **sigmoid** and **tanh** saturate: far from 0 their derivative is almost zero, so a neuron
#   deep in saturation learns very slowly (the *vanishing gradient*). The sigmoid's slope is at
#   most 1/4, tanh's at most 1.
# * **ReLU** has slope exactly 1 for positive inputs and 0 for negative ones: cheap, and it
#   does not saturate on the positive side, but a neuron whose input is always negative stops
#   learning ("dead ReLU").
# * **leaky ReLU** and **ELU** keep a small slope for negative inputs to avoid that.
# * **softplus** is a smooth ReLU, and its derivative is the sigmoid. **swish** dips slightly
#   below zero before rising like ReLU, and its slope even exceeds 1 for a while.
#
# ## 2.2 Checking the tape against the formulas
#
# The closed forms are well known; let us check the tape's derivatives against them, over
# the whole grid and at a few single points. For single points we use the functional form
# `ag.grad(f)(z)`, which wraps the same tape.

# %%
sig = 1.0 / (1.0 + np.exp(-grid))
closed_form = {
    "sigmoid": sig * (1 - sig),
    "tanh": 1 - np.tanh(grid) ** 2,
    "relu": (grid > 0).astype(float),
    "leaky_relu": np.where(grid > 0, 1.0, 0.2),
    "elu": np.where(grid > 0, 1.0, np.exp(grid)),
    "softplus": sig,
    "swish": sig + grid * sig * (1 - sig),
}
for name, (_, da) in curves.items():
    err = np.max(np.abs(da - closed_form[name]))
    print(f"{name:11s} largest difference from the formula: {err:.1e}")
    assert err < 1e-6, name

# %%
d = {name: ag.grad(fn) for name, fn in ACTIVATIONS.items()}
checks = [
    ("sigmoid'(0)", d["sigmoid"](0.0), 0.25),
    ("tanh'(0)", d["tanh"](0.0), 1.0),
    ("tanh'(1)", d["tanh"](1.0), 1 - np.tanh(1.0) ** 2),
    ("relu'(2)", d["relu"](2.0), 1.0),
    ("relu'(-2)", d["relu"](-2.0), 0.0),
    ("relu'(0)", d["relu"](0.0), 0.0),           # the kink: 0 by convention
    ("leaky_relu'(-3)", d["leaky_relu"](-3.0), 0.2),
    ("elu'(-1)", d["elu"](-1.0), np.exp(-1.0)),
    ("softplus'(1)", d["softplus"](1.0), 1 / (1 + np.exp(-1.0))),
    ("swish'(0)", d["swish"](0.0), 0.5),
]
for label, tape_value, formula in checks:
    print(f"{label:16s} tape {float(tape_value):.6f}   formula {formula:.6f}")
    assert abs(float(tape_value) - formula) < 1e-6, label

# %% [markdown]
# ### Monotonic or not
#
# Six of the seven activations are **monotonic**: a larger $z$ never gives a smaller output,
# so "more input evidence" always means "at least as much activation". **Swish is not**: it
# falls from 0 to its minimum of about $-0.278$ at $z \approx -1.278$ and only then rises. The
# tape's derivative shows it: swish's derivative is negative left of that point, while the
# others' derivatives are never negative.

# %%
for name, (a, da) in curves.items():
    print(f"{name:11s} smallest derivative {da.min():+.4f}  monotonic: {bool(np.all(da >= 0))}")
swish_values, swish_slope = curves["swish"]
lowest = np.argmin(swish_values)
print(f"swish's minimum: {swish_values[lowest]:.4f} at z = {grid[lowest]:.2f}")
assert all(np.all(da >= 0) for name, (_, da) in curves.items() if name != "swish")
assert swish_slope.min() < 0 and abs(grid[lowest] + 1.278) < 0.02
assert abs(swish_values[lowest] + 0.2785) < 1e-3

# %% [markdown]
# ### From the sigmoid back to the step: $\sigma(c z)$
#
# Scaling the input of a sigmoid by a constant $c$ makes it steeper. As $c$ grows,
# $\sigma(c z)$ turns into the perceptron's step: the smooth neuron contains the perceptron
# as a limit, and a neuron with large weights behaves almost like a step unit.

# %%
fig, ax = plt.subplots(figsize=(6, 2.8))
far = np.abs(grid) >= 0.5
gaps = {}
for c in (1, 3, 10, 100):
    values = ag.sigmoid(ag.constant(c * grid)).numpy()
    gaps[c] = np.max(np.abs(values - (grid > 0))[far])
    ax.plot(grid, values, label=f"σ({c} z): at most {gaps[c]:.3f} from the step for |z| ≥ 0.5")
ax.plot(grid, ag.step(z).numpy(), "k--", lw=1, label="step(z)")
ax.set_xlabel("z")
ax.legend(fontsize=7)
fig.tight_layout()
assert gaps[1] > gaps[3] > gaps[10] > gaps[100] and gaps[100] < 1e-20

# %% [markdown]
# ## 2.3 The output layer: softmax for classes, sigmoid for two
#
# Hidden layers may use any of the activations above. The output layer is chosen by the task:
#
# * **regression**: one neuron, no activation (linear);
# * **two classes**: one neuron with a sigmoid, read as $P(\text{class } 1)$;
# * **$K$ classes**: $K$ neurons with a **softmax**, which turns $K$ scores into $K$
#   probabilities that are positive and sum to 1:
#
# $$\operatorname{softmax}(\mathbf{z})_k = \frac{e^{z_k}}{\sum_j e^{z_j}} .$$

# %%
scores = ag.constant([[2.0, 1.0, -1.0],
                      [0.5, 0.5, 0.5],
                      [-3.0, 4.0, 0.0]])
probs = ag.softmax(scores, axis=-1)
print(probs.numpy())
print("row sums:", probs.numpy().sum(axis=1))
assert np.allclose(probs.numpy().sum(axis=1), 1.0)
assert np.allclose(probs.numpy()[1], 1 / 3)       # equal scores, equal probabilities
assert np.allclose(ag.softmax(scores + 100.0).numpy(), probs.numpy())  # a shift changes nothing

# %% [markdown]
# Why a sigmoid for two classes? With two scores $(z, 0)$ the softmax's first output is
# $e^{z} / (e^{z} + 1) = \sigma(z)$: a softmax over two classes *is* a sigmoid, and only
# the difference of the two scores matters. One neuron is enough.

# %%
zs = np.linspace(-5, 5, 11)
two_class = ag.softmax(ag.constant(np.stack([zs, np.zeros_like(zs)], axis=1)))[:, 0]
print(np.round(two_class.numpy(), 5))
print(np.round(ag.sigmoid(ag.constant(zs)).numpy(), 5))
assert np.allclose(two_class.numpy(), ag.sigmoid(ag.constant(zs)).numpy())

# %% [markdown]
# Softmax mixes its inputs, so its derivative is a matrix: raising one score raises its own
# probability and lowers all the others. The tape's Jacobian matches the formula
# $\partial p_i / \partial z_j = p_i(\delta_{ij} - p_j)$:

# %%
z3 = ag.constant([2.0, 1.0, -1.0])
with ag.GradientTape() as tape:
    tape.watch(z3)
    p = ag.softmax(z3)
jac = tape.jacobian(p, z3).numpy()
p_np = p.numpy()
print(jac)
assert np.allclose(jac, np.diag(p_np) - np.outer(p_np, p_np), atol=1e-6)
assert np.allclose(jac.sum(axis=0), 0, atol=1e-6)   # probabilities still sum to 1

# %% [markdown]
# ## 2.4 A network: layers of neurons
#
# A **dense** layer is many neurons reading the same inputs; a **sequential** network feeds
# each layer's outputs to the next, with one activation per layer. The inputs are plain
# numbers: a 28 × 28 grey-scale image of a handwritten digit becomes 784 pixel values (a
# colour image would have three times as many, one per channel). The output layer has one
# neuron per class, here 10 digits.
#
# The well-known digit-recognition network (3Blue1Brown's videos) is 784-16-16-10 with
# sigmoid hidden layers. Trained on MNIST it reaches about 96% test accuracy. Let us build its
# shape and count its parameters. A dense layer from $n$ inputs to $m$ neurons has an
# $n \times m$ weight matrix and $m$ biases.

# %%
digits = ag.nn.Sequential([
    ag.nn.Input(shape=(784,)),
    ag.nn.Dense(16, activation="sigmoid"),
    ag.nn.Dense(16, activation="sigmoid"),
    ag.nn.Dense(10, activation="softmax"),
], name="digits_784_16_16_10")
digits.summary()

# %%
by_hand = (784 * 16 + 16) + (16 * 16 + 16) + (16 * 10 + 10)
print("by hand:", by_hand, "  model:", digits.count_params())
assert by_hand == 13002
assert digits.count_params() == 13002
print("kernel and bias shapes:", [v.shape for v in digits.trainable_variables])

# %% [markdown]
# ### Pixels as inputs: 18 × 18 images, the bias as a threshold, weights as a picture
#
# The course's own example uses smaller pictures: an 18 × 18 grey-scale image is
# $18 \cdot 18 = 324$ inputs, and in colour (red, green and blue per pixel) $324 \cdot 3 = 972$.

# %%
print("18 x 18 grey:", 18 * 18, " RGB:", 18 * 18 * 3)
assert 18 * 18 == 324 and 18 * 18 * 3 == 972

# %% [markdown]
# A neuron with weight 1 on every pixel computes the number of bright pixels. Its **bias
# sets the threshold**: with $b = -10$, $\sigma(\text{sum} - 10)$ is above 0.5 exactly when
# more than 10 pixels are on. The bias is how much evidence the neuron needs before it
# fires.

# %%
rng = np.random.default_rng(1)
counts = [5, 10, 11, 20]
pictures = np.zeros((len(counts), 324))
for row, k in zip(pictures, counts):
    row[rng.choice(324, size=k, replace=False)] = 1.0
ones_neuron = ag.sigmoid(ag.matmul(ag.constant(pictures), ag.ones((324, 1), "float64")) - 10.0)
for k, value in zip(counts, ones_neuron.numpy().ravel()):
    print(f"{k:2d} pixels on: sigmoid(sum - 10) = {value:.4f}")
assert np.allclose(ones_neuron.numpy().ravel(), 1 / (1 + np.exp(-(np.array(counts) - 10.0))))
assert (ones_neuron.numpy().ravel() > 0.5).tolist() == [False, False, True, True]

# %% [markdown]
# A neuron's 324 weights can be **drawn as an 18 × 18 picture**, one pixel per weight:
# blue where a bright pixel raises the neuron's sum, orange where it lowers it. This neuron
# is a vertical-bar detector: +1 on the middle columns, -1 elsewhere. A picture with that
# bar lights it up; the same number of pixels as a horizontal bar does not.

# %%
bar_weights = -np.ones((18, 18))
bar_weights[:, 8:10] = 1.0
visualize.plot_weights(bar_weights.reshape(324, 1), shape=(18, 18), title="a bar detector")

# %%
vertical, horizontal = np.zeros((18, 18)), np.zeros((18, 18))
vertical[:, 8:10], horizontal[8:10, :] = 1.0, 1.0
sums = np.stack([vertical.ravel(), horizontal.ravel()]) @ bar_weights.ravel()
print("weighted sum for a vertical bar:", sums[0], " for a horizontal bar:", sums[1])
assert sums.tolist() == [36.0, -28.0]

# %% [markdown]
# About 13 thousand numbers to learn, 97% of them in the first layer. With colour pictures
# (784 × 3 = 2352 inputs) the first layer alone would need 2352 × 16 + 16 = 37,648.
#
# The untrained network already maps a batch of images to a batch of probability
# vectors: each row has 10 entries summing to 1. Its random weights have learned nothing, so
# every image gets nearly the same (meaningless) answer.

# %%
images = np.random.default_rng(0).random((4, 784)).astype(np.float32)   # 4 fake "images"
out = digits(images)
print(out.shape)
print(out.numpy().round(3))
assert out.shape == (4, 10) and np.allclose(out.numpy().sum(axis=1), 1, atol=1e-5)

# %% [markdown]
# `visualize.draw_network` draws the layers as columns of neurons. Only a few neurons of each
# big layer are drawn (the dots stand for the rest); line colour shows each weight's sign and
# thickness its size. The small "1" under each column is the bias unit: an input fixed at 1
# whose dashed lines are the next layer's biases, as in the perceptron's homogeneous
# coordinates.

# %%
visualize.draw_network(digits, max_neurons=8)

# %% [markdown]
# Next, notebook 3 computes such a network's forward pass by hand, layer by layer, and then
# for a whole batch at once.

# %% [markdown]
# ## Exercises
#
# Answers in the cells, then run the checks (worked answers: `notebooks/solutions/part2.py`).
#
# **Exercise 2.1.** How many parameters (weights and biases) has the 784-16-16-10 network's
# shape when its input is an 18 × 18 **colour** image instead?

# %%
from exercises import check

rgb_parameters = None      # your count

# %%
check("2.1", rgb_parameters)

# %% [markdown]
# **Exercise 2.2.** Find a $c$ for which $\sigma(c z)$ is within 0.01 of the step for every
# $|z| \ge 0.5$.

# %%
c = None      # your c

# %%
check("2.2", c)
