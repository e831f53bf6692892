"""Proxy services (帮办代办): accepted → in_progress → completed, or terminated for one of the
five reasons of seed 001 §6 (a–e); milestones track the service plan (服务方案)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from fieldkit.domain.proxies import MODES as MODES
from fieldkit.domain.proxies import REASON_NEEDING_NOTE, can_move, split_milestone
from fieldkit.domain.proxies import REASONS as REASONS
from fieldkit.domain.proxies import TRANSITIONS as TRANSITIONS
from fieldkit.models import ProxyMilestone, ProxyService

from . import store
from .errors import TransitionError, ValidationError, ValidationErrors
from .evaluations import evaluation_summary, service_evaluations
from .i18n import QT_TRANSLATE_NOOP as N
from .names import staff_name
from .outbox import with_sync_states
from .timeutil import local_today
from .validation import parse_date

#: the longest responsible person a milestone takes (the model's limit)
PERSON_MAX = 50


class ProxyServiceService:
    def __init__(self, actor: store.Actor) -> None:
        self.actor = actor

    def create(
        self,
        session: Session,
        *,
        enterprise_id: str,
        staff_id: str,
        item: str,
        stage: str,
        mode: str = "guidance",
        service_plan: str = "",
        accepted_on: date | None = None,
        due_date: date | None = None,
        milestones: list[str] | None = None,
    ) -> ProxyService:
        """受理. Each of ``milestones`` is "节点｜期限｜负责人" (期限 and 负责人 optional): a
        milestone without a deadline takes the service's 办理时限, without a person the handler
        (the staff member ``staff_id``)."""
        errors = []
        if not item.strip():
            errors.append(
                ValidationError(N("Validation", "请填写{label}"), "item", label=N("Validation", "代办事项"))
            )
        if mode not in MODES:
            errors.append(ValidationError(N("Validation", "“{value}”不是有效的选项"), "mode", value=mode))
        specs: list[tuple[str, date | None, str]] = []
        for n, line in enumerate(milestones or [], 1):
            title, due_text, person = split_milestone(line)
            if not title:
                continue
            due: date | None = None
            if due_text:
                try:
                    due = parse_date(due_text, "milestones", label=N("Validation", "节点期限"))
                except ValidationError:
                    errors.append(
                        ValidationError(
                            N("Validation", "第 {n} 个办理节点的期限“{value}”不是有效日期（如 2026-11-21）"),
                            "milestones",
                            n=n,
                            value=due_text,
                        )
                    )
                    continue
            if due is not None and due_date is not None and due > due_date:
                errors.append(
                    ValidationError(
                        N("Validation", "第 {n} 个办理节点的期限 {due} 晚于办理时限 {limit}"),
                        "milestones",
                        n=n,
                        due=due.isoformat(),
                        limit=due_date.isoformat(),
                    )
                )
            if len(person) > PERSON_MAX:
                errors.append(
                    ValidationError(
                        N("Validation", "第 {n} 个办理节点的负责人太长（最多 {limit} 个字）"),
                        "milestones",
                        n=n,
                        limit=PERSON_MAX,
                    )
                )
            specs.append((title, due or due_date, person))
        if errors:
            raise ValidationErrors(errors)
        p = ProxyService(
            enterprise_id=enterprise_id,
            staff_id=staff_id,
            item=item.strip(),
            stage=stage,
            mode=mode,
            service_plan=service_plan,
            accepted_on=accepted_on or local_today(),
            due_date=due_date,
            status="accepted",
        )
        store.insert(session, p, self.actor)
        handler = staff_name(session, staff_id)
        for i, (title, due, person) in enumerate(specs):
            self.add_milestone(session, p, title, due, seq=i, responsible_person=person or handler)
        return p

    def add_milestone(
        self,
        session: Session,
        p: ProxyService,
        title: str,
        due_date: date | None = None,
        seq: int | None = None,
        responsible_person: str = "",
    ) -> ProxyMilestone:
        if seq is None:
            seq = len(milestones_of(session, p.id))
        return store.insert(
            session,
            ProxyMilestone(
                proxy_id=p.id,
                enterprise_id=p.enterprise_id,
                title=title,
                due_date=due_date,
                seq=seq,
                responsible_person=responsible_person.strip(),
            ),
            self.actor,
        )

    def complete_milestone(
        self, session: Session, m: ProxyMilestone, on: date | None = None, note: str = ""
    ) -> None:
        store.update(session, m, self.actor, done_on=on or local_today(), note=note or m.note)
        p = session.get(ProxyService, m.proxy_id)
        if p and p.status == "accepted":
            self._move(session, p, "in_progress")

    def _move(self, session: Session, p: ProxyService, target: str, **changes: object) -> None:
        if not can_move(p.status, target):
            raise TransitionError(
                N("Lifecycle", "帮办代办当前为“{state}”，不能改为“{target}”"), state=p.status, target=target
            )
        store.update(session, p, self.actor, status=target, **changes)

    def start(self, session: Session, p: ProxyService) -> None:
        self._move(session, p, "in_progress")

    def complete(self, session: Session, p: ProxyService, on: date | None = None) -> None:
        open_ms = [m for m in milestones_of(session, p.id) if m.done_on is None]
        if open_ms:
            raise TransitionError(N("Lifecycle", "还有{n}个节点未完成，不能办结"), n=len(open_ms))
        self._move(session, p, "completed", completed_on=on or local_today())

    def terminate(self, session: Session, p: ProxyService, reason: str, note: str = "") -> None:
        if reason not in REASONS:
            raise ValidationError(N("Validation", "请选择终止原因（a–e）"), "termination_reason")
        if reason == REASON_NEEDING_NOTE and not note.strip():
            raise ValidationError(N("Validation", "终止原因为“其他”时请说明具体情形"), "termination_note")
        self._move(
            session,
            p,
            "terminated",
            termination_reason=reason,
            termination_note=note.strip(),
            completed_on=local_today(),
        )


def milestones_of(session: Session, proxy_id: str) -> list[ProxyMilestone]:
    return list(
        session.exec(
            select(ProxyMilestone)
            .where(ProxyMilestone.proxy_id == proxy_id, col(ProxyMilestone.deleted).is_(False))
            .order_by(col(ProxyMilestone.seq))
        ).all()
    )


def list_proxies(
    session: Session,
    *,
    staff_id: str | None = None,
    enterprise_id: str | None = None,
    statuses: tuple[str, ...] | None = None,
) -> list[ProxyService]:
    q = select(ProxyService).where(col(ProxyService.deleted).is_(False))
    if staff_id:
        q = q.where(ProxyService.staff_id == staff_id)
    if enterprise_id:
        q = q.where(ProxyService.enterprise_id == enterprise_id)
    if statuses:
        q = q.where(col(ProxyService.status).in_(statuses))
    return list(session.exec(q.order_by(col(ProxyService.accepted_on).desc())).all())


# -- use cases of the proxy screens (one call per unit of work; the caller's transaction) ------------


@dataclass
class ProxyRow:
    """A proxy service (帮办代办), display-ready: the list, the ledgers and their forms."""

    id: str
    enterprise_id: str
    enterprise: str
    staff: str
    item: str
    stage_label: str
    mode_label: str
    status: str
    status_label: str
    accepted_on: date
    due_date: date | None
    completed_on: date | None
    service_plan: str
    termination: str
    termination_note: str
    overdue: bool = False
    #: the statuses it may move to (its lifecycle's legal transitions)
    next_statuses: tuple[str, ...] = ()
    sync: str = "synced"  # synced / waiting / rejected / conflict (services.outbox)

    @property
    def open(self) -> bool:
        """Still being handled: it may be terminated, its milestones completed."""
        return "terminated" in self.next_statuses


def proxy_row(p: ProxyService, enterprise: str, staff: str, today: date | None = None) -> ProxyRow:
    """The display row of ``p``; overdue: still open with the due date passed."""
    from .labels import label

    today = today or local_today()
    return ProxyRow(
        p.id,
        p.enterprise_id,
        enterprise,
        staff,
        p.item,
        label("stage", p.stage),
        label("proxy_mode", p.mode),
        p.status,
        label("proxy_status", p.status),
        p.accepted_on,
        p.due_date,
        p.completed_on,
        p.service_plan,
        label("termination_reason", p.termination_reason) if p.termination_reason else "",
        p.termination_note,
        overdue=bool(p.due_date and p.due_date < today and p.status in ("accepted", "in_progress")),
        next_statuses=TRANSITIONS.get(p.status, ()),
    )


@dataclass
class MilestoneRow:
    """A milestone (办理节点) of a proxy service: the detail pane and the service plan form."""

    id: str
    seq: int
    title: str
    due_date: date | None
    done_on: date | None
    note: str
    responsible_person: str = ""


def milestone_rows(session: Session, proxy_id: str) -> list[MilestoneRow]:
    return [
        MilestoneRow(m.id, m.seq, m.title, m.due_date, m.done_on, m.note, m.responsible_person)
        for m in milestones_of(session, proxy_id)
    ]


@dataclass
class ProxyBoard:
    """The proxy screen: the services, their milestones by service id, the enterprises a new one
    may be accepted for."""

    rows: list[ProxyRow]
    milestones: dict[str, list[MilestoneRow]]
    enterprises: list[tuple[str, str]]
    #: the enterprise's evaluation of each evaluated (completed) service, in a line (seed 001 §4)
    evaluations: dict[str, str] = field(default_factory=dict)


def proxy_board(
    session: Session,
    staff_id: str | None,
    zone_id: str | None,
    status: str | None = None,
    today: date | None = None,
) -> ProxyBoard:
    """The proxy services of ``staff_id`` (None: everyone's) with status ``status`` (None: all)
    and their milestones; the enterprises are the user's scope (``staff_id``'s or ``zone_id``'s)."""
    from .enterprises import scope_enterprises
    from .names import remembered_enterprise_name
    from .staff import list_staff

    today = today or local_today()
    ents = scope_enterprises(session, staff_id, zone_id)
    names = dict(ents)
    staff = dict(list_staff(session, role=None))
    board = ProxyBoard([], {}, ents)
    for p in list_proxies(session, staff_id=staff_id, statuses=(status,) if status else None):
        board.rows.append(
            proxy_row(
                p,
                remembered_enterprise_name(session, names, p.enterprise_id),
                staff.get(p.staff_id, ""),
                today,
            )
        )
        board.milestones[p.id] = milestone_rows(session, p.id)
    evaluated = service_evaluations(session, [r.id for r in board.rows])
    board.evaluations = {pid: evaluation_summary(ev) for pid, ev in evaluated.items()}
    with_sync_states(session, "proxyservice", board.rows)
    return board


def accept_proxy(
    session: Session,
    actor: store.Actor,
    *,
    enterprise_id: str,
    staff_id: str,
    item: str,
    stage: str,
    mode: str,
    service_plan: str = "",
    due_date: date | None = None,
    milestones: list[str] | None = None,
) -> str:
    """受理 a proxy service with its milestones (:meth:`ProxyServiceService.create`); returns its id."""
    return (
        ProxyServiceService(actor)
        .create(
            session,
            enterprise_id=enterprise_id,
            staff_id=staff_id,
            item=item,
            stage=stage,
            mode=mode,
            service_plan=service_plan,
            due_date=due_date,
            milestones=milestones,
        )
        .id
    )


def complete_milestone(
    session: Session, actor: store.Actor, milestone_id: str, *, on: date | None = None, note: str = ""
) -> str:
    """完成节点 (the service moves to in progress); returns ``milestone_id``."""
    ProxyServiceService(actor).complete_milestone(
        session, store.get(session, ProxyMilestone, milestone_id), on=on, note=note
    )
    return milestone_id


def start_proxy(session: Session, actor: store.Actor, proxy_id: str) -> str:
    """开始办理; returns ``proxy_id``."""
    ProxyServiceService(actor).start(session, store.get(session, ProxyService, proxy_id))
    return proxy_id


def complete_proxy(session: Session, actor: store.Actor, proxy_id: str, *, on: date | None = None) -> str:
    """办结 (every milestone done); returns ``proxy_id``."""
    ProxyServiceService(actor).complete(session, store.get(session, ProxyService, proxy_id), on=on)
    return proxy_id


def terminate_proxy(
    session: Session, actor: store.Actor, proxy_id: str, reason: str, *, note: str = ""
) -> str:
    """终止 with one of the reasons a–e; returns ``proxy_id``."""
    ProxyServiceService(actor).terminate(
        session, store.get(session, ProxyService, proxy_id), reason, note=note
    )
    return proxy_id
