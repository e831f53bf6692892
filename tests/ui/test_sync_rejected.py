"""A change the server refuses, against a real server: shown in the status bar and the list's
同步 column, listed with the server's reason, then fixed and sent again (重试) or given up (放弃)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlmodel import select

from fieldkit.config import Settings, attachments_dir
from fieldkit.models import Enterprise, OutboxEntry
from fieldkit.services import store
from fieldkit.ui.itemmodels.enterprise_table_model import COL
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.sync_controller import SyncController

from .sync_fixtures import Laptop, SyncServer, credit_code

BAD_CODE = "91510700MA0000000A"  # the check character is wrong: only the server refuses it here


def entries(lap: Laptop) -> list[tuple[str, str]]:
    with lap.session() as s:
        return [(e.row_id, e.state) for e in s.exec(select(OutboxEntry).order_by(OutboxEntry.seq)).all()]


def test_a_rejected_change_is_shown_fixed_and_sent_again_or_discarded(
    qtbot, runner, sync_server: SyncServer, laptops
):
    lap = laptops("a")
    lap.connect(sync_server)
    lap.sync()
    e1 = sync_server.enterprises["测试企业0001有限公司"]
    e2 = sync_server.enterprises["测试企业0002有限公司"]
    ctx = lap.context()
    with lap.session() as s:  # written straight to the store, as an older client could have
        for eid in (e1, e2):
            store.update(s, s.get(Enterprise, eid), ctx.actor, credit_code=BAD_CODE)
        s.commit()

    sync = SyncController(lap.engine, attachments_dir(lap.folder), health_poll_ms=60_000, interval_ms=600_000)
    win = MainWindow(ctx, runner, Settings(), None, lap.folder, sync=sync)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.sync.finished, timeout=120_000) as done:
        win.show()
    assert done.args[0].rejected == 2
    ind = win.sync_indicator
    qtbot.waitUntil(
        lambda: ind.rejected_label.isVisible() and ind.rejected_label.text() == "被退回 2 项", timeout=20_000
    )
    assert ind.pending_label.text() == "待同步 0 项"  # refused entries are not "waiting": they need a person
    view = win.show_view("enterprises")
    qtbot.waitUntil(lambda: view.model.row_of(e1) >= 0, timeout=20_000)

    def state_of(eid: str) -> str:
        return str(view.model.data(view.model.index(view.model.row_of(eid), COL["sync"])))

    qtbot.waitUntil(lambda: state_of(e1) == "被退回", timeout=20_000)

    qtbot.mouseClick(ind.rejected_label, Qt.MouseButton.LeftButton)
    dlg = win.rejected_dialog
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 2, timeout=20_000)
    assert dlg.width() <= 1366 and dlg.height() <= 768
    rows = [[dlg.table.item(r, c).text() for c in range(4)] for r in range(2)]
    assert rows[0][0] == "企业档案 · 测试企业0001有限公司"
    assert rows[0][1] == "修改" and rows[0][2] == "统一社会信用代码"
    reason = rows[0][3]
    assert reason and "credit_code" not in reason and "Traceback" not in reason

    # the user fixes the code, then sends the change again
    good = credit_code()
    with lap.session() as s:
        ctx.enterprises.update(s, s.get(Enterprise, e1), credit_code=good)
        s.commit()
    dlg.table.selectRow(0)
    with qtbot.waitSignal(dlg.changed, timeout=20_000):
        qtbot.mouseClick(dlg.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 1, timeout=20_000)
    # and gives the other one up
    dlg.table.selectRow(0)
    with qtbot.waitSignal(dlg.changed, timeout=20_000):
        dlg.discard_selected(confirm=False)
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 0, timeout=20_000)
    assert all(state == "pending" for _row, state in entries(lap))
    assert {row for row, _ in entries(lap)} == {e1}

    with qtbot.waitSignal(win.sync.finished, timeout=120_000) as again:
        win.act_sync.trigger()
    assert again.args[0].rejected == 0
    assert entries(lap) == []
    assert sync_server.row("enterprise", e1)["credit_code"] == good
    assert sync_server.row("enterprise", e2)["credit_code"] != BAD_CODE
    qtbot.waitUntil(lambda: not ind.rejected_label.isVisible(), timeout=20_000)
    view.refresh()
    qtbot.waitUntil(lambda: state_of(e1) == "已同步" and state_of(e2) == "已同步", timeout=20_000)
    dlg.close()


def _reasons(qtbot, win: MainWindow, n: int) -> list[str]:
    win.open_rejected()
    dlg = win.rejected_dialog
    qtbot.waitUntil(lambda: dlg.table.rowCount() == n, timeout=20_000)
    got = [dlg.table.item(r, 3).text() for r in range(n)]
    dlg.close()
    return got


def test_the_servers_reasons_are_shown_in_the_language_the_user_chose(
    qtbot, runner, language, sync_server: SyncServer, laptops
):
    """The server sends code + raw params beside its Chinese text: the list renders them in the
    window's language, a field by its label, and again in Chinese once the user switches back."""
    lap = laptops("a")
    lap.connect(sync_server)
    lap.sync()
    e1 = sync_server.enterprises["测试企业0001有限公司"]
    e2 = sync_server.enterprises["测试企业0002有限公司"]
    ctx = lap.context()
    with lap.session() as s:  # written straight to the store, as an older client could have
        store.update(s, s.get(Enterprise, e1), ctx.actor, credit_code=BAD_CODE)
        s.commit()  # its own action: one refusal does not take the other with it
    with lap.session() as s:
        long = s.get(Enterprise, e2)  # a name this program refuses: journalled as an older one did
        before, long.name = long.name, "长" * 201
        store.journal_update(s, long, ctx.actor, {"name": before}, {"name": long.name})
        s.commit()
    assert language.apply("en")
    sync = SyncController(lap.engine, attachments_dir(lap.folder), health_poll_ms=60_000, interval_ms=600_000)
    win = MainWindow(ctx, runner, Settings(), None, lap.folder, sync=sync)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.sync.finished, timeout=120_000) as done:
        win.show()
    assert done.args[0].rejected == 2
    with lap.session() as s:
        kept = {e.row_id: (e.error_code, e.error_params, e.error) for e in s.exec(select(OutboxEntry)).all()}
    assert kept[e2] == (
        "too_long",
        {"table": "enterprise", "field": "name", "length": 201, "limit": 200},
        "“企业名称”太长：201 个字符，最多 200 个；此修改未被接受，已留存",  # the server's text, kept
    )
    english = _reasons(qtbot, win, 2)
    assert english == [
        "Invalid unified social credit code",
        "“enterprise name” is too long: 201 characters, at most 200; the change was not applied and is kept",
    ]
    language.apply("zh_CN")
    assert _reasons(qtbot, win, 2) == [
        "统一社会信用代码无效",
        "“企业名称”太长：201 个字符，最多 200 个；此修改未被接受，已留存",
    ]


def test_states_and_actions_in_a_reason_are_named_by_their_translated_labels(language):
    from PySide6.QtCore import QCoreApplication

    from fieldkit.domain.reasons import render

    raw = {"action": "accept", "to": "in_progress", "old": "assigned", "state": "closed"}
    assert render("demand_moved", raw) == (
        "该诉求已由他人办理（当前状态：已办结）：本机在“已交办”时所做的承办未被接受，请放弃后按当前状态办理"
    )
    assert language.apply("en")
    text = render("demand_moved", raw)
    for label in ("承办", "已交办", "已办结"):
        assert QCoreApplication.translate("Demand", label) in text
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in text) and "in_progress" not in text
    assert render("proxy_transition", {"old": "accepted", "new": "completed"}) == (
        "A proxy service cannot go from “Accepted” to “Completed”"
    )
    assert render("service_item", {"codes": ["a.b", "c.d"]}).startswith("Service item “a.b, c.d”")
    assert render("no_such_code", {}, fallback="服务器的原文") == "服务器的原文"


def test_an_invalid_change_is_explained_by_its_fields_labels_in_either_language(language):
    """Reason ``invalid``: the fields by their labels in the interface language; one kept from an
    older server (a validator's technical ``detail``) shows a plain sentence, not the detail."""
    from fieldkit.domain.reasons import render
    from fieldkit.models import OutboxEntry
    from fieldkit.services.outbox import reason_text

    raw = {"table": "servicerecord", "fields": ["visit_at", "content", "no_such_column"]}
    assert (
        render("invalid", raw) == "“走访时间、服务内容、其他内容”填写不完整或格式不对；此修改未被接受，已留存"
    )
    old = OutboxEntry(
        table_name="servicerecord",
        row_id="r",
        op="update",
        error="数据不完整或格式不对：visit_at: datetime_from_date_parsing",
        error_code="invalid",
        error_params={"detail": "visit_at: datetime_from_date_parsing"},
    )
    assert reason_text(old) == "数据不完整或格式不对；此修改未被接受，已留存"
    assert language.apply("en")
    text = render("invalid", raw)
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in text), text
    assert "visit_at" not in text and "no_such_column" not in text
    assert "datetime" not in reason_text(old) and not any(
        "\u4e00" <= ch <= "\u9fff" for ch in reason_text(old)
    )
