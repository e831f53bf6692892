"""Demand (诉求) lifecycle as an explicit state machine (seed 001 §7.2.1, seed 004 §7.2.2 d, §7.2.4 c).

收集 collected → 交办 assigned → 承办 in_progress → 催办 reminded → 反馈 feedback → 办结 closed → 归档 archived.
An unsatisfied feedback goes back to 交办 or to 集中研判 (collective review); a simple demand can be
solved on the spot (collected → closed). Every transition is a DemandEvent: the history is the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from fieldkit.db import SessionFactory, transaction
from fieldkit.models import Demand, DemandEvent, utcnow

from . import store
from .errors import TransitionError, ValidationError, ValidationErrors
from .i18n import QT_TRANSLATE_NOOP as N
from .names import enterprise_name, staff_name, staff_names
from .timeutil import local_today, to_local
from .validation import parse_date, require

UNSATISFIED = ("unsatisfied", "very_unsatisfied")
SATISFACTION_LEVELS = ("very_satisfied", "satisfied", "basically_satisfied", "unsatisfied", "very_unsatisfied")
OPEN_STATES = ("collected", "assigned", "in_progress", "reminded", "feedback", "collective_review")
DONE_STATES = ("closed", "archived")
#: a deadline this close (days) counts as "due soon" and triggers the automatic 催办
DUE_SOON_DAYS = 2
AUTO_REMIND_SOON = N("Demand", "系统自动催办：办理时限临近")
AUTO_REMIND_PAST = N("Demand", "系统自动催办：已超过办理时限")


@dataclass(frozen=True)
class Action:
    code: str
    sources: tuple[str, ...]
    target: str
    label: str  # Chinese source text, context "Demand"


ACTIONS: dict[str, Action] = {a.code: a for a in (
    Action("assign", ("collected",), "assigned", N("Demand", "交办")),
    Action("solve_on_spot", ("collected",), "closed", N("Demand", "当场解决")),
    Action("accept", ("assigned", "reminded"), "in_progress", N("Demand", "承办")),
    Action("remind", ("assigned", "in_progress"), "reminded", N("Demand", "催办")),
    Action("feedback", ("in_progress", "reminded"), "feedback", N("Demand", "反馈")),
    Action("reassign", ("feedback", "collective_review"), "assigned", N("Demand", "再次交办")),
    Action("review", ("feedback",), "collective_review", N("Demand", "集中研判")),
    Action("close", ("feedback", "collective_review"), "closed", N("Demand", "办结销号")),
    Action("archive", ("closed",), "archived", N("Demand", "归档")),
)}

#: every legal edge of the lifecycle, derived from ACTIONS (plus the creation edge None → collected)
LEGAL_EDGES: frozenset[tuple[str | None, str]] = frozenset(
    {(None, "collected")} | {(s, a.target) for a in ACTIONS.values() for s in a.sources}
)


def is_legal_path(states: list[str]) -> bool:
    """True when ``states`` (in event order, starting at creation) is a path of the lifecycle."""
    prev: str | None = None
    for s in states:
        if (prev, s) not in LEGAL_EDGES:
            return False
        prev = s
    return True


def allowed_actions(demand: Demand) -> list[str]:
    """Actions offered for the demand's state (closing after an unsatisfied feedback is not)."""
    out = []
    for a in ACTIONS.values():
        if demand.state not in a.sources:
            continue
        if a.code == "close" and demand.state == "feedback" and demand.satisfaction in UNSATISFIED:
            continue
        out.append(a.code)
    return out


def is_overdue(demand: Demand, today: date | None = None) -> bool:
    """Past its deadline: open and deadline passed, or closed after the deadline."""
    if demand.deadline is None:
        return False
    if demand.state in DONE_STATES:
        closed = to_local(demand.closed_at)
        return closed is not None and closed.date() > demand.deadline
    return (today or local_today()) > demand.deadline


def days_left(demand: Demand, today: date | None = None) -> int | None:
    """Days until the deadline (negative when overdue); None without deadline or once closed."""
    if demand.deadline is None or demand.state in DONE_STATES:
        return None
    return (demand.deadline - (today or local_today())).days


class DemandService:
    def __init__(self, actor: store.Actor) -> None:
        self.actor = actor

    def raise_demand(self, session: Session, *, enterprise_id: str, staff_id: str, description: str,
                     kind: str = "demand", category: str = "other", urgency: str = "normal",
                     record_id: str | None = None, collected_at: datetime | None = None) -> Demand:
        """收集: a new demand, complaint or suggestion, with its first event."""
        desc = require(description, "description", N("Validation", "诉求内容"))
        at = collected_at or utcnow()
        d = Demand(enterprise_id=enterprise_id, staff_id=staff_id, kind=kind, category=category,
                   description=desc, urgency=urgency, record_id=record_id, state="collected",
                   collected_at=at)
        store.insert(session, d, self.actor)
        self._event(session, d, None, "collected", "", at)
        return d

    def _event(self, session: Session, d: Demand, src: str | None, dst: str, note: str,
               at: datetime | None = None) -> DemandEvent:
        at = at or utcnow()
        # the history is ordered by time: never let an event sort before the one it follows
        # (a collection time typed ahead of the clock, or a coarse clock giving equal stamps)
        last = session.exec(select(func.max(DemandEvent.at)).where(DemandEvent.demand_id == d.id)).one()
        if last is not None:
            if last.tzinfo is None:
                last = last.replace(tzinfo=UTC)
            at = max(at, last + timedelta(microseconds=1))
        ev = DemandEvent(demand_id=d.id, from_state=src, to_state=dst, actor_id=self.actor.staff_id,
                         at=at, note=note, enterprise_id=d.enterprise_id)
        return store.insert(session, ev, self.actor)

    def transition(self, session: Session, demand: Demand, action: str, *, note: str = "",
                   today: date | None = None, **fields: Any) -> DemandEvent:
        """Perform ``action``; illegal ones are refused with a reason (TransitionError).

        Fields by action: assign/reassign need department, responsible_person and deadline;
        feedback needs satisfaction; solve_on_spot needs a note; closing after the deadline needs
        overdue_explanation (seed 004 §7.2.4 c).
        """
        a = ACTIONS.get(action)
        if a is None:
            raise TransitionError(N("Lifecycle", "未知的操作：{action}"), action=action)
        if demand.state not in a.sources:
            raise TransitionError(
                N("Lifecycle", "诉求当前处于“{state}”状态，不能执行“{action}”"),
                state=demand.state, action=action)
        today = today or local_today()
        changes: dict[str, Any] = {"state": a.target}
        errors: list[ValidationError] = []
        if action in ("assign", "reassign"):
            dept = (fields.get("department") or demand.department or "").strip()
            person = (fields.get("responsible_person") or demand.responsible_person or "").strip()
            if not dept:
                errors.append(ValidationError(N("Validation", "请填写{label}"), "department",
                                              label=N("Validation", "责任部门")))
            if not person:
                errors.append(ValidationError(N("Validation", "请填写{label}"), "responsible_person",
                                              label=N("Validation", "责任人")))
            try:
                deadline = parse_date(fields.get("deadline") or demand.deadline, "deadline")
            except ValidationError as e:
                errors.append(e)
                deadline = None
            if deadline and deadline < today and action == "assign":
                errors.append(ValidationError(N("Validation", "办理时限不能早于今天"), "deadline"))
            changes.update(department=dept, responsible_person=person, deadline=deadline)
        elif action == "feedback":
            sat = fields.get("satisfaction")
            if sat not in SATISFACTION_LEVELS:
                errors.append(ValidationError(N("Validation", "请选择企业满意度"), "satisfaction"))
            changes["satisfaction"] = sat
        elif action == "solve_on_spot":
            if not note.strip():
                errors.append(ValidationError(N("Validation", "请填写{label}"), "note",
                                              label=N("Validation", "解决情况")))
            changes.update(solved_on_spot=True, closed_at=utcnow())
            if fields.get("satisfaction") in SATISFACTION_LEVELS:
                changes["satisfaction"] = fields["satisfaction"]
        elif action == "close":
            if demand.state == "feedback" and demand.satisfaction in UNSATISFIED:
                raise TransitionError(N("Lifecycle", "企业对办理结果不满意，不能办结：请再次交办或提交集中研判"))
            if demand.deadline and today > demand.deadline:
                expl = (fields.get("overdue_explanation") or "").strip()
                if not expl:
                    errors.append(ValidationError(
                        N("Validation", "该诉求已超过办理时限（{deadline}），办结前请说明逾期原因"),
                        "overdue_explanation", deadline=demand.deadline.isoformat()))
                changes["overdue_explanation"] = expl
            changes["closed_at"] = utcnow()
        if errors:
            raise ValidationErrors(errors)
        src = demand.state
        store.update(session, demand, self.actor, **changes)
        return self._event(session, demand, src, a.target, note.strip())

    def auto_remind(self, session: Session, today: date | None = None,
                    staff_id: str | None = None) -> list[Demand]:
        """催办 automatically every demand whose deadline is near or past and not yet reminded.

        Each (re)assignment gets at most one automatic reminder while the deadline is near and one
        more once it has passed; a demand accepted again after a reminder is not nagged again.
        """
        today = today or local_today()
        q = select(Demand).where(col(Demand.deleted).is_(False),
                                 col(Demand.state).in_(("assigned", "in_progress")),
                                 col(Demand.deadline).is_not(None),
                                 col(Demand.deadline) <= today + timedelta(days=DUE_SOON_DAYS))
        if staff_id:
            q = q.where(Demand.staff_id == staff_id)
        done = []
        for d in session.exec(q).all():
            past = d.deadline is not None and d.deadline < today
            note = AUTO_REMIND_PAST if past else AUTO_REMIND_SOON
            if self._auto_reminded(session, d, past):
                continue  # once near the deadline and once past it, not again after each 承办
            self.transition(session, d, "remind", note=note, today=today)
            done.append(d)
        return done

    def _auto_reminded(self, session: Session, d: Demand, past: bool) -> bool:
        """Whether this automatic reminder was already sent since the demand was last (re)assigned."""
        sent: set[str] = set()
        for to_state, note in session.exec(
                select(DemandEvent.to_state, DemandEvent.note).where(DemandEvent.demand_id == d.id)
                .order_by(col(DemandEvent.at), col(DemandEvent.created_at))).all():
            if to_state == "assigned":
                sent.clear()
            elif to_state == "reminded" and note in (AUTO_REMIND_SOON, AUTO_REMIND_PAST):
                sent.add(note)
        return AUTO_REMIND_PAST in sent if past else bool(sent)

    def history(self, session: Session, demand_id: str) -> list[DemandEvent]:
        return demand_history(session, demand_id)


def demand_history(session: Session, demand_id: str) -> list[DemandEvent]:
    """A demand's events in the order they happened (the history is the record)."""
    return list(session.exec(select(DemandEvent).where(DemandEvent.demand_id == demand_id)
                             .order_by(col(DemandEvent.at), col(DemandEvent.created_at))).all())


def remind_due(make_session: SessionFactory, service: DemandService, staff_id: str | None = None,
               today: date | None = None) -> int:
    """The automatic 催办 in a transaction of its own (:meth:`DemandService.auto_remind`) for the
    demands of ``staff_id`` (None: every demand); returns how many demands were reminded."""
    with transaction(make_session) as s:
        return len(service.auto_remind(s, today=today, staff_id=staff_id))


@dataclass
class DemandDetail:
    """One demand with the names it refers to, its history and the actions its state allows."""

    demand: Demand
    enterprise_name: str
    staff_name: str
    history: list[tuple[DemandEvent, str]]  # (event, name of who did it)
    actions: list[str]


def demand_detail(session: Session, demand_id: str) -> DemandDetail:
    """The demand ``demand_id`` (NotFoundError when it is gone) for the detail pane."""
    d = store.get(session, Demand, demand_id)
    events = demand_history(session, d.id)
    actors = staff_names(session, (ev.actor_id for ev in events))
    return DemandDetail(d, enterprise_name(session, d.enterprise_id), staff_name(session, d.staff_id),
                        [(ev, actors.get(ev.actor_id or "", "")) for ev in events], allowed_actions(d))


def list_demands(session: Session, *, staff_id: str | None = None, enterprise_id: str | None = None,
                 states: tuple[str, ...] | None = None, kind: str | None = None,
                 enterprise_ids: Any = None) -> list[Demand]:
    q = select(Demand).where(col(Demand.deleted).is_(False))
    if staff_id:
        q = q.where(Demand.staff_id == staff_id)
    if enterprise_id:
        q = q.where(Demand.enterprise_id == enterprise_id)
    if enterprise_ids is not None:
        q = q.where(col(Demand.enterprise_id).in_(enterprise_ids))
    if states:
        q = q.where(col(Demand.state).in_(states))
    if kind:
        q = q.where(Demand.kind == kind)
    return list(session.exec(q.order_by(col(Demand.deadline).is_(None), col(Demand.deadline))).all())


def due_soon_or_overdue(session: Session, staff_id: str | None, today: date | None = None,
                        days: int = 3) -> list[Demand]:
    today = today or local_today()
    q = select(Demand).where(col(Demand.deleted).is_(False), col(Demand.state).in_(OPEN_STATES),
                             col(Demand.deadline).is_not(None),
                             col(Demand.deadline) <= today + timedelta(days=days))
    if staff_id:
        q = q.where(Demand.staff_id == staff_id)
    return list(session.exec(q.order_by(col(Demand.deadline))).all())
