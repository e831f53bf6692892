"""The main window: navigation on the left, one view at a time on the right, the sync indicator in
the status bar.

VIEW CONTRACT (every view in ``fieldkit/ui/views/``, ours and those added later)
---------------------------------------------------------------------------------

``class XView(QWidget)`` with

- ``__init__(self, ctx: ServiceContext, runner: TaskRunner, parent=None)``: build widgets only; no
  database work in the constructor.
- ``refresh()``: reload the view's data **through the runner**: a service call with plain values,
  ``runner.read(ctx, fn, *args, on_done=..., on_error=...)`` (``runner.write`` for a unit of work
  that writes); the view never opens a session. The window calls it the first time the view is
  shown and on F5.
- ``title() -> str``: the translated navigation label (``self.tr("...")``, Chinese source text).
- ``retranslate()`` (recommended): re-set every visible text after a live language switch. A view
  without it is rebuilt in place (and refreshed) when the language changes.
- optional signals, connected by the window when present:
  ``open_enterprise = Signal(str)`` (enterprise id → the enterprise page),
  ``open_record = Signal(str)`` (service-record id → the record editor's ``edit_record(id)``),
  ``new_record_requested = Signal(str)`` (enterprise id → the editor's ``new_record(enterprise_id=...)``),
  ``record_from_plan = Signal(str)`` (plan id → the editor's ``new_record(plan_id=...)``),
  ``data_changed = Signal()`` (something was written → the sync indicator re-reads the outbox and
  the enterprise list reloads its rows and last-visit dates).
- the record editor (``RecordEditorView``) has the slots ``edit_record(record_id)`` and
  ``new_record(enterprise_id=None, plan_id=None)``.
- optional ``focus_search()``: Ctrl+F on that view puts the cursor in its search field.
- optional class attribute ``refresh_on_show = True``: reload every time the view is shown again
  (Today does, so that it reflects what was recorded elsewhere).
- optional ``save_sync()``: the window calls it when it closes (the record editor writes an
  unsaved draft there and then: the application is about to quit).

Views are registered in :data:`NAV` (key, view class, navigation title). Start-up builds only
Today and Enterprises; every other view is imported and built the first time it is opened
(:meth:`MainWindow.ensure_view`), so the window appears without loading every screen's
dependencies.
Until a view is built its navigation label is the registry title; afterwards ``title()``.
The supervisor view is listed only when ``ctx.is_supervisor``. Ctrl+1 … Ctrl+9 open the
navigation entries in order.

The automatic 催办 (:func:`fieldkit.services.demands.remind_due_demands`) runs whenever Today loads, and
once a day besides: :attr:`MainWindow.remind_timer` checks every few minutes whether the date has
changed since the last run (a laptop left open overnight, or woken from sleep, reminds the next
morning).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QSystemTrayIcon,
    QToolBar,
    QWidget,
)

from fieldkit.config import Settings, attachments_dir

# nothing here imports SQLAlchemy, SQLModel or the models: the start's first view builds the window's
# frame before they are imported (MainWindow(None, ..., first=...), then attach(ctx));
# tests/unit/test_startup_imports.py checks it. What needs them is imported where it is used.
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.labels import label
from fieldkit.services.timeutil import fmt_datetime, local_today
from fieldkit.services.today_board import SyncStatus
from fieldkit.ui.callbacks import weak
from fieldkit.ui.language import LanguageManager
from fieldkit.ui.style import DANGER, MUTED, OK, app_icon
from fieldkit.ui.views.today_view import TodayView
from fieldkit.ui.workers import TaskRunner

if TYPE_CHECKING:
    from fieldkit.services.context import ServiceContext
    from fieldkit.services.first_view import FirstView
    from fieldkit.ui.dialogs.global_search_dialog import GlobalSearchDialog
    from fieldkit.ui.sync_controller import SyncController
    from fieldkit.ui.views.enterprise_page import EnterprisePage
    from fieldkit.ui.views.record_editor import RecordEditorView

log = logging.getLogger(__name__)


#: a view class: ``cls(ctx, runner)`` builds the view (see the contract above)
ViewClass = Callable[["ServiceContext", TaskRunner], QWidget]


def error_text(exc: BaseException, **kw: Any) -> str:
    from fieldkit.ui.sync_texts import error_text as text

    return text(exc, **kw)


def summary_text(report: Any) -> str:
    from fieldkit.ui.sync_texts import summary_text as text

    return text(report)


def stop_downloads() -> None:
    """Photos still coming from the server stop (what arrived stays)."""
    from fieldkit.ui.attachment_fetcher import stop_all

    stop_all()


def call_view(view: QWidget | None, method: str, *args: Any) -> Any:
    """Call the optional contract method ``method`` of a view when it has it (None otherwise)."""
    fn = getattr(view, method, None)
    return fn(*args) if callable(fn) else None


def _enterprises_view() -> type[QWidget]:
    from fieldkit.ui.views.enterprises_view import EnterprisesView

    return EnterprisesView


def _plans_view() -> type[QWidget]:
    from fieldkit.ui.views.plans_view import PlansView

    return PlansView


def _record_editor() -> type[QWidget]:
    from fieldkit.ui.views.record_editor import RecordEditorView

    return RecordEditorView


def _demands_view() -> type[QWidget]:
    from fieldkit.ui.views.demands_view import DemandsView

    return DemandsView


def _proxy_view() -> type[QWidget]:
    from fieldkit.ui.views.proxy_view import ProxyView

    return ProxyView


def _policies_view() -> type[QWidget]:
    from fieldkit.ui.views.policies_view import PoliciesView

    return PoliciesView


def _evaluations_view() -> type[QWidget]:
    from fieldkit.ui.views.evaluations_view import EvaluationsView

    return EvaluationsView


def _supervisor_view() -> type[QWidget]:
    from fieldkit.ui.views.supervisor_view import SupervisorView

    return SupervisorView


@dataclass(frozen=True)
class NavEntry:
    key: str
    #: the view class; the views built on first use are imported then (start-up stays fast)
    view_class: Callable[[], ViewClass]
    title: str  # Chinese source text (context MainWindow), shown until the view is built
    supervisor_only: bool = False
    eager: bool = False  # built at start-up; the others on first use


#: navigation order
NAV: tuple[NavEntry, ...] = (
    NavEntry("today", lambda: TodayView, N("MainWindow", "工作台"), eager=True),
    NavEntry("enterprises", _enterprises_view, N("MainWindow", "企业档案"), eager=True),
    NavEntry("plans", _plans_view, N("MainWindow", "走访计划")),
    NavEntry("records", _record_editor, N("MainWindow", "走访记录")),
    NavEntry("demands", _demands_view, N("MainWindow", "诉求办理")),
    NavEntry("proxies", _proxy_view, N("MainWindow", "帮办代办")),
    NavEntry("policies", _policies_view, N("MainWindow", "惠企政策")),
    NavEntry("evaluations", _evaluations_view, N("MainWindow", "服务评价")),
    NavEntry("supervisor", _supervisor_view, N("MainWindow", "主管考核"), supervisor_only=True),
)
NAV_BY_KEY = {e.key: e for e in NAV}

SYNC_POLL_MS = 30_000
#: how often the window checks whether a new day has begun (for the daily automatic 催办)
DAY_CHECK_MS = 10 * 60_000


@dataclass(frozen=True)
class SyncFacts:
    """What the status bar and the sync actions show: the outbox's counts and the connection."""

    status: SyncStatus
    server_url: str
    login: str
    demo: bool


def sync_facts(session: Any) -> SyncFacts:
    from fieldkit.services.outbox import is_demo_store
    from fieldkit.services.overview import sync_status
    from fieldkit.sync import account

    st = account.status(session)
    return SyncFacts(sync_status(session), st.server_url or "", st.login or "", is_demo_store(session))


class SyncIndicator(QWidget):
    """Status-bar summary: online/offline, changes waiting, last sync, conflicts needing a decision
    and changes the server rejected (both clickable), and the running sync's progress."""

    conflicts_clicked = Signal()
    rejected_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.online_label = QLabel()
        self.online_label.setObjectName("syncOnline")
        self.progress_label = QLabel()
        self.progress_label.setObjectName("syncProgress")
        self.pending_label = QLabel()
        self.pending_label.setObjectName("syncPending")
        self.last_label = QLabel()
        self.last_label.setObjectName("syncLast")
        self.conflicts_label = QPushButton()
        self.conflicts_label.setObjectName("syncConflicts")
        self.conflicts_label.setFlat(True)
        self.conflicts_label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.conflicts_label.clicked.connect(self.conflicts_clicked)
        self.rejected_label = QPushButton()
        self.rejected_label.setObjectName("syncRejected")
        self.rejected_label.setFlat(True)
        self.rejected_label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.rejected_label.clicked.connect(self.rejected_clicked)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        for w in (
            self.progress_label,
            self.online_label,
            self.pending_label,
            self.last_label,
            self.conflicts_label,
            self.rejected_label,
        ):
            lay.addWidget(w)
        self.status: SyncStatus | None = None
        self.online: bool | None = None
        self.server_url = ""
        self.show_state()

    def set_status(self, status: SyncStatus) -> None:
        self.status = status
        self.show_state()

    def set_online(self, online: bool | None, server_url: str) -> None:
        self.online = online
        self.server_url = server_url
        self.show_state()

    def set_progress(self, text: str) -> None:
        self.progress_label.setText(text)

    def show_state(self) -> None:
        if self.online:
            self.online_label.setText(self.tr("● 在线"))
            self.online_label.setStyleSheet(f"color: {OK};")
            self.online_label.setToolTip(self.tr("可以连接服务器 {url}").format(url=self.server_url))
        else:
            self.online_label.setText(self.tr("● 离线"))
            self.online_label.setStyleSheet(f"color: {MUTED};")
            self.online_label.setToolTip(
                self.tr("未连接服务器")
                if not self.server_url
                else self.tr("无法连接服务器 {url}").format(url=self.server_url)
            )
        s = self.status
        if s is None:
            self.pending_label.setText(self.tr("待同步 …"))
            self.last_label.setText("")
            self.conflicts_label.setText("")
            self.rejected_label.hide()
            return
        if s.demo:
            # a demo store never syncs: nothing is "waiting", so no count that never goes down
            self.pending_label.setText(self.tr("演示数据（不同步）"))
            self.pending_label.setToolTip(
                self.tr("这是演示数据，修改只留在本机；连接服务器会在旁边新建工作数据")
            )
            self.last_label.setText("")
            self.conflicts_label.setText("")
            self.rejected_label.hide()
            return
        self.pending_label.setText(self.tr("待同步 {n} 项").format(n=s.pending))
        self.pending_label.setToolTip(self.tr("本机有 {n} 项修改等待上传到服务器").format(n=s.pending))
        if s.last_sync:
            last = fmt_datetime(datetime.fromisoformat(s.last_sync))
            self.last_label.setText(self.tr("上次同步：{when}").format(when=last))
        else:
            self.last_label.setText(self.tr("从未同步"))
        self.conflicts_label.setText(self.tr("冲突 {n} 项").format(n=s.conflicts))
        self.conflicts_label.setStyleSheet(f"color: {DANGER}; font-weight: bold;" if s.conflicts else "")
        self.conflicts_label.setToolTip(
            self.tr("需要您决定保留哪一方的修改：点击处理") if s.conflicts else self.tr("没有同步冲突")
        )
        self.rejected_label.setVisible(bool(s.errors))
        self.rejected_label.setText(self.tr("被退回 {n} 项").format(n=s.errors))
        self.rejected_label.setStyleSheet(f"color: {DANGER}; font-weight: bold;" if s.errors else "")
        self.rejected_label.setToolTip(self.tr("服务器没有接受这些修改：点击查看原因、重试或放弃"))


class MainWindow(QMainWindow):
    #: the first view has shown its data: the window is usable (for the start-up benchmark)
    first_view_loaded = Signal()
    #: attach() is done: the signed-in context is there (at once for a window built with one)
    window_attached = Signal()
    sync_status_updated = Signal(object)
    #: the daily automatic 催办 ran (how many demands it reminded)
    reminders_sent = Signal(int)

    def __init__(
        self,
        ctx: ServiceContext | None,
        runner: TaskRunner,
        settings: Settings | None = None,
        language: LanguageManager | None = None,
        folder: Path | None = None,
        parent: QWidget | None = None,
        sync: SyncController | None = None,
        *,
        first: FirstView | None = None,
    ) -> None:
        """The window for ``ctx``; or, with ``ctx`` None, its frame for ``first`` (the start's first
        view, read without the ORM): navigation, menus, status bar and Today showing ``first``'s
        board, everything else disabled until :meth:`attach` gives it the signed-in context."""
        super().__init__(parent)
        if ctx is None and first is None:
            raise TypeError("MainWindow needs a ServiceContext or a first view")
        #: the signed-in context (:attr:`ctx`): None until attach()
        self._ctx: ServiceContext | None = None
        #: who is signed in (the context, or before it the first view): .staff, .is_supervisor, .scope_staff_id
        self.viewer: Any = cast(Any, ctx if ctx is not None else first)
        self.runner = runner
        self.settings = settings or Settings(language=self.viewer.language)
        self.language = language
        self.folder = folder or (ctx.folder if ctx is not None else Path("."))
        self._sync: SyncController | None = None  # sync, built by attach()
        self.facts: SyncFacts | None = None
        #: set when the user asked to connect from the demo: the composition root then opens a
        #: real store beside the demo and shows its connect page
        self.connect_requested = False
        #: set when the server said this device is revoked: the window closes and the composition
        #: root wipes the local data (fieldkit.sync.revocation) and shows the first-run page
        self.revoked = False
        #: set after a restore from 备份与恢复: the composition root reopens the store and signs in again
        self.restart_requested = False
        self.backup_dialog: QWidget | None = None
        self.password_dialog: QWidget | None = None
        self.views: dict[str, QWidget] = {}
        self._classes: dict[str, ViewClass] = {}
        self._loaded: set[int] = set()
        self._history: list[QWidget] = []
        self._first_loaded = False
        self._first = first if ctx is None else None
        #: set when the first view's window could not be attached (it then closes; app.py's ordinary
        #: start follows and says what is wrong)
        self.attach_error: BaseException | None = None
        #: a navigation entry chosen before attach(): shown once the window is attached
        self._pending_view: str | None = None
        #: an enterprise or record opened from the frame's Today: opened once attached
        self._pending_open: Callable[[], Any] | None = None
        self.search_dialog: GlobalSearchDialog | None = None
        self.setWindowIcon(app_icon())
        screen = QGuiApplication.primaryScreen()
        avail = screen.availableGeometry() if screen is not None else None
        if avail is not None and avail.width() > 0:  # a 1366×768 laptop gets a window that fits
            self.resize(min(1360, avail.width() - 40), min(860, avail.height() - 60))
        else:
            self.resize(1360, 860)
        self.setMinimumSize(960, 600)

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(176)
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget()
        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._page: EnterprisePage | None = None
        for entry in NAV:
            if entry.supervisor_only and not self.viewer.is_supervisor:
                continue
            if entry.key == "today":  # Today first: the frame shows it (a board read without the ORM)
                self._classes[entry.key] = TodayView
                self._register_view(entry.key, TodayView(self.viewer, runner))
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._nav_changed)

        self._build_actions()
        self._build_status_bar()
        self._build_tray()
        today = self.views.get("today")
        if today is not None and hasattr(today, "loaded"):
            today.loaded.connect(self._view_loaded)
        if today is not None and hasattr(today, "reminders_due"):
            today.reminders_due.connect(self.notify)

        self._sync_timer = QTimer(self)
        self._sync_timer.timeout.connect(self.refresh_sync_status)
        self.remind_timer = QTimer(self)
        self.remind_timer.timeout.connect(self.check_new_day)
        self._reminded_on: object = None
        self.idle_lock: Any = None
        if language is not None:
            language.language_changed.connect(self._language_changed)
        if ctx is None:
            # until attach(): Today only, what it shows read already; the actions wait (their states kept)
            self._held = [(a, a.isEnabled()) for a in self.actions()]
            for a, _enabled in self._held:
                a.setEnabled(False)
            self._loaded.update(id(v) for v in self.views.values())
            assert first is not None
            self.sync_indicator.set_status(first.sync)
        self.retranslate()
        self.nav.setCurrentRow(0)
        if ctx is not None:
            self.attach(ctx, sync)

    @property
    def attached(self) -> bool:
        """The signed-in context is there: every view, action, the sync and the idle lock work."""
        return self._ctx is not None

    @property
    def ctx(self) -> ServiceContext:
        """The signed-in context the views and services use (the frame's actions wait for attach())."""
        if self._ctx is None:
            raise RuntimeError("the window is not attached yet")
        return self._ctx

    @property
    def sync(self) -> SyncController:
        """The background sync (health poll, periodic and 立即同步), never on the GUI thread; built by attach()."""
        if self._sync is None:
            raise RuntimeError("the window is not attached yet")
        return self._sync

    @property
    def first_view(self) -> FirstView | None:
        """The first view this frame shows until :meth:`attach` (None once attached, or never framed)."""
        return self._first

    def show_first(self) -> None:
        """The frame's Today shows the first view's board (it emits :attr:`first_view_loaded`)."""
        today = self.views.get("today")
        if self._first is not None and isinstance(today, TodayView):
            today.show_first(self._first.overview)

    def attach(self, ctx: ServiceContext, sync: SyncController | None = None) -> None:
        """The signed-in context (the ORM's): the other start-up views, the sync, the timers, the
        daily 催办 and the idle lock; a frame's Today loads again through the services (its
        reminders, the policy card) and a view chosen meanwhile is shown."""
        from fieldkit.services.signin_throttle import SignInThrottle
        from fieldkit.ui.idle_lock import IdleLock, clamp_minutes
        from fieldkit.ui.sync_controller import SyncController

        if self._ctx is not None:
            raise RuntimeError("the window is attached already")
        framed = self._first is not None
        self._ctx = ctx
        self.viewer = ctx
        self._first = None
        if self.folder == Path(".") and framed:
            self.folder = ctx.folder
        self._sync = sync or SyncController(
            ctx.engine, attachments_dir(self.folder), parent=self, key=ctx.key
        )
        self.sync.setParent(self)
        today = self.views.get("today")
        if isinstance(today, TodayView):
            today.attach(ctx)
        if not framed and today is not None:
            # the first view's data loads on the pool while the window is being built
            self._ensure_loaded(today)
        keys = self.nav_keys()
        for entry in NAV:
            if entry.eager and entry.key not in self.views and entry.key in keys:
                cls = entry.view_class()
                self._classes[entry.key] = cls
                self._register_view(entry.key, cls(ctx, self.runner))
        for a, enabled in getattr(self, "_held", []):
            a.setEnabled(enabled)
        self._held = []
        self._sync_timer.start(SYNC_POLL_MS)
        # Today reminds whenever it loads (it is loaded at start-up); the timer does it once a day
        self._reminded_on = local_today() if "today" in self.views else None
        self.remind_timer.start(DAY_CHECK_MS)
        self.retranslate()
        self._connect_sync()
        self.refresh_sync_status()
        self.sync.start()
        self.check_new_day()
        #: locks the window after the idle time of the settings, and on suspend (see idle_lock)
        self.idle_lock = IdleLock(
            self,
            ctx,
            self.runner,
            ctx.staff.login,
            SignInThrottle(self.folder),
            timeout_ms=clamp_minutes(self.settings.idle_lock_minutes) * 60_000,
        )
        if framed and today is not None:
            call_view(today, "refresh")  # the reminders first, then the board and its policy card
        pending, self._pending_view = self._pending_view, None
        if pending is not None:
            self.show_view(pending)
        opened, self._pending_open = self._pending_open, None
        if opened is not None:
            opened()
        self.window_attached.emit()

    def _held_until_attached(self, fn: Callable[[], Any]) -> bool:
        """On the frame (not attached yet) ``fn`` is kept to run once attached (the last asked
        wins), and True is returned; False on an attached window (the caller goes on)."""
        if self._ctx is not None:
            return False
        self._pending_open = fn
        return True

    # -- views ------------------------------------------------------------------------------------------------
    def _register_view(self, key: str, view: QWidget, index: int | None = None) -> None:
        view.setObjectName(f"view_{key}")
        self.views[key] = view
        if index is None:
            self.stack.addWidget(view)
        else:
            self.stack.insertWidget(index, view)
        self._connect(view)

    def ensure_view(self, key: str) -> QWidget | None:
        """The view of navigation entry ``key``, built on first use (None when it cannot be loaded)."""
        if key in self.views:
            return self.views[key]
        if self._ctx is None:  # the frame: shown once attached
            self._pending_view = key
            return None
        entry = NAV_BY_KEY.get(key)
        if entry is None or key not in self.nav_keys():
            return None
        cls = entry.view_class()
        self._classes[key] = cls
        self._register_view(key, cls(self.ctx, self.runner))
        self._update_nav_texts()
        return self.views[key]

    @property
    def page(self) -> EnterprisePage:
        """The enterprise page, built the first time an enterprise is opened."""
        if self._page is None:
            from fieldkit.ui.views.enterprise_page import EnterprisePage

            page = EnterprisePage(self.ctx, self.runner)
            page.setObjectName("enterprisePage")
            self.stack.addWidget(page)
            self._connect(page)
            page.back_requested.connect(self.go_back)
            self._page = page
        return self._page

    def _connect(self, view: QWidget) -> None:
        if hasattr(view, "open_enterprise"):
            view.open_enterprise.connect(self.open_enterprise)
        if hasattr(view, "open_record"):
            view.open_record.connect(self.open_record)
        if hasattr(view, "new_record_requested"):
            view.new_record_requested.connect(lambda eid: self.new_record(enterprise_id=eid))
        if hasattr(view, "record_from_plan"):
            view.record_from_plan.connect(lambda pid: self.new_record(plan_id=pid))
        if hasattr(view, "data_changed"):
            view.data_changed.connect(self._data_written)
        if hasattr(view, "enterprise_saved"):
            view.enterprise_saved.connect(lambda _eid: self._data_written())

    def nav_keys(self) -> list[str]:
        return [self.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.nav.count())]

    def show_view(self, key: str) -> QWidget | None:
        keys = self.nav_keys()
        if key not in keys:
            return None
        self.nav.setCurrentRow(keys.index(key))
        self._nav_changed(keys.index(key))
        return self.views.get(key)

    def current_view(self) -> QWidget | None:
        return self.stack.currentWidget()

    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self.nav.item(row).data(Qt.ItemDataRole.UserRole)
        view = self.ensure_view(key)
        if view is None:
            return
        current = self.stack.currentWidget()
        shown_again = current is not view
        if shown_again:
            if current is not None:
                self._history.append(current)
            self.stack.setCurrentWidget(view)
        self._ensure_loaded(view, shown_again)

    def _ensure_loaded(self, view: QWidget, shown_again: bool = False) -> None:
        if id(view) not in self._loaded:
            self._loaded.add(id(view))
            call_view(view, "refresh")
        elif shown_again and getattr(view, "refresh_on_show", False):
            call_view(view, "refresh")

    def _view_loaded(self) -> None:
        if not self._first_loaded:
            self._first_loaded = True
            self.first_view_loaded.emit()

    def open_enterprise(self, enterprise_id: str) -> None:
        if self._held_until_attached(partial(self.open_enterprise, enterprise_id)):
            return
        current = self.stack.currentWidget()
        if current is not None and current is not self.page:
            self._history.append(current)
        self._select_nav_silently("enterprises")
        self.page.load(enterprise_id)
        self.stack.setCurrentWidget(self.page)

    def go_back(self) -> None:
        while self._history:
            w = self._history.pop()
            if w is not None and w is not self._page and self.stack.indexOf(w) >= 0:
                key = next((k for k, v in self.views.items() if v is w), None)
                if key:
                    self._select_nav_silently(key)
                self.stack.setCurrentWidget(w)
                return
        self.show_view("enterprises")

    def _select_nav_silently(self, key: str) -> None:
        keys = self.nav_keys()
        if key in keys:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(keys.index(key))
            self.nav.blockSignals(False)

    def record_editor(self) -> RecordEditorView:
        """The record editor (built on first use)."""
        from fieldkit.ui.views.record_editor import RecordEditorView

        editor = self.ensure_view("records")
        assert isinstance(editor, RecordEditorView)
        return editor

    def open_record(self, record_id: str) -> None:
        if self._held_until_attached(partial(self.open_record, record_id)):
            return
        editor = self.record_editor()
        self.show_view("records")
        editor.edit_record(record_id)

    def new_record(self, enterprise_id: str | None = None, plan_id: str | None = None) -> None:
        if self._held_until_attached(partial(self.new_record, enterprise_id, plan_id)):
            return
        editor = self.record_editor()
        if enterprise_id is None and self._page is not None and self.stack.currentWidget() is self._page:
            enterprise_id = self.page.enterprise_id
        self.show_view("records")
        editor.new_record(enterprise_id=enterprise_id, plan_id=plan_id)

    def refresh_current(self) -> None:
        call_view(self.stack.currentWidget(), "refresh")
        self.refresh_sync_status()

    def find_in_view(self) -> None:
        w = self.stack.currentWidget()
        if w is not self._page and hasattr(w, "focus_search") and w is not self.views.get("today"):
            call_view(w, "focus_search")
            return
        call_view(self.show_view("enterprises"), "focus_search")

    def global_search(self) -> None:
        """Ctrl+K: search enterprises, records, demands and policies at once (one dialog, reused)."""
        from fieldkit.ui.dialogs.global_search_dialog import GlobalSearchDialog

        if self.search_dialog is None:
            self.search_dialog = GlobalSearchDialog(self.ctx, self.runner, self)
            self.search_dialog.open_requested.connect(self.open_search_hit)
        self.search_dialog.show()
        self.search_dialog.raise_()
        self.search_dialog.activateWindow()
        self.search_dialog.edit.setFocus()
        self.search_dialog.edit.selectAll()

    def open_search_hit(self, kind: str, row_id: str, enterprise_id: str) -> None:
        if kind == "enterprise":
            self.open_enterprise(row_id)
        elif kind == "record":
            self.open_record(row_id)
        elif kind == "demand":
            call_view(self.show_view("demands"), "select_demand", row_id)
        elif kind == "policy":
            call_view(self.show_view("policies"), "select_policy", row_id)

    def _data_written(self) -> None:
        self.refresh_sync_status()
        ents = self.views.get("enterprises")
        if ents is not None and id(ents) in self._loaded:
            call_view(ents, "refresh")

    # -- actions, menus, toolbar ------------------------------------------------------------------------------
    def _action(
        self,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: Callable[[], Any],
        name: str,
    ) -> QAction:
        a = QAction(self)
        a.setObjectName(name)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        a.triggered.connect(lambda _checked=False: slot())
        self.addAction(a)
        return a

    def _build_actions(self) -> None:
        self.act_settings = self._action("Ctrl+,", self.open_settings, "act_settings")
        self.act_settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.act_quit = self._action(QKeySequence.StandardKey.Quit, self.close, "act_quit")
        self.act_backups = self._action(None, self.open_backups, "act_backups")
        self.act_password = self._action(None, self.change_password, "act_password")
        self.act_refresh = self._action("F5", self.refresh_current, "act_refresh")
        self.act_find = self._action("Ctrl+F", self.find_in_view, "act_find")
        self.act_global_search = self._action("Ctrl+K", self.global_search, "act_global_search")
        self.act_new_record = self._action("Ctrl+N", self.new_record, "act_new_record")
        self.act_new_record.setEnabled("records" in self.nav_keys())
        self.act_back = self._action("Alt+Left", self.go_back, "act_back")
        self.act_sync = self._action("Ctrl+R", self.sync_now, "act_sync")
        self.act_sync.setEnabled(False)  # until the store is known to be connected
        self.act_connect = self._action(None, self.connect_server, "act_connect")
        self.act_connect.setVisible(False)
        self.act_conflicts = self._action(None, self.open_conflicts, "act_conflicts")
        self.act_rejected = self._action(None, self.open_rejected, "act_rejected")
        self.act_about = self._action(None, self.about, "act_about")
        self.view_actions: list[QAction] = []
        for i, key in enumerate(self.nav_keys()[:9]):
            a = self._action(f"Ctrl+{i + 1}", partial(self.show_view, key), f"act_view_{key}")
            self.view_actions.append(a)

        mb = self.menuBar()
        self.menu_file = mb.addMenu("")
        self.menu_file.addAction(self.act_settings)
        self.menu_file.addAction(self.act_backups)
        self.menu_file.addAction(self.act_password)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_go = mb.addMenu("")
        for a in self.view_actions:
            self.menu_go.addAction(a)
        self.menu_go.addSeparator()
        self.menu_go.addAction(self.act_back)
        self.menu_go.addAction(self.act_refresh)
        self.menu_work = mb.addMenu("")
        self.menu_work.addAction(self.act_find)
        self.menu_work.addAction(self.act_global_search)
        self.menu_work.addAction(self.act_new_record)
        self.menu_work.addSeparator()
        self.menu_work.addAction(self.act_sync)
        self.menu_work.addAction(self.act_connect)
        self.menu_work.addAction(self.act_conflicts)
        self.menu_work.addAction(self.act_rejected)
        self.menu_help = mb.addMenu("")
        self.menu_help.addAction(self.act_about)

        tb = QToolBar()
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (
            self.act_refresh,
            self.act_global_search,
            self.act_find,
            self.act_new_record,
            self.act_sync,
            self.act_connect,
            self.act_settings,
        ):
            tb.addAction(a)
        self.toolbar = tb
        self.addToolBar(tb)

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.user_label = QLabel()
        self.busy_label = QLabel()
        self.busy_label.setObjectName("muted")
        self.sync_indicator = SyncIndicator()
        sb.addWidget(self.user_label)
        sb.addWidget(self.busy_label)
        sb.addPermanentWidget(self.sync_indicator)
        # a temporary message is painted over the normal widgets, not instead of them: hidden meanwhile
        sb.messageChanged.connect(self._status_message)
        self.sync_indicator.conflicts_clicked.connect(self.open_conflicts)
        self.sync_indicator.rejected_clicked.connect(self.open_rejected)
        self.runner.busy_changed.connect(self._busy)

    def _status_message(self, text: str) -> None:
        for w in (self.user_label, self.busy_label):
            w.setVisible(not text)

    def _tray_activated(self, _reason: QSystemTrayIcon.ActivationReason) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def _busy(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("正在加载…") if busy else "")

    def _build_tray(self) -> None:
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(app_icon(), self)
            self.tray.activated.connect(self._tray_activated)
            self.tray.show()
        self.last_notification: tuple[str, str] | None = None

    def notify(self, title: str, message: str) -> None:
        """A tray balloon when the desktop has a tray; always remembered and shown in the status bar."""
        self.last_notification = (title, message)
        if self.tray is not None and QSystemTrayIcon.supportsMessages():
            self.tray.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 10_000)
        self.statusBar().showMessage(message, 15_000)

    def retranslate(self) -> None:
        lock = getattr(self, "idle_lock", None)
        if lock is not None:
            lock.dialog.retranslate()
        staff = self.viewer.staff
        self.setWindowTitle(self.tr("FieldKit 企业服务助手 — {name}").format(name=staff.name))
        self.menu_file.setTitle(self.tr("文件(&F)"))
        self.menu_go.setTitle(self.tr("视图(&V)"))
        self.menu_work.setTitle(self.tr("工作(&W)"))
        self.menu_help.setTitle(self.tr("帮助(&H)"))
        self.act_settings.setText(self.tr("设置…"))
        self.act_backups.setText(self.tr("备份与恢复…"))
        self.act_backups.setToolTip(self.tr("查看自动备份、立即备份、导出整份数据或恢复一份备份"))
        self.act_password.setText(self.tr("修改密码…"))
        self.act_password.setToolTip(self.tr("修改本机登录密码（离线登录、解锁和备份用）"))
        self.act_settings.setToolTip(self.tr("数据文件夹、界面语言和服务器（Ctrl+,）"))
        self.act_quit.setText(self.tr("退出"))
        self.act_refresh.setText(self.tr("刷新"))
        self.act_refresh.setToolTip(self.tr("重新加载当前页面（F5）"))
        self.act_find.setText(self.tr("查找企业"))
        self.act_find.setToolTip(self.tr("搜索企业名称、拼音首字母或信用代码（Ctrl+F）"))
        self.act_global_search.setText(self.tr("全局搜索"))
        self.act_global_search.setToolTip(self.tr("同时搜索企业、服务记录、诉求和政策的内容（Ctrl+K）"))
        if self.search_dialog is not None:
            self.search_dialog.retranslate()
        self.act_new_record.setText(self.tr("新建走访记录"))
        self.act_new_record.setToolTip(
            self.tr("新建走访记录（Ctrl+N）")
            if self.act_new_record.isEnabled()
            else self.tr("走访记录编辑器尚未提供")
        )
        self.act_back.setText(self.tr("返回"))
        self.act_sync.setText(self.tr("立即同步"))
        self.act_connect.setText(self.tr("连接服务器…"))
        self.act_connect.setToolTip(
            self.tr("演示数据不会上传。连接服务器会在旁边新建一份工作数据，演示数据保持不变。")
        )
        self.act_conflicts.setText(self.tr("处理同步冲突…"))
        self.act_rejected.setText(self.tr("被退回的修改…"))
        self._sync_actions()
        self.act_about.setText(self.tr("关于 FieldKit"))
        self._update_nav_texts()
        role = (
            label("specialist_type", staff.specialist_type)
            if not self.viewer.is_supervisor
            else label("role", staff.role)
        )
        self.user_label.setText(self.tr("当前用户：{name}（{role}）").format(name=staff.name, role=role))
        self.sync_indicator.show_state()

    def _nav_title(self, entry: NavEntry) -> str:
        view = self.views.get(entry.key)
        if view is not None:
            return str(call_view(view, "title"))
        return QCoreApplication.translate("MainWindow", entry.title)

    def _update_nav_texts(self) -> None:
        for i in range(self.nav.count()):
            item = self.nav.item(i)
            title = self._nav_title(NAV_BY_KEY[item.data(Qt.ItemDataRole.UserRole)])
            item.setText(title)
            if i < 9:
                item.setToolTip(f"{title} (Ctrl+{i + 1})")
        for a, key in zip(self.view_actions, self.nav_keys(), strict=False):
            a.setText(self._nav_title(NAV_BY_KEY[key]))

    def _language_changed(self, lang: str) -> None:
        self.viewer.language = lang
        for key in list(self.views):
            view = self.views[key]
            if hasattr(view, "retranslate"):
                view.retranslate()
            else:
                self._rebuild_view(key)
        if self._page is not None:
            self._page.retranslate()
        self.retranslate()

    def _rebuild_view(self, key: str) -> None:
        old = self.views[key]
        index = self.stack.indexOf(old)
        current = self.stack.currentWidget() is old
        new = self._classes[key](self.ctx, self.runner)
        self._register_view(key, new, index)
        self.stack.removeWidget(old)
        self._history = [w for w in self._history if w is not old]
        self._loaded.discard(id(old))
        old.deleteLater()
        if current:
            self.stack.setCurrentWidget(new)
            self._ensure_loaded(new)

    # -- sync indicator ---------------------------------------------------------------------------------------
    def refresh_sync_status(self) -> None:
        if self._ctx is None:  # the frame shows the first view's figures until attached
            return
        self.runner.read(
            self.ctx,
            sync_facts,
            on_done=weak(self, MainWindow._sync_loaded),
            on_error=lambda exc: log.warning("sync status: %s", exc),
        )

    def _sync_loaded(self, facts: SyncFacts) -> None:
        self.facts = facts
        if facts.demo:
            self.sync.set_demo(True)  # a demo store never starts a sync
        self.sync_indicator.set_status(facts.status)
        if not facts.server_url:
            self.sync_indicator.set_online(None, "")
        self._sync_actions()
        self.sync_status_updated.emit(facts.status)

    def _sync_actions(self) -> None:
        """立即同步 when the store is connected; 连接服务器… on a demo or a store never connected."""
        f = self.facts
        connected = f is not None and bool(f.server_url) and not f.demo
        running = self._sync is not None and self._sync.running
        self.act_sync.setEnabled(connected and not running and self.attached)
        self.act_connect.setVisible(f is not None and not connected)
        if running:
            tip = self.tr("正在同步…")
        elif connected and f is not None:
            tip = self.tr("与服务器 {url} 同步（Ctrl+R）").format(url=f.server_url)
        elif f is not None and f.demo:
            tip = self.tr("演示数据不会同步到服务器；请用“连接服务器…”新建工作数据")
        else:
            tip = self.tr("尚未连接服务器；所有修改都已保存在本机")
        self.act_sync.setToolTip(tip)
        self.act_sync.setStatusTip(tip)

    # -- background sync ----------------------------------------------------------------------------------
    def _connect_sync(self) -> None:
        c = self.sync
        c.online_changed.connect(self._online_changed)
        c.started.connect(self._sync_started)
        from fieldkit.ui.sync_texts import progress_text

        c.progress.connect(lambda p: self.sync_indicator.set_progress(progress_text(p)))
        c.finished.connect(self._sync_finished)
        c.failed.connect(self._sync_failed)
        c.data_pulled.connect(self.reload_after_sync)
        c.auth_required.connect(self.ask_sign_in_again)
        c.device_revoked.connect(self.device_revoked)
        c.incompatible.connect(self._incompatible)

    def sync_now(self) -> None:
        self.sync.sync_now()

    def _online_changed(self, ok: bool | None) -> None:
        self.sync_indicator.set_online(ok, self.sync.server_url)

    def _sync_started(self) -> None:
        self.sync_indicator.set_progress(self.tr("正在同步…"))
        self._sync_actions()

    def _sync_finished(self, report: Any) -> None:
        self.sync_indicator.set_progress("")
        self.statusBar().showMessage(summary_text(report), 15_000)
        self._sync_actions()
        self.refresh_sync_status()

    def _sync_failed(self, exc: BaseException) -> None:
        self.sync_indicator.set_progress("")
        self.statusBar().showMessage(error_text(exc, server_url=self.sync.server_url), 30_000)
        self._sync_actions()
        self.refresh_sync_status()

    def _incompatible(self, exc: BaseException) -> None:
        self._sync_failed(exc)
        self.sync_indicator.set_progress(self.tr("同步已暂停"))
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("需要更新程序"), error_text(exc), parent=self)
        box.setObjectName("incompatibleBox")
        self.incompatible_box = box
        box.open()  # window-modal, never a nested event loop

    def device_revoked(self, _exc: BaseException | None = None) -> None:
        """The admin revoked this device: close; the composition root wipes the data and says so."""
        if self.revoked:
            return
        self.revoked = True
        shown = getattr(self, "sign_in_again_dialog", None)
        if shown is not None and shown.isVisible():
            shown.reject()
        self.close()

    def ask_sign_in_again(self, exc: BaseException | None = None) -> None:
        """The server refused the token: ask the password again; the outbox stays as it is."""
        from fieldkit.ui.dialogs.sign_in_again_dialog import SignInAgainDialog

        if exc is not None:
            self._sync_failed(exc)
        shown = getattr(self, "sign_in_again_dialog", None)
        if shown is not None and shown.isVisible():  # already asking
            return
        f = self.facts
        dlg = SignInAgainDialog(
            self.ctx.engine,
            self.runner,
            login=f.login if f else self.ctx.staff.login,
            server_url=f.server_url if f else self.sync.server_url,
            reason=error_text(exc) if exc is not None else "",
            parent=self,
        )
        dlg.setObjectName("signInAgainDialog")
        self.sign_in_again_dialog = dlg
        dlg.accepted.connect(self.sync.resume)
        dlg.revoked.connect(self.device_revoked)
        dlg.open()

    def reload_after_sync(self) -> None:
        """Rows came from the server: the current view reloads now (unless it is the record editor,
        where the user may be typing), the others when they are shown next."""
        current = self.stack.currentWidget()
        editor = self.views.get("records")
        for view in list(self.views.values()) + ([self._page] if self._page is not None else []):
            if view is None or view is current:
                continue
            self._loaded.discard(id(view))
        if current is not None and current is not editor and current is not self._page:
            call_view(current, "refresh")
        self.refresh_sync_status()

    def open_conflicts(self) -> None:
        from fieldkit.ui.dialogs.conflicts_dialog import ConflictsDialog

        dlg = ConflictsDialog(self.ctx, self.runner, self)
        dlg.setObjectName("conflictsDialog")
        dlg.decided.connect(self._data_written)
        dlg.finished.connect(lambda _r: self.reload_after_sync())
        self.conflicts_dialog = dlg
        dlg.open()

    def open_rejected(self) -> None:
        from fieldkit.ui.dialogs.rejected_dialog import RejectedDialog

        dlg = RejectedDialog(self.ctx, self.runner, self)
        dlg.setObjectName("rejectedDialog")
        dlg.changed.connect(self._data_written)
        self.rejected_dialog = dlg
        dlg.open()

    def connect_server(self) -> None:
        """连接服务器…: a demo store is never connected, so a real store is opened beside it (the
        composition root does that once this window has closed); a store that was never
        connected shows the first-connection page the same way."""
        f = self.facts
        text = (
            self.tr(
                "演示数据不会上传到服务器。连接服务器将在演示数据旁边新建一份工作数据，"
                "程序会关闭演示窗口并打开连接页面；演示数据保持不变。继续吗？"
            )
            if f is None or f.demo
            else self.tr("程序会关闭此窗口并打开连接服务器的页面。继续吗？")
        )
        if QMessageBox.question(self, self.tr("连接服务器"), text) != QMessageBox.StandardButton.Yes:
            return
        self.connect_requested = True
        self.close()

    # -- the daily automatic 催办 -------------------------------------------------------------------------------
    def check_new_day(self) -> None:
        """Once a day: 催办 the demands whose deadline is near or past (through the runner)."""
        today = local_today()
        if self._reminded_on == today:
            return
        self._reminded_on = today
        view = self.views.get("today")
        if view is not None and self.stack.currentWidget() is view:
            call_view(view, "refresh")  # reminds, then shows the new day's board
            return
        from fieldkit.services.demands import remind_due_demands

        self.runner.write(
            self.ctx,
            remind_due_demands,
            self.ctx.actor,
            self.ctx.scope_staff_id,
            on_done=weak(self, MainWindow._reminded),
            on_error=lambda exc: log.warning("automatic reminders: %s", exc),
        )

    def _reminded(self, count: int) -> None:
        if count:
            self._data_written()
        self.reminders_sent.emit(count)

    def check_network(self) -> None:
        """Ask the server whether it is reachable now (off the GUI thread)."""
        self.sync.check_health()

    # -- dialogs ----------------------------------------------------------------------------------------------
    def open_settings(self) -> None:
        from fieldkit.ui.dialogs.settings_dialog import SettingsDialog

        dlg = SettingsDialog(self.settings, self.folder, self.language, self)
        if dlg.exec():
            self.idle_lock.set_minutes(self.settings.idle_lock_minutes)
            self.check_network()

    def open_backups(self) -> None:
        from fieldkit.services.backup import engine_connect
        from fieldkit.ui.dialogs.backup_dialog import BackupDialog

        dlg = BackupDialog(
            self.folder,
            connect=engine_connect(self.ctx.engine),
            before_restore=self._before_restore,
            parent=self,
        )
        dlg.restored.connect(self._restored)
        self.backup_dialog = dlg
        dlg.open()

    def change_password(self) -> None:
        """文件 → 修改密码…: the signed-in login's local password (the data key is re-wrapped)."""
        from fieldkit.ui.dialogs.change_password_dialog import ChangePasswordDialog

        dlg = ChangePasswordDialog(
            self.ctx.engine, self.folder, self.ctx.staff.login, self.ctx.key, self.runner, parent=self
        )
        self.password_dialog = dlg
        dlg.open()

    def _before_restore(self) -> None:
        """A restore replaces the store's files: no sync, no open connections meanwhile."""
        for view in self.views.values():
            if hasattr(view, "save_sync"):
                view.save_sync()
        self._sync_timer.stop()
        self.sync.stop()
        stop_downloads()
        self.runner.wait(10_000)
        self.ctx.engine.dispose()

    def _restored(self) -> None:
        """The restored store is opened afresh: the composition root shows the sign-in again."""
        QMessageBox.information(
            self, self.tr("恢复备份"), self.tr("备份已恢复。FieldKit 将重新打开数据，请重新登录。")
        )
        self.restart_requested = True
        self.close()

    def start_auto_backup(self) -> None:
        """Off the GUI thread: attachment files still in plaintext encrypted in place (once the
        store is unlocked with a key), then the daily rotating backup. A failure only shows in the
        status bar."""
        from fieldkit.services import backup
        from fieldkit.services.outbox import is_demo_store
        from fieldkit.ui.dialogs.backup_dialog import error_text, start_job

        folder, files, make_session = self.folder, self.ctx.attachments, self.ctx.make_session
        connect = backup.engine_connect(self.ctx.engine)

        def upkeep() -> Path | None:
            files.migrate()
            with make_session() as s:
                if is_demo_store(s):  # invented data: nothing worth a backup, nothing written
                    return None
            return backup.auto_backup(folder, connect=connect)

        def done(path: object) -> None:
            if path is not None:
                self.statusBar().showMessage(self.tr("已自动备份本机数据"), 10_000)

        def failed(exc: object) -> None:
            self.statusBar().showMessage(error_text(exc), 15_000)

        start_job(upkeep, done, failed)

    def about(self) -> None:
        from fieldkit.config import log_file
        from fieldkit.ui.dialogs.about_dialog import AboutDialog

        self._about = AboutDialog(self.runner, self.folder, log_file(self.folder), self)
        self._about.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        for view in self.views.values():
            if hasattr(view, "save_sync"):
                view.save_sync()  # quitting: what is still unsaved is written now
        self._sync_timer.stop()
        if self._sync is not None:
            self._sync.stop()
            stop_downloads()  # photos still coming from the server: what arrived stays
        self.remind_timer.stop()
        from fieldkit.ui.dialogs.backup_dialog import wait_for_jobs

        wait_for_jobs()  # a backup in progress finishes (or only its temporary file is left)
        if self.tray is not None:
            self.tray.hide()
        super().closeEvent(event)
