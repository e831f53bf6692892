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
from collections import deque
from collections.abc import Iterable, Mapping
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
from .db import write_transaction
from .messages import reason
from .tables import conflict, ledger, server_row

#: fields where a concurrent edit is a conflict the owner must see (the later one still wins)
SENSITIVE: dict[str, frozenset[str]] = {
    "demand": frozenset({"state", "deadline"}),
    "servicerecord": frozenset({*records.CONTENT_FIELDS, "status"}),
    "enterprise": frozenset({"name", "credit_code"}),
    "assignment": frozenset({"staff_id", "end_date"}),
}
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
            reason=reason(self.code, **self.params),
            existing_id=self.existing_id,
        )


def body_hash(m: Mutation) -> str:
    return hashlib.sha256(
        json.dumps(m.model_dump(mode="json"), sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


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


def _validate_rules(
    conn: Connection, table: str, row_id: str, old: StoredRow | None, new: dict[str, Any], changed: set[str]
) -> None:
    """The shared domain rules; may normalise ``new`` (credit code, record hash)."""
    life = LIFECYCLES.get(table)
    if life is not None:
        field, edges, code = life
        before = old.data.get(field) if old and not old.deleted else None
        if not _reachable(edges, before, str(new.get(field))):
            if table == "demand":  # a user reads labels, never codes
                raise Rejected(code, old=demands.state_label(before), new=demands.state_label(new.get(field)))
            raise Rejected(code, old=before or "", new=new.get(field))
    if table == "demandevent" and old is None and not new.get("deleted"):
        _check_demand_step(conn, new)
    if table == "policyapplication" and "state" in changed and new.get("state") == "correction":
        _check_correction(old, new)
    if table == "enterprise":
        if credit_code_problem(str(new.get("credit_code") or "")) is not None:
            raise Rejected("credit_code")
        new["credit_code"] = normalise_credit_code(str(new["credit_code"]))
        other = crud.find_by_natural_key(conn, "enterprise", new["credit_code"])
        if other is not None and other != row_id and not new.get("deleted"):
            raise Rejected("credit_code_exists", existing_id=other, id=other)
    if table == "staff":
        other = crud.find_by_natural_key(conn, "staff", str(new.get("login") or ""))
        if other is not None and other != row_id:
            raise Rejected("login_exists", existing_id=other, id=other)
    if table == "servicerecord":
        if old is None or "service_items" in changed:
            items = new.get("service_items") or []
            if not isinstance(items, list):
                raise Rejected("invalid", detail="service_items")
            unknown = unknown_item_codes(items, catalogue(RESOURCES / "data"))
            if unknown:
                raise Rejected("service_item", codes="、".join(unknown))
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


def _history_state(conn: Connection, demand: StoredRow) -> tuple[str | None, ...]:
    """The states a new event of ``demand`` may start from: the ``to_state`` of its latest event
    by change sequence (the server's receive order); a demand without events yet (created in this
    group, or written before events) may get its creation event or one from its stored state."""
    rows = conn.execute(
        select(server_row.c.data)
        .where(
            server_row.c.table_name == "demandevent",
            server_row.c.enterprise_id == demand.enterprise_id,
            server_row.c.deleted.is_(False),
        )
        .order_by(server_row.c.version.desc())
    )
    for (data,) in rows:
        if data.get("demand_id") == demand.id:
            return (data.get("to_state"),)
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


def _check_demand_step(conn: Connection, new: Mapping[str, Any]) -> None:
    """A new demand event is a step from the demand's CURRENT server state along an edge of the
    lifecycle (domain.demands.transition_refusal); otherwise its whole group is refused."""
    demand = crud.get_row(conn, "demand", str(new.get("demand_id", "")))
    if demand is None:
        raise Rejected("not_found")
    src, dst = new.get("from_state"), str(new.get("to_state"))
    currents = _history_state(conn, demand)
    current = src if src in currents else currents[-1]
    refusal = demands.transition_refusal(current, src, dst)
    if refusal is not None:
        raise Rejected(refusal.code, **refusal.params)


def _check_parent(conn: Connection, table: str, new: Mapping[str, Any]) -> None:
    """A row found through its parent (demand event, milestone, attachment) needs that parent on
    the server, and may only name the parent's enterprise: scope is decided on it."""
    if table == "attachment":
        parent_table, parent_id = str(new.get("owner_table", "")), str(new.get("owner_id", ""))
    elif table in crud.PARENTS:
        parent_table, key = crud.PARENTS[table]
        parent_id = str(new.get(key, ""))
    else:
        return
    parent = crud.get_row(conn, parent_table, parent_id) if parent_table in SYNCED_TABLES else None
    if parent is None or parent.deleted:
        raise Rejected("not_found")
    if new.get("enterprise_id") and new.get("enterprise_id") != parent.enterprise_id:
        raise Rejected("invalid", detail="enterprise_id")


def _check_scope(
    conn: Connection,
    actor: Actor,
    cursor: int,
    table: str,
    row_id: str,
    old: StoredRow | None,
    new: Mapping[str, Any],
) -> None:
    """May the actor write this row, as it was and as it would be?"""
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
        places = [crud.placement(conn, table, row_id, new)]
        if old is not None:
            places.append((old.enterprise_id, old.staff_id, old.zone_id))
        for _e, _s, zone in places:
            if table != "policy" and zone != actor.zone_id:
                raise Rejected("not_found" if old is not None else "scope")
        return
    if table in CENTRAL_TABLES:
        raise Rejected("role")
    enterprise, _staff, zone = crud.placement(conn, table, row_id, new)
    if table == "enterprise" and old is None:
        if zone != actor.zone_id:
            raise Rejected("scope")
        return
    if table == "assignment" and old is None:
        # an assistant may take on an enterprise nobody holds (one they just created)
        if new.get("staff_id") != actor.staff_id or enterprise is None:
            raise Rejected("scope")
        if zone != actor.zone_id or crud.has_current_assignee(conn, enterprise):
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
        if crud.is_current_assignee(conn, actor, e):
            continue
        ended = crud.last_end_of_mine(conn, actor, e)
        if ended is None:
            raise Rejected("not_found" if old is not None else "scope")
        if ended <= cursor:
            raise Rejected("reassigned")
        # reassigned after this device last pulled: it could not know, the edit is accepted


def _apply_one(
    conn: Connection, actor: Actor, cursor: int, m: Mutation, now: datetime, min_schema: int
) -> MutationResult:
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
        raise Rejected("invalid", detail=", ".join(sorted(unknown)))
    old = crud.get_row(conn, m.table, m.row_id)
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
        new = crud.validated(m.table, merged)
    except ValidationError as exc:
        raise Rejected(
            "invalid",
            detail="; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['type']}" for e in exc.errors()),
        ) from None
    if tombstone:
        new["deleted"] = True
    changed = {
        f
        for f in set(changes) | ({"deleted"} if tombstone else set())
        if old is None or old.data.get(f) != new.get(f)
    }
    if m.table == "assignment" and old is not None and ({"staff_id", "enterprise_id"} & changed):
        raise Rejected("invalid", detail="staff_id/enterprise_id")
    _check_parent(conn, m.table, new)
    _check_scope(conn, actor, cursor, m.table, m.row_id, old, new)
    if (
        m.table == "servicerecord"
        and actor.role == "assistant"
        and "status" in changed
        and new.get("status") in ("reviewed", "returned")
    ):
        raise Rejected("role")  # reviewing (审核) and 退回修改 are a supervisor's acts
    _validate_rules(conn, m.table, m.row_id, old, new, changed)
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
    )
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
_INSERT_LEDGER = insert(ledger)


def _stored(conn: Connection, mutation_id: str) -> tuple[str, MutationResult] | None:
    r = conn.execute(_STORED, {"b_id": mutation_id}).first()
    if r is None:
        return None
    return str(r[0]), MutationResult.model_validate(r[1])


def _record(
    conn: Connection, actor: Actor, m: Mutation, digest: str, result: MutationResult, now: datetime
) -> None:
    conn.execute(
        _INSERT_LEDGER,
        {
            "mutation_id": m.mutation_id,
            "body_hash": digest,
            "body": m.model_dump(mode="json"),
            "result": result.model_dump(mode="json"),
            "status": result.status,
            "staff_id": actor.staff_id,
            "device_id": actor.device_id,
            "received_at": now,
        },
    )


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
    engine: Engine, actor: Actor, request: PushRequest, now: datetime, min_schema: int = 0
) -> list[MutationResult]:
    """One result per mutation, in the order they were sent.

    The whole request is one database transaction (one commit, one fsync) and each group a
    savepoint inside it: a group that fails rolls back to its savepoint alone, and its mutations
    are then recorded as rejected in the same transaction, so one bad group never blocks the rest.
    Nothing is answered before the commit."""
    results: dict[int, MutationResult] = {}
    index = {id(m): i for i, m in enumerate(request.mutations)}
    with write_transaction(engine) as conn:
        for group in _groups(request.mutations):
            digests = [body_hash(m) for m in group]
            failed: tuple[int, MutationResult] | None = None
            current = 0
            out: list[MutationResult] = []
            try:
                with conn.begin_nested():
                    for i, (m, digest) in enumerate(zip(group, digests, strict=True)):
                        current = i
                        stored = _stored(conn, m.mutation_id)
                        if stored is not None:
                            res = _replay(m, digest, stored)
                            if res.status == "rejected":
                                failed = (i, res)
                                raise _GroupFailed
                            out.append(res)
                            continue
                        try:
                            res = _apply_one(conn, actor, request.cursor, m, now, min_schema)
                        except Rejected as rej:
                            failed = (i, rej.result(m.mutation_id))
                            raise _GroupFailed from None
                        _record(conn, actor, m, digest, res, now)
                        out.append(res)
            except IntegrityError:
                # a constraint the checks above missed: deterministic, so a retry would fail the
                # same way and block the queue; it is answered like any rejection
                failed = (
                    current,
                    Rejected("invalid", detail="constraint").result(group[current].mutation_id),
                )
            except _GroupFailed:
                assert failed is not None
            if failed is None:
                for m, res in zip(group, out, strict=True):
                    results[index[id(m)]] = res
            else:
                results.update(_record_failure(conn, actor, group, digests, failed, now, index))
    return [results[i] for i in range(len(request.mutations))]


class _GroupFailed(Exception):
    """Rolls a transaction group back to its savepoint."""


def _record_failure(
    conn: Connection,
    actor: Actor,
    group: list[Mutation],
    digests: list[str],
    failed: tuple[int, MutationResult],
    now: datetime,
    index: dict[int, int],
) -> dict[int, MutationResult]:
    """After a group rolled back: keep its mutations in the ledger as rejected (the bad one with
    its reason, the others because they belong to it); replays and refused bodies are left alone."""
    bad, bad_result = failed
    out: dict[int, MutationResult] = {}
    for i, (m, digest) in enumerate(zip(group, digests, strict=True)):
        stored = _stored(conn, m.mutation_id)
        if stored is not None:
            out[index[id(m)]] = bad_result if i == bad else _replay(m, digest, stored)
            continue
        res = bad_result if i == bad else Rejected("tx_failed").result(m.mutation_id)
        _record(conn, actor, m, digest, res, now)
        out[index[id(m)]] = res
    return out
