"""The service-item catalogue (服务事项) as a rule: a record names only items the catalogue holds.

The catalogue is ``resources/data/stages.json`` (each stage's ``items``); the desktop services,
the server's push and any import read it through :func:`catalogue` and refuse unknown codes with
:func:`check_item_codes`, so a record with a made-up code is stopped wherever it enters.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ValidationError
from .i18n import QT_TRANSLATE_NOOP


@cache
def catalogue(folder: Path) -> frozenset[str]:
    """Every service-item code of ``folder``/stages.json (the reference data folder)."""
    raw: Any = json.loads((folder / "stages.json").read_text(encoding="utf-8"))
    return frozenset(str(item["code"]) for stage in raw["stages"] for item in stage.get("items", []))


def unknown_item_codes(codes: Iterable[Any], known: frozenset[str]) -> list[str]:
    """The codes of ``codes`` the catalogue does not hold, in their order, each once."""
    out: list[str] = []
    for code in codes:
        text = str(code)
        if text not in known and text not in out:
            out.append(text)
    return out


def check_item_codes(codes: Any, known: frozenset[str], field: str = "service_items") -> list[str]:
    """``codes`` as a list of known item codes; raises :class:`ValidationError` naming the unknown
    ones (or when ``codes`` is not a list of texts)."""
    if codes is None:
        return []
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise ValidationError(QT_TRANSLATE_NOOP("Validation", "服务事项格式不正确"), field)
    unknown = unknown_item_codes(codes, known)
    if unknown:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Validation", "服务事项“{codes}”不在服务事项目录中，请从目录中选择"),
            field,
            codes="、".join(unknown),
        )
    return list(codes)
