"""why_none on the classic TF slip: `w = w - lr * dw` in a loop rebinds w to a Tensor."""
import autograd_lite as ag


def test_a_variable_rebound_in_a_training_loop_is_named_with_the_fix():
    w = ag.Variable(3.0, name="w")
    answers = []
    for _ in range(2):
        with ag.GradientTape() as tape:
            loss = w * w
        dw = tape.gradient(loss, w)
        if dw is None:
            answers.append(tape.why_none(loss, w))
            break
        w = w - 0.1 * dw                         # the slip: w is now a Tensor
    assert len(answers) == 1 and not isinstance(w, ag.Variable)
    answer = answers[0]
    assert answer.cause == "rebound_variable"
    assert "`w = w - lr * dw` makes w a new Tensor" in answer.message
    assert "w.assign_sub(lr * dw)" in answer.fix and "tape.watch(x)" in answer.fix
    assert abs(float(w) - (3.0 - 0.1 * 6.0)) < 1e-6


def test_the_same_loop_with_assign_sub_keeps_its_gradients():
    w = ag.Variable(3.0, name="w")
    for _ in range(3):
        with ag.GradientTape() as tape:
            loss = w * w
        dw = tape.gradient(loss, w)
        assert dw is not None
        w.assign_sub(0.1 * dw)
    assert isinstance(w, ag.Variable) and abs(float(w) - 3.0 * 0.8 ** 3) < 1e-6


def test_a_rebound_variable_beside_a_watched_one_still_gets_the_hint():
    b = ag.Variable(1.0, name="b")
    w = ag.Variable(3.0) - 0.5                   # rebound, while b is still a Variable
    with ag.GradientTape() as tape:
        loss = w * w + b
    answer = tape.why_none(loss, w)
    assert answer.cause == "never_watched" and "w.assign_sub(lr * dw)" in answer.fix


def test_a_named_constant_is_not_taken_for_a_rebound_variable():
    c = ag.constant(2.0, name="c")
    with ag.GradientTape() as tape:
        y = c * c
    answer = tape.why_none(y, c)
    assert answer.cause == "never_watched" and "assign_sub" not in answer.fix
