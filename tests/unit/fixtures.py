"""Small fixed-world builders shared by the unit tests of the services.

Every test opens its own SQLite file in ``tmp_path`` through :func:`fieldkit.db.open_store`
(real migrations, real pragmas); nothing is mocked. Local times are built with
:func:`local`, i.e. aware datetimes in the machine's local time zone, exactly as the UI does.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from fieldkit.db import SessionFactory, open_store, session_factory, transaction
from fieldkit.models import AuditLog, Enterprise, OutboxEntry, Staff, Zone
from fieldkit.models import ServiceRecord as ServiceRecordModel
from fieldkit.services import store
from fieldkit.services.enterprises import EnterpriseService
from fieldkit.services.validation import uscc_check_char
from fieldkit.services.zones import choose_zone

#: the actor of every test write unless a test says otherwise
ACTOR = store.Actor(staff_id=None, device_id="test-device")

#: real, published unified social credit codes
HUAWEI_CODE = "914403001922038216"  # 华为技术有限公司
REAL_CODES = ("914403001922038216", "91110000802100433B", "911101085923662400")


@dataclass
class DB:
    """One store file and its session factory."""

    path: Path
    engine: Engine
    make: SessionFactory

    def session(self) -> Session:
        return self.make()

    def tx(self):  # type: ignore[no-untyped-def]
        """One unit of work (commit on success, roll back on error)."""
        return transaction(self.make)

    def count(self, model: Any, *where: Any) -> int:
        with self.make() as s:
            return s.exec(select(func.count()).select_from(model).where(*where)).one()


def open_db(tmp_path: Path, name: str = "fieldkit.sqlite3") -> DB:
    path = tmp_path / name
    engine = open_store(path)
    return DB(path, engine, session_factory(engine))


def journal_counts(db: DB) -> tuple[int, int]:
    """(audit rows, outbox rows) currently stored."""
    return db.count(AuditLog), db.count(OutboxEntry)


def make_code(n: int, region: str = "510600", authority: str = "9", kind: str = "1") -> str:
    """A valid credit code (GB 32100 check character) numbered ``n``."""
    body = f"{authority}{kind}{region}MA{n:06d}X"
    assert len(body) == 17
    return body + uscc_check_char(body)


def local(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    """An aware datetime at local wall-clock time (what the user types / the UI builds)."""
    return datetime(y, m, d, hh, mm).astimezone()


@contextmanager
def local_timezone(name: str) -> Iterator[None]:
    """Run a block as if the machine were set to time zone ``name`` (POSIX TZ + tzset)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


def add_zone(s: Session, name: str, code: str = "") -> Zone:
    return store.insert(s, Zone(name=name, code=code), ACTOR)


def add_staff(
    s: Session,
    name: str,
    login: str,
    zone: Zone | None = None,
    *,
    role: str = "assistant",
    specialist_type: str = "industrial_assistant",
    active: bool = True,
) -> Staff:
    zone_id = zone.id if zone else _first_zone_id(s) or choose_zone(s, ACTOR)
    return store.insert(
        s,
        Staff(
            name=name, login=login, role=role, specialist_type=specialist_type, zone_id=zone_id, active=active
        ),
        ACTOR,
    )


_counter = iter(range(1, 10**6))


def _first_zone_id(s: Session) -> str | None:
    """The zone created first, for a test that does not care which of several zones a row is in
    (None: the service picks the only zone, or creates the default one in a store without zones)."""
    return s.exec(select(Zone.id).where(Zone.deleted == False).order_by(Zone.created_at)).first()  # noqa: E712


def add_enterprise(
    s: Session, name: str, *, code: str | None = None, zone: Zone | None = None, **fields: Any
) -> Enterprise:
    """Create an enterprise through the real service (validation, pinyin keys, journal)."""
    if zone is not None:
        fields["zone_id"] = zone.id
    elif "zone_id" not in fields:
        fields["zone_id"] = _first_zone_id(s)
    return EnterpriseService(ACTOR).create(
        s, name=name, credit_code=code or make_code(next(_counter)), **fields
    )


# --- the small fixed dataset of the ledger tests ------------------------------------------------


@dataclass
class LedgerWorld:
    """Ids by short name: zones Z1/Z2, staff S1–S4 and SUP, enterprises E1–E7, records R*, demands D*,
    proxies P*, policies POL*. See :func:`build_ledger_world` for the story."""

    ids: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.ids[key]


#: the period of the ledger tests (Q1 2026) and the day they are run on
Q1 = (date(2026, 1, 1), date(2026, 3, 31))
LEDGER_TODAY = date(2026, 4, 10)


def build_ledger_world(db: DB) -> LedgerWorld:
    """A small, fixed zone for the ledger tests; every figure is computed by hand in the test.

    Period Q1 2026 (01-01 … 03-31, local days), run on 2026-04-10. Times are local wall-clock times.

    Z1 旌阳高新区: S1 张伟 (产业助理), S2 李娜 (助企干部), S4 刘洋 (inactive), SUP 赵敏 (supervisor).
    Z2 罗江经开区: S3 王强 (服务管家).
    Enterprises: E1 华为 E2 东方电机 E3 宏华 E5 食品 (Z1), E4 休眠贸易 (Z1, hibernating), E6 新材料 (Z2),
    E7 注销 (Z1, deregistered).
    Assignments: S1 ← E1, E2, E4, E7 (since 2025-07-01) and E5 (2025-07-01 … 2026-02-14, then S2);
    S2 ← E3 (2025-10-01), E5 (2026-02-15); S3 ← E6 (2025-01-01).
    """
    from fieldkit.services.assignments import AssignmentService
    from fieldkit.services.demands import DemandService
    from fieldkit.services.evaluations import EvaluationService
    from fieldkit.services.policies import PolicyService
    from fieldkit.services.proxy import ProxyServiceService
    from fieldkit.services.records import RecordService

    ids: dict[str, str] = {}
    asg = AssignmentService(ACTOR)
    rs = RecordService(ACTOR)
    ds = DemandService(ACTOR)
    ps = ProxyServiceService(ACTOR)
    pol = PolicyService(ACTOR)
    ev = EvaluationService(ACTOR)
    with db.tx() as s:
        z1, z2 = add_zone(s, "旌阳高新区"), add_zone(s, "罗江经开区")
        ids.update(Z1=z1.id, Z2=z2.id)
        for key, name, login, zone, kw in [
            ("S1", "张伟", "zhangwei", z1, {"specialist_type": "industrial_assistant"}),
            ("S2", "李娜", "lina", z1, {"specialist_type": "support_official"}),
            ("S3", "王强", "wangqiang", z2, {"specialist_type": "steward"}),
            ("S4", "刘洋", "liuyang", z1, {"active": False}),
            ("SUP", "赵敏", "zhaomin", z1, {"role": "supervisor"}),
        ]:
            ids[key] = add_staff(s, name, login, zone, **kw).id
        for key, name, zone, kw in [
            ("E1", "华为技术有限公司", z1, {}),
            ("E2", "东方电气集团东方电机有限公司", z1, {}),
            ("E3", "四川宏华石油设备有限公司", z1, {}),
            ("E4", "德阳休眠贸易有限公司", z1, {"status": "hibernating"}),
            ("E5", "旌阳食品有限公司", z1, {}),
            ("E6", "罗江新材料有限公司", z2, {}),
            ("E7", "德阳已注销机械厂", z1, {"status": "deregistered"}),
        ]:
            ids[key] = add_enterprise(s, name, zone=zone, **kw).id
        for staff, ent, start in [
            ("S1", "E1", date(2025, 7, 1)),
            ("S1", "E2", date(2025, 7, 1)),
            ("S1", "E4", date(2025, 7, 1)),
            ("S1", "E7", date(2025, 7, 1)),
            ("S1", "E5", date(2025, 7, 1)),
            ("S2", "E3", date(2025, 10, 1)),
            ("S3", "E6", date(2025, 1, 1)),
        ]:
            asg.assign(s, ids[staff], ids[ent], start)
        asg.reassign(s, ids["E5"], ids["S1"], ids["S2"], on=date(2026, 2, 15))

        def record(
            key: str, staff: str, ent: str, when: datetime, kind: str = "onsite", submit: bool = True
        ) -> None:
            r = rs.create_draft(
                s,
                enterprise_id=ids[ent],
                staff_id=ids[staff],
                visit_at=when,
                kind=kind,
                place="企业现场",
                content=f"记录 {key}",
            )
            if submit:
                rs.submit(s, r)
            ids[key] = r.id

        record("R1", "S1", "E1", local(2026, 1, 15, 10, 0))
        record("R2", "S1", "E1", local(2026, 3, 31, 23, 30))  # last evening of the period: in
        record("R3", "S1", "E2", local(2026, 4, 1, 0, 15))  # first minutes after: out
        record("R4", "S1", "E2", local(2026, 2, 10, 9, 0), kind="ondemand")
        record("R5", "S1", "E2", local(2026, 3, 5, 9, 0), submit=False)  # draft: never counts
        record("R6", "S1", "E1", local(2025, 12, 31, 23, 50))  # before the period: out
        record("R7", "S2", "E3", local(2026, 1, 1, 0, 5))  # first minutes of the period: in
        record("R8", "S1", "E5", local(2026, 1, 20, 14, 0))  # S1 visits E5 while still assigned
        record("R9", "S2", "E3", local(2026, 3, 10, 9, 0), kind="survey")
        record("R11", "S3", "E6", local(2026, 2, 2, 9, 0))
        am = rs.amend(s, s.get(ServiceRecordModel, ids["R7"]), content="更正：补充参会人员")
        rs.submit(s, am)
        ids["R10"] = am.id  # amendment of R7: listed, but not another visit

        def demand(
            key: str,
            staff: str,
            ent: str,
            collected: datetime,
            deadline: date | None,
            steps: list[str],
            closed: datetime | None = None,
            deleted: bool = False,
        ) -> None:
            d = ds.raise_demand(
                s,
                enterprise_id=ids[ent],
                staff_id=ids[staff],
                description=f"诉求 {key}",
                collected_at=collected,
            )
            day = collected.date()
            for step in steps:
                if step == "assign":
                    ds.transition(
                        s,
                        d,
                        "assign",
                        today=day,
                        department="经信局",
                        responsible_person="王科长",
                        deadline=deadline,
                    )
                elif step == "feedback":
                    ds.transition(s, d, "feedback", satisfaction="satisfied")
                elif step == "close":
                    ds.transition(
                        s,
                        d,
                        "close",
                        today=closed.date() if closed else day,
                        overdue_explanation="等待上级批复",
                    )
                elif step == "solve_on_spot":
                    ds.transition(s, d, "solve_on_spot", note="当场解决")
                else:
                    ds.transition(s, d, step)
            if closed is not None:  # the close happened on that day
                store.update(s, d, ACTOR, closed_at=closed)
            if deleted:
                store.delete(s, d, ACTOR)
            ids[key] = d.id

        full = ["assign", "accept", "feedback", "close"]
        demand("D1", "S1", "E1", local(2026, 1, 10), date(2026, 1, 31), full, local(2026, 1, 25))
        demand("D2", "S1", "E2", local(2026, 2, 1), date(2026, 2, 15), full, local(2026, 2, 20))
        demand("D3", "S1", "E1", local(2026, 3, 1), date(2026, 3, 20), ["assign", "accept"])
        demand("D4", "S1", "E2", local(2026, 3, 25), date(2026, 4, 30), ["assign", "accept"])
        demand("D5", "S2", "E3", local(2025, 12, 20), date(2026, 1, 10), full, local(2026, 1, 8))
        demand("D6", "S2", "E3", local(2026, 2, 10), None, ["solve_on_spot"], local(2026, 2, 10, 11, 0))
        demand("D7", "S2", "E5", local(2026, 3, 30), date(2026, 3, 31), full, local(2026, 4, 2))
        demand("D8", "S3", "E6", local(2026, 1, 5), date(2026, 1, 20), full + ["archive"], local(2026, 1, 21))
        demand("D9", "S3", "E6", local(2026, 2, 3), date(2026, 3, 31), ["assign"])
        demand("D10", "S1", "E1", local(2026, 2, 2), None, [], deleted=True)

        def proxy(
            key: str, staff: str, ent: str, accepted: date, end: str | None = None, on: date | None = None
        ) -> None:
            p = ps.create(
                s,
                enterprise_id=ids[ent],
                staff_id=ids[staff],
                item=f"代办 {key}",
                stage="construction",
                accepted_on=accepted,
            )
            if end in ("in_progress", "completed"):
                ps.start(s, p)
            if end == "completed":
                ps.complete(s, p, on=on)
            if end == "terminated":
                ps.terminate(s, p, "a")
            ids[key] = p.id

        proxy("P1", "S1", "E1", date(2026, 1, 5), "completed", date(2026, 2, 28))
        proxy("P2", "S1", "E2", date(2026, 3, 1), "in_progress")
        proxy("P3", "S2", "E3", date(2025, 11, 1), "completed", date(2026, 1, 15))
        proxy("P4", "S2", "E5", date(2026, 2, 1), "terminated")
        proxy("P5", "S3", "E6", date(2026, 3, 20), "completed", date(2026, 4, 5))

        ids["POL1"] = pol.create(s, title="技改补贴").id
        ids["POL2"] = pol.create(s, title="科技创新券").id
        for key, staff, p, ent, at in [
            ("PU1", "S1", "POL1", "E1", local(2026, 1, 15, 10, 30)),
            ("PU2", "S1", "POL2", "E2", local(2026, 3, 31, 23, 59)),
            ("PU3", "S1", "POL1", "E2", local(2026, 4, 1, 0, 1)),
            ("PU4", "S2", "POL2", "E3", local(2026, 2, 14, 15, 0)),
        ]:
            ids[key] = pol.push(s, policy_id=ids[p], enterprise_id=ids[ent], staff_id=ids[staff], at=at).id

        for staff, ent, stage, level, on in [
            ("S1", "E1", "operation", "very_satisfied", date(2026, 2, 1)),  # 5
            ("S1", "E2", "construction", "basically_satisfied", date(2026, 3, 31)),  # 3
            ("S1", "E1", "startup", "satisfied", date(2026, 4, 1)),  # out of the period
            ("S2", "E3", "operation", "unsatisfied", date(2026, 1, 1)),  # 2
        ]:
            ev.record(
                s, enterprise_id=ids[ent], staff_id=ids[staff], stage=stage, level=level, evaluated_on=on
            )
    return LedgerWorld(ids)


def pushed(db: DB) -> None:
    """As after a successful push: every pending outbox entry handed over and acknowledged, so the
    next edit of a row starts a new entry instead of merging into the waiting one."""
    from fieldkit.services import outbox

    with db.tx() as s:
        entries = outbox.pending(s, limit=1_000_000)
        outbox.mark_sent(s, entries)
        outbox.acknowledge(s, [e.mutation_id for e in entries])


# --- command-line sign-in ------------------------------------------------------------------------

#: the local password the CLI tests sign in with (FIELDKIT_PASSWORD)
CLI_PASSWORD = "test-pass-1234"


def allow_cli_sign_in(folder: Path, login: str, password: str = CLI_PASSWORD) -> None:
    """Give ``login`` (an existing staff row of the folder's store) a local password and make it
    the folder's current login, so ``fieldkit print|search|import`` sign in as them."""
    from fieldkit.config import Settings, db_path
    from fieldkit.services.auth import set_password

    engine = open_store(db_path(folder))
    try:
        with transaction(session_factory(engine)) as s:
            staff = s.exec(select(Staff).where(Staff.login == login)).one()
            set_password(s, login, staff.id, password)
    finally:
        engine.dispose()
    settings = Settings.load(folder)
    settings.current_login = login
    settings.save(folder)
