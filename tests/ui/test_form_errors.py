"""A validation message beside a field goes as soon as the user starts putting that field right;
the messages of the other fields stay until the next check."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from fieldkit.services.errors import ValidationError, ValidationErrors
from fieldkit.ui.widgets.form_errors import ErrorLabel, FieldErrors


def test_typing_in_a_field_clears_its_message_only(qtbot) -> None:
    name, note, kind = QLineEdit(), QPlainTextEdit(), QComboBox()
    kind.addItems(["甲", "乙"])
    labels = {f: ErrorLabel() for f in ("name", "note", "kind")}
    for w in (name, note, kind, *labels.values()):
        qtbot.addWidget(w)
        w.show()
    errors = FieldErrors(ErrorLabel())
    errors.register("name", labels["name"], name)
    errors.register("note", labels["note"], note)
    errors.register("kind", labels["kind"], kind)
    errors.show(
        ValidationErrors(
            [
                ValidationError("请填写企业名称", "name"),
                ValidationError("请填写服务内容", "note"),
                ValidationError("请选择类型", "kind"),
            ]
        )
    )
    assert all(lb.isVisible() for lb in labels.values()) and name.property("hasError")
    qtbot.keyClicks(name, "A")
    assert not labels["name"].isVisible() and not name.property("hasError") and name.styleSheet() == ""
    assert labels["note"].isVisible() and labels["note"].text() == "请填写服务内容"
    assert name.text() == "A"  # what was typed stays
    note.setPlainText("走访")
    assert not labels["note"].isVisible() and labels["kind"].isVisible()
    kind.setCurrentIndex(1)
    assert not labels["kind"].isVisible()
