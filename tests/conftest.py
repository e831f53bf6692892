"""Test-wide settings: Qt runs offscreen, every test gets its own data folder, and a new plaintext
store is a copy of one migrated once per test process (see :func:`_new_stores_from_a_template`)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# argon2id at its smallest cost for the stores' key wraps (fieldkit.keystore); inherited by the
# processes the tests start
os.environ.setdefault("FIELDKIT_CHEAP_KDF", "1")

import pytest  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "fresh_migrations: a new store in this test runs the whole migration chain itself "
        "(instead of being copied from the session's migrated template)",
    )


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the real user data folder."""
    monkeypatch.setenv("FIELDKIT_DATA_DIR", str(tmp_path_factory.mktemp("fieldkit-data")))


class _StoreTemplate:
    """A new, empty plaintext store migrated to HEAD by :func:`fieldkit.db.open_store` itself,
    made the first time a test asks for one (once per test process, xdist worker included)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path: Path | None = None

    def file(self, real_open: Callable[..., Any], factory: Any) -> Path:
        if self.path is None:
            from fieldkit import db

            path = self.folder / "template.sqlite3"
            listener = db.set_migration_listener(None)  # a test's progress listener sees only its own stores
            try:
                real_open(path, factory, False).dispose()
            finally:
                db.set_migration_listener(listener)
            # the write-ahead log folded into the file, so that one file is the whole store
            with sqlite3.connect(path) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()
            for suffix in ("-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
            self.path = path
        return self.path


@pytest.fixture(scope="session")
def _store_template(tmp_path_factory: pytest.TempPathFactory) -> _StoreTemplate:
    return _StoreTemplate(tmp_path_factory.mktemp("store-template"))


@pytest.fixture(autouse=True)
def _new_stores_from_a_template(
    request: pytest.FixtureRequest, _store_template: _StoreTemplate, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """A new plaintext store (``open_store`` on a path where no file is) starts as a byte copy of
    one the same code migrated from nothing earlier in this process, instead of running the 0001 …
    HEAD chain again (seconds per store on a busy 2-core machine). A freshly migrated store holds no
    row that differs between two runs (no ids, no timestamps: checked by
    tests/unit/test_store_template.py), so the copy is
    the store the chain would have made. Everything after the copy is the real ``open_store``
    (checks, pragmas, upkeep). Encrypted stores, other processes and tests marked
    ``fresh_migrations`` (and every test module about migrations) run the chain itself;
    FIELDKIT_TEST_FRESH_MIGRATIONS=1 turns the copying off for a whole run."""
    module = getattr(request.module, "__name__", "")
    if (
        os.environ.get("FIELDKIT_TEST_FRESH_MIGRATIONS") == "1"
        or request.node.get_closest_marker("fresh_migrations")
        or "migration" in module.rsplit(".", 1)[-1]
    ):
        yield
        return
    try:
        from fieldkit import db
    except ImportError:  # pragma: no cover - the package is always importable from the rootdir
        yield
        return
    real_open = db._open

    def _open(path: Path, factory: Any, read_only: bool) -> Any:
        if factory is db.sqlite_engine and not read_only and _is_new(path) and _can_create(db, path):
            template = _store_template.file(real_open, factory)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(template, path)
            except OSError:  # a folder the test made unwritable, a full disk: the real path decides
                path.unlink(missing_ok=True)
        return real_open(path, factory, read_only)

    monkeypatch.setattr(db, "_open", _open)
    yield


def _is_new(path: Path) -> bool:
    return not any(
        p.exists() or p.is_symlink()
        for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-journal"))
    )


def _can_create(db: Any, path: Path) -> bool:
    """What ``open_store`` checks before it creates a store, so that a refused folder is refused by it."""
    try:
        db.check_folder(path.parent)
    except Exception:
        return False
    parent = next((p for p in (path.parent, *path.parent.parents) if p.exists()), None)
    return parent is not None and parent.is_dir() and os.access(parent, os.W_OK)
