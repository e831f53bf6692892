"""Migration 0004 on stores written at 0003: every row kept; demand events, milestones and
attachments name their enterprise; every enterprise and staff member has a zone; every datetime in
the one fixed-width UTC text form, read back as the same instant."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from fieldkit.db import HEAD, current_revision, downgrade, open_store, session_factory, sqlite_engine, upgrade
from fieldkit.models import Demand, DemandEvent, Enterprise, ServiceRecord

TS = "2025-06-01 08:00:00.000000"  # naive UTC, as the ORM wrote it before 0004
CANONICAL = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$")


def datetime_columns_at_0003(path: Path) -> dict[str, list[str]]:
    """The columns a 0003 store declares DATETIME, read from its own schema (not a second list)."""
    store_at_0003(path).dispose()
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            t: cols
            for t in tables
            if (cols := [c[1] for c in con.execute(f"PRAGMA table_info({t})") if c[2].upper() == "DATETIME"])
        }
    finally:
        con.close()


def ins(conn: Connection, table: str, **values: Any) -> None:
    """Insert a row as FieldKit 0003 stored it: unnamed NOT NULL columns get a plain value."""
    row: dict[str, Any] = {}
    for c in inspect(conn).get_columns(table):
        name, kind = c["name"], str(c["type"]).upper()
        if name in values:
            row[name] = values[name]
        elif c["nullable"] or c.get("primary_key") and kind == "INTEGER":
            row[name] = None
        elif "DATETIME" in kind:
            row[name] = TS
        elif kind == "DATE":
            row[name] = "2025-06-01"
        elif kind in ("INTEGER", "BOOLEAN"):
            row[name] = 0
        elif kind == "JSON":
            row[name] = "[]"
        else:
            row[name] = ""
    cols = ", ".join(row)
    conn.execute(text(f"INSERT INTO {table} ({cols}) VALUES ({', '.join(':' + k for k in row)})"), row)


def store_at_0003(path: Path) -> Any:
    engine = sqlite_engine(path)
    upgrade(engine, "0003")
    assert current_revision(engine) == "0003"
    return engine


def dump(path: Path, table: str) -> list[dict[str, Any]]:
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(f"SELECT * FROM {table} ORDER BY rowid")]
    finally:
        con.close()


def build_two_zone_store(path: Path) -> Any:
    """Two zones; zone-less staff and enterprises; children of every kind; every old datetime form."""
    engine = store_at_0003(path)
    with engine.begin() as c:
        ins(
            c,
            "zone",
            id="z1",
            name="旌阳高新区",
            created_at="2024-01-01 00:00:00.000000",
            updated_at="2024-01-01 00:00:00+00:00",
        )
        ins(
            c,
            "zone",
            id="z2",
            name="罗江经开区",
            created_at="2024-01-02 00:00:00+00:00",
            updated_at="2024-01-02 00:00:00+00:00",
        )
        ins(c, "staff", id="s1", name="张伟", login="zw", zone_id="z2")
        ins(c, "staff", id="s2", name="李娜", login="ln", zone_id=None)  # → z1, the zone of her enterprise
        ins(c, "staff", id="s3", name="王强", login="wq", zone_id=None)  # nothing decides → 默认功能区
        ins(c, "enterprise", id="e1", name="甲公司", credit_code="1", zone_id=None)  # → z2, from s1
        ins(c, "enterprise", id="e2", name="乙公司", credit_code="2", zone_id="z1")
        ins(c, "enterprise", id="e3", name="丙公司", credit_code="3", zone_id=None)  # → 默认功能区
        ins(c, "assignment", id="a1", staff_id="s1", enterprise_id="e1", start_date="2025-01-01")
        ins(c, "assignment", id="a2", staff_id="s2", enterprise_id="e2", start_date="2025-01-01")
        # the same instant, 2025-06-01 02:00 UTC, in each form a 0003 store may hold
        ins(
            c,
            "servicerecord",
            id="r1",
            enterprise_id="e1",
            staff_id="s1",
            visit_at="2025-06-01 02:00:00.000000",
            submitted_at="2025-06-01 02:00:00+00:00",
            reviewed_at="2025-06-01 10:00:00+08:00",
            created_at="2025-06-01 02:00:00",
            updated_at="2025-06-01 02:00:00.000001+00:00",
        )
        ins(
            c,
            "demand",
            id="d1",
            enterprise_id="e1",
            staff_id="s1",
            collected_at="2025-05-14 08:20:00+00:00",
            closed_at=None,
        )
        ins(c, "demandevent", id="de1", demand_id="d1", to_state="collected", at="2025-05-14 08:20:00+00:00")
        ins(
            c,
            "demandevent",
            id="de2",
            demand_id="d1",
            from_state="collected",
            to_state="assigned",
            at="2025-05-14 09:00:26.244961+00:00",
        )
        ins(c, "proxyservice", id="p1", enterprise_id="e2", staff_id="s2", item="施工许可证")
        ins(c, "proxymilestone", id="m1", proxy_id="p1", title="收集材料")
        ins(c, "attachment", id="at1", sha256="ab" * 32, owner_table="servicerecord", owner_id="r1")
        ins(c, "attachment", id="at2", sha256="cd" * 32, owner_table="enterprise", owner_id="e2")
        ins(c, "attachment", id="at3", sha256="ef" * 32, owner_table="policy", owner_id="pol1")
        ins(
            c,
            "auditlog",
            id="au1",
            table_name="enterprise",
            row_id="e2",
            action="create",
            at="2025-06-01 08:00:00+00:00",
            old_values=None,
            new_values="{}",
        )
        ins(
            c,
            "outboxentry",
            mutation_id="mu1",
            table_name="enterprise",
            row_id="e2",
            op="upsert",
            changes="{}",
            created_at="2025-06-01 08:00:00.000000",
            state="pending",
        )
        ins(
            c,
            "localcredential",
            login="zw",
            staff_id="s1",
            password_hash="x",
            updated_at="2025-06-01 08:00:00+00:00",
        )
    return engine


def all_tables(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'"
            )
        ]
    finally:
        con.close()


def test_upgrade_keeps_every_row_and_backfills_scope(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    build_two_zone_store(path).dispose()
    before = {t: len(dump(path, t)) for t in all_tables(path)}
    engine = open_store(path)
    assert current_revision(engine) == HEAD  # open_store goes on to the head
    after = {t: len(dump(path, t)) for t in before}
    assert after == {**before, "zone": 3, "auditlog": 2, "outboxentry": 2}  # + the default zone, journalled

    assert {r["id"]: r["enterprise_id"] for r in dump(path, "demandevent")} == {"de1": "e1", "de2": "e1"}
    assert {r["id"]: r["enterprise_id"] for r in dump(path, "proxymilestone")} == {"m1": "e2"}
    assert {r["id"]: r["enterprise_id"] for r in dump(path, "attachment")} == {
        "at1": "e1",
        "at2": "e2",
        "at3": None,
    }
    (default,) = [z for z in dump(path, "zone") if z["id"] not in ("z1", "z2")]
    assert default["name"] == "默认功能区" and "sync_state" not in default  # 0005 derives it from the outbox
    assert {r["id"]: r["zone_id"] for r in dump(path, "staff")} == {
        "s1": "z2",
        "s2": "z1",
        "s3": default["id"],
    }
    assert {r["id"]: r["zone_id"] for r in dump(path, "enterprise")} == {
        "e1": "z2",
        "e2": "z1",
        "e3": default["id"],
    }
    queued = [o for o in dump(path, "outboxentry") if o["row_id"] == default["id"]]
    assert [(o["table_name"], o["op"], o["state"]) for o in queued] == [("zone", "create", "pending")]  # 0005


def test_every_datetime_is_canonical_and_the_same_instant(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    build_two_zone_store(path).dispose()
    engine = open_store(path)
    columns_at_0003 = datetime_columns_at_0003(tmp_path / "schema-0003.sqlite3")
    assert len(columns_at_0003) == 19  # every table of 0003 has its created/updated times
    assert set(columns_at_0003["servicerecord"]) == {
        "created_at",
        "updated_at",
        "visit_at",
        "submitted_at",
        "reviewed_at",
    }
    for table, columns in columns_at_0003.items():
        for row in dump(path, table):
            for c in columns:
                assert row[c] is None or CANONICAL.match(row[c]), (table, c, row[c])
    r1 = next(r for r in dump(path, "servicerecord"))
    assert (
        r1["visit_at"]
        == r1["submitted_at"]
        == r1["reviewed_at"]
        == r1["created_at"]
        == "2025-06-01T02:00:00.000000+00:00"
    )
    assert r1["updated_at"] == "2025-06-01T02:00:00.000001+00:00"
    instant = datetime(2025, 6, 1, 2, 0, tzinfo=UTC)
    with session_factory(engine)() as s:
        r = s.get(ServiceRecord, "r1")
        assert (
            r.visit_at == r.submitted_at == r.reviewed_at == instant
            and r.visit_at.utcoffset().total_seconds() == 0
        )
        assert s.get(DemandEvent, "de2").at == datetime(2025, 5, 14, 9, 0, 26, 244961, tzinfo=UTC)
        assert s.get(Demand, "d1").collected_at == datetime(2025, 5, 14, 8, 20, tzinfo=UTC)
        assert s.get(Enterprise, "e1").zone_id == "z2"


def test_one_zone_store_fills_from_it_and_journals_nothing(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    engine = store_at_0003(path)
    with engine.begin() as c:
        ins(c, "zone", id="z1", name="旌阳高新区")
        ins(c, "staff", id="s1", name="张伟", login="zw", zone_id=None)
        ins(c, "enterprise", id="e1", name="甲公司", credit_code="1", zone_id=None)
    engine.dispose()
    open_store(path)
    assert [r["zone_id"] for r in dump(path, "staff")] == ["z1"]
    assert [r["zone_id"] for r in dump(path, "enterprise")] == ["z1"]
    assert len(dump(path, "zone")) == 1 and dump(path, "outboxentry") == [] and dump(path, "auditlog") == []


def test_store_without_zones_gets_the_default_zone(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    engine = store_at_0003(path)
    with engine.begin() as c:
        ins(c, "enterprise", id="e1", name="甲公司", credit_code="1", zone_id=None)
        ins(c, "enterprise", id="e2", name="乙公司", credit_code="2", zone_id=None)
    engine.dispose()
    open_store(path)
    (zone,) = dump(path, "zone")
    assert zone["name"] == "默认功能区"
    assert {r["zone_id"] for r in dump(path, "enterprise")} == {zone["id"]}
    assert [a["row_id"] for a in dump(path, "auditlog")] == [zone["id"]]


def test_downgrade_to_0003_writes_the_old_form_back(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    build_two_zone_store(path).dispose()
    engine = open_store(path)
    downgrade(engine, "0003")
    r1 = dump(path, "servicerecord")[0]
    assert r1["visit_at"] == r1["reviewed_at"] == "2025-06-01 02:00:00.000000"
    assert "enterprise_id" not in dump(path, "demandevent")[0]
    upgrade(engine)
    assert dump(path, "servicerecord")[0]["visit_at"] == "2025-06-01T02:00:00.000000+00:00"
    assert len(dump(path, "zone")) == 3  # the default zone is not created twice
