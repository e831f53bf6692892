"""The gate of long pull pages (fieldkit/server/admission.py): a few at once, pulls under way
before first pages, a slot freed whatever the block does."""

from __future__ import annotations

import threading

import pytest

from fieldkit.server.admission import PageGate

WAIT = 30.0


def _enter(
    gate: PageGate, first: bool, name: str, order: list[str], done: threading.Event
) -> threading.Thread:
    def run() -> None:
        with gate.admit(first=first):
            order.append(name)
        done.set()

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def test_pulls_under_way_are_admitted_before_first_pages_then_in_arrival_order() -> None:
    gate = PageGate(1)
    order: list[str] = []
    events = {name: threading.Event() for name in ("first-a", "next-b", "first-c", "next-d")}
    with gate.admit(first=True):  # the one slot is taken
        threads = []
        for k, (name, first) in enumerate(
            [("first-a", True), ("next-b", False), ("first-c", True), ("next-d", False)]
        ):
            threads.append(_enter(gate, first, name, order, events[name]))
            assert gate.wait_for_waiting(k + 1, WAIT)  # queued in this order
        assert order == []  # nobody passed the taken slot
    for t in threads:
        t.join(WAIT)
    assert order == ["next-b", "next-d", "first-a", "first-c"]
    assert gate.waiting == 0


def test_two_slots_admit_two_at_once() -> None:
    gate = PageGate(2)
    both_in = threading.Barrier(2, timeout=WAIT)
    passed: list[int] = []

    def run(k: int) -> None:
        with gate.admit(first=True):
            both_in.wait()  # raises BrokenBarrierError if the second is kept out
            passed.append(k)

    threads = [threading.Thread(target=run, args=(k,), daemon=True) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT)
    assert sorted(passed) == [0, 1]


def test_a_failing_holder_frees_its_slot() -> None:
    gate = PageGate(1)
    with pytest.raises(RuntimeError), gate.admit(first=False):
        raise RuntimeError("the page failed")
    order: list[str] = []
    done = threading.Event()
    _enter(gate, True, "after", order, done).join(WAIT)
    assert done.is_set() and order == ["after"]


def test_a_gate_needs_a_slot() -> None:
    with pytest.raises(ValueError):
        PageGate(0)
