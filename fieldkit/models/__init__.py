"""SQLModel tables of FieldKit. Imports nothing else from fieldkit."""

from . import sqlite_adapters
from .base import SyncedBase, TableBase, new_id, table_name, utcnow
from .demand import Demand, DemandEvent
from .enterprise import Enterprise
from .enums import *  # noqa: F403
from .evaluation import Assessment, Evaluation
from .org import Assignment, Staff, Zone
from .policy import Policy, PolicyApplication, PolicyPush
from .proxy import ProxyMilestone, ProxyService
from .system import Attachment, AuditLog, LocalCredential, OutboxEntry, SyncConflict, SyncMeta
from .visits import ServiceRecord, VisitPlan

sqlite_adapters.register()  # explicit date/datetime adapters (3.12 deprecates the defaults)

#: the schema version every outbox entry and sync request carries: raised when a synced row
#: changes shape (6: demand events carry their decisions, policy 补正, 回访 plans, milestone owners —
#: local migration 0007 —, and enterprises their contact channel and 一企一档 domains, demands the
#: major-complaint flag — 0008); local-only migrations (0006's search index) leave it
SCHEMA_VERSION = 6

#: every table that takes part in sync, by table name (the local-only tables — audit, outbox,
#: conflicts, sync meta, credentials — never travel)
SYNCED_TABLES: dict[str, type[SyncedBase]] = {
    table_name(cls): cls
    for cls in (
        Zone,
        Staff,
        Enterprise,
        Assignment,
        VisitPlan,
        ServiceRecord,
        Demand,
        DemandEvent,
        ProxyService,
        ProxyMilestone,
        Policy,
        PolicyPush,
        PolicyApplication,
        Evaluation,
        Assessment,
        Attachment,
    )
}

#: tables that never leave this device
LOCAL_TABLES: frozenset[str] = frozenset(
    table_name(cls) for cls in (AuditLog, OutboxEntry, SyncConflict, SyncMeta, LocalCredential)
)

__all__ = [
    "LOCAL_TABLES",
    "SCHEMA_VERSION",
    "SYNCED_TABLES",
    "Assessment",
    "Assignment",
    "Attachment",
    "AuditLog",
    "Demand",
    "DemandEvent",
    "Enterprise",
    "Evaluation",
    "LocalCredential",
    "OutboxEntry",
    "Policy",
    "PolicyApplication",
    "PolicyPush",
    "ProxyMilestone",
    "ProxyService",
    "ServiceRecord",
    "Staff",
    "SyncConflict",
    "SyncMeta",
    "SyncedBase",
    "TableBase",
    "VisitPlan",
    "Zone",
    "new_id",
    "table_name",
    "utcnow",
]
