"""The server's own Alembic migrations: the migrated schema is the metadata (SQLite, PostgreSQL),
a database made by create_all before migrations existed is stamped and upgraded with its data,
and the server's version table never collides with the desktop store's in one file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, insert, inspect, select, text

from fieldkit import db as desktop_db
from fieldkit.server import db
from fieldkit.server.tables import metadata, server_row

from .conftest import POSTGRES_URL, postgres_database


def _sqlite(path: Path) -> Engine:
    return create_engine(f"sqlite:///{path}")


@pytest.fixture(params=["sqlite", *(["postgres"] if POSTGRES_URL else [])])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        e = _sqlite(tmp_path / "server.sqlite3")
        yield e
        e.dispose()
        return
    with postgres_database() as url:
        e = create_engine(url)
        yield e
        e.dispose()


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        mc = MigrationContext.configure(conn, opts={"compare_type": True, "version_table": db.VERSION_TABLE})
        return list(compare_metadata(mc, metadata))


def test_the_migrated_schema_is_the_metadata(engine: Engine) -> None:
    db.create_schema(engine)
    assert _differences(engine) == []
    with engine.connect() as conn:
        assert db.current_revision(conn) == db.head_revision()
        tables = set(inspect(conn).get_table_names())
    assert db.VERSION_TABLE in tables and "alembic_version" not in tables
    db.create_schema(engine)  # idempotent
    with engine.connect() as conn:
        counters = conn.execute(text("SELECT name, value FROM server_counter ORDER BY name")).all()
    assert [tuple(c) for c in counters] == [("change_seq", 0), ("purged_seq", 0)]


@pytest.mark.parametrize("made_before", ["attachments", "migrations"])
def test_an_unversioned_database_from_create_all_is_stamped_and_upgraded(
    engine: Engine, made_before: str
) -> None:
    """Databases made by ``metadata.create_all`` before migrations: with the tables of the first
    server (before attachment bytes) or of the baseline; their rows are kept."""
    later = {"server_login_throttle", "server_scope_move", "server_security_event"}
    if made_before == "attachments":
        later |= {"server_blob", "server_blob_chunk"}
    metadata.create_all(engine, tables=[t for t in metadata.sorted_tables if t.name not in later])
    with engine.begin() as conn:
        conn.execute(
            insert(server_row).values(
                table_name="zone",
                id="z1",
                version=1,
                deleted=False,
                data={"id": "z1", "name": "高新区"},
                field_versions={},
            )
        )
    with engine.connect() as conn:
        assert db.current_revision(conn) is None
        assert not inspect(conn).has_table("server_login_throttle")
    assert set(db.BASELINE_TABLES) | later == set(metadata.tables)
    db.create_schema(engine)
    assert _differences(engine) == []
    with engine.connect() as conn:
        assert db.current_revision(conn) == db.head_revision()
        assert conn.scalar(select(server_row.c.data).where(server_row.c.id == "z1")) == {
            "id": "z1",
            "name": "高新区",
        }


def test_the_baseline_revision_is_the_baseline_tables(engine: Engine) -> None:
    cfg = db.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, db.BASELINE)
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names()) - {db.VERSION_TABLE}
    assert tables == set(db.BASELINE_TABLES)


def test_downgrade_to_base_removes_every_server_table(engine: Engine) -> None:
    db.create_schema(engine)
    cfg = db.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    with engine.connect() as conn:
        left = set(inspect(conn).get_table_names()) - {db.VERSION_TABLE}
    assert not [t for t in left if t.startswith("server_")]


def test_server_and_desktop_migrations_share_one_file_without_colliding(tmp_path: Path) -> None:
    path = tmp_path / "both.sqlite3"
    engine = desktop_db.sqlite_engine(path)
    desktop_db.upgrade(engine)
    db.create_schema(engine)
    assert desktop_db.current_revision(engine) == desktop_db.head_revision()
    with engine.connect() as conn:
        assert db.current_revision(conn) == db.head_revision()
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == (
            desktop_db.head_revision()
        )
    assert _differences_of_server_tables(engine) == []
    engine.dispose()


def _differences_of_server_tables(engine: Engine) -> list[object]:
    """compare_metadata limited to the server's tables (the desktop's are in the same file)."""
    with engine.connect() as conn:
        mc = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "version_table": db.VERSION_TABLE,
                "include_name": lambda name, type_, _parent: type_ != "table" or name in metadata.tables,
            },
        )
        return list(compare_metadata(mc, metadata))
