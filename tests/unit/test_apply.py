"""Applying pulled rows new to the store (the fast path of ``replica.apply_remote``): validated as
the table class validates them, inserted as plain rows with their derived columns and audit rows,
an id pulled twice in one batch stored once with the newer version, a page applied twice harmless."""

from __future__ import annotations

import pydantic
import pytest
from sqlmodel import col, select

from fieldkit.models import AuditLog, Enterprise, OutboxEntry, Zone, new_id
from fieldkit.services import replica, store
from tests.unit.fixtures import DB, make_code


def _rows(zone_id: str, ent_id: str) -> list[replica.RemoteRow]:
    ent = {
        "id": ent_id,
        "name": "德阳东方电气有限公司",
        "credit_code": make_code(7),
        "zone_id": zone_id,
        "tags": ["高新技术"],
        "created_at": "2026-11-21T02:00:00.000000Z",
        "updated_at": "2026-11-21T02:00:00.000000Z",
        "deleted": False,
    }
    return [
        replica.RemoteRow("enterprise", ent, 3),  # the child first: foreign keys wait for the commit
        replica.RemoteRow("zone", {"id": zone_id, "name": "高新区", "deleted": False}, 2),
        replica.RemoteRow("enterprise", {**ent, "name": "东方电气（德阳）有限公司"}, 5),
    ]


def test_new_rows_go_in_whole_with_derived_columns_audit_and_the_newer_version(db: DB) -> None:
    zone_id, ent_id = new_id(), new_id()
    with db.tx() as s:
        result = replica.apply_remote(s, _rows(zone_id, ent_id))
        assert (result.applied, result.unchanged, result.pending) == (3, 0, [])
    with db.session() as s:
        e = s.get(Enterprise, ent_id)
        assert e is not None and s.get(Zone, zone_id) is not None
        assert (e.name, e.server_version, e.tags, e.scale) == (
            "东方电气（德阳）有限公司",
            5,
            ["高新技术"],
            "small",
        )
        assert (e.name_pinyin, e.name_initials) == ("dongfangdianqideyangyouxiangongsi", "dfdqdyyxgs")
        assert e.created_at.tzinfo is not None and e.created_at.hour == 2
        audit = s.exec(select(AuditLog).where(AuditLog.row_id == ent_id).order_by(col(AuditLog.at))).all()
        assert [a.action for a in audit] == ["create", "update"]
        assert audit[0].device_id == store.SERVER.device_id and audit[0].new_values["tags"] == ["高新技术"]
        assert audit[1].new_values["name"] == "东方电气（德阳）有限公司"
        assert audit[1].old_values["name"] == "德阳东方电气有限公司"
        assert s.exec(select(OutboxEntry)).all() == []  # pulled rows are never pushed back
    with db.tx() as s:  # the same batch again: the store has these versions
        again = replica.apply_remote(s, _rows(zone_id, ent_id))
        assert (again.applied, again.unchanged) == (0, 3)
    assert db.count(AuditLog, col(AuditLog.row_id) == ent_id) == 2


def test_a_value_the_table_refuses_is_refused_and_nothing_is_written(db: DB) -> None:
    zone_id, ent_id = new_id(), new_id()
    bad = _rows(zone_id, ent_id)[:2]
    bad[0] = replica.RemoteRow("enterprise", {**bad[0].values, "credit_code": "9" * 30}, 3)
    with pytest.raises(pydantic.ValidationError) as fast:
        with db.tx() as s:
            replica.apply_remote(s, bad)
    with pytest.raises(pydantic.ValidationError) as orm:
        Enterprise.model_validate(bad[0].values)
    assert (
        [e["loc"] for e in fast.value.errors()]
        == [e["loc"] for e in orm.value.errors()]
        == [("credit_code",)]
    )
    assert db.count(Enterprise) == 0 and db.count(Zone) == 0
