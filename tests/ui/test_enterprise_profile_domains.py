"""一企一档 domains, contact channel and derived behaviour tags on the enterprise page, and the tag
filter grouped by kind (issue 12 §15, §18)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

from fieldkit.models import Enterprise
from fieldkit.ui.views.enterprises_view import EnterprisesView
from tests.ui.test_enterprise_page import loaded_page
from tests.ui.workflow_fixtures import type_text


def test_domains_and_channel_are_edited_validated_and_saved(qtbot, ctx, runner, fixture_world):
    eid = fixture_world.enterprises["huawei"]
    page = loaded_page(qtbot, ctx, runner, eid)
    editor = page.profile
    assert "尚未约定对接方式" in [page.badges.itemAt(i).widget().text() for i in range(page.badges.count())]
    revenue = editor.domain_edits[("operations", "revenue")]
    type_text(revenue, "一千万")
    qtbot.keyClicks(editor.domain_edits[("ip", "invention_patents")], "12")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.error_text("profile.operations.revenue") != "", timeout=20_000)
    assert "万元" in editor.error_text("profile.operations.revenue")
    assert revenue.text() == "一千万" and revenue.property("hasError") is True  # what was typed stays
    revenue.clear()
    qtbot.keyClicks(revenue, "41,250.5")
    listing = editor.domain_edits[("listing", "listing_status")]
    listing.setCurrentIndex(listing.findData("preparing"))
    channel = editor.combos["contact_channel"]
    channel.setCurrentIndex(channel.findData("online"))
    with qtbot.waitSignal(page.page_loaded, timeout=20_000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    with fixture_world.session() as s:
        ent = s.get(Enterprise, eid)
        assert ent.contact_channel == "online"
        assert ent.profile == {
            "operations": {"revenue": 41250.5},
            "ip": {"invention_patents": 12},
            "listing": {"listing_status": "preparing"},
        }
    assert "线上对接" in [page.badges.itemAt(i).widget().text() for i in range(page.badges.count())]
    assert editor.changes() == {}  # the saved values read back as unchanged


def test_behaviour_tags_follow_the_records(qtbot, ctx, runner, fixture_world):
    """华为 has a demand collected just now: 近期提出诉求 is ticked and cannot be unticked by hand."""
    page = loaded_page(qtbot, ctx, runner, fixture_world.enterprises["huawei"])
    box = page.profile.tag_boxes["近期提出诉求"]
    assert box.isChecked() and not box.isEnabled()
    assert not page.profile.tag_boxes["近期参加活动"].isChecked()


def test_tag_filter_is_grouped_by_kind(qtbot, ctx, runner, fixture_world):
    view = EnterprisesView(ctx, runner)
    qtbot.addWidget(view)
    combo = view.tag
    texts = [combo.itemText(i) for i in range(combo.count())]
    headers = [i for i in range(combo.count()) if not combo.model().item(i).isEnabled()]
    assert [texts[i] for i in headers] == ["属性标签", "业务标签", "行为标签", "兴趣标签"]
    assert texts.index("行为标签") < texts.index("\u3000近期提出诉求") < texts.index("兴趣标签")
    assert combo.itemData(texts.index("\u3000近期提出诉求")) == "近期提出诉求"


def test_header_badges_are_never_cut_at_1366(qtbot, ctx, runner, fixture_world):
    """The page as a 1366×768 window leaves it (minus the navigation): every badge shows its whole
    text — they were squeezed beside the meta line and the buttons ("生产经", "近期提")."""
    page = loaded_page(qtbot, ctx, runner, fixture_world.enterprises["huawei"])
    # every derived behaviour tag at once (an enterprise busy this quarter), as the demo has them
    tags = ["近期提出诉求", "近期政策咨询", "近期办理业务", "近期参加活动"]
    page.data = dataclasses.replace(page.data, behaviour_tags=tags)
    page._render()
    page.resize(1366 - 180, 700)
    page.show()
    qtbot.waitExposed(page)
    badges = [page.badges.itemAt(i).widget() for i in range(page.badges.count())]
    assert len(badges) >= 9
    qtbot.waitUntil(lambda: all(b.isVisible() for b in badges), timeout=5_000)
    page.layout().activate()  # the geometry the page's layout gives each badge now, synchronously
    # the page fits the window's width (it grew to 1,795 px before: the window would squeeze it)
    assert page.minimumSizeHint().width() <= 1366 - 180 and page.width() <= 1366 - 180
    cut = [b.text() for b in badges if b.width() < b.sizeHint().width()]
    assert not cut, cut
