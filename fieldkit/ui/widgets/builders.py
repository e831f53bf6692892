"""Named widgets for the workflow screens and dialogs: push buttons, filter combo boxes, search
fields, list tables, button rows, panels, headings and read-only value forms. Object names are
how tests and the style sheet find them; texts are translated by the caller (``self.tr``)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldkit.ui.widgets.workflow_support import fill_combo, setup_table


def push_button(
    text: str,
    name: str,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    tooltip: str | None = None,
) -> QPushButton:
    """A push button with an object name (tests and the style sheet find it by that name)."""
    b = QPushButton(text)
    b.setObjectName(name)
    if shortcut is not None:
        b.setShortcut(QKeySequence(shortcut))
    if tooltip is not None:
        b.setToolTip(tooltip)
    return b


def button_row(*buttons: QWidget, stretch: bool = True) -> QHBoxLayout:
    """The buttons side by side, left-aligned (a stretch after them) unless ``stretch`` is False."""
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    if stretch:
        row.addStretch(1)
    return row


def column_panel(left: int = 0) -> tuple[QWidget, QVBoxLayout]:
    """A widget and its vertical layout, without margins but ``left`` pixels on the left."""
    w = QWidget()
    lay = QVBoxLayout(w)
    lay.setContentsMargins(left, 0, 0, 0)
    return w, lay


def heading_label(text: str, name: str, scale: float = 1.15, wrap: bool = True) -> QLabel:
    """A named bold title ``scale`` times the normal size (a detail panel's or an editor's heading)."""
    lab = QLabel(text)
    lab.setObjectName(name)
    lab.setWordWrap(wrap)
    f = lab.font()
    f.setBold(True)
    f.setPointSizeF(f.pointSizeF() * scale)
    lab.setFont(f)
    return lab


def info_form(rows: Iterable[tuple[str, str]], prefix: str) -> tuple[QFormLayout, dict[str, QLabel]]:
    """A form of read-only values: one word-wrapping label per (key, row title), named
    ``<prefix>_<key>``; returns the form and the labels by key."""
    form = QFormLayout()
    labels: dict[str, QLabel] = {}
    for key, text in rows:
        lab = QLabel()
        lab.setObjectName(f"{prefix}_{key}")
        lab.setWordWrap(True)
        labels[key] = lab
        form.addRow(text, lab)
    return form, labels


def combo_box(name: str, choices: Iterable[tuple[str | None, str]]) -> QComboBox:
    """A named combo box filled with (data, text) pairs (a filter: the first pair is usually "all")."""
    combo = QComboBox()
    combo.setObjectName(name)
    fill_combo(combo, choices)
    return combo


def search_box(name: str, placeholder: str) -> QLineEdit:
    """A named search field with a placeholder and a clear button."""
    w = QLineEdit()
    w.setObjectName(name)
    w.setPlaceholderText(placeholder)
    w.setClearButtonEnabled(True)
    return w


def make_table(model: QAbstractItemModel, name: str, stretch: int | None = None) -> QTableView:
    """A named list table showing ``model``, set up with :func:`setup_table`."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    setup_table(view, stretch)
    return view
