"""Active tapes are per thread: a tape records only the ops of the thread that entered it."""
import threading

import numpy as np
import pytest

import autograd_lite as ag


def run_threads(targets):
    errors = []

    def guard(fn):
        def run():
            try:
                fn()
            except BaseException as error:  # surfaced in the main thread below
                errors.append(error)
        return run
    threads = [threading.Thread(target=guard(fn)) for fn in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    if errors:
        raise errors[0]


def test_a_tape_does_not_record_another_threads_ops():
    x = ag.constant(np.float64(3.0))
    entered, computed = threading.Event(), threading.Event()
    results = {}

    def with_tape():
        with ag.GradientTape(persistent=True) as tape:
            tape.watch(x)
            entered.set()
            assert computed.wait(10)
            mine = x * 2.0
        results["other"] = tape.gradient(results["y_other"], x)
        results["mine"] = tape.gradient(mine, x)

    def without_tape():
        assert entered.wait(10)
        results["y_other"] = x * x  # x is watched only by the other thread's tape
        computed.set()

    run_threads([with_tape, without_tape])
    assert results["other"] is None
    assert float(results["mine"]) == 2.0


def test_concurrent_tapes_give_each_thread_its_own_gradients():
    barrier = threading.Barrier(4)
    results = {}

    def worker(k):
        def run():
            v = ag.Variable(np.float64(k))
            total = 0.0
            for step in range(30):
                with ag.GradientTape() as tape:
                    if step == 0:
                        barrier.wait(10)  # all four tapes are open at once
                    y = v ** 3 * (k + 1)
                total += float(tape.gradient(y, v))
            results[k] = total
        return run

    run_threads([worker(k) for k in range(4)])
    for k in range(4):
        assert results[k] == pytest.approx(30 * 3 * k ** 2 * (k + 1))


def test_nested_tapes_in_threads():
    barrier = threading.Barrier(3)
    results = {}

    def worker(k):
        def run():
            x = ag.constant(np.float64(k + 1))
            with ag.GradientTape() as outer:
                outer.watch(x)
                with ag.GradientTape() as inner:
                    inner.watch(x)
                    barrier.wait(10)
                    y = x ** 4
                d1 = inner.gradient(y, x)
            results[k] = (float(d1), float(outer.gradient(d1, x)))
        return run

    run_threads([worker(k) for k in range(3)])
    for k in range(3):
        x = k + 1.0
        assert results[k] == (4 * x ** 3, 12 * x ** 2)


def test_main_thread_tape_is_not_active_in_a_new_thread():
    v = ag.Variable(np.float64(2.0))
    out = {}
    with ag.GradientTape() as tape:
        worker = threading.Thread(target=lambda: out.setdefault("y", v * v))
        worker.start()
        worker.join(10)
        mine = v * 5.0
    # only the main thread's v * 5 was recorded: v * v from the worker adds nothing
    assert float(out["y"]) == 4.0
    assert float(tape.gradient([out["y"], mine], v)) == 5.0


# --- per-thread state (check_numerics, the backward label, tapes closed elsewhere) -----------
def test_check_numerics_takes_effect_only_in_the_thread_that_set_it():
    from autograd_lite.tape import STATE
    before = STATE.numerics_threads
    switched, probed = threading.Event(), threading.Event()
    seen = {}

    def checker():
        ag.debug.check_numerics(True)
        try:
            switched.set()
            assert probed.wait(10)
            with pytest.raises(FloatingPointError, match="log"), np.errstate(divide="ignore"):
                ag.log(ag.constant([0.0]))
        finally:
            ag.debug.check_numerics(False)

    def other():
        assert switched.wait(10)
        seen["checked"] = ag.debug.numerics_checked()
        with np.errstate(divide="ignore"):
            seen["value"] = ag.log(ag.constant([0.0])).numpy()  # -inf, not an error here
        probed.set()

    run_threads([checker, other])
    assert seen["checked"] is False and seen["value"][0] == -np.inf
    assert STATE.numerics_threads == before and not ag.debug.numerics_checked()


def test_a_forward_op_is_not_reported_as_another_threads_backward_pass():
    from autograd_lite.primitive import op
    inside, reported = threading.Event(), threading.Event()
    messages = {}

    def waiting_vjp(upstream, out, x):
        inside.set()  # this thread is now in the backward pass of "paused_double"
        assert reported.wait(10)
        return upstream * 2.0

    @op(vjp=waiting_vjp, local="2")
    def paused_double(x):
        return x * 2.0

    def backward():
        ag.debug.check_numerics(True)
        try:
            x = ag.constant([1.0])
            with ag.GradientTape() as tape:
                tape.watch(x)
                y = paused_double(x)
            messages["gradient"] = tape.gradient(y, x).numpy()
        finally:
            ag.debug.check_numerics(False)

    def forward():
        assert inside.wait(10)
        ag.debug.check_numerics(True)
        try:
            with np.errstate(divide="ignore"):
                ag.log(ag.constant([0.0]))
        except FloatingPointError as error:
            messages["forward"] = str(error)
        finally:
            ag.debug.check_numerics(False)
            reported.set()

    run_threads([backward, forward])
    assert messages["forward"].startswith("log (forward pass)"), messages["forward"]
    np.testing.assert_array_equal(messages["gradient"], [2.0])


def test_a_tape_closed_from_another_thread_stops_recording_in_its_own():
    from autograd_lite.tape import _THREAD, STATE
    before = STATE.active_tapes
    opened, closed = threading.Event(), threading.Event()
    box = {}

    def recording():
        with ag.GradientTape() as tape:
            yield tape

    def owner():
        generator = recording()
        box["tape"] = next(generator)
        box["generator"] = generator
        opened.set()
        assert closed.wait(10)
        box["stack"] = _THREAD.stack
        v = ag.Variable([1.0, 2.0])
        box["y"] = v * v  # would be recorded (and v watched) if the tape were still here

    def closer():
        assert opened.wait(10)
        box["generator"].close()  # leaves the `with` block in this thread
        closed.set()

    run_threads([owner, closer])
    tape = box["tape"]
    assert box["stack"] == () and len(tape._records) == 0 and tape.watched_variables() == ()
    assert STATE.active_tapes == before


def test_a_thread_that_ends_with_numerics_checked_gives_back_its_share():
    from autograd_lite.tape import STATE
    before = STATE.numerics_threads

    def forgets_to_turn_it_off():
        ag.debug.check_numerics(True)
        assert STATE.numerics_threads == before + 1 and STATE.busy

    run_threads([forgets_to_turn_it_off])
    assert STATE.numerics_threads == before
    assert STATE.busy == (STATE.active_tapes > 0 or before > 0)
