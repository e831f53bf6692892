"""The supervisor's zone summary, aggregated in SQL (issue 11 §2), equals the rule computed in Python
from every row — on a generated zone with reassignments in the middle of the period, tombstoned
and draft records, amendments, other record kinds, closed / late / open demands and evaluations —
for periods before, around and after "today", in a time zone east of UTC (late closure is judged
on the local day). The supervisor screen's summary read a page of assistants at a time, and the zone's
合计 counted in SQL apart, equal the same rule, before and after rows arrive through sync's apply
(new rows, a reassignment ended, tombstones). The complaints list's pages cover every complaint once,
in deadline order."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from fieldkit.domain.demands import DONE_STATES, OPEN_STATES
from fieldkit.domain.records import VISIT_KINDS
from fieldkit.models import (
    Assessment,
    Assignment,
    Demand,
    Enterprise,
    Evaluation,
    OutboxEntry,
    Policy,
    PolicyPush,
    ProxyService,
    ServiceRecord,
    Staff,
)
from fieldkit.models.base import table_name
from fieldkit.services import store
from fieldkit.services.evaluations import LEVELS, level_score
from fieldkit.services.ledger import (
    StaffSummary,
    staff_ledger,
    zone_summary,
    zone_summary_first,
    zone_summary_page,
    zone_summary_totals,
    zone_totals,
)
from fieldkit.services.replica import RemoteRow, apply_remote
from fieldkit.services.supervision import complaint_page
from fieldkit.services.timeutil import day_end, day_start, to_local
from tests.unit.fixtures import ACTOR, DB, add_enterprise, add_staff, add_zone, local_timezone, open_db

KINDS = ("onsite", "onsite", "ondemand", "survey", "phone")
STATUSES = ("draft", "submitted", "submitted", "reviewed", "returned")
STATES = (*OPEN_STATES, *DONE_STATES, *DONE_STATES)
#: (period start, end, today)
PERIODS = (
    (date(2026, 10, 1), date(2026, 12, 31), date(2026, 11, 21)),  # the quarter, today inside it
    (date(2026, 7, 1), date(2026, 9, 30), date(2026, 11, 21)),  # a past quarter
    (date(2026, 11, 1), date(2026, 11, 15), date(2026, 11, 10)),  # ends after today
    (date(2026, 1, 1), date(2026, 12, 31), date(2026, 12, 31)),  # the year
)


def _instant(rng: random.Random) -> datetime:
    day = date(2026, 6, 1) + timedelta(days=rng.randrange(240))
    return datetime.combine(day, datetime.min.time()).astimezone() + timedelta(minutes=rng.randrange(24 * 60))


def _build(db: DB, rng: random.Random) -> str:
    with db.tx() as s:
        zone, other = add_zone(s, "一园区"), add_zone(s, "二园区")
        staff = [add_staff(s, f"助理{i}", f"a{i}", zone).id for i in range(4)]
        staff.append(add_staff(s, "停用", "off", zone, active=False).id)
        staff.append(add_staff(s, "外区", "out", other).id)
        staff.append(add_staff(s, "主管", "sup", zone, role="supervisor").id)
        ents = []
        for i in range(40):
            e = add_enterprise(s, f"企业{i:02d}", zone=zone if i % 9 else other)
            if i % 7 == 3:
                store.update(s, e, ACTOR, status="hibernating")
            if i % 11 == 5:
                store.delete(s, e, ACTOR)
            ents.append(e.id)
        for eid in ents:
            first = rng.choice(staff)
            start = date(2026, 1, 1) + timedelta(days=rng.randrange(200))
            if rng.random() < 0.4:  # reassigned in the middle of a period: one ends, the next starts
                switch = date(2026, 8, 1) + timedelta(days=rng.randrange(120))
                store.insert(
                    s, Assignment(staff_id=first, enterprise_id=eid, start_date=start, end_date=switch), ACTOR
                )
                nxt = Assignment(
                    staff_id=rng.choice(staff), enterprise_id=eid, start_date=switch + timedelta(days=1)
                )
                store.insert(s, nxt, ACTOR)
                if rng.random() < 0.2:
                    store.delete(s, nxt, ACTOR)
            else:
                store.insert(s, Assignment(staff_id=first, enterprise_id=eid, start_date=start), ACTOR)
            if rng.random() < 0.15:  # a second current assignment of the same person
                store.insert(s, Assignment(staff_id=first, enterprise_id=eid, start_date=start), ACTOR)
        records: list[ServiceRecord] = []
        for _ in range(250):
            r = ServiceRecord(
                enterprise_id=rng.choice(ents),
                staff_id=rng.choice(staff),
                kind=rng.choice(KINDS),
                status=rng.choice(STATUSES),
                visit_at=_instant(rng),
            )
            if records and rng.random() < 0.08:
                r.amends_id = rng.choice(records).id
            store.insert(s, r, ACTOR)
            if rng.random() < 0.08:
                store.delete(s, r, ACTOR)
            records.append(r)
        _chains(s, random.Random(3), ents, staff)
        for i in range(100):
            state = rng.choice(STATES)
            collected = _instant(rng)
            d = Demand(
                enterprise_id=rng.choice(ents),
                staff_id=rng.choice(staff),
                kind="complaint" if i % 3 == 0 else "demand",
                state=state,
                collected_at=collected,
                deadline=None
                if rng.random() < 0.25
                else (collected + timedelta(days=rng.randrange(-5, 40))).date(),
                # some closed in the evening, local: the next day in UTC+8 is the same local day
                closed_at=collected + timedelta(days=rng.randrange(40), hours=rng.randrange(24))
                if state in DONE_STATES
                else None,
            )
            store.insert(s, d, ACTOR)
            if rng.random() < 0.05:
                store.delete(s, d, ACTOR)
        for _ in range(50):
            ev = Evaluation(
                enterprise_id=rng.choice(ents),
                staff_id=rng.choice(staff),
                stage="operation",
                level=rng.choice((*LEVELS, "unknown")),
                evaluated_on=date(2026, 6, 1) + timedelta(days=rng.randrange(240)),
            )
            store.insert(s, ev, ACTOR)
        # pushes, completed (and other) proxy services and 考核, some of them through sync's apply
        policy = store.insert(s, Policy(title="稳岗补贴"), ACTOR)
        remote: list[RemoteRow] = []
        for i in range(60):
            push = PolicyPush(
                policy_id=policy.id,
                enterprise_id=rng.choice(ents),
                staff_id=rng.choice(staff),
                pushed_at=_instant(rng),
                deleted=rng.random() < 0.2,
            )
            if i % 4 == 0:
                remote.append(_remote(push, 10 + i))
            else:
                store.insert(s, push, ACTOR)
        for i in range(40):
            proxy = ProxyService(
                enterprise_id=rng.choice(ents),
                staff_id=rng.choice(staff),
                item="营业执照",
                status=rng.choice(("accepted", "completed", "completed", "terminated")),
                accepted_on=date(2026, 5, 1),
                completed_on=date(2026, 6, 1) + timedelta(days=rng.randrange(240)),
                deleted=rng.random() < 0.2,
            )
            if i % 4 == 0:
                remote.append(_remote(proxy, 100 + i))
            else:
                store.insert(s, proxy, ACTOR)
        for _ in range(30):
            p_start = date(2026, 6, 1) + timedelta(days=rng.randrange(200))
            store.insert(
                s,
                Assessment(
                    staff_id=rng.choice(staff),
                    assessor_id=staff[-1],
                    period_start=p_start,
                    period_end=p_start + timedelta(days=rng.randrange(100)),
                    total_score=rng.randrange(600, 1000) / 10,
                    deleted=rng.random() < 0.2,
                ),
                ACTOR,
            )
        apply_remote(s, remote)
        return zone.id


def _chains(s: Session, rng: random.Random, ents: list[str], staff: list[str]) -> None:
    """Corrections as the services make them (every one points at the chain's root): visits returned
    for correction (退回修改) and corrected once or twice (by the same assistant or another, some
    corrections still drafts, returned again or tombstoned), and submitted or reviewed visits
    corrected; a returned visit tombstoned, its submitted corrections left (no visit). Its own random stream: the rest of
    the zone is as before."""
    for i in range(36):
        when = _instant(rng)
        root = ServiceRecord(
            enterprise_id=rng.choice(ents),
            staff_id=rng.choice(staff),
            kind=rng.choice(KINDS[:3]),
            status="returned" if i % 3 else rng.choice(("submitted", "reviewed")),
            visit_at=when,
        )
        store.insert(s, root, ACTOR)
        for _ in range(1 + i % 2 + (i % 5 == 0)):  # 1, 2 or 3 corrections
            fix = ServiceRecord(
                enterprise_id=root.enterprise_id,
                staff_id=root.staff_id if rng.random() < 0.8 else rng.choice(staff),
                kind=root.kind if rng.random() < 0.8 else rng.choice(KINDS),
                status=rng.choice(("submitted", "submitted", "reviewed", "draft", "returned")),
                # most on the visit's day, some weeks later (another period)
                visit_at=when + timedelta(days=0 if rng.random() < 0.7 else rng.randrange(1, 60)),
                amends_id=root.id,
            )
            if i == 7:  # the tombstoned one's: counted records of a visit kind
                fix.status, fix.kind = "submitted", root.kind
            store.insert(s, fix, ACTOR)
            if rng.random() < 0.05:
                store.delete(s, fix, ACTOR)
        if i == 7:
            store.delete(s, root, ACTOR)


def _remote(obj: Any, version: int) -> RemoteRow:
    return RemoteRow(table_name(type(obj)), {**store.row_values(obj), "id": obj.id}, version)


def _expected(s: Session, start: date, end: date, zone_id: str, today: date) -> dict[str, tuple[Any, ...]]:
    """Per active assistant of the zone, from every row in Python: visits, assigned, covered,
    demands opened, closed on time, closed late, overdue open, evaluations, their score total,
    policy pushes, completed proxy services, assessments overlapping the period, their score total."""
    ref = min(end, today)
    lo, hi = day_start(start), day_end(end)
    people = [
        p
        for p in s.exec(select(Staff)).all()
        if not p.deleted and p.active and p.role == "assistant" and p.zone_id == zone_id
    ]
    records = s.exec(select(ServiceRecord)).all()
    returned = {r.id for r in records if r.status == "returned" and not r.deleted}
    live = [
        r
        for r in records
        if not r.deleted and r.status in ("submitted", "reviewed") and lo <= r.visit_at < hi
    ]
    visited = {r.enterprise_id for r in live if r.kind == "onsite"}
    operating = {e.id for e in s.exec(select(Enterprise)).all() if not e.deleted and e.status == "operating"}
    assigned: dict[str, set[str]] = defaultdict(set)
    for a in s.exec(select(Assignment)).all():
        if (
            not a.deleted
            and a.start_date <= ref
            and (a.end_date is None or a.end_date >= ref)
            and a.enterprise_id in operating
        ):
            assigned[a.staff_id].add(a.enterprise_id)
    demands = [d for d in s.exec(select(Demand)).all() if not d.deleted]
    evaluations = [
        e for e in s.exec(select(Evaluation)).all() if not e.deleted and start <= e.evaluated_on <= end
    ]
    pushes = [p for p in s.exec(select(PolicyPush)).all() if not p.deleted and lo <= p.pushed_at < hi]
    proxies = [
        x
        for x in s.exec(select(ProxyService)).all()
        if not x.deleted and x.status == "completed" and x.completed_on and start <= x.completed_on <= end
    ]
    assessed = [
        a
        for a in s.exec(select(Assessment)).all()
        if not a.deleted and a.period_start <= end and a.period_end >= start
    ]
    out = {}
    for p in people:
        closed = [
            d
            for d in demands
            if d.staff_id == p.id
            and d.state in DONE_STATES
            and d.closed_at is not None
            and lo <= d.closed_at < hi
        ]
        late = [d for d in closed if d.deadline is not None and to_local(d.closed_at).date() > d.deadline]  # type: ignore[union-attr]
        scores = [level_score(e.level) for e in evaluations if e.staff_id == p.id]
        scored = [x for x in scores if x is not None]
        # each original visit, and the corrections of one returned original (its id) as one visit
        visits = {
            r.id if r.amends_id is None else r.amends_id
            for r in live
            if r.staff_id == p.id
            and r.kind in ("onsite", "ondemand")
            and (r.amends_id is None or r.amends_id in returned)
        }
        out[p.id] = (
            len(visits),
            len(assigned[p.id]),
            len(assigned[p.id] & visited),
            sum(
                1
                for d in demands
                if d.staff_id == p.id and d.collected_at is not None and lo <= d.collected_at < hi
            ),
            len(closed) - len(late),
            len(late),
            sum(
                1
                for d in demands
                if d.staff_id == p.id
                and d.state in OPEN_STATES
                and d.deadline is not None
                and d.deadline < ref
            ),
            len(scored),
            sum(scored),
            sum(1 for x in pushes if x.staff_id == p.id),
            sum(1 for x in proxies if x.staff_id == p.id),
            sum(1 for a in assessed if a.staff_id == p.id),
            round(sum(a.total_score for a in assessed if a.staff_id == p.id), 6),
        )
    return out


def _figures(r: StaffSummary) -> tuple[Any, ...]:
    """A summary row's figures in :func:`_expected`'s order."""
    return (
        r.visits,
        r.assigned,
        r.covered,
        r.demands_opened,
        r.closed_on_time,
        r.closed_late,
        r.overdue_open,
        r.evaluations,
        r.satisfaction_total,
        r.pushes,
        r.proxies_completed,
        r.assessments,
        round(r.assessment_total, 6),
    )


@pytest.fixture(scope="module")
def zone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DB, str]]:
    """One generated zone for the module's tests (built in UTC+8, as the first test reads it)."""
    with local_timezone("Asia/Shanghai"):
        db = open_db(tmp_path_factory.mktemp("zone"))
        yield db, _build(db, random.Random(11))
    db.engine.dispose()


def test_zone_summary_equals_the_rule_over_every_row(zone: tuple[DB, str]) -> None:
    db, zone_id = zone
    with local_timezone("Asia/Shanghai"):
        with db.session() as s:
            reassigned = False
            reached = [0] * 13
            for start, end, today in PERIODS:
                want = _expected(s, start, end, zone_id, today)
                got = {
                    r.staff_id: _figures(r) for r in zone_summary(s, start, end, zone_id=zone_id, today=today)
                }
                assert got == want, (start, end)
                reached = [n + sum(v[i] for v in want.values()) for i, n in enumerate(reached)]
                reassigned = reassigned or any(
                    a.end_date is not None and start <= a.end_date <= end
                    for a in s.exec(select(Assignment)).all()
                )
            assert reassigned and all(reached)  # the data reaches every case the SQL distinguishes


def test_complaint_pages_cover_every_complaint_once_in_deadline_order(zone: tuple[DB, str]) -> None:
    db, zone_id = zone
    with db.session() as s:
        live = {e.id for e in s.exec(select(Enterprise)).all() if not e.deleted and e.zone_id == zone_id}
        want = [
            d
            for d in s.exec(select(Demand)).all()
            if d.kind == "complaint" and not d.deleted and d.enterprise_id in live
        ]
        assert any(d.deadline is None for d in want) and any(d.deadline for d in want)
        seen: list[str] = []
        offset, total = 0, None
        while True:
            page = complaint_page(s, zone_id, today=date(2026, 11, 21), offset=offset, limit=7)
            total = page.total
            assert page.offset == offset
            seen += [r.id for r in page.rows]
            offset += len(page.rows)
            if not page.more:
                break
        assert total == len(want) == len(seen) == len(set(seen))
        deadlines = {d.id: d.deadline for d in want}
        order = [deadlines[i] for i in seen]
        dated = [d for d in order if d is not None]
        assert dated == sorted(dated) and order == dated + [None] * (len(order) - len(dated))


def _check_pages_and_totals(s: Session, zone_id: str) -> list[int]:
    """Every period: the pages (several sizes) are the rule's rows once each in name order, with the
    assistants' number; the 合计 is the rule summed over them (the zone's means over all their
    evaluations / assessments) and :func:`zone_totals` of the printed summary. The rule's sums."""
    reached = [0] * 13
    names = {p.id: (p.name, p.id) for p in s.exec(select(Staff)).all()}
    for start, end, today in PERIODS:
        want = _expected(s, start, end, zone_id, today)
        for limit in (1, 3, 50):
            seen: list[StaffSummary] = []
            offset = 0
            for _ in range(len(want) + 1):  # a page that adds nothing and says "more" would loop
                page = zone_summary_page(
                    s, start, end, zone_id=zone_id, today=today, offset=offset, limit=limit
                )
                assert page.offset == offset and page.total == len(want)
                assert len(page.rows) <= limit and (page.rows or not page.more)
                seen += page.rows
                offset += len(page.rows)
                if not page.more:
                    break
            assert not page.more
            assert [r.staff_id for r in seen] == sorted(want, key=lambda i: names[i])
            assert {r.staff_id: _figures(r) for r in seen} == want, (start, end, limit)
        # the screen's first load: the first page and the 合计 from one grouped pass
        first, first_total = zone_summary_first(s, start, end, zone_id=zone_id, today=today, limit=2)
        assert (first.offset, first.total, len(first.rows)) == (0, len(want), min(2, len(want)))
        assert [r.staff_id for r in first.rows] == sorted(want, key=lambda i: names[i])[:2]
        assert all(_figures(r) == want[r.staff_id] for r in first.rows)
        sums = [sum(v[i] for v in want.values()) for i in range(13)]
        t = zone_summary_totals(s, start, end, zone_id=zone_id, today=today)
        got = list(_figures(t))
        assert got[:12] == sums[:12] and abs(got[12] - sums[12]) < 1e-6, (start, end, got, sums)
        n_eval, n_assessed = sums[7], sums[11]
        assert t.satisfaction_avg == (round(sums[8] / n_eval, 2) if n_eval else None)
        assert t.assessment_avg == (round(sums[12] / n_assessed, 1) if n_assessed else None)
        assert (
            _figures(first_total)[:12] == tuple(got[:12])
            and abs(first_total.assessment_total - sums[12]) < 1e-6
        )
        assert (first_total.satisfaction_avg, first_total.assessment_avg) == (
            t.satisfaction_avg,
            t.assessment_avg,
        )
        printed = zone_totals(zone_summary(s, start, end, zone_id=zone_id, today=today))
        assert _figures(printed)[:12] == tuple(got[:12])
        assert (printed.satisfaction_avg, printed.assessment_avg) == (t.satisfaction_avg, t.assessment_avg)
        reached = [n + x for n, x in zip(reached, sums, strict=True)]
    return reached


def test_summary_pages_and_zone_totals_equal_the_rule_over_every_row(zone: tuple[DB, str]) -> None:
    db, zone_id = zone
    with local_timezone("Asia/Shanghai"):
        with db.session() as s:
            assert all(_check_pages_and_totals(s, zone_id))  # every figure reached by the data
            # and tombstones the figures must leave out, of the zone's assistants (all in the year's period)
            people = {p.id for p in s.exec(select(Staff)).all() if p.zone_id == zone_id and p.active}
            dead = [
                {r.staff_id for r in s.exec(select(PolicyPush)).all() if r.deleted},
                {r.staff_id for r in s.exec(select(ProxyService)).all() if r.deleted},
                {r.staff_id for r in s.exec(select(Assessment)).all() if r.deleted},
            ]
            assert all(ids & people for ids in dead), dead


def test_summary_visits_are_the_ledgers_visits(zone: tuple[DB, str]) -> None:
    """走访次数 of an assistant's summary row (the screen's page, its first load, the printed summary)
    is the figure of the same assistant's ledger for the period (``totals["visits"]``: one rule,
    :func:`~fieldkit.domain.records.visit_of`), on records of every kind, status, amendments and
    tombstones; the ledger's other records are exactly its surveys, other kinds, the corrections of
    a counted original and the further corrections of a returned one (one visit per chain)."""
    db, zone_id = zone
    left_out_kinds: set[str] = set()
    on_demand = False
    with local_timezone("Asia/Shanghai"):
        with db.session() as s:
            returned = {
                r.id for r in s.exec(select(ServiceRecord)).all() if r.status == "returned" and not r.deleted
            }
            for start, end, today in PERIODS:
                page = zone_summary_page(s, start, end, zone_id=zone_id, today=today, limit=50)
                first, _total = zone_summary_first(s, start, end, zone_id=zone_id, today=today, limit=50)
                printed = {
                    r.staff_id: r.visits for r in zone_summary(s, start, end, zone_id=zone_id, today=today)
                }
                assert page.rows and [r.visits for r in first.rows] == [r.visits for r in page.rows]
                for row in page.rows:
                    led = staff_ledger(s, row.staff_id, start, end, today=today)
                    t = led.totals
                    assert row.visits == t["visits"] == printed[row.staff_id], (start, end, row.staff_name)
                    assert all(r.corrects_returned == (r.amends_id in returned) for r in led.records)
                    fixes = [r for r in led.records if r.kind in VISIT_KINDS and r.amends_id in returned]
                    left_out = [
                        r for r in led.records if r.kind not in VISIT_KINDS or (r.amends and r not in fixes)
                    ]
                    chains = {r.amends_id for r in fixes}
                    assert t["records"] - t["visits"] == len(left_out) + len(fixes) - len(chains)
                    assert t["onsite_visits"] == sum(
                        1 for r in led.records if r.kind == "onsite" and not r.amends
                    ) + len({r.amends_id for r in fixes if r.kind == "onsite"})
                    left_out_kinds |= {"amendment" if r.amends else r.kind for r in left_out}
                    if fixes:
                        left_out_kinds.add("returned corrected")
                    if len(fixes) > len(chains):
                        left_out_kinds.add("returned corrected twice")
                    on_demand = on_demand or t["visits"] > t["onsite_visits"]
    # the data has every kind of record the two figures used to count apart, and returned visits
    # corrected once and more than once in one ledger's period
    assert {
        "survey",
        "phone",
        "amendment",
        "returned corrected",
        "returned corrected twice",
    } <= left_out_kinds
    assert on_demand


def test_summary_pages_and_totals_follow_sync_apply(zone: tuple[DB, str]) -> None:
    """Rows pulled by sync (new visits, pushes, a demand closed late, an assignment ended in the
    period and its successor, tombstones of a record and an evaluation) change the pages and the
    合计 as the rule over every row says. Runs last: it changes the module's zone."""
    db, zone_id = zone
    rng = random.Random(5)
    with local_timezone("Asia/Shanghai"):
        with db.tx() as s:
            people = [
                p.id
                for p in s.exec(select(Staff)).all()
                if p.zone_id == zone_id and p.role == "assistant" and p.active and not p.deleted
            ]
            ents = [e.id for e in s.exec(select(Enterprise)).all() if e.zone_id == zone_id and not e.deleted]
            policy_id = s.exec(select(Policy.id)).first()
            # everything written so far pushed (no outbox entry left): the server's newer versions apply
            s.connection().exec_driver_sql(f"DELETE FROM {table_name(OutboxEntry)}")
            version = 10_000
            rows: list[RemoteRow] = []

            def pull(obj: Any, **changes: Any) -> None:
                nonlocal version
                version += 1
                values = {**store.row_values(obj), "id": obj.id, **changes}
                rows.append(RemoteRow(table_name(type(obj)), values, version))

            current = [
                a
                for a in s.exec(select(Assignment)).all()
                if not a.deleted and a.end_date is None and a.staff_id in people and a.enterprise_id in ents
            ]
            moved = current[0]
            pull(moved, end_date=date(2026, 10, 20).isoformat())  # reassigned in the quarter, by sync
            pull(
                Assignment(
                    staff_id=next(p for p in people if p != moved.staff_id),
                    enterprise_id=moved.enterprise_id,
                    start_date=date(2026, 10, 21),
                )
            )
            for _ in range(12):
                pull(
                    ServiceRecord(
                        enterprise_id=rng.choice(ents),
                        staff_id=rng.choice(people),
                        kind=rng.choice(KINDS),
                        status=rng.choice(STATUSES),
                        visit_at=datetime(2026, 10, 1, 16, 30).astimezone()
                        + timedelta(days=rng.randrange(60)),
                    )
                )
                pull(
                    PolicyPush(
                        policy_id=policy_id,
                        enterprise_id=rng.choice(ents),
                        staff_id=rng.choice(people),
                        # the quarter's last local hour (15:30 UTC the same day)
                        pushed_at=datetime(2026, 12, 31, 23, 30).astimezone(),
                    )
                )
            pull(
                Demand(
                    enterprise_id=ents[0],
                    staff_id=people[0],
                    state="closed",
                    collected_at=datetime(2026, 10, 2, 9).astimezone(),
                    deadline=date(2026, 10, 9),
                    closed_at=datetime(2026, 10, 10, 0, 30).astimezone(),  # local 10th, UTC the 9th: late
                )
            )
            live = [
                r
                for r in s.exec(select(ServiceRecord)).all()
                if not r.deleted and r.staff_id in people and r.status == "submitted" and r.kind == "onsite"
            ]
            gone = rng.choice(live)
            pull(gone, deleted=True)
            evals = [e for e in s.exec(select(Evaluation)).all() if not e.deleted and e.staff_id in people]
            pull(rng.choice(evals), deleted=True)
            result = apply_remote(s, rows)
            assert not result.pending
        with db.session() as s:
            assert s.get(Assignment, moved.id).end_date == date(2026, 10, 20)  # type: ignore[union-attr]
            assert s.get(ServiceRecord, gone.id).deleted  # type: ignore[union-attr]
            assert all(_check_pages_and_totals(s, zone_id))
