"""The sign-in dialog's runner jobs never outlive it (the SIGBUS once seen in test_migration_progress:
its ``store_info`` read still ran when the dialog was gone and the composition root closed, or
reopened, its store). Once the dialog is closed no job of it starts or delivers, and ``done()``
returns only when those still running have ended; a dialog deleted without ``done()`` starts
nothing more and is never touched. Each job is held on a ``threading.Event`` the test controls."""

from __future__ import annotations

import gc
import sys
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import shiboken6
from PySide6.QtWidgets import QDialog

from fieldkit.app import LocalStore
from fieldkit.config import Settings, db_path
from fieldkit.db import open_store
from fieldkit.ui.dialogs import sign_in_dialog
from fieldkit.ui.dialogs.sign_in_dialog import SignInDialog

WAIT = 10  # seconds a held job or a helper waits for its condition before the test fails


@pytest.fixture
def fresh(tmp_path: Path) -> Any:
    folder = tmp_path / "fresh"
    engine = open_store(db_path(folder))
    yield SimpleNamespace(folder=folder, engine=engine)
    engine.dispose()


@pytest.fixture
def unraisable(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What Python could not raise anywhere (a wrapper's C++ object already deleted in a slot)."""
    seen: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(f"{u.exc_type.__name__}: {u.exc_value}"))
    return seen


@pytest.fixture
def delivered(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What reached the dialog's store_info callbacks."""
    got: list[object] = []
    monkeypatch.setattr(SignInDialog, "_inspected", lambda self, info: got.append(info))
    monkeypatch.setattr(SignInDialog, "_fatal", lambda self, exc: got.append(exc))
    return got


def hold_store_info(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """``store_info`` held on ``release`` once it has begun (``started``); ``events`` says when it
    began and ended."""
    held = SimpleNamespace(started=threading.Event(), release=threading.Event(), events=[])
    real = sign_in_dialog.store_info

    def slow_store_info(session: Any) -> Any:
        held.events.append("read began")
        held.started.set()
        assert held.release.wait(WAIT)
        info = real(session)
        held.events.append("read ended")
        return info

    monkeypatch.setattr(sign_in_dialog, "store_info", slow_store_info)
    return held


def release_when_closing(dlg: SignInDialog, release: threading.Event) -> threading.Thread:
    """A helper thread releases the held job once the dialog is closing (its ``finished`` signal,
    emitted inside ``done()``): a ``done()`` that waits for its jobs then returns."""
    closing = threading.Event()
    dlg.finished.connect(lambda _r: closing.set())

    def go() -> None:
        if closing.wait(WAIT):
            release.set()

    t = threading.Thread(target=go, daemon=True)
    t.start()
    return t


def delete(qtbot: Any, dlg: SignInDialog) -> None:
    """``dlg``'s C++ object deleted on the GUI thread (the caller then drops its wrapper)."""
    box = [dlg]
    dlg.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(box[0]), timeout=WAIT * 1000)


def occupy(runner: Any, n: int = 2) -> threading.Event:
    """All ``n`` threads of the runner's pool held on the returned gate: the next job waits in the queue."""
    gate = threading.Event()
    inside = [threading.Event() for _ in range(n)]
    for ev in inside:
        runner.run(lambda ev=ev: (ev.set(), gate.wait(WAIT)), lambda _r: None, lambda _e: None)
    for ev in inside:
        assert ev.wait(WAIT)
    return gate


def test_done_returns_once_the_read_in_flight_has_ended_and_delivers_nothing(
    qtbot: Any, fresh: Any, runner: Any, monkeypatch: pytest.MonkeyPatch, delivered: list[object]
) -> None:
    held = hold_store_info(monkeypatch)
    dlg = SignInDialog(LocalStore(fresh.engine), fresh.folder, Settings.load(fresh.folder), runner)
    qtbot.addWidget(dlg)
    assert held.started.wait(WAIT)  # the read is in flight
    helper = release_when_closing(dlg, held.release)
    dlg.reject()
    held.events.append("done returned")
    helper.join(WAIT)
    # the store is free when the dialog is closed: the caller may close (or reopen) it now
    assert held.events == ["read began", "read ended", "done returned"]
    assert dlg.result() == QDialog.DialogCode.Rejected
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT * 1000)
    assert delivered == []  # nothing reaches the closed dialog (a late store_info could start the demo)


def test_done_waits_for_the_read_with_the_event_loop_turning(
    qtbot: Any, fresh: Any, runner: Any, monkeypatch: pytest.MonkeyPatch, delivered: list[object]
) -> None:
    """While ``done()`` waits for a job still running (a connect can take 20 s), the GUI thread is
    not blocked: a timer due meanwhile fires inside the wait (here it is what releases the job, so a
    blocking wait would return at its deadline with the read still running)."""
    from PySide6.QtCore import QTimer

    monkeypatch.setattr(sign_in_dialog, "CLOSE_WAIT_SECONDS", 3.0)
    held = hold_store_info(monkeypatch)
    dlg = SignInDialog(LocalStore(fresh.engine), fresh.folder, Settings.load(fresh.folder), runner)
    qtbot.addWidget(dlg)
    assert held.started.wait(WAIT)
    turned: list[str] = []
    QTimer.singleShot(0, lambda: (turned.append("timer fired"), held.release.set()))
    dlg.reject()
    held.events.append("done returned")
    assert turned == ["timer fired"]
    assert held.events == ["read began", "read ended", "done returned"]
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT * 1000)
    assert delivered == []


def test_a_job_queued_when_the_dialog_closes_never_runs(
    qtbot: Any, fresh: Any, runner: Any, monkeypatch: pytest.MonkeyPatch, delivered: list[object]
) -> None:
    held = hold_store_info(monkeypatch)
    held.release.set()
    gate = occupy(runner)
    dlg = SignInDialog(LocalStore(fresh.engine), fresh.folder, Settings.load(fresh.folder), runner)
    qtbot.addWidget(dlg)
    dlg.reject()  # nothing of it runs yet: no wait
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT * 1000)
    assert held.events == []  # the store was never read for a closed dialog
    assert delivered == []


def test_a_dialog_deleted_while_its_read_runs_is_never_touched(
    qtbot: Any,
    fresh: Any,
    runner: Any,
    monkeypatch: pytest.MonkeyPatch,
    delivered: list[object],
    unraisable: list[str],
) -> None:
    """Deleted without done() (as a parent's deletion would, or app.run's dialog once exec()
    returned): the read in flight ends, nothing reaches the dead dialog, nothing is raised."""
    held = hold_store_info(monkeypatch)
    dlg = SignInDialog(LocalStore(fresh.engine), fresh.folder, Settings.load(fresh.folder), runner)
    assert held.started.wait(WAIT)
    delete(qtbot, dlg)
    del dlg
    gc.collect()
    held.release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT * 1000)
    assert held.events == ["read began", "read ended"]
    assert delivered == [] and unraisable == []


def test_a_dialog_deleted_before_its_read_started_never_reads(
    qtbot: Any,
    fresh: Any,
    runner: Any,
    monkeypatch: pytest.MonkeyPatch,
    delivered: list[object],
    unraisable: list[str],
) -> None:
    held = hold_store_info(monkeypatch)
    held.release.set()
    gate = occupy(runner)
    dlg = SignInDialog(LocalStore(fresh.engine), fresh.folder, Settings.load(fresh.folder), runner)
    delete(qtbot, dlg)
    del dlg
    gc.collect()
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT * 1000)
    assert held.events == [] and delivered == [] and unraisable == []


class HeldDemoStore(LocalStore):
    """A demo writer that reports one step, is held on ``release``, then reports the next."""

    def __init__(self, engine: Any) -> None:
        super().__init__(engine)
        self.started, self.release = threading.Event(), threading.Event()
        self.outcome: list[str] = []

    def write_demo(self, *, enterprises: int, seed: int = 1, progress: Any = None) -> Any:
        progress("第一步")
        self.started.set()
        assert self.release.wait(WAIT)
        try:
            progress("第二步")
        except BaseException as exc:
            self.outcome.append(type(exc).__name__)
            raise
        self.outcome.append("went on")
        return SimpleNamespace(demo_login=None)


def test_closing_during_the_demo_stops_it_at_its_next_step(
    qtbot: Any, fresh: Any, runner: Any, unraisable: list[str]
) -> None:
    store = HeldDemoStore(fresh.engine)
    dlg = SignInDialog(store, fresh.folder, Settings.load(fresh.folder), runner)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.current_page() == "welcome", timeout=WAIT * 1000)
    dlg.start_demo()
    assert store.started.wait(WAIT)
    # the step reached the dialog on the GUI thread (the job emits on its own relay, not on the dialog)
    qtbot.waitUntil(lambda: dlg.demo_step.text() == "第一步", timeout=WAIT * 1000)
    helper = release_when_closing(dlg, store.release)
    dlg.reject()
    helper.join(WAIT)
    assert store.outcome == ["JobsClosed"]  # stopped (the real writer's one transaction rolls back)
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT * 1000)
    assert dlg.demo_step.text() == "第一步" and not dlg.demo_error.text()  # nothing delivered after done()
    assert unraisable == []
