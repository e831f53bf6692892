"""The Today board's plain data (工作台): what :func:`fieldkit.services.overview.today_overview` (the
ORM) and :func:`fieldkit.services.today_sql.today_overview_sql` (the start's first view, plain
DB-API) both return. Imports neither SQLAlchemy nor the models, so that the window's first view can
be read and shown before they are imported (issue 11 §3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

#: how many first contacts Today lists (the count is the total)
FIRST_CONTACT_LIMIT = 20
#: an assignment is new for this long; an older one without a contact is what 本季度未走访 shows
NEW_FOR_DAYS = 60


@dataclass(frozen=True)
class FirstContact:
    enterprise_id: str
    enterprise_name: str
    since: date  # the assignment's first day
    contact_channel: str  # agreed channel, "" until agreed


#: how many names a Today section lists before it says "and N more"
SECTION_LIMIT = 50
#: policy windows closing within this many days are shown on the board
POLICY_WINDOW_DAYS = 14


@dataclass
class PlanItem:
    id: str
    enterprise_id: str
    enterprise_name: str
    theme: str
    kind: str
    planned_date: date
    status: str  # effective status: planned / done / cancelled / overdue
    staff_id: str = ""
    #: whose plan it is, filled on the whole zone's board (a supervisor's Today)
    staff_name: str = ""


@dataclass
class DemandItem:
    id: str
    enterprise_id: str
    enterprise_name: str
    kind: str
    description: str
    state: str
    deadline: date | None
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


@dataclass
class PolicyItem:
    id: str
    title: str
    category: str
    window_end: date
    days_left: int
    matches: list[tuple[str, str]] = field(default_factory=list)  # (enterprise id, name), first SECTION_LIMIT
    match_count: int = 0


@dataclass
class ProxyItem:
    id: str
    enterprise_id: str
    enterprise_name: str
    item: str
    status: str
    mode: str
    due_date: date | None


@dataclass
class SyncStatus:
    """Local half of the sync indicator: what is waiting, when we last synced, what conflicts."""

    pending: int = 0
    errors: int = 0
    conflicts: int = 0
    last_sync: str | None = None  # ISO timestamp from SyncMeta 'last_sync'
    #: a demo store never syncs: its edits are not "waiting", and the indicator says so
    demo: bool = False


@dataclass
class TodayOverview:
    today: date
    # every list below holds at most SECTION_LIMIT items; the *_count fields are the totals (SQL counts)
    plans_today: list[PlanItem] = field(default_factory=list)
    plans_today_count: int = 0
    plans_today_due: int = 0  # of those, still planned (the tray reminder)
    plans_week: list[PlanItem] = field(default_factory=list)
    plans_week_count: int = 0
    overdue_plans: list[PlanItem] = field(default_factory=list)
    overdue_count: int = 0
    demands: list[DemandItem] = field(default_factory=list)
    demands_overdue_count: int = 0
    demands_soon_count: int = 0  # deadline today .. in 3 days
    demands_reminder_count: int = 0  # deadline today .. in DUE_SOON_DAYS days (the tray reminder)
    not_visited: list[tuple[str, str]] = field(default_factory=list)
    not_visited_count: int = 0
    assigned_count: int = 0
    #: an assistant's new assignments still waiting for the first contact (seed 000 §6.1)
    first_contacts: list[FirstContact] = field(default_factory=list)
    first_contacts_count: int = 0
    policies: list[PolicyItem] = field(default_factory=list)
    proxies: list[ProxyItem] = field(default_factory=list)
    proxies_count: int = 0
    sync: SyncStatus = field(default_factory=SyncStatus)

    @property
    def demands_overdue(self) -> int:
        return self.demands_overdue_count

    @property
    def demands_due_soon(self) -> int:
        return self.demands_soon_count

    @property
    def demands_count(self) -> int:
        return self.demands_overdue_count + self.demands_soon_count

    def reminders(self) -> tuple[int, int, int, int]:
        """(plans due today, plans overdue, demands overdue, demands about to go overdue) — what
        the tray notification announces."""
        return self.plans_today_due, self.overdue_count, self.demands_overdue, self.demands_reminder_count


def week_bounds(d: date) -> tuple[date, date]:
    """Monday and Sunday of the week containing ``d``."""
    start = d - timedelta(days=d.weekday())
    return start, start + timedelta(days=6)


def coverage_figures(n: dict[str, int]) -> tuple[int, int]:
    """(enterprises in the board's scope, of them not visited this quarter) from the counts of
    ``board_coverage`` both board reads take (the ORM's and the first view's): in scope = started −
    ended; visited = in the quarter's range, its two edge dates, less those not started or ended
    while visited, plus visits dated after today; the broken spans (gaps) counted apart."""
    in_scope = n["started"] - n["ended"]
    visited = (
        n["in_range"]
        + n.get("first_date", 0)
        + n.get("last_date", 0)
        - n["not_started"]
        - n["ended_visited"]
        + n["future"]
    )
    return in_scope + n["gaps_total"], in_scope - visited + n["gaps_missing"]
