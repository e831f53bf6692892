"""The task runner delivers results on the GUI thread and drops those of destroyed widgets."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QLabel

from fieldkit.ui.workers import TaskRunner


def test_result_arrives_on_gui_thread(qtbot) -> None:
    runner = TaskRunner()
    seen: dict[str, object] = {}
    gate = threading.Event()

    def work() -> int:
        seen["worker_is_gui"] = QThread.currentThread() is QApplication.instance().thread()
        gate.wait(5)
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["done_is_gui"] = QThread.currentThread() is QApplication.instance().thread()

    with qtbot.waitSignal(runner.busy_changed, timeout=5000) as started:
        runner.run(work, done)
    assert started.args == [True]
    assert runner.busy
    gate.set()
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen == {"worker_is_gui": False, "value": 42, "done_is_gui": True}
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)


def test_error_reaches_on_error(qtbot) -> None:
    runner = TaskRunner()
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("坏数据")

    runner.run(boom, lambda _r: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ValueError) and "坏数据" in str(errors[0])


def test_result_for_destroyed_widget_is_dropped(qtbot) -> None:
    runner = TaskRunner()
    label = QLabel()
    gate = threading.Event()
    calls: list[str] = []

    def work() -> str:
        gate.wait(5)
        return "late"

    def done(text: str) -> None:
        calls.append(text)
        label.setText(text)  # would raise RuntimeError on a deleted C++ object

    runner.run(work, done)
    label.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(label), timeout=5000)
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert calls == []


def test_job_function_released_on_gui_thread(qtbot) -> None:
    """Whatever a job captured is freed on the GUI thread (a widget freed on a worker crashes Qt)."""
    runner = TaskRunner()
    freed_on: list[bool] = []

    class Probe:
        def __del__(self) -> None:
            freed_on.append(QThread.currentThread() is QApplication.instance().thread())

    probe = Probe()
    done: list[int] = []

    def job(p: Probe = probe) -> int:
        return 1

    runner.run(job, done.append)
    del job, probe
    qtbot.waitUntil(lambda: bool(done) and not runner.busy, timeout=5000)
    qtbot.waitUntil(lambda: bool(freed_on), timeout=5000)
    assert freed_on == [True]


class _Source:
    """A store source for the runner: a session factory over a real SQLite file."""

    def __init__(self, path: Path) -> None:
        from fieldkit.db import open_store, session_factory

        self.engine = open_store(path)
        self.make_session = session_factory(self.engine)


def test_write_commits_and_read_sees_it(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from fieldkit.models import Zone
    from fieldkit.services import store

    src = _Source(tmp_path / "s.sqlite3")
    runner = TaskRunner()

    def add(session, name):  # type: ignore[no-untyped-def]
        return store.insert(session, Zone(name=name), store.SYSTEM).id

    got: list[object] = []
    runner.write(src, add, "高新区", on_done=got.append)
    qtbot.waitUntil(lambda: bool(got))
    names: list[object] = []
    runner.read(src, lambda s, zid: s.get(Zone, zid).name, got[0], on_done=names.append)
    qtbot.waitUntil(lambda: bool(names))
    assert names == ["高新区"]
    src.engine.dispose()


def test_write_rolls_back_on_error(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from fieldkit.models import Zone
    from fieldkit.services import store

    src = _Source(tmp_path / "s.sqlite3")
    runner = TaskRunner()

    def add_then_fail(session):  # type: ignore[no-untyped-def]
        store.insert(session, Zone(name="半途"), store.SYSTEM)
        raise ValueError("boom")

    errors: list[BaseException] = []
    runner.write(src, add_then_fail, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError)
    with src.make_session() as s:
        assert s.exec(select(Zone)).all() == []
    src.engine.dispose()


def test_a_destroyed_owner_gets_no_callback_and_its_pending_jobs_never_run(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The owner (a dialog) is destroyed while its first job runs (blocked on an event) and its
    second waits in the queue (one thread): the running one ends without delivering, the queued
    one never runs; ``weak()`` callbacks and bound methods alike."""
    import shiboken6

    from fieldkit.ui.callbacks import weak

    runner = TaskRunner(max_threads=1)
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []
    delivered: list[str] = []

    class Owner(QLabel):
        def got(self, value: str) -> None:
            delivered.append(value)
            self.setText(value)  # a deleted C++ object would raise (or crash)

    owner = Owner()

    def first() -> str:
        started.set()
        release.wait(10)
        ran.append("first")
        return "first"

    def second() -> str:
        ran.append("second")
        return "second"

    runner.run(first, weak(owner, Owner.got), weak(owner, lambda o, e: delivered.append(f"error {e}")))
    runner.run(second, owner.got)
    assert started.wait(10)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(owner), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert ran == ["first"]  # the queued job of the destroyed owner never ran
    assert delivered == []


def test_a_dialog_closing_cancels_its_jobs_not_yet_started(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner(max_threads=1)
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []
    label = QLabel()
    other: list[str] = []
    runner.run(lambda: (started.set(), release.wait(10)), lambda _r: other.append("blocker"))
    runner.run(lambda: ran.append("late"), lambda _r: label.setText("late"))
    assert started.wait(10)
    assert runner.cancel(label) == 1
    release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert ran == [] and label.text() == "" and other == ["blocker"]


def test_closing_a_store_cancels_its_queued_jobs_and_waits_for_the_running_one(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``close_store`` before the store's engine is disposed: a job not started never opens a
    session, the running one is waited for (not yet ended: the bounded wait says so), and no
    callback of either runs afterwards."""
    from fieldkit.models import Zone

    src = _Source(tmp_path / "s.sqlite3")
    other = _Source(tmp_path / "other.sqlite3")
    runner = TaskRunner(max_threads=1)
    started, release = threading.Event(), threading.Event()
    used: list[str] = []
    delivered: list[object] = []

    def blocked(session):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(10)
        used.append("running")
        return session.exec(__import__("sqlmodel").select(Zone)).all()

    def queued(session):  # type: ignore[no-untyped-def]
        used.append("queued")

    def elsewhere(session):  # type: ignore[no-untyped-def]
        used.append("other store")
        return "other"

    runner.read(src, blocked, on_done=delivered.append, on_error=delivered.append)
    runner.read(src, queued, on_done=delivered.append, on_error=delivered.append)
    runner.read(other, elsewhere, on_done=delivered.append)
    assert started.wait(10)
    assert runner.close_store(src, msecs=50) is False  # the running job cannot end before release
    release.set()
    assert runner.close_store(src) is True
    assert used[0] == "running"  # it ended inside close_store
    src.engine.dispose()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert used == ["running", "other store"]  # the queued one never ran; the other store's did
    assert delivered == ["other"]
    other.engine.dispose()
