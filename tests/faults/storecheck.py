"""What a store left by a crash must still be: openable, whole, every index of a fresh store,
and every file its rows name. Stores may be encrypted (as ``fieldkit demo`` makes them): they are
opened with the key the demo's password unwraps."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fieldkit import keystore
from fieldkit.config import attachments_dir, db_path
from fieldkit.db import open_store
from fieldkit.services.attachments import AttachmentService
from fieldkit.services.demo import DEMO_PASSWORD
from fieldkit.services.store import SYSTEM
from fieldkit.store_crypt import cipher_connect, is_plaintext

PASSWORD = DEMO_PASSWORD  # FIELDKIT_PASSWORD for the command line on these stores


def store_key(folder: Path) -> bytes | None:
    """The data key of the folder's store (None: a plaintext store)."""
    if is_plaintext(db_path(folder)) or not (folder / "keys.json").exists():
        return None
    return keystore.open_key_any(folder, PASSWORD)[1]


def connect_ro(db: Path) -> Any:
    """A read-only connection to the store file (keyed when it is encrypted)."""
    return cipher_connect(db, store_key(db.parent), uri=f"file:{quote(str(db))}?mode=ro")


def schema_objects(db: Path) -> set[tuple[str, str]]:
    """(type, name) of every index and trigger in the file (read-only)."""
    c = connect_ro(db)
    rows = c.execute("SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger')").fetchall()
    c.close()
    return {(str(t), str(n)) for t, n in rows}


def missing_files(folder: Path) -> list[str]:
    """Attachments (live rows, and records' signatures) whose bytes are not in the folder."""
    files = AttachmentService(SYSTEM, attachments_dir(folder))
    c = connect_ro(db_path(folder))
    shas = {r[0] for r in c.execute("SELECT sha256 FROM attachment WHERE deleted = 0")}
    shas |= {
        r[0]
        for r in c.execute("SELECT signature_sha256 FROM servicerecord WHERE signature_sha256 IS NOT NULL")
    }
    c.close()
    return sorted(s for s in shas if not files.path_for(s).exists())


def assert_sound(folder: Path, fresh: set[tuple[str, str]]) -> None:
    engine = open_store(db_path(folder), store_key(folder))  # opens: no StoreError, no driver error
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    engine.dispose()
    assert schema_objects(db_path(folder)) == fresh
    assert missing_files(folder) == []
