"""Client devices for the fault tests: each a real SQLite store opened by the app's own
``open_store``, connected through ``fieldkit.sync.account.connect`` (the first-run page's call)
and synced by the real ``SyncEngine`` — through the fault proxy when the store was connected to it.

Local edits go through the real services (records, demands, attachments), so every change writes
its outbox entry as the app does.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from fieldkit.db import open_store
from fieldkit.models import SyncMeta
from fieldkit.services import device, store
from fieldkit.sync import account
from fieldkit.sync.client import SyncClient
from fieldkit.sync.errors import SyncError

from .harness import PASSWORD

#: short backoff so that faults cost the test little time (still bounded retries with jitter)
BACKOFF = 0.05
RETRIES = 2


_template: Path | None = None


def fresh_store(path: Path) -> Engine:
    """A new, empty store at ``path``: the app's ``open_store`` (all migrations) run once per test
    session on a template file, then copied — the migrations take seconds on a busy machine, the
    copy milliseconds. The template has no device id yet (it is made on first use), so every copy
    becomes its own device."""
    global _template
    if _template is None:
        folder = Path(tempfile.mkdtemp(prefix="fieldkit-store-template-"))
        engine = open_store(folder / "template.sqlite3")
        with Session(engine) as s:
            assert s.get(SyncMeta, device.DEVICE_KEY) is None
        engine.dispose()  # the last connection closing checkpoints the WAL into the file
        _template = folder / "template.sqlite3"
    shutil.copyfile(_template, path)
    return open_store(path)


@dataclass
class Laptop:
    root: Path
    name: str
    url: str
    login: str
    engine: Engine = field(init=False)
    errors: list[str] = field(default_factory=list)
    cursors: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        (self.root / self.name).mkdir(parents=True, exist_ok=True)
        self.engine = fresh_store(self.db_path)

    @property
    def db_path(self) -> Path:
        return self.root / self.name / "fieldkit.sqlite3"

    @property
    def files(self) -> Path:
        return self.root / self.name / "attachments"

    def client(self, url: str | None = None) -> SyncClient:
        with Session(self.engine) as s:
            tok = account.token(s)
        return SyncClient(url or self.url, token=tok, timeout=30.0, retries=RETRIES, backoff=BACKOFF)

    def connect(self) -> None:
        c = SyncClient(self.url, timeout=30.0, retries=4, backoff=BACKOFF)
        try:
            account.connect(self.engine, self.url, self.login, PASSWORD, client=c)
        finally:
            c.close()

    @property
    def staff_id(self) -> str:
        with Session(self.engine) as s:
            sid = account.staff_id(s)
        assert sid
        return sid

    @property
    def device_id(self) -> str:
        with Session(self.engine) as s:
            dev = device.device_id(s)
            s.commit()
        return dev

    @property
    def actor(self) -> store.Actor:
        return store.Actor(self.staff_id, self.device_id)

    @property
    def token(self) -> str:
        with Session(self.engine) as s:
            tok = account.token(s)
        assert tok
        return tok

    def cursor(self) -> int:
        with Session(self.engine) as s:
            return account.cursor(s)

    @contextmanager
    def tx(self) -> Iterator[Session]:
        with Session(self.engine) as s:
            yield s
            s.commit()

    def sync(self, faults: Callable[[str], None] | None = None) -> Any:
        """One sync through the engine; a SyncError (offline after retries, a 500 left) is
        recorded and returned as None — the next sync goes on from where this one stopped."""
        from fieldkit.sync.engine import SyncEngine

        c = self.client()
        try:
            report = SyncEngine(self.engine, c, self.files, faults=faults).sync()
        except SyncError as e:
            self.errors.append(f"{type(e).__name__}: {e.message}")
            report = None
        finally:
            c.close()
        self.cursors.append(self.cursor())
        return report

    def close(self) -> None:
        self.engine.dispose()
