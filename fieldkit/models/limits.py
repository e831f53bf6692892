"""The text limits of the tables, read from the models' ``max_length`` (their column lengths), so
the checks of :mod:`fieldkit.domain.text_rules` never restate a number the schema holds.

A text column with a length is a one-line field (a name, a code, a department); a text column
without one is free text (notes, a record's content) and may hold tabs and newlines."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import String
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString


def _is_text(column: Any) -> bool:
    return isinstance(column.type, String | AutoString)


@cache
def text_limits(model: type[SQLModel]) -> dict[str, int]:
    """Column name → the longest text it holds, for every text column with a ``max_length``."""
    table = model.__table__  # type: ignore[attr-defined]
    return {c.name: int(c.type.length) for c in table.columns if _is_text(c) and c.type.length is not None}


@cache
def free_text_fields(model: type[SQLModel]) -> frozenset[str]:
    """Text columns without a length: multi-line free text."""
    table = model.__table__  # type: ignore[attr-defined]
    return frozenset(c.name for c in table.columns if _is_text(c) and c.type.length is None)
