"""Schema migrations: an older store opens in a newer FieldKit without loss."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import fieldkit.models  # noqa: F401  (registers the tables)
from fieldkit.db import current_revision, open_store, session_factory, sqlite_engine, upgrade
from fieldkit.models import Assignment, Enterprise, ServiceRecord, board_index, board_tally, search_index
from fieldkit.models.types import parse_utc_text, utc_text
from fieldkit.services.enterprises import EnterpriseFilter, search

HEAD = "0014"
TS = "2025-06-01 08:00:00.000000"
SYNC_COLS = "id, server_version, sync_state, deleted, created_at, updated_at"

OLD_ENTERPRISES = [
    # id, name, credit code, contact, tags, deleted
    ("e" * 31 + "1", "华为技术有限公司", "914403001922038216", "张三", ["高新技术企业"], 0),
    ("e" * 31 + "2", "中国石油天然气股份有限公司", "91110000710925462X", "李四", [], 0),
    ("e" * 31 + "3", "ABC精密制造（德阳）有限公司", "911101085923662400", "", ["专精特新", "出口企业"], 0),
    ("e" * 31 + "4", "已删除贸易公司", "91510600MA000001X0", "", [], 1),
]


def build_0001_store(path) -> None:
    """A store as FieldKit 0.0 (schema revision 0001) wrote it, filled with raw SQL."""
    engine = sqlite_engine(path)
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    cols = {c["name"] for c in inspect(engine).get_columns("enterprise")}
    assert "name_pinyin" not in cols and "name_initials" not in cols
    with engine.begin() as c:
        c.execute(
            text(
                f"INSERT INTO zone ({SYNC_COLS}, name, code) VALUES "
                "('z000000000000000000000000000001', 3, 'synced', 0, :ts, :ts, '旌阳高新区', 'JY')"
            ),
            {"ts": TS},
        )
        c.execute(
            text(
                f"INSERT INTO staff ({SYNC_COLS}, name, login, role, specialist_type, zone_id, phone, "
                "department, active) VALUES ('s000000000000000000000000000001', 5, 'synced', 0, :ts, :ts, "
                "'张伟', 'zhangwei', 'assistant', 'industrial_assistant', "
                "'z000000000000000000000000000001', '13800138000', '经信局', 1)"
            ),
            {"ts": TS},
        )
        for eid, name, code, contact, tags, deleted in OLD_ENTERPRISES:
            c.execute(
                text(
                    f"INSERT INTO enterprise ({SYNC_COLS}, name, credit_code, legal_representative, contact_person, "
                    "contact_phone, address, industry, scale, stage, status, tags, zone_id, notes) VALUES "
                    "(:id, 2, 'synced', :deleted, :ts, :ts, :name, :code, '法人', :contact, '028-12345678', "
                    "'德阳市旌阳区', 'C', 'large', 'operation', 'operating', :tags, "
                    "'z000000000000000000000000000001', '备注')"
                ),
                {
                    "id": eid,
                    "deleted": deleted,
                    "ts": TS,
                    "name": name,
                    "code": code,
                    "contact": contact,
                    "tags": json.dumps(tags),
                },
            )
        c.execute(
            text(
                f"INSERT INTO assignment ({SYNC_COLS}, staff_id, enterprise_id, start_date, end_date, note) "
                "VALUES ('a000000000000000000000000000001', 1, 'synced', 0, :ts, :ts, "
                "'s000000000000000000000000000001', :eid, '2025-01-01', NULL, '')"
            ),
            {"ts": TS, "eid": OLD_ENTERPRISES[0][0]},
        )
        c.execute(
            text(
                f"INSERT INTO servicerecord ({SYNC_COLS}, enterprise_id, staff_id, plan_id, kind, visit_at, place, "
                "staff_participants, enterprise_participants, stage, service_items, content, problems, follow_up, "
                "signature_sha256, status, amends_id, content_hash, submitted_at, reviewed_by, reviewed_at, "
                "review_note) VALUES ('r000000000000000000000000000001', 1, 'synced', 0, :ts, :ts, :eid, "
                "'s000000000000000000000000000001', NULL, 'onsite', :ts, '企业会议室', '张伟', '王总', 'operation', "
                "'[\"operation.policy\"]', '宣讲政策', '', '', NULL, 'submitted', NULL, 'abc', :ts, NULL, NULL, '')"
            ),
            {"ts": TS, "eid": OLD_ENTERPRISES[0][0]},
        )
    engine.dispose()


def dump(path, table: str, exclude: tuple[str, ...] = (), order: str = "id") -> list[dict]:
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        rows = [dict(r) for r in con.execute(f"SELECT * FROM {table} ORDER BY {order}")]
    finally:
        con.close()
    return [{k: v for k, v in r.items() if k not in exclude} for r in rows]


def canonical_times(rows: list[dict]) -> list[dict]:
    """``rows`` with every datetime column (``*_at``) as migration 0004 stores it."""
    return [
        {k: utc_text(parse_utc_text(v)) if k.endswith("_at") and v is not None else v for k, v in r.items()}
        for r in rows
    ]


def schema(path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    finally:
        con.close()


def test_fresh_store_is_at_head_and_matches_the_models(tmp_path) -> None:
    engine = open_store(tmp_path / "new.sqlite3")
    assert current_revision(engine) == HEAD
    with engine.connect() as conn:
        mc = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": search_index.not_index_table}
        )
        assert compare_metadata(mc, SQLModel.metadata) == []  # no drift between models and migrations


def test_every_trigger_survives_the_later_migrations(tmp_path) -> None:
    """A batch migration rebuilds its table and drops the table's triggers (0008 once lost the
    full-text triggers of ``demand``, and no changed demand reached the search index): after the
    whole chain every trigger the full-text index and the board's coverage table define exists."""
    import re

    engine = open_store(tmp_path / "fieldkit.sqlite3")
    with engine.connect() as c:
        have = {r[0] for r in c.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    engine.dispose()
    wanted = {
        m.group(1)
        for sql in [
            *search_index.create_statements(),
            *board_index.create_statements(),
            *board_tally.create_statements(),
        ]
        if (m := re.match(r"CREATE TRIGGER (?:IF NOT EXISTS )?(\w+)", sql))
    }
    assert len(wanted) >= 31 and wanted <= have, sorted(wanted - have)


def test_0010_recreates_the_board_triggers_from_their_current_text(tmp_path) -> None:
    """A store migrated to 0009 before the board's "last on-site visit" subquery was fixed keeps
    the old trigger text (every inserted record scanned the zone): 0010 recreates them."""
    import re

    path = tmp_path / "fieldkit.sqlite3"
    engine = sqlite_engine(path)
    upgrade(engine, "0009")
    old_body = "AFTER INSERT ON servicerecord BEGIN SELECT 1; END"
    with engine.begin() as c:
        names = [
            m.group(1)
            for sql in board_index.create_trigger_statements()
            if (m := re.match(r"CREATE TRIGGER (?:IF NOT EXISTS )?(\w+)", sql))
        ]
        for name in names:
            c.exec_driver_sql(f"DROP TRIGGER {name}")
            c.exec_driver_sql(f"CREATE TRIGGER {name} {old_body}")
    upgrade(engine)
    with engine.connect() as c:
        stored = dict(c.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all())
    engine.dispose()
    assert names and all(old_body not in stored[name] for name in names)
    for sql in board_index.create_trigger_statements():
        name = re.match(r"CREATE TRIGGER (?:IF NOT EXISTS )?(\w+)", sql).group(1)  # type: ignore[union-attr]
        assert sql.split(name, 1)[1].strip() in stored[name]


def test_pragmas_wal_and_foreign_keys(tmp_path) -> None:
    engine = open_store(tmp_path / "p.sqlite3")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_open_store_creates_missing_parent_folders(tmp_path) -> None:
    path = tmp_path / "a" / "b" / "fk.sqlite3"
    open_store(path)
    assert path.exists()


def test_upgrade_from_0001_loses_nothing(tmp_path) -> None:
    path = tmp_path / "old.sqlite3"
    build_0001_store(path)
    # 0005 drops sync_state, a column nothing kept up to date (the state follows from the outbox)
    before = {
        t: dump(path, t, exclude=("sync_state",))
        for t in ("zone", "staff", "enterprise", "assignment", "servicerecord")
    }

    engine = open_store(path)
    assert current_revision(engine) == HEAD
    after = {t: dump(path, t) for t in before}
    for t in ("zone", "staff", "assignment", "servicerecord"):
        assert after[t] == canonical_times(before[t]), t  # 0004: every instant in the one UTC text form
    assert dump(
        path, "enterprise", exclude=("name_pinyin", "name_initials", "contact_channel", "profile")
    ) == canonical_times(before["enterprise"])
    assert len(after["enterprise"]) == len(OLD_ENTERPRISES)
    # 0008: no channel agreed and no 一企一档 domains yet
    assert {(r["contact_channel"], r["profile"]) for r in after["enterprise"]} == {("", "{}")}


def test_upgrade_backfills_pinyin_keys(tmp_path) -> None:
    path = tmp_path / "old.sqlite3"
    build_0001_store(path)
    open_store(path)
    keys = {r["name"]: (r["name_pinyin"], r["name_initials"]) for r in dump(path, "enterprise")}
    assert keys["华为技术有限公司"] == ("huaweijishuyouxiangongsi", "hwjsyxgs")
    assert keys["中国石油天然气股份有限公司"][1] == "zgsytrqgfyxgs"
    assert keys["ABC精密制造（德阳）有限公司"][1].startswith("abcjmzz")
    assert all(full and initials for full, initials in keys.values())  # tombstones too


def test_upgraded_rows_read_back_through_the_models(tmp_path) -> None:
    path = tmp_path / "old.sqlite3"
    build_0001_store(path)
    make = session_factory(open_store(path))
    with make() as s:
        e = s.get(Enterprise, OLD_ENTERPRISES[2][0])
        assert e.tags == ["专精特新", "出口企业"] and e.server_version == 2
        assert e.created_at == datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
        a = s.get(Assignment, "a000000000000000000000000000001")
        assert a.start_date == date(2025, 1, 1) and a.end_date is None
        r = s.get(ServiceRecord, "r000000000000000000000000000001")
        assert r.visit_at == datetime(2025, 6, 1, 8, 0, tzinfo=UTC) and r.service_items == [
            "operation.policy"
        ]
        assert [x.name for x in search(s, "hwjs")] == ["华为技术有限公司"]
        assert [x.name for x in search(s, "huawei")] == ["华为技术有限公司"]
        assert [x.name for x in search(s, EnterpriseFilter(text="yxgs"))] == [
            "ABC精密制造（德阳）有限公司",
            "中国石油天然气股份有限公司",
            "华为技术有限公司",
        ]
        # the upgrade is not a user edit: nothing is journalled or queued for sync
        assert s.exec(text("SELECT count(*) FROM auditlog")).scalar() == 0
        assert s.exec(text("SELECT count(*) FROM outboxentry")).scalar() == 0


def test_foreign_keys_still_enforced_after_upgrade(tmp_path) -> None:
    path = tmp_path / "old.sqlite3"
    build_0001_store(path)
    open_store(path)
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA foreign_keys=ON")
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        fks = {r[2] for r in con.execute("PRAGMA foreign_key_list(servicerecord)")}
        assert "enterprise" in fks
    finally:
        con.close()


def test_opening_an_up_to_date_store_is_a_noop(tmp_path) -> None:
    path = tmp_path / "old.sqlite3"
    build_0001_store(path)
    open_store(path).dispose()
    schema_before = schema(path)
    data_before = {t: dump(path, t) for t in ("zone", "enterprise", "servicerecord")}
    engine = open_store(path)
    assert current_revision(engine) == HEAD
    engine.dispose()
    engine = open_store(path)
    assert current_revision(engine) == HEAD
    assert schema(path) == schema_before
    assert {t: dump(path, t) for t in data_before} == data_before
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]


def test_downgrade_to_0001_and_up_again_keeps_rows(tmp_path) -> None:
    from fieldkit.db import downgrade

    path = tmp_path / "old.sqlite3"
    build_0001_store(path)
    engine = open_store(path)
    downgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    assert len(dump(path, "enterprise")) == len(OLD_ENTERPRISES)
    upgrade(engine)
    assert current_revision(engine) == HEAD
    assert {r["name_initials"] for r in dump(path, "enterprise")} >= {"hwjsyxgs"}


def test_0003_recomputes_pinyin_keys_without_punctuation(tmp_path) -> None:
    """A 0002 store with bracketed names gets keys a user can type, and the ledger index exists."""
    path = tmp_path / "v2.sqlite3"
    engine = sqlite_engine(path)
    upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO enterprise (id, server_version, sync_state, deleted, created_at, updated_at, name, "
                "credit_code, legal_representative, contact_person, contact_phone, address, industry, scale, stage, "
                "status, tags, notes, name_pinyin, name_initials) VALUES ('e1', 1, 'synced', 0, :ts, :ts, "
                "'德阳东方电气（德阳）有限公司', '914403001922038216', '', '', '', '', 'C', 'small', 'operation', "
                "'operating', '[]', '', 'old', 'dydfdq（dy）yxgs')"
            ),
            {"ts": TS},
        )
    upgrade(engine)
    assert current_revision(engine) == HEAD
    row = dump(path, "enterprise")[0]
    assert row["name_initials"] == "dydfdqdyyxgs"
    assert row["name_pinyin"] == "deyangdongfangdianqideyangyouxiangongsi"
    indexes = {ix["name"] for ix in inspect(engine).get_indexes("servicerecord")}
    assert "ix_servicerecord_staff_visit" in indexes
    with session_factory(engine)() as s:
        assert [e.name for e in search(s, EnterpriseFilter(text="dydfdqdy"))] == [
            "德阳东方电气（德阳）有限公司"
        ]


def test_0005_outbox_keeps_entries_and_never_reuses_a_sequence(tmp_path) -> None:
    """0003/0004 outbox entries ('upsert') become create/update entries; seq turns AUTOINCREMENT."""
    path = tmp_path / "v4.sqlite3"
    engine = sqlite_engine(path)
    upgrade(engine, "0003")
    with engine.begin() as conn:
        for seq, mid, op, changes in (
            (1, "m1", "upsert", {"id": "z1", "name": "高新区"}),
            (2, "m2", "upsert", {"name": "高新区二"}),
            (3, "m3", "delete", {"deleted": True}),
        ):
            conn.execute(
                text(
                    "INSERT INTO outboxentry (seq, mutation_id, table_name, row_id, op, changes, "
                    "base_version, created_at, state, error, attempts) VALUES (:seq, :mid, 'zone', "
                    "'z1', :op, :ch, 0, :ts, 'pending', '', 0)"
                ),
                {"seq": seq, "mid": mid, "op": op, "ch": json.dumps(changes, ensure_ascii=False), "ts": TS},
            )
    upgrade(engine)
    rows = dump(path, "outboxentry", order="seq")
    assert [(r["seq"], r["mutation_id"], r["op"], r["state"]) for r in rows] == [
        (1, "m1", "create", "pending"),
        (2, "m2", "update", "pending"),
        (3, "m3", "delete", "pending"),
    ]
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM outboxentry"))
        conn.execute(
            text(
                "INSERT INTO outboxentry (mutation_id, device_id, tx_id, table_name, row_id, op, changes, "
                "old_values, base_version, schema_version, created_at, updated_at, state, error, attempts) "
                "VALUES ('m4', 'd', 't', 'zone', 'z1', 'update', '{}', '{}', 0, 5, :ts, :ts, 'pending', "
                "'', 0)"
            ),
            {"ts": TS},
        )
    assert [r["seq"] for r in dump(path, "outboxentry", order="seq")] == [4]  # not 1 again
    cols = {c["name"] for c in inspect(engine).get_columns("zone")}
    assert "sync_state" not in cols
    engine.dispose()


def test_0012_keeps_a_refused_entrys_text_and_adds_an_empty_code(tmp_path) -> None:
    """An entry refused before 0012 has only the server's text: it keeps it and still shows it;
    the new columns are plain ADD COLUMNs (no rebuild: every trigger stays) and go on downgrade."""
    from fieldkit.db import downgrade
    from fieldkit.models import OutboxEntry
    from fieldkit.services import outbox

    path = tmp_path / "v11.sqlite3"
    engine = sqlite_engine(path)
    upgrade(engine, "0011")
    with engine.begin() as conn:
        triggers = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").scalar()
        conn.execute(
            text(
                "INSERT INTO outboxentry (mutation_id, device_id, tx_id, table_name, row_id, op, changes, "
                "old_values, base_version, schema_version, created_at, updated_at, state, error, attempts) "
                "VALUES ('m1', 'd', 't', 'enterprise', 'e1', 'update', '{}', '{}', 1, 6, :ts, :ts, "
                "'rejected', '统一社会信用代码无效', 1)"
            ),
            {"ts": TS},
        )
    upgrade(engine)
    (row,) = dump(path, "outboxentry", order="seq")
    assert (row["error"], row["error_code"], row["error_params"]) == ("统一社会信用代码无效", "", None)
    with session_factory(engine)() as s:
        entry = s.get(OutboxEntry, row["seq"])
        assert entry is not None and outbox.reason_text(entry) == "统一社会信用代码无效"
    with engine.connect() as conn:
        after = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").scalar()
    assert after == triggers
    downgrade(engine, "0011")
    assert {c["name"] for c in inspect(engine).get_columns("outboxentry")} >= {"error"}
    assert not {"error_code", "error_params"} & {
        c["name"] for c in inspect(engine).get_columns("outboxentry")
    }
    assert dump(path, "outboxentry", order="seq")[0]["error"] == "统一社会信用代码无效"
    engine.dispose()


def test_the_head_constant_is_alembics_head() -> None:
    """open_store compares a store with db.HEAD so as not to import Alembic: it must be the head."""
    from fieldkit.db import HEAD as CODE_HEAD
    from fieldkit.db import head_revision

    assert CODE_HEAD == head_revision() == HEAD


def test_0013_counts_the_enterprises_it_finds_and_keeps_them_counted(tmp_path) -> None:
    """0013 adds the policy card's enterprise classes to board_tally from the rows it finds (written
    at 0012, where no trigger kept them), and the triggers that keep them; its downgrade takes both
    away (and the indexes) and leaves the board's other rows."""
    from fieldkit.db import downgrade

    path = tmp_path / "fieldkit.sqlite3"
    build_0001_store(path)
    engine = sqlite_engine(path)
    upgrade(engine, "0012")
    triggers = set(board_tally.enterprise_trigger_names())
    with engine.begin() as c:  # no enterprise trigger at 0012 as a store of 0012 would have it
        for name in triggers:
            c.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        c.exec_driver_sql("DELETE FROM board_tally WHERE kind >= 'ent:' AND kind < 'ent;'")
        c.exec_driver_sql("UPDATE enterprise SET industry = 'C', scale = 'small', stage = 'startup'")
    upgrade(engine)
    with engine.begin() as c:
        kept = board_tally.rows(c)
        ent = [r for r in kept if r[0].startswith("ent:")]
        assert ent == [("ent:operating", "C|small|startup", 3)], ent
        names = {n for (n,) in c.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert triggers and triggers <= names
        c.exec_driver_sql("UPDATE enterprise SET stage = 'operation' WHERE deleted = 0 AND id LIKE '%1'")
        assert [r for r in board_tally.rows(c) if r[0].startswith("ent:")] == [
            ("ent:operating", "C|small|operation", 1),
            ("ent:operating", "C|small|startup", 2),
        ]
        before = board_tally.rows(c)
        board_tally.rebuild(c)
        assert board_tally.rows(c) == before
    downgrade(engine, "0012")
    with engine.connect() as c:
        names = {
            n
            for (n,) in c.exec_driver_sql("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index')")
        }
        rows = board_tally.rows(c)
    engine.dispose()
    assert not triggers & names
    assert not {"ix_enterprise_policy", "ix_evaluation_period", "ix_assignment_current"} & names
    assert not any(r[0].startswith("ent:") for r in rows)
