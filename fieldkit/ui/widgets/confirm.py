"""A question before an act that cannot be undone (submitting a record, deleting a draft).

:class:`ConfirmBox` is a window-modal message box opened with ``open()``: the event loop keeps
running (a worker's result is still delivered) and a test clicks :attr:`ConfirmBox.yes_button` or
:attr:`ConfirmBox.no_button` like a user. ``on_yes`` runs only when the user confirmed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget


class ConfirmBox(QMessageBox):
    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        yes_text: str,
        no_text: str,
        on_yes: Callable[[], object],
        details: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning if details else QMessageBox.Icon.Question)
        self.setWindowTitle(title)
        self.setText(text)
        if details:
            self.setInformativeText("\n".join(f"· {d}" for d in details))
        self.yes_button = self.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
        self.no_button = self.addButton(no_text, QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.no_button)  # Enter does not lock or delete anything by accident
        self.setEscapeButton(self.no_button)
        self._on_yes = on_yes
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button: QAbstractButton) -> None:
        if button is self.yes_button:
            self._on_yes()
