"""Reads by id check scope (docs/security.md, "Roles and scope"): every service and form loader
that reads one enterprise, record, demand or proxy by id refuses an actor who may not see it —
an assistant reading a colleague's enterprise, a supervisor another zone's — with a translated
PermissionDenied, and still serves the ones who may.

The store of tests/unit/test_roles.py (two zones, assistants A1/A2 in zone 1 and B1 in zone 2,
supervisors SUP1/SUP2, an admin) plus a proxy service per enterprise, built once per session and
copied for every test.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from fieldkit.forms import policy_report, profile, service_plan, visit_record
from fieldkit.forms.registry import FORMS, Selection
from fieldkit.forms.survey import survey_pdf
from fieldkit.services import store
from fieldkit.services.demands import demand_detail, demand_pane
from fieldkit.services.enterprise_file import enterprise_page
from fieldkit.services.errors import FieldKitError
from fieldkit.services.permissions import PermissionDenied
from fieldkit.services.policies import enterprise_matches
from fieldkit.services.proxy import ProxyServiceService
from fieldkit.services.records import record_bundle

from .fixtures import ACTOR, DB, open_db
from .test_roles import NAME, _build, actor


@pytest.fixture(scope="session")
def read_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("read-scope-template")
    db = open_db(folder, NAME)
    ids = _build(db)
    with db.tx() as s:
        for e, staff in (("E1", "A1"), ("E2", "A2"), ("E3", "B1")):
            ids[f"X{e}"] = (
                ProxyServiceService(ACTOR)
                .create(
                    s, enterprise_id=ids[e], staff_id=ids[staff], item="工商注册变更代办", stage="startup"
                )
                .id
            )
    db.engine.dispose()
    return folder / NAME, ids


@pytest.fixture
def world(read_template: tuple[Path, dict[str, str]], tmp_path: Path) -> tuple[DB, dict[str, str]]:
    src, ids = read_template
    shutil.copy(src, tmp_path / NAME)
    db = open_db(tmp_path, NAME)
    yield db, ids
    db.engine.dispose()


#: entry point -> (what it reads: E enterprise, R record, D demand, X proxy; the call)
Read = Callable[[Session, store.Actor, str], Any]
READS: dict[str, tuple[str, Read]] = {
    "enterprise_page": ("E", lambda s, a, i: enterprise_page(s, a, i)),
    "record_bundle": ("R", lambda s, a, i: record_bundle(s, a, i)),
    "demand_detail": ("D", lambda s, a, i: demand_detail(s, a, i)),
    "demand_pane": ("D", lambda s, a, i: demand_pane(s, a, i)),
    "enterprise_matches": ("E", lambda s, a, i: enterprise_matches(s, a, i)),
    "form visit-record": ("R", lambda s, a, i: visit_record.gather(s, i, actor=a)),
    "form profile": ("E", lambda s, a, i: profile.gather(s, i, actor=a)),
    "form policy-report": ("E", lambda s, a, i: policy_report.gather(s, i, actor=a)),
    "form service-plan": ("X", lambda s, a, i: service_plan.gather(s, i, actor=a)),
    "form survey": ("E", lambda s, a, i: survey_pdf(s, i, actor=a)),
    "registry profile": (
        "E",
        lambda s, a, i: FORMS["profile"].render(s, Selection(enterprise_id=i, actor=a)),
    ),
}

#: (who reads, whose enterprise, allowed)
CASES = [
    ("A1", "E1", True),  # their own
    ("A1", "E2", False),  # a colleague's in the same zone
    ("A1", "E3", False),  # another zone's
    ("SUP1", "E2", True),  # their zone
    ("SUP2", "E1", False),  # another zone
    ("ADM", "E3", True),  # everywhere
]


@pytest.mark.parametrize("entry", list(READS))
def test_reads_by_id_are_scoped(world: tuple[DB, dict[str, str]], entry: str) -> None:
    db, ids = world
    kind, read = READS[entry]
    with db.session() as s:
        for who, ent, allowed in CASES:
            target = ids[ent] if kind == "E" else ids[f"{kind}{ent}"]
            a = actor(s, ids[who])
            if allowed:
                assert read(s, a, target) is not None, (who, ent)
                continue
            with pytest.raises(PermissionDenied) as info:
                read(s, a, target)
            text = info.value.text()
            assert "不能查看或修改它的数据" in text and "_" not in text, (who, ent, text)
            assert isinstance(info.value, FieldKitError)  # the window's ordinary error path
        assert read(s, store.SYSTEM, ids["E3"] if kind == "E" else ids[f"{kind}E3"]) is not None


def test_the_refusal_names_the_enterprise(world: tuple[DB, dict[str, str]]) -> None:
    db, ids = world
    with db.session() as s:
        with pytest.raises(PermissionDenied) as info:
            record_bundle(s, actor(s, ids["A1"]), ids["RE2"])
    assert "宏华石油设备有限公司" in info.value.text()
