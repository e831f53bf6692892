"""The names users know the stored text fields by (marked for translation, context Validation), for
the messages of :mod:`fieldkit.domain.text_rules`: shared by the desktop and the server."""

from __future__ import annotations

from .i18n import QT_TRANSLATE_NOOP as N

#: a field's name by column, whatever the table (context Validation)
FIELD_LABELS: dict[str, str] = {
    "name": N("Validation", "名称"),
    "title": N("Validation", "标题"),
    "note": N("Validation", "备注"),
    "notes": N("Validation", "备注"),
    "comment": N("Validation", "评价意见"),
    "credit_code": N("Validation", "统一社会信用代码"),
    "legal_representative": N("Validation", "法定代表人"),
    "contact_person": N("Validation", "联系人"),
    "contact_phone": N("Validation", "联系电话"),
    "phone": N("Validation", "联系电话"),
    "address": N("Validation", "企业地址"),
    "industry": N("Validation", "所属行业"),
    "tags": N("Validation", "标签"),
    "login": N("Validation", "登录名"),
    "department": N("Validation", "部门"),
    "code": N("Validation", "代码"),
    "doc_no": N("Validation", "文号"),
    "issuer": N("Validation", "发文单位"),
    "interpreting_unit": N("Validation", "解读单位"),
    "competent_department": N("Validation", "主管部门"),
    "accepting_department": N("Validation", "受理部门"),
    "materials": N("Validation", "申报材料"),
    "summary": N("Validation", "政策摘要"),
    "full_text": N("Validation", "政策原文"),
    "url": N("Validation", "链接"),
    "description": N("Validation", "诉求内容"),
    "responsible_person": N("Validation", "责任人"),
    "overdue_explanation": N("Validation", "超期说明"),
    "place": N("Validation", "服务地点"),
    "staff_participants": N("Validation", "参加人员"),
    "enterprise_participants": N("Validation", "企业参加人员"),
    "content": N("Validation", "服务内容"),
    "problems": N("Validation", "存在问题"),
    "follow_up": N("Validation", "后续跟进"),
    "review_note": N("Validation", "审核意见"),
    "theme": N("Validation", "走访主题"),
    "item": N("Validation", "代办事项"),
    "service_plan": N("Validation", "服务方案"),
    "termination_note": N("Validation", "终止说明"),
    "filename": N("Validation", "文件名"),
    "caption": N("Validation", "说明"),
}
#: where a column's name depends on its table
TABLE_LABELS: dict[tuple[str, str], str] = {
    ("enterprise", "name"): N("Validation", "企业名称"),
    ("staff", "name"): N("Validation", "姓名"),
    ("zone", "name"): N("Validation", "园区名称"),
    ("zone", "code"): N("Validation", "园区代码"),
    ("policy", "title"): N("Validation", "政策名称"),
    ("policy", "tags"): N("Validation", "政策标签"),
    ("enterprise", "tags"): N("Validation", "企业标签"),
    ("proxymilestone", "title"): N("Validation", "节点名称"),
    ("assessment", "comment"): N("Validation", "考核意见"),
    ("staff", "department"): N("Validation", "所在部门"),
    ("demand", "department"): N("Validation", "承办部门"),
    ("policy", "level"): N("Validation", "政策级别"),
    ("policy", "category"): N("Validation", "政策类别"),
    ("policy", "industries"): N("Validation", "适用行业"),
    ("policy", "scales"): N("Validation", "适用规模"),
    ("policy", "stages"): N("Validation", "适用阶段"),
    ("policy", "window_start"): N("Validation", "申报开始日期"),
    ("policy", "window_end"): N("Validation", "申报截止日期"),
    ("enterprise", "scale"): N("Validation", "企业规模"),
    ("enterprise", "stage"): N("Validation", "生命周期阶段"),
    ("enterprise", "status"): N("Validation", "企业状态"),
}
#: one-line columns that may still hold line breaks: an address typed over lines in an Excel cell
#: (Alt+Enter) is how offices write it
MULTILINE_COLUMNS: dict[str, frozenset[str]] = {"enterprise": frozenset({"address"})}
#: names that may not be only spaces or invisible characters
REQUIRED_NAMES: dict[str, frozenset[str]] = {
    "enterprise": frozenset({"name"}),
    "staff": frozenset({"name", "login"}),
    "zone": frozenset({"name"}),
    "policy": frozenset({"title"}),
    "proxyservice": frozenset({"item"}),
    "proxymilestone": frozenset({"title"}),
}


def field_labels(table: str) -> dict[str, str]:
    """Field → marked name for the texts of table ``table``."""
    out = dict(FIELD_LABELS)
    out.update({f: label for (t, f), label in TABLE_LABELS.items() if t == table})
    return out
