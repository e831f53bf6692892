"""Input validation with messages in the user's language (marked for Qt translation).

Every function either returns the normalised value or raises :class:`ValidationError` naming
the field, so a form can keep what was typed and point at what is wrong. Shared by the desktop
services and the server's importer (``fieldkit.services.validation`` re-exports it).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from .errors import ValidationError
from .i18n import QT_TRANSLATE_NOOP
from .identifiers import credit_code_problem, normalise_credit_code, normalise_phone, to_halfwidth
from .text_rules import check_ascii_digits, check_text

#: the message of each credit-code problem (fieldkit.domain.identifiers.CodeProblem.kind)
_CREDIT_CODE_MESSAGES = {
    "empty": QT_TRANSLATE_NOOP("Validation", "请填写统一社会信用代码"),
    "length": QT_TRANSLATE_NOOP("Validation", "统一社会信用代码应为18位，当前为{n}位"),
    "charset": QT_TRANSLATE_NOOP(
        "Validation", "统一社会信用代码含有不允许的字符：{chars}（不使用I、O、S、V、Z）"
    ),
    "authority": QT_TRANSLATE_NOOP("Validation", "统一社会信用代码第1位登记管理部门代码“{ch}”无效"),
    "region": QT_TRANSLATE_NOOP("Validation", "统一社会信用代码第3至8位应为行政区划码（6位数字）"),
    "check": QT_TRANSLATE_NOOP(
        "Validation", "统一社会信用代码校验位错误：第18位应为“{expected}”，实为“{actual}”"
    ),
}


def validate_credit_code(code: str, field: str = "credit_code") -> str:
    """Validate a unified social credit code (统一社会信用代码) and return it normalised."""
    label = QT_TRANSLATE_NOOP("Validation", "统一社会信用代码")
    check_text(code or "", field, label)
    check_ascii_digits(to_halfwidth(code or ""), field, label)
    problem = credit_code_problem(code)
    if problem is not None:
        raise ValidationError(_CREDIT_CODE_MESSAGES[problem.kind], field, **problem.params)
    return normalise_credit_code(code)


def validate_phone(phone: str, field: str = "phone", required: bool = False) -> str:
    """Mainland mobile (11 digits from 13–19), landline with area code, or 400/800 numbers."""
    label = QT_TRANSLATE_NOOP("Validation", "联系电话")
    check_text(phone or "", field, label)
    check_ascii_digits(to_halfwidth(phone or ""), field, label)
    p = normalise_phone(phone)
    if p == "" and required:
        raise ValidationError(QT_TRANSLATE_NOOP("Validation", "请填写联系电话"), field)
    if p is None:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Validation",
                "电话号码“{value}”格式不正确：手机号应为1开头的11位数字，固话应含区号（如028-12345678）",
            ),
            field,
            value=phone,
        )
    return p


def require(value: str | None, field: str, label: str) -> str:
    """A required text field; ``label`` is the (Chinese source) field name, itself translatable."""
    v = (value or "").strip()
    check_text(v, field, label)
    if not v:
        raise ValidationError(QT_TRANSLATE_NOOP("Validation", "请填写{label}"), field, label=label)
    return check_text(v, field, label, required=True)  # not only zero-width characters


def parse_date(
    value: str | date | None, field: str, required: bool = True, label: str | None = None
) -> date | None:
    """Accept 2026-11-21, 2026/11/21, 2026.11.21, 20261121 and 2026年11月21日. ``label`` (a
    marked field name, context Validation) names the missing date: "请填写办理时限"."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    name = label or QT_TRANSLATE_NOOP("Validation", "日期")
    s = to_halfwidth(check_text((value or "").strip(), field, name))
    check_ascii_digits(s, field, name)
    if not s:
        if required:
            if label:
                raise ValidationError(QT_TRANSLATE_NOOP("Validation", "请填写{label}"), field, label=label)
            raise ValidationError(QT_TRANSLATE_NOOP("Validation", "请填写日期"), field)
        return None
    m = re.match(r"^([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?$", s) or re.match(
        r"^([0-9]{4})([0-9]{2})([0-9]{2})$", s
    )
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise ValidationError(
        QT_TRANSLATE_NOOP("Validation", "日期“{value}”无效，请按 2026-11-21 的格式填写"), field, value=value
    )


def one_of(value: str, allowed: set[str] | list[str], field: str) -> str:
    if value not in allowed:
        raise ValidationError(QT_TRANSLATE_NOOP("Validation", "“{value}”不是有效的选项"), field, value=value)
    return value
