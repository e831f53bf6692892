"""Which period to print a ledger for: the usual ones (本月, 本季度, …) or two dates.

:class:`PeriodDialog` opens window-modally (``open()``); :attr:`PeriodDialog.chosen` carries
(start, end) when the user confirms, and nothing happens on 取消. A start after the end is refused
beside the dates, in words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from fieldkit.services.periods import named_periods
from fieldkit.services.timeutil import local_today
from fieldkit.ui.dialogs.plan_dialog import from_qdate, to_qdate

CUSTOM = "custom"


class PeriodDialog(QDialog):
    #: (start, end) chosen
    chosen = Signal(object, object)

    def __init__(self, parent: QWidget | None, title: str, today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("打印{title}").format(title=title))
        self.setMinimumWidth(380)
        self.periods = named_periods(today or local_today())
        self.preset = QComboBox()
        self.preset.setObjectName("period_preset")
        for p in self.periods:
            self.preset.addItem(
                self.tr("{name}（{start} 至 {end}）").format(
                    name=p.text, start=p.start.isoformat(), end=p.end.isoformat()
                ),
                p.code,
            )
        self.preset.addItem(self.tr("自定义日期…"), CUSTOM)
        self.start = QDateEdit()
        self.start.setObjectName("period_start")
        self.end = QDateEdit()
        self.end.setObjectName("period_end")
        for w in (self.start, self.end):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
        self.error = QLabel()
        self.error.setObjectName("period_error")
        self.error.setStyleSheet("color:#b71c1c;")
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("期间"), self.preset)
        form.addRow(self.tr("开始日期"), self.start)
        form.addRow(self.tr("结束日期"), self.end)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("预览"))
        self.ok_button.setObjectName("ok_button")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.start.dateChanged.connect(self._dates_edited)
        self.end.dateChanged.connect(self._dates_edited)
        self._setting = False
        self.preset.setCurrentIndex(self.preset.findData("quarter"))
        self._preset_changed()

    def select(self, code: str) -> None:
        self.preset.setCurrentIndex(self.preset.findData(code))

    def _preset_changed(self) -> None:
        code = self.preset.currentData()
        p = next((p for p in self.periods if p.code == code), None)
        if p is None:
            return
        self._setting = True
        self.start.setDate(to_qdate(p.start))
        self.end.setDate(to_qdate(p.end))
        self._setting = False

    def _dates_edited(self) -> None:
        self.error.hide()
        if not self._setting:
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(self.preset.findData(CUSTOM))
            self.preset.blockSignals(False)

    def period(self) -> tuple[date, date]:
        return from_qdate(self.start.date()), from_qdate(self.end.date())

    def accept(self) -> None:
        start, end = self.period()
        if start > end:
            self.error.setText(
                self.tr("开始日期 {start} 晚于结束日期 {end}，请重新选择").format(start=start, end=end)
            )
            self.error.show()
            return
        super().accept()
        self.chosen.emit(start, end)


def choose_period(parent: QWidget, title: str, then: Callable[[date, date], object]) -> PeriodDialog:
    """Open the period choice for printing ``title``; ``then(start, end)`` runs when confirmed.
    Returns the dialog (a view keeps it in ``self.dialog`` for tests)."""
    dlg = PeriodDialog(parent, title)
    dlg.chosen.connect(then)
    dlg.open()
    return dlg
