"""``print(tape)`` and ``tape.listing()`` cost one pass over the tape plus the lines they print
(issue 15 item 8): counted in Python function calls, so the test does not depend on the machine's
speed. A tape ten times as long costs at most about ten times as much (a quadratic listing,
as before, cost a hundred times as much)."""
import sys

import autograd_lite as ag


def chain(n):
    x = ag.constant([0.5, 0.25])
    with ag.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x
        for i in range(n):
            y = ag.sin(y) if i % 2 else y * 1.5
    return tape


def calls(f):
    """How many Python and built-in functions ``f()`` calls (a deterministic count)."""
    count = [0]

    def profile(frame, event, arg):
        if event in ("call", "c_call"):
            count[0] += 1

    sys.setprofile(profile)
    try:
        f()
    finally:
        sys.setprofile(None)
    return count[0]


def test_a_listing_costs_one_pass_plus_what_it_prints():
    small, large = chain(400), chain(4000)
    ratio = calls(lambda: str(large)) / calls(lambda: str(small))
    assert ratio < 13, ratio  # about 10 for one pass; 100 when quadratic


def test_a_full_listing_costs_in_step_with_its_lines():
    small, large = chain(300), chain(3000)
    ratio = calls(lambda: large.listing(max_records=3000)) / calls(
        lambda: small.listing(max_records=300))
    assert ratio < 13, ratio


def test_the_shown_lines_do_not_grow_with_the_tape():
    text = chain(4000).listing(max_records=12)
    lines = text.splitlines()
    assert len(lines) == 14  # 12 records, the omitted count, the footer
    assert lines[8].startswith("... 3988 more records (")
    assert lines[-1].startswith("4000 records, 1 watched;")
