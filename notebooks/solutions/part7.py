"""Notebook 7, TensorFlow's model: a step that keeps w a Variable, a persistent tape."""
import autograd_lite as ag


def answers():
    # 7.1 L = w^2 at w = 3: dL/dw = 6; assign_sub changes w in place, so it stays a Variable.
    w = ag.Variable(3.0)
    with ag.GradientTape() as tape:
        loss = w * w
    dw = tape.gradient(loss, w)
    w.assign_sub(0.1 * dw)

    # 7.2 p = sin x, q = p^2, y = 3 q at x = 0.5: two targets, so the tape must be persistent.
    x = ag.constant(0.5, dtype="float64")
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        p = ag.sin(x)
        q = p * p
        y = 3.0 * q
    both = (float(tape.gradient(y, x)), float(tape.gradient(q, x)))
    return {"7.1": w, "7.2": both}
