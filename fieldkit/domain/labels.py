"""Display labels of the enum codes, marked for Qt translation (Chinese source text).

Use ``label(kind, code)`` to get the text in the user's language. Pure data, in the domain so the
server's reasons (:mod:`fieldkit.domain.reasons`) name a state as the desktop does;
``fieldkit.services.labels`` re-exports it.
"""

from __future__ import annotations

from .i18n import QT_TRANSLATE_NOOP as N
from .i18n import translate

CTX = "Labels"

LABELS: dict[str, dict[str, str]] = {
    "role": {
        "assistant": N(CTX, "服务人员"),
        "supervisor": N(CTX, "主管"),
        "admin": N(CTX, "管理员"),
    },
    "specialist_type": {
        "industrial_assistant": N(CTX, "产业助理"),
        "support_official": N(CTX, "助企干部"),
        "steward": N(CTX, "服务管家"),
        "legal": N(CTX, "法律服务专员"),
        "police": N(CTX, "警务服务专员"),
        "finance": N(CTX, "首席金融服务专员"),
        "business_env_supervisor": N(CTX, "营商环境监督员"),
    },
    "scale": {
        "large": N(CTX, "大型"),
        "medium": N(CTX, "中型"),
        "small": N(CTX, "小型"),
        "micro": N(CTX, "微型"),
    },
    "stage": {
        "startup": N(CTX, "企业开办"),
        "construction": N(CTX, "项目建设"),
        "operation": N(CTX, "生产经营"),
        "upgrading": N(CTX, "转型升级"),
        "change": N(CTX, "变更"),
        "deregistration": N(CTX, "企业注销"),
    },
    "contact_channel": {"online": N(CTX, "线上"), "offline": N(CTX, "线下")},
    "enterprise_status": {
        "operating": N(CTX, "存续经营"),
        "hibernating": N(CTX, "休眠"),
        "deregistered": N(CTX, "已注销"),
    },
    "plan_kind": {"onsite": N(CTX, "现场服务"), "ondemand": N(CTX, "定点服务"), "survey": N(CTX, "调查")},
    "plan_status": {
        "planned": N(CTX, "计划中"),
        "done": N(CTX, "已完成"),
        "cancelled": N(CTX, "已取消"),
        "overdue": N(CTX, "已逾期"),
    },
    "record_status": {
        "draft": N(CTX, "草稿"),
        "submitted": N(CTX, "已提交"),
        "reviewed": N(CTX, "已审阅"),
        "returned": N(CTX, "已退回修改"),
    },
    "demand_kind": {"demand": N(CTX, "诉求"), "complaint": N(CTX, "投诉"), "suggestion": N(CTX, "意见建议")},
    "urgency": {
        "low": N(CTX, "一般"),
        "normal": N(CTX, "普通"),
        "high": N(CTX, "较急"),
        "urgent": N(CTX, "紧急"),
    },
    "demand_state": {
        "collected": N(CTX, "收集"),
        "assigned": N(CTX, "交办"),
        "in_progress": N(CTX, "承办"),
        "reminded": N(CTX, "催办"),
        "feedback": N(CTX, "反馈"),
        "collective_review": N(CTX, "集中研判"),
        "closed": N(CTX, "办结"),
        "archived": N(CTX, "归档"),
    },
    "proxy_mode": {"guidance": N(CTX, "指导帮办"), "full": N(CTX, "全程代办")},
    "proxy_status": {
        "accepted": N(CTX, "已受理"),
        "in_progress": N(CTX, "办理中"),
        "completed": N(CTX, "已办结"),
        "terminated": N(CTX, "已终止"),
    },
    "termination_reason": {
        "a": N(CTX, "服务对象主动要求终止"),
        "b": N(CTX, "申请材料不符合法定条件、标准，且不能补正"),
        "c": N(CTX, "因法律、法规修改、废止或国家政策调整不能继续审批"),
        "d": N(CTX, "出现重大责任事故或重大问题，造成严重影响"),
        "e": N(CTX, "其他需要终止的情形"),
    },
    "policy_level": {
        "national": N(CTX, "国家级"),
        "provincial": N(CTX, "省级"),
        "city": N(CTX, "市级"),
        "district": N(CTX, "区级"),
    },
    "policy_category": {
        "recognition": N(CTX, "认定类"),
        "project": N(CTX, "项目类"),
        "funding": N(CTX, "资金类"),
        "cultivation": N(CTX, "培育类"),
        "other": N(CTX, "其他类"),
    },
    "application_state": {
        "applied": N(CTX, "已申报"),
        "accepted": N(CTX, "已受理"),
        "correction": N(CTX, "待补正"),
        "preliminary": N(CTX, "初审通过"),
        "approved": N(CTX, "审核通过"),
        "rejected": N(CTX, "未通过"),
        "redeemed": N(CTX, "已兑现"),
    },
    "satisfaction": {
        "very_satisfied": N(CTX, "非常满意"),
        "satisfied": N(CTX, "满意"),
        "basically_satisfied": N(CTX, "基本满意"),
        "unsatisfied": N(CTX, "不满意"),
        "very_unsatisfied": N(CTX, "非常不满意"),
    },
    "assessment_source": {
        "daily_check": N(CTX, "日常检查"),
        "peer": N(CTX, "同事互评"),
        "self": N(CTX, "自我评价"),
        "enterprise": N(CTX, "企业评价"),
        "third_party": N(CTX, "第三方评估"),
    },
    "sync_state": {
        "synced": N(CTX, "已同步"),
        "waiting": N(CTX, "待同步"),
        "rejected": N(CTX, "被退回"),
        "conflict": N(CTX, "有冲突"),
    },
    "attachment_kind": {
        "photo": N(CTX, "照片"),
        "scan": N(CTX, "扫描件"),
        "signature": N(CTX, "签名"),
        "other": N(CTX, "其他"),
    },
}


def label(kind: str, code: str | None) -> str:
    """The user-language label of ``code`` in ``kind``; the code itself if unknown."""
    if code is None:
        return ""
    src = LABELS.get(kind, {}).get(code)
    return translate(CTX, src) if src else code


def choices(kind: str) -> list[tuple[str, str]]:
    """(code, label) pairs in definition order, for combo boxes."""
    return [(code, translate(CTX, src)) for code, src in LABELS[kind].items()]
