"""Proxy services (帮办代办): accepted → in_progress → completed, or terminated for one of the
five reasons of seed 001 §6 (a–e); milestones track the service plan (服务方案)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from fieldkit.models import ProxyMilestone, ProxyService

from . import store
from .errors import TransitionError, ValidationError, ValidationErrors
from .i18n import QT_TRANSLATE_NOOP as N
from .timeutil import local_today

MODES = ("guidance", "full")
REASONS = ("a", "b", "c", "d", "e")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "accepted": ("in_progress", "terminated"),
    "in_progress": ("completed", "terminated"),
    "completed": (),
    "terminated": (),
}


class ProxyServiceService:
    def __init__(self, actor: store.Actor) -> None:
        self.actor = actor

    def create(self, session: Session, *, enterprise_id: str, staff_id: str, item: str, stage: str,
               mode: str = "guidance", service_plan: str = "", accepted_on: date | None = None,
               due_date: date | None = None, milestones: list[str] | None = None) -> ProxyService:
        errors = []
        if not item.strip():
            errors.append(ValidationError(N("Validation", "请填写{label}"), "item", label=N("Validation", "代办事项")))
        if mode not in MODES:
            errors.append(ValidationError(N("Validation", "“{value}”不是有效的选项"), "mode", value=mode))
        if errors:
            raise ValidationErrors(errors)
        p = ProxyService(enterprise_id=enterprise_id, staff_id=staff_id, item=item.strip(), stage=stage, mode=mode,
                         service_plan=service_plan, accepted_on=accepted_on or local_today(), due_date=due_date,
                         status="accepted")
        store.insert(session, p, self.actor)
        for i, title in enumerate(milestones or []):
            self.add_milestone(session, p, title, seq=i)
        return p

    def add_milestone(self, session: Session, p: ProxyService, title: str, due_date: date | None = None,
                      seq: int | None = None) -> ProxyMilestone:
        if seq is None:
            seq = len(milestones_of(session, p.id))
        return store.insert(session, ProxyMilestone(proxy_id=p.id, enterprise_id=p.enterprise_id, title=title,
                                                    due_date=due_date, seq=seq), self.actor)

    def complete_milestone(self, session: Session, m: ProxyMilestone, on: date | None = None, note: str = "") -> None:
        store.update(session, m, self.actor, done_on=on or local_today(), note=note or m.note)
        p = session.get(ProxyService, m.proxy_id)
        if p and p.status == "accepted":
            self._move(session, p, "in_progress")

    def _move(self, session: Session, p: ProxyService, target: str, **changes: object) -> None:
        if target not in TRANSITIONS[p.status]:
            raise TransitionError(N("Lifecycle", "帮办代办当前为“{state}”，不能改为“{target}”"),
                                  state=p.status, target=target)
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
        if reason == "e" and not note.strip():
            raise ValidationError(N("Validation", "终止原因为“其他”时请说明具体情形"), "termination_note")
        self._move(session, p, "terminated", termination_reason=reason, termination_note=note.strip(),
                   completed_on=local_today())


def milestones_of(session: Session, proxy_id: str) -> list[ProxyMilestone]:
    return list(session.exec(select(ProxyMilestone).where(ProxyMilestone.proxy_id == proxy_id,
                                                          col(ProxyMilestone.deleted).is_(False))
                             .order_by(col(ProxyMilestone.seq))).all())


def list_proxies(session: Session, *, staff_id: str | None = None, enterprise_id: str | None = None,
                 statuses: tuple[str, ...] | None = None) -> list[ProxyService]:
    q = select(ProxyService).where(col(ProxyService.deleted).is_(False))
    if staff_id:
        q = q.where(ProxyService.staff_id == staff_id)
    if enterprise_id:
        q = q.where(ProxyService.enterprise_id == enterprise_id)
    if statuses:
        q = q.where(col(ProxyService.status).in_(statuses))
    return list(session.exec(q.order_by(col(ProxyService.accepted_on).desc())).all())
