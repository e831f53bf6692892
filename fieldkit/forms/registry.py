"""The registry of printable documents, shared by the command line and the window.

Each :class:`FormSpec` names a document (``work-ledger``), says which selectors it needs and
renders it from a session and a :class:`Selection`. :func:`render` opens its own session, so a
worker thread can call it with plain values (the Anki ``QueryOp`` pattern)::

    runner.run(lambda: render(ctx.make_session, "work-ledger", sel, "pdf"), on_done=preview)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from fieldkit.services import store
from fieldkit.services.attachments import AttachmentService

from . import (
    demand_ledger,
    policy_report,
    profile,
    proxy_ledger,
    service_plan,
    survey,
    visit_plan,
    visit_record,
    work_ledger,
    zone_summary,
)
from .common import in_chinese


@dataclass(frozen=True)
class Selection:
    """What to print: the selectors a document needs (others are ignored)."""

    record_id: str | None = None
    staff_id: str | None = None
    start: date | None = None
    end: date | None = None
    enterprise_id: str | None = None
    proxy_id: str | None = None
    zone_id: str | None = None
    today: date | None = None
    unit: str | None = None
    attachments: AttachmentService | None = None
    photo_ids: tuple[str, ...] | None = None
    #: who prints: the loaders of one record / enterprise / proxy refuse what is outside their scope
    actor: store.Actor = store.SYSTEM

    def period(self) -> tuple[date, date]:
        if self.start is None or self.end is None:
            raise ValueError("period required")
        return self.start, self.end


Renderer = Callable[[Session, Selection], bytes]


@dataclass(frozen=True)
class FormSpec:
    name: str
    title: str
    form_no: str
    needs: tuple[str, ...]  # required selectors: record, staff, period, enterprise, proxy
    pdf: Renderer
    xlsx: Renderer | None = None
    optional: tuple[str, ...] = field(default=())
    landscape: bool = False

    @in_chinese
    def render(self, session: Session, sel: Selection, fmt: str = "pdf") -> bytes:
        """The document as PDF or .xlsx bytes, always in Chinese (see :func:`~.common.in_chinese`)."""
        if fmt == "xlsx":
            if self.xlsx is None:
                raise ValueError(f"{self.name}: no Excel export")
            return self.xlsx(session, sel)
        return self.pdf(session, sel)


def _visit_record(s: Session, sel: Selection) -> bytes:
    assert sel.record_id
    return visit_record.visit_record_pdf(
        s, sel.record_id, sel.attachments, photo_ids=sel.photo_ids, unit=sel.unit, actor=sel.actor
    )


def _ledger(fn: Callable[..., bytes], with_staff: bool = True, staff_required: bool = False) -> Renderer:
    def run(s: Session, sel: Selection) -> bytes:
        start, end = sel.period()
        if staff_required:
            assert sel.staff_id
            return fn(s, sel.staff_id, start, end, today=sel.today, unit=sel.unit)
        if with_staff:
            return fn(s, start, end, sel.staff_id, today=sel.today, unit=sel.unit)
        return fn(s, start, end, sel.zone_id, today=sel.today, unit=sel.unit)

    return run


def _proxy_ledger(fmt: str) -> Renderer:
    fn = proxy_ledger.proxy_ledger_xlsx if fmt == "xlsx" else proxy_ledger.proxy_ledger_pdf

    def run(s: Session, sel: Selection) -> bytes:
        start, end = sel.period()
        return fn(s, start, end, sel.staff_id, unit=sel.unit)

    return run


def _service_plan(s: Session, sel: Selection) -> bytes:
    assert sel.proxy_id
    return service_plan.service_plan_pdf(s, sel.proxy_id, unit=sel.unit, actor=sel.actor)


def _policy_report(s: Session, sel: Selection) -> bytes:
    assert sel.enterprise_id
    return policy_report.policy_report_pdf(
        s, sel.enterprise_id, today=sel.today, unit=sel.unit, actor=sel.actor
    )


def _profile(s: Session, sel: Selection) -> bytes:
    assert sel.enterprise_id
    return profile.profile_pdf(s, sel.enterprise_id, today=sel.today, unit=sel.unit, actor=sel.actor)


def _survey(s: Session, sel: Selection) -> bytes:
    return survey.survey_pdf(s, sel.enterprise_id, staff_id=sel.staff_id, unit=sel.unit, actor=sel.actor)


FORMS: dict[str, FormSpec] = {
    f.name: f
    for f in (
        FormSpec("visit-record", visit_record.TITLE, visit_record.FORM_NO, ("record",), _visit_record),
        FormSpec(
            "visit-plan",
            visit_plan.TITLE,
            visit_plan.FORM_NO,
            ("staff", "period"),
            _ledger(visit_plan.visit_plan_pdf, staff_required=True),
            _ledger(visit_plan.visit_plan_xlsx, staff_required=True),
        ),
        FormSpec(
            "work-ledger",
            work_ledger.TITLE,
            work_ledger.FORM_NO,
            ("staff", "period"),
            _ledger(work_ledger.work_ledger_pdf, staff_required=True),
            _ledger(work_ledger.work_ledger_xlsx, staff_required=True),
            landscape=True,
        ),
        FormSpec(
            "demand-ledger",
            demand_ledger.TITLE,
            demand_ledger.FORM_NO,
            ("period",),
            _ledger(demand_ledger.demand_ledger_pdf),
            _ledger(demand_ledger.demand_ledger_xlsx),
            optional=("staff",),
            landscape=True,
        ),
        FormSpec(
            "proxy-ledger",
            proxy_ledger.TITLE,
            proxy_ledger.FORM_NO,
            ("period",),
            _proxy_ledger("pdf"),
            _proxy_ledger("xlsx"),
            optional=("staff",),
            landscape=True,
        ),
        FormSpec("service-plan", service_plan.TITLE, service_plan.FORM_NO, ("proxy",), _service_plan),
        FormSpec(
            "policy-report", policy_report.TITLE, policy_report.FORM_NO, ("enterprise",), _policy_report
        ),
        FormSpec("profile", profile.TITLE, profile.FORM_NO, ("enterprise",), _profile),
        FormSpec("survey", survey.TITLE, survey.FORM_NO, (), _survey, optional=("enterprise", "staff")),
        FormSpec(
            "zone-summary",
            zone_summary.TITLE,
            zone_summary.FORM_NO,
            ("period",),
            _ledger(zone_summary.zone_summary_pdf, with_staff=False),
            _ledger(zone_summary.zone_summary_xlsx, with_staff=False),
            optional=("zone",),
            landscape=True,
        ),
    )
}


def render(make_session: Callable[[], Session], name: str, sel: Selection, fmt: str = "pdf") -> bytes:
    """Render document ``name`` in its own session (safe to call on a worker thread)."""
    spec = FORMS[name]
    with make_session() as session:
        return spec.render(session, sel, fmt)


def _check_catalog() -> None:
    from .catalog import FORM_TITLES

    listed = {n: (f.form_no, f.title) for n, f in FORMS.items()}
    if listed != FORM_TITLES:
        raise RuntimeError(f"fieldkit.forms.catalog is out of date: {listed}")


_check_catalog()
