"""Input validation with messages in the user's language (marked for Qt translation).

Every function either returns the normalised value or raises :class:`ValidationError` naming
the field, so a form can keep what was typed and point at what is wrong.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from .errors import ValidationError
from .i18n import QT_TRANSLATE_NOOP

# GB 32100-2015: 18 characters from this 31-character set (no I, O, S, V, Z)
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# first character: registration authority (1 机构编制, 5 民政, 9 工商/市场监管, Y 其他 ... )
USCC_AUTHORITIES = "123456789ABCDEFGNY"


def to_halfwidth(text: str) -> str:
    """Full-width letters, digits and punctuation (as typed with a Chinese IME) to half-width."""
    return unicodedata.normalize("NFKC", text)


def normalise_credit_code(code: str) -> str:
    return re.sub(r"[\s\-]", "", to_halfwidth(code or "")).upper()


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(code: str, field: str = "credit_code") -> str:
    """Validate a unified social credit code (统一社会信用代码) and return it normalised."""
    c = normalise_credit_code(code)
    if not c:
        raise ValidationError(QT_TRANSLATE_NOOP("Validation", "请填写统一社会信用代码"), field)
    if len(c) != 18:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Validation", "统一社会信用代码应为18位，当前为{n}位"), field, n=len(c))
    bad = sorted({ch for ch in c if ch not in USCC_CHARSET})
    if bad:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Validation", "统一社会信用代码含有不允许的字符：{chars}（不使用I、O、S、V、Z）"),
            field, chars="".join(bad))
    if c[0] not in USCC_AUTHORITIES:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Validation", "统一社会信用代码第1位登记管理部门代码“{ch}”无效"), field, ch=c[0])
    if not c[2:8].isdigit():
        raise ValidationError(
            QT_TRANSLATE_NOOP("Validation", "统一社会信用代码第3至8位应为行政区划码（6位数字）"), field)
    expected = uscc_check_char(c[:17])
    if c[17] != expected:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Validation", "统一社会信用代码校验位错误：第18位应为“{expected}”，实为“{actual}”"),
            field, expected=expected, actual=c[17])
    return c


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_SERVICE = re.compile(r"^(400|800)-?\d{3}-?\d{4}$")


def validate_phone(phone: str, field: str = "phone", required: bool = False) -> str:
    """Mainland mobile (11 digits from 13–19), landline with area code, or 400/800 numbers."""
    p = re.sub(r"[\s()（）]", "", to_halfwidth(phone or ""))
    international = p.startswith(("+86", "0086"))
    if international:
        p = p[3:] if p.startswith("+86") else p[4:]
        p = p.lstrip("-")
    if not p:
        if required:
            raise ValidationError(QT_TRANSLATE_NOOP("Validation", "请填写联系电话"), field)
        return ""
    digits = p.replace("-", "")
    if _MOBILE.match(digits):  # 138-0013-8000 is how mobiles are often written
        return digits
    if international and not p.startswith("0") and not _SERVICE.match(p):
        p = "0" + p  # +86 28 12345678: the international form drops the trunk prefix 0
    if _LANDLINE.match(p) or _SERVICE.match(p):
        return p
    raise ValidationError(
        QT_TRANSLATE_NOOP("Validation", "电话号码“{value}”格式不正确：手机号应为1开头的11位数字，固话应含区号（如028-12345678）"),
        field, value=phone)


def require(value: str | None, field: str, label: str) -> str:
    """A required text field; ``label`` is the (Chinese source) field name, itself translatable."""
    v = (value or "").strip()
    if not v:
        raise ValidationError(QT_TRANSLATE_NOOP("Validation", "请填写{label}"), field, label=label)
    return v


def parse_date(value: str | date | None, field: str, required: bool = True) -> date | None:
    """Accept 2026-11-21, 2026/11/21, 2026.11.21, 20261121 and 2026年11月21日."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = to_halfwidth((value or "").strip())
    if not s:
        if required:
            raise ValidationError(QT_TRANSLATE_NOOP("Validation", "请填写日期"), field)
        return None
    m = re.match(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$", s) or re.match(r"^(\d{4})(\d{2})(\d{2})$", s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise ValidationError(
        QT_TRANSLATE_NOOP("Validation", "日期“{value}”无效，请按 2026-11-21 的格式填写"), field, value=value)


def one_of(value: str, allowed: set[str] | list[str], field: str) -> str:
    if value not in allowed:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Validation", "“{value}”不是有效的选项"), field, value=value)
    return value
