"""What a user calls each synced table (for "被拒绝（服务记录 …）" lines), marked for translation."""

from __future__ import annotations

from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.i18n import translate

TABLE_LABELS = {
    "zone": N("Sync", "功能区"),
    "staff": N("Sync", "人员"),
    "enterprise": N("Sync", "企业"),
    "assignment": N("Sync", "包联关系"),
    "visitplan": N("Sync", "走访计划"),
    "servicerecord": N("Sync", "服务记录"),
    "demand": N("Sync", "诉求"),
    "demandevent": N("Sync", "诉求办理记录"),
    "proxyservice": N("Sync", "代办服务"),
    "proxymilestone": N("Sync", "代办进度"),
    "policy": N("Sync", "政策"),
    "policypush": N("Sync", "政策推送"),
    "policyapplication": N("Sync", "政策申报"),
    "evaluation": N("Sync", "服务评价"),
    "assessment": N("Sync", "考核"),
    "attachment": N("Sync", "附件"),
}


def table_label(table: str) -> str:
    """The table's name in the user's language (an unknown table: a generic word, never the code)."""
    return translate("Sync", TABLE_LABELS.get(table, N("Sync", "记录")))
