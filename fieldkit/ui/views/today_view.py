"""Today (工作台): what the field worker needs before driving out.

Today's and this week's visit plans, overdue and due-soon demands, enterprises not visited this
quarter, policy windows closing within 14 days with the enterprises they fit, proxy services
waiting, and the sync state. All of it is read in one service call on the runner
(:func:`~fieldkit.services.overview.today_overview`); the board is rebuilt on the GUI thread from
plain data. Before reading, the automatic 催办 of the demands whose deadline is near or past runs
as a service call in a transaction of its own
(:func:`~fieldkit.services.demands.remind_due_demands`; :attr:`TodayView.data_changed` follows
when it reminded any). When a plan is due today or a demand is about to go overdue the view emits
:attr:`TodayView.reminders_due` once a day (the main window shows it in the system tray).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.labels import label
from fieldkit.services.timeutil import fmt_date, fmt_datetime, local_today
from fieldkit.services.today_board import PolicyItem, TodayOverview
from fieldkit.ui.callbacks import weak
from fieldkit.ui.style import DANGER, MUTED, WARNING
from fieldkit.ui.workers import TaskRunner

if TYPE_CHECKING:
    from fieldkit.services.context import ServiceContext

# the services that read and write through the ORM are imported by refresh(): the view can be built
# and shown with a board read without the ORM (show_first, services.today_sql) before it is imported

log = logging.getLogger(__name__)

EnterpriseRole = Qt.ItemDataRole.UserRole + 1
#: on a plan item: the plan's id when the user may start its record (it is theirs and still open)
PlanRole = Qt.ItemDataRole.UserRole + 2
WEEKDAYS = (
    N("TodayView", "星期一"),
    N("TodayView", "星期二"),
    N("TodayView", "星期三"),
    N("TodayView", "星期四"),
    N("TodayView", "星期五"),
    N("TodayView", "星期六"),
    N("TodayView", "星期日"),
)


def day_text(d: date) -> str:
    """The day as "2026-11-22 星期日" (the weekday in the interface language)."""
    return f"{fmt_date(d)} {QCoreApplication.translate('TodayView', WEEKDAYS[d.weekday()])}"


class SectionList(QListWidget):
    """A card's list inside the scrolling page: a list that scrolls keeps the wheel to itself, even
    at its top or bottom, so one turn of the wheel never moves the list and the page at once. A list
    short enough to need no scrolling lets the wheel through to the page."""

    def wheelEvent(self, e: QWheelEvent) -> None:  # noqa: N802
        super().wheelEvent(e)
        if self.verticalScrollBar().maximum() > 0:
            e.accept()


class SectionCard(QFrame):
    """A titled card with a count and a short clickable list."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("card")
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.count = QLabel()
        self.count.setObjectName("cardCount")
        self.note = QLabel()
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.note.hide()
        self.list = SectionList()
        self.list.setObjectName("sectionList")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setMinimumHeight(120)
        self.empty = QLabel()
        self.empty.setObjectName("muted")
        head = self.head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.count)
        lay = self.body = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.addLayout(head)
        lay.addWidget(self.note)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.empty)

    def set_items(self, items: list[tuple[str, str | None, str | None]], empty_text: str) -> None:
        """items: (text, enterprise id, colour)."""
        self.list.clear()
        for text, eid, color in items:
            it = QListWidgetItem(text)
            it.setData(EnterpriseRole, eid)
            if color:
                it.setForeground(QColor(color))
            if eid:
                it.setToolTip(text)
            self.list.addItem(it)
        self.empty.setText(empty_text)
        self.empty.setVisible(not items)
        self.list.setVisible(bool(items))

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]


class StatTile(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.number = QLabel("–")
        self.number.setObjectName("bigNumber")
        self.caption = QLabel()
        self.caption.setObjectName("statCaption")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 8, 14, 8)
        lay.addWidget(self.number)
        lay.addWidget(self.caption)

    def set_value(self, n: int, danger: bool = False) -> None:
        self.number.setText(str(n))
        name = "bigNumberDanger" if danger and n else "bigNumber"
        if self.number.objectName() != name:
            self.number.setObjectName(name)
            self.number.style().unpolish(self.number)
            self.number.style().polish(self.number)


class TodayView(QWidget):
    open_enterprise = Signal(str)
    #: plan id → the window starts (or reopens) the record of that plan in the record editor
    record_from_plan = Signal(str)
    #: (title, message) for the tray notification; at most once a day
    reminders_due = Signal(str, str)
    #: the board was filled from a fresh load (the policy card may follow: policies_loaded)
    loaded = Signal()
    policies_loaded = Signal()
    #: the automatic 催办 wrote events (the window's sync indicator re-reads the outbox)
    data_changed = Signal()

    #: the main window reloads the board every time it is shown again
    refresh_on_show = True

    SECTIONS = ("plans_today", "plans_week", "demands", "not_visited", "policies", "proxies", "sync")

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.overview: TodayOverview | None = None
        self._policies: list[PolicyItem] | None = None
        self._notified_on: date | None = None
        self._request = 0

        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.subheading = QLabel()
        self.subheading.setObjectName("muted")
        self.tiles = {
            k: StatTile() for k in ("plans_today", "demands_overdue", "not_visited", "policies", "proxies")
        }
        tiles = QHBoxLayout()
        for t in self.tiles.values():
            tiles.addWidget(t)
        self.cards = {k: SectionCard(k) for k in self.SECTIONS}
        for card in self.cards.values():
            card.list.itemActivated.connect(self._item_activated)
            card.list.itemDoubleClicked.connect(self._item_activated)
        # a plan's visit is recorded from its item: the record closes the plan
        self.record_buttons: dict[str, QPushButton] = {}
        for key in ("plans_today", "plans_week"):
            card = self.cards[key]
            b = QPushButton()
            b.setObjectName(f"record_{key}")
            b.setEnabled(False)
            b.clicked.connect(lambda _c=False, k=key: self.start_record(k))
            card.list.currentItemChanged.connect(lambda _cur, _prev, k=key: self._update_record_button(k))
            card.body.addWidget(b, 0, Qt.AlignmentFlag.AlignLeft)
            self.record_buttons[key] = b
        grid = QGridLayout()
        grid.setSpacing(12)
        order = [
            ("plans_today", 0, 0),
            ("plans_week", 0, 1),
            ("demands", 0, 2),
            ("not_visited", 1, 0),
            ("policies", 1, 1),
            ("proxies", 1, 2),
        ]
        for key, r, c in order:
            grid.addWidget(self.cards[key], r, c)
        grid.addWidget(self.cards["sync"], 2, 0, 1, 3)
        sync = self.cards["sync"]
        sync.list.hide()
        sync.empty.hide()
        sync.note.show()
        sync.body.removeWidget(sync.list)
        sync.body.removeWidget(sync.empty)
        # one line: the title, then the state
        head = sync.head
        sync.body.removeWidget(sync.note)
        head.insertWidget(1, sync.note, 1)
        head.insertSpacing(1, 16)
        sync.setSizePolicy(sync.sizePolicy().horizontalPolicy(), QSizePolicy.Policy.Maximum)
        for c in range(3):
            grid.setColumnStretch(c, 1)

        body = QWidget()
        body_lay = QVBoxLayout(body)
        body_lay.setContentsMargins(16, 14, 16, 14)
        body_lay.setSpacing(12)
        body_lay.addWidget(self.heading)
        body_lay.addWidget(self.subheading)
        body_lay.addLayout(tiles)
        body_lay.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(scroll)
        self.retranslate()

    # -- contract ---------------------------------------------------------------------------------------------
    def title(self) -> str:
        return self.tr("工作台")

    def show_first(self, ov: TodayOverview) -> None:
        """Show a board read elsewhere (the start's first view:
        :func:`fieldkit.services.today_sql.today_overview_sql`, without the ORM); the policy card
        waits for the next :meth:`refresh`. Emits :attr:`loaded` like a load of its own."""
        self._request += 1
        self._on_loaded(self._request, ov)

    def attach(self, ctx: ServiceContext) -> None:
        """The signed-in context, for a view built on the start's first view
        (:class:`fieldkit.services.first_view.FirstView`: who is signed in, no services) before it."""
        self.ctx = ctx

    def refresh(self) -> None:
        if getattr(self.ctx, "actor", None) is None:  # the start's first view: loads once attached
            return
        from fieldkit.services.demands import remind_due_demands
        from fieldkit.services.overview import closing_policies, today_overview

        self._request += 1
        req = self._request
        ctx = self.ctx
        scope = ctx.scope_staff_id

        def load_board(view: TodayView, reminded: int) -> None:
            view.runner.read(
                ctx,
                today_overview,
                scope,
                include_policies=False,
                on_done=weak(view, lambda v, ov: board_done(v, reminded, ov)),
                on_error=weak(view, TodayView._on_error),
            )

        def remind_failed(
            view: TodayView, exc: BaseException
        ) -> None:  # the board still loads; the next load retries
            log.error("automatic reminders", exc_info=exc)
            load_board(view, 0)

        def board_done(view: TodayView, reminded: int, ov: TodayOverview) -> None:
            if reminded:
                view.data_changed.emit()
            view._on_loaded(req, ov)
            # one after the other: two CPU-bound Python jobs at once would share the GIL and both finish late.
            # Matching every closing policy against every enterprise in scope is the slow part for a
            # supervisor (10,000 enterprises: about a second), so it fills its card on its own
            view.runner.read(
                ctx,
                closing_policies,
                scope,
                local_today(),
                on_done=weak(view, lambda v, items: v._on_policies(req, items)),
                on_error=weak(view, TodayView._on_error),
            )

        # the automatic 催办 first, in a transaction of its own, so that the board shows the demands as reminded
        self.runner.write(
            ctx,
            remind_due_demands,
            ctx.actor,
            scope,
            on_done=weak(self, load_board),
            on_error=weak(self, remind_failed),
        )

    def retranslate(self) -> None:
        captions = {
            "plans_today": self.tr("今日计划"),
            "demands_overdue": self.tr("逾期诉求"),
            "not_visited": self.tr("本季度未走访"),
            "policies": self.tr("即将截止的政策"),
            "proxies": self.tr("待办帮办代办"),
        }
        for k, t in self.tiles.items():
            t.caption.setText(captions[k])
        titles = {
            "plans_today": self.tr("今日走访计划"),
            "plans_week": self.tr("本周走访计划"),
            "demands": self.tr("逾期和即将到期的诉求"),
            "not_visited": self.tr("本季度尚未走访的企业"),
            "policies": self.tr("14天内截止申报的政策"),
            "proxies": self.tr("等待办理的帮办代办"),
            "sync": self.tr("同步状态"),
        }
        for k, card in self.cards.items():
            card.title.setText(titles[k])
        for b in self.record_buttons.values():
            b.setText(self.tr("记录这次走访"))
            b.setToolTip(self.tr("为选中的计划填写走访记录；提交后计划即完成"))
        self._render()

    # -- loading ----------------------------------------------------------------------------------------------
    def _on_loaded(self, req: int, ov: TodayOverview) -> None:
        if req != self._request:
            return
        if self._policies is not None:
            ov.policies = self._policies
        self.overview = ov
        self._render()
        self._maybe_notify(ov)
        self.loaded.emit()

    def _on_policies(self, req: int, items: list[PolicyItem]) -> None:
        if req != self._request:
            return
        self._policies = items
        if self.overview is not None:
            self.overview.policies = items
            self._render()
        self.policies_loaded.emit()

    def _on_error(self, exc: BaseException) -> None:
        self.subheading.setText(self.tr("加载失败：{error}").format(error=exc))

    def _maybe_notify(self, ov: TodayOverview) -> None:
        plans, plans_overdue, demands_overdue, demands = ov.reminders()
        if (plans or plans_overdue or demands_overdue or demands) and self._notified_on != ov.today:
            self._notified_on = ov.today
            parts = []
            if plans_overdue:
                parts.append(self.tr("{n} 项走访计划已逾期").format(n=plans_overdue))
            if demands_overdue:
                parts.append(self.tr("{n} 项诉求已超过办理时限").format(n=demands_overdue))
            if plans:
                parts.append(self.tr("今天有 {n} 项走访计划").format(n=plans))
            if demands:
                parts.append(self.tr("{n} 项诉求即将超过办理时限").format(n=demands))
            self.reminders_due.emit(self.tr("FieldKit 工作提醒"), self.tr("，").join(parts))

    def _render(self) -> None:
        ov = self.overview
        staff = self.ctx.staff
        self.heading.setText(self.tr("{name}，您好").format(name=staff.name))
        if ov is None:
            self.subheading.setText(self.tr("正在加载…"))
            return
        self.subheading.setText(
            day_text(ov.today)
            + "  ·  "
            + (self.tr("全区") if self.ctx.is_supervisor else self.tr("我的包联企业"))
        )
        self.tiles["plans_today"].set_value(ov.plans_today_count)
        self.tiles["demands_overdue"].set_value(ov.demands_overdue, danger=True)
        self.tiles["not_visited"].set_value(ov.not_visited_count)
        if self._policies is not None:
            self.tiles["policies"].set_value(len(ov.policies))
        else:
            self.tiles["policies"].number.setText("…")
        self.tiles["proxies"].set_value(ov.proxies_count)

        c = self.cards
        c["plans_today"].count.setText(str(ov.plans_today_count))
        self._set_plans(
            "plans_today",
            ov.plans_today,
            False,
            self.tr("今天没有走访计划"),
            more=ov.plans_today_count - len(ov.plans_today),
        )
        week = ov.plans_week
        # overdue first (oldest first): they are what is late; then the week in date order
        overdue_ids = {p.id for p in ov.overdue_plans}
        c["plans_week"].count.setText(str(ov.plans_week_count))
        self._set_plans(
            "plans_week",
            ov.overdue_plans + [p for p in week if p.id not in overdue_ids],
            True,
            self.tr("本周没有走访计划"),
            more=ov.plans_week_count - len(week),
        )
        if ov.overdue_count:
            c["plans_week"].note.setText(self.tr("其中 {n} 项计划已逾期未走访").format(n=ov.overdue_count))
        c["plans_week"].note.setVisible(bool(ov.overdue_count))

        c["demands"].count.setText(
            self.tr("逾期 {a} · 即将到期 {b}").format(a=ov.demands_overdue, b=ov.demands_due_soon)
        )
        items: list[tuple[str, str | None, str | None]] = []
        for d in ov.demands:
            if d.overdue:
                when, color = self.tr("逾期{n}天").format(n=-(d.days_left or 0)), DANGER
            elif d.days_left == 0:
                when, color = self.tr("今天到期"), WARNING
            else:
                when, color = self.tr("剩{n}天").format(n=d.days_left), WARNING
            items.append(
                (
                    f"[{when}] {d.enterprise_name}：{_short(d.description)}（{label('demand_state', d.state)}）",
                    d.enterprise_id,
                    color,
                )
            )
        items += self._more(ov.demands_count - len(ov.demands))
        c["demands"].set_items(items, self.tr("没有逾期或即将到期的诉求"))

        c["not_visited"].count.setText(
            self.tr("{n} / {total} 家").format(n=ov.not_visited_count, total=ov.assigned_count)
        )
        more = ov.not_visited_count - len(ov.not_visited)
        # new assignments first: contact the enterprise and agree how to keep in touch (seed 000 §6.1)
        first: list[tuple[str, str | None, str | None]] = [
            (
                self.tr("[首次对接] {name}（{since} 起包联，请约定线上或线下对接）").format(
                    name=f.enterprise_name, since=fmt_date(f.since)
                ),
                f.enterprise_id,
                WARNING,
            )
            for f in ov.first_contacts
        ]
        first += self._more(ov.first_contacts_count - len(ov.first_contacts))
        c["not_visited"].set_items(
            first
            + [(name, eid, None) for eid, name in ov.not_visited]
            + ([(self.tr("……另有 {n} 家").format(n=more), None, MUTED)] if more > 0 else []),
            self.tr("本季度包联企业均已走访"),
        )
        if ov.first_contacts_count:
            c["not_visited"].note.setText(
                self.tr("{n} 家新包联企业尚未首次对接").format(n=ov.first_contacts_count)
            )
        c["not_visited"].note.setVisible(bool(ov.first_contacts_count))

        if self._policies is None:
            c["policies"].count.setText("…")
            c["policies"].set_items([], self.tr("正在匹配政策…"))
        else:
            self._render_policies(ov)
        self._render_rest(ov)

    def _render_policies(self, ov: TodayOverview) -> None:
        c = self.cards
        c["policies"].count.setText(str(len(ov.policies)))
        pitems: list[tuple[str, str | None, str | None]] = []
        for p in ov.policies:
            pitems.append(
                (
                    self.tr("{title}（{date} 截止，剩 {days} 天）· 适用 {n} 家").format(
                        title=p.title, date=fmt_date(p.window_end), days=p.days_left, n=p.match_count
                    ),
                    None,
                    DANGER if p.days_left <= 3 else None,
                )
            )
            for eid, name in p.matches[:5]:
                pitems.append(("    · " + name, eid, MUTED))
            if p.match_count > 5:
                pitems.append(("    " + self.tr("……另有 {n} 家").format(n=p.match_count - 5), None, MUTED))
        c["policies"].set_items(pitems, self.tr("近14天没有截止申报的政策"))

    def _render_rest(self, ov: TodayOverview) -> None:
        c = self.cards

        c["proxies"].count.setText(str(ov.proxies_count))
        c["proxies"].set_items(
            [
                (
                    f"{p.enterprise_name}：{p.item}（{label('proxy_status', p.status)}"
                    + (self.tr("，{date} 前办结").format(date=fmt_date(p.due_date)) if p.due_date else "")
                    + "）",
                    p.enterprise_id,
                    DANGER if p.due_date and p.due_date < ov.today else None,
                )
                for p in ov.proxies
            ]
            + self._more(ov.proxies_count - len(ov.proxies)),
            self.tr("没有等待办理的帮办代办"),
        )

        s = ov.sync
        if s.demo:
            sync_line = self.tr("演示数据（不同步）：修改只留在本机")
        else:
            sync_line = self.tr("待同步 {n} 项 · 冲突 {c} 项 · 上次同步：{last}").format(
                n=s.pending + s.errors,
                c=s.conflicts,
                last=_last_sync_text(s.last_sync) or self.tr("从未同步"),
            )
        c["sync"].note.setText(sync_line)
        c["sync"].note.setStyleSheet(f"color: {DANGER};" if s.conflicts else "")

    def _more(self, n: int) -> list[tuple[str, str | None, str | None]]:
        """The closing "and N more" line of a bounded list (the board shows the first
        :data:`~fieldkit.services.overview.SECTION_LIMIT` of each; the full lists are in their views)."""
        return [(self.tr("……还有 {n} 项").format(n=n), None, MUTED)] if n > 0 else []

    def _plan_text(self, p: Any, with_date: bool) -> tuple[str, str | None, str | None]:
        status = label("plan_status", p.status)
        prefix = f"{fmt_date(p.planned_date)} " if with_date else ""
        whose = self.tr("【{name}】").format(name=p.staff_name) if p.staff_name else ""
        text = f"{prefix}{whose}{p.enterprise_name} · {p.theme or label('plan_kind', p.kind)}（{status}）"
        return text, p.enterprise_id, DANGER if p.status == "overdue" else None

    def _set_plans(self, key: str, plans: list[Any], with_date: bool, empty: str, more: int = 0) -> None:
        card = self.cards[key]
        card.set_items([self._plan_text(p, with_date) for p in plans] + self._more(more), empty)
        for i, p in enumerate(plans):
            mine = p.staff_id == self.ctx.staff.id
            if mine and p.status in ("planned", "overdue"):
                card.list.item(i).setData(PlanRole, p.id)
        self._update_record_button(key)

    def _update_record_button(self, key: str) -> None:
        item = self.cards[key].list.currentItem()
        self.record_buttons[key].setEnabled(item is not None and bool(item.data(PlanRole)))

    def start_record(self, key: str) -> None:
        """Record the visit of the plan selected in the card ``key`` (the window opens the editor)."""
        item = self.cards[key].list.currentItem()
        plan_id = item.data(PlanRole) if item is not None else None
        if plan_id:
            self.record_from_plan.emit(plan_id)

    def _item_activated(self, item: QListWidgetItem) -> None:
        eid = item.data(EnterpriseRole)
        if eid:
            self.open_enterprise.emit(eid)

    # -- for tests ----------------------------------------------------------------------------------------------
    def card_count_text(self, key: str) -> str:
        return self.cards[key].count.text()

    def tile_value(self, key: str) -> str:
        return self.tiles[key].number.text()


def _short(text: str, n: int = 28) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _last_sync_text(value: str | None) -> str:
    if not value:
        return ""
    from datetime import datetime

    try:
        return fmt_datetime(datetime.fromisoformat(value))
    except ValueError:
        return value
