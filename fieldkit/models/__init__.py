"""SQLModel tables of FieldKit. Imports nothing else from fieldkit."""

from .base import SyncedBase, new_id, table_name, utcnow
from .demand import Demand, DemandEvent
from .enterprise import Enterprise
from .enums import *  # noqa: F403
from .evaluation import Assessment, Evaluation
from .org import Assignment, Staff, Zone
from .policy import Policy, PolicyApplication, PolicyPush
from .proxy import ProxyMilestone, ProxyService
from .system import Attachment, AuditLog, LocalCredential, OutboxEntry, SyncMeta
from .visits import ServiceRecord, VisitPlan

#: every table that takes part in sync, by table name
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

__all__ = [
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
    "SyncMeta",
    "SyncedBase",
    "VisitPlan",
    "Zone",
    "new_id",
    "table_name",
    "utcnow",
]
