"""Full-text search of service records, demands and policies (and, for the window's search box,
enterprises), ranked and with the matches' places for highlighting.

A term of two or more characters is answered by the FTS5 index of
:mod:`fieldkit.models.search_index` and finds exactly the rows a ``LIKE '%term%'`` scan of the
same fields finds (:func:`scan_ids` is that scan; the tests compare the two). When at most
:data:`RANKED` rows match they are ranked by bm25 (a match in the title counts double); a term
that matches more shows the newest matches first and says "more". A one-character term has no
index: it scans only the newest :data:`SCAN_ROWS` rows of each kind and says so.

Keeping the index in step: every commit of a session on a store drains the index's queue first
(see :mod:`fieldkit.services.search_upkeep`, registered with the store's write path, :mod:`fieldkit.services.store`), so a change and its index entry are one transaction, whatever
wrote the change (the store's write path, sync's apply, a bulk insert). Rows still queued (written
by another process that has not committed through a session since) are scanned, not missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from fieldkit.models import Demand, Enterprise, Policy, ServiceRecord, search_index
from fieldkit.models.fulltext import (
    FIELDS,
    KINDS,
    MIN_TERM,
    Snippet,
    contains,
    fields_of,
    fts_table,
    like_pattern,
    match_query,
    snippet,
    table_of,
)

from . import enterprises as enterprise_search
from . import search_upkeep
from .enterprises import EnterpriseFilter
from .labels import label
from .timeutil import fmt_date

#: at most this many matches are ranked; a term matching more lists the newest first
RANKED = 500
#: a one-character term scans this many of the newest rows of each kind
SCAN_ROWS = 20_000
#: queued rows drained per commit (see :mod:`fieldkit.services.search_upkeep`)
DRAIN_PER_COMMIT = search_upkeep.DRAIN_PER_COMMIT

#: the kinds with a full-text index, and those the window's search box shows
TEXT_KINDS: tuple[str, ...] = KINDS
ALL_KINDS: tuple[str, ...] = ("enterprise", *KINDS)


@dataclass(frozen=True)
class Hit:
    kind: str  # enterprise | record | demand | policy
    row_id: str
    enterprise_id: str | None
    title: str  # the enterprise's name, the policy's title
    detail: str  # date and kind or state
    snippet: Snippet  # the matching text, with the matches' places


@dataclass(frozen=True)
class KindResult:
    kind: str
    hits: list[Hit]
    total: int  # rows found (at most RANKED when ``more``)
    more: bool  # more rows match than ``total``
    complete: bool  # False: a one-character term, only the newest rows were scanned


@dataclass(frozen=True)
class Scope:
    """Whose enterprises: an assistant's (``staff_id``), a zone's, or (both None) the store's."""

    staff_id: str | None = None
    zone_id: str | None = None


def _scope_sql(scope: Scope, column: str) -> tuple[str, tuple[Any, ...]]:
    if scope.staff_id:  # the enterprises assigned to them today (as enterprises.build_query)
        today = date.today().isoformat()
        return (
            f" AND {column} IN (SELECT enterprise_id FROM assignment WHERE staff_id = ? AND deleted = 0"
            " AND start_date <= ? AND (end_date IS NULL OR end_date >= ?))",
            (scope.staff_id, today, today),
        )
    if scope.zone_id:
        return f" AND {column} IN (SELECT id FROM enterprise WHERE zone_id = ?)", (scope.zone_id,)
    return "", ()


def _like_where(kind: str, term: str) -> tuple[str, tuple[str, ...]]:
    pattern = like_pattern(term)
    names = fields_of(kind)
    return "(" + " OR ".join(f"{f} LIKE ? ESCAPE '\\'" for f in names) + ")", (pattern,) * len(names)


def _conn(session: Session) -> Connection:
    return session.connection()


def scan_ids(
    session: Session, kind: str, term: str, scope: Scope = Scope(), newest: int | None = None
) -> list[str]:
    """Ids of the live rows of ``kind`` whose searched fields contain ``term`` (a LIKE scan),
    newest first; ``newest``: look only at that many of the newest rows."""
    table = table_of(kind)
    where, params = _like_where(kind, term)
    scoped, scope_params = ("", ()) if kind == "policy" else _scope_sql(scope, "enterprise_id")
    source = table
    if newest is not None:
        source = f"(SELECT rowid AS rowid, * FROM {table} WHERE deleted = 0 ORDER BY rowid DESC LIMIT {int(newest)})"
    sql = f"SELECT id FROM {source} WHERE deleted = 0 AND {where}{scoped} ORDER BY rowid DESC"
    return [str(r[0]) for r in _conn(session).exec_driver_sql(sql, (*params, *scope_params))]


def indexed_ids(session: Session, kind: str, term: str, scope: Scope = Scope()) -> list[str]:
    """Every row of ``kind`` the index finds for ``term`` (≥ 2 characters), queued rows scanned:
    the complete answer, unranked. The service pages with :func:`find`; this is for checks."""
    ids, _more = _indexed(session, kind, term, scope, None)
    return ids + _queued_matches(session, kind, term, scope)


def _indexed(session: Session, kind: str, term: str, scope: Scope, cap: int | None) -> tuple[list[str], bool]:
    fts = fts_table(kind)
    scoped, scope_params = ("", ()) if kind == "policy" else _scope_sql(scope, "d.enterprise_id")
    sql = (
        f"SELECT d.row_id FROM {fts} JOIN search_doc d ON d.id = {fts}.rowid "
        f"WHERE {fts} MATCH ?{scoped} "
        "AND NOT EXISTS (SELECT 1 FROM search_queue q WHERE q.kind = d.kind AND q.row_id = d.row_id) "
        f"ORDER BY {fts}.rowid DESC"
    )
    if cap is not None:
        sql += f" LIMIT {int(cap) + 1}"
    rows = [str(r[0]) for r in _conn(session).exec_driver_sql(sql, (match_query(term), *scope_params))]
    if cap is not None and len(rows) > cap:
        return rows[:cap], True
    return rows, False


def _ranked(session: Session, kind: str, term: str, ids: list[str]) -> list[str]:
    """``ids`` (all matches, at most RANKED) in bm25 order, title matches weighing double."""
    if len(ids) < 2:
        return ids
    fts = fts_table(kind)
    marks = ", ".join("?" * len(ids))
    sql = (
        f"SELECT d.row_id FROM {fts} JOIN search_doc d ON d.id = {fts}.rowid "
        f"WHERE {fts} MATCH ? AND d.kind = ? AND d.row_id IN ({marks}) "
        f"ORDER BY bm25({fts}, 2.0, 1.0), {fts}.rowid DESC"
    )
    return [str(r[0]) for r in _conn(session).exec_driver_sql(sql, (match_query(term), kind, *ids))]


def _queued_matches(session: Session, kind: str, term: str, scope: Scope) -> list[str]:
    try:
        queued = set(search_index.queued_ids(_conn(session), kind))
    except OperationalError:
        return []
    if not queued:
        return []
    return [i for i in scan_ids(session, kind, term, scope) if i in queued]


def find(
    session: Session, kind: str, term: str, scope: Scope = Scope(), limit: int = 20
) -> tuple[list[str], int, bool, bool]:
    """(ids of the first ``limit`` matches in rank order, total found, more, complete)."""
    term = term.strip()
    if not term:
        return [], 0, False, True
    if len(term) < MIN_TERM:
        ids = scan_ids(session, kind, term, scope, newest=SCAN_ROWS)
        return ids[:limit], len(ids), False, False
    scope = _simplified(session, scope)
    found, more = _indexed(session, kind, term, scope, RANKED)
    queued = _queued_matches(session, kind, term, scope)
    if not more:
        found = _ranked(session, kind, term, found)
    found = queued + [i for i in found if i not in set(queued)]
    total = len(found)
    if more and not queued and scope == Scope():  # counting the whole index is cheap (no join)
        total = _count(session, kind, term)
        more = False
    return found[:limit], total, more, True


def _simplified(session: Session, scope: Scope) -> Scope:
    """A zone that holds every enterprise of the store (the usual supervisor's store) is no filter."""
    if scope.staff_id or not scope.zone_id:
        return scope
    other = (
        _conn(session)
        .exec_driver_sql("SELECT 1 FROM enterprise WHERE zone_id IS NOT ? LIMIT 1", (scope.zone_id,))
        .first()
    )
    return scope if other else Scope()


def _count(session: Session, kind: str, term: str) -> int:
    fts = fts_table(kind)
    sql = f"SELECT count(*) FROM {fts} WHERE {fts} MATCH ?"
    return int(_conn(session).exec_driver_sql(sql, (match_query(term),)).scalar_one())


def _first_match(row: Any, kind: str, term: str) -> str:
    for name in fields_of(kind):
        value = getattr(row, name, "") or ""
        if contains(value, term):
            return str(value)
    return str(getattr(row, fields_of(kind)[0], "") or "")


def _names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.exec(select(Enterprise.id, Enterprise.name).where(col(Enterprise.id).in_(ids))).all()
    return {i: n for i, n in rows}


_EXTRA: dict[str, tuple[str, ...]] = {
    "record": ("enterprise_id", "visit_at", "kind", "status"),
    "demand": ("enterprise_id", "collected_at", "kind", "state"),
    "policy": ("window_end",),
}


def _hits(session: Session, kind: str, ids: list[str], term: str) -> list[Hit]:
    if not ids:
        return []
    model: Any = {"record": ServiceRecord, "demand": Demand, "policy": Policy}[kind]
    names_wanted = ("id", *_EXTRA[kind], *(f for f in fields_of(kind) if f not in _EXTRA[kind]))
    columns = [getattr(model, n) for n in names_wanted]
    rows = {r.id: r for r in session.exec(select(*columns).where(col(model.id).in_(ids))).all()}
    names = _names(session, {r.enterprise_id for r in rows.values()}) if kind != "policy" else {}
    out: list[Hit] = []
    for i in ids:
        r = rows.get(i)
        if r is None:
            continue
        cut = snippet(_first_match(r, kind, term), term)
        if kind == "record":
            detail = f"{fmt_date(r.visit_at)} {label('plan_kind', r.kind)} {label('record_status', r.status)}"
            out.append(Hit(kind, i, r.enterprise_id, names.get(r.enterprise_id, ""), detail, cut))
        elif kind == "demand":
            detail = (
                f"{fmt_date(r.collected_at)} {label('demand_kind', r.kind)} {label('demand_state', r.state)}"
            )
            out.append(Hit(kind, i, r.enterprise_id, names.get(r.enterprise_id, ""), detail, cut))
        else:
            title = snippet(r.title, term, width=len(r.title) + 1) if contains(r.title, term) else None
            detail = " ".join(x for x in (r.doc_no, fmt_date(r.window_end)) if x)
            out.append(Hit(kind, i, None, r.title, detail, title or cut))
    return out


def search_enterprises(session: Session, term: str, scope: Scope, limit: int) -> KindResult:
    f = EnterpriseFilter(text=term, staff_id=scope.staff_id, zone_id=scope.zone_id, limit=limit + 1)
    found = enterprise_search.search(session, f)
    hits = [
        Hit("enterprise", e.id, e.id, e.name, e.credit_code, snippet(e.name, term.strip(), len(e.name) + 1))
        for e in found[:limit]
    ]
    return KindResult("enterprise", hits, len(hits), len(found) > limit, True)


def search_kind(
    session: Session, kind: str, term: str, scope: Scope = Scope(), limit: int = 20
) -> KindResult:
    """One group of results: ``kind`` is one of :data:`ALL_KINDS`."""
    if kind == "enterprise":
        return search_enterprises(session, term, scope, limit)
    if kind not in FIELDS:
        raise ValueError(kind)
    ids, total, more, complete = find(session, kind, term, scope, limit)
    return KindResult(kind, _hits(session, kind, ids, term.strip()), total, more, complete)


def search_all(
    session: Session, term: str, scope: Scope = Scope(), limit: int = 10, kinds: tuple[str, ...] = ALL_KINDS
) -> list[KindResult]:
    """The window's search box: enterprises, records, demands and policies, grouped."""
    if not term.strip():
        return []
    return [search_kind(session, kind, term, scope, limit) for kind in kinds]
