"""Visit records (走访记录) as a list: drafts to reopen, submitted records to review."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

from fieldkit.models import ServiceRecord
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.labels import label
from fieldkit.services.timeutil import fmt_datetime
from fieldkit.ui.style import SYNC_COLOURS

from .row_table_model import GREEN, GREY, RowTableModel


@dataclass
class RecordRow:
    id: str
    enterprise_id: str
    enterprise: str
    staff: str
    visit_at: str
    kind_label: str
    stage_label: str
    status: str
    status_label: str
    content: str
    amends: bool
    updated: str
    review_note: str = ""
    #: synced / waiting / rejected / conflict, from the outbox and the conflicts (services.outbox)
    sync: str = "synced"


def make_record_row(r: ServiceRecord, enterprise: str, staff: str, sync: str = "synced") -> RecordRow:
    content = " ".join((r.content or "").split())
    return RecordRow(
        r.id,
        r.enterprise_id,
        enterprise,
        staff,
        fmt_datetime(r.visit_at),
        label("plan_kind", r.kind),
        label("stage", r.stage),
        r.status,
        label("record_status", r.status),
        content[:60] + ("…" if len(content) > 60 else ""),
        r.amends_id is not None,
        fmt_datetime(r.updated_at),
        r.review_note,
        sync,
    )


class RecordTableModel(RowTableModel):
    columns = (
        (N("RecordTableModel", "走访时间"), lambda r: r.visit_at),
        (N("RecordTableModel", "企业"), lambda r: r.enterprise),
        (N("RecordTableModel", "服务人员"), lambda r: r.staff),
        (N("RecordTableModel", "类型"), lambda r: r.kind_label),
        (N("RecordTableModel", "状态"), lambda r: r.status_label),
        (N("RecordTableModel", "更正"), lambda r: "✓" if r.amends else ""),
        (N("RecordTableModel", "同步"), lambda r: label("sync_state", r.sync)),
        (N("RecordTableModel", "服务内容"), lambda r: r.content),
    )

    def foreground(self, row: RecordRow, column: int) -> QColor | None:
        if column == 4:
            return {"draft": GREY, "reviewed": GREEN}.get(row.status)
        if column == 6:
            return SYNC_COLOURS.get(row.sync)
        return None
