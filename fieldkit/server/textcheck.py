"""What the server accepts as text, before anything stores or hashes it.

A pushed value longer than its model field's ``max_length``, or holding a control character
(anything of Unicode category Cc but tab and line breaks), a lone surrogate or a noncharacter, is
rejected with a reason naming the field, and kept in the ledger like any rejected mutation:
never a 500 from a driver that cannot encode it. The same characters in a login, password or
device id make a failed sign-in.

The rules are the desktop's (:mod:`fieldkit.domain.text_rules`, limits from the models by
:mod:`fieldkit.models.limits`), so a value is refused for the same reason on both sides, and the
reason names the field as the user knows it (“企业名称”, not ``name``): its parameters are the
table and the column, which :mod:`fieldkit.domain.reasons` turns into that label.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any

import orjson
from annotated_types import MaxLen
from pydantic import BaseModel
from sqlmodel import SQLModel

from fieldkit.domain.field_labels import MULTILINE_COLUMNS
from fieldkit.domain.text_rules import text_problem
from fieldkit.models.limits import free_text_fields, text_limits

_ALLOWED_CONTROL = frozenset("\t\n\r")
#: every character either check (:func:`bad_char`, ``text_problem``) might refuse: controls (Cc)
#: and line breaks, the reordering / separator format characters, surrogates, noncharacters. A text
#: without any is acceptable as far as its characters go, which spares the per-character walk
#: (tests/server/test_textcheck.py checks the class against every code point)
_SUSPECT = re.compile(
    "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(17)).replace("\\U0000", "\\u")
    + "]"
)


def suspect(text: str) -> bool:
    """False when ``text`` holds no character that any text rule could refuse."""
    return _SUSPECT.search(text) is not None


def bad_char(text: str) -> bool:
    """True when ``text`` holds a character no field may hold."""
    if _SUSPECT.search(text) is None:
        return False  # (plain text: no per-character walk)
    for ch in text:
        if ch.isprintable() or ch in _ALLOWED_CONTROL:
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs") or (cat == "Cn" and (ord(ch) & 0xFFFE) == 0xFFFE):
            return True
    return False


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def max_length(model: type[BaseModel], field: str) -> int | None:
    info = model.model_fields.get(field)
    if info is None:
        return None
    for m in info.metadata:
        if isinstance(m, MaxLen):
            return int(m.max_length)
    return None


@cache
def _rules(model: type[BaseModel], table: str) -> tuple[dict[str, int | None], frozenset[str]]:
    """(field -> length limit, multi-line fields) of a table, worked out once."""
    limits: dict[str, int] = {}
    multiline: frozenset[str] = frozenset()
    if isinstance(model, type) and issubclass(model, SQLModel) and hasattr(model, "__table__"):
        limits = text_limits(model)
        multiline = free_text_fields(model) | MULTILINE_COLUMNS.get(table, frozenset())
    every = {f: limits.get(f, max_length(model, f)) for f in model.model_fields}
    return every, multiline


_SCALARS = (bool, int, float)


def problem(
    model: type[BaseModel], changes: dict[str, Any], table: str = ""
) -> tuple[str, dict[str, Any]] | None:
    """(reason code, raw parameters) of the first field of ``changes`` that is not acceptable
    text: ``table`` and ``field`` (the column's name, escaped when it is no plain text) name it."""
    limits, multiline = _rules(model, table)
    for field, value in changes.items():
        known = field in limits  # a model field: its name is plain
        if known and (value is None or type(value) in _SCALARS):
            continue  # no text at all
        limit = limits.get(field)
        if isinstance(value, str) and (limit is None or len(value) <= limit) and not suspect(value):
            if known or not suspect(field):
                continue  # the common case: plain text within its limit
        where = {"table": table, "field": field.encode("utf-8", "backslashreplace").decode()}
        if bad_char(field) or (not isinstance(value, str) and any(bad_char(s) for s in _strings(value))):
            return "control_chars", where
        if not isinstance(value, str):
            continue
        found = text_problem(value, max_length=limit, multiline=field in multiline)
        if found is None:
            continue
        if found.kind == "length":
            return "too_long", {**where, "length": len(value), "limit": limit}
        if found.kind == "newline":
            return "one_line", where
        return "control_chars", where
    return None


def escaped(text: str) -> str:
    """``text`` with each character :func:`bad_char` refuses written as ``\\xNN`` (for the audit)."""
    return "".join(f"\\x{ord(ch):02x}" if bad_char(ch) else ch for ch in text)


#: the identifiers of a mutation: written to text columns as they are, so a NUL or a lone
#: surrogate there cannot even be kept (the request is answered 422)
MUTATION_IDS = ("mutation_id", "device_id", "tx_id", "table", "row_id", "actor_id")


def unstorable(value: Any) -> bool:
    """True when ``value`` holds a lone surrogate, which no database text or JSON column takes."""
    try:
        orjson.dumps(value)  # encodes every string (keys too) as UTF-8, which refuses a surrogate
        return False
    except TypeError:  # orjson.JSONEncodeError: a surrogate, or a value it does not take (look)
        pass
    return any(_SURROGATE.search(s) is not None for s in _strings(value))


#: Unicode's surrogates (category Cs): a str holds one only as a lone surrogate
_SURROGATE = re.compile("[\ud800-\udfff]")
