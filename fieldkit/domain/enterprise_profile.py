"""The 一企一档 domains of seed 003 §5.2.1.2 beyond the basic facts: 生产经营 figures, 知识产权,
信用信息 and 上市融资. Stored as one JSON object on the enterprise (``Enterprise.profile``):
``{"operations": {"year": 2025, "revenue": 12800.5, ...}, "ip": {...}, ...}``; every value is
optional and a missing one prints as a blank. :func:`clean_profile` validates what a person typed
and returns every error at once (field ``profile.<domain>.<key>``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import ValidationError, ValidationErrors
from .i18n import QT_TRANSLATE_NOOP as N
from .identifiers import to_halfwidth
from .text_rules import problem_error, text_problem

#: value kinds: a whole count, an amount in 万元 (two decimals), a year, one line of text, a choice
COUNT, AMOUNT, YEAR, TEXT, CHOICE = "count", "amount", "year", "text", "choice"

#: the longest text a profile item takes
TEXT_LIMIT = 200


@dataclass(frozen=True)
class Item:
    key: str
    label: str  # marked, context "Validation" (it names the field in messages too)
    kind: str
    unit: str = ""  # marked, context "Profile"
    choices: tuple[tuple[str, str], ...] = ()  # (code, marked label)


@dataclass(frozen=True)
class Domain:
    key: str
    label: str
    items: tuple[Item, ...]


WAN = N("Profile", "万元")
PIECES = N("Profile", "件")

DOMAINS: tuple[Domain, ...] = (
    Domain(
        "operations",
        N("Profile", "生产经营"),
        (
            Item("year", N("Validation", "统计年度"), YEAR),
            Item("output_value", N("Validation", "产值"), AMOUNT, WAN),
            Item("revenue", N("Validation", "营业收入"), AMOUNT, WAN),
            Item("tax", N("Validation", "纳税额"), AMOUNT, WAN),
            Item("employees", N("Validation", "从业人员"), COUNT, N("Profile", "人")),
            Item("rd_staff", N("Validation", "其中研发人员"), COUNT, N("Profile", "人")),
        ),
    ),
    Domain(
        "ip",
        N("Profile", "知识产权"),
        (
            Item("invention_patents", N("Validation", "发明专利"), COUNT, PIECES),
            Item("utility_patents", N("Validation", "实用新型和外观设计专利"), COUNT, PIECES),
            Item("trademarks", N("Validation", "注册商标"), COUNT, PIECES),
            Item("software_copyrights", N("Validation", "软件著作权"), COUNT, PIECES),
        ),
    ),
    Domain(
        "credit",
        N("Profile", "信用信息"),
        (
            Item(
                "tax_credit",
                N("Validation", "纳税信用等级"),
                CHOICE,
                choices=(("A", "A"), ("B", "B"), ("M", "M"), ("C", "C"), ("D", "D")),
            ),
            Item("abnormal", N("Validation", "经营异常或严重失信记录"), TEXT),
            Item("penalties", N("Validation", "行政处罚"), TEXT),
        ),
    ),
    Domain(
        "listing",
        N("Profile", "上市融资"),
        (
            Item(
                "listing_status",
                N("Validation", "上市情况"),
                CHOICE,
                choices=(
                    ("none", N("Profile", "未上市")),
                    ("preparing", N("Profile", "拟上市（辅导备案中）")),
                    ("listed", N("Profile", "已上市")),
                ),
            ),
            Item("board", N("Validation", "上市板块或股票代码"), TEXT),
            Item("financing", N("Validation", "近期融资（轮次、金额、机构）"), TEXT),
        ),
    ),
)

ITEMS: dict[tuple[str, str], Item] = {(d.key, i.key): i for d in DOMAINS for i in d.items}


def _number(item: Item, raw: Any, fld: str) -> int | float:
    text = to_halfwidth(str(raw)).strip().replace(",", "").replace("，", "")
    if item.kind == AMOUNT:
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                N("Validation", "“{label}”应为金额（万元），如 1280.5"), fld, label=item.label
            ) from None
        if not value.is_finite() or value < 0 or value >= Decimal("1e12"):
            raise ValidationError(
                N("Validation", "“{label}”应为金额（万元），如 1280.5"), fld, label=item.label
            )
        return float(round(value, 2))
    if not re.fullmatch(r"\d{1,12}", text):
        if item.kind == YEAR:
            raise ValidationError(N("Validation", "“{label}”应为四位年份，如 2025"), fld, label=item.label)
        raise ValidationError(N("Validation", "“{label}”应为不小于 0 的整数"), fld, label=item.label)
    number = int(text)
    if item.kind == YEAR and not 1949 <= number <= 2100:
        raise ValidationError(N("Validation", "“{label}”应为四位年份，如 2025"), fld, label=item.label)
    return number


def clean_profile(data: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    """The profile as stored: known domains and items only, blanks dropped, numbers as numbers;
    raises :class:`ValidationErrors` with every bad item."""
    out: dict[str, dict[str, Any]] = {}
    errors: list[ValidationError] = []
    if data is None:
        return out
    if not isinstance(data, Mapping):
        raise ValidationErrors([ValidationError(N("Validation", "企业档案格式不正确"), "profile")])
    for dkey, values in data.items():
        if not isinstance(values, Mapping):
            errors.append(ValidationError(N("Validation", "企业档案格式不正确"), "profile"))
            continue
        for key, raw in values.items():
            item = ITEMS.get((str(dkey), str(key)))
            fld = f"profile.{dkey}.{key}"
            if item is None:
                errors.append(ValidationError(N("Validation", "企业档案格式不正确"), fld))
                continue
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            try:
                if item.kind in (COUNT, AMOUNT, YEAR):
                    value: Any = _number(item, raw, fld)
                elif item.kind == CHOICE:
                    value = str(raw).strip()
                    if value not in {c for c, _ in item.choices}:
                        raise ValidationError(N("Validation", "“{value}”不是有效的选项"), fld, value=value)
                else:
                    value = str(raw).strip()
                    problem = text_problem(value, max_length=TEXT_LIMIT)
                    if problem is not None:
                        raise problem_error(problem, fld, item.label)
            except ValidationError as e:
                errors.append(e)
                continue
            out.setdefault(str(dkey), {})[str(key)] = value
    if errors:
        raise ValidationErrors(errors)
    return out


def shown(item: Item, value: Any) -> str:
    """A stored value as printed (the Chinese source label of a choice; a blank for none)."""
    if value is None or value == "":
        return ""
    if item.kind == CHOICE:
        return dict(item.choices).get(str(value), str(value))
    if item.kind == AMOUNT:
        return f"{float(value):,.2f}".rstrip("0").rstrip(".")
    return str(value)
