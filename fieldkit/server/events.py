"""The security audit (``server_security_event``): sign-ins and admin actions.

Recorded: every sign-in attempt (success, wrong login or password, revoked device, locked by the
throttle) with the login typed, the device and the client address; every ``fieldkit admin …``
command that changes something (its arguments, never a password: those come from a prompt or
``FIELDKIT_PASSWORD``) and whether it succeeded; every push by an admin account (its mutation
counts by result). Read with ``fieldkit admin audit [--since DATE]``. Row changes themselves are
in ``server_audit`` (who changed what, from which device).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from .tables import security_event

SIGN_IN = "sign_in"
ADMIN_COMMAND = "admin_command"
ADMIN_PUSH = "admin_push"
#: a revoked device's last upload (``fieldkit admin revoke DEVICE --final-push``): each push, and its end
FINAL_PUSH = "final_push"
#: a supervisor or admin opening a staff member's account from the desktop (``POST /accounts``)
ACCOUNT_OPEN = "account_open"
#: an account setting its own password at its first sign-in (``POST /password``)
PASSWORD_SET = "password_set"


def record(
    conn: Connection,
    *,
    at: datetime,
    kind: str,
    outcome: str,
    login: str | None = None,
    staff_id: str | None = None,
    device_id: str | None = None,
    address: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> None:
    conn.execute(
        insert(security_event).values(
            at=at,
            kind=kind,
            outcome=outcome,
            login=login[:150] if login is not None else None,
            staff_id=staff_id,
            device_id=device_id[:64] if device_id is not None else None,
            address=address[:64] if address is not None else None,
            detail=dict(detail) if detail is not None else None,
        )
    )


def record_apart(engine: Engine, **kw: Any) -> None:
    """:func:`record` in a transaction of its own (a failure whose own transaction rolled back)."""
    with engine.begin() as conn:
        record(conn, **kw)


def _aware(t: datetime) -> datetime:
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def since(conn: Connection, start: datetime | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """The events at or after ``start`` (all without it), oldest first."""
    q = select(security_event).order_by(security_event.c.at, security_event.c.id)
    if start is not None:
        q = q.where(security_event.c.at >= start)
    if kind is not None:
        q = q.where(security_event.c.kind == kind)
    rows = [dict(r) for r in conn.execute(q).mappings()]
    for r in rows:
        r["at"] = _aware(r["at"])
    return rows


def line(event: Mapping[str, Any]) -> str:
    """One event as a line of ``fieldkit admin audit`` (local time, tab separated)."""
    detail = event.get("detail") or {}
    parts = [f"{k}={v}" for k, v in detail.items()]
    return "\t".join(
        [
            f"{_aware(event['at']).astimezone():%Y-%m-%d %H:%M:%S}",
            str(event["kind"]),
            str(event["outcome"]),
            str(event.get("login") or "-"),
            str(event.get("device_id") or "-"),
            str(event.get("address") or "-"),
            " ".join(parts) or "-",
        ]
    )
