"""Cyclic garbage is freed on the GUI thread only (fieldkit/ui/gc_thread.py): garbage made and
dropped on a worker thread that allocates far past the collector's thresholds is still there when
the worker ends, and the GUI thread's check frees it there."""

from __future__ import annotations

import gc
import threading

from fieldkit.ui.gc_thread import GuiThreadCollector

freed_on: list[str] = []


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None

    def __del__(self) -> None:
        freed_on.append(threading.current_thread().name)


def _garbage_on_a_worker() -> None:
    def work() -> None:
        for _ in range(200):
            a, b = Node(), Node()
            a.other, b.other = b, a  # a cycle: only the collector frees it
        junk = [[i] for i in range(200_000)]  # allocations far past generation 0's threshold
        del junk

    t = threading.Thread(target=work, name="worker")
    t.start()
    t.join()


def test_cycles_dropped_on_a_worker_are_freed_on_the_gui_thread(qapp) -> None:  # type: ignore[no-untyped-def]
    collector = qapp._fk_collector if hasattr(qapp, "_fk_collector") else GuiThreadCollector(qapp)
    assert not gc.isenabled()
    gc.collect()
    freed_on.clear()
    _garbage_on_a_worker()
    assert freed_on == []  # nothing collected on the worker
    collector.check()
    gc.collect()  # whatever generation the check reached, the rest now: on this thread as well
    assert len(freed_on) == 400
    assert set(freed_on) == {threading.main_thread().name}


def test_check_collects_what_is_due(qapp) -> None:  # type: ignore[no-untyped-def]
    collector = qapp._fk_collector if hasattr(qapp, "_fk_collector") else GuiThreadCollector(qapp)
    gc.collect()
    freed_on.clear()
    for _ in range(collector.threshold[0] + 10):
        a, b = Node(), Node()
        a.other, b.other = b, a
    assert gc.get_count()[0] > collector.threshold[0]
    assert collector.check() >= 2 * collector.threshold[0]
    assert len(freed_on) >= 2 * collector.threshold[0]
