"""Planner hints for SQLite queries over the whole zone."""

from __future__ import annotations

from typing import Any

from sqlalchemy.sql.elements import ColumnElement, UnaryExpression
from sqlalchemy.sql.operators import custom_op
from sqlmodel import col


def no_index(column: Any) -> Any:
    """``+column``: the same value (SQLite's unary plus is a no-op on any type) that keeps the planner
    from walking that column's index — for a condition nearly every row meets (``amends_id IS NULL``,
    ``planned_date < today`` of every done plan) when another one (a date range on a covering index)
    is the selective one."""
    c: ColumnElement[Any] = col(column)  # type: ignore[assignment]  # an instrumented column is one
    return UnaryExpression(c, operator=custom_op("+"), type_=c.type)
