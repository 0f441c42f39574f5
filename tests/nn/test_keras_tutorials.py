"""TensorFlow's Fashion-MNIST tutorial and Keras's functional-API guide, ``tf.`` -> ``ag.``.

The tutorials run on a slice of the data so the test stays quick; the numbers checked are
those the tutorials print (shapes, probabilities summing to one, an accuracy well above chance).
"""
import numpy as np
import pytest

import autograd_lite as ag

tf = ag  # the tutorials' code below is TensorFlow's with this one substitution
keras = ag


@pytest.fixture(scope="module")
def fashion():
    try:
        (train_images, train_labels), (test_images, test_labels) = \
            tf.keras.datasets.fashion_mnist.load_data()
    except (FileNotFoundError, OSError) as error:
        pytest.skip(f"Fashion-MNIST files are not installed: {error}")
    return (train_images[:3000] / 255.0, train_labels[:3000],
            test_images[:500] / 255.0, test_labels[:500])


def test_basic_classification_tutorial(fashion, tmp_path):
    train_images, train_labels, test_images, test_labels = fashion
    tf.random.set_seed(0)
    model = tf.keras.Sequential([
        tf.keras.layers.Flatten(input_shape=(28, 28)),
        tf.keras.layers.Dense(128, activation='relu'),
        tf.keras.layers.Dense(10)
    ])
    model.compile(optimizer='adam',
                  loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=['accuracy'])
    model.fit(train_images, train_labels, epochs=3, verbose=0)
    test_loss, test_acc = model.evaluate(test_images, test_labels, verbose=0)
    assert test_acc > 0.7 and test_loss < 1.0
    probability_model = tf.keras.Sequential([model, tf.keras.layers.Softmax()])
    predictions = probability_model.predict(test_images)
    assert predictions.shape == (500, 10)
    np.testing.assert_allclose(predictions.sum(axis=1), 1.0, rtol=1e-5)
    assert np.argmax(predictions[0]) == np.argmax(model.predict(test_images[:1])[0])
    img = test_images[1]
    img = (np.expand_dims(img, 0))
    predictions_single = probability_model.predict(img)
    np.testing.assert_allclose(predictions_single, predictions[1:2], rtol=1e-5, atol=1e-7)
    model.save(tmp_path / "fashion.keras")
    restored = tf.keras.models.load_model(tmp_path / "fashion.keras")
    np.testing.assert_array_equal(restored.predict(img), model.predict(img))


def test_functional_api_guide(fashion, capsys):
    x_train, y_train, x_test, y_test = fashion
    x_train = x_train.reshape(len(x_train), 784).astype("float32")
    x_test = x_test.reshape(len(x_test), 784).astype("float32")
    keras.random.set_seed(1)
    inputs = keras.Input(shape=(784,))
    assert inputs.shape == (None, 784) and inputs.dtype == "float32"
    dense = keras.layers.Dense(64, activation="relu")
    x = dense(inputs)
    x = keras.layers.Dense(64, activation="relu")(x)
    outputs = keras.layers.Dense(10)(x)
    model = keras.Model(inputs=inputs, outputs=outputs, name="mnist_model")
    model.summary()
    assert 'Model: "mnist_model"' in capsys.readouterr().out
    model.compile(
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        optimizer=keras.optimizers.RMSprop(),
        metrics=[keras.metrics.SparseCategoricalAccuracy()],
    )
    history = model.fit(x_train, y_train, batch_size=64, epochs=2, validation_split=0.2,
                        verbose=0)
    assert sorted(history.history) == ["loss", "sparse_categorical_accuracy", "val_loss",
                                       "val_sparse_categorical_accuracy"]
    test_scores = model.evaluate(x_test, y_test, verbose=0)
    assert test_scores[1] > 0.6
