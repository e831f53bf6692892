"""Demo dataset: deterministic, valid, covering every state, written as synced rows."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from fieldkit.cli import main
from fieldkit.db import open_store
from fieldkit.models import (
    Assessment,
    Assignment,
    AuditLog,
    Demand,
    DemandEvent,
    Enterprise,
    Evaluation,
    OutboxEntry,
    Policy,
    PolicyApplication,
    PolicyPush,
    ProxyMilestone,
    ProxyService,
    ServiceRecord,
    Staff,
    SyncMeta,
    VisitPlan,
)
from fieldkit.models.enums import (
    ApplicationState,
    DemandState,
    EnterpriseStatus,
    ProxyStatus,
    RecordStatus,
    SpecialistType,
    TerminationReason,
)
from fieldkit.services import reference
from fieldkit.services.demo import DEMO_LOGIN, DEMO_PASSWORD, DemoError, DemoSummary, generate
from fieldkit.services.pinyin import name_keys
from fieldkit.services.timeutil import local_today, to_local
from fieldkit.services.validation import validate_credit_code

N_ENT = 40

#: the lifecycle edges the demo may use (brief + seed 001 §7.2.1), None = creation
LEGAL = {
    (None, "collected"),
    ("collected", "assigned"),
    ("collected", "closed"),  # solved on the spot
    ("assigned", "in_progress"),
    ("in_progress", "reminded"),
    ("in_progress", "feedback"),
    ("reminded", "feedback"),
    ("feedback", "closed"),
    ("feedback", "assigned"),  # unsatisfied: assigned again
    ("feedback", "collective_review"),  # unsatisfied: collective review
    ("collective_review", "assigned"),
    ("closed", "archived"),
}


def _store(folder: Path) -> Engine:
    return open_store(folder / "fieldkit.sqlite3")


#: the progress lines of the module's demo build (in Chinese)
PROGRESS: list[str] = []


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Engine, DemoSummary]:
    engine = _store(tmp_path_factory.mktemp("demo"))
    PROGRESS.clear()
    summary = generate(engine, enterprises=N_ENT, seed=7, progress=PROGRESS.append)
    return engine, summary


@pytest.fixture()
def session(demo: tuple[Engine, DemoSummary]):  # type: ignore[no-untyped-def]
    with Session(demo[0]) as s:
        yield s


def _snapshot(engine: Engine) -> dict[str, object]:
    with Session(engine) as s:
        return {
            "enterprises": s.exec(
                select(Enterprise.id, Enterprise.name, Enterprise.credit_code).order_by(Enterprise.id)
            ).all(),
            "staff": s.exec(
                select(Staff.login, Staff.name, Staff.specialist_type).order_by(Staff.login)
            ).all(),
            "records": s.exec(select(func.count()).select_from(ServiceRecord)).one(),
            "record_ids": s.exec(select(ServiceRecord.id).order_by(ServiceRecord.id)).all()[:50],
            "demands": s.exec(select(Demand.id, Demand.state).order_by(Demand.id)).all(),
            "policies": s.exec(select(Policy.title).order_by(Policy.title)).all(),
        }


def test_same_seed_same_data(tmp_path: Path, demo: tuple[Engine, DemoSummary]) -> None:
    again = _store(tmp_path / "again")
    summary = generate(again, enterprises=N_ENT, seed=7)
    assert summary.counts == demo[1].counts
    assert _snapshot(again) == _snapshot(demo[0])


def test_other_seed_other_data(tmp_path: Path, demo: tuple[Engine, DemoSummary]) -> None:
    other = _store(tmp_path / "other")
    generate(other, enterprises=N_ENT, seed=8)
    a, b = _snapshot(other), _snapshot(demo[0])
    assert {n for _i, n, _c in a["enterprises"]} != {n for _i, n, _c in b["enterprises"]}  # type: ignore[attr-defined]


def test_counts_and_summary(demo: tuple[Engine, DemoSummary], session: Session) -> None:
    _engine, summary = demo
    assert summary["enterprise"] == N_ENT == session.exec(select(func.count()).select_from(Enterprise)).one()
    assert summary["servicerecord"] == 20 * N_ENT  # default: 20 records per enterprise
    assert str(N_ENT) in str(summary) and summary.demo_login in str(summary)
    assert len(str(summary).splitlines()) == 1


def test_progress_and_summary_speak_the_interface_language(tmp_path: Path, monkeypatch) -> None:
    import json

    from fieldkit.domain import i18n  # the translator lives there (fieldkit.services.i18n re-exports it)

    monkeypatch.setattr(i18n, "_translator", i18n.identity)  # Chinese, the source language
    steps: list[str] = []
    summary = generate(_store(tmp_path / "zh"), enterprises=6, seed=4, records=30, progress=steps.append)
    assert steps[:2] == ["企业：6 家", "服务记录：30 条"]
    assert steps[2].startswith("诉求：") and steps[2].endswith(" 条")
    assert steps[-1] == "正在写入数据库…"
    assert all(not any("a" <= ch <= "z" for ch in step) for step in steps)  # no English mixed in
    assert str(summary).startswith("6 家企业，") and f"登录 {summary.demo_login} / {DEMO_PASSWORD}" in str(
        summary
    )

    # English through the translator the desktop and the CLI install (here: the shipped dictionary)
    root = Path(__file__).resolve().parents[2]
    english = json.loads((root / "resources/translations/en/desktop.json").read_text(encoding="utf-8"))[
        "Demo"
    ]
    monkeypatch.setattr(
        i18n, "_translator", lambda ctx, text: english.get(text, text) if ctx == "Demo" else text
    )
    steps.clear()
    summary = generate(_store(tmp_path / "en"), enterprises=6, seed=4, records=30, progress=steps.append)
    assert steps[:2] == ["Enterprises: 6", "Service records: 30"]
    assert steps[-1] == "Writing the store…"
    assert str(summary).startswith("6 enterprises, ")
    assert f"sign in as {summary.demo_login} / {DEMO_PASSWORD}" in str(summary)
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in str(summary) + "".join(steps))  # no Chinese left


def test_records_parameter_is_exact(tmp_path: Path) -> None:
    engine = _store(tmp_path)
    summary = generate(engine, enterprises=12, seed=2, records=123)
    with Session(engine) as s:
        assert (
            s.exec(select(func.count()).select_from(ServiceRecord)).one() == 123 == summary["servicerecord"]
        )


def test_credit_codes_valid_and_unique(session: Session) -> None:
    codes = session.exec(select(Enterprise.credit_code)).all()
    assert len(codes) == len(set(codes)) == N_ENT
    for code in codes:
        assert validate_credit_code(code) == code
        assert code[2:8] in {"510600", "510603", "510604", "510623", "510681", "510682", "510683"}


def test_enterprise_fields_realistic(session: Session) -> None:
    ref = reference.load()
    industries = {e.code for e in ref.industries}
    all_tags = {t for tags in ref.tags_by_kind().values() for t in tags}
    ents = session.exec(select(Enterprise)).all()
    for e in ents:
        assert e.name.endswith("公司") and len(e.name) >= 8
        assert e.industry in industries
        assert (e.name_pinyin, e.name_initials) == name_keys(e.name)
        assert e.contact_phone and e.legal_representative and e.contact_person and e.address
        assert set(e.tags) <= all_tags and e.tags
        assert e.server_version == 1
    by_industry = defaultdict(int)
    for e in ents:
        by_industry[e.industry] += 1
    assert max(by_industry, key=by_industry.__getitem__) == "C"  # weighted to manufacturing


def test_every_state_and_status_appears(session: Session) -> None:
    def values(column) -> set[str]:  # type: ignore[no-untyped-def]
        return set(session.exec(select(column).distinct()).all())

    assert values(Demand.state) == {s.value for s in DemandState}
    assert values(Demand.kind) == {"demand", "complaint", "suggestion"}
    assert values(ServiceRecord.status) == {s.value for s in RecordStatus}
    assert values(ProxyService.status) == {s.value for s in ProxyStatus}
    assert values(ProxyService.termination_reason) - {None} == {r.value for r in TerminationReason}
    # every state but 补正, which needs its one-time list of corrections (not generated)
    assert values(PolicyApplication.state) == {s.value for s in ApplicationState} - {"correction"}
    assert values(Staff.specialist_type) >= {t.value for t in SpecialistType}
    assert values(Staff.role) == {"assistant", "supervisor", "admin"}
    assert values(Enterprise.status) == {s.value for s in EnterpriseStatus}
    assert values(VisitPlan.status) == {"planned", "done", "cancelled"}
    assert values(Evaluation.level) == {
        "very_satisfied",
        "satisfied",
        "basically_satisfied",
        "unsatisfied",
        "very_unsatisfied",
    }
    assert values(Policy.category) == {"recognition", "project", "funding", "cultivation", "other"}
    assert values(Policy.level) == {"national", "provincial", "city", "district"}


def test_demand_histories_are_legal_paths(session: Session) -> None:
    from fieldkit.domain.demands import in_history_order
    from fieldkit.services.demands import is_legal_path

    events = session.exec(select(DemandEvent).order_by(DemandEvent.demand_id, DemandEvent.at)).all()
    by_demand: dict[str, list[DemandEvent]] = defaultdict(list)
    for ev in events:
        by_demand[ev.demand_id].append(ev)
    by_demand = defaultdict(list, {k: in_history_order(v) for k, v in by_demand.items()})
    demands = session.exec(select(Demand)).all()
    assert len(by_demand) == len(demands)
    now = datetime.now(UTC)
    for d in demands:
        evs = by_demand[d.id]
        edges = [(e.from_state, e.to_state) for e in evs]
        assert set(edges) <= LEGAL, edges
        # each event starts where the previous one ended, and the last one is the demand's state
        assert all(a[1] == b[0] for a, b in zip(edges, edges[1:], strict=False))
        assert evs[-1].to_state == d.state
        assert is_legal_path([e.to_state for e in evs])
        assert all(a.at <= b.at for a, b in zip(evs, evs[1:], strict=False))
        assert evs[0].at == d.collected_at and evs[-1].at <= now
        if d.solved_on_spot:
            assert [e.to_state for e in evs][:2] == ["collected", "closed"]
        if any(e.to_state == "feedback" for e in evs):
            assert d.satisfaction is not None
        if d.state in ("closed", "archived"):
            assert d.closed_at is not None
        if "assigned" in {e.to_state for e in evs}:
            assert d.deadline is not None and d.department


def test_unsatisfied_paths_exist(session: Session) -> None:
    events = session.exec(select(DemandEvent.from_state, DemandEvent.to_state).distinct()).all()
    assert ("feedback", "collective_review") in events
    assert ("feedback", "assigned") in events
    assert ("collected", "closed") in events
    assert ("in_progress", "reminded") in events


def test_overdue_demands(session: Session) -> None:
    from fieldkit.services.demands import is_overdue

    today = local_today()
    demands = session.exec(select(Demand)).all()
    open_overdue = [
        d for d in demands if d.state not in ("closed", "archived") and d.deadline and d.deadline < today
    ]
    assert any(d.overdue_explanation for d in open_overdue)
    assert any(not d.overdue_explanation for d in open_overdue)
    for d in demands:  # closed late needs an explanation (seed 004 §7.2.4 c)
        if d.state in ("closed", "archived") and d.deadline and to_local(d.closed_at).date() > d.deadline:  # type: ignore[union-attr]
            assert d.overdue_explanation
    assert any(is_overdue(d, today) for d in demands)


def test_records_amendments_and_hashes(session: Session) -> None:
    from fieldkit.services.records import record_content_hash

    records = session.exec(select(ServiceRecord)).all()
    by_id = {r.id: r for r in records}
    amendments = [r for r in records if r.amends_id]
    assert amendments
    for a in amendments:
        assert by_id[a.amends_id].status in ("submitted", "reviewed")  # type: ignore[index]
    for r in records:
        if r.status == "draft":
            assert r.content_hash is None and r.submitted_at is None
        else:
            assert r.content_hash == record_content_hash(r)
            assert r.submitted_at is not None
        if r.status == "reviewed":
            assert r.reviewed_by and r.reviewed_at
        assert r.visit_at.tzinfo is not None
        assert r.visit_at <= datetime.now(UTC)
    ref = reference.load()
    catalogue = ref.all_service_items()
    assert all(set(r.service_items) <= set(catalogue) and r.service_items for r in records)


def test_records_follow_assignment_history(session: Session) -> None:
    assignments = session.exec(select(Assignment)).all()
    periods = defaultdict(list)
    for a in assignments:
        periods[(a.enterprise_id, a.staff_id)].append((a.start_date, a.end_date))
    assert any(a.end_date is not None for a in assignments)  # reassignments kept as history
    for r in session.exec(select(ServiceRecord)).all():
        day = to_local(r.visit_at).date()  # type: ignore[union-attr]
        assert any(s <= day and (e is None or day <= e) for s, e in periods[(r.enterprise_id, r.staff_id)])


def test_demo_login_has_a_full_day(demo: tuple[Engine, DemoSummary], session: Session) -> None:
    login = session.get(SyncMeta, "demo_login")
    assert session.get(SyncMeta, "demo").value == "1"  # type: ignore[union-attr]
    assert login is not None and login.value == demo[1].demo_login
    staff = session.exec(select(Staff).where(Staff.login == login.value)).one()
    assert staff.role == "assistant"
    today = local_today()
    plans = session.exec(select(VisitPlan).where(VisitPlan.staff_id == staff.id)).all()
    assert any(p.planned_date == today and p.status == "planned" for p in plans)
    assert any(today < p.planned_date <= today + timedelta(days=7) and p.status == "planned" for p in plans)
    assert any(p.planned_date < today and p.status == "planned" for p in plans)  # overdue
    mine = session.exec(select(Demand.state).where(Demand.staff_id == staff.id).distinct()).all()
    assert set(mine) == {s.value for s in DemandState}
    for s in session.exec(select(Staff).where(Staff.role == "assistant")).all():  # every assistant: today
        if session.exec(
            select(Assignment).where(Assignment.staff_id == s.id, col(Assignment.end_date).is_(None))
        ).first():
            assert session.exec(
                select(VisitPlan).where(VisitPlan.staff_id == s.id, VisitPlan.planned_date == today)
            ).first()


def test_demo_password(demo: tuple[Engine, DemoSummary], session: Session) -> None:
    auth = pytest.importorskip("fieldkit.services.auth")
    for login in (demo[1].demo_login, "supervisor", "admin"):
        assert auth.check_login(session, login, DEMO_PASSWORD).login == login


def test_written_as_synced_without_journal(session: Session) -> None:
    assert session.exec(select(func.count()).select_from(OutboxEntry)).one() == 0
    # the only audit entries: one "create" per enterprise from the demo device, for its History tab
    audit = session.exec(
        select(AuditLog.table_name, AuditLog.action, AuditLog.device_id, func.count()).group_by(
            AuditLog.table_name, AuditLog.action, AuditLog.device_id
        )
    ).all()
    n_ent = session.exec(select(func.count()).select_from(Enterprise)).one()
    assert audit == [("enterprise", "create", "demo", n_ent)]
    for model in (
        Staff,
        Enterprise,
        Assignment,
        VisitPlan,
        ServiceRecord,
        Demand,
        DemandEvent,
        ProxyService,
        ProxyMilestone,
        Policy,
        PolicyPush,
        PolicyApplication,
        Evaluation,
        Assessment,
    ):
        versions = session.exec(select(model.server_version).distinct()).all()
        assert versions == [1], model  # as from the server: and synced, since no outbox entry waits
    assert session.exec(text("PRAGMA foreign_key_check")).all() == []  # type: ignore[call-overload]


def test_policies_windows_and_eligibility(session: Session) -> None:
    today = local_today()
    policies = session.exec(select(Policy)).all()
    assert 35 <= len(policies) <= 45
    assert any(p.window_end and today <= p.window_end <= today + timedelta(days=14) for p in policies)
    assert any(p.window_end and p.window_end < today for p in policies)
    assert any(p.window_start and p.window_start > today for p in policies)
    assert any(p.industries for p in policies) and any(p.scales for p in policies)
    assert any(p.stages for p in policies) and any(p.tags for p in policies)
    assert session.exec(select(func.count()).select_from(PolicyPush)).one() > 0


def test_evaluations_and_assessments(session: Session) -> None:
    codes = {d.code for d in reference.load().evaluation_dimensions}
    for ev in session.exec(select(Evaluation)).all():
        assert set(ev.dimensions) == codes and all(1 <= v <= 5 for v in ev.dimensions.values())
    supervisors = set(session.exec(select(Staff.id).where(Staff.role == "supervisor")).all())
    assessments = session.exec(select(Assessment)).all()
    assert assessments and all(
        a.assessor_id in supervisors and a.period_end < local_today() for a in assessments
    )


def test_refuses_a_store_with_data(demo: tuple[Engine, DemoSummary]) -> None:
    with pytest.raises(DemoError):
        generate(demo[0], enterprises=5)


def test_cli_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["--data-dir", str(tmp_path), "demo", "--enterprises", "15", "--records", "100", "--quiet"]) == 0
    )
    assert "15" in capsys.readouterr().out
    from fieldkit.services.unlock import Vault, store_state

    assert store_state(tmp_path) == "encrypted"  # the demo accounts' known password opens it
    vault = Vault(tmp_path)
    vault.unlock(DEMO_LOGIN, DEMO_PASSWORD)
    with Session(vault.engine) as s:
        assert s.exec(select(func.count()).select_from(Enterprise)).one() == 15
    vault.close()


def test_recent_onsite_visits_carry_a_signature_file(
    demo: tuple[Engine, DemoSummary], session: Session
) -> None:
    """Signed records point at a signature attachment of their own whose PNG file is in the data folder."""
    from pathlib import Path

    from fieldkit.config import attachments_dir
    from fieldkit.models import Attachment
    from fieldkit.services.records import record_content_hash

    signed = session.exec(select(ServiceRecord).where(col(ServiceRecord.signature_sha256).is_not(None))).all()
    assert signed, "no signed record in the demo"
    atts = {
        a.owner_id: a for a in session.exec(select(Attachment).where(Attachment.kind == "signature")).all()
    }
    folder = attachments_dir(Path(demo[0].url.database).parent)
    for rec in signed:
        assert rec.kind == "onsite" and rec.status in ("submitted", "reviewed") and rec.amends_id is None
        att = atts[rec.id]
        assert att.sha256 == rec.signature_sha256 and att.owner_table == "servicerecord"
        data = (folder / att.sha256[:2] / att.sha256).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) == att.size
        assert rec.content_hash == record_content_hash(rec)  # the hash covers the signature


# -- the demo tells the truth (issue 12 §21) ---------------------------------------------------


def _visits(session: Session) -> list[tuple[str, str, datetime]]:
    return [
        (r.content + r.problems + r.follow_up, r.enterprise_participants, r.visit_at)
        for r in session.exec(select(ServiceRecord)).all()
    ]


def test_technical_staff_are_among_the_staff(session: Session) -> None:
    pairs = [
        (int(n), int(t))
        for said, _p, _at in _visits(session)
        for n, t in re.findall(r"在岗职工(\d+)人，其中技术人员(\d+)人", said)
    ]
    assert pairs and all(t <= n for n, t in pairs), [p for p in pairs if p[1] > p[0]]


def test_visit_texts_match_their_month_and_season(session: Session) -> None:
    seasons = {"高温季节": {6, 7, 8}, "汛期": {5, 6, 7, 8, 9}, "冬季": {11, 12, 1, 2}, "春节前后": {1, 2}}
    figures = 0
    for said, _p, at in _visits(session):
        month = to_local(at).month
        for m in re.findall(r"企业(\d+)月产值", said):  # last month's figures
            figures += 1
            assert int(m) == (month - 2) % 12 + 1, (month, said)
        for word, months in seasons.items():
            if f"做好{word}安全防范" in said:
                assert month in months, (month, said)
    assert figures


def test_policies_come_from_issuers_that_issue_them(session: Session) -> None:
    policies = session.exec(select(Policy)).all()
    prefix = {
        "national": ("国家", "部"),
        "provincial": ("四川省",),
        "city": ("德阳市",),
        "district": ("德阳经济技术开发区", "旌阳区"),
    }
    for p in policies:
        issuer = p.issuer
        assert issuer.startswith(prefix[p.level]) or (p.level == "national" and issuer.endswith("部")), (
            p.level,
            issuer,
        )
        if issuer == "国家税务总局":
            assert "税" in p.title or "研发费用" in p.title, p.title
        if "首台（套）" in p.title or "单项冠军" in p.title:
            assert issuer == "工业和信息化部"
    assert any(p.issuer == "国家税务总局" for p in policies)


def test_each_contact_has_one_title(session: Session) -> None:
    titles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in session.exec(select(ServiceRecord)).all():
        for person, title in re.findall(r"([^（、]+)（([^）]+)）", r.enterprise_participants):
            titles[(r.enterprise_id, person)].add(title)
        for title, person in re.findall(
            r"与企业(总经理|副总经理|办公室主任|财务负责人|生产部经理|人事行政主管|董事长)(\S{2,3}?)面对面",
            r.content,
        ):
            titles[(r.enterprise_id, person)].add(title)
    assert titles and all(len(t) == 1 for t in titles.values()), {
        k: v for k, v in titles.items() if len(v) > 1
    }


def test_milestones_are_numbered_from_one_as_the_service_numbers_them(session: Session) -> None:
    from fieldkit.services.proxy import milestone_rows

    proxies = session.exec(select(ProxyService.id)).all()
    assert proxies
    for pid in proxies:
        assert [m.seq + 1 for m in milestone_rows(session, pid)] == list(
            range(1, 6)
        )  # the screens show seq + 1


def test_demand_counts_agree_in_progress_summary_and_store(
    demo: tuple[Engine, DemoSummary], session: Session
) -> None:
    _engine, summary = demo
    stored = session.exec(select(func.count()).select_from(Demand)).one()
    proxies = session.exec(select(func.count()).select_from(ProxyService)).one()
    assert f"诉求：{stored} 条" in PROGRESS and f"{stored} 条诉求" in str(summary)
    assert f"帮办代办：{proxies} 项" in PROGRESS and f"{proxies} 项帮办代办" in str(summary)
    evaluations = session.exec(select(func.count()).select_from(Evaluation)).one()
    assert f"服务评价：{evaluations} 条" in PROGRESS


def test_overdue_and_closed_late_agree_on_every_screen(
    demo: tuple[Engine, DemoSummary], session: Session
) -> None:
    """Issue 12 §6 on a generated store (seed 7, not the shipped demo): the Today tile, the demand
    list's 只看逾期 / 逾期办结 (the board's rows), the ledgers' 诉求台账 and the supervisor's zone
    summary count the same demands: overdue = open and past its deadline; closed late apart."""
    from datetime import date

    from fieldkit.models import Demand, Staff
    from fieldkit.services.demands import closed_late, demand_board, is_overdue
    from fieldkit.services.ledger import demand_ledger, zone_summary
    from fieldkit.services.overview import today_overview
    from fieldkit.services.timeutil import local_today

    today = local_today()
    demands = session.exec(select(Demand).where(col(Demand.deleted).is_(False))).all()
    truth_overdue = {d.id for d in demands if is_overdue(d, today)}
    truth_late = {d.id for d in demands if closed_late(d)}
    assert truth_overdue and truth_late and not truth_overdue & truth_late

    board = demand_board(session, staff_id=None, zone_id=None, kind=None, show_archived=True, today=today)
    assert {r.id for r in board.rows if r.overdue} == truth_overdue  # 只看逾期, the board's red cards
    assert {r.id for r in board.rows if r.closed_late} == truth_late  # 逾期办结
    assert today_overview(session, None, today).demands_overdue == len(truth_overdue)  # the Today tile
    ledger = demand_ledger(session, date(2000, 1, 1), today, today=today)
    assert {r.id for r in ledger if r.overdue} == truth_overdue
    assert {r.id for r in ledger if r.closed_late} == truth_late
    summary = zone_summary(session, date(2000, 1, 1), today, today=today)
    assistants = {st.id for st in session.exec(select(Staff).where(Staff.role == "assistant")).all()}
    theirs = {d.id for d in demands if d.staff_id in {r.staff_id for r in summary}}
    assert sum(r.overdue_open for r in summary) == len(truth_overdue & theirs)
    assert sum(r.closed_late for r in summary) == len(truth_late & theirs)
    # 包联企业: the staff screen counts what the ledger counts (operating enterprises assigned now)
    from fieldkit.services.staff import staff_rows
    from fieldkit.services.store import Actor

    admin = session.exec(select(Staff).where(Staff.role == "admin")).first()
    assert admin is not None
    listed = {r.id: r.enterprises for r in staff_rows(session, Actor.of(admin, "test"))}
    assert all(listed[r.staff_id] == r.assigned for r in summary), (listed, summary)
    for sid in assistants:  # each assistant's own Today and own board agree too
        own = demand_board(session, staff_id=sid, zone_id=None, kind=None, show_archived=True, today=today)
        assert today_overview(session, sid, today).demands_overdue == sum(r.overdue for r in own.rows)


def test_demand_sources_query_indexes_its_subquery(tmp_path: Path) -> None:
    """The generator reads the records it raises demands from while the store's secondary indexes
    are dropped (it recreates them at the end): the plan must look each record's enterprise up in
    the grouped subquery by an index, not scan every record once per enterprise."""
    from fieldkit.services.demo import DEMAND_SOURCES_SQL

    engine = open_store(tmp_path / "plan.db")
    with engine.connect() as conn:
        names = (
            conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'servicerecord'"
                " AND name NOT LIKE 'sqlite_%'"
            )
            .scalars()
            .all()
        )
        assert names  # the store has secondary indexes to drop
        for name in names:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
        plan = [r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + DEMAND_SOURCES_SQL)]
        conn.rollback()
    engine.dispose()
    scans = [p for p in plan if p.startswith("SCAN")]
    # one scan of the records for the GROUP BY, one for the outer loop; the join is a SEARCH
    assert len(scans) == 2, plan
    assert any(p.startswith("SEARCH f USING AUTOMATIC") for p in plan), plan
