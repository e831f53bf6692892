"""关于 FieldKit: name, icon, version (pyproject.toml's), the data and log folders, and the licence
of everything shipped with the app: the bundled font first, then each library with its version.

The list is read from the distributions' metadata off the GUI thread (``runner.run``); the font's
licence text opens on request. Fits a 1366×768 screen (the table scrolls).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.services import about
from fieldkit.ui.style import MUTED, app_icon
from fieldkit.ui.workers import TaskRunner


class AboutDialog(QDialog):
    def __init__(
        self, runner: TaskRunner, data_folder: Path, log_file: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(self.tr("关于 FieldKit"))
        self.setMinimumWidth(560)
        self.resize(620, 560)
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        title = QLabel(self.tr("FieldKit 企业服务助手"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.version = QLabel(self.tr("版本 {version}").format(version=about.version()))
        self.version.setObjectName("about_version")
        blurb = QLabel(self.tr("为产业功能区产业助理、助企干部和“五位一体”服务专员提供的离线工作台。"))
        blurb.setWordWrap(True)
        heading = QVBoxLayout()
        for w in (title, self.version, blurb):
            heading.addWidget(w)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)
        folders = QLabel(
            self.tr("数据文件夹：{folder}\n日志文件：{log}").format(folder=data_folder, log=log_file)
        )
        folders.setObjectName("about_folders")
        folders.setWordWrap(True)
        folders.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folders.setStyleSheet(f"color: {MUTED};")
        caption = QLabel(self.tr("随本软件提供的字体和程序库及其许可证："))
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("about_licences")
        self.table.setHorizontalHeaderLabels([self.tr("名称"), self.tr("版本"), self.tr("许可证")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.font_licence = QPlainTextEdit()
        self.font_licence.setObjectName("about_font_licence")
        self.font_licence.setReadOnly(True)
        self.font_licence.hide()
        self.show_font = QPushButton(self.tr("查看字体许可证全文"))
        self.show_font.setObjectName("about_show_font_licence")
        self.show_font.clicked.connect(self._show_font_licence)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.addButton(self.show_font, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(folders)
        layout.addWidget(caption)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.font_licence, 1)
        layout.addWidget(buttons)
        runner.run(about.components, on_done=self._show_components, owner=self)

    def _show_components(self, components: list[about.Component]) -> None:
        self.table.setRowCount(len(components))
        for row, c in enumerate(components):
            licence = c.licence or self.tr("见该程序库的发行说明")
            for col, text in enumerate((c.name, c.version, licence)):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def _show_font_licence(self) -> None:
        text = about.font_licence_text()
        self.font_licence.setPlainText(text or self.tr("字体许可证文件缺失：请重新安装本软件。"))
        self.font_licence.show()
        self.show_font.setEnabled(False)
