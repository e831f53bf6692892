"""Corrections chain to the original and the printed 校验码 is recomputed (issue 12 §10, §11)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pypdf
from sqlalchemy import text

from fieldkit.forms.visit_record import gather, visit_record_pdf
from fieldkit.models import ServiceRecord
from fieldkit.services.records import record_versions, short_hash
from fieldkit.services.store import SYSTEM


def submitted(world, ctx) -> str:  # type: ignore[no-untyped-def]
    with world.session() as s:
        r = ctx.records.create_draft(
            s,
            enterprise_id=world.enterprises["huawei"],
            staff_id=ctx.staff.id,
            visit_at=datetime.now().astimezone() - timedelta(hours=2),
            place="会议室",
            content="了解订单",
        )
        ctx.records.submit(s, r)
        s.commit()
        return r.id


def test_a_correction_of_a_correction_refers_to_the_original(fixture_world, ctx) -> None:
    rid = submitted(fixture_world, ctx)
    with fixture_world.session() as s:
        first = ctx.records.amend(s, s.get(ServiceRecord, rid), content="了解订单和用工")
        ctx.records.submit(s, first)
        second = ctx.records.amend(s, first, content="了解订单、用工和用地")
        s.commit()
        assert second.amends_id == rid  # not the first correction
        assert second.content == "了解订单、用工和用地"
        original, versions = record_versions(s, second)
        assert original is not None and original.id == rid
        assert [v.id for v in versions] == [first.id, second.id]
        # the original's paper form names the latest correction
        data = gather(s, rid, actor=SYSTEM)
        assert "更正记录 2 份" in data.amended_note and second.id[:8].upper() in data.amended_note


def test_a_record_altered_in_the_database_prints_without_its_old_hash(fixture_world, ctx) -> None:
    rid = submitted(fixture_world, ctx)
    with fixture_world.session() as s:
        stored = s.get(ServiceRecord, rid).content_hash
        good = gather(s, rid, actor=SYSTEM)
        assert good.content_hash == short_hash(stored) and not good.hash_mismatch
    with fixture_world.engine.begin() as conn:  # someone edits the file behind the application's back
        conn.execute(text("UPDATE servicerecord SET content = '伪造的内容' WHERE id = :id"), {"id": rid})
    with fixture_world.session() as s:
        bad = gather(s, rid, actor=SYSTEM)
        assert bad.hash_mismatch and bad.content_hash == ""
        pdf = visit_record_pdf(s, rid, actor=SYSTEM)
    page_text = "".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).replace(
        "\n", ""
    )
    assert "校验码不一致" in page_text
    assert short_hash(stored) not in page_text
