"""``callbacks.wait_turning``: a GUI-thread wait for a dialog's jobs with the event loop turning —
bounded by its deadline also when the application is quitting (no loop can turn then: ``exec()``
returns at once), and a waiter that is gone never breaks the job that ends."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from typing import Any

from fieldkit.ui.callbacks import JobGuard, wait_turning

WAIT = 10


def test_a_wake_up_whose_waiter_is_gone_does_not_break_the_job() -> None:
    guard = JobGuard()

    def gone() -> None:
        raise RuntimeError("Signal source has been deleted")

    guard.on_idle(gone)
    assert guard.job(lambda: 42)() == 42
    assert guard.running == 0


def test_the_wait_returns_when_the_job_ends_and_at_its_deadline_otherwise(qtbot: Any) -> None:
    guard = JobGuard()
    release = threading.Event()
    t = threading.Thread(target=guard.job(lambda: release.wait(WAIT)))
    t.start()
    qtbot.waitUntil(lambda: guard.running == 1, timeout=WAIT * 1000)
    assert wait_turning(guard, 0.2) is False  # still running at the deadline
    threading.Timer(0.05, release.set).start()
    assert wait_turning(guard, WAIT) is True
    t.join(WAIT)


def test_the_wait_stays_bounded_when_the_application_quits_meanwhile() -> None:
    """``app.exit()`` inside the wait (as the crash dialog's 退出程序 does): the wait must still end
    at its deadline, not spin on an event loop that no longer turns until the job ends."""
    script = textwrap.dedent(
        """
        import threading
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from fieldkit.ui.callbacks import JobGuard, wait_turning

        app = QApplication([])
        guard, release, started = JobGuard(), threading.Event(), threading.Event()
        worker = threading.Thread(target=guard.job(lambda: (started.set(), release.wait(20))))
        worker.start()
        started.wait(10)
        got = []

        def waiting():
            QTimer.singleShot(20, lambda: app.exit(0))
            got.append(wait_turning(guard, 1.0))
            release.set()

        QTimer.singleShot(0, waiting)
        app.exec()
        worker.join(10)
        print("RESULT", got)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "RESULT [False]" in done.stdout, done.stdout + done.stderr
