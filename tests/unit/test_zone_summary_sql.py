"""The supervisor's zone summary, aggregated in SQL (issue 11 §2), equals the rule computed in Python
from every row — on a generated zone with reassignments in the middle of the period, tombstoned
and draft records, amendments, other record kinds, closed / late / open demands and evaluations —
for periods before, around and after "today", in a time zone east of UTC (late closure is judged
on the local day). The complaints list's pages cover every complaint once, in deadline order."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from fieldkit.domain.demands import DONE_STATES, OPEN_STATES
from fieldkit.models import Assignment, Demand, Enterprise, Evaluation, ServiceRecord, Staff
from fieldkit.services import store
from fieldkit.services.evaluations import LEVELS, level_score
from fieldkit.services.ledger import zone_summary
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
        return zone.id


def _expected(s: Session, start: date, end: date, zone_id: str, today: date) -> dict[str, tuple[Any, ...]]:
    """Per active assistant of the zone, from every row in Python: visits, assigned, covered,
    demands opened, closed on time, closed late, overdue open, evaluations, their score total."""
    ref = min(end, today)
    lo, hi = day_start(start), day_end(end)
    people = [
        p
        for p in s.exec(select(Staff)).all()
        if not p.deleted and p.active and p.role == "assistant" and p.zone_id == zone_id
    ]
    records = s.exec(select(ServiceRecord)).all()
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
        out[p.id] = (
            sum(
                1
                for r in live
                if r.staff_id == p.id and r.kind in ("onsite", "ondemand") and r.amends_id is None
            ),
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
        )
    return out


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
            reached = [0] * 9
            for start, end, today in PERIODS:
                want = _expected(s, start, end, zone_id, today)
                got = {
                    r.staff_id: (
                        r.visits,
                        r.assigned,
                        r.covered,
                        r.demands_opened,
                        r.closed_on_time,
                        r.closed_late,
                        r.overdue_open,
                        r.evaluations,
                        r.satisfaction_total,
                    )
                    for r in zone_summary(s, start, end, zone_id=zone_id, today=today)
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
