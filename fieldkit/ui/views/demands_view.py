"""Demands (诉求): a board with a column per lifecycle state and a list with department, responsible
person, deadline and days left (overdue in red). The selected demand shows its history and one
button per legal action (seed 001 §7.2.1)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QScrollArea,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.forms.demand_ledger import demand_ledger_pdf, demand_ledger_xlsx
from fieldkit.services.context import ServiceContext
from fieldkit.services.demands import DemandBoard, demand_board
from fieldkit.services.labels import choices, label
from fieldkit.services.row_filters import DemandFilter
from fieldkit.ui.dialogs.demand_dialogs import NewDemandDialog
from fieldkit.ui.dialogs.period_dialog import choose_period
from fieldkit.ui.itemmodels.demand_table_model import (
    DemandCardListModel,
    DemandRow,
    DemandTableModel,
)
from fieldkit.ui.itemmodels.row_table_model import RowRole
from fieldkit.ui.views.base import LoadingView
from fieldkit.ui.widgets.builders import combo_box, make_table, push_button, search_box
from fieldkit.ui.widgets.demand_detail import DemandDetailWidget
from fieldkit.ui.widgets.workflow_support import (
    file_stem,
    fit_columns,
    open_form_preview,
    select_row,
)
from fieldkit.ui.workers import TaskRunner, in_session

BOARD_STATES = (
    "collected",
    "assigned",
    "in_progress",
    "reminded",
    "feedback",
    "collective_review",
    "closed",
    "archived",
)
#: the narrowest a board column gets (seven columns beside the detail fit a 1366-px screen)
COLUMN_MIN_WIDTH = 108
#: wider than this (a 1920-px monitor), the detail pane keeps this width and the board the rest
WIDE_SCREEN_WIDTH = 1500
WIDE_DETAIL_WIDTH = 360
TITLE_STYLE = "font-weight:bold;padding:3px;background:#eceff1;border-radius:3px;"
OVERDUE_COLOR = "#c62828"
KIND_COLORS = {"demand": "#1565c0", "complaint": "#c62828", "suggestion": "#6a1b9a"}


class DemandCardDelegate(QStyledItemDelegate):
    """Paints a demand as a card: enterprise, description, kind and deadline (red when overdue)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        fm = QFontMetrics(option.font)
        return QSize(120, fm.height() * 4 + 22)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        row: DemandRow | None = index.data(RowRole)
        if row is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRect(option.rect)
        widget = option.widget
        if isinstance(widget, QListView):
            rect.setWidth(widget.viewport().width() - rect.left())  # cards fill the column
        r = rect.adjusted(3, 3, -3, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QPen(QColor("#1976d2") if selected else QColor("#d0d0d0"), 2 if selected else 1))
        painter.setBrush(QColor("#e3f2fd") if selected else QColor("white"))
        painter.drawRoundedRect(r, 5, 5)
        painter.fillRect(
            QRect(r.left() + 1, r.top() + 4, 4, r.height() - 8), QColor(KIND_COLORS.get(row.kind, "#1565c0"))
        )
        fm = QFontMetrics(option.font)
        lh = fm.height()
        x, w = r.left() + 10, r.width() - 16
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#212121"))
        painter.drawText(
            QRect(x, r.top() + 5, w, lh),
            Qt.AlignmentFlag.AlignLeft,
            QFontMetrics(bold).elidedText(row.enterprise, Qt.TextElideMode.ElideRight, w),
        )
        painter.setFont(option.font)
        painter.setPen(QColor("#424242"))
        desc = " ".join(row.description.split())
        painter.drawText(
            QRect(x, r.top() + 5 + lh, w, lh * 2),
            Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
            fm.elidedText(desc, Qt.TextElideMode.ElideRight, w * 2 - 20),
        )
        due = row.days_text or (row.deadline.isoformat() if row.deadline else "")
        due_w = fm.horizontalAdvance(due) + 8 if due else 0
        foot = fm.elidedText(
            f"{row.kind_label} · {row.category_label}", Qt.TextElideMode.ElideRight, w - due_w
        )
        painter.setPen(QColor("#757575"))
        painter.drawText(QRect(x, r.bottom() - lh - 4, w, lh), Qt.AlignmentFlag.AlignLeft, foot)
        painter.setPen(QColor("#c62828") if row.overdue else QColor("#616161"))
        painter.drawText(QRect(x, r.bottom() - lh - 4, w, lh), Qt.AlignmentFlag.AlignRight, due)
        painter.restore()


class DemandsView(LoadingView):
    """诉求."""

    data: DemandBoard | None

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.current_id: str | None = None
        self._build()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def title(self) -> str:
        return self.tr("诉求办理")  # the navigation label: it never changes once opened

    def _build(self) -> None:
        root, bar = self.toolbar_layout()
        self.new_button = push_button(self.tr("新增诉求"), "new_demand", "Ctrl+Shift+N")
        self.new_complaint_button = push_button(self.tr("登记投诉"), "new_complaint")
        self.new_suggestion_button = push_button(self.tr("登记意见建议"), "new_suggestion")
        self.print_button = push_button(self.tr("打印诉求台账"), "print_demands")
        for b in (self.new_button, self.new_complaint_button, self.new_suggestion_button, self.print_button):
            bar.addWidget(b)
        bar.addStretch(1)
        self.search = search_box("demand_search", self.tr("搜索企业或内容"))
        self.search.setMaximumWidth(220)
        bar.addWidget(self.search)
        self.kind_filter = combo_box(
            "demand_kind_filter", [(None, self.tr("全部类型")), *choices("demand_kind")]
        )
        bar.addWidget(self.kind_filter)
        self.overdue_only = QCheckBox(self.tr("只看逾期"))
        self.overdue_only.setObjectName("overdue_only")
        self.overdue_only.setToolTip(self.tr("尚未办结、已超过办理时限的诉求（与工作台的“逾期诉求”一致）"))
        bar.addWidget(self.overdue_only)
        self.closed_late_only = QCheckBox(self.tr("只看逾期办结"))
        self.closed_late_only.setObjectName("closed_late_only")
        self.closed_late_only.setToolTip(self.tr("已办结，但办结晚于办理时限的诉求"))
        bar.addWidget(self.closed_late_only)
        self.show_archived = QCheckBox(self.tr("显示已归档"))
        self.show_archived.setObjectName("show_archived")
        self.show_archived.setChecked(False)  # archived demands are done with: shown on request
        bar.addWidget(self.show_archived)

        split = QSplitter()
        root.addWidget(split, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("demand_tabs")
        split.addWidget(self.tabs)

        # board
        board_scroll = QScrollArea()
        board_scroll.setWidgetResizable(True)
        board = QWidget()
        bl = QHBoxLayout(board)
        bl.setSpacing(6)
        self.columns: dict[str, DemandCardListModel] = {}
        self.column_views: dict[str, QListView] = {}
        self.column_titles: dict[str, QLabel] = {}
        self.column_frames: dict[str, QFrame] = {}
        self.delegate = DemandCardDelegate(self)
        for st in BOARD_STATES:
            frame = QFrame()
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            # seven columns and the detail side by side at 1366 px: a column may narrow to this
            frame.setMinimumWidth(COLUMN_MIN_WIDTH)
            fl = QVBoxLayout(frame)
            fl.setContentsMargins(4, 4, 4, 4)
            title = QLabel()
            title.setObjectName(f"column_title_{st}")
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            title.setStyleSheet(TITLE_STYLE)
            fl.addWidget(title)
            model = DemandCardListModel(st, self)
            view = QListView()
            view.setObjectName(f"column_{st}")
            view.setModel(model)
            view.setItemDelegate(self.delegate)
            view.setSpacing(1)
            view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
            view.setFrameShape(QFrame.Shape.NoFrame)
            view.setStyleSheet("QListView{background:transparent;}")
            view.setUniformItemSizes(True)
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.selectionModel().currentChanged.connect(
                lambda cur, _prev, v=view: (
                    self._select(cur.data(RowRole).id, source=v) if cur.isValid() else None
                )
            )
            view.doubleClicked.connect(lambda idx: self.open_enterprise.emit(idx.data(RowRole).enterprise_id))
            fl.addWidget(view, 1)
            bl.addWidget(frame)
            self.column_frames[st] = frame
            self.columns[st] = model
            self.column_views[st] = view
            self.column_titles[st] = title
        board_scroll.setWidget(board)
        self.tabs.addTab(board_scroll, self.tr("看板"))

        # list
        self.list_model = DemandTableModel(self)
        self.list_view = make_table(self.list_model, "demand_list")
        self.list_view.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: (
                self._select(self.list_model.row(cur.row()).id, source=self.list_view)
                if cur.isValid()
                else None
            )
        )
        self.list_view.doubleClicked.connect(
            lambda idx: self.open_enterprise.emit(self.list_model.row(idx.row()).enterprise_id)
        )
        self.tabs.addTab(self.list_view, self.tr("列表"))

        self.detail = DemandDetailWidget(self.ctx, self.runner)
        self.detail.setMinimumWidth(300)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 300])
        self.split = split
        self._sized = False
        # the 归档 column follows 显示已归档: archived demands are done with, shown on request
        self.column_frames["archived"].setVisible(False)

        self.new_button.clicked.connect(lambda: self.new_demand("demand"))
        self.new_complaint_button.clicked.connect(lambda: self.new_demand("complaint"))
        self.new_suggestion_button.clicked.connect(lambda: self.new_demand("suggestion"))
        self.print_button.clicked.connect(self.print_ledger)
        self.kind_filter.currentIndexChanged.connect(self.refresh)
        self.show_archived.toggled.connect(self.refresh)
        self.show_archived.toggled.connect(self.column_frames["archived"].setVisible)
        self.overdue_only.toggled.connect(self._overdue_toggled)
        self.closed_late_only.toggled.connect(self._closed_late_toggled)
        self.search.textChanged.connect(self._apply)
        self.detail.demand_changed.connect(lambda _id: self.refresh())
        self.detail.demand_changed.connect(lambda _id: self.data_changed.emit())

    # -- loading ------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            QTimer.singleShot(0, self._fit_wide)

    def _fit_wide(self) -> None:
        """On a large monitor the board takes the width (the detail stays readable at
        :data:`WIDE_DETAIL_WIDTH`), so card titles are not cut; once, then the user's splitter wins."""
        total = sum(self.split.sizes())
        if self._sized or total <= 0:
            return
        self._sized = True
        if self.width() > WIDE_SCREEN_WIDTH:
            self.split.setSizes([total - WIDE_DETAIL_WIDTH, WIDE_DETAIL_WIDTH])

    def load_job(self) -> Callable[[], DemandBoard]:
        ctx = self.ctx
        return partial(
            in_session,
            ctx,
            demand_board,
            staff_id=ctx.scope_staff_id,
            zone_id=ctx.staff.zone_id if ctx.is_supervisor else None,
            kind=self.kind_filter.currentData(),
            show_archived=self.show_archived.isChecked(),
            language=ctx.language,
        )

    def apply(self, data: DemandBoard) -> None:
        self._apply()

    def shown_filter(self) -> DemandFilter:
        """What the board shows, as a value: its rows and the printed ledger both follow it."""
        return DemandFilter(
            kind=self.kind_filter.currentData(),
            show_archived=self.show_archived.isChecked(),
            text=self.search.text(),
            overdue_only=self.overdue_only.isChecked(),
            closed_late_only=self.closed_late_only.isChecked(),
        )

    def visible_rows(self) -> list[DemandRow]:
        if self.data is None:
            return []
        shown = self.shown_filter()
        return [r for r in self.data.rows if shown.matches(r)]

    def _overdue_toggled(self, on: bool) -> None:
        if on and self.closed_late_only.isChecked():  # one or the other: they never overlap
            self.closed_late_only.setChecked(False)
        self._apply()

    def _closed_late_toggled(self, on: bool) -> None:
        if on and self.overdue_only.isChecked():
            self.overdue_only.setChecked(False)
        if on and not self.show_archived.isChecked():
            self.show_archived.setChecked(True)  # most demands closed late are archived by now
        self._apply()

    def _apply(self) -> None:
        rows = self.visible_rows()
        for st, model in self.columns.items():
            col_rows = [r for r in rows if r.state == st]
            model.set_rows(col_rows)
            overdue = sum(1 for r in col_rows if r.overdue)
            text = self.tr("{state}（{n}）").format(state=label("demand_state", st), n=len(col_rows))
            # the overdue count on a line of its own (every title two lines, so the cards line up):
            # a narrow column shows "集中研判（1）" whole instead of cutting it
            text += "\n" + (self.tr("逾期{n}").format(n=overdue) if overdue else "")
            self.column_titles[st].setText(text)
            self.column_titles[st].setStyleSheet(TITLE_STYLE + (f"color:{OVERDUE_COLOR};" if overdue else ""))
        self.list_model.set_rows(rows)
        fit_columns(self.list_view, 220)
        if self.current_id and any(r.id == self.current_id for r in rows):
            self._mark_selected(self.current_id)
            self.detail.show_demand(self.current_id)
        elif self.current_id:
            self.current_id = None
            self.detail.show_demand(None)

    # -- selection ----------------------------------------------------------------------------------
    def _select(self, demand_id: str, source: Any = None) -> None:
        if demand_id == self.current_id:
            return
        self.current_id = demand_id
        self._mark_selected(demand_id, source)
        self.detail.show_demand(demand_id)

    def select_demand(self, demand_id: str) -> None:
        """Select a demand in the board and the list (and show its detail)."""
        self.current_id = None
        self._select(demand_id)

    def _mark_selected(self, demand_id: str, source: Any = None) -> None:
        for st, view in self.column_views.items():
            if view is source:
                continue
            model = self.columns[st]
            i = model.find(lambda r: r.id == demand_id)
            view.blockSignals(True)
            view.selectionModel().blockSignals(True)
            if i >= 0:
                view.setCurrentIndex(model.index(i, 0))
            else:
                view.clearSelection()
            view.selectionModel().blockSignals(False)
            view.blockSignals(False)
        if source is not self.list_view:
            self.list_view.selectionModel().blockSignals(True)
            if not select_row(self.list_view, lambda r: r.id == demand_id):
                self.list_view.clearSelection()
            self.list_view.selectionModel().blockSignals(False)

    def board_column_of(self, demand_id: str) -> str | None:
        for st, model in self.columns.items():
            if model.find(lambda r: r.id == demand_id) >= 0:
                return st
        return None

    # -- actions ------------------------------------------------------------------------------------
    @Slot()
    def new_demand(self, kind: str = "demand") -> None:
        if self.data is None:
            return
        dlg = NewDemandDialog(self.ctx, self.runner, self.data.enterprises, kind=kind, parent=self)
        titles = {
            "demand": self.tr("新增诉求"),
            "complaint": self.tr("登记投诉"),
            "suggestion": self.tr("登记意见建议"),
        }
        dlg.setWindowTitle(titles.get(kind, dlg.windowTitle()))

        def created(new_id: str) -> None:
            self.current_id = new_id
            self.refresh()

        self.open_dialog(dlg, self.tr("已登记"), then=created)

    @Slot()
    def print_ledger(self) -> None:
        """Choose the period, then preview the 诉求台账 of the user's scope for it: the demands the
        board's filters show (type, 只看逾期, 只看逾期办结, 显示已归档, the search text)."""
        title = self.tr("诉求台账")
        self.dialog = choose_period(self, title, lambda start, end: self._preview_ledger(title, start, end))

    def _preview_ledger(self, title: str, start: date, end: date) -> None:
        shown = self.shown_filter()
        self.dialog = open_form_preview(
            self,
            self.ctx,
            partial(demand_ledger_pdf, shown=shown),
            partial(demand_ledger_xlsx, shown=shown),
            title,
            file_stem(title, f"{start:%Y%m%d}", f"{end:%Y%m%d}"),
            start,
            end,
            self.ctx.scope_staff_id,
        )
