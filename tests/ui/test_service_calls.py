"""A dialog's save and a view's load handed to the runner as a service call (ServiceCall): the save
runs in one transaction (committed, or rolled back with the messages shown), the load in a read session."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QVBoxLayout

from fieldkit.models import Enterprise
from fieldkit.services.enterprises import scope_enterprises, update_enterprise
from fieldkit.ui.dialogs.form_dialog import FormDialog
from fieldkit.ui.views.base import LoadingView
from fieldkit.ui.widgets.workflow_support import MessageBanner, ServiceCall


class NotesDialog(FormDialog):
    def __init__(self, ctx: Any, runner: Any, enterprise_id: str) -> None:
        super().__init__(runner, "备注")
        self.ctx = ctx
        self.enterprise_id = enterprise_id
        self.phone = self.add_field("联系电话", QLineEdit(), "contact_phone")
        self.notes = self.add_field("备注", QLineEdit(), "notes")

    def make_job(self) -> ServiceCall:
        return ServiceCall(
            self.ctx,
            update_enterprise,
            self.ctx.actor,
            self.enterprise_id,
            {"contact_phone": self.phone.text(), "notes": self.notes.text()},
        )


class ScopeView(LoadingView):
    def __init__(self, ctx: Any, runner: Any) -> None:
        super().__init__(ctx, runner)
        QVBoxLayout(self).addWidget(banner := MessageBanner())
        self.banner = banner
        self.shown: list[tuple[str, str]] = []

    def load_job(self) -> ServiceCall:
        return ServiceCall(self.ctx, scope_enterprises, self.ctx.scope_staff_id)

    def apply(self, data: list[tuple[str, str]]) -> None:
        self.shown = data


def test_dialog_save_as_a_service_call_commits_or_shows_the_messages(qtbot, ctx, runner, fixture_world):
    eid = fixture_world.enterprises["huawei"]
    dlg = NotesDialog(ctx, runner, eid)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.phone.setText("12")  # refused: no write, the message beside the field, the dialog stays open
    dlg.notes.setText("新厂区")
    dlg.accept()
    qtbot.waitUntil(lambda: dlg.ok_button.isEnabled() and not runner.busy, timeout=20_000)
    assert dlg.isVisible() and dlg.errors.messages()
    with fixture_world.session() as s:
        assert s.get(Enterprise, eid).notes != "新厂区"
    dlg.phone.setText("0838-2345678")
    with qtbot.waitSignal(dlg.saved, timeout=20_000) as saved:
        dlg.accept()
    assert "notes" in saved.args[0]
    with fixture_world.session() as s:
        assert s.get(Enterprise, eid).notes == "新厂区"


def test_view_load_as_a_service_call(qtbot, ctx, runner, fixture_world):
    view = ScopeView(ctx, runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.show()
    names = {name for _id, name in view.shown}
    assert "华为技术有限公司" in names
