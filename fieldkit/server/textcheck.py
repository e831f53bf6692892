"""What the server accepts as text, before anything stores or hashes it.

A pushed value longer than its model field's ``max_length``, or holding a control character
(anything of Unicode category Cc but tab and line breaks), a lone surrogate or a noncharacter, is
rejected with a reason naming the field, and kept in the ledger like any rejected mutation:
never a 500 from a driver that cannot encode it. The same characters in a login, password or
device id make a failed sign-in.

A minimal check of the server's own: helper ``input`` writes the shared validators in
fieldkit/domain/ (limits from the models, control-character rules); when they land this module
should call them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from annotated_types import MaxLen
from pydantic import BaseModel

_ALLOWED_CONTROL = frozenset("\t\n\r")


def bad_char(text: str) -> bool:
    """True when ``text`` holds a character no field may hold."""
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


def problem(model: type[BaseModel], changes: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(reason code, parameters) of the first field of ``changes`` that is not acceptable text."""
    for field, value in changes.items():
        if bad_char(field) or any(bad_char(s) for s in _strings(value)):
            return "control_chars", {"field": field.encode("utf-8", "backslashreplace").decode()}
        limit = max_length(model, field)
        if limit is not None and isinstance(value, str) and len(value) > limit:
            return "too_long", {"field": field, "length": len(value), "limit": limit}
    return None


def escaped(text: str) -> str:
    """``text`` with each character :func:`bad_char` refuses written as ``\\xNN`` (for the audit)."""
    return "".join(f"\\x{ord(ch):02x}" if bad_char(ch) else ch for ch in text)


#: the identifiers of a mutation: written to text columns as they are, so a NUL or a lone
#: surrogate there cannot even be kept (the request is answered 422)
MUTATION_IDS = ("mutation_id", "device_id", "tx_id", "table", "row_id", "actor_id")


def unstorable(value: Any) -> bool:
    """True when ``value`` holds a lone surrogate, which no database text or JSON column takes."""
    return any(unicodedata.category(ch) == "Cs" for s in _strings(value) for ch in s if not ch.isprintable())
