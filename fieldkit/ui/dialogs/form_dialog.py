"""Base of the workflow dialogs: a form whose OK runs the save on the task runner and, when the
service refuses, shows each message beside its field and keeps everything typed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.services.errors import FieldKitError, ValidationError
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.ui.widgets.form_errors import ErrorLabel, FieldErrors, with_error
from fieldkit.ui.widgets.workflow_support import EnterpriseCombo, ServiceCall
from fieldkit.ui.workers import TaskRunner


def line_edit(name: str, placeholder: str | None = None, max_length: int | None = None) -> QLineEdit:
    """A named one-line field (tests find the dialog's fields by object name); ``max_length``
    (the model's, ``fieldkit.services.text_checks.limit``) caps what can be typed or pasted."""
    w = QLineEdit()
    w.setObjectName(name)
    if max_length is not None:
        w.setMaxLength(max_length)
    if placeholder is not None:
        w.setPlaceholderText(placeholder)
    return w


def enterprise_combo(
    name: str, enterprises: list[tuple[str, str]], selected: str | None = None
) -> EnterpriseCombo:
    """A named enterprise picker holding ``enterprises`` ((id, name) pairs), ``selected`` chosen."""
    combo = EnterpriseCombo()
    combo.setObjectName(name)
    combo.set_enterprises(enterprises, selected)
    return combo


def chosen_enterprise(combo: EnterpriseCombo) -> str:
    """The enterprise picked in ``combo``; refused beside the ``enterprise_id`` field when the typed
    text names none of the items."""
    eid = combo.enterprise_id()
    if not eid:
        raise ValidationError(N("Validation", "请从列表中选择企业"), "enterprise_id")
    return eid


class FormDialog(QDialog):
    """Subclasses add fields with :meth:`add_field` and implement :meth:`make_job`."""

    saved = Signal(object)

    def __init__(self, runner: TaskRunner, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.result_value: Any = None
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        outer = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.hide()
        outer.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        outer.addLayout(self.form)
        self.general_error = ErrorLabel()
        outer.addWidget(self.general_error)
        self.errors = FieldErrors(self.general_error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("确定"))
        self.ok_button.setObjectName("ok_button")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def add_field(self, label: str, widget: QWidget, field: str | None = None) -> QWidget:
        """A form row; with ``field`` the service's message for that field appears under it."""
        if field:
            err = ErrorLabel()
            self.errors.register(field, err, widget)
            self.form.addRow(label, with_error(widget, err))
        else:
            self.form.addRow(label, widget)
        return widget

    def radio_choices(
        self, codes: Sequence[str], text: Callable[[str], str], name: str, vertical: bool = False
    ) -> tuple[QWidget, QButtonGroup]:
        """One radio button per code (object name ``<name>_<code>``, button id = the code's index),
        in a row (closed by a stretch) or a column; returns the box for :meth:`add_field` and the group."""
        box = QWidget()
        lay = QVBoxLayout(box) if vertical else QHBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(self)
        for i, code in enumerate(codes):
            rb = QRadioButton(text(code))
            rb.setObjectName(f"{name}_{code}")
            group.addButton(rb, i)
            lay.addWidget(rb)
        if not vertical:
            lay.addStretch(1)
        return box, group

    def make_job(self) -> ServiceCall | Callable[[], Any] | None:
        """Read the widgets (GUI thread) and return the save: a :class:`ServiceCall` (run in one
        transaction by the runner) or a worker function; None to stay open."""
        raise NotImplementedError

    def accept(self) -> None:
        self.errors.clear()
        try:
            job = self.make_job()
        except FieldKitError as exc:
            self.errors.show(exc)
            return
        if job is None:
            return
        self.ok_button.setEnabled(False)
        if isinstance(job, ServiceCall):
            self.runner.write(
                job.source, job.fn, *job.args, on_done=self._done, on_error=self._failed, **job.kwargs
            )
        else:
            self.runner.run(job, self._done, self._failed)

    def _done(self, result: Any) -> None:
        self.ok_button.setEnabled(True)
        self.result_value = result
        self.saved.emit(result)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.errors.show(exc)
