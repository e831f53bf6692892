"""Wiping a data folder's local data when the server says this device was revoked.

What goes: the database (and its journal / WAL / temporary files), the attachments, the key file,
the backups (and a restore's hidden copies), the sign-in slow-down's count and any half-written temporary file of these. What
stays: ``settings.json`` with only the interface language (the folder returns to first run), and
anything in the folder that is not FieldKit's (a data folder pointed at a shared directory must
never lose the user's other files). Files are overwritten with zeros before they are unlinked (a
best effort: on SSDs and copy-on-write file systems the old blocks may survive — the encryption
at rest is what protects them). The caller closes the database first (``engine.dispose()``).
No Qt; the window and the command line both call :func:`wipe_data_folder`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from fieldkit.config import Settings
from fieldkit.fileio import atomic_write

#: files and folders of a data folder that hold data (the database's own names are matched by prefix)
DATA_FILES = ("keys.json", "restore-journal.json", "signin_throttle.json")
DATA_DIRS = ("attachments", "backups")
#: a restore's unpacked or replaced copies of the store (fieldkit.services.backup), hidden folders
DATA_DIR_PREFIXES = (".restore-", ".replaced-")
DB_PREFIX = "fieldkit.sqlite3"
_BLOCK = 1 << 20


@dataclass
class WipeReport:
    removed: list[str] = field(default_factory=list)  # names relative to the folder
    failed: list[str] = field(default_factory=list)  # could not be removed (the caller says so)


def _is_data_name(name: str) -> bool:
    bare = name.lstrip(".")
    if bare.endswith(".part"):
        bare = bare[: -len(".part")]
    return bare.startswith(DB_PREFIX) or bare in DATA_FILES


def _shred(path: Path) -> None:
    """Overwrite a file with zeros (best effort), then unlink it."""
    with contextlib.suppress(OSError):
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            left = size
            zeros = bytes(min(_BLOCK, size))
            while left > 0:
                n = min(left, len(zeros))
                fh.write(zeros[:n])
                left -= n
            fh.flush()
            os.fsync(fh.fileno())
    path.unlink()


def _remove_tree(root: Path, report: WipeReport, folder: Path) -> None:
    for dirpath, _dirs, files in os.walk(root, topdown=False):
        for name in files:
            p = Path(dirpath) / name
            try:
                _shred(p)
            except OSError:
                report.failed.append(str(p.relative_to(folder)))
    shutil.rmtree(root, ignore_errors=True)
    if root.exists():
        report.failed.append(str(root.relative_to(folder)))
    else:
        report.removed.append(root.name + "/")


def wipe_data_folder(folder: Path) -> WipeReport:
    """Remove this data folder's local data (see the module doc); the language setting stays."""
    report = WipeReport()
    folder = Path(folder)
    if not folder.is_dir():
        return report
    language = Settings.load(folder).language
    for entry in sorted(folder.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            if entry.name in DATA_DIRS or entry.name.startswith(DATA_DIR_PREFIXES):
                _remove_tree(entry, report, folder)
        elif _is_data_name(entry.name):
            try:
                _shred(entry) if not entry.is_symlink() else entry.unlink()
                report.removed.append(entry.name)
            except OSError:
                report.failed.append(entry.name)
    try:  # back to first run: only the interface language is kept
        atomic_write(folder / "settings.json", json.dumps({"language": language}, ensure_ascii=False))
    except OSError:
        report.failed.append("settings.json")
    return report


__all__ = ["DATA_DIRS", "DATA_FILES", "WipeReport", "wipe_data_folder"]
