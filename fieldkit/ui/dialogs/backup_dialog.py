"""备份与恢复: the backups of this data folder, a backup now, an export of the whole store for
handing the laptop over, and restoring a backup after a confirmation. Every backup and restore runs
on a QThread (:class:`BackupJob`) and reports by signals; the GUI thread never copies a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.services import backup
from fieldkit.services.backup import BackupInfo, Connect

_RUNNING: set[BackupJob] = set()


class BackupJob(QThread):
    """One backup or restore off the GUI thread."""

    done = Signal(object)  # what the function returned
    failed = Signal(object)  # the exception

    def __init__(self, fn: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fn = fn

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # reported to the GUI thread, never raised into Qt
            self.failed.emit(exc)
        else:
            self.done.emit(result)


def start_job(
    fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[Any], None]
) -> BackupJob:
    job = BackupJob(fn)
    job.done.connect(on_done)
    job.failed.connect(on_error)
    _RUNNING.add(job)
    job.finished.connect(lambda: _RUNNING.discard(job))
    job.start()
    return job


def wait_for_jobs(ms: int = 30_000) -> None:
    """Quitting: let a backup in progress finish (a killed one leaves only its temporary file)."""
    for job in list(_RUNNING):
        job.wait(ms)


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{max(1, round(n / 1000))} KB"


def error_text(exc: object) -> str:
    text = getattr(exc, "text", None)
    if callable(text):
        return str(text())
    return QCoreApplication.translate("BackupDialog", "操作没有完成：{reason}").format(
        reason=type(exc).__name__
    )


class BackupDialog(QDialog):
    """Lists the backups (newest first) and makes, exports and restores them.

    ``before_restore`` runs on the GUI thread just before a restore starts (the window stops syncing
    and closes its connections to the store); :attr:`restored` is emitted when a restore finished,
    after which the window must reopen the store."""

    restored = Signal()

    def __init__(
        self,
        folder: Path,
        *,
        connect: Connect = backup.plain_connect,
        before_restore: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.folder = folder
        self.connect_db = connect
        self.before_restore = before_restore
        self.job: BackupJob | None = None
        self.setWindowTitle(self.tr("备份与恢复"))
        self.resize(640, 440)

        self.intro = QLabel(
            self.tr(
                "FieldKit 每天自动备份一次本机数据（加密，保留最近 {keep} 份）。"
                "恢复会用所选备份替换本机的全部数据；替换前当前数据会先另存为一份备份。"
            ).format(keep=backup.KEEP)
        )
        self.intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("backupList")
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.backup_btn = QPushButton(self.tr("立即备份"))
        self.export_btn = QPushButton(self.tr("导出整份数据…"))
        self.export_btn.setToolTip(
            self.tr("交接电脑时用：一个文件，含数据库、附件和密钥文件，仍需原密码打开")
        )
        self.restore_btn = QPushButton(self.tr("恢复所选备份…"))
        self.restore_file_btn = QPushButton(self.tr("从文件恢复…"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        for b in (self.backup_btn, self.export_btn, self.restore_btn, self.restore_file_btn):
            row.addWidget(b)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.list, 1)
        lay.addLayout(row)
        lay.addWidget(self.status)
        lay.addWidget(self.buttons)

        self.backup_btn.clicked.connect(lambda: self.backup_now())
        self.export_btn.clicked.connect(lambda: self.export())
        self.restore_btn.clicked.connect(lambda: self.restore_selected())
        self.restore_file_btn.clicked.connect(lambda: self.restore_from_file())
        self.list.currentRowChanged.connect(lambda _r: self._enable())
        self.refresh()

    # -- list --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.list.clear()
        found = backup.list_backups(self.folder)
        for b in found:
            kind = self.tr("自动") if b.automatic else self.tr("手动")
            item = QListWidgetItem(f"{b.created:%Y-%m-%d %H:%M}    {kind}    {_size(b.size)}")
            item.setData(Qt.ItemDataRole.UserRole, b)
            self.list.addItem(item)
        if not found:
            self.status.setText(self.tr("还没有备份"))
        elif self.job is None:
            self.status.setText(
                self.tr("共 {n} 份备份，保存在 {path}").format(
                    n=len(found), path=backup.backups_dir(self.folder)
                )
            )
        if found and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        self._enable()

    def selected(self) -> BackupInfo | None:
        item = self.list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, BackupInfo) else None

    def _enable(self) -> None:
        idle = self.job is None
        for b in (self.backup_btn, self.export_btn, self.restore_file_btn):
            b.setEnabled(idle)
        self.restore_btn.setEnabled(idle and self.selected() is not None)
        self.buttons.setEnabled(idle)

    # -- jobs --------------------------------------------------------------------------------------
    def _run(self, busy: str, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self.status.setText(busy)

        def done(result: Any) -> None:
            self.job = None
            on_done(result)
            self._enable()

        def failed(exc: Any) -> None:
            self.job = None
            self.refresh()
            self.status.setText(error_text(exc))

        self.job = start_job(fn, done, failed)
        self._enable()

    def backup_now(self) -> None:
        folder, connect = self.folder, self.connect_db

        def done(path: Any) -> None:
            self.refresh()
            self.status.setText(self.tr("已备份：{name}").format(name=Path(path).name))

        self._run(self.tr("正在备份…"), lambda: backup.make_backup(folder, connect=connect), done)

    def export(self, target: Path | None = None) -> None:
        if target is None:
            name, _f = QFileDialog.getSaveFileName(
                self,
                self.tr("导出整份数据"),
                str(Path.home() / f"FieldKit数据{backup.SUFFIX}"),
                self.tr("FieldKit 备份 (*{suffix})").format(suffix=backup.SUFFIX),
            )
            if not name:
                return
            target = Path(name)
        folder, connect = self.folder, self.connect_db

        def done(path: Any) -> None:
            self.status.setText(self.tr("已导出到 {path}；打开它需要原来的密码").format(path=path))

        self._run(self.tr("正在导出…"), lambda: backup.make_backup(folder, target, connect=connect), done)

    def confirm_restore(self, created: str) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("恢复备份"))
        box.setText(self.tr("用 {created} 的备份替换本机的全部数据吗？").format(created=created))
        box.setInformativeText(
            self.tr("当前数据会先另存为一份备份。恢复后 FieldKit 会重新打开数据，需要重新登录。")
        )
        yes = box.addButton(self.tr("恢复"), QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.exec()
        return box.clickedButton() is yes

    def restore_selected(self, confirmed: bool | None = None) -> None:
        b = self.selected()
        if b is not None:
            self.restore_file(b.path, f"{b.created:%Y-%m-%d %H:%M}", confirmed)

    def restore_from_file(self) -> None:
        name, _f = QFileDialog.getOpenFileName(
            self,
            self.tr("选择备份文件"),
            str(Path.home()),
            self.tr("FieldKit 备份 (*{suffix})").format(suffix=backup.SUFFIX),
        )
        if name:
            self.restore_file(Path(name), Path(name).name)

    def restore_file(self, path: Path, label: str, confirmed: bool | None = None) -> None:
        if not (confirmed if confirmed is not None else self.confirm_restore(label)):
            return
        if self.before_restore is not None:
            self.before_restore()
        folder, connect = self.folder, self.connect_db

        def done(_saved: Any) -> None:
            self.refresh()
            self.status.setText(self.tr("已恢复 {label} 的备份").format(label=label))
            self.restored.emit()

        self._run(self.tr("正在恢复…"), lambda: backup.restore(folder, path, connect=connect), done)

    def reject(self) -> None:
        if self.job is None:  # a restore in progress is never abandoned halfway
            super().reject()
