"""Asks, when a store finds itself in another folder or on another computer, whether it was copied
(it becomes a new device, so two laptops never sync under one device id) or moved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from fieldkit.services.device import OriginCheck


def ask_copied(check: OriginCheck, parent: QWidget | None = None) -> bool | None:
    """True: a copy (new device id); False: moved (same device); None: the user closed the box."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("CopiedStoreDialog", "数据文件夹位置已变化"))
    box.setText(
        QCoreApplication.translate(
            "CopiedStoreDialog",
            "这份数据原来在另一个位置：\n{path}（计算机：{host}）\n\n它是复制过来的，还是整个搬过来的？",
        ).format(path=str(Path(check.recorded.path).parent), host=check.recorded.host)
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "CopiedStoreDialog",
            "如果原来的电脑还在使用这份数据，请选择“复制件”：本机将作为一台新设备同步，"
            "两台电脑不会用同一个设备编号上传。",
        )
    )
    copy = box.addButton(
        QCoreApplication.translate("CopiedStoreDialog", "复制件（作为新设备）"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    moved = box.addButton(
        QCoreApplication.translate("CopiedStoreDialog", "搬移（同一台电脑）"),
        QMessageBox.ButtonRole.RejectRole,
    )
    box.setDefaultButton(copy)
    box.exec()
    clicked = box.clickedButton()
    if clicked is copy:
        return True
    if clicked is moved:
        return False
    return None
