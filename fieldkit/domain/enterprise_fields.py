"""The fields of an enterprise (一企一档) as a person types or imports them: validated and normalised
with every error at once. Shared by the desktop services and the server's importer
(``fieldkit.services.enterprises`` re-exports it)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .enterprise_profile import clean_profile
from .errors import ValidationError, ValidationErrors
from .field_labels import MULTILINE_COLUMNS, field_labels
from .i18n import QT_TRANSLATE_NOOP
from .identifiers import to_halfwidth
from .text_rules import problem_error, text_problem
from .validation import require, validate_credit_code, validate_phone

SCALES = ("large", "medium", "small", "micro")
STAGES = ("startup", "construction", "operation", "upgrading", "change", "deregistration")
STATUSES = ("operating", "hibernating", "deregistered")
#: the contact channel agreed with the enterprise (seed 000 §6.1); "" until agreed
CONTACT_CHANNELS = ("online", "offline")


#: enterprise fields that hold free text (tab and newline allowed)
MULTILINE = frozenset({"notes"}) | MULTILINE_COLUMNS["enterprise"]


def clean_enterprise_fields(data: dict[str, Any], limits: Mapping[str, int] | None = None) -> dict[str, Any]:
    """Validate and normalise enterprise fields; collect every error at once. ``limits`` (field →
    longest text, ``fieldkit.models.limits.text_limits(Enterprise)``) refuses over-long texts;
    control characters, lone surrogates and non-ASCII digits are refused whatever the limits."""
    errors: list[ValidationError] = []
    out = dict(data)

    def attempt(fn: Any, *a: Any, **kw: Any) -> Any:
        try:
            return fn(*a, **kw)
        except ValidationError as e:
            errors.append(e)
            return None

    if "name" in data:
        out["name"] = attempt(
            require,
            to_halfwidth_keep_cjk(data.get("name")),
            "name",
            QT_TRANSLATE_NOOP("Validation", "企业名称"),
        )
    if "credit_code" in data:
        out["credit_code"] = attempt(validate_credit_code, data.get("credit_code") or "")
    if "contact_phone" in data:
        out["contact_phone"] = attempt(validate_phone, data.get("contact_phone") or "", "contact_phone")
    for key, allowed in (("scale", SCALES), ("stage", STAGES), ("status", STATUSES)):
        if key in data and data[key] not in allowed:
            errors.append(
                ValidationError(
                    QT_TRANSLATE_NOOP("Validation", "“{value}”不是有效的选项"), key, value=data[key]
                )
            )
    if "industry" in data:
        ind = (data.get("industry") or "").strip().upper()
        if ind and not re.fullmatch(r"[A-T]", ind):
            errors.append(
                ValidationError(
                    QT_TRANSLATE_NOOP("Validation", "所属行业“{value}”无效，应为国民经济行业分类门类 A–T"),
                    "industry",
                    value=data["industry"],
                )
            )
        out["industry"] = ind
    if "contact_channel" in data:
        channel = data.get("contact_channel") or ""
        if channel and channel not in CONTACT_CHANNELS:
            errors.append(
                ValidationError(
                    QT_TRANSLATE_NOOP("Validation", "“{value}”不是有效的选项"),
                    "contact_channel",
                    value=channel,
                )
            )
        out["contact_channel"] = channel
    if "profile" in data:
        try:
            out["profile"] = clean_profile(data.get("profile"))
        except ValidationErrors as e:
            errors.extend(e.errors)
    if "tags" in data:
        out["tags"] = sorted({t.strip() for t in (data.get("tags") or []) if t and t.strip()})
    for key in ("legal_representative", "contact_person", "address", "notes"):
        if key in data:
            out[key] = (data.get(key) or "").strip()
    labels = field_labels("enterprise")
    for key, value in out.items():
        if not isinstance(value, str) or any(e.field == key for e in errors):
            continue
        problem = text_problem(
            value, max_length=(limits or {}).get(key), multiline=key in MULTILINE, required=key == "name"
        )
        if problem is not None:
            errors.append(problem_error(problem, key, labels.get(key, labels["notes"])))
    for tag in out.get("tags") or []:
        problem = text_problem(tag) if isinstance(tag, str) else None
        if problem is not None:
            errors.append(problem_error(problem, "tags", labels["tags"]))
            break
    if errors:
        raise ValidationErrors(errors)
    return out


def to_halfwidth_keep_cjk(value: str | None) -> str:
    """Full-width Latin letters/digits to half-width; Chinese punctuation in names kept (（）)."""
    s = (value or "").strip()
    return "".join(to_halfwidth(ch) if "\uff10" <= ch <= "\uff5a" else ch for ch in s)
