"""PyInstaller entry of the desktop bundle: the `fieldkit` command (no subcommand opens the window).

Once the window's QApplication exists, fieldkit.ui.crash handles an uncaught error (log + dialog).
An error before that (a broken installation: a module or library missing) is caught here: written
to the log in the data folder and shown in the same Chinese dialog, since the packaged app on
Windows has no console where a traceback could be read.
"""

import sys
import traceback
from pathlib import Path


def _data_dir_argument(argv: list[str]) -> str | None:
    for i, a in enumerate(argv):
        if a == "--data-dir" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--data-dir="):
            return a.split("=", 1)[1]
    return None


def _write_log(text: str) -> Path | None:
    try:
        from fieldkit.config import data_dir, log_file

        path = log_file(data_dir(_data_dir_argument(sys.argv[1:])))
    except Exception:  # the configuration itself is broken: the temp folder still takes a log
        import tempfile

        path = Path(tempfile.gettempdir()) / "fieldkit-crash.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(text)
        return path
    except OSError:
        return None


def _fatal() -> int:
    text = traceback.format_exc()
    path = _write_log(text)
    if sys.stderr is not None:
        sys.stderr.write(text)
    try:
        from PySide6.QtWidgets import QApplication

        from fieldkit.ui import crash

        _app = QApplication.instance() or QApplication(sys.argv[:1])
        crash.ask_quit(path)
    except Exception:
        pass  # no Qt at all: the log (and the console, if any) is all there is
    return 3


def run() -> int:
    try:
        from fieldkit.cli import main

        return main()
    except SystemExit:
        raise
    except Exception:
        return _fatal()


raise SystemExit(run())
