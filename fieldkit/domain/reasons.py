"""Why the server refused something, by reason code: the Chinese source texts (marked for
translation, context "Server") and their rendering from the reason's raw parameters.

Shared by the server and the client (docs/sync-protocol.md, "Reasons"). The server answers with a
stable ``code``, the raw ``params`` (state codes such as ``in_progress``, field and table names,
byte counts, ISO dates and instants, ids) and ``reason``, the Chinese text made from them here
(for older clients and for the server's audit and logs). The client keeps code and params and
calls :func:`render` when it shows the reason, so the text follows the interface language, and a
state or a field is named by its label, never by its code. A code this program does not know, or
parameters that do not fill its text, fall back to the text the server sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from . import demands
from .field_labels import COLUMN_LABELS, COLUMNS_CTX, field_labels
from .i18n import QT_TRANSLATE_NOOP as N
from .i18n import identity, translate
from .labels import CTX as LABELS_CTX
from .labels import LABELS

Translator = Callable[[str, str], str]

CTX = "Server"

TEXTS: dict[str, str] = {
    "unknown_table": N("Server", "不支持同步的数据类型：{table}"),
    "not_found": N("Server", "记录不存在或您无权访问"),
    "scope": N("Server", "您无权修改这条记录"),
    "reassigned": N(
        "Server", "该企业已调整给其他人员包联，您上次同步时已收到此调整；此修改未被接受，已留存供主管处理"
    ),
    "role": N("Server", "您的角色不能修改此类记录"),
    "invalid": N("Server", "“{fields}”填写不完整或格式不对；此修改未被接受，已留存"),
    # ``invalid`` naming no field (a constraint), or kept from a server that sent a technical detail
    "invalid_any": N("Server", "数据不完整或格式不对；此修改未被接受，已留存"),
    "device_mismatch": N("Server", "变更来自另一台设备，已拒绝"),
    "schema": N("Server", "变更的数据版本 {version} 与服务器不兼容"),
    "credit_code": N("Server", "统一社会信用代码无效"),
    "credit_code_exists": N("Server", "统一社会信用代码已存在：请使用已有企业（编号 {id}）"),
    "login_exists": N("Server", "登录名已存在：请使用已有账号（编号 {id}）"),
    "demand_transition": N("Server", "诉求状态不能从“{old}”变为“{new}”"),
    "demand_done": N("Server", "该诉求已由他人{action}（当前状态：{state}）：请放弃本机的这次{action}"),
    "demand_moved": N(
        "Server",
        "该诉求已由他人办理（当前状态：{state}）：本机在“{old}”时所做的{action}未被接受，请放弃后按当前状态办理",
    ),
    "proxy_transition": N("Server", "帮办代办状态不能从“{old}”变为“{new}”"),
    "application_transition": N("Server", "政策申报状态不能从“{old}”变为“{new}”"),
    "application_correction_empty": N("Server", "要求补正时须一次性列出需要补正的全部内容"),
    "application_correction_twice": N(
        "Server", "该政策申报已于 {on} 一次性告知补正内容，不能再次要求补正；材料仍不符合的，请登记为未通过"
    ),
    "record_transition": N("Server", "服务记录状态不能从“{old}”变为“{new}”"),
    "record_immutable": N("Server", "已提交的服务记录不能修改，请新建更正记录"),
    "record_hash": N("Server", "服务记录的内容校验码与内容不符"),
    "service_item": N("Server", "服务事项“{codes}”不在服务事项目录中：此修改未被接受，已留存"),
    "deleted": N("Server", "该记录已被删除"),
    "tx_failed": N("Server", "同一操作中的另一项修改被拒绝，本项未生效"),
    "body_mismatch": N("Server", "同一变更编号的内容不同，已拒绝"),
    "bad_login": N("Server", "登录名或密码不正确"),
    "device_revoked": N("Server", "此设备已被停用，请联系管理员"),
    "login_locked": N("Server", "登录失败次数过多，已暂时锁定：请在 {time}（约 {minutes} 分钟后）再试"),
    "token_invalid": N("Server", "登录已失效，请重新登录"),
    "password_change_required": N("Server", "这是管理员开通账号时给的初始密码：请先设置您自己的新密码"),
    "weak_password": N("Server", "密码至少需要 8 位"),
    "same_password": N("Server", "新密码不能与初始密码相同"),
    "account_role": N("Server", "只有主管或管理员可以开通登录账号；请联系本功能区主管"),
    "account_scope": N("Server", "主管只能为本功能区的助理开通登录账号；其他人员请联系管理员"),
    "account_not_synced": N("Server", "服务器上还没有这名人员：请先同步，再开通账号"),
    "account_inactive": N("Server", "该人员已停用，不能开通账号"),
    "account_no_login": N("Server", "该人员没有登录账号名：请先在人员信息中填写登录账号"),
    "account_exists": N("Server", "该人员已有登录账号；忘记密码的请由管理员重置"),
    "protocol": N("Server", "FieldKit 版本与服务器不兼容，请安装最新版本的 FieldKit"),
    "client_too_old": N("Server", "FieldKit 版本过旧（数据版本 {client}），请升级到最新版本后再同步"),
    "server_too_old": N("Server", "服务器版本较旧（数据版本 {server}），请联系管理员升级服务器后再同步"),
    "not_uploaded": N("Server", "服务器上没有您可以访问的这个附件：它尚未上传完成，或不在您的范围内"),
    "too_large": N("Server", "附件太大（{size}），服务器最多接受 {limit}"),
    "chunk_too_large": N("Server", "一次上传的数据太多（最多 {limit}），请分块上传"),
    "hash_mismatch": N("Server", "收到的附件内容与其校验码不符，已丢弃，请重新上传"),
    "size_mismatch": N("Server", "附件大小（{size} 字节）与已收到部分的大小（{held} 字节）不符"),
    "chunk_past_end": N("Server", "上传的数据超出了附件的大小（{size} 字节）"),
    "range": N("Server", "请求的范围超出了附件的大小（{size} 字节）"),
    "too_long": N("Server", "“{field}”太长：{length} 个字符，最多 {limit} 个；此修改未被接受，已留存"),
    "one_line": N("Server", "“{field}”只能填写一行，不能含换行或制表符；此修改未被接受，已留存"),
    "control_chars": N("Server", "“{field}”含有不可见的控制字符或无效字符；此修改未被接受，已留存"),
    "control_chars_id": N("Server", "变更的“{field}”含有不可见的控制字符或无效字符，已拒绝"),
    "bad_body": N("Server", "请求的数据无法读取（不是有效的 JSON 文本）"),
    "body_too_large": N("Server", "请求的数据太多（最多 {limit}），请分批发送"),
    "internal": N("Server", "服务器内部错误，已记录；请稍后再试，如仍出错请联系管理员"),
    "conflict": N("Server", "其他人同时修改了相同的内容：已采用本次修改，原值已留存待确认"),
}

#: how the raw parameters of a reason are shown (``param -> kind``); any other parameter is shown
#: as it is (an id, a number, a date ``2026-11-21``, a technical detail)
PARAM_KINDS: dict[str, dict[str, str]] = {
    "demand_transition": {"old": "demand_state", "new": "demand_state"},
    "demand_done": {"action": "demand_action", "state": "demand_state"},
    "demand_moved": {"action": "demand_action", "old": "demand_state", "state": "demand_state"},
    "proxy_transition": {"old": "proxy_status", "new": "proxy_status"},
    "application_transition": {"old": "application_state", "new": "application_state"},
    "record_transition": {"old": "record_status", "new": "record_status"},
    "too_long": {"field": "field"},
    "one_line": {"field": "field"},
    "control_chars": {"field": "field"},
    "invalid": {"fields": "fields"},
    "service_item": {"codes": "list"},
    "too_large": {"size": "bytes", "limit": "bytes"},
    "chunk_too_large": {"limit": "bytes"},
    "body_too_large": {"limit": "bytes"},
    "login_locked": {"time": "instant"},
}
#: a column this program has no label for (context :data:`~fieldkit.domain.field_labels.COLUMNS_CTX`)
OTHER_FIELD = N("SyncReview", "其他内容")
#: between the items of a list parameter (“A、B” in Chinese)
LIST_SEPARATOR = N(CTX, "、")


def size_text(n: int) -> str:
    """A size for a message: "50 MB", "1.5 MB", "300 KB"."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(n / 1024))} KB"


def _local_minute(value: str) -> str:
    """An ISO instant as this computer's local time to the minute (a naive one counts as UTC)."""
    at = datetime.fromisoformat(value)
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return f"{at.astimezone():%Y-%m-%d %H:%M}"


def _shown(kind: str, value: Any, params: Mapping[str, Any], lookup: Translator) -> Any:
    if kind == "demand_state":
        if value is None or value == "":
            return ""
        src = demands.STATE_LABELS.get(str(value))
        return lookup("Demand", src) if src else value
    if kind == "demand_action":
        action = demands.ACTIONS.get(str(value or ""))
        if action is not None:
            return lookup("Demand", action.label)
        return _shown("demand_state", params.get("to"), params, lookup)  # the creation step
    if kind in LABELS:
        if value is None or value == "":
            return ""
        src = LABELS[kind].get(str(value))
        return lookup(LABELS_CTX, src) if src else value
    if kind == "field":
        src = field_labels(str(params.get("table") or "")).get(str(value))
        return lookup("Validation", src) if src else value
    if kind == "fields":  # column names: each by its label, never by its name
        table = str(params.get("table") or "")
        texts = field_labels(table)
        names: list[str] = []
        for name in value if isinstance(value, list | tuple) else [value]:
            if str(name) in texts:
                shown = lookup("Validation", texts[str(name)])
            elif str(name) in COLUMN_LABELS:
                shown = lookup(COLUMNS_CTX, COLUMN_LABELS[str(name)])
            else:  # a column this program does not know (a newer one's)
                shown = lookup(COLUMNS_CTX, OTHER_FIELD)
            if shown not in names:
                names.append(shown)
        return lookup(CTX, LIST_SEPARATOR).join(names)
    if kind == "list":
        items = value if isinstance(value, list | tuple) else [value]
        return lookup(CTX, LIST_SEPARATOR).join(str(v) for v in items)
    if kind == "bytes":
        return size_text(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if kind == "instant":
        return _local_minute(value) if isinstance(value, str) else value
    return value


def _format(code: str, params: Mapping[str, Any], lookup: Translator) -> str:
    if code == "invalid" and not params.get("fields"):
        code = "invalid_any"  # no field to name; an older server's technical ``detail`` is not shown
    kinds = PARAM_KINDS.get(code, {})
    shown = {k: _shown(kinds[k], v, params, lookup) if k in kinds else v for k, v in params.items()}
    return lookup(CTX, TEXTS[code]).format(**shown)


def render(
    code: str,
    params: Mapping[str, Any] | None = None,
    *,
    fallback: str = "",
    lookup: Translator | None = None,
) -> str:
    """The reason ``code`` with its raw ``params`` in the language of ``lookup`` (by default the
    interface language, :func:`fieldkit.domain.i18n.translate`); ``fallback`` — the text the
    server sent — when the code is unknown here or the parameters do not fill its text (an entry
    the server refused before it sent parameters)."""
    if code not in TEXTS:
        return fallback
    try:
        return _format(code, dict(params or {}), lookup or _translate)
    except (KeyError, IndexError, ValueError, TypeError):
        return fallback or (lookup or _translate)(CTX, TEXTS[code])


def _translate(context: str, source: str) -> str:
    return translate(context, source)


def source_text(code: str, **params: Any) -> str:
    """The Chinese text of reason ``code`` (what the server sends as ``reason``, whatever the
    language of the process it runs in). An unknown code or a missing parameter is a ``KeyError``."""
    return _format(code, params, identity)
