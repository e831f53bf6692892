"""The suite's new plaintext stores are copies of one migrated store (tests/conftest.py): that copy
must be exactly the store the migration chain makes for a new file, and the copying must not change
what ``open_store`` does with a new path."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fieldkit import db

pytestmark = pytest.mark.fresh_migrations


def _dump(path: Path) -> dict[str, object]:
    """What a store is, independent of how SQLite spelled it: every table's columns, foreign keys
    and indexes, every trigger and view, and every row. (The order of a rebuilt table's FOREIGN KEY
    clauses in its CREATE TABLE text differs between two runs of the chain itself, so the text is
    not compared.)"""
    with sqlite3.connect(path) as conn:
        objects = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        out: dict[str, object] = {}
        for kind, name, table, sql in objects:
            if kind == "table":
                fks = conn.execute(f'PRAGMA foreign_key_list("{name}")').fetchall()
                out[f"table {name}"] = (
                    conn.execute(f'PRAGMA table_xinfo("{name}")').fetchall(),
                    sorted(row[2:] for row in fks),  # (table, from, to, on_update, on_delete, match)
                    sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr),
                )
            elif kind == "index":
                out[f"index {name}"] = (table, conn.execute(f'PRAGMA index_xinfo("{name}")').fetchall(), sql)
            else:
                out[f"{kind} {name}"] = (table, sql)
    conn.close()
    return out


def test_a_new_store_is_the_same_as_the_test_template(tmp_path: Path, _store_template) -> None:
    engine = db.open_store(tmp_path / "chain" / "fieldkit.sqlite3")  # this test: the real chain
    assert db.current_revision(engine) == db.HEAD
    engine.dispose()
    template = _store_template.file(db._open, db.sqlite_engine)
    assert template != tmp_path / "chain" / "fieldkit.sqlite3"
    assert _dump(tmp_path / "chain" / "fieldkit.sqlite3") == _dump(template)
    # a second store from the chain is the same again: nothing in a new store differs between runs
    engine = db.open_store(tmp_path / "again" / "fieldkit.sqlite3")
    engine.dispose()
    assert _dump(tmp_path / "again" / "fieldkit.sqlite3") == _dump(template)


def test_open_store_on_a_copy_is_at_head_with_its_pragmas(tmp_path: Path, _store_template) -> None:
    import shutil

    template = _store_template.file(db._open, db.sqlite_engine)
    path = tmp_path / "copy" / "fieldkit.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(template, path)
    engine = db.open_store(path)
    try:
        assert db.current_revision(engine) == db.HEAD
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        engine.dispose()
