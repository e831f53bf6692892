"""Reference data shipped as editable JSON in ``resources/data`` (stages and their service-item
catalogue, specialist types, GB/T 4754 sections, policy categories, demand categories, tags)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fieldkit.config import RESOURCES

from .i18n import current_language

DATA = RESOURCES / "data"


@dataclass(frozen=True)
class Entry:
    code: str
    zh: str
    en: str
    extra: dict[str, Any]

    def label(self, lang: str | None = None) -> str:
        """The label in ``lang`` (default: the interface language)."""
        return self.en if (lang or current_language()).startswith("en") else self.zh


def _load(name: str, key: str, folder: Path = DATA) -> list[Entry]:
    raw = json.loads((folder / name).read_text(encoding="utf-8"))
    out = []
    for item in raw[key]:
        extra = {k: v for k, v in item.items() if k not in ("code", "zh", "en")}
        out.append(Entry(item["code"], item["zh"], item["en"], extra))
    return out


@dataclass(frozen=True)
class Reference:
    stages: list[Entry]
    specialist_types: list[Entry]
    industries: list[Entry]
    policy_categories: list[Entry]
    policy_levels: list[Entry]
    demand_categories: list[Entry]
    tag_kinds: list[Entry]
    evaluation_dimensions: list[Entry]

    def service_items(self, stage: str) -> list[Entry]:
        for s in self.stages:
            if s.code == stage:
                return [
                    Entry(i["code"], i["zh"], i["en"], {"source": i.get("source", "")})
                    for i in s.extra.get("items", [])
                ]
        return []

    def all_service_items(self) -> dict[str, Entry]:
        return {i.code: i for s in self.stages for i in self.service_items(s.code)}

    def demand_categories_for(self, kind: str) -> list[Entry]:
        """The categories offered for a demand of ``kind`` (demand / complaint / suggestion): an
        entry with ``kinds`` only for those (the conduct of staff only for complaints)."""
        return [c for c in self.demand_categories if kind in c.extra.get("kinds", [kind])]

    def tags_by_kind(self) -> dict[str, list[str]]:
        return {k.code: list(k.extra.get("tags", [])) for k in self.tag_kinds}

    def tag_label(self, tag: str, lang: str | None = None) -> str:
        """A profile tag for display: its English in an English interface (tags.json ``tags_en``);
        the stored value stays the Chinese key, and a free tag is shown as typed."""
        if not (lang or current_language()).startswith("en"):
            return tag
        for k in self.tag_kinds:
            en = k.extra.get("tags_en", {}).get(tag)
            if en:
                return str(en)
        return tag

    def tag_labels(self, tags: Any, lang: str | None = None) -> str:
        """Several tags for display, joined as the interface joins lists (、 or , )."""
        lang = lang or current_language()
        sep = ", " if lang.startswith("en") else "、"
        return sep.join(self.tag_label(str(t), lang) for t in tags or ())

    def label(self, table: str, code: str | None, lang: str | None = None) -> str:
        """Label of ``code`` in one of the lists (``stages``, ``industries`` ...); the code if unknown."""
        if not code:
            return ""
        entries: list[Entry] = getattr(self, table)
        for e in entries:
            if e.code == code:
                return e.label(lang)
        return code


@cache
def load(folder: Path = DATA) -> Reference:
    pc = json.loads((folder / "policy_categories.json").read_text(encoding="utf-8"))
    return Reference(
        stages=_load("stages.json", "stages", folder),
        specialist_types=_load("specialist_types.json", "types", folder),
        industries=_load("industries.json", "industries", folder),
        policy_categories=[
            Entry(c["code"], c["zh"], c["en"], {"note": c.get("note", "")}) for c in pc["categories"]
        ],
        policy_levels=[Entry(c["code"], c["zh"], c["en"], {}) for c in pc["levels"]],
        demand_categories=_load("demand_categories.json", "categories", folder),
        tag_kinds=_load("tags.json", "kinds", folder),
        evaluation_dimensions=_load("evaluation_dimensions.json", "dimensions", folder),
    )
