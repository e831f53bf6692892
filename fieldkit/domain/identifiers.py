"""Unified social credit codes (统一社会信用代码, GB 32100-2015) and mainland phone numbers.

Pure checks: they say what is wrong (a :class:`CodeProblem`) or return the normalised value; the
services turn a problem into a translatable message for the field it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class CodeProblem:
    """Why a credit code is invalid: ``kind`` is one of empty, length (n), charset (chars),
    authority (ch), region, check (expected, actual); ``params`` fill the message."""

    kind: str
    params: dict[str, object] = field(default_factory=dict)


def credit_code_problem(code: str) -> CodeProblem | None:
    """The first thing wrong with ``code`` (normalised first), or None when it is valid."""
    c = normalise_credit_code(code)
    if not c:
        return CodeProblem("empty")
    if len(c) != 18:
        return CodeProblem("length", {"n": len(c)})
    bad = sorted({ch for ch in c if ch not in USCC_CHARSET})
    if bad:
        return CodeProblem("charset", {"chars": "".join(bad)})
    if c[0] not in USCC_AUTHORITIES:
        return CodeProblem("authority", {"ch": c[0]})
    if not all(ch in "0123456789" for ch in c[2:8]):
        return CodeProblem("region")
    expected = uscc_check_char(c[:17])
    if c[17] != expected:
        return CodeProblem("check", {"expected": expected, "actual": c[17]})
    return None


def is_valid_credit_code(code: str) -> bool:
    return credit_code_problem(code) is None


# [0-9], never \d: \d (and str.isdigit) also match Arabic-Indic and other digits
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
_LANDLINE = re.compile(r"^0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?$")
_SERVICE = re.compile(r"^(400|800)-?[0-9]{3}-?[0-9]{4}$")


def normalise_phone(phone: str) -> str | None:
    """Mainland mobile (11 digits from 13–19), landline with area code, or 400/800 number in its
    normal form; "" when nothing was typed, None when it is not a valid number."""
    p = re.sub(r"[\s()（）]", "", to_halfwidth(phone or ""))
    international = p.startswith(("+86", "0086"))
    if international:
        p = p[3:] if p.startswith("+86") else p[4:]
        p = p.lstrip("-")
    if not p:
        return ""
    digits = p.replace("-", "")
    if _MOBILE.match(digits):  # 138-0013-8000 is how mobiles are often written
        return digits
    if international and not p.startswith("0") and not _SERVICE.match(p):
        p = "0" + p  # +86 28 12345678: the international form drops the trunk prefix 0
    if _LANDLINE.match(p) or _SERVICE.match(p):
        return p
    return None


def is_valid_phone(phone: str) -> bool:
    return bool(normalise_phone(phone))
