"""A FieldKit process that is SIGKILLed at a chosen moment, as when the battery dies:
``python -m tests.faults.killchild WHEN N -- ARGS…``.

WHEN is ``sql:REGEX`` (the N-th SQL statement matching REGEX is executed, uncommitted),
``before_commit`` or ``after_commit`` (the N-th commit of a session), ``after_commit:TABLE`` (the
N-th commit of a session that wrote a row of TABLE). ARGS are ``fieldkit``'s
command-line arguments, or ``record DATA_DIR`` (a service record saved with its signature, the
editor's autosave path). Exits 0 when the moment never came."""

from __future__ import annotations

import os
import re
import signal
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any


def _kill() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def arm(when: str, nth: int) -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    seen = 0

    def count() -> None:
        nonlocal seen
        seen += 1
        if seen >= nth:
            _kill()

    if when.startswith("sql:"):
        pattern = re.compile(when[4:], re.IGNORECASE)

        def after(_conn: Any, _cur: Any, statement: str, *_a: Any) -> None:
            if pattern.search(statement):
                count()

        event.listen(Engine, "after_cursor_execute", after)
    elif when in ("before_commit", "after_commit"):
        event.listen(Session, when, lambda _s: count())
    elif when.startswith("after_commit:"):  # the commit of a session that wrote a row of this table
        table = when.split(":", 1)[1]

        def flushed(session: Session, _ctx: Any) -> None:
            if any(getattr(type(o), "__tablename__", "") == table for o in session.new):
                session.info["killchild.wrote"] = True

        def committed(session: Session) -> None:
            if session.info.pop("killchild.wrote", False):
                count()

        event.listen(Session, "after_flush", flushed)
        event.listen(Session, "after_commit", committed)
    else:
        raise SystemExit(f"unknown moment {when}")


def save_record(folder: Path) -> int:
    """A draft with a signature, saved in one transaction (the record editor's path)."""
    import random

    from sqlmodel import select

    from fieldkit import keystore
    from fieldkit.config import attachments_dir, db_path
    from fieldkit.db import open_store, session_factory, transaction
    from fieldkit.models import Assignment
    from fieldkit.services.attachments import AttachmentService
    from fieldkit.services.demo import DEMO_PASSWORD, signature_png
    from fieldkit.services.records import RecordService, save_draft
    from fieldkit.services.store import SYSTEM, Actor

    key = keystore.open_key_any(folder, DEMO_PASSWORD)[1] if (folder / "keys.json").exists() else None
    engine = open_store(db_path(folder), key)
    files = AttachmentService(SYSTEM, attachments_dir(folder), key)  # encrypted as the editor's
    with transaction(session_factory(engine)) as s:
        a = s.exec(select(Assignment).where(Assignment.end_date.is_(None))).first()  # type: ignore[union-attr]
        assert a is not None
        actor = Actor(a.staff_id, "killtest")
        rec = RecordService(actor).create_draft(
            s,
            enterprise_id=a.enterprise_id,
            staff_id=a.staff_id,
            visit_at=datetime.now() - timedelta(hours=1),
        )
        save_draft(
            s,
            actor,
            files,
            rec.id,
            {"content": "现场走访，企业反映用电问题"},
            signature=signature_png(random.Random(7)),
        )
    return 0


def main(argv: list[str]) -> int:
    when, nth = argv[0], int(argv[1])
    rest = argv[argv.index("--") + 1 :]
    arm(when, nth)
    if rest[0] == "record":
        return save_record(Path(rest[1]))
    from fieldkit.cli import main as cli

    return cli(rest)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
