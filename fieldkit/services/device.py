"""This store's device identity: one id per store, kept in the database (SyncMeta), with the place
it was created so that a copied data folder is noticed before two laptops push under one id.

A copy cannot be told from a move by looking at the file; when the store finds itself somewhere
else (another path or another machine) the program asks the user which it was
(:func:`check_origin`, then :func:`adopt_as_copy` or :func:`confirm_moved`).
"""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from fieldkit.models import OutboxEntry, SyncMeta, new_id, utcnow

DEVICE_KEY = "device_id"
ORIGIN_KEY = "device_origin"
_CACHE = "fieldkit.device_id"


def _get(session: Session, key: str) -> str | None:
    row = session.get(SyncMeta, key)
    return row.value if row is not None and row.value else None


def _put(session: Session, key: str, value: str) -> None:
    row = session.get(SyncMeta, key)
    if row is None:
        session.add(SyncMeta(key=key, value=value))
    else:
        row.value = value
        session.add(row)


def device_id(session: Session) -> str:
    """The store's device id, created (in the caller's transaction) the first time it is asked for."""
    cached = session.info.get(_CACHE)
    if cached:
        return str(cached)
    value = _get(session, DEVICE_KEY)
    if value is None:
        value = new_id()
        _put(session, DEVICE_KEY, value)
    session.info[_CACHE] = value
    return value


def known_device_id(session: Session) -> str | None:
    """The store's device id if it has one; None: never asked for yet (nothing is written)."""
    return _get(session, DEVICE_KEY)


def host_name() -> str:
    return platform.node() or "?"


@dataclass(frozen=True)
class Origin:
    """Where a store was created (or last confirmed): the database file's absolute path and machine."""

    path: str
    host: str

    @classmethod
    def here(cls, db_file: Path) -> Origin:
        return cls(str(db_file.resolve()), host_name())


@dataclass(frozen=True)
class OriginCheck:
    device_id: str
    recorded: Origin
    current: Origin

    @property
    def elsewhere(self) -> bool:
        """The store is not where it was created: moved, or copied (the user is asked which)."""
        return self.recorded != self.current


def _read_origin(session: Session) -> Origin | None:
    raw = _get(session, ORIGIN_KEY)
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        return Origin(str(data["path"]), str(data["host"]))
    except (ValueError, KeyError, TypeError):
        return None


def _write_origin(session: Session, origin: Origin) -> None:
    _put(
        session,
        ORIGIN_KEY,
        json.dumps(
            {"path": origin.path, "host": origin.host, "at": utcnow().isoformat()}, ensure_ascii=False
        ),
    )


def check_origin(session: Session, db_file: Path) -> OriginCheck:
    """Compare where the store is with where it was created; a store that never recorded its origin
    records it now (caller commits)."""
    dev = device_id(session)
    here = Origin.here(db_file)
    recorded = _read_origin(session)
    if recorded is None:
        _write_origin(session, here)
        recorded = here
    return OriginCheck(dev, recorded, here)


def confirm_moved(session: Session, db_file: Path) -> str:
    """The folder was moved (or the machine renamed): the same device, at its new place."""
    _write_origin(session, Origin.here(db_file))
    return device_id(session)


def adopt_as_copy(session: Session, db_file: Path) -> str:
    """The folder is a copy: this store becomes a new device. Its waiting changes keep their
    mutation ids (the server applies a mutation id once, whichever device sends it) and are
    labelled with the new device id."""
    new = new_id()
    _put(session, DEVICE_KEY, new)
    session.info[_CACHE] = new
    _write_origin(session, Origin.here(db_file))
    for entry in session.exec(select(OutboxEntry)).all():
        entry.device_id = new
        session.add(entry)
    return new
