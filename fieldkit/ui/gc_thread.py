"""Python's cyclic garbage collector runs on the GUI thread only.

The collector runs on whichever thread happens to allocate when a generation's threshold is
crossed: with the task runner's worker threads busy (a service call, a result being emitted) that
is often a worker. A cycle it frees there may hold the last reference to a Qt object's wrapper
(a closed view, a dialog, a runner's bridge): its C++ destructor then runs on the worker thread
while the GUI thread uses the object tree — a segmentation fault, seen in the UI tests' teardown
with two workers in ``emit`` and the GUI thread walking the top-level widgets' children.

:class:`GuiThreadCollector` turns automatic collection off and collects from a timer on the GUI
thread instead, with the generations' usual thresholds (the approach of calibre's
``GarbageCollector``). Reference counting is unchanged: only cycles wait for the timer.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: how often the GUI thread looks whether a collection is due
CHECK_MS = 500


class GuiThreadCollector(QObject):
    """While it exists (and until :meth:`stop`): no automatic collection; :meth:`check` collects
    the generations past their thresholds, on the thread this object lives on (the GUI thread)."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = CHECK_MS) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> int:
        """Collect what is due (the oldest generation past its threshold and the younger ones);
        the number of unreachable objects found."""
        counts = gc.get_count()
        generation = -1
        for g in range(3):
            if counts[g] > self.threshold[g]:
                generation = g
        return gc.collect(generation) if generation >= 0 else 0

    def stop(self) -> None:
        """Automatic collection as it was before."""
        self.timer.stop()
        if self._was_enabled:
            gc.enable()
