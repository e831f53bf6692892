"""Enumerations of the domain. Values are stable ASCII codes stored in the database;
the Chinese labels live in ``fieldkit.services.labels`` / the reference data."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ASSISTANT = "assistant"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class SpecialistType(StrEnum):
    """产业助理, 助企干部 and the five-in-one specialists (seed 004 §3.2)."""

    INDUSTRIAL_ASSISTANT = "industrial_assistant"  # 产业助理
    SUPPORT_OFFICIAL = "support_official"  # 助企干部
    STEWARD = "steward"  # 服务管家
    LEGAL = "legal"  # 法律服务专员
    POLICE = "police"  # 警务服务专员
    FINANCE = "finance"  # 首席金融服务专员
    SUPERVISOR = "business_env_supervisor"  # 营商环境监督员


class Scale(StrEnum):
    LARGE = "large"  # 大
    MEDIUM = "medium"  # 中
    SMALL = "small"  # 小
    MICRO = "micro"  # 微


class Stage(StrEnum):
    """Lifecycle stage (union of the seeds)."""

    STARTUP = "startup"  # 企业开办
    CONSTRUCTION = "construction"  # 项目建设
    OPERATION = "operation"  # 生产经营
    UPGRADING = "upgrading"  # 转型升级
    CHANGE = "change"  # 变更
    DEREGISTRATION = "deregistration"  # 企业注销


class EnterpriseStatus(StrEnum):
    OPERATING = "operating"  # 存续/经营
    HIBERNATING = "hibernating"  # 休眠
    DEREGISTERED = "deregistered"  # 注销


class PlanKind(StrEnum):
    ONSITE = "onsite"  # 现场服务 (routine)
    ONDEMAND = "ondemand"  # 定点服务
    SURVEY = "survey"  # 调查


class PlanStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"
    OVERDUE = "overdue"  # derived on read: planned and the date has passed


class RecordStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"
    RETURNED = "returned"  # 退回修改: the supervisor's reason is in review_note


class DemandKind(StrEnum):
    DEMAND = "demand"  # 诉求
    COMPLAINT = "complaint"  # 投诉
    SUGGESTION = "suggestion"  # 意见建议


class Urgency(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class DemandState(StrEnum):
    """Demand lifecycle, seed 001 §7.2.1."""

    COLLECTED = "collected"  # 收集
    ASSIGNED = "assigned"  # 交办
    IN_PROGRESS = "in_progress"  # 承办
    REMINDED = "reminded"  # 催办
    FEEDBACK = "feedback"  # 反馈
    REVIEW = "collective_review"  # 集中研判
    CLOSED = "closed"  # 办结/销号
    ARCHIVED = "archived"  # 归档


class ProxyMode(StrEnum):
    GUIDANCE = "guidance"  # 指导帮办
    FULL = "full"  # 全程代办


class ProxyStatus(StrEnum):
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    TERMINATED = "terminated"


class TerminationReason(StrEnum):
    """Seed 001 §6 a–e."""

    CLIENT_REQUEST = "a"  # 服务对象主动要求终止
    MATERIALS_INVALID = "b"  # 申请材料不符合法定条件且不能补正
    LAW_CHANGED = "c"  # 法律法规修改废止或政策调整
    MAJOR_VIOLATION = "d"  # 重大责任事故或重大问题
    OTHER = "e"  # 其他需要终止的情形


class PolicyLevel(StrEnum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    CITY = "city"
    DISTRICT = "district"


class PolicyCategory(StrEnum):
    """Seed 003 §6.1.3."""

    RECOGNITION = "recognition"  # 认定类
    PROJECT = "project"  # 项目类
    FUNDING = "funding"  # 资金类
    CULTIVATION = "cultivation"  # 培育类
    OTHER = "other"  # 其他类


class ApplicationState(StrEnum):
    APPLIED = "applied"  # 申报
    ACCEPTED = "accepted"  # 受理
    CORRECTION = "correction"  # 待补正 (一次性告知, seed 003 §7.4.2.3; back to 受理 when corrected)
    PRELIMINARY = "preliminary"  # 初审
    APPROVED = "approved"  # 结果: 通过
    REJECTED = "rejected"  # 结果: 未通过
    REDEEMED = "redeemed"  # 兑现


class Satisfaction(StrEnum):
    """Five levels, seed 002 §6.3. Score 5..1."""

    VERY_SATISFIED = "very_satisfied"  # 非常满意
    SATISFIED = "satisfied"  # 满意
    BASIC = "basically_satisfied"  # 基本满意
    UNSATISFIED = "unsatisfied"  # 不满意
    VERY_UNSATISFIED = "very_unsatisfied"  # 非常不满意

    @property
    def score(self) -> int:
        return {
            "very_satisfied": 5,
            "satisfied": 4,
            "basically_satisfied": 3,
            "unsatisfied": 2,
            "very_unsatisfied": 1,
        }[self.value]


class AssessmentSource(StrEnum):
    DAILY_CHECK = "daily_check"  # 日常检查/随机检查
    PEER = "peer"  # 互评
    SELF = "self"  # 自评
    ENTERPRISE = "enterprise"  # 企业评价
    THIRD_PARTY = "third_party"  # 第三方评估


class AttachmentKind(StrEnum):
    PHOTO = "photo"
    SCAN = "scan"
    SIGNATURE = "signature"
    OTHER = "other"


class SyncState(StrEnum):
    """A row's sync state, derived from the outbox and the conflicts (DHIS2's per-record states);
    in the order that wins when several apply."""

    SYNCED = "synced"
    WAITING = "waiting"
    REJECTED = "rejected"
    CONFLICT = "conflict"
