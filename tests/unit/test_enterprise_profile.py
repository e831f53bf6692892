"""一企一档 domains and contact channel (validated, stored) and behaviour tags derived from the
records (issue 12 §15, §18)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fieldkit.domain.enterprise_profile import clean_profile
from fieldkit.models import Enterprise
from fieldkit.services.behaviour_tags import WINDOW_DAYS, behaviour_tags
from fieldkit.services.demands import DemandService
from fieldkit.services.enterprise_file import filter_rows, list_rows
from fieldkit.services.enterprises import EnterpriseFilter, EnterpriseService, search
from fieldkit.services.errors import ValidationErrors
from fieldkit.services.store import Actor
from fieldkit.services.timeutil import local_today
from tests.unit.fixtures import ACTOR, add_enterprise


def test_profile_values_are_checked_and_normalised() -> None:
    assert clean_profile(
        {"operations": {"year": "２０２５", "revenue": "41,250.456", "employees": " 326 ", "tax": ""}}
    ) == {"operations": {"year": 2025, "revenue": 41250.46, "employees": 326}}
    with pytest.raises(ValidationErrors) as errs:
        clean_profile(
            {
                "operations": {"year": "25", "revenue": "-3", "employees": "3.5"},
                "credit": {"tax_credit": "AAA"},
                "ip": {"nonsense": "1"},
            }
        )
    fields = {e.field for e in errs.value.errors}
    assert fields == {
        "profile.operations.year",
        "profile.operations.revenue",
        "profile.operations.employees",
        "profile.credit.tax_credit",
        "profile.ip.nonsense",
    }
    assert "四位年份" in errs.value.text()


def test_contact_channel_and_profile_are_stored(staff_and_enterprise) -> None:
    db, _staff, ent = staff_and_enterprise
    svc = EnterpriseService(ACTOR)
    with db.tx() as s, pytest.raises(ValidationErrors) as errs:
        svc.update(s, s.get(Enterprise, ent.id), contact_channel="wechat")
    assert errs.value.errors[0].field == "contact_channel"
    with db.tx() as s:
        svc.update(
            s, s.get(Enterprise, ent.id), contact_channel="offline", profile={"ip": {"trademarks": "5"}}
        )
    with db.session() as s:
        e = s.get(Enterprise, ent.id)
        assert (e.contact_channel, e.profile) == ("offline", {"ip": {"trademarks": 5}})


def test_behaviour_tags_are_derived_and_filtered(staff_and_enterprise) -> None:
    db, staff, ent = staff_and_enterprise
    today = local_today()
    with db.tx() as s:
        quiet = add_enterprise(s, "四川宏达建材有限公司", tags=["近期提出诉求", "民营企业"])  # typed by hand
    with db.session() as s:
        assert behaviour_tags(s, ent.id, today) == []
    with db.tx() as s:
        DemandService(Actor(staff.id, "laptop")).raise_demand(
            s, enterprise_id=ent.id, staff_id=staff.id, description="咨询技改补贴", category="policy"
        )
    with db.session() as s:
        assert behaviour_tags(s, ent.id, today) == ["近期提出诉求", "近期政策咨询"]
        assert behaviour_tags(s, ent.id, today + timedelta(days=WINDOW_DAYS + 1)) == []  # no longer recent
        rows = {r.id: r for r in list_rows(s, EnterpriseFilter())}
        assert "近期提出诉求" in rows[ent.id].tags
        assert rows[quiet.id].tags == ("民营企业",)  # the hand-typed one no longer counts
        f = EnterpriseFilter(tag="近期提出诉求")
        assert [e.id for e in search(s, f)] == [ent.id]
        assert [r.id for r in filter_rows(list(rows.values()), f)] == [ent.id]
