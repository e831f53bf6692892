"""Backups of the whole local store, and restoring one without ever leaving half a store.

A backup is one file (a zip, stored uncompressed: its content is already encrypted)::

    manifest.json                   format, version, time, and every member's size and sha256
    store/fieldkit.sqlite3          the database, copied with ``VACUUM INTO`` (a consistent snapshot
                                    even while the window writes; an SQLCipher store's copy is
                                    encrypted with the same key)
    store/<file>                    the other files beside the database (the wrapped key file,
                                    settings.json): the backup opens with the same password
    attachments/<xx>/<sha256>       the attachment files as they lie on disk (encrypted)

It is written to a hidden temporary file in ``backups/``, fsynced and renamed: a kill midway leaves
the earlier backups and the store as they were. Automatic backups rotate (the newest ``keep``
stay). The same file handed to someone else is the hand-over export of a laptop's store.

Restore checks every member against the manifest, unpacks into a hidden folder beside the store,
checks that the database opens, then swaps it in with renames recorded in a journal
(``restore-journal.json``): :func:`finish_interrupted_restore` (run before any open of the store)
puts the old store back if a restore was killed before it completed. The store replaced is kept in
``backups/`` as a backup of its own. No Qt; the database is reached only through the ``connect``
callable given (plain ``sqlite3`` by default, a keyed SQLCipher connection for encrypted stores).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any, Protocol, TextIO

from fieldkit.config import db_path
from fieldkit.fileio import fsync_dir_best_effort

from .errors import FieldKitError
from .i18n import QT_TRANSLATE_NOOP as N

FORMAT = "fieldkit-backup"
VERSION = 1
SUFFIX = ".fkbackup"
KEEP = 7
AUTO_EVERY = timedelta(days=1)
JOURNAL = "restore-journal.json"
#: a replaced store that could not be saved as a backup (a damaged one) is kept in backups/ under this prefix
DAMAGED_PREFIX = "replaced-unreadable-"
MANIFEST = "manifest.json"
_BLOCK = 1 << 20
#: files beside the database that are not part of the store (SQLite's own companions)
_SKIP_SUFFIXES = ("-wal", "-shm", "-journal", ".lock", ".tmp", ".part")


class BackupError(FieldKitError):
    context = "Backup"


class DBConnection(Protocol):
    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...
    def close(self) -> None: ...


Connect = Callable[[Path], DBConnection]


def plain_connect(path: Path) -> DBConnection:
    return sqlite3.connect(str(path), isolation_level=None)


class _Attached:
    """Another database file seen through a connection of the store's engine, ``ATTACH``ed as
    ``chk``: with SQLCipher an attached file without a KEY clause uses the main database's key, so a
    backup's database is checked under the store's key without handling the key here."""

    def __init__(self, conn: Any, path: Path) -> None:
        self.conn = conn
        conn.execute("ATTACH DATABASE ? AS chk", (str(path),))

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        sql = sql.replace("PRAGMA quick_check", "PRAGMA chk.quick_check").replace(
            "FROM sqlite_master", "FROM chk.sqlite_master"
        )
        return self.conn.execute(sql, parameters)

    def close(self) -> None:
        try:
            self.conn.execute("DETACH DATABASE chk")
        finally:
            self.conn.close()


def engine_connect(engine: Any) -> Connect:
    """Connections made by the store's own SQLAlchemy engine (keyed for an SQLCipher store),
    detached from its pool so that none outlives a restore: the store's file itself, or another
    file attached beside it."""
    main = Path(str(engine.url.database)).resolve() if engine.url.database else None

    def connect(path: Path) -> DBConnection:
        fairy = engine.raw_connection()
        conn = fairy.dbapi_connection
        fairy.detach()  # closed by us, never handed back to the pool
        conn.isolation_level = None
        if main is not None and path.resolve() == main:
            return conn  # type: ignore[no-any-return]
        return _Attached(conn, path)

    return connect


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    size: int
    automatic: bool


def backups_dir(folder: Path) -> Path:
    return folder / "backups"


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _store_files(folder: Path) -> list[Path]:
    """The files of the store beside the database (key file, settings), not SQLite's companions."""
    db = db_path(folder)
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and p != db
        and not p.name.startswith(".")
        and p.name != JOURNAL
        and not p.name.endswith(_SKIP_SUFFIXES)
    )


def _attachment_files(folder: Path) -> Iterator[tuple[str, Path]]:
    root = folder / "attachments"
    if not root.exists():
        return
    for sub in sorted(p for p in root.iterdir() if p.is_dir()):
        for f in sorted(sub.iterdir()):
            if f.is_file() and not f.name.startswith(".") and not f.name.endswith(".part"):
                yield f"attachments/{sub.name}/{f.name}", f


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(_BLOCK), b""):
            h.update(block)
    return h.hexdigest()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _clear_stale(folder: Path) -> None:
    """Temporary files of backups killed midway (their process is gone)."""
    for f in folder.glob(".*.tmp*"):
        parts = f.name.split(".")
        pid = next((int(p) for p in parts if p.isdigit()), None)
        if pid is None or not _pid_alive(pid):
            with contextlib.suppress(OSError):
                f.unlink()


def _copy_database(folder: Path, dest: Path, connect: Connect) -> None:
    """A consistent copy of the database: ``VACUUM INTO`` (for an SQLCipher store the copy carries
    the same encryption and key)."""
    try:
        conn = connect(db_path(folder))
    except Exception as exc:  # sqlite3.Error or the SQLCipher driver's own (not a subclass)
        raise _db_error(exc) from None
    try:
        conn.execute("VACUUM INTO ?", (str(dest),))
    except Exception as exc:
        raise _db_error(exc) from None
    finally:
        conn.close()


def _db_error(exc: BaseException) -> BackupError:
    text = str(exc).lower()
    if "full" in text:
        return BackupError(N("Backup", "磁盘已满，备份没有完成（之前的备份和数据都未受影响）"))
    if "locked" in text or "busy" in text:
        return BackupError(N("Backup", "数据正被其他程序使用，请稍后再备份"))
    return BackupError(N("Backup", "无法读取数据库，备份没有完成：{reason}"), reason=type(exc).__name__)


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S")


def make_backup(
    folder: Path,
    dest: Path | None = None,
    *,
    connect: Connect = plain_connect,
    keep: int = KEEP,
    automatic: bool = False,
    now: datetime | None = None,
    step: Callable[[str], None] | None = None,
    rotate_after: bool = True,
) -> Path:
    """Write a backup of the store in ``folder``: to ``dest`` (an export the user chose) or into
    ``backups/`` (rotated, the newest ``keep`` kept). Returns the file written."""
    finish_interrupted_restore(folder)
    if not db_path(folder).exists():
        raise BackupError(N("Backup", "这个数据文件夹里还没有数据，无需备份"))
    now = now or datetime.now()
    target_dir = dest.parent if dest is not None else backups_dir(folder)
    target_dir.mkdir(parents=True, exist_ok=True)
    if dest is None:
        kind = "auto" if automatic else "manual"
        dest = target_dir / f"fieldkit-{_stamp(now)}-{kind}{SUFFIX}"
        n = 1
        while dest.exists():
            n += 1
            dest = target_dir / f"fieldkit-{_stamp(now)}-{kind}-{n}{SUFFIX}"
    _clear_stale(target_dir)
    pid = os.getpid()
    tmp = target_dir / f".{dest.name}.{pid}.tmp"
    db_copy = target_dir / f".{dest.name}.{pid}.tmp-db"
    try:
        if step:
            step(N("Backup", "正在复制数据库…"))
        db_copy.unlink(missing_ok=True)
        _copy_database(folder, db_copy, connect)
        members: list[tuple[str, Path]] = [(f"store/{db_path(folder).name}", db_copy)]
        members += [(f"store/{p.name}", p) for p in _store_files(folder)]
        members += list(_attachment_files(folder))
        if step:
            step(N("Backup", "正在写入备份文件…"))
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "created": now.isoformat(timespec="seconds"),
            "automatic": automatic,
            "database": f"store/{db_path(folder).name}",
            "files": {},
        }
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
            for name, path in members:
                h = hashlib.sha256()
                size = 0
                with open(path, "rb") as src, zf.open(name, "w", force_zip64=True) as out:
                    for block in iter(lambda src=src: src.read(_BLOCK), b""):  # type: ignore[misc]
                        h.update(block)
                        size += len(block)
                        out.write(block)
                manifest["files"][name] = {"size": size, "sha256": h.hexdigest()}
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o600)  # it holds the wrapped key, like keys.json itself
        _fsync(tmp)
        os.replace(tmp, dest)
        fsync_dir_best_effort(target_dir)
    except OSError as exc:
        raise _db_error(exc) if "No space" in str(exc) else _os_error(exc) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
        with contextlib.suppress(OSError):
            db_copy.unlink()
    if rotate_after and dest.parent == backups_dir(folder):
        rotate(folder, keep)
    return dest


def _os_error(exc: OSError) -> BackupError:
    return BackupError(N("Backup", "无法写入备份文件：{reason}"), reason=exc.strerror or type(exc).__name__)


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in ``backups/``, newest first."""
    d = backups_dir(folder)
    if not d.exists():
        return []
    out = []
    for p in d.glob(f"fieldkit-*{SUFFIX}"):
        try:
            created = datetime.strptime("-".join(p.stem.split("-")[1:3]), "%Y%m%d-%H%M%S")
        except ValueError:
            continue
        out.append(BackupInfo(p, created, p.stat().st_size, "-auto" in p.stem))
    return sorted(out, key=lambda b: (b.created, b.path.name), reverse=True)


def kept_stores(folder: Path) -> list[Path]:
    """The damaged stores restores have kept aside in ``backups/`` (newest first)."""
    d = backups_dir(folder)
    if not d.exists():
        return []
    return sorted((p for p in d.glob(f"{DAMAGED_PREFIX}*") if p.is_dir()), key=lambda p: p.name, reverse=True)


def rotate(folder: Path, keep: int = KEEP) -> list[Path]:
    """Delete the oldest backups beyond the newest ``keep``; returns the deleted files."""
    gone = []
    for b in list_backups(folder)[max(1, keep) :]:
        b.path.unlink(missing_ok=True)
        gone.append(b.path)
    return gone


def auto_backup(
    folder: Path, *, connect: Connect = plain_connect, keep: int = KEEP, now: datetime | None = None
) -> Path | None:
    """A rotating automatic backup when the newest backup is older than a day (or there is none);
    None when none was due."""
    now = now or datetime.now()
    newest = next(iter(list_backups(folder)), None)
    if newest is not None and now - newest.created < AUTO_EVERY:
        return None
    if not db_path(folder).exists():
        return None
    return make_backup(folder, connect=connect, keep=keep, automatic=True, now=now)


# -- restore -------------------------------------------------------------------------------------


def _bad_file() -> BackupError:
    return BackupError(N("Backup", "这不是 FieldKit 备份文件，或文件已损坏：没有恢复任何内容"))


def _safe_member(name: str) -> bool:
    p = PurePosixPath(name)
    return not p.is_absolute() and ".." not in p.parts and p.parts[0] in ("store", "attachments")


def verify_backup(archive: Path) -> dict[str, Any]:
    """The manifest of a backup whose every member matches it; :class:`BackupError` otherwise."""
    try:
        with zipfile.ZipFile(archive) as zf:
            manifest = json.loads(zf.read(MANIFEST))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise _bad_file()
            if int(manifest.get("version", 0)) > VERSION:
                raise BackupError(N("Backup", "这个备份由更新版本的 FieldKit 制作，请先升级再恢复"))
            files = manifest.get("files")
            names = set(zf.namelist()) - {MANIFEST}
            if not isinstance(files, dict) or set(files) != names or manifest.get("database") not in names:
                raise _bad_file()
            for name, meta in files.items():
                if not _safe_member(name):
                    raise _bad_file()
                h = hashlib.sha256()
                size = 0
                with zf.open(name) as fh:
                    for block in iter(lambda fh=fh: fh.read(_BLOCK), b""):  # type: ignore[misc]
                        h.update(block)
                        size += len(block)
                if h.hexdigest() != meta.get("sha256") or size != meta.get("size"):
                    raise _bad_file()
            return manifest
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError, EOFError):
        raise _bad_file() from None


def check_database(path: Path, connect: Connect = plain_connect) -> None:
    """The database at ``path`` opens and passes SQLite's quick check (with ``connect``'s key)."""
    try:
        conn = connect(path)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            row = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except Exception:  # sqlite3.Error or the SQLCipher driver's own (not a subclass)
        raise BackupError(
            N("Backup", "备份中的数据库无法打开（密码不符或文件已损坏）：没有恢复任何内容")
        ) from None
    if not row or row[0] != "ok":
        raise BackupError(N("Backup", "备份中的数据库已损坏：没有恢复任何内容"))


def _write_journal(folder: Path, state: dict[str, Any]) -> None:
    j = folder / JOURNAL
    tmp = folder / f".{JOURNAL}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(state, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, j)
    fsync_dir_best_effort(folder)


def _store_entries(folder: Path) -> list[str]:
    """The names in ``folder`` a restore replaces: the database and its companions, attachments/,
    and the other store files."""
    db = db_path(folder)
    names = [p.name for p in folder.iterdir() if p.name.startswith(db.name)]
    names += [p.name for p in _store_files(folder)]
    if (folder / "attachments").exists():
        names.append("attachments")
    return sorted(set(names))


def _clear_stale_restores(folder: Path) -> None:
    """Unpacked folders of restores killed before their swap began (their process is gone)."""
    if not folder.exists():
        return
    for p in folder.iterdir():
        if p.is_dir() and p.name.startswith((".restore-", ".replaced-")):
            pid = p.name.rsplit("-", 1)[-1]
            if pid.isdigit() and not _pid_alive(int(pid)):
                shutil.rmtree(p, ignore_errors=True)


def finish_interrupted_restore(folder: Path) -> bool:
    """Complete or undo a restore that was killed midway (before anything opens the store);
    True when there was one."""
    j = folder / JOURNAL
    if not j.exists():
        _clear_stale_restores(folder)
        return False
    try:
        state = json.loads(j.read_text(encoding="utf-8"))
        aside, staged = folder / state["aside"], folder / state["staged"]
    except (OSError, ValueError, KeyError, TypeError):
        j.unlink(missing_ok=True)
        return True
    keep = state.get("keep") if state.get("stage") == "done" else None
    if isinstance(keep, str) and keep and aside.exists():
        # the replaced store could not be saved as a backup (it is damaged): kept, never deleted
        target = backups_dir(folder) / keep
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(aside, target)
    if state.get("stage") != "done":
        # put back the store as it was. Once moving in began every old entry is aside, so what has
        # a new entry's name in the folder is new and goes back to staged first; while moving
        # aside, the folder holds only old entries and none is touched
        if state.get("stage") == "moving_in":
            for name in state.get("new", []):
                if (folder / name).exists() and staged.exists():
                    os.replace(folder / name, staged / name)
        if aside.exists():
            for p in aside.iterdir():
                os.replace(p, folder / p.name)
    fsync_dir_best_effort(folder)
    j.unlink(missing_ok=True)
    shutil.rmtree(staged, ignore_errors=True)
    shutil.rmtree(aside, ignore_errors=True)
    return True


def restore(
    folder: Path,
    archive: Path,
    *,
    connect: Connect = plain_connect,
    now: datetime | None = None,
    step: Callable[[str], None] | None = None,
    fault: Callable[[str], None] | None = None,
) -> Path | None:
    """Replace the store in ``folder`` by the one in ``archive``. The current store is first saved
    as a backup (returned; None when there was none to save). Nothing changes unless the backup
    verifies and its database opens."""
    finish_interrupted_restore(folder)
    if step:
        step(N("Backup", "正在检查备份文件…"))
    manifest = verify_backup(archive)
    now = now or datetime.now()
    staged = folder / f".restore-{_stamp(now)}-{os.getpid()}"
    aside = folder / f".replaced-{_stamp(now)}-{os.getpid()}"
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir()
    try:
        if step:
            step(N("Backup", "正在解开备份…"))
        with zipfile.ZipFile(archive) as zf:
            for name in manifest["files"]:
                rel = PurePosixPath(name)
                target = staged / (Path(*rel.parts[1:]) if rel.parts[0] == "store" else Path(*rel.parts))
                target.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with zf.open(name) as src, open(fd, "wb") as out:
                    shutil.copyfileobj(src, out, _BLOCK)
                    out.flush()
                    os.fsync(out.fileno())
        check_database(staged / PurePosixPath(manifest["database"]).name, connect)
        saved = None
        if db_path(folder).exists():
            if step:
                step(N("Backup", "正在备份当前数据…"))
            with contextlib.suppress(BackupError):  # a damaged current store is what is being replaced
                saved = make_backup(folder, connect=connect, now=now, rotate_after=False)
        if fault:
            fault("before_swap")
        new = sorted(p.name for p in staged.iterdir())
        old = _store_entries(folder)
        journal = {"aside": aside.name, "staged": staged.name, "new": new}
        _write_journal(folder, {**journal, "stage": "moving_aside"})
        aside.mkdir()
        for name in old:
            os.replace(folder / name, aside / name)
            if fault:
                fault("moved_aside")
        _write_journal(folder, {**journal, "stage": "moving_in"})
        for name in new:
            os.replace(staged / name, folder / name)
            if fault:
                fault("moved_in")
        fsync_dir_best_effort(folder)
        check_database(db_path(folder), connect)
        done: dict[str, Any] = {**journal, "stage": "done"}
        if saved is None and old:  # nothing saved it: the replaced store is kept aside in backups/
            done["keep"] = f"{DAMAGED_PREFIX}{_stamp(now)}-{os.getpid()}"
        _write_journal(folder, done)
    except BaseException:
        if (folder / JOURNAL).exists():
            finish_interrupted_restore(folder)
        shutil.rmtree(staged, ignore_errors=True)
        raise
    finish_interrupted_restore(folder)
    return saved


# -- command line --------------------------------------------------------------------------------


def _say(text: str, **params: object) -> str:
    from .i18n import translate

    return translate("Backup", text, **params)


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} KB"


def backup_cli(
    folder: Path,
    *,
    to: str | None,
    list_only: bool,
    keep: int,
    connect: Connect = plain_connect,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """``fieldkit backup``: make one (or list them); 0 on success, 2 with a message on failure."""
    out, err = out or sys.stdout, err or sys.stderr
    if list_only:
        found = list_backups(folder)
        if not found:
            out.write(_say(N("Backup", "还没有备份")) + "\n")
        for b in found:
            kind = _say(N("Backup", "自动")) if b.automatic else _say(N("Backup", "手动"))
            out.write(f"{b.created:%Y-%m-%d %H:%M}  {kind}  {_size(b.size)}  {b.path}" + "\n")
        return 0
    try:
        made = make_backup(folder, Path(to) if to else None, connect=connect, keep=keep)
    except BackupError as exc:
        err.write(exc.text() + "\n")
        return 2
    out.write(
        _say(N("Backup", "备份已写入 {path}（{size}）"), path=made, size=_size(made.stat().st_size)) + "\n"
    )
    return 0


def restore_cli(
    folder: Path,
    archive: Path,
    *,
    assume_yes: bool,
    connect: Connect = plain_connect,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """``fieldkit restore FILE``: verify, ask, restore; 0 on success, 1 when declined, 2 on failure."""
    out, err = out or sys.stdout, err or sys.stderr

    if not archive.is_file():
        err.write(_say(N("Backup", "找不到备份文件：{path}"), path=archive) + "\n")
        return 2
    try:
        manifest = verify_backup(archive)
    except BackupError as exc:
        err.write(exc.text() + "\n")
        return 2
    created = str(manifest.get("created", "")).replace("T", " ")[:16]
    if not assume_yes:
        question = _say(
            N("Backup", "用 {created} 的备份替换本机的全部数据？当前数据会先另存为一份备份。输入 y 确认："),
            created=created,
        )
        if not sys.stdin.isatty():
            err.write(_say(N("Backup", "请加 --yes 确认恢复")) + "\n")
            return 1
        if input(question).strip().lower() not in ("y", "yes", "是"):
            out.write(_say(N("Backup", "已取消，数据未改动")) + "\n")
            return 1
    try:
        saved = restore(folder, archive, connect=connect)
    except BackupError as exc:
        err.write(exc.text() + "\n")
        return 2
    out.write(_say(N("Backup", "已恢复 {created} 的备份"), created=created) + "\n")
    if saved is not None:
        out.write(_say(N("Backup", "恢复前的数据另存在 {path}"), path=saved) + "\n")
    return 0
