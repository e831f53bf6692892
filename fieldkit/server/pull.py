"""Pull: the rows of the caller's scope changed after their cursor, paged by change sequence.

The page is read below ``hi``, the safe horizon read first (:func:`~.db.pull_horizon`): every
sequence at or below it belongs to a transaction that has ended, so a cursor handed out never
passes a change that commits later. For an assistant the stream also
carries their assignment events: a grant brings the enterprise's rows the device could not have
pulled yet (those at or below its cursor), an ended assignment a removal.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, NamedTuple

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    Select,
    Text,
    and_,
    bindparam,
    cast,
    false,
    literal,
    or_,
    select,
    union_all,
)

from fieldkit.sync.protocol import PullPage, ScopeChecksum, scope_checksum

from . import crud
from .crud import Actor
from .db import PURGED_SEQ, pull_horizon, pull_horizons, read_counter
from .tables import assignment_log, scope_move, server_row

#: the row columns a page is built from: ``data`` as the text stored (never decoded here)
_R = server_row.c
_PAGE_COLUMNS = (_R.table_name, _R.id, _R.version, cast(_R.data, Text).label("data"))


def _snapshot(engine: Engine) -> tuple[Connection, int, int, int]:
    """A connection whose reads see one snapshot on PostgreSQL (REPEATABLE READ), taken after the
    horizon ``(last, safe)`` and the tombstone horizon were read in a transaction of their own; on
    SQLite each read sees the last commit and the page stays consistent because it is bounded by
    ``safe``."""
    conn = engine.connect()
    try:
        with conn.begin():
            last, safe = pull_horizon(conn)
            purged = read_counter(conn, PURGED_SEQ)
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
    except BaseException:
        conn.close()
        raise
    return conn, last, safe, purged


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _row_json(r: Any) -> str:
    """One ``PulledRow`` as JSON text: the stored row text is the ``values`` object as it is.

    ``crud.put_row`` (the only writer of ``data``) stores every field with ``id``, ``deleted`` and
    ``server_version`` equal to the row's columns, so the text is exactly the ``values`` the
    protocol sends (tests/server/test_pull.py checks it against the columns)."""
    return f'{{"table":{_q(r.table_name)},"values":{r.data},"server_version":{int(r.version)}}}'


class Built(NamedTuple):
    """A page's JSON body and what the caller may want to know without parsing it."""

    body: bytes
    cursor: int
    has_more: bool = False
    rows: int = 0


def _page_json(rows: list[str], removals: list[tuple[str, str]], cursor: int, has_more: bool) -> Built:
    """A ``PullPage`` as UTF-8 JSON: the fields in the model's order, built from ready row texts."""
    gone = ",".join(f'{{"table":{_q(t)},"id":{_q(i)}}}' for t, i in removals)
    more = "true" if has_more else "false"
    body = f'{{"rows":[{",".join(rows)}],"removals":[{gone}],"cursor":{cursor},"has_more":{more},"full_resync":false}}'
    return Built(body.encode(), cursor, has_more, len(rows))


#: a cursor too old (below the tombstone horizon) or from the future: pull again from 0
FULL_RESYNC = Built(b'{"rows":[],"removals":[],"cursor":0,"has_more":false,"full_resync":true}', 0)


def empty_page(cursor: int) -> Built:
    """Nothing new for this cursor."""
    return Built(
        b'{"rows":[],"removals":[],"cursor":%d,"has_more":false,"full_resync":false}' % cursor, cursor
    )


#: the page statements, built once per (role, SQLite?) with the caller, the range and the limit as
#: bound parameters (:func:`_page_params`): building and keying a statement per request cost more
#: than running it
_PAGE_STATEMENTS: dict[tuple[str, bool], Select[Any]] = {}


def _page_statement(role: str, version_order: bool) -> Select[Any]:
    stmt = _PAGE_STATEMENTS.get((role, version_order))
    if stmt is None:
        stmt = _PAGE_STATEMENTS[(role, version_order)] = _page_of(
            crud.visible_bound(role, version_order=version_order)
        )
    return stmt


def _page_of(visible: Any) -> Select[Any]:
    """The page's rows among those ``visible`` selects: sequence in (p_cursor, p_hi], in order."""
    return (
        select(*_PAGE_COLUMNS)
        .where(
            server_row.c.version > bindparam("p_cursor"), server_row.c.version <= bindparam("p_hi"), visible
        )
        .order_by(server_row.c.version)
        .limit(bindparam("p_limit", type_=Integer))
    )


#: an assistant's page over a span of more change sequences than this is read through their
#: enterprises (:func:`_scope_page_statement`) instead of walking the version index: the walk
#: reads every sequence of the zone until the page is full (≈ 0.5 µs each on PostgreSQL: 28 ms
#: for a first page at 10,000 enterprises), the scope read only the assistant's own rows
#: (≈ 3 ms for 40 enterprises' 1,100 rows), whatever the cursor
SCOPE_SPAN = 5_000


@functools.cache
def _scope_page_statement() -> Select[Any]:
    """An assistant's page as two disjoint reads, merged: the rows of their enterprises (one
    index lookup per current assignment) and the rows of no enterprise they see (the zone, its
    staff, policies, their assessments), each in sequence order up to the limit. The same rows
    as :func:`_page_of` with ``visible_bound("assistant")``. ``version + 0`` keeps the planner
    (its generic plan too: psycopg prepares a statement run often) from walking the version
    index for either read."""
    r = server_row.c
    seq = r.version + literal(0)
    span = and_(seq > bindparam("p_cursor"), seq <= bindparam("p_hi"))
    limit = bindparam("p_limit", type_=Integer)
    arms = [
        select(*_PAGE_COLUMNS).where(where, span).order_by(r.version).limit(limit).subquery()
        for where in crud.assistant_visible(bindparam("v_zone"), bindparam("v_staff"), None)
    ]
    merged = union_all(*(select(*arm.c) for arm in arms)).subquery()
    return select(*merged.c).order_by(merged.c.version).limit(limit)


def _page_params(actor: Actor, cursor: int, hi: int, limit: int) -> dict[str, Any]:
    return {**crud.visible_params(actor), "p_cursor": cursor, "p_hi": hi, "p_limit": limit}


def _page_select(
    engine: Engine, actor: Actor, cursor: int, hi: int, limit: int
) -> tuple[Select[Any], dict[str, Any]]:
    """The page statement and its parameters. An actor without a zone (``zone_id = NULL`` is no
    ``IS NULL``) gets a statement of their own, built as :func:`crud.visible` writes it."""
    version_order = engine.dialect.name == "sqlite"
    params = _page_params(actor, cursor, hi, limit)
    if actor.role == "admin" or actor.zone_id is not None:
        role = actor.role if actor.role in ("admin", "supervisor") else "assistant"
        if role == "assistant" and hi - cursor > SCOPE_SPAN:
            return _scope_page_statement(), params
        return _page_statement(role, version_order), params
    return _page_of(crud.visible(actor, version_order=version_order)), params


def page_query(engine: Engine, actor: Actor, cursor: int, hi: int, limit: int) -> Select[Any]:
    """The rows of one page: the actor's rows with a sequence in (cursor, hi], in sequence order
    (table, id, version and the stored JSON text)."""
    stmt, params = _page_select(engine, actor, cursor, hi, limit)
    return stmt.params(params)


def pull(engine: Engine, actor: Actor, cursor: int, limit: int) -> PullPage:
    """:func:`pull_json`, parsed (for callers in process: tests, the benchmark's checks)."""
    return PullPage.model_validate_json(pull_json(engine, actor, cursor, limit))


def pull_json(engine: Engine, actor: Actor, cursor: int, limit: int) -> bytes:
    """The page after ``cursor`` as the ``PullPage`` JSON body (what ``/pull`` answers)."""
    return build(engine, actor, cursor, limit).body


def build(engine: Engine, actor: Actor, cursor: int, limit: int) -> Built:
    """The page after ``cursor``, built from the stored row texts (no row is decoded and encoded
    again). A cursor with nothing new below the safe horizon is answered from the horizon alone:
    one short transaction, no page query."""
    got = build_for(engine, lambda _conn: actor, cursor, limit)
    assert got is not None
    return got


def build_for(
    engine: Engine, who: Callable[[Connection], Actor | None], cursor: int, limit: int
) -> Built | None:
    """:func:`build` for the caller ``who`` finds on the pull's own connection (``/pull``: the
    bearer token's lookup), in the transaction that reads the horizons: one connection and two
    short transactions per pull. None (nothing read) when ``who`` finds no caller."""
    limit = max(1, limit)
    with engine.connect() as conn:
        with conn.begin():
            actor = who(conn)
            if actor is None:
                return None
            last, safe, purged = pull_horizons(conn)
        if cursor > last or (0 < cursor < purged):
            return FULL_RESYNC
        # a writer that drew its ticket before this cursor was handed out may still be running
        # (a cursor is never past its changes): nothing new for this cursor yet
        hi = max(cursor, safe)
        if hi == cursor:
            return empty_page(cursor)
        if engine.dialect.name == "postgresql":
            # the page's reads see one snapshot, taken after the horizon was read (above)
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            if cursor and cursor < read_counter(conn, PURGED_SEQ):  # purged since the horizon
                return FULL_RESYNC
            return _page(conn, engine, actor, cursor, hi, limit)


def _page(conn: Connection, engine: Engine, actor: Actor, cursor: int, hi: int, limit: int) -> Built:
    rows = conn.execute(*_page_select(engine, actor, cursor, hi, limit + 1)).all()
    items: list[tuple[int, str, Any]] = [(int(r.version), "row", r) for r in rows]
    if actor.role == "assistant":
        items.extend(_assignment_events(conn, actor, cursor, hi))
    if actor.role != "admin":
        items.extend(_move_events(conn, actor, cursor, hi))
    items.sort(key=lambda item: item[0])
    end = min(limit, len(items))
    while 0 < end < len(items) and items[end][0] == items[end - 1][0]:
        end += 1  # an assignment row and its grant/end event share a sequence: never split them
    has_more = len(items) > end
    taken = items[:end]
    next_cursor = taken[-1][0] if has_more else hi
    page_rows: dict[tuple[str, str], Any] = {}
    removals: dict[tuple[str, str], None] = {}  # one removal per row, in order
    granted: list[str] = []
    for _seq, kind, payload in taken:
        if kind == "row":
            page_rows[(str(payload.table_name), str(payload.id))] = payload
        elif kind == "grant":
            granted.append(str(payload))
        elif kind == "rescope":
            for r in _visible_rows(conn, actor, cursor):
                page_rows.setdefault((str(r.table_name), str(r.id)), r)
        else:  # "end" (an enterprise) or "remove" (any row)
            table, rid = payload if kind == "remove" else ("enterprise", str(payload))
            removals[(str(table), str(rid))] = None
    # the rows the granted enterprises had before the cursor, in one query (none from cursor 0);
    # no row is both in the stream (version > cursor) and here (version <= cursor)
    for r in _enterprise_rows(conn, granted, cursor):
        page_rows.setdefault((str(r.table_name), str(r.id)), r)
    ordered = sorted(page_rows.values(), key=lambda r: int(r.version))
    return _page_json([_row_json(r) for r in ordered], list(removals), next_cursor, has_more)


_L = assignment_log.c
#: an assistant's assignments that are current or started or ended in (cursor, hi]
_MY_ASSIGNMENTS = select(_L.enterprise_id, _L.started_seq, _L.ended_seq).where(
    _L.staff_id == bindparam("a_staff"),
    or_(
        _L.ended_seq.is_(None),
        and_(_L.started_seq > bindparam("a_cursor"), _L.started_seq <= bindparam("a_hi")),
        and_(_L.ended_seq > bindparam("a_cursor"), _L.ended_seq <= bindparam("a_hi")),
    ),
)


def _assignment_events(conn: Connection, actor: Actor, cursor: int, hi: int) -> list[tuple[int, str, Any]]:
    """Grants of enterprises the actor holds now, and ends of ones they no longer hold (one query:
    the current assignments say what they hold now)."""
    mine = conn.execute(_MY_ASSIGNMENTS, {"a_staff": actor.staff_id, "a_cursor": cursor, "a_hi": hi}).all()
    current = {e for e, _started, ended in mine if ended is None}
    events: list[tuple[int, str, Any]] = []
    for e, started, ended in mine:
        if ended is None and cursor < started <= hi and e in current:
            events.append((int(started), "grant", e))
        if ended is not None and cursor < ended <= hi and e not in current:
            events.append((int(ended), "end", e))
    return events


def _visible_now(conn: Connection, actor: Actor, table: str, row_id: str) -> bool:
    r = server_row.c
    found = conn.scalar(
        select(r.id).where(r.table_name == table, r.id == row_id, r.deleted == false(), crud.visible(actor))
    )
    return found is not None


_M = scope_move.c
#: the zone moves after the cursor that concern a caller with a zone (built once)
_MOVES = (
    select(scope_move)
    .where(
        _M.seq > bindparam("m_cursor"),
        _M.seq <= bindparam("m_hi"),
        or_(
            _M.from_zone == bindparam("m_zone"),
            _M.to_zone == bindparam("m_zone"),
            _M.row_id == bindparam("m_staff"),
        ),
    )
    .order_by(_M.seq)
)


def _move_events(conn: Connection, actor: Actor, cursor: int, hi: int) -> list[tuple[int, str, Any]]:
    """What zone moves after the cursor mean for this device (judged on the scope at this pull, so
    a move and its undoing in between cancel out):

    - an enterprise moved into a supervisor's zone brings its rows at or below the cursor (later
      ones come through the stream); moved out of it, a removal. Assistants follow their
      assignments, which the move ended.
    - the caller themself moved: removals of the old zone's enterprises (a supervisor), of its
      zone row and staff rows, and every row of the new scope at or below the cursor.
    - someone else left the caller's zone: a removal of their staff row.
    """
    m = scope_move.c
    if actor.zone_id is not None:
        params = {"m_cursor": cursor, "m_hi": hi, "m_zone": actor.zone_id, "m_staff": actor.staff_id}
        moves = conn.execute(_MOVES, params).mappings().all()
    else:  # (``from_zone = NULL`` is no ``IS NULL``)
        moves = (
            conn.execute(
                select(scope_move)
                .where(
                    m.seq > cursor,
                    m.seq <= hi,
                    or_(m.from_zone == actor.zone_id, m.to_zone == actor.zone_id, m.row_id == actor.staff_id),
                )
                .order_by(m.seq)
            )
            .mappings()
            .all()
        )
    events: list[tuple[int, str, Any]] = []
    for mv in moves:
        seq, rid, old = int(mv["seq"]), str(mv["row_id"]), mv["from_zone"]
        if mv["kind"] == "enterprise":
            if actor.role != "supervisor":
                continue
            if _visible_now(conn, actor, "enterprise", rid):
                if mv["to_zone"] == actor.zone_id:
                    events.append((seq, "grant", rid))
            elif old == actor.zone_id:
                events.append((seq, "end", rid))
        elif rid == actor.staff_id:
            if old == actor.zone_id or old is None:
                continue
            if actor.role == "supervisor":
                left = conn.scalars(
                    select(server_row.c.id).where(
                        server_row.c.table_name == "enterprise",
                        server_row.c.zone_id == old,
                        server_row.c.deleted == false(),
                    )
                ).all()
                events.extend((seq, "end", str(e)) for e in left)
            events.append((seq, "remove", ("zone", str(old))))
            staff_left = conn.scalars(
                select(server_row.c.id).where(server_row.c.table_name == "staff", server_row.c.zone_id == old)
            ).all()
            events.extend((seq, "remove", ("staff", str(s))) for s in staff_left)
            events.append((seq, "rescope", None))
        elif old == actor.zone_id and not _visible_now(conn, actor, "staff", rid):
            events.append((seq, "remove", ("staff", rid)))
    return events


def _visible_rows(conn: Connection, actor: Actor, cursor: int) -> Any:
    """The live rows of the caller's scope now that the device could not have pulled (at or below
    its cursor: it had another scope then)."""
    return conn.execute(
        select(*_PAGE_COLUMNS).where(
            server_row.c.version <= cursor, server_row.c.deleted == false(), crud.visible(actor)
        )
    ).all()


_ENTERPRISE_ROWS = select(*_PAGE_COLUMNS).where(
    server_row.c.enterprise_id.in_(bindparam("e_ids", expanding=True)),
    server_row.c.version <= bindparam("e_cursor"),
    server_row.c.deleted == false(),
)


def _enterprise_rows(conn: Connection, enterprise_ids: list[str], cursor: int) -> Any:
    """The live rows of enterprises the device could not have pulled (at or below its cursor)."""
    if not enterprise_ids or cursor <= 0:
        return []
    return conn.execute(_ENTERPRISE_ROWS, {"e_ids": sorted(set(enterprise_ids)), "e_cursor": cursor}).all()


def checksum(engine: Engine, actor: Actor) -> ScopeChecksum:
    """Count and checksum of the live rows the actor may read, as of one change sequence."""
    conn, _last, hi, _purged = _snapshot(engine)
    with conn, conn.begin():
        rows = conn.execute(
            select(server_row.c.table_name, server_row.c.id, server_row.c.version).where(
                server_row.c.version <= hi, server_row.c.deleted == false(), crud.visible(actor)
            )
        ).all()
    items = [(str(t), str(i), int(v)) for t, i, v in rows]
    return ScopeChecksum(cursor=hi, count=len(items), checksum=scope_checksum(items))
