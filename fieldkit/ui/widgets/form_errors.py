"""Validation messages shown beside the fields they concern, keeping what the user typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from fieldkit.services.errors import FieldKitError, ValidationErrors

ERROR_STYLE = "color: #c62828;"
ERROR_FIELD_STYLE = "border: 1px solid #c62828;"


class ErrorLabel(QLabel):
    """A red, word-wrapped message line, hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def set_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


def with_error(widget: QWidget, label: ErrorLabel) -> QWidget:
    """The field and its error line stacked, for a QFormLayout row."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(widget)
    lay.addWidget(label)
    return box


class FieldErrors:
    """field name → (error label, field widget); shows a service error beside its field."""

    def __init__(self, general: ErrorLabel) -> None:
        self.general = general
        self._labels: dict[str, tuple[ErrorLabel, QWidget | None]] = {}

    def register(self, field: str, label: ErrorLabel, widget: QWidget | None = None) -> None:
        self._labels[field] = (label, widget)
        signal = _edited_signal(widget) if widget is not None else None
        if signal is not None:  # the message goes once the user starts putting the field right
            signal.connect(lambda *_a, f=field: self.clear_field(f))

    def clear_field(self, field: str) -> None:
        """Drop one field's message (the others stay until the next check)."""
        entry = self._labels.get(field)
        if entry is None:
            return
        label, widget = entry
        if label.isVisible():
            label.set_message("")
        if widget is not None and widget.property("hasError"):
            widget.setProperty("hasError", False)
            widget.setStyleSheet("")

    def label(self, field: str) -> ErrorLabel | None:
        entry = self._labels.get(field)
        return entry[0] if entry else None

    def clear(self) -> None:
        self.general.set_message("")
        for label, widget in self._labels.values():
            label.set_message("")
            if widget is not None and widget.property("hasError"):
                widget.setProperty("hasError", False)
                widget.setStyleSheet("")

    def show(self, exc: BaseException) -> None:
        """Put each message beside its field; messages for unknown fields go to the general line."""
        self.clear()
        errors = exc.errors if isinstance(exc, ValidationErrors) else [exc]
        general: list[str] = []
        for err in errors:
            text = err.text() if isinstance(err, FieldKitError) else str(err)
            field = getattr(err, "field", None)
            entry = self._labels.get(field) if field else None
            if entry is None:
                general.append(text)
                continue
            label, widget = entry
            label.set_message("\n".join(t for t in (label.text() if label.isVisible() else "", text) if t))
            if widget is not None:
                widget.setProperty("hasError", True)
                widget.setStyleSheet(ERROR_FIELD_STYLE)
        self.general.set_message("\n".join(general))

    def messages(self) -> dict[str, str]:
        """Visible messages by field (for tests and accessibility)."""
        out = {f: lab.text() for f, (lab, _w) in self._labels.items() if lab.text()}
        if self.general.text():
            out[""] = self.general.text()
        return out


def _edited_signal(widget: QWidget) -> Any:
    """The signal a field emits when the user changes it (None for a widget of another kind)."""
    if isinstance(widget, QLineEdit):
        return widget.textEdited
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    if isinstance(widget, QDateTimeEdit):
        return widget.dateTimeChanged
    if isinstance(widget, QAbstractSpinBox) and hasattr(widget, "valueChanged"):
        return widget.valueChanged
    if isinstance(widget, QAbstractButton):
        return widget.toggled
    return None
