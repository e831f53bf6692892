"""What a store left by a crash must still be: openable, whole, every index of a fresh store,
and every file its rows name."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fieldkit.config import attachments_dir, db_path
from fieldkit.db import open_store
from fieldkit.services.attachments import AttachmentService
from fieldkit.services.store import SYSTEM


def schema_objects(db: Path) -> set[tuple[str, str]]:
    """(type, name) of every index and trigger in the file (read-only)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        rows = c.execute("SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger')").fetchall()
    c.close()
    return {(str(t), str(n)) for t, n in rows}


def missing_files(folder: Path) -> list[str]:
    """Attachments (live rows, and records' signatures) whose bytes are not in the folder."""
    files = AttachmentService(SYSTEM, attachments_dir(folder))
    with sqlite3.connect(f"file:{db_path(folder)}?mode=ro", uri=True) as c:
        shas = {r[0] for r in c.execute("SELECT sha256 FROM attachment WHERE deleted = 0")}
        shas |= {
            r[0]
            for r in c.execute(
                "SELECT signature_sha256 FROM servicerecord WHERE signature_sha256 IS NOT NULL"
            )
        }
    c.close()
    return sorted(s for s in shas if not files.path_for(s).exists())


def assert_sound(folder: Path, fresh: set[tuple[str, str]]) -> None:
    engine = open_store(db_path(folder))  # opens: no StoreError, no driver error
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    engine.dispose()
    assert schema_objects(db_path(folder)) == fresh
    assert missing_files(folder) == []
