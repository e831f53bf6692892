"""Planner hints for SQLite queries over the whole zone."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.sql.elements import ColumnElement, UnaryExpression
from sqlalchemy.sql.operators import custom_op
from sqlmodel import col

_S = TypeVar("_S")


def no_index(column: Any) -> Any:
    """``+column``: the same value (SQLite's unary plus is a no-op on any type) that keeps the planner
    from walking that column's index — for a condition nearly every row meets (``amends_id IS NULL``,
    ``planned_date < today`` of every done plan) when another one (a date range on a covering index)
    is the selective one."""
    c: ColumnElement[Any] = col(column)  # type: ignore[assignment]  # an instrumented column is one
    return UnaryExpression(c, operator=custom_op("+"), type_=c.type)


def _sqlite_from_hint(self: SQLiteCompiler, table: Any, text: str | None) -> str | None:
    return text


# SQLAlchemy's SQLite compiler drops a statement's table hints (``with_hint``); SQLite's one table
# hint is ``INDEXED BY``, written right after the table's name, which is what the base compiler
# renders when the dialect returns the hint's text. Other dialects (PostgreSQL) ignore a hint
# given for "sqlite".
SQLiteCompiler.get_from_hint_text = _sqlite_from_hint  # type: ignore[method-assign,assignment]


def indexed_by(statement: _S, entity: Any, index: str) -> _S:
    """``FROM table INDEXED BY index`` on SQLite: the plan is that index's, whatever the statistics.

    For a range on a covering index that the planner trades, under some ``ANALYZE`` figures, for a
    skip-scan or a per-staff walk of another index which reads every row of the range (the zone
    summary at 30,000 enterprises: 1 s per statement with full statistics, 80 ms on the covering
    index). SQLite fails the statement if the index is missing or cannot serve its WHERE clause:
    only indexes of the schema (migrations), with the conditions they are built for."""
    return statement.with_hint(entity, f"INDEXED BY {index}", "sqlite")  # type: ignore[attr-defined,no-any-return]
