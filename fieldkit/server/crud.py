"""All server SQL: rows and their scope, accounts, devices and tokens, assignments.

Functions take a ``conn`` (a SQLAlchemy Connection inside a transaction) and keyword arguments.
Writes of synced rows go through :func:`put_row`, which validates the values with the
``fieldkit.models`` class, takes the next change sequence, keeps the assignment history and
writes the server audit, all in the caller's transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    RowMapping,
    and_,
    bindparam,
    delete,
    false,
    func,
    insert,
    not_,
    or_,
    select,
    true,
    update,
)

from fieldkit.domain.identifiers import normalise_credit_code
from fieldkit.models import new_id
from fieldkit.sync.protocol import MIN_PASSWORD_LENGTH

from . import security
from .db import PURGED_SEQ, next_seq, read_counter
from .rowmodels import row_model
from .rowwrites import RowWrites
from .tables import account, assignment_log, audit, counter, device, scope_move, server_row, token

ROLES = ("assistant", "supervisor", "admin")
#: rows that belong to a parent that names the enterprise (until every row carries enterprise_id)
PARENTS: dict[str, tuple[str, str]] = {
    "demandevent": ("demand", "demand_id"),
    "proxymilestone": ("proxyservice", "proxy_id"),
}
#: the server's own bookkeeping on every row; a mutation's changes to these are ignored
BOOKKEEPING = frozenset({"id", "server_version", "deleted", "created_at", "updated_at"})


class AdminError(Exception):
    """An admin command that cannot be done (unknown login, zone, ...)."""


@dataclass(frozen=True)
class Actor:
    """Who is calling, from the token alone."""

    staff_id: str
    role: str
    zone_id: str | None
    device_id: str


@dataclass(frozen=True)
class StoredRow:
    table: str
    id: str
    version: int
    enterprise_id: str | None
    staff_id: str | None
    zone_id: str | None
    deleted: bool
    data: dict[str, Any]
    field_versions: dict[str, int]


# ----------------------------------------------------------------------------------------- rows

# The statements every push runs, built once (building one costs more than running it on SQLite).
_THE_ROW = and_(server_row.c.table_name == bindparam("b_table"), server_row.c.id == bindparam("b_id"))
_GET_ROW = select(server_row).where(_THE_ROW)
_GET_ZONE = select(server_row.c.zone_id).where(_THE_ROW)
_INSERT_ROW = insert(server_row)
_UPDATE_ROW = update(server_row).where(_THE_ROW)
_INSERT_AUDIT = insert(audit)


def get_row(conn: Connection, table: str, row_id: str) -> StoredRow | None:
    r = conn.execute(_GET_ROW, {"b_table": table, "b_id": row_id}).mappings().first()
    return None if r is None else stored_row(r)


def stored_row(r: RowMapping) -> StoredRow:
    """A ``server_row`` row (as a mapping) as a :class:`StoredRow`."""
    return StoredRow(
        r["table_name"],
        r["id"],
        int(r["version"]),
        r["enterprise_id"],
        r["staff_id"],
        r["zone_id"],
        bool(r["deleted"]),
        dict(r["data"]),
        {k: int(v) for k, v in r["field_versions"].items()},
    )


#: (table, id) -> the stored row (None: not on the server): what a push has looked up or written
RowLookup = Callable[[str, str], "StoredRow | None"]
Placement = tuple[str | None, str | None, str | None]


def _zone_of(conn: Connection, table: str, row_id: str | None, lookup: RowLookup | None) -> str | None:
    if not row_id:
        return None
    if lookup is not None:
        row = lookup(table, row_id)
        return None if row is None else row.zone_id
    z = conn.execute(_GET_ZONE, {"b_table": table, "b_id": row_id}).scalar()
    return None if z is None else str(z)


def placement(
    conn: Connection, table: str, row_id: str, data: Mapping[str, Any], lookup: RowLookup | None = None
) -> Placement:
    """(enterprise, staff, zone) a row belongs to: what scope is decided on. ``lookup`` finds the
    rows it needs (a parent, the enterprise's zone) where a push keeps them; by default a query."""
    find: RowLookup = lookup if lookup is not None else (lambda t, i: get_row(conn, t, i))
    if table == "zone":
        return None, None, row_id
    if table == "staff":
        return None, row_id, data.get("zone_id")
    if table == "enterprise":
        return row_id, None, data.get("zone_id")
    if table == "policy":
        return None, None, None
    if table == "assessment":
        staff = data.get("staff_id")
        return None, staff, _zone_of(conn, "staff", staff, lookup)
    enterprise = data.get("enterprise_id")
    if not enterprise:
        parent = PARENTS.get(table)
        if parent is None and table == "attachment":
            parent = (str(data.get("owner_table", "")), "owner_id")
            parent_row = find(parent[0], str(data.get("owner_id", "")))
        elif parent is not None:
            parent_row = find(parent[0], str(data.get(parent[1], "")))
        else:
            parent_row = None
        enterprise = parent_row.enterprise_id if parent_row else None
    return enterprise, data.get("staff_id"), _zone_of(conn, "enterprise", enterprise, lookup)


def natural_key(table: str, data: Mapping[str, Any]) -> str | None:
    if table == "enterprise":
        return normalise_credit_code(str(data.get("credit_code") or "")) or None
    if table == "staff":
        return str(data.get("login") or "") or None
    if table == "attachment":  # the bytes it names (server_blob): found by index, not through JSON
        return str(data.get("sha256") or "").lower() or None
    return None


_BY_NATURAL_KEY = select(server_row.c.id).where(
    server_row.c.table_name == bindparam("b_table"),
    server_row.c.natural_key == bindparam("b_key"),
    server_row.c.deleted == false(),
)


def find_by_natural_key(
    conn: Connection, table: str, key: str, writes: RowWrites | None = None
) -> str | None:
    """The live row of ``table`` with this natural key; ``writes``: a push's rows not written
    yet, which count as they will be stored (taken by a row of the request, or freed by one)."""
    if writes is not None:
        for row in writes.pending(table):
            if not row.deleted and natural_key(table, row.data) == key:
                return row.id
    for found in conn.scalars(_BY_NATURAL_KEY, {"b_table": table, "b_key": key}):
        if writes is None or not writes.has((table, str(found))):
            return str(found)
    return None


def validated(table: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The row's values checked and normalised as its fieldkit.models class would (raises
    ValueError): by the plain pydantic model derived from it (:mod:`.rowmodels`)."""
    return row_model(table).model_validate(dict(values)).model_dump(mode="json")


def put_row(
    conn: Connection,
    *,
    table: str,
    row_id: str,
    data: Mapping[str, Any],
    op: str,
    changed: set[str],
    who: str | None,
    device_id: str | None,
    mutation_id: str | None,
    received_at: datetime,
    previous: StoredRow | None,
    place: Placement | None = None,
    written: dict[tuple[str, str], StoredRow | None] | None = None,
    audit_rows: list[dict[str, Any]] | None = None,
    take_seq: Callable[[], int] | None = None,
    writes: RowWrites | None = None,
) -> int:
    """Write one row at the next change sequence; return that sequence (its new version).

    A push passes the row's ``place`` (computed once for its scope check), a ``written`` map
    that gets the row as now stored, and ``audit_rows`` to collect the audit entry in (written
    together at the end of the request) instead of inserting it here, ``take_seq`` (its
    :class:`~.db.SeqBlock`) where the sequence comes from, and ``writes`` to hold the row's
    INSERT or UPDATE until the request writes them together (:mod:`.rowwrites`). A zone move
    (an admin's act: it rewrites other rows in place) is never held."""
    seq = take_seq() if take_seq is not None else next_seq(conn)
    values = dict(data)
    values["id"] = row_id
    values["server_version"] = seq
    deleted = bool(values.get("deleted"))
    versions = dict(previous.field_versions) if previous else {}
    for f in changed:
        versions[f] = seq
    enterprise, staff, zone = place if place is not None else placement(conn, table, row_id, values)
    cols = dict(
        version=seq,
        enterprise_id=enterprise,
        staff_id=staff,
        zone_id=zone,
        natural_key=natural_key(table, values),
        deleted=deleted,
        data=values,
        field_versions=versions,
    )
    stored = StoredRow(table, row_id, seq, enterprise, staff, zone, deleted, values, versions)
    moves = (
        previous is not None and table in ("enterprise", "staff") and not deleted and previous.zone_id != zone
    )
    if writes is not None and not moves:
        writes.put(stored, cols, exists=previous is not None)
    elif previous is None:
        conn.execute(_INSERT_ROW, {"table_name": table, "id": row_id, **cols})
    else:
        conn.execute(_UPDATE_ROW, {"b_table": table, "b_id": row_id, **cols})
    if written is not None:
        written[(table, row_id)] = stored
    if table == "assignment":
        _track_assignment(conn, row_id, values, seq)
    if table == "staff":  # the account follows its staff row (role, zone, active decide scope)
        conn.execute(
            update(account)
            .where(account.c.staff_id == row_id)
            .values(
                login=values.get("login"),
                role=values.get("role"),
                zone_id=values.get("zone_id"),
                active=bool(values.get("active")) and not deleted,
            )
        )
    if moves and previous is not None:
        _moved(
            conn,
            table,
            row_id,
            previous.zone_id,
            zone,
            seq,
            who=who,
            device_id=device_id,
            mutation_id=mutation_id,
            received_at=received_at,
        )
    old = previous.data if previous else None
    entry = {
        "change_seq": seq,
        "table_name": table,
        "row_id": row_id,
        "op": op,
        "staff_id": who,
        "device_id": device_id,
        "mutation_id": mutation_id,
        "received_at": received_at,
        "old_values": {f: old.get(f) for f in changed} if old else None,
        "new_values": {f: values.get(f) for f in changed},
    }
    if audit_rows is not None:
        audit_rows.append(entry)
    else:
        conn.execute(_INSERT_AUDIT, entry)
    return seq


def insert_audit(conn: Connection, entries: list[dict[str, Any]]) -> None:
    """Audit entries collected by :func:`put_row` (one statement for all)."""
    if entries:
        conn.execute(_INSERT_AUDIT, entries)


def _moved(
    conn: Connection,
    table: str,
    row_id: str,
    from_zone: str | None,
    to_zone: str | None,
    seq: int,
    *,
    who: str | None,
    device_id: str | None,
    mutation_id: str | None,
    received_at: datetime,
) -> None:
    """An enterprise or a staff member moved to another zone (at change sequence ``seq``).

    The move is kept in ``server_scope_move`` for pull (removals for the old zone's devices, the
    rows the new zone's devices lack). The enterprise's rows take its new zone in place (their
    versions stay: nothing in them changed). Assignments that would cross zones end: an
    enterprise's current assignees (of the old zone) lose it, a moved staff member loses the
    enterprises left behind; those ends are ordinary writes, so assistants get removals as for
    any reassignment."""
    conn.execute(
        insert(scope_move).values(seq=seq, kind=table, row_id=row_id, from_zone=from_zone, to_zone=to_zone)
    )
    log = assignment_log.c
    if table == "enterprise":
        conn.execute(
            update(server_row)
            .where(
                server_row.c.enterprise_id == row_id,
                not_(and_(server_row.c.table_name == "enterprise", server_row.c.id == row_id)),
            )
            .values(zone_id=to_zone)
        )
        ending = conn.scalars(
            select(log.assignment_id).where(log.enterprise_id == row_id, log.ended_seq.is_(None))
        ).all()
    else:
        held = select(server_row.c.id).where(
            server_row.c.table_name == "enterprise", server_row.c.zone_id == to_zone
        )
        ending = conn.scalars(
            select(log.assignment_id).where(
                log.staff_id == row_id, log.ended_seq.is_(None), log.enterprise_id.not_in(held)
            )
        ).all()
    today = received_at.astimezone().date().isoformat()
    for aid in ending:
        row = get_row(conn, "assignment", aid)
        if row is None or row.deleted:
            continue
        put_row(
            conn,
            table="assignment",
            row_id=aid,
            data={**row.data, "end_date": today},
            op="update",
            changed={"end_date"},
            who=who,
            device_id=device_id,
            mutation_id=mutation_id,
            received_at=received_at,
            previous=row,
        )


def admin_put(
    conn: Connection,
    table: str,
    row_id: str,
    data: Mapping[str, Any],
    now: datetime,
    *,
    changed: set[str] | None = None,
    previous: StoredRow | None = None,
) -> int:
    """An administrator's write (``fieldkit admin``): no device, no mutation; a create when there is
    no ``previous`` row, else an update of the ``changed`` fields."""
    return put_row(
        conn,
        table=table,
        row_id=row_id,
        data=data,
        op="create" if previous is None else "update",
        changed=set(data) - BOOKKEEPING if changed is None else changed,
        who=None,
        device_id=None,
        mutation_id=None,
        received_at=now,
        previous=previous,
    )


def _track_assignment(conn: Connection, row_id: str, values: Mapping[str, Any], seq: int) -> None:
    current = not values.get("deleted") and values.get("end_date") is None
    have = (
        conn.execute(select(assignment_log).where(assignment_log.c.assignment_id == row_id))
        .mappings()
        .first()
    )
    if current:
        if have is None:
            conn.execute(
                insert(assignment_log).values(
                    assignment_id=row_id,
                    staff_id=values["staff_id"],
                    enterprise_id=values["enterprise_id"],
                    started_seq=seq,
                    ended_seq=None,
                )
            )
        elif have["ended_seq"] is not None:
            conn.execute(
                update(assignment_log)
                .where(assignment_log.c.assignment_id == row_id)
                .values(started_seq=seq, ended_seq=None)
            )
    elif have is not None and have["ended_seq"] is None:
        conn.execute(
            update(assignment_log).where(assignment_log.c.assignment_id == row_id).values(ended_seq=seq)
        )


# ---------------------------------------------------------------------------------------- scope


def my_enterprises(actor: Actor | None) -> Any:
    """Subquery: the enterprises currently assigned to the actor (``None``: to the staff member
    of the bound parameter ``v_staff``, see :func:`visible_bound`)."""
    staff = bindparam("v_staff") if actor is None else actor.staff_id
    return select(assignment_log.c.enterprise_id).where(
        assignment_log.c.staff_id == staff, assignment_log.c.ended_seq.is_(None)
    )


def visible(actor: Actor, *, version_order: bool = False) -> ColumnElement[bool]:
    """The rows of server_row the actor may read (from the token alone, never from parameters).

    With ``version_order`` (a pull on SQLite) a supervisor's zone and table tests are written so
    that no index serves them: the planner then walks the version index in order and stops at the
    page's limit, instead of collecting the whole zone and sorting it again for every page (which
    made a full pull quadratic)."""
    return _visible(actor.role, actor.zone_id, actor.staff_id, actor, version_order)


def visible_bound(role: str, *, version_order: bool = False) -> ColumnElement[bool]:
    """:func:`visible` for any actor of ``role``, their zone and staff id left as the bound
    parameters ``v_zone`` and ``v_staff`` (:func:`visible_params`): a statement built once and
    run for every caller (building and keying a statement costs more than running it)."""
    return _visible(role, bindparam("v_zone"), bindparam("v_staff"), None, version_order)


def visible_params(actor: Actor) -> dict[str, Any]:
    """The bound parameters of :func:`visible_bound` for this actor."""
    return {"v_zone": actor.zone_id, "v_staff": actor.staff_id}


def _visible(
    role: str, zone: Any, staff: Any, actor: Actor | None, version_order: bool
) -> ColumnElement[bool]:
    if role == "admin":
        return true()
    r = server_row.c
    policy = r.table_name == "policy"
    if role == "supervisor":
        if version_order:
            return or_(r.table_name + "" == "policy", r.zone_id + "" == zone)
        return or_(policy, r.zone_id == zone)
    return or_(*assistant_visible(zone, staff, actor))


def assistant_visible(zone: Any, staff: Any, actor: Actor | None) -> tuple[ColumnElement[bool], ...]:
    """An assistant's rows as two disjoint predicates: those of the enterprises assigned to them,
    and those of no enterprise that they see (policies, their zone and its staff, their own
    assessments). ``actor`` None: the staff of the bound parameter ``v_staff``."""
    r = server_row.c
    own = or_(
        r.table_name == "policy",
        and_(r.table_name == "zone", r.id == zone),
        and_(r.table_name == "staff", r.zone_id == zone),
        and_(r.table_name == "assessment", r.staff_id == staff),
    )
    return r.enterprise_id.in_(my_enterprises(actor)), and_(r.enterprise_id.is_(None), own)


def assignments_of(conn: Connection, staff_id: str) -> list[tuple[str, int | None]]:
    """(enterprise, ended change sequence or None) of every assignment a staff member ever had."""
    log = assignment_log.c
    rows = conn.execute(select(log.enterprise_id, log.ended_seq).where(log.staff_id == staff_id))
    return [(str(e), None if ended is None else int(ended)) for e, ended in rows]


def has_current_assignee(conn: Connection, enterprise_id: str) -> bool:
    return (
        conn.scalar(
            select(assignment_log.c.assignment_id)
            .where(assignment_log.c.enterprise_id == enterprise_id, assignment_log.c.ended_seq.is_(None))
            .limit(1)
        )
        is not None
    )


# ------------------------------------------------------------------------------ accounts, tokens


def zone_add(conn: Connection, *, name: str, now: datetime) -> str:
    existing = conn.scalar(
        select(server_row.c.id).where(
            server_row.c.table_name == "zone",
            server_row.c.deleted == false(),
            server_row.c.data["name"].as_string() == name,
        )
    )
    if existing is not None:
        raise AdminError(f"zone {name!r} exists (id {existing})")
    zid = new_id()
    data = validated("zone", {"id": zid, "name": name})
    admin_put(conn, "zone", zid, data, now)
    return zid


def zone_id_by_name(conn: Connection, name: str) -> str:
    zid = conn.scalar(
        select(server_row.c.id).where(
            server_row.c.table_name == "zone",
            server_row.c.deleted == false(),
            server_row.c.data["name"].as_string() == name,
        )
    )
    if zid is None:
        raise AdminError(f"no zone named {name!r}")
    return str(zid)


def user_add(
    conn: Connection,
    *,
    login: str,
    name: str,
    role: str,
    zone_id: str | None,
    password: str,
    now: datetime,
    specialist_type: str | None = None,
) -> str:
    """A sign-in account with its staff row; ``specialist_type`` None: the synced row's, or 产业助理."""
    if role not in ROLES:
        raise AdminError(f"role must be one of {', '.join(ROLES)}")
    if not zone_id:
        raise AdminError("every account belongs to a zone (--zone)")
    if conn.scalar(select(account.c.staff_id).where(account.c.login == login)) is not None:
        raise AdminError(f"login {login!r} exists")
    # a staff member a supervisor created on a laptop (synced, no account yet) gets the account:
    # the row keeps its id, so their records and assignments stay theirs
    existing = find_by_natural_key(conn, "staff", login)
    previous = get_row(conn, "staff", existing) if existing is not None else None
    sid: str = (
        existing if existing is not None and previous is not None and not previous.deleted else new_id()
    )
    kept = previous.data if previous is not None and not previous.deleted else {}
    values = {
        **kept,
        "id": sid,
        "name": name,
        "login": login,
        "role": role,
        "specialist_type": specialist_type or kept.get("specialist_type") or "industrial_assistant",
        "zone_id": zone_id,
    }
    data = validated("staff", values)
    if previous is not None and not previous.deleted:
        changed = {
            k for k in ("name", "role", "specialist_type", "zone_id") if previous.data.get(k) != data.get(k)
        }
        admin_put(conn, "staff", sid, data, now, changed=changed, previous=previous)
    else:
        admin_put(conn, "staff", sid, data, now)
    conn.execute(
        insert(account).values(
            staff_id=sid,
            login=login,
            password_hash=security.hash_password(password),
            role=role,
            zone_id=zone_id,
            active=True,
        )
    )
    return sid


#: letters and digits an initial password is made of (no 0/O, 1/l/I: it is read off a screen)
_READABLE = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def initial_password(length: int = 10) -> str:
    """A one-time password to read off the screen and type once."""
    return "".join(secrets.choice(_READABLE) for _ in range(length))


def account_open(
    conn: Connection, actor: Actor, *, staff_id: str, password: str | None, now: datetime
) -> tuple[str, str | None] | str:
    """Open the sign-in account of a staff row the server holds, for ``actor`` (from the token):
    an admin for anyone, a supervisor for an assistant of their own zone. Returns (login, the
    generated password or None when ``password`` was given), or the code of why not. The account
    must set its own password at its first sign-in (``must_change_password``)."""
    if actor.role not in ("supervisor", "admin"):
        return "account_role"
    row = get_row(conn, "staff", staff_id)
    if row is None or row.deleted:
        return "account_not_synced"
    if actor.role == "supervisor" and (row.zone_id != actor.zone_id or row.data.get("role") != "assistant"):
        return "account_scope"
    if not row.data.get("active", True):
        return "account_inactive"
    login = str(row.data.get("login") or "")
    if not login:
        return "account_no_login"
    taken = conn.execute(
        select(account.c.staff_id).where(or_(account.c.staff_id == staff_id, account.c.login == login))
    ).first()
    if taken is not None:
        return "account_exists"
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        return "weak_password"
    made = initial_password() if password is None else None
    conn.execute(
        insert(account).values(
            staff_id=staff_id,
            login=login,
            password_hash=security.hash_password(password if password is not None else str(made)),
            role=row.data.get("role"),
            zone_id=row.zone_id,
            active=True,
            must_change_password=True,
        )
    )
    return login, made


def staff_id_by_login(conn: Connection, login: str) -> str:
    sid = conn.scalar(select(account.c.staff_id).where(account.c.login == login))
    if sid is None:
        raise AdminError(f"no user {login!r}")
    return str(sid)


def user_set_active(conn: Connection, *, login: str, active: bool, now: datetime) -> None:
    sid = staff_id_by_login(conn, login)
    conn.execute(update(account).where(account.c.staff_id == sid).values(active=active))
    row = get_row(conn, "staff", sid)
    if row is not None and row.data.get("active") != active:
        admin_put(conn, "staff", sid, {**row.data, "active": active}, now, changed={"active"}, previous=row)
    if not active:
        conn.execute(update(token).where(token.c.staff_id == sid).values(revoked=True))


def password_reset(conn: Connection, *, login: str, password: str) -> None:
    sid = staff_id_by_login(conn, login)
    conn.execute(
        update(account)
        .where(account.c.staff_id == sid)
        .values(password_hash=security.hash_password(password))
    )
    conn.execute(update(token).where(token.c.staff_id == sid).values(revoked=True))


def enterprise_id_by_code(conn: Connection, credit_code: str) -> str:
    eid = find_by_natural_key(conn, "enterprise", normalise_credit_code(credit_code))
    if eid is None:
        raise AdminError(f"no enterprise with credit code {credit_code}")
    return eid


def enterprise_add(conn: Connection, *, name: str, credit_code: str, zone_id: str, now: datetime) -> str:
    code = normalise_credit_code(credit_code)
    if find_by_natural_key(conn, "enterprise", code) is not None:
        raise AdminError(f"credit code {code} exists")
    eid = new_id()
    data = validated("enterprise", {"id": eid, "name": name, "credit_code": code, "zone_id": zone_id})
    admin_put(conn, "enterprise", eid, data, now)
    return eid


def enterprise_move(conn: Connection, *, credit_code: str, zone_id: str, now: datetime) -> int:
    """Move an enterprise to another zone (an admin's act); returns its new version."""
    eid = enterprise_id_by_code(conn, credit_code)
    row = get_row(conn, "enterprise", eid)
    assert row is not None
    if row.data.get("zone_id") == zone_id:
        raise AdminError("the enterprise is in that zone already")
    return admin_put(
        conn, "enterprise", eid, {**row.data, "zone_id": zone_id}, now, changed={"zone_id"}, previous=row
    )


def user_move(conn: Connection, *, login: str, zone_id: str, now: datetime) -> int:
    """Move a staff member to another zone (their account follows); returns the staff row's version."""
    sid = staff_id_by_login(conn, login)
    row = get_row(conn, "staff", sid)
    if row is None:
        raise AdminError(f"no staff row for {login!r}")
    if row.data.get("zone_id") == zone_id:
        raise AdminError(f"{login!r} is in that zone already")
    return admin_put(
        conn, "staff", sid, {**row.data, "zone_id": zone_id}, now, changed={"zone_id"}, previous=row
    )


def _end_current(conn: Connection, enterprise_id: str, today: date, now: datetime) -> None:
    current = conn.scalars(
        select(assignment_log.c.assignment_id).where(
            assignment_log.c.enterprise_id == enterprise_id, assignment_log.c.ended_seq.is_(None)
        )
    ).all()
    for aid in current:
        row = get_row(conn, "assignment", aid)
        if row is None:
            continue
        admin_put(
            conn,
            "assignment",
            aid,
            {**row.data, "end_date": today.isoformat()},
            now,
            changed={"end_date"},
            previous=row,
        )


def assign(
    conn: Connection, *, staff_id: str, enterprise_id: str, today: date, now: datetime, replace: bool = False
) -> str:
    """Assign (包联) an enterprise; with ``replace`` the current assignees' assignments end first."""
    if replace:
        _end_current(conn, enterprise_id, today, now)
    aid = new_id()
    data = validated(
        "assignment",
        {"id": aid, "staff_id": staff_id, "enterprise_id": enterprise_id, "start_date": today.isoformat()},
    )
    admin_put(conn, "assignment", aid, data, now)
    return aid


def purge_tombstones(conn: Connection, *, through_seq: int) -> int:
    """Forget tombstones written at or before ``through_seq``; cursors older than it need a full resync."""
    n = conn.execute(
        delete(server_row).where(server_row.c.deleted == true(), server_row.c.version <= through_seq)
    )
    if through_seq > read_counter(conn, PURGED_SEQ):
        conn.execute(update(counter).where(counter.c.name == PURGED_SEQ).values(value=through_seq))
    return int(n.rowcount or 0)


def seq_before(conn: Connection, when: datetime) -> int:
    """The last change sequence received before ``when`` (0 when none)."""
    v = conn.scalar(select(func.max(audit.c.change_seq)).where(audit.c.received_at < when))
    return int(v or 0)


def issue_token(
    conn: Connection,
    *,
    login: str,
    password: str,
    device_id: str,
    now: datetime,
    ttl: timedelta,
    new_password: str | None = None,
) -> tuple[str, Actor, datetime] | str:
    """A new token for this login on this device, or the code of why not. An account opened with
    a one-time password (``must_change_password``) gets one only with ``new_password``, which
    becomes its password (``password_change_required`` without; ``weak_password`` /
    ``same_password`` for one that will not do)."""
    acc = conn.execute(select(account).where(account.c.login == login)).mappings().first()
    if acc is None:
        security.verify_dummy(password)
        return "bad_login"
    if not acc["active"] or not security.verify_password(acc["password_hash"], password):
        return "bad_login"
    if new_password is not None:
        if len(new_password) < MIN_PASSWORD_LENGTH:
            return "weak_password"
        if new_password == password:
            return "same_password"
        conn.execute(
            update(account)
            .where(account.c.staff_id == acc["staff_id"])
            .values(password_hash=security.hash_password(new_password), must_change_password=False)
        )
    elif acc["must_change_password"]:
        return "password_change_required"
    dev = conn.execute(select(device).where(device.c.device_id == device_id)).mappings().first()
    if dev is not None and dev["revoked_at"] is not None:
        return "device_revoked"
    if dev is None:
        conn.execute(
            insert(device).values(
                device_id=device_id, staff_id=acc["staff_id"], first_seen=now, last_seen=now, revoked_at=None
            )
        )
    else:
        conn.execute(
            update(device)
            .where(device.c.device_id == device_id)
            .values(staff_id=acc["staff_id"], last_seen=now)
        )
    raw = security.new_token()
    expires = now + ttl
    conn.execute(
        insert(token).values(
            token_hash=security.token_hash(raw),
            device_id=device_id,
            staff_id=acc["staff_id"],
            issued_at=now,
            expires_at=expires,
            revoked=False,
        )
    )
    return raw, Actor(acc["staff_id"], acc["role"], acc["zone_id"], device_id), expires


def _aware(t: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored as UTC."""
    return t if t.tzinfo else t.replace(tzinfo=UTC)


#: a bearer token's row with its account's role, zone and state and its device's revocation
#: (built once: every authorised request runs it)
_TOKEN_ROW = (
    select(token, account.c.role, account.c.zone_id, account.c.active, device.c.revoked_at)
    .join(account, account.c.staff_id == token.c.staff_id)
    .join(device, device.c.device_id == token.c.device_id)
    .where(token.c.token_hash == bindparam("token_hash"))
)


def _token_row(conn: Connection, raw: str) -> Any:
    """A bearer token's row with its account's role, zone and state and its device's revocation."""
    return conn.execute(_TOKEN_ROW, {"token_hash": security.token_hash(raw)}).mappings().first()


def actor_for_token(conn: Connection, raw: str, now: datetime) -> Actor | None:
    """The caller of a bearer token, or None when it is unknown, expired, revoked or disabled."""
    r = _token_row(conn, raw)
    if r is None or r["revoked"] or not r["active"] or r["revoked_at"] is not None:
        return None
    if _aware(r["expires_at"]) <= now:
        return None
    return Actor(r["staff_id"], r["role"], r["zone_id"], r["device_id"])


def token_device_revoked(conn: Connection, raw: str) -> bool:
    """Whether ``raw`` was issued to a device the admin has since revoked (the client then wipes
    its local data; an expired or otherwise refused token only asks to sign in again)."""
    r = conn.execute(
        select(device.c.revoked_at)
        .join(token, token.c.device_id == device.c.device_id)
        .where(token.c.token_hash == security.token_hash(raw))
    ).first()
    return r is not None and r[0] is not None


def devices(conn: Connection) -> list[dict[str, Any]]:
    rows = (
        conn.execute(
            select(device, account.c.login)
            .join(account, account.c.staff_id == device.c.staff_id, isouter=True)
            .order_by(device.c.last_seen.desc())
        )
        .mappings()
        .all()
    )
    return [dict(r) for r in rows]


def revoke_device(conn: Connection, *, device_id: str, now: datetime, final_push: bool = False) -> None:
    """Revoke a device: no new token for it, every call with its tokens answered 403 (the client
    wipes). ``final_push`` (a laptop handed back, not a lost one): its tokens stay unexpired for one
    last upload — pushes and attachment uploads only (:func:`final_push_actor`) — which ends at
    its first other call (:func:`end_final_push`) or when the token expires."""
    n = conn.execute(update(device).where(device.c.device_id == device_id).values(revoked_at=now)).rowcount
    if not n:
        raise AdminError(f"no device {device_id!r}")
    if not final_push:
        conn.execute(update(token).where(token.c.device_id == device_id).values(revoked=True))


def final_push_actor(conn: Connection, raw: str, now: datetime) -> Actor | None:
    """The caller of a token of a device revoked with ``final_push`` whose last upload has not
    ended: the token itself neither revoked nor expired, the account active. None otherwise."""
    r = _token_row(conn, raw)
    if r is None or r["revoked"] or not r["active"] or r["revoked_at"] is None:
        return None
    if _aware(r["expires_at"]) <= now:
        return None
    return Actor(r["staff_id"], r["role"], r["zone_id"], r["device_id"])


def end_final_push(conn: Connection, raw: str) -> str | None:
    """A revoked device's token made a call other than its last upload: every token of that
    device ends now. Returns the device id when a final push was still open (else None)."""
    r = conn.execute(
        select(token.c.device_id, token.c.revoked).where(token.c.token_hash == security.token_hash(raw))
    ).first()
    if r is None or r[1]:
        return None
    conn.execute(update(token).where(token.c.device_id == r[0]).values(revoked=True))
    return str(r[0])
