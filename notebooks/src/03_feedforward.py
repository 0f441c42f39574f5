# %% [markdown]
# # 3. Feedforward, one layer at a time and then vectorised
#
# A feedforward network computes its output by pushing the input through its layers in order.
# Layer $l$ takes the previous layer's outputs $\mathbf{h}^{[l-1]}$ (the input $\mathbf{x}$ for
# the first layer), forms one weighted sum per neuron, adds the biases and applies its
# activation:
#
# $$\mathbf{h}^{[l]} = \sigma\!\left(W^{[l]} \mathbf{h}^{[l-1]} + \mathbf{b}^{[l]}\right).$$
#
# Row $i$ of $W^{[l]}$ holds the weights of neuron $i$, so the matrix-vector product computes
# every neuron's weighted sum at once. In this notebook we
#
# 1. run a small 2-3-3-1 sigmoid network by hand with NumPy,
# 2. run the same network with autograd_lite, twice (with raw ops on a tape, and as a
#    `Sequential` of `Dense` layers), and check that all three agree,
# 3. draw the computational graph the tape recorded,
# 4. feed a whole batch as a matrix: one matrix product per layer instead of a loop.

# %%
# %matplotlib inline
# %config InlineBackend.figure_format = "png"
import time

import matplotlib.pyplot as plt
import numpy as np

import autograd_lite as ag
import visualize

plt.rcParams.update({"figure.figsize": (6, 3.5), "figure.dpi": 80, "font.size": 9})
np.set_printoptions(precision=5, suppress=True)
ag.random.set_seed(0)

# %% [markdown]
# ## 3.1 The network
#
# Two inputs, two hidden layers of three sigmoid neurons, one sigmoid output. The weights are
# small integers so the arithmetic can be followed on paper; every neuron of a layer has the
# same bias.
#
# | layer | weights | bias |
# | --- | --- | --- |
# | 1 (2 → 3) | $W^{[1]} = \begin{pmatrix}1 & 0\\ 3 & 2\\ 1 & 2\end{pmatrix}$ | 2 |
# | 2 (3 → 3) | $W^{[2]} = \begin{pmatrix}1 & 0 & 1\\ 0 & 1 & 3\\ 1 & 2 & 1\end{pmatrix}$ | 1 |
# | 3 (3 → 1) | $W^{[3]} = \begin{pmatrix}1 & 0 & 1\end{pmatrix}$ | 1 |
#
# The input is $\mathbf{x} = (1, 1)$ and the target output is 1.

# %%
x = np.array([1.0, 1.0])
W1, b1 = np.array([[1.0, 0.0], [3.0, 2.0], [1.0, 2.0]]), np.full(3, 2.0)
W2, b2 = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 3.0], [1.0, 2.0, 1.0]]), np.full(3, 1.0)
W3, b3 = np.array([[1.0, 0.0, 1.0]]), np.full(1, 1.0)
target = 1.0

# %% [markdown]
# ## 3.2 By hand, with NumPy
#
# Layer 1's weighted sums are $1\cdot1 + 0\cdot1 + 2 = 3$, $3 + 2 + 2 = 7$ and $1 + 2 + 2 = 5$;
# the sigmoid squashes them to just under 1. The next layers work the same way.

# %%
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


z1 = W1 @ x + b1
h1 = sigmoid(z1)
z2 = W2 @ h1 + b2
h2 = sigmoid(z2)
z3 = W3 @ h2 + b3
y_hat = sigmoid(z3)
error = (target - y_hat[0]) ** 2

print("z1 =", z1, " h1 =", h1)
print("z2 =", z2, " h2 =", h2)
print("z3 =", z3, " output =", y_hat)
print(f"squared error with target 1: {error:.5f}")

# %%
assert np.allclose(z1, [3, 7, 5])
assert np.allclose(h1, [0.95257, 0.99909, 0.99331], atol=5e-6)
assert np.allclose(h2, [0.95007, 0.99317, 0.99292], atol=5e-6)
assert abs(y_hat[0] - 0.94993) < 5e-6
assert abs(error - 0.00251) < 5e-6

# %% [markdown]
# ## 3.3 The same network with autograd_lite's ops
#
# Now the weights are `Variable`s and every operation is recorded on a `GradientTape`. The
# forward pass is the same three lines; in exchange the tape can give us the derivative of the
# error with respect to every weight. We make the tape `persistent=True` so that it keeps its
# records after `gradient`, which lets `visualize.draw_graph` draw the graph with the
# gradients on it. We use float64 to compare with NumPy to the last digit.

# %%
params = {name: ag.Variable(value, name=name, dtype="float64")
          for name, value in [("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2),
                              ("W3", W3), ("b3", b3)]}
x_t = ag.constant(x, name="x")

with ag.GradientTape(persistent=True) as tape:
    a1 = ag.sigmoid(ag.matmul(params["W1"], x_t) + params["b1"])
    a2 = ag.sigmoid(ag.matmul(params["W2"], a1) + params["b2"])
    out = ag.sigmoid(ag.matmul(params["W3"], a2) + params["b3"])
    loss = ag.sum(ag.square(target - out))

grads = tape.gradient(loss, params)
print("h1 =", a1.numpy())
print("h2 =", a2.numpy())
print("output =", out.numpy(), f" squared error = {float(loss):.5f}")

# %%
assert np.allclose(a1.numpy(), h1) and np.allclose(a2.numpy(), h2)
assert np.allclose(out.numpy(), y_hat) and abs(float(loss) - error) < 1e-12
assert np.allclose(a1.numpy(), [0.95257, 0.99909, 0.99331], atol=5e-6)
assert np.allclose(a2.numpy(), [0.95007, 0.99317, 0.99292], atol=5e-6)
assert abs(float(out.numpy()[0]) - 0.94993) < 5e-6 and abs(float(loss) - 0.00251) < 5e-6

# %% [markdown]
# The graph, from the input and the Variables (green) at the top to the squared error at the
# bottom. Each layer is a `matmul`, an `add` and a `sigmoid`; the red numbers are the gradients
# of the error with respect to each value, from the `gradient` call above.

# %%
visualize.draw_graph(loss, tape)

# %% [markdown]
# The gradients are small because the output, 0.94993, is already close to the target and the
# sigmoids are nearly saturated. The largest ones belong to the last layer, which is closest
# to the error:

# %%
for name, g in grads.items():
    print(name, g.numpy().round(6).tolist())
assert grads["W1"].shape == (3, 2) and grads["b3"].shape == (1,)

# %% [markdown]
# ## 3.4 The same network as `Dense` layers
#
# `ag.nn.Dense` stores its kernel the other way round, with shape (inputs, units), because it
# multiplies a *row* of inputs from the left: $\mathbf{h} = \sigma(\mathbf{x} K + \mathbf{b})$
# with $K = W^\top$. We load our matrices transposed and get the same numbers.

# %%
model = ag.nn.Sequential([
    ag.nn.Input(shape=(2,)),
    ag.nn.Dense(3, activation="sigmoid"),
    ag.nn.Dense(3, activation="sigmoid"),
    ag.nn.Dense(1, activation="sigmoid"),
])
model.set_weights([W1.T, b1, W2.T, b2, W3.T, b3])
model_out = model(x[None, :].astype(np.float32))     # a batch of one example
print(model_out.numpy())
assert abs(float(model_out.numpy()[0, 0]) - 0.94993) < 5e-6
assert abs(ag.losses.mean_squared_error(np.array([[1.0]]), model_out).numpy() - 0.00251) < 5e-6

# %%
visualize.draw_network(model)

# %% [markdown]
# ## 3.5 A batch as a matrix
#
# To run $n$ examples we could loop over them, one matrix-vector product per layer per example.
# Instead, stack the examples as the **rows** of a matrix $X$ of shape $(n, 2)$. Then
#
# $$H^{[1]} = \sigma\!\left(X W^{[1]\top} + \mathbf{b}^{[1]}\right)$$
#
# computes all $n$ rows of hidden activations in **one** matrix product: row $k$ of $X W^\top$ is
# $W\mathbf{x}_k$ written as a row, and the bias row is broadcast (added to every row). Each
# following layer is one more product.

# %%
rng = np.random.default_rng(0)
X = rng.normal(size=(5, 2))


def forward_loop(X):
    outputs = []
    for x_k in X:                                   # one example at a time
        h = sigmoid(W1 @ x_k + b1)
        h = sigmoid(W2 @ h + b2)
        outputs.append(sigmoid(W3 @ h + b3))
    return np.array(outputs)


def forward_batch(X):
    H1 = ag.sigmoid(ag.matmul(X, params["W1"].T) + params["b1"])     # (n, 3)
    H2 = ag.sigmoid(ag.matmul(H1, params["W2"].T) + params["b2"])    # (n, 3)
    return ag.sigmoid(ag.matmul(H2, params["W3"].T) + params["b3"])  # (n, 1)


looped, batched = forward_loop(X), forward_batch(X)
print("loop  :", looped.ravel())
print("batch :", batched.numpy().ravel(), batched.shape)
assert batched.shape == (5, 1)
assert np.allclose(batched.numpy(), looped, rtol=0, atol=1e-12)
assert np.allclose(model.predict(X.astype(np.float32)), looped, atol=1e-6)   # Dense does the same

# %% [markdown]
# The batch form is not just shorter. A loop in Python pays the interpreter's overhead for every
# example; the matrix product hands all of them to optimised linear algebra at once. The timing
# below (seconds, on whatever machine built this notebook) grows with the batch for the loop
# and barely moves for the matrix form.

# %%
sizes = [10, 100, 1000, 4000]
loop_times, batch_times = [], []
for n in sizes:
    Xn = rng.normal(size=(n, 2))
    start = time.perf_counter()
    looped = forward_loop(Xn)
    loop_times.append(time.perf_counter() - start)
    start = time.perf_counter()
    batched = forward_batch(Xn)
    batch_times.append(time.perf_counter() - start)
    assert np.allclose(batched.numpy(), looped, atol=1e-12)

fig, ax = plt.subplots()
ax.loglog(sizes, loop_times, "o-", label="loop over examples (NumPy)")
ax.loglog(sizes, batch_times, "s-", label="one product per layer (autograd_lite)")
ax.set_xlabel("batch size n")
ax.set_ylabel("seconds")
ax.set_title("forward pass of the 2-3-3-1 network")
ax.legend()
fig.tight_layout()
print("speed-up at n = 4000: about", round(loop_times[-1] / batch_times[-1]), "x")

# %% [markdown]
# ## 3.6 Counting the bright pixels of a 2 × 2 image
#
# The course's small example of what a hidden layer can compute: a network that reads the
# four pixels of a 2 × 2 image (1 = on, 0 = off) and says **how many are on**. Hidden neuron
# $k$ ($k = 1, \dots, 4$) answers "are at least $k$ pixels on?": weight 10 on every pixel and
# bias $-10(k - \tfrac12)$, so its sigmoid is nearly 1 when the count is $k$ or more and
# nearly 0 otherwise. The output neuron is linear and adds the four answers with weight 1:
# the number of "yes" answers is the count.
#
# All 16 possible images go through in one batch of shape (16, 4): one matrix product per
# layer.

# %%
images_2x2 = np.array([[(k >> bit) & 1 for bit in range(4)] for k in range(16)], dtype=np.float32)
counter = ag.nn.Sequential([
    ag.nn.Input(shape=(4,)),
    ag.nn.Dense(4, activation="sigmoid", name="at_least_k"),
    ag.nn.Dense(1, name="count"),
])
counter.set_weights([np.full((4, 4), 10.0), -10.0 * (np.arange(1, 5) - 0.5),
                     np.ones((4, 1)), np.zeros(1)])
counts = counter(images_2x2).numpy().ravel()
for image, count in list(zip(images_2x2, counts))[::3]:
    print(image.reshape(2, 2).astype(int).tolist(), "->", round(float(count), 3))
assert np.array_equal(np.round(counts), images_2x2.sum(axis=1))
assert np.max(np.abs(counts - images_2x2.sum(axis=1))) < 0.02

# %% [markdown]
# The network for one image, with each neuron's value written on it (the image has three
# pixels on, so the first three hidden neurons say "yes" and the fourth "no"):

# %%
visualize.draw_network(counter, x=[1.0, 0.0, 1.0, 1.0], show_values=True, weight_labels=True)

# %% [markdown]
# Every layer of every network in the rest of the course is computed this way: a batch in,
# one product per layer, a batch out. Notebook 4 measures how wrong those outputs are (the
# loss) and uses the gradients to make them less wrong.

# %% [markdown]
# ## Exercises
#
# Answers in the cells, then run the checks (worked answers: `notebooks/solutions/part3.py`).
#
# **Exercise 3.1.** Give the four weights and the bias of one sigmoid neuron that fires
# (output above 0.5) exactly for the 2 × 2 images with **at least 3** pixels on.

# %%
from exercises import check

pixel_weights, pixel_bias = None, None     # your answer

# %%
check("3.1", (pixel_weights, pixel_bias))

# %% [markdown]
# **Exercise 3.2.** Compute the output of the course's 2-3-3-1 network (section 3.1) for the
# input $x = (0, 1)$, by hand with NumPy or with autograd_lite.

# %%
output_01 = None      # your number

# %%
check("3.2", output_01)
