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
