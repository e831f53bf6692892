"""The window's global search (Ctrl+K): enterprises, service records, demands and policies in
one box, results grouped by kind with the matches highlighted; Enter opens the selected item.

The search runs off the GUI thread (``TaskRunner.read``), debounced while the user types; a result
that arrives for a term the user has since changed is dropped.
"""

from __future__ import annotations

from functools import partial
from html import escape
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.services import fulltext
from fieldkit.services.context import ServiceContext
from fieldkit.ui.style import MUTED
from fieldkit.ui.workers import DEBOUNCE, TaskRunner

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
HIGHLIGHT = "#ffe08a"


def highlighted(snippet: Any) -> str:
    """Rich text of a snippet with its matches marked."""
    out, last = [], 0
    for a, b in snippet.spans:
        out.append(escape(snippet.text[last:a]))
        out.append(f'<span style="background:{HIGHLIGHT}">{escape(snippet.text[a:b])}</span>')
        last = b
    out.append(escape(snippet.text[last:]))
    return "".join(out)


class GlobalSearchDialog(QDialog):
    """Type two or more characters; results come in four groups."""

    #: (kind, row id, enterprise id or "") of the hit the user opened
    open_requested = Signal(str, str, str)
    #: a search finished and its results are shown (tests wait on it)
    results_shown = Signal()

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.setObjectName("globalSearch")
        self.resize(760, 540)  # fits a 1366×768 screen with room around it
        self.edit = QLineEdit()
        self.edit.setObjectName("globalSearchEdit")
        self.edit.setClearButtonEnabled(True)
        self.hint = QLabel()
        self.hint.setStyleSheet(f"color: {MUTED}")
        self.hint.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("globalSearchResults")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(12)
        self.tree.itemActivated.connect(self._activated)
        lay = QVBoxLayout(self)
        lay.addWidget(self.edit)
        lay.addWidget(self.hint)
        lay.addWidget(self.tree, 1)
        self.timer = QTimer(self)
        self.timer.setObjectName(DEBOUNCE)
        self.timer.setSingleShot(True)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.search_now)
        self.edit.textChanged.connect(lambda _t: self.timer.start())
        self.edit.returnPressed.connect(self._open_current)
        self._term = ""
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("全局搜索"))
        self.edit.setPlaceholderText(self.tr("搜索企业、服务记录、诉求和政策（两个字以上查全文）"))
        self.hint.setText(self.tr("↑↓ 选择，回车打开，Esc 关闭"))

    def _group_title(self, kind: str) -> str:
        return {
            "enterprise": self.tr("企业"),
            "record": self.tr("服务记录"),
            "demand": self.tr("诉求"),
            "policy": self.tr("政策"),
        }[kind]

    def _scope(self) -> fulltext.Scope:
        if self.ctx.is_supervisor:
            return fulltext.Scope(zone_id=self.ctx.staff.zone_id)
        return fulltext.Scope(staff_id=self.ctx.staff.id)

    def search_now(self) -> None:
        self.timer.stop()
        term = self.edit.text().strip()
        self._term = term
        if not term:
            self.tree.clear()
            self.results_shown.emit()
            return
        self.runner.read(
            self.ctx,
            fulltext.search_all,
            term,
            self._scope(),
            10,
            on_done=partial(self._show, term),
            owner=self,
        )

    def _show(self, term: str, groups: list[fulltext.KindResult]) -> None:
        if term != self._term:
            return  # the user typed on: a newer search is coming
        self.tree.clear()
        first: QTreeWidgetItem | None = None
        for g in groups:
            if g.more:
                count = self.tr("{n} 条以上").replace("{n}", str(g.total))
            else:
                count = self.tr("{n} 条").replace("{n}", str(g.total))
            head = QTreeWidgetItem([f"{self._group_title(g.kind)}（{count}）"])
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            self.tree.addTopLevelItem(head)
            if not g.complete:
                note = QTreeWidgetItem([self.tr("单个字只查找最近的记录；输入两个字以上可查全部")])
                note.setFlags(Qt.ItemFlag.ItemIsEnabled)
                head.addChild(note)
            for hit in g.hits:
                item = QTreeWidgetItem([""])
                item.setData(0, HIT_ROLE, (hit.kind, hit.row_id, hit.enterprise_id or ""))
                head.addChild(item)
                label = QLabel(self._hit_html(hit))
                label.setObjectName("hitLabel")
                label.setTextFormat(Qt.TextFormat.RichText)
                label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
                self.tree.setItemWidget(item, 0, label)
                if first is None:
                    first = item
            head.setExpanded(True)
        if first is not None:
            self.tree.setCurrentItem(first)
        self.results_shown.emit()

    def _hit_html(self, hit: fulltext.Hit) -> str:
        if hit.kind in ("enterprise", "policy") and hit.snippet.text == hit.title:
            title = highlighted(hit.snippet)
            return f"{title} <span style='color:{MUTED}'>{escape(hit.detail)}</span>"
        head = f"<b>{escape(hit.title)}</b> <span style='color:{MUTED}'>{escape(hit.detail)}</span>"
        return f"{head}<br>{highlighted(hit.snippet)}"

    def hit_items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            for j in range(head.childCount() if head is not None else 0):
                child = head.child(j) if head is not None else None
                if child is not None and child.data(0, HIT_ROLE):
                    out.append(child)
        return out

    def _open_current(self) -> None:
        if self.timer.isActive():  # Enter right after typing: search first
            self.search_now()
            return
        item = self.tree.currentItem()
        if item is not None:
            self._activated(item)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        data = item.data(0, HIT_ROLE)
        if not data:
            return
        kind, row_id, enterprise_id = data
        self.open_requested.emit(kind, row_id, enterprise_id)
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Up/Down move through the results while the focus stays in the search box."""
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            items = self.hit_items()
            if items:
                current = self.tree.currentItem()
                i = items.index(current) if current in items else -1
                i = min(len(items) - 1, i + 1) if event.key() == Qt.Key.Key_Down else max(0, i - 1)
                self.tree.setCurrentItem(items[i])
            return
        super().keyPressEvent(event)
