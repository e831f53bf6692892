"""The conflicts screen: each field changed here and on the server, both values side by side in
user words, and per conflict 保留我的 / 采用服务器的 / 合并后保存 (a merged value typed by the user).

The decision is written through the services (:func:`fieldkit.services.sync_review.resolve_conflict`:
an edit of the row, so an outbox entry that syncs). Fits a 1366×768 screen: the list scrolls.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldkit.services.context import ServiceContext
from fieldkit.services.errors import FieldKitError
from fieldkit.services.sync_review import ConflictItem, conflict_items, resolve_conflict
from fieldkit.ui.callbacks import weak
from fieldkit.ui.workers import TaskRunner


class ConflictCard(QFrame):
    """One conflict: what, both values, the three decisions."""

    decided = Signal(str, str, object)  # conflict id, decision, merged value

    def __init__(self, item: ConflictItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName("conflictCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(item.row_label)
        self.title.setObjectName("sectionTitle")
        self.title.setWordWrap(True)
        self.field = QLabel()
        self.mine_caption = QLabel()
        self.mine_caption.setObjectName("muted")
        self.server_caption = QLabel()
        self.server_caption.setObjectName("muted")
        self.mine = QLabel(item.local_text)
        self.mine.setObjectName("localValue")
        self.server = QLabel(item.server_text)
        self.server.setObjectName("serverValue")
        for w in (self.mine, self.server):
            w.setWordWrap(True)
            w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            w.setMinimumWidth(260)
        self.keep_mine = QPushButton()
        self.keep_mine.setObjectName("keepMine")
        self.keep_mine.clicked.connect(lambda: self.decided.emit(item.id, "local", None))
        self.take_server = QPushButton()
        self.take_server.setObjectName("takeServer")
        self.take_server.clicked.connect(lambda: self.decided.emit(item.id, "server", None))
        self.merged = QLineEdit()
        self.merged.setObjectName("mergedValue")
        self.merged.setText(str(item.local_value or ""))
        self.merged.setVisible(False)
        self.edit_merged = QPushButton()
        self.edit_merged.setObjectName("editMerged")
        self.edit_merged.setEnabled(item.editable)
        self.edit_merged.clicked.connect(self._merge_clicked)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)

        grid = QGridLayout()
        grid.addWidget(self.mine_caption, 0, 0)
        grid.addWidget(self.server_caption, 0, 1)
        grid.addWidget(self.mine, 1, 0)
        grid.addWidget(self.server, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_mine)
        buttons.addWidget(self.take_server)
        buttons.addWidget(self.merged, 1)
        buttons.addWidget(self.edit_merged)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.field)
        lay.addLayout(grid)
        lay.addLayout(buttons)
        lay.addWidget(self.error)
        self.retranslate()

    def retranslate(self) -> None:
        self.field.setText(self.tr("字段：{field}").format(field=self.item.field_label))
        self.mine_caption.setText(self.tr("本机的值"))
        self.server_caption.setText(self.tr("服务器上的值"))
        self.keep_mine.setText(self.tr("保留我的"))
        self.take_server.setText(self.tr("采用服务器的"))
        self.edit_merged.setText(self.tr("保存合并值") if self.merged.isVisible() else self.tr("编辑合并值…"))
        self.edit_merged.setToolTip("" if self.item.editable else self.tr("这一项只能在两方的值中选择一个"))

    def _merge_clicked(self) -> None:
        if not self.merged.isVisible():
            self.merged.setVisible(True)
            self.merged.setFocus()
            self.merged.selectAll()
            self.retranslate()
            return
        self.decided.emit(self.item.id, "merged", self.merged.text())

    def set_busy(self, busy: bool) -> None:
        for b in (self.keep_mine, self.take_server, self.edit_merged):
            b.setEnabled(not busy and (b is not self.edit_merged or self.item.editable))


class ConflictsDialog(QDialog):
    #: a decision was saved (the window refreshes its status and views)
    decided = Signal()
    loaded = Signal()

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.cards: dict[str, ConflictCard] = {}
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.empty = QLabel()
        self.empty.setObjectName("muted")
        self.empty.hide()
        self.body = QWidget()
        self.body_lay = QVBoxLayout(self.body)
        self.body_lay.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.body)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.empty)
        lay.addWidget(self.scroll_area, 1)
        lay.addWidget(self.buttons)
        screen = QGuiApplication.primaryScreen()
        avail = screen.availableGeometry() if screen is not None else None
        w, h = 900, 640
        if avail is not None and avail.width() > 0:
            w, h = min(w, avail.width() - 40), min(h, avail.height() - 80)
        self.resize(w, h)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("同步冲突"))
        self.intro.setText(
            self.tr(
                "下列内容在本机和服务器上都被修改过。请逐项决定保留哪一方的值，或填写合并后的值；"
                "您的决定会在下次同步时上传。"
            )
        )
        self.empty.setText(self.tr("没有需要处理的冲突。"))
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setText(self.tr("关闭"))
        for card in self.cards.values():
            card.retranslate()

    def reload(self) -> None:
        self.runner.read(
            self.ctx,
            conflict_items,
            on_done=weak(self, ConflictsDialog._show),
            on_error=weak(self, ConflictsDialog._load_failed),
        )

    def _show(self, items: list[ConflictItem]) -> None:
        for card in self.cards.values():
            card.setParent(None)
            card.deleteLater()
        self.cards.clear()
        for item in items:
            card = ConflictCard(item)
            card.decided.connect(self.decide)
            self.body_lay.insertWidget(self.body_lay.count() - 1, card)
            self.cards[item.id] = card
        self.empty.setVisible(not items)
        self.loaded.emit()

    def _load_failed(self, exc: BaseException) -> None:
        self.empty.setText(self.tr("无法读取冲突：{error}").format(error=_text(exc)))
        self.empty.show()
        self.loaded.emit()

    def decide(self, conflict_id: str, decision: str, value: Any = None) -> None:
        card = self.cards.get(conflict_id)
        if card is None:
            return
        card.set_busy(True)
        card.error.clear()

        def done(_result: Any) -> None:
            gone = self.cards.pop(conflict_id, None)
            if gone is not None:
                gone.setParent(None)
                gone.deleteLater()
            self.empty.setVisible(not self.cards)
            self.decided.emit()

        def failed(exc: BaseException) -> None:
            c = self.cards.get(conflict_id)
            if c is not None:
                c.set_busy(False)
                c.error.setText(self.tr("保存失败：{error}").format(error=_text(exc)))

        self.runner.write(
            self.ctx,
            resolve_conflict,
            self.ctx.actor,
            conflict_id,
            decision,
            value,
            on_done=done,
            on_error=failed,
            owner=self,
        )


def _text(exc: BaseException) -> str:
    return exc.text() if isinstance(exc, FieldKitError) else str(exc)
