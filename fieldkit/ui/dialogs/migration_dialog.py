"""The store's migration shown while it runs: a progress dialog fed by signals from the thread that
migrates (opening a store whose schema is behind can take a minute: the full-text index of 0006).

:class:`MigrationProgress` is the listener the composition root installs for every migration
(``fieldkit.db.set_migration_listener``); :func:`run_off_ui_thread` runs the opening itself on the
task runner while the event loop keeps painting the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from fieldkit.ui.workers import TaskRunner

T = TypeVar("T")

#: the bar's resolution (QProgressDialog counts in integers)
STEPS = 1000


class MigrationProgress(QObject):
    """Shows a modal progress dialog from the first report of a migration until its last (1.0)."""

    #: (fraction done 0…1, what is being done, already in the interface language)
    progressed = Signal(float, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: QProgressDialog | None = None
        self.progressed.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def report(self, fraction: float, text: str) -> None:
        """The listener: called on the migrating thread; the dialog follows on the GUI thread."""
        self.progressed.emit(fraction, text)

    @Slot(float, str)
    def _show(self, fraction: float, text: str) -> None:
        if fraction >= 1.0:
            if self.dialog is not None:
                self.dialog.close()
                self.dialog.deleteLater()
                self.dialog = None
            return
        if self.dialog is None:
            parent = self.parent()
            dlg = QProgressDialog(parent if isinstance(parent, QWidget) else None)
            dlg.setWindowTitle(self.tr("正在升级本机数据"))
            dlg.setCancelButton(None)  # a migration is one transaction: it finishes or rolls back
            dlg.setRange(0, STEPS)
            dlg.setMinimumDuration(0)
            dlg.setMinimumWidth(420)
            dlg.setAutoClose(False)
            dlg.setAutoReset(False)
            dlg.setWindowModality(Qt.WindowModality.ApplicationModal)
            self.dialog = dlg
            dlg.show()
        self.dialog.setLabelText(text)
        self.dialog.setValue(int(fraction * STEPS))


def run_off_ui_thread(
    runner: TaskRunner, fn: Callable[[], T], *, meanwhile: Callable[[], object] | None = None
) -> T:
    """``fn()`` on the task runner while this (GUI) thread keeps its event loop running (the
    migration dialog paints, the window system gets answers); its result, or its exception raised
    here. ``meanwhile`` runs here once ``fn`` has started (short GUI-thread work that can overlap
    it, e.g. importing the next window's modules while argon2id runs without the GIL); ``fn``'s
    outcome is waited for even when ``meanwhile`` raises."""
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def done(result: Any) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(exc: BaseException) -> None:
        outcome["error"] = exc
        loop.quit()

    runner.run(fn, done, failed, owner=loop)
    try:
        if meanwhile is not None:
            meanwhile()
    finally:
        if not outcome:  # not already delivered
            loop.exec()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]  # type: ignore[no-any-return]
