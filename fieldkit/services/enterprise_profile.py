"""The 一企一档 domains (生产经营, 知识产权, 信用信息, 上市融资; :mod:`fieldkit.domain.enterprise_profile`)
for the screens and forms: the catalogue and the display of stored values."""

from __future__ import annotations

import json
from typing import Any

from fieldkit.domain.enterprise_profile import DOMAINS as PROFILE_DOMAINS
from fieldkit.domain.enterprise_profile import ITEMS as PROFILE_ITEMS
from fieldkit.domain.enterprise_profile import Domain, clean_profile, shown

from .i18n import translate

PROFILE_BY_KEY: dict[str, Domain] = {d.key: d for d in PROFILE_DOMAINS}


def profile_text(profile: Any) -> str:
    """A canonical text of a profile (cleaned when it can be), to tell whether it changed."""
    try:
        value: Any = clean_profile(profile or {})
    except Exception:  # noqa: BLE001 - an invalid edit differs from any stored profile
        value = profile
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def profile_lines(
    profile: dict[str, Any] | None, translated: bool = True
) -> list[tuple[str, list[tuple[str, str]]]]:
    """(domain title, [(item label with unit, value)]) of every domain, blanks as "" (the printed
    form shows every item so that it can be filled in by hand); Chinese when not ``translated``."""

    def text_of(context: str, text: str) -> str:
        return translate(context, text) if translated else text

    out = []
    for dom in PROFILE_DOMAINS:
        stored = (profile or {}).get(dom.key) or {}
        rows = []
        for item in dom.items:
            name = text_of("Validation", item.label)
            if item.unit:
                name = f"{name}（{text_of('Profile', item.unit)}）"
            value = shown(item, stored.get(item.key))
            if item.kind == "choice" and value:
                value = text_of("Profile", value)
            rows.append((name, value))
        out.append((text_of("Profile", dom.label), rows))
    return out


__all__ = ["PROFILE_BY_KEY", "PROFILE_DOMAINS", "PROFILE_ITEMS", "profile_lines", "profile_text"]
