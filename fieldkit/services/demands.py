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
from fieldkit.domain import demands as lifecycle
from fieldkit.domain.demands import ACTIONS as ACTIONS
from fieldkit.domain.demands import AUTO_REMIND_NOTES, reminder_event_id, reminder_kind
from fieldkit.domain.demands import AUTO_REMIND_PAST as AUTO_REMIND_PAST
from fieldkit.domain.demands import AUTO_REMIND_SOON as AUTO_REMIND_SOON
from fieldkit.domain.demands import DONE_STATES as DONE_STATES
from fieldkit.domain.demands import DUE_SOON_DAYS as DUE_SOON_DAYS
from fieldkit.domain.demands import LEGAL_EDGES as LEGAL_EDGES
from fieldkit.domain.demands import OPEN_STATES as OPEN_STATES
from fieldkit.domain.demands import SATISFACTION_LEVELS as SATISFACTION_LEVELS
from fieldkit.domain.demands import UNSATISFIED as UNSATISFIED
from fieldkit.domain.demands import Action as Action
from fieldkit.domain.demands import is_legal_path as is_legal_path
from fieldkit.models import Demand, DemandEvent, utcnow

from . import permissions, store
from .errors import TransitionError, ValidationError, ValidationErrors
from .i18n import QT_TRANSLATE_NOOP as N
from .names import enterprise_name, staff_name, staff_names
from .outbox import with_sync_states
from .timeutil import local_today, to_local
from .validation import parse_date, require


def allowed_actions(demand: Demand) -> list[str]:
    """Actions offered for the demand's state (closing after an unsatisfied feedback is not)."""
    return lifecycle.allowed_actions(demand.state, demand.satisfaction)


def is_overdue(demand: Demand, today: date | None = None) -> bool:
    """逾期: still open and its deadline has passed — the one meaning of "overdue" everywhere (the
    Today tile, 只看逾期, the ledgers). A demand finished after its deadline is :func:`closed_late`."""
    if demand.deadline is None or demand.state in DONE_STATES:
        return False
    return (today or local_today()) > demand.deadline


def closed_late(demand: Demand) -> bool:
    """逾期办结: finished (办结 or 归档) after its deadline."""
    if demand.deadline is None or demand.state not in DONE_STATES:
        return False
    closed = to_local(demand.closed_at)
    return closed is not None and closed.date() > demand.deadline


def days_left(demand: Demand, today: date | None = None) -> int | None:
    """Days until the deadline (negative when overdue); None without deadline or once closed."""
    if demand.deadline is None or demand.state in DONE_STATES:
        return None
    return (demand.deadline - (today or local_today())).days


class DemandService:
    def __init__(self, actor: store.Actor) -> None:
        self.actor = actor

    def raise_demand(
        self,
        session: Session,
        *,
        enterprise_id: str,
        staff_id: str,
        description: str,
        kind: str = "demand",
        category: str = "other",
        urgency: str = "normal",
        record_id: str | None = None,
        collected_at: datetime | None = None,
        major: bool = False,
    ) -> Demand:
        """收集: a new demand, complaint or suggestion, with its first event. ``category`` must be
        one offered for ``kind``; ``major`` (重大投诉) only for a complaint."""
        from .complaints import check_category

        desc = require(description, "description", N("Validation", "诉求内容"))
        check_category(kind, category, major)
        at = collected_at or utcnow()
        d = Demand(
            enterprise_id=enterprise_id,
            staff_id=staff_id,
            kind=kind,
            category=category,
            description=desc,
            urgency=urgency,
            record_id=record_id,
            state="collected",
            collected_at=at,
            major=major,
        )
        store.insert(session, d, self.actor)
        self._event(session, d, None, "collected", "", at)
        return d

    def _event(
        self,
        session: Session,
        d: Demand,
        src: str | None,
        dst: str,
        note: str,
        at: datetime | None = None,
        event_id: str | None = None,
        decided: dict[str, Any] | None = None,
    ) -> DemandEvent:
        """Write the event ``src → dst``; ``decided`` is what the step decided (department,
        responsible_person, deadline, satisfaction), kept in the event itself."""
        at = at or utcnow()
        # this device's pending events are ordered by time: never let one sort before the one it
        # follows (a collection time typed ahead of the clock, or a coarse clock giving equal stamps)
        last = session.exec(select(func.max(DemandEvent.at)).where(DemandEvent.demand_id == d.id)).one()
        if last is not None:
            if last.tzinfo is None:
                last = last.replace(tzinfo=UTC)
            at = max(at, last + timedelta(microseconds=1))
        ev = DemandEvent(
            demand_id=d.id,
            from_state=src,
            to_state=dst,
            actor_id=self.actor.staff_id,
            at=at,
            note=note,
            enterprise_id=d.enterprise_id,
            **(decided or {}),
        )
        if event_id is not None:  # derived from what it records (an automatic reminder)
            ev.id = event_id
        return store.insert(session, ev, self.actor)

    def transition(
        self,
        session: Session,
        demand: Demand,
        action: str,
        *,
        note: str = "",
        today: date | None = None,
        event_id: str | None = None,
        **fields: Any,
    ) -> DemandEvent:
        """Perform ``action``; illegal ones are refused with a reason (TransitionError).

        Fields by action: assign/reassign need department, responsible_person and deadline;
        feedback needs satisfaction; solve_on_spot needs a note; closing after the deadline needs
        overdue_explanation (seed 004 §7.2.4 c). ``event_id`` names the event written (the
        automatic reminder derives it); by default it gets a new id.
        """
        a = ACTIONS.get(action)
        if a is None:
            raise TransitionError(N("Lifecycle", "未知的操作：{action}"), action=action)
        if demand.state not in a.sources:
            from .i18n import translate
            from .labels import label

            raise TransitionError(
                N("Lifecycle", "诉求当前处于“{state}”状态，不能执行“{action}”"),
                state=label("demand_state", demand.state),
                action=translate("Demand", a.label),
            )
        today = today or local_today()
        changes: dict[str, Any] = {"state": a.target}
        errors: list[ValidationError] = []
        if action in ("assign", "reassign"):
            dept = (fields.get("department") or demand.department or "").strip()
            person = (fields.get("responsible_person") or demand.responsible_person or "").strip()
            if not dept:
                errors.append(
                    ValidationError(
                        N("Validation", "请填写{label}"), "department", label=N("Validation", "责任部门")
                    )
                )
            if not person:
                errors.append(
                    ValidationError(
                        N("Validation", "请填写{label}"),
                        "responsible_person",
                        label=N("Validation", "责任人"),
                    )
                )
            try:
                deadline = parse_date(
                    fields.get("deadline") or demand.deadline, "deadline", label=N("Validation", "办理时限")
                )
            except ValidationError as e:
                errors.append(e)
                deadline = None
            if deadline and deadline < today:  # 交办 and 再次交办 alike: a new deadline, not a past one
                errors.append(ValidationError(N("Validation", "办理时限不能早于今天"), "deadline"))
            changes.update(department=dept, responsible_person=person, deadline=deadline)
        elif action == "feedback":
            sat = fields.get("satisfaction")
            if sat not in SATISFACTION_LEVELS:
                errors.append(ValidationError(N("Validation", "请选择企业满意度"), "satisfaction"))
            changes["satisfaction"] = sat
        elif action == "solve_on_spot":
            if not note.strip():
                errors.append(
                    ValidationError(
                        N("Validation", "请填写{label}"), "note", label=N("Validation", "解决情况")
                    )
                )
            changes.update(solved_on_spot=True, closed_at=utcnow())
            if fields.get("satisfaction") in SATISFACTION_LEVELS:
                changes["satisfaction"] = fields["satisfaction"]
        elif action == "close":
            if lifecycle.close_refused(demand.state, demand.satisfaction):
                raise TransitionError(
                    N("Lifecycle", "企业对办理结果不满意，不能办结：请再次交办或提交集中研判")
                )
            if demand.deadline and today > demand.deadline:
                expl = (fields.get("overdue_explanation") or "").strip()
                if not expl:
                    errors.append(
                        ValidationError(
                            N("Validation", "该诉求已超过办理时限（{deadline}），办结前请说明逾期原因"),
                            "overdue_explanation",
                            deadline=demand.deadline.isoformat(),
                        )
                    )
                changes["overdue_explanation"] = expl
            changes["closed_at"] = utcnow()
        if errors:
            raise ValidationErrors(errors)
        src = demand.state
        store.update_step(session, demand, self.actor, **changes)
        decided = {k: changes[k] for k in lifecycle.DECISION_FIELDS if k in changes}
        return self._event(session, demand, src, a.target, note.strip(), event_id=event_id, decided=decided)

    def auto_remind(
        self, session: Session, today: date | None = None, staff_id: str | None = None
    ) -> list[Demand]:
        """催办 automatically every demand whose deadline is near or past and not yet reminded.

        Each (re)assignment gets at most one automatic reminder while the deadline is near and one
        more once it has passed; a demand accepted again after a reminder is not nagged again. The
        reminder event's id is derived from the demand, its deadline and the kind of reminder, so
        a reminder already written on another device (and pulled here) is not written again, and
        two devices reminding the same demand offline merge into one event. A 再次交办 that keeps
        the deadline is therefore not reminded of it again; one with a new deadline is.
        """
        today = today or local_today()
        q = select(Demand).where(
            col(Demand.deleted).is_(False),
            col(Demand.state).in_(ACTIONS["remind"].sources),
            col(Demand.deadline).is_not(None),
            col(Demand.deadline) <= today + timedelta(days=DUE_SOON_DAYS),
        )
        if staff_id:
            q = q.where(Demand.staff_id == staff_id)
        scope = permissions.in_scope(session, self.actor, Demand.enterprise_id)
        if scope is not None:  # a demand of an enterprise since reassigned is its new holder's
            q = q.where(scope)
        done = []
        for d in session.exec(q).all():
            kind = reminder_kind(d.state, d.deadline, today)
            if kind is None or d.deadline is None:
                continue
            event_id = reminder_event_id(d.id, d.deadline, kind)
            if session.get(DemandEvent, event_id) is not None:
                continue  # this very reminder exists already (written here or pulled from elsewhere)
            if self._auto_reminded(session, d, kind == "past"):
                # once near the deadline and once past it, not again after each 承办 (this also
                # covers reminders written before their ids were derived, which have random ids)
                continue
            store.new_group(session)  # each demand's reminder stands (or is refused) on its own
            self.transition(
                session, d, "remind", note=AUTO_REMIND_NOTES[kind], today=today, event_id=event_id
            )
            done.append(d)
        return done

    def _auto_reminded(self, session: Session, d: Demand, past: bool) -> bool:
        """Whether this automatic reminder was already sent since the demand was last (re)assigned."""
        sent: set[str] = set()
        for ev in demand_history(session, d.id):
            to_state, note = ev.to_state, ev.note
            if to_state == "assigned":
                sent.clear()
            elif to_state == "reminded" and note in (AUTO_REMIND_SOON, AUTO_REMIND_PAST):
                sent.add(note)
        return AUTO_REMIND_PAST in sent if past else bool(sent)

    def history(self, session: Session, demand_id: str) -> list[DemandEvent]:
        return demand_history(session, demand_id)


def demand_history(session: Session, demand_id: str) -> list[DemandEvent]:
    """A demand's live events in history order (the history is the record): the synced ones in
    the order the server accepted them, then this device's pending ones in the order they were
    made (:func:`fieldkit.domain.demands.in_history_order`, the one ordering rule)."""
    return lifecycle.in_history_order(
        session.exec(
            select(DemandEvent).where(DemandEvent.demand_id == demand_id, col(DemandEvent.deleted).is_(False))
        ).all()
    )


def remind_due(
    make_session: SessionFactory,
    service: DemandService,
    staff_id: str | None = None,
    today: date | None = None,
) -> int:
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


def demand_detail(session: Session, actor: store.Actor, demand_id: str) -> DemandDetail:
    """The demand ``demand_id`` (NotFoundError when it is gone; PermissionDenied when its
    enterprise is outside the actor's scope) for the detail pane."""
    d = store.get(session, Demand, demand_id)
    permissions.check_enterprise(session, actor, d.enterprise_id)
    events = demand_history(session, d.id)
    actors = staff_names(session, (ev.actor_id for ev in events))
    return DemandDetail(
        d,
        enterprise_name(session, d.enterprise_id),
        staff_name(session, d.staff_id),
        [(ev, actors.get(ev.actor_id or "", "")) for ev in events],
        allowed_actions(d),
    )


def list_demands(
    session: Session,
    *,
    staff_id: str | None = None,
    enterprise_id: str | None = None,
    states: tuple[str, ...] | None = None,
    kind: str | None = None,
    enterprise_ids: Any = None,
) -> list[Demand]:
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


def due_soon_or_overdue(
    session: Session, staff_id: str | None, today: date | None = None, days: int = 3
) -> list[Demand]:
    today = today or local_today()
    q = select(Demand).where(
        col(Demand.deleted).is_(False),
        col(Demand.state).in_(OPEN_STATES),
        col(Demand.deadline).is_not(None),
        col(Demand.deadline) <= today + timedelta(days=days),
    )
    if staff_id:
        q = q.where(Demand.staff_id == staff_id)
    return list(session.exec(q.order_by(col(Demand.deadline))).all())


def remind_due_demands(
    session: Session, actor: store.Actor, staff_id: str | None = None, today: date | None = None
) -> int:
    """The automatic 催办 (:meth:`DemandService.auto_remind`) of the demands of ``staff_id`` (None:
    every demand) in the caller's transaction; returns how many demands were reminded."""
    return len(DemandService(actor).auto_remind(session, today=today, staff_id=staff_id))


# -- use cases of the demand screens (one call per unit of work; the caller's transaction) -----------


@dataclass
class DemandRow:
    """A demand, display-ready (labels in the user's language): the board, the lists, the
    supervisor's complaints, the ledgers and their forms."""

    id: str
    enterprise_id: str
    enterprise: str
    staff_id: str
    staff: str
    kind: str
    kind_label: str
    category_label: str
    description: str
    urgency: str
    urgency_label: str
    state: str
    state_label: str
    department: str
    responsible_person: str
    deadline: date | None
    days_left: int | None
    overdue: bool
    satisfaction: str | None
    satisfaction_label: str
    collected_at: str
    record_id: str | None
    overdue_explanation: str = ""
    category: str = ""  # the code (the forms print its Chinese label)
    closed_on: str = ""  # local day it was closed, "" while open
    sync: str = "synced"  # synced / waiting / rejected / conflict (services.outbox)
    #: finished after its deadline (逾期办结); ``overdue`` is only ever an open demand
    closed_late: bool = False
    #: a major complaint (重大投诉); a repeated one (重复投诉, services.complaints.mark_repeated)
    major: bool = False
    repeated: bool = False

    @property
    def kind_text(self) -> str:
        """The kind with a complaint's flags: 投诉（重大、重复）."""
        from .complaints import flag_text

        return self.kind_label + flag_text(self.major, self.repeated)

    @property
    def collected_on(self) -> str:
        """The local day it was collected."""
        return self.collected_at[:10]

    @property
    def days_text(self) -> str:
        from .i18n import translate

        if self.days_left is None:
            if self.closed_late:
                return translate("DemandTableModel", N("DemandTableModel", "逾期办结"))
            return ""
        if self.days_left < 0:
            return translate("DemandTableModel", N("DemandTableModel", "已逾期 {n} 天"), n=-self.days_left)
        if self.days_left == 0:
            return translate("DemandTableModel", N("DemandTableModel", "今天到期"))
        return translate("DemandTableModel", N("DemandTableModel", "剩 {n} 天"), n=self.days_left)


def make_demand_row(d: Demand, enterprise: str, staff: str, today: date, lang: str = "zh_CN") -> DemandRow:
    """The display row of ``d``."""
    from .labels import label
    from .reference import load as load_reference
    from .timeutil import fmt_date, fmt_datetime

    return DemandRow(
        id=d.id,
        enterprise_id=d.enterprise_id,
        enterprise=enterprise,
        staff_id=d.staff_id,
        staff=staff,
        kind=d.kind,
        kind_label=label("demand_kind", d.kind),
        category_label=load_reference().label("demand_categories", d.category, lang),
        description=d.description,
        urgency=d.urgency,
        urgency_label=label("urgency", d.urgency),
        state=d.state,
        state_label=label("demand_state", d.state),
        department=d.department,
        responsible_person=d.responsible_person,
        deadline=d.deadline,
        days_left=days_left(d, today),
        overdue=is_overdue(d, today),
        satisfaction=d.satisfaction,
        satisfaction_label=label("satisfaction", d.satisfaction),
        collected_at=fmt_datetime(d.collected_at),
        record_id=d.record_id,
        overdue_explanation=d.overdue_explanation,
        category=d.category,
        closed_on=fmt_date(d.closed_at) if d.closed_at else "",
        closed_late=closed_late(d),
        major=d.major,
    )


@dataclass
class EventRow:
    """One event of a demand's history, display-ready."""

    at: str
    from_label: str
    to_label: str
    actor: str
    note: str
    to_state: str
    #: what the step decided, in the user's language ("责任部门：区经信局；责任人：王科长；办理时限：
    #: 2026-12-10", "企业满意度：不满意"); "" for a step that decides nothing
    decision: str = ""


def event_decision(ev: DemandEvent) -> str:
    """What the event ``ev`` decided, in the user's language (its department, responsible person
    and deadline; its satisfaction), "" when it decided nothing."""
    from .i18n import translate
    from .labels import label

    parts = []
    if ev.department:
        parts.append(translate("Demand", N("Demand", "责任部门：{v}"), v=ev.department))
    if ev.responsible_person:
        parts.append(translate("Demand", N("Demand", "责任人：{v}"), v=ev.responsible_person))
    if ev.deadline is not None:
        parts.append(translate("Demand", N("Demand", "办理时限：{v}"), v=ev.deadline.isoformat()))
    if ev.satisfaction:
        parts.append(
            translate("Demand", N("Demand", "企业满意度：{v}"), v=label("satisfaction", ev.satisfaction))
        )
    return translate("Demand", N("Demand", "；")).join(parts)


def make_event_row(ev: DemandEvent, actor: str) -> EventRow:
    from .labels import label
    from .timeutil import fmt_datetime

    return EventRow(
        fmt_datetime(ev.at),
        label("demand_state", ev.from_state) if ev.from_state else "",
        label("demand_state", ev.to_state),
        actor,
        ev.note,
        ev.to_state,
        event_decision(ev),
    )


@dataclass
class DemandBoard:
    """The demands screen: the rows of the board and the list, and the enterprises a new demand
    may be raised for."""

    rows: list[DemandRow]
    enterprises: list[tuple[str, str]]


def demand_board(
    session: Session,
    *,
    staff_id: str | None,
    zone_id: str | None,
    kind: str | None,
    show_archived: bool,
    language: str = "zh_CN",
    today: date | None = None,
) -> DemandBoard:
    """The demands of ``staff_id`` (None: a supervisor, every demand) of ``kind`` (None: all),
    archived ones only with ``show_archived``; the enterprises are the user's scope (``staff_id``'s
    assigned ones, or ``zone_id``'s)."""
    from .complaints import mark_repeated
    from .enterprises import scope_enterprises
    from .names import remembered_enterprise_name
    from .staff import list_staff

    today = today or local_today()
    ents = scope_enterprises(session, staff_id, zone_id)
    names = dict(ents)
    staff = dict(list_staff(session, role=None))
    rows = [
        make_demand_row(
            d,
            remembered_enterprise_name(session, names, d.enterprise_id),
            staff.get(d.staff_id, ""),
            today,
            language,
        )
        for d in list_demands(session, staff_id=staff_id, kind=kind)
        if show_archived or d.state != "archived"
    ]
    mark_repeated(session, rows)
    return DemandBoard(with_sync_states(session, "demand", rows), ents)


@dataclass
class DemandPane:
    """One demand for the detail pane: its row, the actions its state allows, its history."""

    row: DemandRow
    actions: list[str]
    history: list[EventRow]


def demand_pane(
    session: Session,
    actor: store.Actor,
    demand_id: str,
    language: str = "zh_CN",
    today: date | None = None,
) -> DemandPane:
    """The demand ``demand_id`` for the detail pane (NotFoundError when it is gone;
    PermissionDenied outside the actor's scope)."""
    det = demand_detail(session, actor, demand_id)
    from .complaints import mark_repeated

    row = make_demand_row(det.demand, det.enterprise_name, det.staff_name, today or local_today(), language)
    mark_repeated(session, [row])
    return DemandPane(row, det.actions, [make_event_row(ev, actor) for ev, actor in det.history])


def raise_new_demand(
    session: Session,
    actor: store.Actor,
    *,
    enterprise_id: str,
    staff_id: str,
    description: str,
    kind: str = "demand",
    category: str = "other",
    urgency: str = "normal",
    record_id: str | None = None,
    major: bool = False,
) -> str:
    """收集 (:meth:`DemandService.raise_demand`); returns the new demand's id."""
    return (
        DemandService(actor)
        .raise_demand(
            session,
            enterprise_id=enterprise_id,
            staff_id=staff_id,
            description=description,
            kind=kind,
            category=category,
            urgency=urgency,
            record_id=record_id,
            major=major,
        )
        .id
    )


def act_on_demand(
    session: Session, actor: store.Actor, demand_id: str, action: str, *, note: str = "", **fields: Any
) -> str:
    """One lifecycle action on the demand ``demand_id`` (:meth:`DemandService.transition`);
    returns ``demand_id``."""
    DemandService(actor).transition(
        session, store.get(session, Demand, demand_id), action, note=note, **fields
    )
    return demand_id
