"""What an unexpected error does in the window (the packaged app has no console to print to).

:func:`install` opens the log (``logs/fieldkit.log`` in the data folder, created with its first
record, rotated at 1 MB, three kept) for warnings and errors, sends ``faulthandler``'s report of a
hard crash to the console or, without one, to ``logs/fatal.log``, and replaces
``sys.excepthook``: an exception no code caught (PySide6 hands those raised in slots to the hook)
is written to the log with its traceback first, then a dialog in the user's language says that
something went wrong, that the work already saved is kept, and where the log is. The user may go on
or quit; quitting closes the windows normally, so each view saves its draft as on any quit.

With ``FIELDKIT_STARTUP_PROBE`` set (the tests and benchmarks of the installed app) the dialog
prints ``FIELDKIT_CRASH log=<path>`` and answers "quit" by itself once it is shown. With
``FIELDKIT_SELFTEST_CRASH=1`` the window raises an error of its own once its first view has loaded,
so that an administrator can see the crash report work on an installed copy (docs/install.md).
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

ENV_SELFTEST = "FIELDKIT_SELFTEST_CRASH"
ENV_PROBE = "FIELDKIT_STARTUP_PROBE"  # the same switch as fieldkit.app.ENV_PROBE (ui may not import app)

log = logging.getLogger("fieldkit")
_state: dict[str, Any] = {}


class SelfTestCrash(RuntimeError):
    """Raised on purpose by FIELDKIT_SELFTEST_CRASH=1."""


class _LazyFileHandler(logging.handlers.RotatingFileHandler):
    """Creates the log's folder and file with the first record: a run with nothing to report
    writes nothing into the data folder."""

    def _open(self) -> Any:
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()


def install(log_path: Path) -> Path:
    """Log warnings and errors to ``log_path`` and show the crash dialog for uncaught exceptions.
    Idempotent."""
    previous = _state.get("handler")
    if previous is not None:
        logging.getLogger().removeHandler(previous)
        previous.close()
    handler = _LazyFileHandler(log_path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)
    logging.captureWarnings(True)
    if sys.stderr is None and not faulthandler.is_enabled():
        # no console (the windowed app on Windows): a hard crash (segfault) leaves its stack here
        log_path.parent.mkdir(parents=True, exist_ok=True)
        fault: IO[str] = open(log_path.with_name("fatal.log"), "a", encoding="utf-8")  # noqa: SIM115
        faulthandler.enable(file=fault)
        _state["fault_file"] = fault
    elif sys.stderr is not None and not faulthandler.is_enabled():
        faulthandler.enable()  # a console (Linux: the terminal, or the session's log)
    _state.update(handler=handler, log_path=log_path)
    sys.excepthook = _excepthook
    return log_path


def uninstall() -> None:
    """Undo :func:`install` (tests)."""
    handler = _state.pop("handler", None)
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()
    fault = _state.pop("fault_file", None)
    if fault is not None:
        faulthandler.disable()
        fault.close()
    _state.pop("log_path", None)
    if sys.excepthook is _excepthook:
        sys.excepthook = sys.__excepthook__


def crashed() -> bool:
    """Whether an uncaught error has reached the hook in this process."""
    return bool(_state.get("crashed"))


def log_path() -> Path | None:
    path = _state.get("log_path")
    return path if isinstance(path, Path) else None


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    _state["crashed"] = True
    log.critical("unexpected error\n%s", "".join(traceback.format_exception(kind, exc, tb)))
    for handler in logging.getLogger().handlers:
        handler.flush()
    if sys.stderr is not None:  # a console (Linux, a terminal): the traceback there too
        traceback.print_exception(kind, exc, tb, file=sys.stderr)
    if QApplication.instance() is None or _state.get("showing"):
        return  # no window to show it in, or a second error while the dialog is open: logged
    _state["showing"] = True
    try:
        if ask_quit(log_path()):
            QTimer.singleShot(0, _quit)
    finally:
        _state["showing"] = False


def crash_box(path: Path | None) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("CrashDialog", "FieldKit 出错了"),
        QCoreApplication.translate("CrashDialog", "FieldKit 遇到了意外的错误。"),
    )
    box.setObjectName("crash_dialog")
    where = str(path) if path else QCoreApplication.translate("CrashDialog", "（日志文件无法创建）")
    box.setInformativeText(
        QCoreApplication.translate(
            "CrashDialog",
            "已经保存的工作不会丢失。错误的详细情况已写入日志文件：\n{log}\n\n请把这个文件发给本单位的管理员。",
        ).format(log=where)
    )
    box.addButton(QCoreApplication.translate("CrashDialog", "继续使用"), QMessageBox.ButtonRole.RejectRole)
    quit_button = box.addButton(
        QCoreApplication.translate("CrashDialog", "退出程序"), QMessageBox.ButtonRole.AcceptRole
    )
    box.setDefaultButton(quit_button)
    box.setProperty("quit_button", quit_button)
    return box


def ask_quit(path: Path | None) -> bool:
    """Show the crash dialog; True when the user chose to quit."""
    box = crash_box(path)
    quit_button = box.property("quit_button")
    if os.environ.get(ENV_PROBE):
        sys.stdout.write(f"FIELDKIT_CRASH log={path}\n")  # read by the installed-app test
        sys.stdout.flush()
        QTimer.singleShot(0, quit_button.click)
    box.exec()
    return bool(box.clickedButton() is quit_button)


def _quit() -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.closeAllWindows()  # each view saves its draft in closeEvent, as on any quit
        app.exit(3)


def schedule_selftest(signal: Any) -> None:
    """FIELDKIT_SELFTEST_CRASH=1: an uncaught error in the slot of ``signal`` (the window's first
    view loaded), as a bug in a slot would raise."""
    if os.environ.get(ENV_SELFTEST) == "1":
        signal.connect(_raise_selftest)


def _raise_selftest(*_: object) -> None:
    raise SelfTestCrash("FIELDKIT_SELFTEST_CRASH=1: deliberate error to check the crash report")
