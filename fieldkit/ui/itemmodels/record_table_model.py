"""Visit records (走访记录) as a list: drafts to reopen, submitted records to review."""

from __future__ import annotations

from PySide6.QtGui import QColor

from fieldkit.models import ServiceRecord
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.labels import label
from fieldkit.services.records import RecordRow as RecordRow
from fieldkit.services.records import record_row
from fieldkit.ui.style import DANGER as DANGER_HEX
from fieldkit.ui.style import SYNC_COLOURS

from .row_table_model import GREEN, GREY, RowTableModel

RED = QColor(DANGER_HEX)


def make_record_row(r: ServiceRecord, enterprise: str, staff: str, sync: str = "synced") -> RecordRow:
    """The list row of ``r`` (:func:`fieldkit.services.records.record_row`)."""
    return record_row(r, enterprise, staff, sync)


class RecordTableModel(RowTableModel):
    columns = (
        (N("RecordTableModel", "走访时间"), lambda r: r.visit_at),
        (N("RecordTableModel", "企业"), lambda r: r.enterprise),
        (N("RecordTableModel", "服务人员"), lambda r: r.staff),
        (N("RecordTableModel", "类型"), lambda r: r.kind_label),
        (N("RecordTableModel", "状态"), lambda r: r.status_label),
        (N("RecordTableModel", "更正"), lambda r: "✓" if r.amends else ""),
        (N("RecordTableModel", "同步"), lambda r: label("sync_state", r.sync)),
        (N("RecordTableModel", "服务内容"), lambda r: r.summary),
    )

    def foreground(self, row: RecordRow, column: int) -> QColor | None:
        if column == 4:
            return {"draft": GREY, "reviewed": GREEN, "returned": RED}.get(row.status)
        if column == 6:
            return SYNC_COLOURS.get(row.sync)
        return None


class ReturnedRecordTableModel(RowTableModel):
    """The user's records a supervisor sent back (退回修改) and not corrected yet, with the reason."""

    columns = (
        (N("RecordTableModel", "走访时间"), lambda r: r.visit_at),
        (N("RecordTableModel", "企业"), lambda r: r.enterprise),
        (N("RecordTableModel", "退回原因"), lambda r: r.review_note),
    )
