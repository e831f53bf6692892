"""Encrypting a plaintext store in place, safely.

:func:`encrypt_in_place` copies the plaintext file into a new SQLCipher file beside it
(``sqlcipher_export`` into an attached database with the key), checks the copy (``integrity_check``
and the row count of every table against the original), flushes it to disk and renames it over
the original. Until that rename the original is untouched and complete (its write-ahead log is
checkpointed into it first), so a crash or a kill at any point leaves either the old plaintext
store or the new encrypted one, never a half of either; a leftover ``.encrypting`` file of a
crashed run is removed by the next. After the rename the plaintext file is gone; its -wal/-shm
are removed before it (the WAL was checkpointed, nothing remains in it).

Fault points (for the SIGKILL tests): with ``FIELDKIT_FAULT_POINT=<name>`` in the environment the
process kills itself with SIGKILL on reaching that point: ``after_export``, ``after_verify``,
``before_rename``, ``after_rename``.
"""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path
from typing import Any

ENV_FAULT = "FIELDKIT_FAULT_POINT"
SQLITE_HEADER = b"SQLite format 3\x00"
SUFFIX = ".encrypting"


class EncryptionFailed(Exception):
    """The encrypted copy did not match the original: nothing was replaced."""


def key_pragma(key: bytes) -> str:
    """SQLCipher's raw-key form: the 32 bytes are the cipher key, no PBKDF2 runs per connection."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


def cipher_connect(path: Path, key: bytes | None, *, timeout: float = 30, uri: str | None = None) -> Any:
    """A sqlcipher3 connection to ``path`` (plaintext when ``key`` is None); the key is set before
    anything else reads the file. ``uri``: an SQLite URI naming ``path`` with options (``mode=ro``)."""
    import sqlcipher3.dbapi2 as sqlcipher

    from fieldkit import sqlite_adapters  # not fieldkit.models's: a connection needs no model

    sqlite_adapters.register(sqlcipher)  # its own adapter table (cheap: two dict entries)
    if uri is not None:
        conn = sqlcipher.connect(uri, uri=True, timeout=timeout, check_same_thread=False)
    else:
        conn = sqlcipher.connect(str(path), timeout=timeout, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error to word, not stderr's
    if key is not None:
        conn.execute(key_pragma(key))
    return conn


def fault(point: str) -> None:
    if os.environ.get(ENV_FAULT) == point:
        os.kill(os.getpid(), signal.SIGKILL)


def is_plaintext(path: Path) -> bool:
    """The file is an ordinary SQLite database (its header is readable); an empty or missing file
    is not (a new store is created encrypted)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except FileNotFoundError:
        return False


def sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]


def staging_path(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


def remove_staging(path: Path) -> None:
    """Remove what a crashed encryption left beside the store (encrypted, or empty: nothing readable)."""
    tmp = staging_path(path)
    for f in (tmp, *sidecars(tmp)):
        with contextlib.suppress(FileNotFoundError):
            f.unlink()


def _tables(conn: Any, schema: str = "main") -> list[str]:
    rows = conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return sorted(str(r[0]) for r in rows)


def _counts(conn: Any, schema: str = "main") -> dict[str, int]:
    return {
        t: int(conn.execute(f'SELECT count(*) FROM {schema}."{t}"').fetchone()[0])
        for t in _tables(conn, schema)
    }


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def encrypt_in_place(path: Path, key: bytes) -> dict[str, int]:
    """Encrypt the plaintext store at ``path`` with ``key`` (see the module's text). No other
    connection may be open on it. Returns the row count of every table (as checked)."""
    remove_staging(path)
    tmp = staging_path(path)
    plain = cipher_connect(path, None)
    try:
        plain.execute("PRAGMA busy_timeout = 30000")
        # everything in the WAL into the main file: the file renamed away holds it all, and no
        # committed change is left in a -wal that would outlive the rename
        busy, _log, _done = plain.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise EncryptionFailed("store in use")
        before = _counts(plain)
        version = int(plain.execute("PRAGMA user_version").fetchone()[0])
        pragma = key_pragma(key).removeprefix("PRAGMA key = ")
        plain.execute(f"ATTACH DATABASE ? AS encrypted KEY {pragma}", (str(tmp),))
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute(f"PRAGMA encrypted.user_version = {version}")
        plain.commit()
        plain.execute("DETACH DATABASE encrypted")
    finally:
        plain.close()
    fault("after_export")
    enc = cipher_connect(tmp, key)
    try:
        check = [str(r[0]) for r in enc.execute("PRAGMA integrity_check").fetchall()]
        after = _counts(enc)
        enc.execute("PRAGMA journal_mode = DELETE")  # one file to rename (open_store sets WAL again)
    finally:
        enc.close()
    if check != ["ok"] or after != before:
        remove_staging(path)
        raise EncryptionFailed(f"check {check[:3]}, counts differ: {before != after}")
    fault("after_verify")
    _fsync(tmp)
    for side in sidecars(path):  # empty after the checkpoint and the last connection's close
        with contextlib.suppress(FileNotFoundError):
            side.unlink()
    fault("before_rename")
    os.replace(tmp, path)
    if os.name == "posix":
        _fsync(path.parent)
    fault("after_rename")
    return after
