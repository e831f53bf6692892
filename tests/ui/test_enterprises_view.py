"""Enterprises (一企一档) list: search-as-you-type with pinyin initials, filters, sorting, scale."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from fieldkit.services.enterprise_file import EnterpriseRow
from fieldkit.ui.itemmodels.enterprise_table_model import COL, EnterpriseTableModel
from fieldkit.ui.views.enterprises_view import EnterprisesView

MINE = {
    "华为技术有限公司",
    "德阳东方电机有限公司",
    "四川绿源食品有限公司",
    "成都云启软件有限公司",
    "旌阳新材料科技有限公司",
    "德阳安达物流有限公司",
}


def names(view: EnterprisesView) -> list[str]:
    return [r.name for r in view.model.rows()]


def loaded_view(qtbot, ctx, runner) -> EnterprisesView:
    view = EnterprisesView(ctx, runner)
    qtbot.addWidget(view)
    view.resize(1300, 700)
    view.show()
    with qtbot.waitSignal(view.results_shown, timeout=20_000):
        view.refresh()
    return view


def test_assistant_sees_assigned_enterprises_only(qtbot, ctx, runner):
    view = loaded_view(qtbot, ctx, runner)
    assert set(names(view)) == MINE
    assert view.count_label.text() == "共 6 家企业"


def test_supervisor_sees_the_zone(qtbot, supervisor_ctx, runner):
    view = loaded_view(qtbot, supervisor_ctx, runner)
    assert len(names(view)) == 8


def test_search_as_you_type_with_pinyin_initials(qtbot, ctx, runner):
    view = loaded_view(qtbot, ctx, runner)
    view.search.setFocus()
    qtbot.keyClicks(view.search, "hwjs")
    qtbot.waitUntil(lambda: names(view) == ["华为技术有限公司"], timeout=20_000)
    assert view.count_label.text() == "共 1 家企业"
    # Chinese text, a credit-code prefix and full pinyin work too
    view.search.setText("东方")
    qtbot.waitUntil(lambda: names(view) == ["德阳东方电机有限公司"], timeout=20_000)
    view.search.setText("yunqi")
    qtbot.waitUntil(lambda: names(view) == ["成都云启软件有限公司"], timeout=20_000)
    view.search.clear()
    qtbot.waitUntil(lambda: len(names(view)) == 6, timeout=20_000)


def test_each_keystroke_shows_the_latest_result_only(qtbot, ctx, runner):
    view = loaded_view(qtbot, ctx, runner)
    for text in ("h", "hw", "hwj", "hwjs"):
        view.search.setText(text)
        view.run_query()  # no debounce: four queries in flight
    qtbot.waitUntil(lambda: not runner.busy, timeout=20_000)
    assert names(view) == ["华为技术有限公司"]
    # a stale answer arriving late is dropped
    stale = [EnterpriseRow("x", "过期结果", "", "operation", "operating", "C", "small", "", "", (), "", None)]
    view._on_rows(view._request - 1, (stale, (0, False), stale))
    assert names(view) == ["华为技术有限公司"]


def set_filter(qtbot, view, combo, data) -> None:
    with qtbot.waitSignal(view.results_shown, timeout=20_000):
        combo.setCurrentIndex(combo.findData(data))


def test_filters(qtbot, ctx, runner):
    view = loaded_view(qtbot, ctx, runner)
    set_filter(qtbot, view, view.stage, "construction")
    assert names(view) == ["旌阳新材料科技有限公司"]
    view.clear_filters()
    qtbot.waitUntil(lambda: len(names(view)) == 6, timeout=20_000)
    set_filter(qtbot, view, view.status, "hibernating")
    assert names(view) == ["德阳安达物流有限公司"]
    view.clear_filters()
    set_filter(qtbot, view, view.industry, "I")
    assert set(names(view)) == {"华为技术有限公司", "成都云启软件有限公司"}
    set_filter(qtbot, view, view.scale, "large")  # filters combine
    assert names(view) == ["华为技术有限公司"]
    view.clear_filters()
    set_filter(qtbot, view, view.tag, "科技创新")
    assert set(names(view)) == {"华为技术有限公司", "成都云启软件有限公司"}
    view.clear_filters()
    qtbot.waitUntil(lambda: len(names(view)) == 6, timeout=20_000)
    with qtbot.waitSignal(view.results_shown, timeout=20_000):
        view.not_visited.setChecked(True)
    assert set(names(view)) == {
        "华为技术有限公司",
        "四川绿源食品有限公司",
        "旌阳新材料科技有限公司",
        "德阳安达物流有限公司",
    }


def test_sorting_by_clicking_headers(qtbot, ctx, runner):
    view = loaded_view(qtbot, ctx, runner)
    header = view.table.horizontalHeader()
    # names sort by pinyin: cheng < de < hua < jing < si
    assert names(view)[0] == "成都云启软件有限公司"
    assert names(view)[-1] == "四川绿源食品有限公司"
    view.table.sortByColumn(COL["name"], Qt.SortOrder.DescendingOrder)
    assert names(view)[0] == "四川绿源食品有限公司"
    assert header.sortIndicatorSection() == COL["name"]
    view.table.sortByColumn(COL["last_visit"], Qt.SortOrder.DescendingOrder)
    visited_first = names(view)[:2]
    assert set(visited_first) == {"德阳东方电机有限公司", "成都云启软件有限公司"}
    view.table.sortByColumn(COL["scale"], Qt.SortOrder.AscendingOrder)
    assert set(names(view)[:2]) == {"华为技术有限公司", "德阳东方电机有限公司"}
    # the display follows the sort and shows labels, not codes
    idx = view.model.index(0, COL["scale"])
    assert view.model.data(idx) == "大型"
    # a new search keeps the chosen order
    view.search.setText("有限公司")
    qtbot.waitUntil(lambda: not runner.busy and view.search.text() == "有限公司", timeout=20_000)
    qtbot.waitUntil(lambda: view.model.data(view.model.index(0, COL["scale"])) == "大型", timeout=20_000)


def test_opening_an_enterprise(qtbot, ctx, runner, fixture_world):
    view = loaded_view(qtbot, ctx, runner)
    view.search.setText("hwjs")
    qtbot.waitUntil(lambda: names(view) == ["华为技术有限公司"], timeout=20_000)
    with qtbot.waitSignal(view.open_enterprise) as sig:
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert sig.args == [fixture_world.enterprises["huawei"]]


def test_model_sorts_10000_rows(qtbot):
    """How long this takes is measured by bench/bench_ui.py (``model_10000_ms``), not asserted here."""
    model = EnterpriseTableModel()
    rows = [
        EnterpriseRow(
            f"id{i}",
            f"企业{i:05d}有限公司",
            f"91510600MA{i:08d}",
            "operation",
            "operating",
            "C",
            ("large", "medium", "small", "micro")[i % 4],
            "联系人",
            "13900000000",
            ("专精特新",),
            f"qiye{i:05d}",
            date(2026, 1, 1 + i % 28),
        )
        for i in range(10_000)
    ]
    model.set_rows(rows)
    model.sort(COL["scale"], Qt.SortOrder.DescendingOrder)
    ends = {model.data(model.index(0, COL["scale"])), model.data(model.index(9_999, COL["scale"]))}
    assert ends == {"大型", "微型"}  # sorted by scale: the largest at one end, the smallest at the other
    model.sort(COL["name"], Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == 10_000
    assert model.data(model.index(0, COL["name"])) == "企业00000有限公司"
    assert model.data(model.index(9_999, COL["name"])) == "企业09999有限公司"


QUERIES = [
    "",
    "d",
    "dy",
    "德阳",
    "有限",
    "hwjs",
    "HWJS",
    "huawei",
    "9151",
    "91510600ma",
    "139",
    "1390000000",
    "联系人1",
    "科技",
    "a",
    "_",
    "%",
    "（",
    "gongsi",
    "0838-",
    "  东方  ",
]


def _same_as_sql(session, rows, f):
    from fieldkit.services.enterprise_file import filter_rows
    from fieldkit.services.enterprises import search

    got = {r.id for r in filter_rows(rows, f)}
    want = {e.id for e in search(session, f)}
    return got, want


def test_in_memory_search_agrees_with_the_sql_search(fixture_world, demo_world):
    """The list filters its loaded rows in memory; the result must equal services.enterprises.search."""
    from fieldkit.db import session_factory
    from fieldkit.services.enterprise_file import last_onsite_visits, list_rows, quarter_start
    from fieldkit.services.enterprises import EnterpriseFilter

    for engine in (fixture_world.engine, demo_world.engine):
        with session_factory(engine)() as s:
            rows = list_rows(s, EnterpriseFilter(), last_onsite_visits(s))
            sample = rows[:: max(1, len(rows) // 7)]
            texts = (
                QUERIES
                + [r.name[:3] for r in sample]
                + [r.name_initials[:3] for r in sample]
                + [r.credit_code[:10] for r in sample]
                + [r.contact_phone[-6:] for r in sample]
            )
            for text in texts:
                got, want = _same_as_sql(s, rows, EnterpriseFilter(text=text))
                assert got == want, text
            for f in (
                EnterpriseFilter(stage="construction"),
                EnterpriseFilter(status="hibernating", text="d"),
                EnterpriseFilter(industry="C", scale="small"),
                EnterpriseFilter(tag="专精特新"),
                EnterpriseFilter(not_visited_since=quarter_start()),
                EnterpriseFilter(text="有限", not_visited_since=quarter_start(), scale="micro"),
            ):
                got, want = _same_as_sql(s, rows, f)
                assert got == want, f


def test_each_row_shows_its_sync_state_from_the_outbox_and_conflicts(qtbot, ctx, runner, fixture_world):
    """Synced / waiting / rejected / conflict follow from the facts (DHIS2 Capture's per-record states)."""
    from fieldkit.models import OutboxEntry
    from fieldkit.services import outbox

    huawei, lvyuan, dongfang = (fixture_world.enterprises[k] for k in ("huawei", "lvyuan", "dongfang"))
    with fixture_world.session() as s:  # a sync: the fixture's own entries were accepted by the server
        sent = outbox.pending(s, limit=100_000)
        outbox.mark_sent(s, sent)
        outbox.acknowledge(s, [e.mutation_id for e in sent])
        s.add(OutboxEntry(table_name="enterprise", row_id=lvyuan, op="update", changes={"notes": "待上传"}))
        s.add(
            OutboxEntry(
                table_name="enterprise",
                row_id=dongfang,
                op="update",
                changes={"notes": "x"},
                state="rejected",
                error="该企业已不在您的包联范围内",
            )
        )
        outbox.add_conflict(
            s,
            table_name="enterprise",
            row_id=huawei,
            field="contact_phone",
            local_value="13800000000",
            server_value="13900000000",
            server_version=3,
        )
        s.commit()
    view = loaded_view(qtbot, ctx, runner)
    model = view.model
    shown = {model.row_at(i).id: model.data(model.index(i, COL["sync"])) for i in range(model.rowCount())}
    assert shown[huawei] == "有冲突" and shown[lvyuan] == "待同步" and shown[dongfang] == "被退回"
    assert {v for k, v in shown.items() if k not in (huawei, lvyuan, dongfang)} == {"已同步"}
    assert model.headerData(COL["sync"], Qt.Orientation.Horizontal) == "同步"
