"""What "converged" means, checked from the outside (SYNC.md's promise).

- ``server_view``: every live row of the account's scope, read straight from the server (not
  through the fault proxy) by a full pull from cursor 0 with the device's own token.
- ``local_view``: every live row of a device's store.
- Both as ``{(table, id): (version, values)}`` with values normalised through the model class
  (so a datetime written two ways compares equal) and without the columns a store derives for
  itself (pinyin search keys).
- ``effects``: how many times the server applied each mutation id (its audit rows): any count
  above one is a duplicate effect.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import requests
from sqlalchemy import Engine, func, select
from sqlmodel import Session
from sqlmodel import select as sm_select

from fieldkit.models import SCHEMA_VERSION, SYNCED_TABLES, OutboxEntry
from fieldkit.server.tables import audit
from fieldkit.services import store
from fieldkit.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, SCHEMA_HEADER, scope_checksum

HEADERS = {PROTOCOL_HEADER: str(PROTOCOL_VERSION), SCHEMA_HEADER: str(SCHEMA_VERSION)}
#: columns a store derives from synced ones and may fill differently (Enterprise pinyin keys),
#: and the attachment's local "bytes are here" flag
DERIVED = frozenset({"name_pinyin", "name_initials", "uploaded"})

View = dict[tuple[str, str], tuple[int, dict[str, Any]]]


def normalise(table: str, values: dict[str, Any]) -> dict[str, Any]:
    model = SYNCED_TABLES[table]
    obj = model.model_validate({k: v for k, v in values.items() if k in model.model_fields})
    return {k: v for k, v in store.row_values(obj).items() if k not in DERIVED}


def server_view(server_url: str, token: str) -> tuple[View, int]:
    """The live rows of the token's scope and the cursor the pull ended at."""
    headers = {**HEADERS, "Authorization": f"Bearer {token}"}
    latest: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
    removed: set[str] = set()
    cursor = 0
    for _ in range(10_000):
        r = requests.get(
            f"{server_url}/api/v1/pull", headers=headers, params={"cursor": cursor, "limit": 2000}, timeout=60
        )
        r.raise_for_status()
        page = r.json()
        for row in page["rows"]:
            latest[(row["table"], row["values"]["id"])] = (row["server_version"], row["values"])
        removed |= {x["id"] for x in page["removals"]}
        cursor = int(page["cursor"])
        if not page["has_more"]:
            break
    view: View = {}
    for (table, rid), (version, values) in latest.items():
        if values.get("deleted"):
            continue
        view[(table, rid)] = (version, normalise(table, values))
    return view, cursor


def local_view(engine: Engine) -> View:
    view: View = {}
    with Session(engine) as s:
        for table, model in SYNCED_TABLES.items():
            for obj in s.exec(sm_select(model).where(model.deleted == False)).all():  # noqa: E712
                view[(table, obj.id)] = (
                    obj.server_version,
                    {k: v for k, v in store.row_values(obj).items() if k not in DERIVED},
                )
    return view


def local_checksum(engine: Engine) -> str:
    return scope_checksum((t, i, v) for (t, i), (v, _) in local_view(engine).items())


def outbox_states(engine: Engine) -> Counter[str]:
    with Session(engine) as s:
        return Counter(e.state for e in s.exec(sm_select(OutboxEntry)).all())


def diff(a: View, b: View, limit: int = 8) -> str:
    """A readable difference of two views (for assertion messages)."""
    lines = []
    for k in sorted(set(a) | set(b)):
        if a.get(k) != b.get(k):
            if k not in a:
                lines.append(f"only in second: {k} v{b[k][0]}")
            elif k not in b:
                lines.append(f"only in first: {k} v{a[k][0]}")
            else:
                va, vb = a[k], b[k]
                fields = {f for f in set(va[1]) | set(vb[1]) if va[1].get(f) != vb[1].get(f)}
                lines.append(
                    f"{k}: v{va[0]} vs v{vb[0]}; "
                    + ", ".join(f"{f}={va[1].get(f)!r}/{vb[1].get(f)!r}" for f in sorted(fields))
                )
        if len(lines) >= limit:
            lines.append("…")
            break
    return "\n".join(lines)


def effects(server_engine: Engine) -> Counter[str]:
    """Audit rows per mutation id on the server (a mutation writes one row: more is a duplicate)."""
    with server_engine.connect() as conn:
        rows = conn.execute(
            select(audit.c.mutation_id, func.count())
            .where(audit.c.mutation_id.is_not(None))
            .group_by(audit.c.mutation_id)
        ).all()
    return Counter({str(m): int(n) for m, n in rows})


def duplicate_effects(server_engine: Engine) -> int:
    return sum(n - 1 for n in effects(server_engine).values() if n > 1)
