"""审阅 with 退回修改 (issue 12 §5): the supervisor reads the record's content in the review, sends it
back with a reason (required), the assistant sees it among their records with the reason, corrects
it, and the correction comes back for review."""

from __future__ import annotations

from PySide6.QtCore import Qt

from fieldkit.models import ServiceRecord
from fieldkit.ui.dialogs.supervisor_dialogs import ReviewRecordDialog
from fieldkit.ui.views.record_editor import RecordEditorView
from fieldkit.ui.views.supervisor_view import SupervisorView
from tests.ui.test_supervisor_view import seed
from tests.ui.workflow_fixtures import *  # noqa: F403
from tests.ui.workflow_fixtures import show_view, type_text


def test_the_supervisor_returns_a_record_and_the_assistant_corrects_it(
    qtbot, world, ctx, sup_ctx, runner
) -> None:
    ids = seed(world, ctx)
    with world.session() as s:
        r = s.get(ServiceRecord, ids["e1"])
        r.problems = "厂房漏水"
        s.add(r)
        s.commit()
    view = show_view(qtbot, SupervisorView(sup_ctx, runner), 1300, 740)
    view.tabs.setCurrentIndex(5)
    view.review_table.selectRow(view.review_model.find(lambda r: r.id == ids["e1"]))
    qtbot.mouseClick(view.review_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, ReviewRecordDialog)
    shown = dlg.content.toPlainText()
    assert "【服务内容】\n走访" in shown and "【发现问题】\n厂房漏水" in shown  # the content, in the review
    assert dlg.return_button.text() == "退回修改" and dlg.ok_button.text() == "审阅通过"

    qtbot.mouseClick(dlg.return_button, Qt.MouseButton.LeftButton)  # no reason: refused, in words
    qtbot.waitUntil(lambda: "note" in dlg.errors.messages(), timeout=10_000)
    assert "退回原因" in dlg.errors.messages()["note"] and dlg.isVisible()
    type_text(dlg.note, "未写明企业用工缺口人数")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(dlg.return_button, Qt.MouseButton.LeftButton)
    with world.session() as s:
        r = s.get(ServiceRecord, ids["e1"])
    assert r.status == "returned" and r.review_note == "未写明企业用工缺口人数"
    assert r.reviewed_by == world.supervisor.id
    assert view.review_model.find(lambda row: row.id == ids["e1"]) < 0  # out of the queue
    assert "已退回修改" in view.banner.text()

    # the assistant sees it, with the reason, and corrects it
    editor = show_view(qtbot, RecordEditorView(ctx, runner), 1200, 700)
    assert editor.returned_view.isVisible() and editor.returned_model.rowCount() == 1
    assert editor.returned_model.display(0, 2) == "未写明企业用工缺口人数"
    with qtbot.waitSignal(editor.record_loaded, timeout=10_000):
        editor.returned_view.doubleClicked.emit(editor.returned_model.index(0, 0))
    assert editor.status_label.text() == "已退回修改"
    assert "未写明企业用工缺口人数" in editor.banner.text() and editor.amend_button.isVisible()
    with qtbot.waitSignal(editor.record_loaded, timeout=10_000) as sig:
        qtbot.mouseClick(editor.amend_button, Qt.MouseButton.LeftButton)
    correction = sig.args[0]
    with world.session() as s:
        assert s.get(ServiceRecord, correction).amends_id == ids["e1"]
    qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.returned_model.rowCount() == 0, timeout=10_000)
    assert editor.returned_view.isHidden()  # answered by the correction started after the return


def test_a_reviewed_record_cannot_be_returned_any_more(world, ctx) -> None:
    from fieldkit.services.errors import ImmutableError
    from fieldkit.services.records import RecordService
    from fieldkit.services.store import Actor

    ids = seed(world, ctx)
    supervisor = Actor.of(world.supervisor, "test")  # 审阅 / 退回 are a supervisor's acts
    with world.session() as s:
        rec = s.get(ServiceRecord, ids["e2"])
        RecordService(supervisor).review(s, rec, world.supervisor.id)
        try:
            RecordService(supervisor).return_for_correction(s, rec, world.supervisor.id, "晚了")
        except ImmutableError as e:
            assert "只能退回已提交" in e.text()
        else:  # pragma: no cover
            raise AssertionError("a reviewed record was returned")
