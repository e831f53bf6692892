"""The start's first view: Today filled from the board read without the ORM
(:func:`fieldkit.services.today_sql.today_overview_sql`, :meth:`TodayView.show_first`) shows the
same tiles, counts and rows as Today loaded through the ORM, for an assistant and a supervisor; and
the view's module imports no ORM."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from fieldkit.config import db_path
from fieldkit.services.today_sql import today_overview_sql
from fieldkit.ui.views.today_view import TodayView

#: the policy card is filled by a load's second job (never by the first view)
BOARD_CARDS = ("plans_today", "plans_week", "demands", "not_visited", "proxies")
BOARD_TILES = ("plans_today", "demands_overdue", "not_visited", "proxies")


def _shown(view: TodayView) -> dict[str, object]:
    return {
        "heading": view.heading.text(),
        "subheading": view.subheading.text(),
        "tiles": {k: view.tile_value(k) for k in BOARD_TILES},
        "counts": {k: view.card_count_text(k) for k in BOARD_CARDS},
        "rows": {k: view.cards[k].texts() for k in BOARD_CARDS},
        "notes": {k: (view.cards[k].note.isVisible(), view.cards[k].note.text()) for k in view.cards},
        "sync": view.cards["sync"].note.text(),
    }


@pytest.mark.parametrize("who", ["ctx", "supervisor_ctx"])
def test_first_view_shows_what_the_orm_load_shows(qtbot, runner, fixture_world, request, who):  # type: ignore[no-untyped-def]
    ctx = request.getfixturevalue(who)
    orm_view = TodayView(ctx, runner)
    first_view = TodayView(ctx, runner)
    for v in (orm_view, first_view):
        qtbot.addWidget(v)
        v.resize(1300, 900)
        v.show()
    with qtbot.waitSignals([orm_view.loaded, orm_view.policies_loaded], timeout=20_000):
        orm_view.refresh()  # the automatic reminders first: the first view reads after them
    conn = sqlite3.connect(db_path(fixture_world.folder))
    try:
        ov = today_overview_sql(conn, ctx.scope_staff_id)
    finally:
        conn.close()
    with qtbot.waitSignal(first_view.loaded, timeout=5_000):
        first_view.show_first(ov)
    shown = _shown(first_view)
    assert shown == _shown(orm_view)
    assert any(shown["rows"].values())  # type: ignore[attr-defined]
    assert first_view.tile_value("policies") == "…"  # not read by the first view: said as loading


def test_today_view_imports_no_orm() -> None:
    code = (
        "import sys\n"
        "import fieldkit.ui.views.today_view\n"
        "print([m for m in ('sqlalchemy', 'sqlmodel', 'pydantic', 'fieldkit.models') if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]"]
