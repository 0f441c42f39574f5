# %% [markdown]
# # 6. Regularisation
#
# A network with many more weights than training examples can learn the training set by
# heart, noise included. Its training loss goes to zero while its loss on new data climbs:
# it **overfits**. Regularisation is the family of tricks that make memorising harder than
# learning the general pattern. This notebook
#
# 1. builds a network that overfits a small noisy data set and shows the tell-tale curves,
# 2. trains the same network four more times with an **L2** penalty, an **L1** penalty,
#    **dropout** and **batch normalisation**, and puts their training and validation curves
#    side by side,
# 3. looks at what L1 and L2 do to the weights,
# 4. shows explicitly what changes between training and inference for dropout and batch
#    normalisation.

# %%
# %matplotlib inline
# %config InlineBackend.figure_format = "png"
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_moons

import autograd_lite as ag

plt.rcParams.update({"figure.figsize": (6, 3.5), "figure.dpi": 80, "font.size": 9})
np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 6.1 Small, noisy data
#
# Two interleaved half-moons in the plane, with enough noise that the classes overlap. We
# train on only **60 points** and keep 300 fresh points from the same distribution for
# validation. With two inputs we can later *see* what each network learned.

# %%
x_train, y_train = make_moons(60, noise=0.35, random_state=0)
x_val, y_val = make_moons(300, noise=0.35, random_state=1)
x_train, x_val = x_train.astype(np.float32), x_val.astype(np.float32)
y_train = y_train.reshape(-1, 1).astype(np.float32)
y_val = y_val.reshape(-1, 1).astype(np.float32)

fig, ax = plt.subplots(figsize=(4.5, 3.2))
for label, colour in ((0, "#1f6fb4"), (1, "#e8710a")):
    ax.scatter(*x_val[y_val[:, 0] == label].T, s=6, color=colour, alpha=0.25)
    ax.scatter(*x_train[y_train[:, 0] == label].T, s=22, color=colour, edgecolors="black",
               linewidths=0.5, label=f"class {label}")
ax.set_title("60 training points (outlined) and 300 validation points (faint)")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## 6.2 One architecture, five variants
#
# Every model below has three hidden layers of 64 ReLU neurons and one sigmoid output,
# about 8,600 weights for 60 examples. `make_model` adds one kind of regularisation:
#
# * **L2** adds $\lambda \sum w^2$ over the kernels to the loss. Its gradient $2\lambda w$
#   pulls every weight towards zero in proportion to its size ("weight decay").
# * **L1** adds $\lambda \sum |w|$. Its gradient $\lambda\,\mathrm{sign}(w)$ has the same size
#   for small and large weights, so it pushes small weights all the way to (about) zero.
# * **Dropout** zeroes a random 30 % of the hidden activations in every training step, so no
#   neuron can rely on one particular partner.
# * **Batch normalisation** normalises each hidden pre-activation with the mean and variance
#   of the current mini-batch, then scales by a learned $\gamma$ and shifts by a learned
#   $\beta$.
#
# As in Keras, the penalties apply to kernels only: biases are not penalised.

# %%
L = ag.nn
KINDS = ("plain", "L2", "L1", "dropout", "batch norm")


def make_model(kind):
    penalty = {"L2": ag.regularizers.L2(1e-2), "L1": ag.regularizers.L1(3e-3)}.get(kind)
    layers = [L.Input(shape=(2,))]
    for _ in range(3):
        if kind == "batch norm":   # Dense -> normalise -> activation
            layers += [L.Dense(64), L.BatchNormalization(), L.Activation("relu")]
        else:
            layers.append(L.Dense(64, activation="relu", kernel_regularizer=penalty))
        if kind == "dropout":
            layers.append(L.Dropout(0.3))
    layers.append(L.Dense(1, activation="sigmoid"))
    return L.Sequential(layers)


make_model("L2").summary()

# %% [markdown]
# A penalised layer lists its penalty in `layer.losses`, and `fit` adds those terms to the
# loss it minimises. Only the kernel is there:

# %%
dense = make_model("L2").layers[0]
print([v.name for v in dense.trainable_variables], "->", len(dense.losses), "penalty term")
kernel = dense.kernel.numpy()
assert len(dense.losses) == 1
assert np.isclose(float(dense.losses[0]), 1e-2 * np.sum(kernel ** 2), rtol=1e-5)
print(f"penalty {float(dense.losses[0]):.5f} = 0.01 * sum(kernel**2)")

# %% [markdown]
# ## 6.3 Training all five
#
# Same seed, same data, same optimiser (Adam, learning rate 0.005, mini-batches of 20,
# 250 epochs) for each. One detail matters for a fair comparison: the `loss` that `fit`
# reports includes the penalties (as Keras does), so an L2 model's loss is not comparable to
# a plain model's. We therefore also record the plain cross-entropy as a metric, computed from
# the predictions alone, and compare that.

# %%
def cross_entropy(y_true, y_pred):
    """Binary cross-entropy per example, without any penalty."""
    p = np.clip(np.asarray(y_pred), 1e-7, 1 - 1e-7)
    y = np.asarray(y_true)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p)).ravel()


models, histories = {}, {}
for kind in KINDS:
    ag.random.set_seed(0)                       # same initial weights, batches and masks
    model = make_model(kind)
    model.compile(ag.optimizers.Adam(0.005), "binary_crossentropy",
                  metrics=["accuracy", cross_entropy])
    history = model.fit(x_train, y_train, epochs=250, batch_size=20,
                        validation_data=(x_val, y_val), verbose=0)
    models[kind], histories[kind] = model, history.history

print(f"{'':12} {'train CE':>9} {'val CE':>8} {'best val CE':>12} {'train acc':>10} {'val acc':>8}")
for kind, h in histories.items():
    print(f"{kind:12} {h['cross_entropy'][-1]:9.3f} {h['val_cross_entropy'][-1]:8.3f} "
          f"{min(h['val_cross_entropy']):12.3f} {h['accuracy'][-1]:10.3f} {h['val_accuracy'][-1]:8.3f}")

# %% [markdown]
# The curves, one panel per model: training cross-entropy solid, validation dashed. The
# plain network (first panel) is the textbook picture of overfitting: its training loss
# falls to almost nothing while its validation loss, after an early minimum, climbs far
# above it. The network grows ever more confident about its 60 points, and so ever more
# confidently wrong about the new points that the noise put on the other side. Each
# regularised model keeps its training loss away from zero and its validation loss far
# below the plain network's. Dropout is the weakest of the four on this problem: its
# validation loss creeps up too, only much more slowly.

# %%
fig, axes = plt.subplots(2, 3, figsize=(9, 5), sharex=True, sharey=True, layout="constrained")
epochs = np.arange(1, 251)
for ax, kind in zip(axes.flat, KINDS):
    h = histories[kind]
    ax.plot(epochs, h["cross_entropy"], label="training")
    ax.plot(epochs, h["val_cross_entropy"], "--", label="validation")
    ax.set_title(kind)
    ax.grid(alpha=0.3)
summary = axes.flat[-1]
for kind in KINDS:
    summary.plot(epochs, histories[kind]["val_cross_entropy"], label=kind)
summary.set_title("validation, all five")
summary.legend(fontsize=7)
axes[0, 0].legend(fontsize=8)
axes[0, 0].set_ylim(0, 1.6)
for ax in axes[1]:
    ax.set_xlabel("epoch")
for ax in axes[:, 0]:
    ax.set_ylabel("cross-entropy")
plt.show()

# %% [markdown]
# The numbers behind the pictures, checked:

# %%
final = {k: (h["cross_entropy"][-1], h["val_cross_entropy"][-1]) for k, h in histories.items()}
plain_train, plain_val = final["plain"]
assert plain_train < 0.05, "the plain network should fit its training set almost perfectly"
assert plain_val > 3 * min(histories["plain"]["val_cross_entropy"]), "and then overfit"
for kind in KINDS[1:]:
    train_ce, val_ce = final[kind]
    assert train_ce > plain_train, kind                 # it no longer memorises ...
    assert val_ce < 0.5 * plain_val, kind               # ... and generalises better
    assert val_ce - train_ce < plain_val - plain_train, kind
print("validation cross-entropy relative to the plain network:",
      {k: round(final[k][1] / plain_val, 2) for k in KINDS})

# %% [markdown]
# Where the losses come from is easiest to see in the plane. Each panel colours the region
# the model assigns to class 1 (orange). The plain network bends its boundary around
# individual noisy training points, even cutting out small islands for them; the penalised
# networks draw much simpler boundaries, closer to the shape of the two moons.

# %%
grid_x, grid_y = np.meshgrid(np.linspace(-2, 3, 120), np.linspace(-1.6, 2.1, 100))
grid = np.column_stack([grid_x.ravel(), grid_y.ravel()]).astype(np.float32)
fig, axes = plt.subplots(2, 3, figsize=(9, 5), sharex=True, sharey=True, layout="constrained")
for ax, kind in zip(axes.flat, KINDS):
    probability = models[kind].predict(grid, batch_size=4096).reshape(grid_x.shape)
    ax.contourf(grid_x, grid_y, probability, levels=[0, 0.5, 1], colors=["#c6dbef", "#fdd0a2"])
    ax.contour(grid_x, grid_y, probability, levels=[0.5], colors="#333333", linewidths=1)
    colours = np.where(y_train[:, 0] == 1, "#e8710a", "#1f6fb4")
    ax.scatter(*x_train.T, s=14, c=colours, edgecolors="black", linewidths=0.4)
    ax.set_title(f"{kind}: val acc {histories[kind]['val_accuracy'][-1]:.2f}")
axes.flat[-1].axis("off")
plt.show()

# %% [markdown]
# ## 6.4 What L1 and L2 do to the weights
#
# Both penalties keep the weights small, but they price size differently. L2 charges the
# *square* of a weight: a large weight is very expensive, a small one almost free, so L2
# forbids large weights. L1 charges every unit of size the same: it drives every weight the
# data does not defend to about zero (Adam's steps leave them jittering within about a
# learning rate of it), and lets the few weights that matter grow. Histograms of the first
# two kernels (128 + 4,096 weights; note the log scale):

# %%
fig, axes = plt.subplots(1, 3, figsize=(9, 2.8), sharey=True, layout="constrained")
near_zero, largest = {}, {}
for ax, kind in zip(axes, ("plain", "L2", "L1")):
    weights = np.concatenate([models[kind].layers[i].kernel.numpy().ravel() for i in (0, 1)])
    near_zero[kind], largest[kind] = np.mean(np.abs(weights) < 0.01), np.abs(weights).max()
    ax.hist(weights, bins=np.linspace(-1.8, 1.8, 73), color="#4c72b0")
    ax.set_yscale("log")
    ax.set_title(f"{kind}: {near_zero[kind]:.0%} below 0.01, max {largest[kind]:.2f}")
    ax.set_xlabel("weight")
plt.show()

# %% [markdown]
# With penalties this strong most weights end up near zero under both. The difference is in
# the tails: L1 is sparse, nearly every weight at zero and a handful large; L2 keeps even its
# largest weight small.

# %%
assert near_zero["plain"] < 0.1 and near_zero["L1"] > 0.95 and near_zero["L2"] > 0.5
assert largest["L1"] > 1.5 * largest["L2"] and largest["plain"] > 1.5 * largest["L2"]

# %% [markdown]
# ## 6.5 Training mode and inference mode
#
# L1 and L2 change only the loss. Dropout and batch normalisation change the *forward pass*,
# and they do different things while training and when the trained model is used. Every
# layer takes a `training` argument: `fit` calls the model with `training=True`, while
# `predict`, `evaluate` and a plain call use `training=False`.
#
# ### Dropout
#
# In training, each call draws a fresh random mask: each value is dropped with probability
# `rate`, and the survivors are multiplied by `1 / (1 - rate)` so that the expected output
# equals the input ("inverted dropout"). At inference the layer does nothing at all.

# %%
drop = L.Dropout(0.5, seed=0)
ones = ag.ones((2, 8))
print("training=True: \n", drop(ones, training=True).numpy())
print("training=True again, a new mask:\n", drop(ones, training=True).numpy())
print("training=False:\n", drop(ones, training=False).numpy())
assert np.array_equal(drop(ones, training=False).numpy(), ones.numpy())

# %% [markdown]
# The backward pass uses the same mask as the forward pass it belongs to: a dropped unit gets
# no gradient, a kept one gets the upstream gradient times 2.

# %%
x = ag.constant(np.arange(1.0, 9.0).reshape(1, 8))
with ag.GradientTape() as tape:
    tape.watch(x)
    dropped = drop(x, training=True)
    total = ag.sum(dropped)
mask = dropped.numpy() / x.numpy()
gradient = tape.gradient(total, x).numpy()
print("output:  ", dropped.numpy())
print("gradient:", gradient)
assert np.array_equal(gradient, mask) and set(np.unique(mask)) <= {0.0, 2.0}

# %% [markdown]
# So the same trained dropout model gives a different answer at every training-mode call but
# a single, deterministic answer at inference:

# %%
net, point = models["dropout"], x_val[:1]
train_mode = [float(net(point, training=True).numpy()[0, 0]) for _ in range(5)]
inference = [float(net(point, training=False).numpy()[0, 0]) for _ in range(2)]
print("training=True :", np.round(train_mode, 4))
print("training=False:", np.round(inference, 4), " predict:", net.predict(point)[0])
assert len(set(train_mode)) > 1 and inference[0] == inference[1]
assert np.isclose(net.predict(point)[0, 0], inference[0])

# %% [markdown]
# ### The course's $q$ and Keras's `rate`: keep or drop
#
# The course writes dropout with $q = 0.66$, the probability to **keep** a unit:
# $\alpha_j = 1$ with probability $q$, else 0, and the kept values are divided by $q$.
# Keras's (and our) `Dropout(rate)` takes the probability to **drop** a unit. The same
# dropout is therefore `Dropout(0.34)`: the two numbers add up to 1. Both, on a large batch:

# %%
q = 0.66
course_rng = np.random.default_rng(0)
big = np.ones((200, 500))
alpha = (course_rng.random(big.shape) < q) / q           # the course: keep with probability q
ours = L.Dropout(rate=1 - q, seed=0)(ag.constant(big), training=True).numpy()
print(f"course (q = {q}):   kept {np.mean(alpha > 0):.3f}, survivors x {alpha.max():.4f}")
print(f"Dropout(rate={1 - q:.2f}): kept {np.mean(ours > 0):.3f}, survivors x {ours.max():.4f}")
assert abs(np.mean(alpha > 0) - 0.66) < 0.01 and abs(np.mean(ours > 0) - 0.66) < 0.01
assert np.isclose(ours.max(), 1 / 0.66) and np.isclose(alpha.max(), 1 / 0.66)

# %% [markdown]
# The course also writes the dropped layer as a product with the **weights**: dropping hidden
# unit $j$ is the same as zeroing column $j$ of the next layer's $W$, so
# $W(\alpha \odot h) = (W \odot \alpha^\top)\,h$, where $W \odot \alpha^\top$ multiplies
# each column of $W$ by its unit's mask value. The backward pass then gives a dropped unit
# no gradient through that layer, as seen above.

# %%
W_next = np.arange(1.0, 13.0).reshape(3, 4)          # 4 hidden units -> 3 outputs
h_units = np.array([0.5, -1.0, 2.0, 1.5])
mask = np.array([1.0, 0.0, 1.0, 0.0]) / 0.5          # keep units 0 and 2, q = 0.5
print("W * alpha (columns 1 and 3 zeroed, the others doubled):\n", W_next * mask)
assert np.allclose(W_next @ (mask * h_units), (W_next * mask) @ h_units)

# %% [markdown]
# ### Batch normalisation
#
# A `BatchNormalization` layer holds four vectors, one number per feature: the trainable
# `gamma` and `beta`, and the non-trainable `moving_mean` and `moving_variance`, which no
# gradient touches. In training mode it normalises with the statistics of the batch in front
# of it,
#
# $$y = \gamma\,\frac{x - \mu_{\text{batch}}}{\sqrt{\sigma^2_{\text{batch}} + \varepsilon}} + \beta,$$
#
# and nudges the moving averages towards those statistics
# (`moving = 0.99 * moving + 0.01 * batch`). In inference mode it uses the moving averages
# instead, so that a single example's output does not depend on which other examples happen
# to share its batch.

# %%
bn = L.BatchNormalization()
rng = np.random.default_rng(0)
batch = rng.normal(loc=[5.0, -2.0, 0.0], scale=[2.0, 0.5, 1.0], size=(64, 3)).astype(np.float32)

out = bn(batch, training=True).numpy()
print("trainable:    ", [v.name for v in bn.trainable_variables])
print("non-trainable:", [v.name for v in bn.non_trainable_variables])
print("batch mean", batch.mean(axis=0), "-> output mean", out.mean(axis=0))
print("batch std ", batch.std(axis=0), "-> output std ", out.std(axis=0))
print("moving_mean after one training call:", bn.moving_mean.numpy())

by_hand = (batch - batch.mean(axis=0)) / np.sqrt(batch.var(axis=0) + 1e-3)   # gamma 1, beta 0
assert np.allclose(out, by_hand, atol=1e-5)
assert np.allclose(bn.moving_mean.numpy(), 0.01 * batch.mean(axis=0), atol=1e-6)

# %% [markdown]
# Right now the moving averages have hardly moved from their starting values (mean 0,
# variance 1), so inference mode barely normalises. Calling the layer with `training=False`
# does not change them, however often we do it:

# %%
before = bn.moving_mean.numpy().copy()
inference_out = bn(batch, training=False).numpy()
print("inference output mean", inference_out.mean(axis=0), "(not normalised yet)")
assert np.array_equal(bn.moving_mean.numpy(), before)

# %% [markdown]
# After many training-mode batches from the same data the moving averages have converged to
# the data's statistics, and inference mode normalises too. An example alone gets exactly
# the output it gets inside a batch, which training mode cannot promise: there a batch of
# one example is its own mean, and is normalised to exactly zero.

# %%
for _ in range(500):
    bn(rng.normal(loc=[5.0, -2.0, 0.0], scale=[2.0, 0.5, 1.0], size=(64, 3)).astype(np.float32),
       training=True)
print("moving_mean    ", bn.moving_mean.numpy(), " moving_variance", bn.moving_variance.numpy())
inference_out = bn(batch, training=False).numpy()
print("inference output mean", inference_out.mean(axis=0), " std", inference_out.std(axis=0))

alone_infer = bn(batch[:1], training=False).numpy()
alone_train = bn(batch[:1], training=True).numpy()
print("first example alone, inference mode:", alone_infer[0], " in the batch:", inference_out[0])
print("first example alone, training mode: ", alone_train[0])
assert np.allclose(bn.moving_mean.numpy(), [5.0, -2.0, 0.0], atol=0.2)
assert np.allclose(bn.moving_variance.numpy(), [4.0, 0.25, 1.0], rtol=0.15)
assert np.allclose(alone_infer[0], inference_out[0], atol=1e-6) and np.allclose(alone_train, 0.0)

# %% [markdown]
# The same holds inside the trained batch-norm network: its three BatchNormalization layers
# carry moving averages learned during `fit`, and `predict` uses them.

# %%
bn_net = models["batch norm"]
bn_layers = [layer for layer in bn_net.layers if isinstance(layer, L.BatchNormalization)]
print(len(bn_layers), "BatchNormalization layers; the first one's moving_mean[:4]:",
      bn_layers[0].moving_mean.numpy()[:4])
assert all(np.any(layer.moving_mean.numpy() != 0) for layer in bn_layers)

# %% [markdown]
# ### $\gamma$ and $\beta$ are learned, not hyperparameters
#
# The course calls $\gamma$ and $\beta$ hyperparameters. In Keras and here they are
# **trainable weights**: they start at 1 and 0, get gradients like any kernel, and the
# optimiser changes them. The hyperparameters of batch normalisation are the ones nobody
# learns: `momentum` (0.99, how slowly the moving averages follow) and `epsilon` (0.001).
# The trained batch-norm network's first layer shows it: its $\gamma$ and $\beta$ moved.

# %%
first_bn = bn_layers[0]
print("trainable:", [v.name for v in first_bn.trainable_variables],
      " hyperparameters: momentum", first_bn.momentum, "epsilon", first_bn.epsilon)
print("gamma[:4] after training:", first_bn.gamma.numpy()[:4])
print("beta[:4]  after training:", first_bn.beta.numpy()[:4])
assert not np.allclose(first_bn.gamma.numpy(), 1.0) and not np.allclose(first_bn.beta.numpy(), 0)
with ag.GradientTape() as tape:
    out = ag.sum(bn(batch, training=True) * batch)
gamma_grad, beta_grad = tape.gradient(out, [bn.gamma, bn.beta])
print("d/dgamma:", gamma_grad.numpy(), " d/dbeta:", beta_grad.numpy())
assert np.allclose(beta_grad.numpy(), batch.sum(axis=0), rtol=1e-5)
assert np.all(gamma_grad.numpy() > 0)      # sum of x * (x - mean) / std: positive

# %% [markdown]
# ## Summary
#
# * A big network on little data drives its training loss to zero while its validation loss
#   climbs: compare the two curves to spot overfitting.
# * L2 and L1 add a penalty on the kernels (never the biases) to the loss; L2 shrinks all
#   weights, L1 zeroes many of them.
# * Dropout drops a random part of the activations at each training step, with the same mask
#   in the backward pass, and is switched off at inference.
# * Batch normalisation normalises with the batch's statistics in training and with moving
#   averages of them at inference.
# * On this problem each of them narrowed the gap between training and validation loss; all
#   but dropout keep the validation loss near the training loss, and with dropout it still
#   creeps up, only much more slowly.

# %% [markdown]
# ## Exercises
#
# Answers in the cells, then run the checks (worked answers: `notebooks/solutions/part6.py`).
#
# **Exercise 6.1.** The course drops units with keep probability $q = 0.66$. Which `rate`
# gives `Dropout(rate)` the same behaviour?

# %%
from exercises import check

rate = None      # your rate

# %%
check("6.1", rate)

# %% [markdown]
# **Exercise 6.2.** Batch-normalise the batch `[[1], [2], [3], [6]]` (one feature) by hand in
# training mode with $\gamma = 2$, $\beta = 1$ and $\varepsilon = 0.001$. (You can compare
# with a `BatchNormalization` layer whose `gamma` you `assign`.)

# %%
normalised = None      # your (4, 1) array

# %%
check("6.2", normalised)
