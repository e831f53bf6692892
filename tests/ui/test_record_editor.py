"""Visit record editor (走访记录): start from a plan, type, tick service items, raise a demand and
push a policy inline, attach a photo, sign on the pad, autosave without clicking save, submit
locks, an amendment is shown beside the original."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog
from sqlmodel import col, select

from fieldkit.models import Attachment, Demand, PolicyPush, ServiceRecord, VisitPlan
from fieldkit.ui.dialogs.demand_dialogs import NewDemandDialog
from fieldkit.ui.dialogs.policy_dialogs import PolicyPushDialog
from fieldkit.ui.views.record_editor import RecordEditorView
from fieldkit.ui.widgets.confirm import ConfirmBox
from tests.ui.workflow_fixtures import *  # noqa: F403
from tests.ui.workflow_fixtures import click_ok, show_view, type_text


def record(world, rid) -> ServiceRecord:  # type: ignore[no-untyped-def]
    with world.session() as s:
        return s.get(ServiceRecord, rid)


def open_editor(qtbot, ctx, runner) -> RecordEditorView:  # type: ignore[no-untyped-def]
    return show_view(qtbot, RecordEditorView(ctx, runner), 1200, 900)


def start_from_plan(qtbot, view, world) -> str:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.record_loaded, timeout=10000) as sig:
        view.new_record(None, world.plans["today"])
    return sig.args[0]


def click_item_checkbox(qtbot, lw, row: int) -> None:  # type: ignore[no-untyped-def]
    rect = lw.visualItemRect(lw.item(row))
    qtbot.mouseClick(
        lw.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 10, rect.center().y())
    )


def sign(qtbot, pad) -> None:  # type: ignore[no-untyped-def]
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 100))
    for x, y in ((80, 70), (120, 110), (160, 60), (200, 105), (240, 80)):
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(260, 90))


def confirm_submit(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    """Click 提交, then 确定提交 in the confirmation, and wait until it is submitted."""
    qtbot.mouseClick(view.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(view.dialog, ConfirmBox), timeout=10000)
    with qtbot.waitSignal(view.record_submitted, timeout=10000):
        view.dialog.yes_button.click()


def test_start_from_plan_prefills_and_autosaves_typing(qtbot, world, ctx, runner) -> None:
    view = open_editor(qtbot, ctx, runner)
    rid = start_from_plan(qtbot, view, world)
    rec = record(world, rid)
    assert rec.status == "draft" and rec.plan_id == world.plans["today"]
    assert rec.enterprise_id == world.enterprises["e1"]
    assert view.heading.text().endswith("德阳东方电机有限公司")
    assert view.plan_label.text().startswith("季度走访：了解生产经营情况（")
    assert view.place.text() == "旌阳区工业大道1号"
    assert view.staff_participants.text() == "张明"
    assert view.stage.currentText() == "生产经营"
    assert view.service_items.count() > 3

    type_text(view.content, "了解四季度订单情况")
    type_text(view.enterprise_participants, "、王总经理")
    click_item_checkbox(qtbot, view.service_items, 0)
    assert view.service_items.item(0).checkState() == Qt.CheckState.Checked
    code = view.service_items.item(0).data(Qt.ItemDataRole.UserRole)
    # no click on 保存草稿: the debounced autosave writes it
    qtbot.waitUntil(lambda: record(world, rid).content == "了解四季度订单情况", timeout=6000)
    qtbot.waitUntil(lambda: record(world, rid).service_items == [code], timeout=6000)
    assert record(world, rid).enterprise_participants == "联系人1、王总经理"
    qtbot.waitUntil(lambda: "已自动保存" in view.autosave_label.text())

    # reopening shows the draft; starting from the same plan again reopens it too
    again = open_editor(qtbot, ctx, runner)
    assert again.drafts_model.find(lambda r: r.id == rid) >= 0
    with qtbot.waitSignal(again.record_loaded, timeout=10000) as sig:
        again.new_record(None, world.plans["today"])
    assert sig.args[0] == rid
    assert again.content.toPlainText() == "了解四季度订单情况"
    assert again.service_items.item(0).checkState() == Qt.CheckState.Checked


def test_closing_the_editor_saves_at_once(qtbot, world, ctx, runner) -> None:
    view = open_editor(qtbot, ctx, runner)
    rid = start_from_plan(qtbot, view, world)
    type_text(view.problems, "用电负荷不足")
    view.close()  # before the autosave timer fires
    assert record(world, rid).problems == "用电负荷不足"


def test_raise_demand_and_push_policy_inline(qtbot, world, ctx, runner) -> None:
    view = open_editor(qtbot, ctx, runner)
    rid = start_from_plan(qtbot, view, world)

    qtbot.mouseClick(view.add_demand_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, NewDemandDialog)
    assert dlg.enterprise.currentText() == "德阳东方电机有限公司" and not dlg.enterprise.isEnabled()
    dlg.category.setCurrentIndex(dlg.category.findData("talent"))
    type_text(dlg.description, "需要招聘数控技工20名")
    click_ok(qtbot, dlg, view.record_loaded)
    with world.session() as s:
        d = s.exec(select(Demand).where(Demand.record_id == rid)).one()
    assert d.description == "需要招聘数控技工20名" and d.category == "talent" and d.state == "collected"
    assert view.demand_model.rowCount() == 1
    assert view.demand_model.display(0, 1) == "人才用工"
    assert view.demand_model.display(0, 3) == "收集"

    qtbot.mouseClick(view.push_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, PolicyPushDialog)
    qtbot.waitUntil(lambda: dlg.model.rowCount() > 0)
    i = dlg.model.find(lambda r: r.policy == "高新技术企业认定奖励")
    assert i >= 0
    reasons = dlg.model.display(i, 1)
    assert "行业符合" in reasons and "高新技术企业" in reasons
    # the closed-window policy is not offered
    assert dlg.model.find(lambda r: r.policy == "技术改造项目贴息") < 0
    dlg.table.selectRow(i)
    type_text(dlg.note, "现场讲解申报条件")
    click_ok(qtbot, dlg, view.record_loaded)
    with world.session() as s:
        push = s.exec(select(PolicyPush).where(PolicyPush.record_id == rid)).one()
    assert push.policy_id == world.policies["hitech"] and push.note == "现场讲解申报条件"
    assert view.push_model.rowCount() == 1 and view.push_model.display(0, 0) == "高新技术企业认定奖励"


def test_attach_photo_and_sign(qtbot, world, ctx, runner, tmp_path, monkeypatch) -> None:
    img = QImage(400, 300, QImage.Format.Format_RGB32)
    img.fill(QColor("#4a90d9"))
    photo = tmp_path / "workshop.png"
    assert img.save(str(photo))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(photo)], "")))

    view = open_editor(qtbot, ctx, runner)
    rid = start_from_plan(qtbot, view, world)
    qtbot.mouseClick(view.add_photo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.photos.count() == 1)
    assert view.photos.item(0).text() == "workshop.png"
    assert not view.photos.item(0).icon().isNull()
    with world.session() as s:
        att = s.exec(select(Attachment).where(Attachment.owner_id == rid, Attachment.kind == "photo")).one()
    assert att.size == photo.stat().st_size and ctx.attachments.read(att.sha256) == photo.read_bytes()

    sign(qtbot, view.signature)
    assert view.signature.stroke_count() == 1
    qtbot.waitUntil(lambda: record(world, rid).signature_sha256 is not None, timeout=6000)
    sha = record(world, rid).signature_sha256
    png = ctx.attachments.read(sha)
    assert png.startswith(b"\x89PNG")
    drawn = QImage.fromData(png)
    assert not drawn.isNull() and drawn.width() >= view.signature.width()
    with world.session() as s:
        sig_rows = s.exec(
            select(Attachment).where(
                Attachment.owner_id == rid, Attachment.kind == "signature", col(Attachment.deleted).is_(False)
            )
        ).all()
    assert [a.sha256 for a in sig_rows] == [sha]

    # the clear button empties the pad and the record forgets the signature
    qtbot.mouseClick(view.signature.clear_button, Qt.MouseButton.LeftButton)
    assert view.signature.is_empty()
    qtbot.waitUntil(lambda: record(world, rid).signature_sha256 is None, timeout=6000)


def test_submit_validates_then_locks_and_amendment_shows_beside(qtbot, world, ctx, runner) -> None:
    view = open_editor(qtbot, ctx, runner)
    rid = start_from_plan(qtbot, view, world)
    view.place.clear()
    type_text(view.problems, "融资难")
    qtbot.mouseClick(view.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "content" in view.errors.messages())
    msgs = view.errors.messages()
    assert "服务内容" in msgs["content"] and "走访地点" in msgs["place"]
    assert view.findChild(type(view.general_error), "error_content").isVisible()
    assert view.problems.toPlainText() == "融资难"  # what was typed is kept ...
    assert record(world, rid).problems == "融资难"  # ... and saved
    assert record(world, rid).status == "draft" and not view.content.isReadOnly()

    type_text(view.place, "公司会议室")
    type_text(view.content, "座谈了解融资需求")
    sign(qtbot, view.signature)
    confirm_submit(qtbot, view)
    qtbot.waitUntil(lambda: view.content.isReadOnly())
    rec = record(world, rid)
    assert rec.status == "submitted" and rec.content_hash and rec.signature_sha256
    assert rec.content == "座谈了解融资需求" and rec.place == "公司会议室"
    with world.session() as s:
        assert s.get(VisitPlan, world.plans["today"]).status == "done"
    for w in (
        view.place,
        view.staff_participants,
        view.enterprise_participants,
        view.content,
        view.problems,
        view.follow_up,
        view.visit_at,
    ):
        assert w.isReadOnly()
    assert not view.stage.isEnabled() and not view.kind.isEnabled()
    assert view.signature.is_read_only()
    assert not (view.service_items.item(0).flags() & Qt.ItemFlag.ItemIsUserCheckable)
    assert not view.add_demand_button.isEnabled() and not view.add_photo_button.isEnabled()
    assert view.submit_button.isHidden() and view.amend_button.isVisible()
    assert view.status_label.text() == "已提交"
    assert rec.content_hash[:12].upper() in view.hash_label.text()

    # 更正: a new draft referencing the original, shown beside it
    with qtbot.waitSignal(view.record_loaded, timeout=10000) as sig:
        qtbot.mouseClick(view.amend_button, Qt.MouseButton.LeftButton)
    new_id = sig.args[0]
    assert new_id != rid
    amended = record(world, new_id)
    assert amended.amends_id == rid and amended.status == "draft" and amended.signature_sha256 is None
    assert not view.content.isReadOnly()
    assert view.compare_panel.isVisible() and view.compare_model.columnCount() == 2
    assert view.heading.text().startswith("更正记录")
    view.content.clear()
    type_text(view.content, "座谈了解融资需求，企业计划贷款500万元")
    qtbot.waitUntil(lambda: record(world, new_id).content.endswith("500万元"), timeout=6000)
    content_row = 7
    qtbot.waitUntil(lambda: view.compare_model.is_changed(content_row, 1), timeout=6000)
    assert view.compare_model.data(view.compare_model.index(content_row, 0)) == "座谈了解融资需求"
    assert view.compare_model.data(view.compare_model.index(content_row, 1)).endswith("500万元")
    assert not view.compare_model.is_changed(1, 1)  # place unchanged: not highlighted
    assert record(world, rid).content == "座谈了解融资需求"  # the original never changes

    # the original, reopened, shows its amendment beside it and stays locked
    with qtbot.waitSignal(view.record_loaded, timeout=10000):
        qtbot.mouseClick(view.open_original_button, Qt.MouseButton.LeftButton)
    assert view.record_id == rid and view.content.isReadOnly()
    assert view.compare_panel.isVisible() and view.compare_model.columnCount() == 2


def test_print_visit_record(qtbot, world, ctx, runner) -> None:
    view = open_editor(qtbot, ctx, runner)
    start_from_plan(qtbot, view, world)
    type_text(view.content, "走访座谈")
    assert view.print_button.isVisible(), "the print preview dialog or the visit record form is missing"
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.dialog is not None, timeout=10000)  # after the draft was saved
    dlg = view.dialog
    qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=30000)
    assert dlg.pdf.startswith(b"%PDF")
    dlg.close()


def test_refresh_keeps_unsaved_typing(qtbot, world, ctx, runner) -> None:
    view = open_editor(qtbot, ctx, runner)
    rid = start_from_plan(qtbot, view, world)
    type_text(view.follow_up, "下周回访")
    with qtbot.waitSignal(view.record_loaded, timeout=10000):
        view.refresh()  # F5 before the autosave fired
    assert view.follow_up.toPlainText() == "下周回访"
    assert record(world, rid).follow_up == "下周回访"


class SaveSpy:
    """Wraps the editor's ``save_draft``: which thread wrote, which fields, how many at once; a save
    waits for ``gate`` (open unless a test closes it) so that a test can hold it on the worker."""

    def __init__(self, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        import threading

        from fieldkit.ui.views import record_editor

        self.gate = threading.Event()
        self.gate.set()
        self.lock = threading.Lock()
        self.started = 0
        self.running = 0
        self.max_concurrent = 0
        self.changes: list[list[str]] = []
        self.on_gui_thread: list[bool] = []
        real = record_editor.save_draft

        def spy(session, actor, folder, record_id, changes, signature):  # type: ignore[no-untyped-def]
            with self.lock:
                self.started += 1
                self.running += 1
                self.max_concurrent = max(self.max_concurrent, self.running)
                self.changes.append(sorted(changes))
                self.on_gui_thread.append(threading.current_thread() is threading.main_thread())
            try:
                assert self.gate.wait(20), "the test never released the save"
                return real(session, actor, folder, record_id, changes, signature)
            finally:
                with self.lock:
                    self.running -= 1

        monkeypatch.setattr(record_editor, "save_draft", spy)


def test_switching_views_saves_through_the_runner_one_save_at_a_time(
    qtbot, world, ctx, runner, monkeypatch
) -> None:
    from PySide6.QtWidgets import QLabel, QStackedWidget

    spy = SaveSpy(monkeypatch)
    stack = QStackedWidget()  # as in the main window: another view is chosen, the editor is hidden
    view = RecordEditorView(ctx, runner)
    other = QLabel("other view")
    stack.addWidget(view)
    stack.addWidget(other)
    qtbot.addWidget(stack)
    stack.resize(1200, 900)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        stack.show()
    rid = start_from_plan(qtbot, view, world)

    spy.gate.clear()  # hold the save on the worker
    type_text(view.content, "座谈了解订单")
    stack.setCurrentWidget(other)  # before the autosave timer fires
    assert view.saving and not view.autosave_timer.isActive()
    qtbot.waitUntil(lambda: spy.started == 1, timeout=5000)
    assert spy.on_gui_thread == [False]  # written on the runner, never on the GUI thread

    # while that save still runs: back to the editor, more typing, away again
    stack.setCurrentWidget(view)
    type_text(view.follow_up, "下周回访")
    stack.setCurrentWidget(other)
    assert view.saving and spy.started == 1  # no second save while the first one runs
    spy.gate.set()
    qtbot.waitUntil(lambda: record(world, rid).follow_up == "下周回访", timeout=10000)
    qtbot.waitUntil(lambda: not view.saving, timeout=10000)
    assert record(world, rid).content == "座谈了解订单"
    assert spy.changes == [["content"], ["follow_up"]]  # each change written once
    assert spy.max_concurrent == 1 and spy.on_gui_thread == [False, False]
    assert not view.is_dirty()


def test_closing_while_a_save_runs_waits_for_it_then_writes_only_the_rest(
    qtbot, world, ctx, runner, monkeypatch
) -> None:
    spy = SaveSpy(monkeypatch)
    view = open_editor(qtbot, ctx, runner)
    rid = start_from_plan(qtbot, view, world)

    # closing with everything already in a running save: nothing more is written
    spy.gate.clear()
    type_text(view.problems, "用电负荷不足")
    view.save_now()
    qtbot.waitUntil(lambda: spy.started == 1, timeout=5000)
    view.close()
    assert spy.started == 1
    spy.gate.set()
    qtbot.waitUntil(lambda: not view.saving, timeout=10000)
    assert record(world, rid).problems == "用电负荷不足"

    # closing with more typed after the running save started: that save finishes first, then the
    # rest is written at once (the application is quitting)
    view.show()
    spy.gate.clear()
    type_text(view.content, "座谈")
    view.save_now()
    qtbot.waitUntil(lambda: spy.started == 2, timeout=5000)
    type_text(view.follow_up, "回访")
    real_wait = runner.wait
    waited: list[bool] = []

    def wait(msecs: int = 30000) -> bool:
        waited.append(True)
        spy.gate.set()  # the running save may finish now
        return real_wait(msecs)

    monkeypatch.setattr(runner, "wait", wait)
    view.close()
    assert waited == [True]
    rec = record(world, rid)
    assert (rec.content, rec.follow_up) == ("座谈", "回访")
    assert spy.changes[1:] == [["content"], ["follow_up"]]
    assert spy.on_gui_thread == [False, False, True] and spy.max_concurrent == 1


def test_submit_asks_first_and_names_a_missing_signature_and_empty_problems(
    qtbot, world, ctx, runner
) -> None:
    view = open_editor(qtbot, ctx, runner)
    rid = start_from_plan(qtbot, view, world)
    type_text(view.content, "座谈了解生产情况")
    qtbot.mouseClick(view.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(view.dialog, ConfirmBox), timeout=10000)
    box = view.dialog
    details = box.informativeText()
    assert "企业代表尚未签名" in details and "发现问题" in details and "服务事项" in details
    assert box.defaultButton() is box.no_button  # Enter does not lock the record
    box.no_button.click()  # 返回修改
    qtbot.waitUntil(lambda: view.dialog is None)
    assert record(world, rid).status == "draft" and not view.content.isReadOnly()

    type_text(view.problems, "缺少熟练技工")
    click_item_checkbox(qtbot, view.service_items, 0)
    sign(qtbot, view.signature)
    qtbot.mouseClick(view.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(view.dialog, ConfirmBox), timeout=10000)
    assert view.dialog.informativeText() == ""  # nothing left to warn about: a plain question
    with qtbot.waitSignal(view.record_submitted, timeout=10000):
        view.dialog.yes_button.click()
    assert record(world, rid).status == "submitted"


def test_a_draft_can_be_deleted_after_confirmation(qtbot, world, ctx, runner) -> None:
    view = open_editor(qtbot, ctx, runner)
    rid = start_from_plan(qtbot, view, world)
    type_text(view.content, "写错了企业")
    assert view.delete_button.isVisible()
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert isinstance(view.dialog, ConfirmBox) and "德阳东方电机有限公司" in view.dialog.text()
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.dialog.yes_button.click()
    qtbot.waitUntil(lambda: view.stack.currentIndex() == 0)
    assert record(world, rid).deleted
    qtbot.waitUntil(lambda: view.drafts_model.find(lambda r: r.id == rid) < 0, timeout=6000)
    assert "已删除草稿" in view.start_banner.text()


def test_closing_a_blank_draft_leaves_no_junk_but_a_written_one_stays(qtbot, world, ctx, runner) -> None:
    view = open_editor(qtbot, ctx, runner)
    with qtbot.waitSignal(view.record_loaded, timeout=10000) as sig:
        view.new_record(world.enterprises["e2"])  # Ctrl+N on an enterprise page
    blank = sig.args[0]
    qtbot.mouseClick(view.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: record(world, blank).deleted, timeout=6000)

    rid = start_from_plan(qtbot, view, world)
    type_text(view.follow_up, "下周回访")
    qtbot.mouseClick(view.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: record(world, rid).follow_up == "下周回访", timeout=6000)
    qtbot.waitUntil(lambda: not runner.busy, timeout=6000)
    assert not record(world, rid).deleted
    qtbot.waitUntil(lambda: view.drafts_model.find(lambda r: r.id == rid) >= 0, timeout=6000)


def test_a_record_opens_at_its_top(qtbot, world, ctx, runner) -> None:
    view = open_editor(qtbot, ctx, runner)
    start_from_plan(qtbot, view, world)
    bar = view.body_scroll.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    with qtbot.waitSignal(view.record_loaded, timeout=10000):
        view.new_record(world.enterprises["e3"])  # another record
    assert bar.value() == 0


def test_closing_an_on_demand_service_offers_its_follow_up_visit(qtbot, world, ctx, runner) -> None:
    """Issue 12 §14 (seed 004 附录A): submitting a 定点服务 record asks to plan the 回访 on a
    suggested day; the plan made links back to the record, which then shows it."""
    from fieldkit.domain.follow_ups import suggested_follow_up
    from fieldkit.services.timeutil import local_today, to_local
    from fieldkit.ui.dialogs.plan_dialog import PlanDialog, from_qdate
    from fieldkit.ui.widgets.workflow_support import select_data

    view = open_editor(qtbot, ctx, runner)
    rid = start_from_plan(qtbot, view, world)
    select_data(view.kind, "ondemand")
    type_text(view.place, "园区企业服务中心")
    type_text(view.content, "协助办理环评批复变更")
    sign(qtbot, view.signature)
    confirm_submit(qtbot, view)
    qtbot.waitUntil(
        lambda: isinstance(view.dialog, ConfirmBox) and view.dialog.objectName() == "confirm_follow_up"
    )
    service_day = to_local(record(world, rid).visit_at).date()
    day = suggested_follow_up(service_day, local_today())
    assert day.isoformat() in view.dialog.text()
    view.dialog.yes_button.click()
    qtbot.waitUntil(lambda: isinstance(view.dialog, PlanDialog), timeout=10000)
    dlg = view.dialog
    assert from_qdate(dlg.date.date()) == day and dlg.theme.text().startswith("回访：")
    assert dlg.windowTitle() == "安排回访"
    with qtbot.waitSignal(view.record_loaded, timeout=10000):
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    with world.session() as s:
        plan = s.exec(select(VisitPlan).where(VisitPlan.follow_up_of == rid)).one()
    assert plan.planned_date == day and plan.enterprise_id == record(world, rid).enterprise_id
    qtbot.waitUntil(lambda: "回访（计划中）" in view.follow_up_label.text(), timeout=10000)
    assert day.isoformat() in view.follow_up_label.text() and view.follow_up_button.isHidden()
