"""The Today board shows the first rows of a long list and says how many more there are."""

from __future__ import annotations

import pytest

from fieldkit.services import overview
from fieldkit.ui.views.today_view import TodayView


def test_long_lists_end_with_how_many_more(qtbot, ctx, runner, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(overview, "SECTION_LIMIT", 1)
    view = TodayView(ctx, runner)
    qtbot.addWidget(view)
    view.resize(1300, 900)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.refresh()
    demands = view.cards["demands"].texts()
    # the fixture's assistant has two due demands: the first is listed, the second counted
    assert len(demands) == 2 and demands[-1] == "……还有 1 项"
    assert view.card_count_text("demands") == "逾期 1 · 即将到期 1"
    proxies = view.cards["proxies"].texts()
    assert len(proxies) == 2 and proxies[-1] == "……还有 1 项"
    assert view.tile_value("proxies") == "2"
