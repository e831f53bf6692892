"""Push: apply a device's mutations, one result each (SYNC.md; docs/sync-protocol.md).

Mutations sharing a ``tx_id`` are applied in one database transaction, all or nothing; every
other group has its own, so one bad mutation never blocks the rest. The ledger row of a mutation
is written in the transaction of its effect: a replay returns the stored result, the same id with
another body is refused. Scope comes from the token (:class:`~.crud.Actor`) and the device's pull
cursor, never from the mutation's own claims.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from contextlib import nullcontext
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, bindparam, insert, select
from sqlalchemy.exc import IntegrityError

from fieldkit.config import RESOURCES
from fieldkit.domain import applications, demands, proxies, records
from fieldkit.domain.identifiers import credit_code_problem, normalise_credit_code
from fieldkit.domain.service_items import catalogue, unknown_item_codes
from fieldkit.models import SCHEMA_VERSION, SYNCED_TABLES
from fieldkit.sync.protocol import FieldConflict, Mutation, MutationResult, PushRequest

from . import crud, textcheck
from .crud import BOOKKEEPING, Actor, StoredRow
from .db import SeqBlock, write_transaction
from .db import lock_keys as db_lock_keys
from .logs import LOGGER
from .messages import reason
from .rowmodels import validated_update
from .rowwrites import RowWrites
from .tables import conflict, ledger, server_row

#: fields where a concurrent edit is a conflict the owner must see (the later one still wins)
SENSITIVE: dict[str, frozenset[str]] = {
    "demand": frozenset({"state", "deadline"}),
    "servicerecord": frozenset({*records.CONTENT_FIELDS, "status"}),
    "enterprise": frozenset({"name", "credit_code"}),
    "assignment": frozenset({"staff_id", "end_date"}),
}
#: what a push sets on every row it writes besides the mutation's changes
_STAMPS = ("id", "updated_at", "deleted")
#: the reference data folder (the service-item catalogue)
_REFERENCE = RESOURCES / "data"
#: tables an assistant may not write (accounts, zones and policies are managed centrally)
CENTRAL_TABLES = frozenset({"zone", "staff", "policy", "assessment"})


class Rejected(Exception):
    def __init__(self, code: str, existing_id: str | None = None, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.existing_id = existing_id
        self.params = params

    def result(self, mutation_id: str) -> MutationResult:
        return MutationResult(
            mutation_id=mutation_id,
            status="rejected",
            code=self.code,
            params=self.params,
            reason=reason(self.code, **self.params),
            existing_id=self.existing_id,
        )


_log = logging.getLogger(LOGGER)


def _invalid(table: str, fields: Iterable[str], detail: str, mutation_id: str = "") -> Rejected:
    """The refusal of a change whose values do not fit its row (reason ``invalid``): the fields
    at fault by column name (the client shows their labels), the technical detail (validation
    error types, a constraint) only in the server's log, never in the reason a user reads."""
    names = [f for f in dict.fromkeys(str(f) for f in fields) if f]
    _log.info("push %s: %s refused as invalid: %s", mutation_id or "-", table, detail)
    return Rejected("invalid", table=table, fields=names)


def body_hash(m: Mutation, body: dict[str, Any] | None = None) -> str:
    """sha256 of the mutation's canonical JSON (``body``: its ``model_dump(mode="json")``, if made)."""
    dumped = m.model_dump(mode="json") if body is None else body
    return hashlib.sha256(json.dumps(dumped, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _reachable(edges: Mapping[str | None, Iterable[str]], start: str | None, target: str) -> bool:
    """Whether ``target`` is ``start`` or a path of the lifecycle leads there (outbox entries
    merge, so one mutation may carry several steps)."""
    seen: set[str | None] = {start}
    todo: deque[str | None] = deque([start])
    while todo:
        s = todo.popleft()
        if s == target:
            return True
        for t in edges.get(s, ()):
            if t not in seen:
                seen.add(t)
                todo.append(t)
    return False


def _edges(pairs: Iterable[tuple[str | None, str]]) -> dict[str | None, list[str]]:
    out: dict[str | None, list[str]] = {}
    for a, b in pairs:
        out.setdefault(a, []).append(b)
    return out


DEMAND_EDGES = _edges(demands.LEGAL_EDGES)
PROXY_EDGES = _edges([(None, "accepted"), *((a, b) for a, bs in proxies.TRANSITIONS.items() for b in bs)])
APP_EDGES = _edges([(None, "applied"), *((a, b) for a, bs in applications.APP_FLOW.items() for b in bs)])
RECORD_EDGES = _edges([(None, "draft"), *((a, b) for a, bs in records.TRANSITIONS.items() for b in bs)])
LIFECYCLES: dict[str, tuple[str, dict[str | None, list[str]], str]] = {
    "demand": ("state", DEMAND_EDGES, "demand_transition"),
    "proxyservice": ("status", PROXY_EDGES, "proxy_transition"),
    "policyapplication": ("state", APP_EDGES, "application_transition"),
    "servicerecord": ("status", RECORD_EDGES, "record_transition"),
}


class _View:
    """What one push request has read and written: the rows, ledger entries and the actor's
    assignments its mutations need, looked up together in a few IN queries at the start and kept
    current as the request writes (a group rolled back to its savepoint forgets what it wrote)."""

    def __init__(self, conn: Connection, actor: Actor, mutations: list[Mutation]) -> None:
        self.conn = conn
        self.actor = actor
        self.rows: dict[tuple[str, str], StoredRow | None] = {}
        self.stored: dict[str, tuple[str, MutationResult] | None] = {}
        self._mine: list[tuple[str, int | None]] | None = None
        self._current: frozenset[str] | None = None  # of _mine: the enterprises held now
        #: where the request's change sequences come from (None: one at a time)
        self.seqs: SeqBlock | None = None
        #: the rows written, held until the end of the request (None: written at once)
        self.writes: RowWrites | None = None
        self._load_ledger([m.mutation_id for m in mutations])
        wanted = {(m.table, m.row_id) for m in mutations if m.table in SYNCED_TABLES}
        wanted |= {ref for m in mutations for ref in _references(m)}
        self._load_rows(wanted)
        # the enterprises the rows name: their zone is what scope is decided on
        self._load_rows(
            {("enterprise", r.enterprise_id) for r in self.rows.values() if r and r.enterprise_id}
        )

    def _load_ledger(self, ids: list[str]) -> None:
        for chunk in _chunks(sorted(set(ids))):
            for mid, digest, result in self.conn.execute(_STORED_MANY, {"b_ids": chunk}):
                self.stored[str(mid)] = (str(digest), MutationResult.model_validate(result))
        for mid in ids:
            self.stored.setdefault(mid, None)

    def _load_rows(self, keys: set[tuple[str, str]]) -> None:
        keys = {k for k in keys if k[1] and k not in self.rows}
        by_table: dict[str, list[str]] = {}
        for table, row_id in keys:
            by_table.setdefault(table, []).append(row_id)
        for table, ids in sorted(by_table.items()):
            for chunk in _chunks(sorted(ids)):
                for r in self.conn.execute(_ROWS_OF_TABLE, {"b_table": table, "b_ids": chunk}).mappings():
                    self.rows[(table, r["id"])] = crud.stored_row(r)
        for k in keys:
            self.rows.setdefault(k, None)

    def row(self, table: str, row_id: str) -> StoredRow | None:
        key = (table, row_id)
        if self.writes is not None and self.writes.has(key):
            return self.writes.get(key)
        if key not in self.rows:
            self.rows[key] = crud.get_row(self.conn, table, row_id)
        return self.rows[key]

    def mine(self) -> list[tuple[str, int | None]]:
        """(enterprise, ended change sequence or None) of every assignment the actor ever had."""
        if self._mine is None:
            self._mine = crud.assignments_of(self.conn, self.actor.staff_id)
            self._current = frozenset(e for e, ended in self._mine if ended is None)
        return self._mine

    def is_current_assignee(self, enterprise: str) -> bool:
        self.mine()
        assert self._current is not None
        return enterprise in self._current

    def last_end_of_mine(self, enterprise: str) -> int | None:
        ends = [ended for e, ended in self.mine() if e == enterprise and ended is not None]
        return max(ends) if ends else None

    def forget(self, rows: Iterable[tuple[str, str]], mutation_ids: Iterable[str]) -> None:
        """A group rolled back: what it wrote is looked up again when needed."""
        for k in rows:
            self.rows.pop(k, None)
        for mid in mutation_ids:
            self.stored.pop(mid, None)
        self._mine = self._current = None

    def stored_result(self, mutation_id: str) -> tuple[str, MutationResult] | None:
        if mutation_id not in self.stored:
            self.stored[mutation_id] = _stored(self.conn, mutation_id)
        return self.stored[mutation_id]


def _chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _references(m: Mutation) -> list[tuple[str, str]]:
    """The rows a mutation's checks will look at besides its own: its parent, its enterprise."""
    c = m.changes
    refs: list[tuple[str, str]] = []
    if isinstance(c.get("enterprise_id"), str):
        refs.append(("enterprise", c["enterprise_id"]))
    if m.table in crud.PARENTS:
        parent, key = crud.PARENTS[m.table]
        if isinstance(c.get(key), str):
            refs.append((parent, c[key]))
    if (
        m.table == "attachment"
        and isinstance(c.get("owner_table"), str)
        and isinstance(c.get("owner_id"), str)
    ):
        refs.append((c["owner_table"], c["owner_id"]))
    return refs


def lock_keys(m: Mutation) -> list[str]:
    """What a mutation decides on, locked before the request reads anything (PostgreSQL: pushes
    run side by side, each locking what it touches; :func:`~.db.lock_keys`)."""
    keys = [f"m:{m.mutation_id}", f"r:{m.table}:{m.row_id}"]
    c = m.changes
    if m.table == "demandevent" and isinstance(c.get("demand_id"), str):
        keys.append(f"r:demand:{c['demand_id']}")  # its events are steps from the demand's state
    if m.table == "assignment" and isinstance(c.get("enterprise_id"), str):
        keys.append(f"r:enterprise:{c['enterprise_id']}")  # who holds it
    if m.table == "enterprise" and c.get("credit_code"):
        keys.append(f"n:enterprise:{normalise_credit_code(str(c['credit_code']))}")
    if m.table == "staff" and c.get("login"):
        keys.append(f"n:staff:{c['login']}")
    return keys


def _validate_rules(
    view: _View, table: str, row_id: str, old: StoredRow | None, new: dict[str, Any], changed: set[str]
) -> None:
    """The shared domain rules; may normalise ``new`` (credit code, record hash)."""
    life = LIFECYCLES.get(table)
    if life is not None:
        field, edges, code = life
        before = old.data.get(field) if old and not old.deleted else None
        if not _reachable(edges, before, str(new.get(field))):
            # raw state codes: the text names them by their labels (domain.reasons)
            raise Rejected(code, old=before, new=new.get(field))
    conn = view.conn
    if table == "demandevent" and old is None and not new.get("deleted"):
        _check_demand_step(view, new)
    if table == "policyapplication" and "state" in changed and new.get("state") == "correction":
        _check_correction(old, new)
    if table == "enterprise":
        if credit_code_problem(str(new.get("credit_code") or "")) is not None:
            raise Rejected("credit_code")
        new["credit_code"] = normalise_credit_code(str(new["credit_code"]))
        unchanged = old is not None and not old.deleted and old.data.get("credit_code") == new["credit_code"]
        other = (
            None
            if unchanged
            else crud.find_by_natural_key(conn, "enterprise", new["credit_code"], view.writes)
        )
        if other is not None and other != row_id and not new.get("deleted"):
            raise Rejected("credit_code_exists", existing_id=other, id=other)
    if table == "staff":
        other = crud.find_by_natural_key(conn, "staff", str(new.get("login") or ""), view.writes)
        if other is not None and other != row_id:
            raise Rejected("login_exists", existing_id=other, id=other)
    if table == "servicerecord":
        if old is None or "service_items" in changed:
            items = new.get("service_items") or []
            if not isinstance(items, list):
                raise _invalid(table, ["service_items"], "service_items is no list")
            unknown = unknown_item_codes(items, catalogue(_REFERENCE))
            if unknown:
                raise Rejected("service_item", codes=list(unknown))
        if old is not None and not records.is_editable(str(old.data.get("status"))):
            touched = {f for f in changed if f in records.CONTENT_FIELDS or f in ("content_hash", "deleted")}
            if touched:
                raise Rejected("record_immutable")
        if new.get("status") != "draft":
            # ``new`` is already validated and in JSON form: only the instant needs parsing back
            values: dict[str, Any] = {f: new.get(f) for f in records.CONTENT_FIELDS}
            raw_visit = values.get("visit_at")
            if isinstance(raw_visit, str):
                visit_at = datetime.fromisoformat(raw_visit)
                values["visit_at"] = visit_at if visit_at.tzinfo else visit_at.replace(tzinfo=UTC)
            expected = records.content_hash(values)
            if new.get("content_hash") in (None, ""):
                new["content_hash"] = expected
            elif new["content_hash"] != expected:
                raise Rejected("record_hash")


_EVENTS_OF_ENTERPRISE = (
    select(server_row.c.id, server_row.c.version, server_row.c.data)
    .where(
        server_row.c.table_name == "demandevent",
        server_row.c.enterprise_id == bindparam("b_enterprise"),
        server_row.c.deleted.is_(False),
    )
    .order_by(server_row.c.version.desc())
)


def _history_state(
    conn: Connection, demand: StoredRow, writes: RowWrites | None = None
) -> tuple[str | None, ...]:
    """The states a new event of ``demand`` may start from: the ``to_state`` of its latest event
    by change sequence (the server's receive order); a demand without events yet (created in this
    group, or written before events) may get its creation event or one from its stored state.
    ``writes``: the events this request wrote and holds (they count as stored)."""
    latest: tuple[int, str | None] | None = None
    if writes is not None:
        for row in writes.pending("demandevent"):
            if not row.deleted and row.data.get("demand_id") == demand.id:
                if latest is None or row.version > latest[0]:
                    latest = (row.version, row.data.get("to_state"))
    for row_id, version, data in conn.execute(_EVENTS_OF_ENTERPRISE, {"b_enterprise": demand.enterprise_id}):
        if latest is not None and int(version) < latest[0]:
            break  # (newest first)
        if data.get("demand_id") == demand.id and not (
            writes is not None and writes.has(("demandevent", row_id))
        ):
            latest = (int(version), data.get("to_state"))
            break
    if latest is not None:
        return (latest[1],)
    return (None, demand.data.get("state"))


def _check_correction(old: StoredRow | None, new: Mapping[str, Any]) -> None:
    """补正 (domain.applications.correction_refusal): the notice lists every correction, and an
    application is told once — a second notice (an earlier ``correction_on`` on the server) is
    refused like the desktop refuses it."""
    told = old.data.get("correction_on") if old is not None and not old.deleted else None
    if told:
        raise Rejected("application_correction_twice", on=str(told))
    items = new.get("corrections")
    if not isinstance(items, list) or not applications.correction_items([str(i) for i in items]):
        raise Rejected("application_correction_empty")


def _check_demand_step(view: _View, new: Mapping[str, Any]) -> None:
    """A new demand event is a step from the demand's CURRENT server state along an edge of the
    lifecycle (domain.demands.transition_refusal); otherwise its whole group is refused."""
    demand = view.row("demand", str(new.get("demand_id", "")))
    if demand is None:
        raise Rejected("not_found")
    src, dst = new.get("from_state"), str(new.get("to_state"))
    currents = _history_state(view.conn, demand, view.writes)
    current = src if src in currents else currents[-1]
    refusal = demands.transition_refusal(current, src, dst)
    if refusal is not None:
        raise Rejected(refusal.code, **refusal.params)


def _check_parent(view: _View, table: str, new: Mapping[str, Any]) -> None:
    """A row found through its parent (demand event, milestone, attachment) needs that parent on
    the server, and may only name the parent's enterprise: scope is decided on it."""
    if table == "attachment":
        parent_table, parent_id = str(new.get("owner_table", "")), str(new.get("owner_id", ""))
    elif table in crud.PARENTS:
        parent_table, key = crud.PARENTS[table]
        parent_id = str(new.get(key, ""))
    else:
        return
    parent = view.row(parent_table, parent_id) if parent_table in SYNCED_TABLES else None
    if parent is None or parent.deleted:
        raise Rejected("not_found")
    if new.get("enterprise_id") and new.get("enterprise_id") != parent.enterprise_id:
        raise _invalid(table, ["enterprise_id"], "enterprise_id differs from the parent's")


def _check_scope(
    view: _View,
    cursor: int,
    table: str,
    old: StoredRow | None,
    new: Mapping[str, Any],
    place: crud.Placement,
) -> None:
    """May the actor write this row, as it was and as it would be (``place``)?"""
    actor = view.actor
    if actor.role == "admin":
        return
    if actor.role == "supervisor":
        if table == "zone":
            raise Rejected("role")
        if table == "staff":
            # a supervisor manages the assistants of their own zone (services/permissions.py)
            rows = [new] + ([old.data] if old is not None else [])
            if any(r.get("role") != "assistant" or r.get("zone_id") != actor.zone_id for r in rows):
                raise Rejected("role")
            return
        places = [place]
        if old is not None:
            places.append((old.enterprise_id, old.staff_id, old.zone_id))
        for _e, _s, zone in places:
            if table != "policy" and zone != actor.zone_id:
                raise Rejected("not_found" if old is not None else "scope")
        return
    if table in CENTRAL_TABLES:
        raise Rejected("role")
    enterprise, _staff, zone = place
    if table == "enterprise" and old is None:
        if zone != actor.zone_id:
            raise Rejected("scope")
        return
    if table == "assignment" and old is None:
        # an assistant may take on an enterprise nobody holds (one they just created)
        if new.get("staff_id") != actor.staff_id or enterprise is None:
            raise Rejected("scope")
        if zone != actor.zone_id or crud.has_current_assignee(view.conn, enterprise):
            raise Rejected("scope")
        return
    if table == "enterprise" and old is not None and new.get("zone_id") != old.data.get("zone_id"):
        raise Rejected("scope")  # moving an enterprise to another zone is the supervisors' call
    targets = {enterprise}
    if old is not None:
        targets.add(old.enterprise_id)
    for e in targets:
        if e is None:
            raise Rejected("not_found" if old is not None else "scope")
        if view.is_current_assignee(e):
            continue
        ended = view.last_end_of_mine(e)
        if ended is None:
            raise Rejected("not_found" if old is not None else "scope")
        if ended <= cursor:
            raise Rejected("reassigned")
        # reassigned after this device last pulled: it could not know, the edit is accepted


def _apply_one(
    view: _View, cursor: int, m: Mutation, now: datetime, min_schema: int, audit_rows: list[dict[str, Any]]
) -> MutationResult:
    conn, actor = view.conn, view.actor
    if m.table not in SYNCED_TABLES:
        raise Rejected("unknown_table", table=m.table)
    if m.device_id != actor.device_id:
        raise Rejected("device_mismatch")
    if not min_schema <= m.schema_version <= SCHEMA_VERSION:
        raise Rejected("schema", version=m.schema_version)
    model = SYNCED_TABLES[m.table]
    text = textcheck.problem(model, m.changes, m.table)
    if text is not None:
        raise Rejected(text[0], **text[1])
    unknown = set(m.changes) - set(model.model_fields)
    if unknown:
        raise _invalid(m.table, sorted(unknown), f"unknown fields {sorted(unknown)}", m.mutation_id)
    old = view.row(m.table, m.row_id)
    if old is not None and old.deleted:
        raise Rejected("deleted")
    if old is None and m.op != "create":
        raise Rejected("not_found")
    changes = {k: v for k, v in m.changes.items() if k not in BOOKKEEPING}
    base = dict(old.data) if old is not None else {}
    merged = {**base, **changes, "id": m.row_id, "updated_at": now.isoformat()}
    if old is None and "created_at" in m.changes:
        merged["created_at"] = m.changes["created_at"]  # the device's creation time is data
    # a delete, or a create whose delete the device folded into it before sending (a row made and
    # removed offline: it arrives as a tombstone)
    tombstone = m.op == "delete" or (old is None and m.changes.get("deleted") is True)
    if tombstone:
        merged["deleted"] = True
    try:
        # an edit: the stored row is validated already, only what it sets needs validating
        new = (
            validated_update(m.table, base, {k: merged[k] for k in (*changes, *_STAMPS) if k in merged})
            if old is not None
            else None
        )
        if new is None:
            new = crud.validated(m.table, merged)
    except ValidationError as exc:
        errors = exc.errors(include_input=False, include_url=False)
        raise _invalid(
            m.table,
            [str(e["loc"][0]) for e in errors if e.get("loc")],
            "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['type']}" for e in errors),
            m.mutation_id,
        ) from None
    if tombstone:
        new["deleted"] = True
    changed = {
        f
        for f in set(changes) | ({"deleted"} if tombstone else set())
        if old is None or old.data.get(f) != new.get(f)
    }
    if m.table == "assignment" and old is not None and ({"staff_id", "enterprise_id"} & changed):
        raise _invalid(
            m.table,
            ["staff_id", "enterprise_id"],
            "an assignment's staff or enterprise changed",
            m.mutation_id,
        )
    _check_parent(view, m.table, new)
    place = crud.placement(conn, m.table, m.row_id, new, view.row)  # once: the scope check and the write
    _check_scope(view, cursor, m.table, old, new, place)
    if (
        m.table == "servicerecord"
        and actor.role == "assistant"
        and "status" in changed
        and new.get("status") in ("reviewed", "returned")
    ):
        raise Rejected("role")  # reviewing (审核) and 退回修改 are a supervisor's acts
    _validate_rules(view, m.table, m.row_id, old, new, changed)
    lost: list[FieldConflict] = []
    if old is not None:
        sensitive = SENSITIVE.get(m.table, frozenset())
        for f in sorted(changed):
            if old.field_versions.get(f, 0) > m.base_version and f in sensitive:
                lost.append(FieldConflict(field=f, kept_value=new.get(f), lost_value=old.data.get(f)))
    if old is not None and not changed:
        return MutationResult(mutation_id=m.mutation_id, status="applied", server_version=old.version)
    seq = crud.put_row(
        conn,
        table=m.table,
        row_id=m.row_id,
        data=new,
        op=m.op,
        changed=changed,
        who=actor.staff_id,
        device_id=actor.device_id,
        mutation_id=m.mutation_id,
        received_at=now,
        previous=old,
        place=place,
        written=view.rows,
        audit_rows=audit_rows,
        take_seq=view.seqs,
        writes=view.writes,
    )
    if m.table == "assignment":
        view.forget((), ())  # the actor's assignments are read again
    if actor.role == "admin" and m.table in ("enterprise", "staff"):
        view.rows.clear()  # a zone move rewrites the rows of what moved in place
    if lost:
        for c in lost:
            conn.execute(
                insert(conflict).values(
                    table_name=m.table,
                    row_id=m.row_id,
                    field=c.field,
                    kept_value=c.kept_value,
                    lost_value=c.lost_value,
                    mutation_id=m.mutation_id,
                    change_seq=seq,
                    decided=False,
                    note="",
                )
            )
        return MutationResult(
            mutation_id=m.mutation_id,
            status="conflict",
            code="conflict",
            reason=reason("conflict"),
            server_version=seq,
            conflicts=lost,
        )
    return MutationResult(mutation_id=m.mutation_id, status="applied", server_version=seq)


_STORED = select(ledger.c.body_hash, ledger.c.result).where(ledger.c.mutation_id == bindparam("b_id"))
_STORED_MANY = select(ledger.c.mutation_id, ledger.c.body_hash, ledger.c.result).where(
    ledger.c.mutation_id.in_(bindparam("b_ids", expanding=True))
)
_INSERT_LEDGER = insert(ledger)
#: the rows of one table by id (its primary key: table, id)
_ROWS_OF_TABLE = select(server_row).where(
    server_row.c.table_name == bindparam("b_table"), server_row.c.id.in_(bindparam("b_ids", expanding=True))
)


def _stored(conn: Connection, mutation_id: str) -> tuple[str, MutationResult] | None:
    r = conn.execute(_STORED, {"b_id": mutation_id}).first()
    if r is None:
        return None
    return str(r[0]), MutationResult.model_validate(r[1])


def _ledger_row(
    actor: Actor, m: Mutation, body: dict[str, Any], digest: str, result: MutationResult, now: datetime
) -> dict[str, Any]:
    return {
        "mutation_id": m.mutation_id,
        "body_hash": digest,
        "body": body,
        "result": result.model_dump(mode="json"),
        "status": result.status,
        "staff_id": actor.staff_id,
        "device_id": actor.device_id,
        "received_at": now,
    }


def _replay(m: Mutation, digest: str, stored: tuple[str, MutationResult]) -> MutationResult:
    stored_hash, first = stored
    if stored_hash != digest:
        return Rejected("body_mismatch").result(m.mutation_id)
    return first.model_copy(update={"status": "duplicate", "first_status": first.status})


def _groups(mutations: list[Mutation]) -> list[list[Mutation]]:
    by_tx: dict[str, list[Mutation]] = {}
    order: list[list[Mutation]] = []
    for m in mutations:
        if not m.tx_id:
            order.append([m])
            continue
        group = by_tx.get(m.tx_id)
        if group is None:
            group = by_tx[m.tx_id] = []
            order.append(group)
        group.append(m)
    return [sorted(g, key=lambda m: m.device_seq) for g in order]


def push(
    engine: Engine | Connection, actor: Actor, request: PushRequest, now: datetime, min_schema: int = 0
) -> list[MutationResult]:
    """One result per mutation, in the order they were sent (on a connection of ``engine``, or on
    ``engine`` itself when it is a connection with no transaction open).

    The whole request is one database transaction (one commit, one fsync) and each group a
    savepoint inside it: a group that fails rolls back to its savepoint alone, and its mutations
    are then recorded as rejected in the same transaction, so one bad group never blocks the rest.
    The ledger and audit rows are written together at the end, in the same transaction. Nothing
    is answered before the commit.

    On PostgreSQL pushes run side by side (``write_transaction(shared=True)``): each first locks
    what its mutations touch (:func:`lock_keys`), an admin's push excludes every other writer.

    A group of one mutation needs no savepoint (its checks all come before its first write), so
    the request first runs with savepoints for larger groups only; should a constraint fail in a
    group without one, the transaction is rolled back and the request runs again with a savepoint
    for every group."""
    try:
        return _push(engine, actor, request, now, min_schema, savepoint_all=False)
    except IntegrityError:
        return _push(engine, actor, request, now, min_schema, savepoint_all=True)


def _push(
    engine: Engine | Connection,
    actor: Actor,
    request: PushRequest,
    now: datetime,
    min_schema: int,
    *,
    savepoint_all: bool,
) -> list[MutationResult]:
    results: dict[int, MutationResult] = {}
    index = {id(m): i for i, m in enumerate(request.mutations)}
    bodies = {id(m): m.model_dump(mode="json") for m in request.mutations}  # for its hash and its ledger row
    with write_transaction(engine, shared=actor.role != "admin") as conn:
        if actor.role != "admin":
            db_lock_keys(conn, [k for m in request.mutations for k in lock_keys(m)])
        view = _View(conn, actor, request.mutations)
        if actor.role != "admin":  # (an admin's zone move writes more rows than it has mutations,
            # and rewrites rows in place: its writes are not held)
            view.seqs = SeqBlock(conn, len(request.mutations))
            view.writes = RowWrites()
        ledger_rows: list[dict[str, Any]] = []
        audit_rows: list[dict[str, Any]] = []
        for group in _groups(request.mutations):
            digests = [body_hash(m, bodies[id(m)]) for m in group]
            failed: tuple[int, MutationResult] | None = None
            current = 0
            out: list[MutationResult] = []
            group_ledger: list[dict[str, Any]] = []
            group_audit: list[dict[str, Any]] = []
            mark = view.seqs.mark() if view.seqs is not None else 0
            savepoint = savepoint_all or len(group) > 1
            try:
                with conn.begin_nested() if savepoint else nullcontext():
                    for i, (m, digest) in enumerate(zip(group, digests, strict=True)):
                        current = i
                        stored = view.stored_result(m.mutation_id)
                        if stored is not None:
                            res = _replay(m, digest, stored)
                            if res.status == "rejected":
                                failed = (i, res)
                                raise _GroupFailed
                            out.append(res)
                            continue
                        try:
                            res = _apply_one(view, request.cursor, m, now, min_schema, group_audit)
                        except Rejected as rej:
                            failed = (i, rej.result(m.mutation_id))
                            raise _GroupFailed from None
                        group_ledger.append(_ledger_row(actor, m, bodies[id(m)], digest, res, now))
                        view.stored[m.mutation_id] = (digest, res)
                        out.append(res)
                    if savepoint_all and view.writes is not None:
                        view.writes.flush(conn)  # a constraint it breaks fails this group alone
            except IntegrityError:
                if not savepoint:
                    raise  # the transaction is gone: push() runs the request again, with savepoints
                # a constraint the checks above missed: deterministic, so a retry would fail the
                # same way and block the queue; it is answered like any rejection
                failed = (
                    current,
                    _invalid(
                        group[current].table, [], "a constraint the checks missed", group[current].mutation_id
                    ).result(group[current].mutation_id),
                )
            except _GroupFailed:
                assert failed is not None
            if view.writes is not None:
                view.writes.end_group(failed is None)
            if failed is None:
                ledger_rows.extend(group_ledger)
                audit_rows.extend(group_audit)
                for m, res in zip(group, out, strict=True):
                    results[index[id(m)]] = res
            else:
                if view.seqs is not None:
                    view.seqs.rollback_to(mark)
                view.forget(((m.table, m.row_id) for m in group), (r["mutation_id"] for r in group_ledger))
                results.update(_record_failure(view, group, bodies, digests, failed, now, index, ledger_rows))
        if view.seqs is not None:
            view.seqs.close()
        if view.writes is not None:
            view.writes.flush(conn)  # a constraint broken here: push() runs the request again
        if ledger_rows:
            conn.execute(_INSERT_LEDGER, ledger_rows)
        crud.insert_audit(conn, audit_rows)
    return [results[i] for i in range(len(request.mutations))]


class _GroupFailed(Exception):
    """Rolls a transaction group back to its savepoint."""


def _record_failure(
    view: _View,
    group: list[Mutation],
    bodies: dict[int, dict[str, Any]],
    digests: list[str],
    failed: tuple[int, MutationResult],
    now: datetime,
    index: dict[int, int],
    ledger_rows: list[dict[str, Any]],
) -> dict[int, MutationResult]:
    """After a group rolled back: keep its mutations in the ledger as rejected (the bad one with
    its reason, the others because they belong to it); replays and refused bodies are left alone."""
    bad, bad_result = failed
    out: dict[int, MutationResult] = {}
    for i, (m, digest) in enumerate(zip(group, digests, strict=True)):
        stored = view.stored_result(m.mutation_id)
        if stored is not None:
            out[index[id(m)]] = bad_result if i == bad else _replay(m, digest, stored)
            continue
        res = bad_result if i == bad else Rejected("tx_failed").result(m.mutation_id)
        ledger_rows.append(_ledger_row(view.actor, m, bodies[id(m)], digest, res, now))
        view.stored[m.mutation_id] = (digest, res)
        out[index[id(m)]] = res
    return out
