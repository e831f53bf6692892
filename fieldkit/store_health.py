"""What is wrong with a local store, in one place: :class:`StoreError` and its :class:`Problem`.

:func:`fieldkit.db.open_store` raises a :class:`StoreError` for a store it cannot or must not use
(random bytes, a truncated file, another application's SQLite file, a schema newer than this
program, a read-only or full disk, a data folder that is a file, a store another program holds),
and :func:`classify` turns any driver or file-system error met later (an import on a full disk, a
save while another program writes) into one. The command line prints :meth:`StoreError.text` and
exits with :attr:`StoreError.exit_code`; the window shows it in a dialog that offers another data
folder, a restore from a backup, or quitting. Never the driver's own text ("database is locked").

No Qt here; messages are marked for translation (context ``Store``).
"""

from __future__ import annotations

import enum
import errno
import shutil
import sqlite3
from pathlib import Path

from fieldkit.domain.errors import FieldKitError
from fieldkit.domain.i18n import QT_TRANSLATE_NOOP as N


class Problem(enum.Enum):
    CORRUPT = "corrupt"  # random bytes, a truncated or damaged file (and SQLCipher's wrong key)
    FOREIGN = "foreign"  # another application's SQLite database: never adopted
    NEWER = "newer"  # written by a newer FieldKit: its schema revision is unknown here
    READ_ONLY = "read_only"  # the store would have to be written (created, upgraded) but cannot be
    DISK_FULL = "disk_full"
    BUSY = "busy"  # another program holds a write transaction beyond the busy timeout
    NOT_A_FOLDER = "not_a_folder"  # --data-dir names a file
    UNREADABLE = "unreadable"  # permissions, I/O errors


#: exit codes of the command line (the sync command's own codes are 0–6 and 130)
EXIT_CODES = {
    Problem.CORRUPT: 7,
    Problem.FOREIGN: 7,
    Problem.NEWER: 7,
    Problem.NOT_A_FOLDER: 7,
    Problem.UNREADABLE: 7,
    Problem.BUSY: 8,
    Problem.DISK_FULL: 9,
    Problem.READ_ONLY: 9,
}

MESSAGES = {
    Problem.CORRUPT: N(
        "Store",
        "数据文件 {path} 已损坏或不是 FieldKit 的数据库，无法打开。文件未作任何改动。"
        "可以从备份恢复，或打开其他数据文件夹。",
    ),
    Problem.FOREIGN: N(
        "Store",
        "文件 {path} 是其他程序的数据库，不是 FieldKit 的数据。FieldKit 不会使用或改动它。请选择其他数据文件夹。",
    ),
    Problem.NEWER: N(
        "Store",
        "数据文件 {path} 由更新版本的 FieldKit 创建（数据库版本 {revision}），此版本无法打开。"
        "请升级 FieldKit，或打开其他数据文件夹。",
    ),
    Problem.READ_ONLY: N(
        "Store",
        "数据文件夹 {path} 是只读的，无法写入。请检查文件夹权限，或打开其他数据文件夹。",
    ),
    Problem.DISK_FULL: N(
        "Store",
        "磁盘已满，数据未能写入 {path}。已有数据没有受损；请腾出磁盘空间后重试。",
    ),
    Problem.BUSY: N(
        "Store",
        "数据正被另一个程序使用（{path}），例如另一个 FieldKit 窗口或命令。请稍后再试。",
    ),
    Problem.NOT_A_FOLDER: N(
        "Store",
        "{path} 是一个文件，不是文件夹。请用 --data-dir 指定一个数据文件夹。",
    ),
    Problem.UNREADABLE: N(
        "Store",
        "无法读取数据文件 {path}（{reason}）。请检查文件和文件夹的权限，或打开其他数据文件夹。",
    ),
}


class StoreError(FieldKitError):
    """A store that cannot be used as it is; :attr:`problem` says why."""

    context = "Store"

    def __init__(self, problem: Problem, path: Path, *, revision: str = "", reason: str = "") -> None:
        super().__init__(MESSAGES[problem], path=str(path), revision=revision, reason=reason)
        self.problem = problem
        self.path = path

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.problem]

    @property
    def restorable(self) -> bool:
        """Whether restoring a backup is a way out (the file itself is bad)."""
        return self.problem in (Problem.CORRUPT, Problem.NEWER)


def _driver_error(exc: BaseException) -> BaseException:
    """The DB-API error under SQLAlchemy's wrapper (``exc.orig``), else ``exc`` itself."""
    orig = getattr(exc, "orig", None)
    return orig if isinstance(orig, BaseException) else exc


def problem_of(exc: BaseException) -> Problem | None:
    """The problem a driver or file-system error stands for; None: not a store problem (a bug)."""
    err = _driver_error(exc)
    if isinstance(err, OSError):  # others (a missing input file, …) are not about the store
        if err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return Problem.DISK_FULL
        if err.errno == errno.EROFS:
            return Problem.READ_ONLY
        return None
    if not isinstance(err, sqlite3.Error) and type(err).__module__.split(".")[0] not in (
        "sqlite3",
        "sqlcipher3",
        "pysqlcipher3",
    ):
        return None
    text = str(err).lower()
    code = getattr(err, "sqlite_errorcode", None)
    if "locked" in text or "busy" in text or code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return Problem.BUSY
    if "full" in text or code == sqlite3.SQLITE_FULL:
        return Problem.DISK_FULL
    if "readonly" in text or "read-only" in text or code == sqlite3.SQLITE_READONLY:
        return Problem.READ_ONLY
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return Problem.CORRUPT
    if code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        return Problem.CORRUPT
    if "unable to open" in text or "disk i/o" in text or code == sqlite3.SQLITE_CANTOPEN:
        return Problem.UNREADABLE
    return None


def classify(exc: BaseException, path: Path) -> StoreError | None:
    """``exc`` as a :class:`StoreError` about the store at ``path`` (None: not a store problem)."""
    if isinstance(exc, StoreError):
        return exc
    problem = problem_of(exc)
    if problem is None:
        return None
    if problem is Problem.UNREADABLE and _nearly_full(path):  # SQLite's "disk I/O error" on a full disk
        problem = Problem.DISK_FULL
    target = path.parent if problem in (Problem.READ_ONLY, Problem.NOT_A_FOLDER) and path.suffix else path
    reason = getattr(_driver_error(exc), "strerror", None) or str(_driver_error(exc))
    return StoreError(problem, target, reason=str(reason))


#: free space below which an I/O error is taken for a full disk
_FULL_BYTES = 1 << 20


def _nearly_full(path: Path) -> bool:
    for p in (path, *path.parents):
        if p.exists():
            try:
                return shutil.disk_usage(p).free < _FULL_BYTES
            except OSError:
                return False
    return False


def check_folder(folder: Path) -> None:
    """Refuse a data folder that is a file (or lies under one) before anything is created in it."""
    for p in (folder, *folder.parents):
        if p.exists():
            if not p.is_dir():
                raise StoreError(Problem.NOT_A_FOLDER, p)
            return
