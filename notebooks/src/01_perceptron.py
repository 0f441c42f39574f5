# %% [markdown]
# # 1. The perceptron
#
# This is the first stop of the course. A perceptron is the simplest artificial neuron: it
# multiplies each input by a weight, adds the products and a bias, and answers "yes" when the
# sum is positive. We will
#
# 1. compute a perceptron's output with `autograd_lite`'s `step` and `sign` ops,
# 2. train one with Rosenblatt's rule and watch its line move after every correction,
# 3. combine several with AND / OR to get polygons and shapes a single line cannot draw,
# 4. classify three classes with one perceptron per class.
#
# Everything here runs on `autograd_lite.nn`'s perceptron API (`Perceptron`, `And`, `Or`,
# `polygon`, `OneVsRestPerceptron`); NumPy supplies the data.

# %%
# %matplotlib inline
# %config InlineBackend.figure_format = "png"
import numpy as np
import matplotlib.pyplot as plt

import autograd_lite as ag
import visualize
from autograd_lite.nn import And, OneVsRestPerceptron, Or, Perceptron, polygon

plt.rcParams.update({"figure.figsize": (6, 3.5), "figure.dpi": 80, "font.size": 9})
np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## A neuron is a weighted sum and a threshold
#
# With inputs $x_1, \dots, x_n$, weights $w_1, \dots, w_n$ and a bias $b$, the perceptron first
# computes its *net input*
#
# $$z = w_1 x_1 + \dots + w_n x_n + b = \mathbf{w} \cdot \mathbf{x} + b,$$
#
# then passes $z$ through a threshold. Two conventions are common:
#
# * the **step** function answers 1 when $z > 0$ and 0 otherwise,
# * the **sign** function answers +1 or -1 (and 0 exactly on the threshold).
#
# Both are ops in `autograd_lite`:

# %%
z = ag.constant([-2.0, -0.5, 0.0, 0.5, 2.0])
print("z       ", z.numpy())
print("step(z) ", ag.step(z).numpy())
print("sign(z) ", ag.sign(z).numpy())

# %%
grid = np.linspace(-3, 3, 601)
fig, axes = plt.subplots(1, 2, figsize=(6, 2.2), sharey=True)
for ax, fn in zip(axes, [ag.step, ag.sign]):
    ax.plot(grid, fn(ag.constant(grid)).numpy(), lw=2)
    ax.axhline(0, color="grey", lw=0.5)
    ax.axvline(0, color="grey", lw=0.5)
    ax.set_title(f"{fn.__name__}(z)")
    ax.set_xlabel("z")
fig.tight_layout()

# %% [markdown]
# A perceptron with two inputs, weights $(1, 1)$ and bias $-1.5$ fires only when both inputs
# are 1: it computes logical AND. The net input is an ordinary dot product, so we can write it
# with the tape's ops as well as ask the `Perceptron` class.

# %%
inputs = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
w = ag.constant([1.0, 1.0])
b = -1.5
net = ag.matmul(ag.constant(inputs), w) + b
print("net input :", net.numpy())
print("step      :", ag.step(net).numpy())

and_unit = Perceptron(weights=[1.0, 1.0], bias=-1.5)
print("Perceptron:", and_unit.predict(inputs))
assert and_unit.predict(inputs).tolist() == [0, 0, 0, 1]

# %% [markdown]
# ## Homogeneous coordinates: the bias becomes a weight
#
# Training is simpler if the bias is not special. Append a constant 1 to every input,
# $\tilde{\mathbf{x}} = (x_1, \dots, x_n, 1)$, and append the bias to the weights,
# $\tilde{\mathbf{w}} = (w_1, \dots, w_n, b)$. Then $z = \tilde{\mathbf{w}} \cdot \tilde{\mathbf{x}}$:
# one dot product, and the bias is learned exactly like any other weight. The `Perceptron`
# stores its weights this way, bias last.

# %%
x_tilde = np.hstack([inputs, np.ones((4, 1))])
print(x_tilde)
print("homogeneous weights:", and_unit.weights)
print("x~ . w~            :", x_tilde @ and_unit.weights)
assert np.allclose(x_tilde @ and_unit.weights, and_unit.net_input(inputs))

# %% [markdown]
# ## Rosenblatt's learning rule
#
# Start with all weights at zero and sweep over the examples. For each example with label
# $y \in \{-1, +1\}$ (sign convention):
#
# * if the perceptron already answers $y$, do nothing;
# * otherwise add $\eta\, y\, \tilde{\mathbf{x}}$ to the weights.
#
# Adding $y\tilde{\mathbf{x}}$ raises $y\,(\tilde{\mathbf{w}} \cdot \tilde{\mathbf{x}})$ by
# $\lVert\tilde{\mathbf{x}}\rVert^2 > 0$, so the mistaken point moves towards the correct
# side. Repeat sweeps (epochs) until one sweep makes no mistake. If the two classes can be
# separated by a line, this stops after finitely many corrections (the perceptron
# convergence theorem).
#
# Here are two clouds of points that a line can separate.

# %%
rng = np.random.default_rng(15)
upper = rng.normal([1.0, 3.0], 0.6, size=(12, 2))
lower = rng.normal([3.0, 1.5], 0.6, size=(12, 2))
x = np.vstack([upper, lower])
y = np.concatenate([np.ones(12), -np.ones(12)]).astype(int)
order = rng.permutation(len(x))
x, y = x[order], y[order]
print(x.shape, y[:10])

# %% [markdown]
# The rule fits in a dozen lines. We write it out once, keeping a copy of the weights after
# every correction so we can draw them.

# %%
def rosenblatt(x, y, learning_rate=1.0, max_epochs=100):
    """Train a sign perceptron; return its homogeneous weights and every correction made."""
    points = np.hstack([x, np.ones((len(x), 1))])  # homogeneous coordinates
    weights = np.zeros(points.shape[1])
    corrections = []  # (weights after the update, the point that caused it)
    for epoch in range(max_epochs):
        mistakes = 0
        for point, label in zip(points, y):
            if np.sign(point @ weights) != label:  # wrong side, or exactly on the line
                weights = weights + learning_rate * label * point
                corrections.append((weights.copy(), point[:-1]))
                mistakes += 1
        if mistakes == 0:
            return weights, corrections, epoch + 1
    return weights, corrections, max_epochs


weights, corrections, epochs = rosenblatt(x, y)
print(f"{len(corrections)} corrections in {epochs} epochs; final weights {weights}")

# %% [markdown]
# The library's `Perceptron` implements the same rule, so it must end with the same weights
# after the same number of corrections:

# %%
unit = Perceptron(activation="sign").fit(x, y)
print(unit)
print("updates:", unit.updates, " mistakes per epoch:", unit.errors, " converged:", unit.converged)
assert unit.converged and unit.score(x, y) == 1.0
assert unit.updates == len(corrections)
assert np.allclose(unit.weights, weights)

# %% [markdown]
# Now the picture: one small panel per correction. The line is
# $w_1 x_1 + w_2 x_2 + b = 0$, the shaded side is where the perceptron answers +1, and the
# ringed point is the mistake that triggered the update. Watch the line swing until every
# point is on its own side.

# %%
def draw_line(ax, weights, xlim, ylim):
    """Shade the +1 side of w1*x1 + w2*x2 + b > 0 and draw the boundary."""
    gx, gy = np.meshgrid(np.linspace(*xlim, 120), np.linspace(*ylim, 120))
    z = weights[0] * gx + weights[1] * gy + weights[2]
    ax.contourf(gx, gy, z > 0, levels=[-0.5, 0.5, 1.5], colors=["#fde0c5", "#c6dbef"])
    if np.any(weights[:2]):
        ax.contour(gx, gy, z, levels=[0], colors="k", linewidths=1)


xlim, ylim = (-0.5, 4.8), (-0.2, 4.8)
panels = [(np.zeros(3), None)] + corrections
fig, axes = plt.subplots(2, 5, figsize=(9, 3.9), sharex=True, sharey=True)
for k, (ax, (w_k, culprit)) in enumerate(zip(axes.flat, panels)):
    draw_line(ax, w_k, xlim, ylim)
    ax.scatter(*x[y == 1].T, s=10, c="#1f6fb4", label="+1")
    ax.scatter(*x[y == -1].T, s=10, c="#e8710a", marker="s", label="-1")
    if culprit is not None:
        ax.scatter(*culprit, s=90, facecolors="none", edgecolors="red", linewidths=1.5)
    ax.set_title("start: w = 0" if k == 0 else f"update {k}", fontsize=8)
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
for ax in axes.flat[len(panels):]:
    ax.axis("off")
fig.tight_layout()

# %% [markdown]
# At the start every point lies exactly on the "line" $z = 0$ and counts as a mistake, so the
# first point seen fixes the first orientation. Each later panel is one nudge; the last one
# separates the two clouds, and a further sweep finds nothing to correct.
#
# ## AND / OR of perceptrons: polygons
#
# One perceptron draws one line, so it can only split the plane into two half-planes. The
# 0/1 outputs of several perceptrons can feed another perceptron, though:
#
# * **AND** of $k$ units: weights 1, bias $-(k - \tfrac12)$; it fires only when all $k$ fire.
#   The intersection of half-planes is a convex polygon.
# * **OR**: weights 1, bias $-\tfrac12$; it fires when any unit fires. Unions of polygons can
#   be non-convex, have holes, or fall apart into islands.
#
# The classic example is XOR, which no single line can compute. Rosenblatt's rule never
# settles on it, while "OR and not both" (an AND of an OR unit and a NAND unit) gets it right.

# %%
xor_labels = np.array([0, 1, 1, 0])
single = Perceptron(max_epochs=50).fit(inputs, xor_labels)
print("single perceptron: converged", single.converged, "| mistakes in the last epochs",
      single.errors[-5:])

or_unit = Perceptron(weights=[1.0, 1.0], bias=-0.5)
nand_unit = Perceptron(weights=[-1.0, -1.0], bias=1.5)
xor = And(or_unit, nand_unit)
print("OR  :", or_unit.predict(inputs))
print("NAND:", nand_unit.predict(inputs))
print("XOR = AND(OR, NAND):", xor.predict(inputs))
assert not single.converged
assert xor.predict(inputs).tolist() == xor_labels.tolist()

# %% [markdown]
# ### The same AND / OR with sign units: the sum of their outputs
#
# With the **sign** convention each unit answers +1 or -1, and the combination needs no
# second perceptron's weights at all: just add the outputs. For four units the sum runs
# from -4 (all say -1) to 4 (all say +1), in steps of 2:
#
# * **AND**: all four say +1 exactly when the sum **is 4**;
# * **OR**: at least one says +1 exactly when the sum **is more than -4**.
#
# Four sign units, one per side of the square $-1 < x_1, x_2 < 1$, each answering +1 on
# the inner side of its side:

# %%
sides = [Perceptron(weights=w, bias=1.0, activation="sign")
         for w in ([-1.0, 0.0], [1.0, 0.0], [0.0, -1.0], [0.0, 1.0])]
probe = np.array([[0.0, 0.0], [0.5, -0.5], [2.0, 0.0], [2.0, 2.0], [-3.0, 0.5]])
outputs = np.column_stack([unit.predict(probe) for unit in sides])
total = outputs.sum(axis=1)
for point, row, s_ in zip(probe, outputs, total):
    print(f"point {point}: outputs {row}, sum {s_:+d} -> AND {s_ == 4}, OR {s_ > -4}")
assert total.tolist() == [4, 4, 2, 0, 2]
assert ((total == 4) == (outputs == 1).all(axis=1)).all()
assert ((total > -4) == (outputs == 1).any(axis=1)).all()

# %% [markdown]
# The sum is 4 only inside the square (AND: the polygon), and it is never -4 here because no
# point lies outside all four sides at once, so their OR is the whole plane. Counting the
# 16 possible answers of four units checks the rule for every case, not just for these points:

# %%
all_answers = np.array([[1 if (k >> bit) & 1 else -1 for bit in range(4)] for k in range(16)])
sums = all_answers.sum(axis=1)
assert np.array_equal(sums == 4, (all_answers == 1).all(axis=1))
assert np.array_equal(sums > -4, (all_answers == 1).any(axis=1))
print("sums of the 16 possible answers:", sorted(set(sums.tolist())))

# %% [markdown]
# `polygon(vertices)` builds one perceptron per edge of a convex polygon, each firing on the
# inner side of its edge, and joins them with an `And`. Below, the three edge units of a
# triangle one by one, then their AND.

# %%
triangle = polygon([(-2.0, -1.5), (2.2, -1.0), (0.0, 2.2)])
gx, gy = np.meshgrid(np.linspace(-3, 3, 200), np.linspace(-3, 3, 200))
plane = np.column_stack([gx.ravel(), gy.ravel()])

fig, axes = plt.subplots(1, 4, figsize=(9, 2.5), sharey=True)
shown = triangle.units + [triangle]
titles = ["edge unit 1", "edge unit 2", "edge unit 3", "AND of the three"]
for ax, region, title in zip(axes, shown, titles):
    inside = region.predict(plane).reshape(gx.shape)
    ax.contourf(gx, gy, inside, levels=[-0.5, 0.5, 1.5], colors=["white", "#9ecae1"])
    ax.contour(gx, gy, inside, levels=[0.5], colors="k", linewidths=0.8)
    ax.set_title(title, fontsize=9)
    ax.set_aspect("equal")
fig.tight_layout()

# %% [markdown]
# The edge units are ordinary perceptrons, with their homogeneous weights:

# %%
for unit_k in triangle.units:
    print(unit_k.weights)
assert triangle.predict([[0.0, 0.0], [2.5, 2.5]]).tolist() == [1, 0]

# %% [markdown]
# Now a data set no line can separate: class 1 is every point inside one of two discs.
# A single perceptron keeps making mistakes however long it trains. An OR of two hexagons
# (each an AND of six edge units) draws the shape, up to the small slivers where a hexagon
# differs from a circle.

# %%
rng = np.random.default_rng(0)
points = rng.uniform([-4, -3], [4, 3], size=(300, 2))
centre_a, centre_b, radius = np.array([-1.8, 0.8]), np.array([1.8, -0.8]), 1.3
labels = ((np.linalg.norm(points - centre_a, axis=1) < radius)
          | (np.linalg.norm(points - centre_b, axis=1) < radius)).astype(int)


def hexagon(centre, size):
    angles = np.arange(6) * np.pi / 3
    return polygon(centre + size * np.column_stack([np.cos(angles), np.sin(angles)]))


islands = Or(hexagon(centre_a, 1.4), hexagon(centre_b, 1.4))
line = Perceptron(max_epochs=100).fit(points, labels)
islands_accuracy = np.mean(islands.predict(points) == labels)
print(f"single perceptron: converged {line.converged}, accuracy {line.score(points, labels):.3f}")
print(f"OR of two hexagons: accuracy {islands_accuracy:.3f}")
assert not line.converged
assert islands_accuracy > 0.95

# %%
gx, gy = np.meshgrid(np.linspace(-4, 4, 240), np.linspace(-3, 3, 180))
plane = np.column_stack([gx.ravel(), gy.ravel()])
fig, axes = plt.subplots(1, 2, figsize=(8, 3), sharey=True)
for ax, model, title in [(axes[0], line, "one perceptron (after 100 epochs)"),
                         (axes[1], islands, "OR of two hexagons")]:
    inside = model.predict(plane).reshape(gx.shape)
    ax.contourf(gx, gy, inside, levels=[-0.5, 0.5, 1.5], colors=["#fde0c5", "#c6dbef"])
    ax.scatter(*points[labels == 1].T, s=8, c="#1f6fb4")
    ax.scatter(*points[labels == 0].T, s=8, c="#e8710a", marker="s")
    for centre in (centre_a, centre_b):
        ax.add_patch(plt.Circle(centre, radius, fill=False, ls="--", color="grey"))
    ax.set_title(title, fontsize=9)
    ax.set_aspect("equal")
fig.tight_layout()

# %% [markdown]
# ## Several classes: one perceptron per class
#
# For $K$ classes, train $K$ perceptrons, the $k$-th on the question "class $k$ or not?"
# (one-vs-rest). To classify a point, ask all of them and take the class whose unit has the
# largest net input $\tilde{\mathbf{w}}_k \cdot \tilde{\mathbf{x}}$. This also settles the
# points that several units claim, or that none does. `OneVsRestPerceptron` does exactly
# this.

# %%
rng = np.random.default_rng(3)
centres = np.array([[0.0, 3.0], [3.0, -1.0], [-3.0, -1.0]])
x3 = np.vstack([rng.normal(c, 0.7, size=(30, 2)) for c in centres])
y3 = np.repeat([0, 1, 2], 30)

multi = OneVsRestPerceptron().fit(x3, y3)
for k, unit_k in enumerate(multi.units):
    print(f"class {k}: weights {unit_k.weights}, {unit_k.updates} updates, "
          f"converged {unit_k.converged}")
print("training accuracy:", multi.score(x3, y3))
assert multi.converged and multi.score(x3, y3) == 1.0

# %%
visualize.plot_decision_boundary(multi, x3, y3, title="one-vs-rest perceptrons")

# %% [markdown]
# Each region is where one class's net input beats the other two, so the borders are
# straight lines again: a linear classifier for several classes.
#
# ## What we saw
#
# * A perceptron is a dot product plus a bias, then a step or sign.
# * In homogeneous coordinates the bias is just one more weight, and Rosenblatt's rule adds
#   or subtracts the misclassified input until a line separates the classes, when one exists.
# * AND of perceptrons gives convex polygons, OR of those gives any union of them; one
#   perceptron per class gives a multiclass classifier.
#
# The step has no useful slope, so a perceptron cannot be trained by following a gradient.
# The next notebook replaces it by smooth activations, whose derivatives the tape computes.

# %% [markdown]
# ## Exercises
#
# Write your answer in the cell under each exercise, then run the check cell below it: it
# says whether the answer is right. Worked answers are in `notebooks/solutions/part1.py`.
#
# **Exercise 1.1.** Find weights $(w_1, w_2)$ and a bias $b$ for a step perceptron that
# computes NOR: it fires (answers 1) only for the input $(0, 0)$.

# %%
from exercises import check

nor_weights, nor_bias = None, None     # your answer, e.g. [w1, w2], b

# %%
check("1.1", (nor_weights, nor_bias))

# %% [markdown]
# **Exercise 1.2.** Four sign perceptrons answer +1 or -1 each. Write `and_rule(outputs)` and
# `or_rule(outputs)`, which take the four outputs and return True for their AND and their OR,
# using only the **sum** of the outputs.

# %%
def and_rule(outputs):
    return None     # your rule


def or_rule(outputs):
    return None     # your rule


# %%
check("1.2", None if and_rule(np.ones(4)) is None else (and_rule, or_rule))
