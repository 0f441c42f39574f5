# %% [markdown]
# # 7. TensorFlow's model of the same thing, and a Fashion-MNIST classifier
#
# TensorFlow describes a network with a handful of ideas: **tensors** that never change,
# **variables** that do, a **computational graph** of operations, and a **gradient tape** that
# records the operations so that the chain rule can be run backwards over them.
# autograd_lite follows the same model with the same names, so this notebook is also a
# short tour of how TensorFlow 2 thinks. We finish with the course's last step: a classifier
# for images of clothes, with its accuracy, its confusion matrix and its mistakes.

# %%
# %matplotlib inline
# %config InlineBackend.figure_format = "png"
import matplotlib.pyplot as plt
import numpy as np

import autograd_lite as ag
import visualize

plt.rcParams.update({"figure.figsize": (6, 3.5), "figure.dpi": 80, "font.size": 9})
np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 7.1 Tensors: values that never change
#
# A tensor is an n-dimensional array with a shape and a dtype. `ag.constant` makes one; every
# operation returns a new one. Python floats become float32 (the usual dtype for weights),
# Python ints **int64**. That last one differs from TensorFlow: `tf.constant(3)` is
# **int32**, ours is int64 (NumPy's default integer). Ask for `dtype="int32"` where TF's
# width matters, e.g. to compare integer results bit for bit.

# %%
t = ag.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
print(t)
print("shape", t.shape, " dtype", t.dtype, " ndim", t.ndim, " size", t.size)
print("an int:", ag.constant(3).dtype, "  a bool:", ag.constant(True).dtype)
print("t * 2 + 1 is a new tensor:\n", (t * 2 + 1).numpy())
assert t.dtype == np.float32 and ag.constant(3).dtype == np.int64
print("TF's width on request:", ag.constant(3, dtype="int32").dtype)
assert ag.constant(3, dtype="int32").dtype == np.int32

# %% [markdown]
# A tensor cannot be changed in place. Trying to is an error that says what to do instead:

# %%
try:
    t[0, 0] = 10.0
except TypeError as error:
    print("TypeError:", error)

# %% [markdown]
# ## 7.2 Variables: the values training changes
#
# Weights must change at every training step, so they live in **Variables**. A Variable is
# changed in place with `assign`, `assign_add` and `assign_sub` (these are updates, not
# computations: they are never differentiated through). Its shape is fixed.

# %%
v = ag.Variable([1.0, 2.0], name="v")
print(repr(v))
v.assign([3.0, 4.0])
v.assign_sub([0.5, 0.5])        # what an optimiser does: w -= learning_rate * gradient
print("after assign and assign_sub:", v.numpy())
assert np.array_equal(v.numpy(), [2.5, 3.5])
try:
    v.assign([1.0, 2.0, 3.0])
except ValueError as error:
    print("ValueError:", error)

# %% [markdown]
# A Variable is **trainable** unless created with `trainable=False`. A tape watches the
# trainable Variables it sees by itself; everything else (non-trainable Variables, constants)
# gets a gradient of `None` unless it is explicitly watched with `tape.watch`.

# %%
w = ag.Variable(3.0, name="w")                              # trainable
scale = ag.Variable(2.0, trainable=False, name="scale")     # not trainable
x = ag.constant(5.0, name="x")                              # a constant

with ag.GradientTape() as tape:
    y = w * scale * x
print("watched:", [var.name for var in tape.watched_variables()])
print("dy/dw, dy/dscale, dy/dx =", tape.gradient(y, [w, scale, x]))

with ag.GradientTape() as tape:
    tape.watch([scale, x])                                  # now they are watched too
    y = w * scale * x
grads = tape.gradient(y, [w, scale, x])
print("with tape.watch:", [float(g) for g in grads])
assert [float(g) for g in grads] == [10.0, 15.0, 6.0]

# %% [markdown]
# Layers use the same flag. Setting `layer.trainable = False` ("freezing" it) moves its
# variables out of `trainable_variables`, so an optimiser leaves them alone:

# %%
layer = ag.nn.Dense(3)
layer(ag.ones((1, 4)))                 # the first call builds the kernel and the bias
print("trainable:", len(layer.trainable_variables), " non-trainable:",
      len(layer.non_trainable_variables))
layer.trainable = False
print("frozen -> trainable:", len(layer.trainable_variables), " non-trainable:",
      len(layer.non_trainable_variables))
assert len(layer.trainable_variables) == 0 and len(layer.non_trainable_variables) == 2

# %% [markdown]
# ## 7.3 The computational graph
#
# The tape records a graph whose nodes are operations and whose edges are the tensors flowing
# between them. It is what the backward pass walks, and it can be drawn. Here is one dense
# layer, `relu(x @ W + b)`, with a constant input, a trainable kernel and a non-trainable bias:
# the three kinds of value have three styles.

# %%
x = ag.constant([[1.0, -2.0]], name="x")
W = ag.Variable([[0.5, -1.0, 0.25], [0.5, 0.5, -1.0]], name="W")
b = ag.Variable([0.1, 0.2, 0.3], trainable=False, name="b")
with ag.GradientTape(persistent=True) as tape:
    h = ag.relu(x @ W + b)
    out = ag.sum(h)
grad_W, grad_b = tape.gradient(out, [W, b])
visualize.draw_graph(out, tape)

# %% [markdown]
# The red gradients tell the story of this one example: the ReLU is closed for the first two
# units (their pre-activations are negative), so only the third column of `W` gets a gradient,
# equal to the input `x = [1, -2]`. The bias is not trainable and not watched: its gradient
# is `None`.

# %%
print("dout/dW =\n", grad_W.numpy(), "\ndout/db =", grad_b)
assert np.array_equal(grad_W.numpy(), [[0.0, 0.0, 1.0], [0.0, 0.0, -2.0]]) and grad_b is None

# %% [markdown]
# ## 7.4 The gradient tape, and `persistent=True`
#
# The pattern is always the same: compute inside `with ag.GradientTape() as tape:`, then ask
# `tape.gradient(target, source)` outside. The chain rule is applied automatically along
# whatever path connects the two, and the source may be any value on that path, not only a
# Variable.
#
# Take a chain of three functions, $p = a(x)$, $q = b(p)$, $y = c(q)$, with
#
# $$a(x) = x^2, \qquad b(p) = 3p + 1, \qquad c(q) = q^2, \qquad x = 2,$$
#
# so $p = 4$, $q = 13$, $y = 169$. By the chain rule
#
# * $dy/dq = 2q = 26$,
# * $dy/dp = dy/dq \cdot 3 = 78$,
# * $dy/dx = dy/dp \cdot 2x = 312$,
# * $dq/dx = 3 \cdot 2x = 12$.
#
# The first three share the target $y$, so one `gradient` call with a list of sources gets
# them all. But $dq/dx$ has a *different target*, and a normal tape answers only one
# `gradient` call: afterwards it frees its records.

# %%
x = ag.constant(2.0)
with ag.GradientTape() as tape:
    tape.watch(x)
    p = x ** 2
    q = 3 * p + 1
    y = q ** 2

dy_dq, dy_dp, dy_dx = tape.gradient(y, [q, p, x])
print("dy/dq =", float(dy_dq), " dy/dp =", float(dy_dp), " dy/dx =", float(dy_dx))
assert (float(dy_dq), float(dy_dp), float(dy_dx)) == (26.0, 78.0, 312.0)

try:
    tape.gradient(q, x)
except RuntimeError as error:
    print("RuntimeError:", error)
    second_call_error = error
assert "persistent=True" in str(second_call_error)

# %% [markdown]
# A **persistent** tape keeps its records and answers as many calls as we like:

# %%
with ag.GradientTape(persistent=True) as tape:
    tape.watch(x)
    p = x ** 2
    q = 3 * p + 1
    y = q ** 2

answers = {"dy/dq": tape.gradient(y, q), "dy/dp": tape.gradient(y, p),
           "dy/dx": tape.gradient(y, x), "dq/dx": tape.gradient(q, x)}
print({name: float(value) for name, value in answers.items()})
assert {name: float(value) for name, value in answers.items()} == \
    {"dy/dq": 26.0, "dy/dp": 78.0, "dy/dx": 312.0, "dq/dx": 12.0}
del tape     # a persistent tape holds its records until it is dropped

# %% [markdown]
# ## 7.5 Broadcasting, reshape and expand_dims
#
# Shapes follow NumPy's rules. **Broadcasting** lines shapes up from the right; an axis of
# length 1 (or a missing one) is stretched to match. That is how a bias of shape `(units,)`
# is added to a batch of shape `(batch, units)`.

# %%
column = ag.constant([[0.0], [10.0], [20.0]])     # (3, 1)
row = ag.constant([1.0, 2.0, 3.0, 4.0])           # (4,)
table = column + row                               # (3, 1) + (4,) -> (3, 4)
print(table.shape)
print(table.numpy())
assert table.shape == (3, 4)

# %% [markdown]
# The backward pass undoes the stretch: a gradient flowing back to a broadcast value is summed
# over the axes it was stretched along, so it comes back in the value's own shape. (This is
# why a bias's gradient is a sum over the batch, as notebook 5 showed.)

# %%
bias = ag.Variable([0.0, 0.0, 0.0, 0.0], name="bias")
batch = ag.ones((32, 4))
with ag.GradientTape() as tape:
    total = ag.sum(batch + bias)
bias_grad = tape.gradient(total, bias)
print("bias", bias.shape, "-> gradient", bias_grad.shape, bias_grad.numpy())
assert np.array_equal(bias_grad.numpy(), [32.0, 32.0, 32.0, 32.0])

# %% [markdown]
# **Reshaping** changes how the same numbers are arranged (`-1` means "whatever is left");
# **expand_dims** inserts an axis of length 1 and `squeeze` removes such axes. The classic use:
# a batch of 28 x 28 images becomes a batch of 784-long rows for a dense layer, and a single
# image needs a batch axis of length 1 before it can go through a model.

# %%
images = ag.zeros((5, 28, 28))
print("a batch of images   ", images.shape)
print("flattened           ", ag.reshape(images, (5, -1)).shape)
one_image = images[0]
print("one image           ", one_image.shape)
print("as a batch of one   ", ag.expand_dims(one_image, 0).shape)
print("a column vector     ", ag.expand_dims(ag.constant([1.0, 2.0, 3.0]), -1).shape)
print("squeezed            ", ag.squeeze(ag.zeros((1, 3, 1))).shape)
assert ag.reshape(images, (5, -1)).shape == (5, 784)
assert ag.expand_dims(one_image, 0).shape == (1, 28, 28)

# %% [markdown]
# ## 7.6 A classifier for Fashion-MNIST
#
# Fashion-MNIST is a drop-in replacement for the MNIST digits: 70,000 greyscale images of
# 28 x 28 pixels, ten classes of clothing, and noticeably harder than digits.
# `ag.datasets.load_fashion_mnist()` reads the files of Debian's `dataset-fashion-mnist`
# package (the Makefile installs it). Where it is not installed, this notebook falls back to
# the 8 x 8 digits bundled with scikit-learn and says so.

# %%
try:
    (x_train, y_train), (x_test, y_test) = ag.datasets.load_fashion_mnist()
    dataset, class_names = "Fashion-MNIST", list(ag.datasets.FASHION_MNIST_CLASSES)
    train_size, epochs, expected_accuracy = 12000, 3, 0.80
except FileNotFoundError as missing:
    print(missing)
    print("-> Fashion-MNIST is not installed: using scikit-learn's 8 x 8 digits instead")
    (x_train, y_train), (x_test, y_test) = ag.datasets.load_digits()
    x_train, x_test = x_train.reshape(-1, 8, 8), x_test.reshape(-1, 8, 8)
    dataset, class_names = "digits", [str(d) for d in range(10)]
    train_size, epochs, expected_accuracy = len(x_train), 20, 0.90

image_shape = x_train.shape[1:]
print(f"{dataset}: {len(x_train)} training and {len(x_test)} test images of {image_shape}, "
      f"pixels in [{x_train.min()}, {x_train.max()}]")

fig, axes = plt.subplots(2, 8, figsize=(8, 2.6), layout="constrained")
for ax, index in zip(axes.flat, range(16)):
    ax.imshow(x_train[index], cmap="gray_r")
    ax.set_title(class_names[y_train[index]], fontsize=8)
    ax.axis("off")
plt.show()

# %% [markdown]
# To keep this notebook quick we train on a random subset of the training images (12,000
# for Fashion-MNIST, holding 10 % of them out for validation) for three epochs, and test on
# all 10,000 test images. The model is the course's dense network: `Flatten` turns each image
# into a row of pixels, one hidden layer of 128 ReLU neurons, and a softmax over the ten
# classes. The labels are class numbers, so the loss is the *sparse* categorical
# cross-entropy.

# %%
ag.random.set_seed(0)
subset = ag.random.get_generator().permutation(len(x_train))[:train_size]

model = ag.nn.Sequential([
    ag.nn.Input(shape=image_shape),
    ag.nn.Flatten(),
    ag.nn.Dense(128, activation="relu"),
    ag.nn.Dense(10, activation="softmax"),
])
model.compile(optimizer=ag.optimizers.Adam(learning_rate=1e-3),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.summary()

history = model.fit(x_train[subset], y_train[subset], epochs=epochs, batch_size=32,
                    validation_split=0.1, verbose=2)

# %%
visualize.plot_history(history, title=f"{dataset}: {len(subset)} images (10 % for validation), "
                                      f"{epochs} epochs")

# %%
test_loss, test_accuracy = model.evaluate(x_test, y_test, batch_size=1000)
print(f"test accuracy on all {len(x_test)} test images: {test_accuracy:.4f} "
      f"(test loss {test_loss:.4f})")
assert test_accuracy > expected_accuracy

# %% [markdown]
# ### Which classes get confused?
#
# The confusion matrix counts, for each true class (row), how often the model predicted each
# class (column). The diagonal holds the correct answers.

# %%
probabilities = model.predict(x_test, batch_size=1000)
predicted = probabilities.argmax(axis=1)
confusion = np.zeros((10, 10), dtype=int)
np.add.at(confusion, (y_test, predicted), 1)
assert confusion.sum() == len(y_test)
assert np.isclose(np.trace(confusion) / len(y_test), test_accuracy)

fig, ax = plt.subplots(figsize=(5.6, 4.8), layout="constrained")
ax.imshow(confusion, cmap="Blues")
for i in range(10):
    for j in range(10):
        ax.text(j, i, confusion[i, j], ha="center", va="center", fontsize=7,
                color="white" if confusion[i, j] > confusion.max() / 2 else "black")
ax.set_xticks(range(10), class_names, rotation=60, ha="right")
ax.set_yticks(range(10), class_names)
ax.set_xlabel("predicted")
ax.set_ylabel("true")
ax.set_title(f"{dataset} test set: {test_accuracy:.1%} correct")
plt.show()

per_class = confusion.diagonal() / confusion.sum(axis=1)
off_diagonal = confusion - np.diag(confusion.diagonal())
true_class, wrong_class = np.unravel_index(off_diagonal.argmax(), off_diagonal.shape)
print("accuracy per class:", {name: round(float(a), 3) for name, a in zip(class_names, per_class)})
print(f"most frequent mistake: {class_names[true_class]} taken for {class_names[wrong_class]} "
      f"({off_diagonal[true_class, wrong_class]} times)")

# %% [markdown]
# ### Some mistakes
#
# The first misclassified test images, with the true class and the model's answer (and its
# confidence). Many are hard even for a person at this resolution.

# %%
wrong = np.flatnonzero(predicted != y_test)
fig, axes = plt.subplots(2, 6, figsize=(8, 3.4), layout="constrained")
for ax in axes.flat:
    ax.axis("off")
for ax, index in zip(axes.flat, wrong[:12]):
    ax.imshow(x_test[index], cmap="gray_r")
    ax.set_title(f"{class_names[y_test[index]]}\n-> {class_names[predicted[index]]} "
                 f"{probabilities[index].max():.0%}", fontsize=8)
plt.show()
print(f"{len(wrong)} of {len(y_test)} test images misclassified")
assert len(wrong) == len(y_test) - np.trace(confusion)

# %% [markdown]
# ## 7.7 The course's network: 784-16-16-10 with sigmoids
#
# The course's digit network (notebook 2) is 784-16-16-10 with sigmoid hidden layers, and
# its **96 %** is for the **MNIST digits**. Trained here on the same 12,000 Fashion-MNIST
# images for five epochs, the harder clothes data gives it less: about 80 %.

# %%
ag.random.set_seed(0)
course_net = ag.nn.Sequential([
    ag.nn.Input(shape=image_shape),
    ag.nn.Flatten(),
    ag.nn.Dense(16, activation="sigmoid"),
    ag.nn.Dense(16, activation="sigmoid"),
    ag.nn.Dense(10, activation="softmax"),
], name="course_784_16_16_10")
course_net.compile(optimizer=ag.optimizers.Adam(learning_rate=3e-3),
                   loss="sparse_categorical_crossentropy", metrics=["accuracy"])
course_epochs = 5 if dataset == "Fashion-MNIST" else 40
course_net.fit(x_train[subset], y_train[subset], epochs=course_epochs, batch_size=32, verbose=0)
_, course_accuracy = course_net.evaluate(x_test, y_test, batch_size=1000)
print(f"{course_net.count_params():,} parameters; {dataset} test accuracy {course_accuracy:.4f}")
assert course_net.count_params() == (13002 if dataset == "Fashion-MNIST" else 1482)
assert course_accuracy > (0.75 if dataset == "Fashion-MNIST" else 0.85)

# %% [markdown]
# Each of the 16 first-layer neurons weighs all 784 pixels, so its weights are a picture
# (blue: a bright pixel there raises the neuron's sum; orange: it lowers it). Some show
# the outline of a garment: a shoe's sole, a trouser's gap, a shirt's sleeves.

# %%
visualize.plot_weights(course_net.layers[1], shape=image_shape, max_units=16,
                       title="the 16 first-layer neurons of the 784-16-16-10 network")

# %% [markdown]
# ### MNIST itself: `ag.datasets.load_mnist`
#
# To reproduce the course's 96 % on the digits, put MNIST's four IDX files
# (`train-images-idx3-ubyte.gz`, `train-labels-idx1-ubyte.gz`, `t10k-images-idx3-ubyte.gz`,
# `t10k-labels-idx1-ubyte.gz`, as distributed) in `~/.autograd_lite/mnist`, or pass
# `path=` a folder holding them. Nothing is downloaded; without the files the loader says
# where to put them:

# %%
try:
    (mnist_x, mnist_y), (mnist_x_test, mnist_y_test) = ag.datasets.load_mnist()
    print("MNIST:", mnist_x.shape, mnist_x_test.shape)
except FileNotFoundError as missing_mnist:
    print("FileNotFoundError:", missing_mnist)

# %% [markdown]
# ## Summary
#
# * Tensors are immutable values; Variables hold what training changes, and only trainable
#   ones are watched by default (`tape.watch` for anything else, `trainable=False` to freeze).
# * The tape records a graph of operations; `gradient` runs the chain rule backwards along it,
#   towards any source on the path. A tape answers one call unless it is `persistent=True`.
# * Broadcasting, `reshape` and `expand_dims` follow NumPy, and gradients come back in each
#   value's own shape.
# * A one-hidden-layer network trained for a few epochs on a fraction of Fashion-MNIST gets
#   the accuracy above; its mistakes are concentrated in a few similar-looking classes.

# %% [markdown]
# ## Exercises
#
# Answers in the cells, then run the checks (worked answers: `notebooks/solutions/part7.py`).
#
# **Exercise 7.1.** Take one gradient-descent step on $L = w^2$ from $w = 3$ with learning
# rate 0.1, so that `w` is **still a Variable** afterwards (the classic TensorFlow mistake is
# `w = w - lr * dw`, which makes `w` a new Tensor that the next tape does not watch).

# %%
from exercises import check

w = ag.Variable(3.0)
# your code: a tape, the gradient, the update

# %%
check("7.1", w if float(w) != 3.0 else None)

# %% [markdown]
# **Exercise 7.2.** With $p = \sin x$, $q = p^2$ and $y = 3q$ at $x = 0.5$, compute both
# $dy/dx$ and $dq/dx$ from **one** tape.

# %%
dy_dx_and_dq_dx = None      # your (dy/dx, dq/dx)

# %%
check("7.2", dy_dx_and_dq_dx)
