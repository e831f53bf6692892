"""What the server tells a user, in Chinese source text marked for translation (context "Server").

Each reason has a stable code the client can act on; the text is formatted after lookup
(``reason(code, **params)``), so a client may also translate it from the code and parameters.
"""

from __future__ import annotations

from typing import Any

from fieldkit.domain.i18n import QT_TRANSLATE_NOOP as N

TEXTS: dict[str, str] = {
    "unknown_table": N("Server", "不支持同步的数据类型：{table}"),
    "not_found": N("Server", "记录不存在或您无权访问"),
    "scope": N("Server", "您无权修改这条记录"),
    "reassigned": N(
        "Server", "该企业已调整给其他人员包联，您上次同步时已收到此调整；此修改未被接受，已留存供主管处理"
    ),
    "role": N("Server", "您的角色不能修改此类记录"),
    "invalid": N("Server", "数据不完整或格式不对：{detail}"),
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


def reason(code: str, **params: Any) -> str:
    return TEXTS[code].format(**params)
