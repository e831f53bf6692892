"""Login throttling: too many failed logins for one login, or from one client address, within a
window lock further attempts for a while (answered 429 with when to try again).

The counts live in ``server_login_throttle`` (one row per key), never in process memory, so every
worker process and machine behind a proxy applies the same limits. A success clears the login's
count (not the address's: one valid account must not reset the count of an address guessing
others).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from .tables import login_throttle


@dataclass(frozen=True)
class Limits:
    max_failures_per_login: int
    max_failures_per_address: int
    window: timedelta
    lockout: timedelta


def keys(login: str, address: str | None) -> list[tuple[str, bool]]:
    """(key, is_login) of one attempt."""
    out = [(f"login:{login.strip().lower()[:150]}", True)]
    if address:
        out.append((f"address:{address[:150]}", False))
    return out


def _aware(t: datetime | None) -> datetime | None:
    if t is None:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def locked_until(conn: Connection, login: str, address: str | None, now: datetime) -> datetime | None:
    """The latest lock end of this attempt's keys that is still in the future, if any."""
    ks = [k for k, _ in keys(login, address)]
    ends = [
        _aware(t)
        for t in conn.scalars(select(login_throttle.c.locked_until).where(login_throttle.c.key.in_(ks))).all()
    ]
    future = [t for t in ends if t is not None and t > now]
    return max(future) if future else None


def _count_failure(conn: Connection, key: str, limit: int, limits: Limits, now: datetime) -> None:
    row = (
        conn.execute(select(login_throttle).where(login_throttle.c.key == key).with_for_update())
        .mappings()
        .first()
    )
    if row is None:
        conn.execute(
            insert(login_throttle).values(
                key=key,
                failures=1,
                window_start=now,
                locked_until=now + limits.lockout if limit <= 1 else None,
            )
        )
        return
    start = _aware(row["window_start"])
    failures = int(row["failures"]) + 1
    if start is None or now - start > limits.window:
        failures, start = 1, now
    lock = now + limits.lockout if failures >= limit else None
    if lock is not None:
        failures, start = 0, now  # after the lock a fresh window starts
    conn.execute(
        update(login_throttle)
        .where(login_throttle.c.key == key)
        .values(failures=failures, window_start=start, locked_until=lock or _aware(row["locked_until"]))
    )


def record_failure(engine: Engine, login: str, address: str | None, limits: Limits, now: datetime) -> None:
    """Count one failed attempt for each key; the one that reaches its limit is locked."""
    for attempt in range(3):  # two workers inserting the same new key: the loser retries as an update
        try:
            with engine.begin() as conn:
                for key, is_login in keys(login, address):
                    limit = limits.max_failures_per_login if is_login else limits.max_failures_per_address
                    _count_failure(conn, key, limit, limits, now)
            return
        except IntegrityError:
            if attempt == 2:
                raise


def record_success(conn: Connection, login: str) -> None:
    key = keys(login, None)[0][0]
    conn.execute(
        update(login_throttle).where(login_throttle.c.key == key).values(failures=0, locked_until=None)
    )
