"""A client that dies: ``python -m tests.sync.crashclient STORE ATTACHMENTS POINT [N]`` syncs the
store and ``os._exit(CRASHED)``s the N-th time (default 1) the engine reaches the fault point
POINT — no cleanup, no commit, no rollback, as when the laptop's battery dies. Exits 0 when the
sync ended without reaching it, 1 on a sync error. A fifth argument sets the rows per pull page, a
sixth the rows a first pull may write in one local transaction (``first_batch_rows``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

CRASHED = 17


def main(argv: list[str]) -> int:
    from fieldkit.db import open_store
    from fieldkit.sync import account
    from fieldkit.sync.engine import SyncEngine
    from fieldkit.sync.errors import SyncError

    db, files, point = Path(argv[0]), Path(argv[1]), argv[2]
    nth = int(argv[3]) if len(argv) > 3 else 1
    options = {"pull_page": int(argv[4])} if len(argv) > 4 else {}
    if len(argv) > 5:
        options["first_batch_rows"] = int(argv[5])
    seen = 0

    def faults(at: str) -> None:
        nonlocal seen
        if at == point:
            seen += 1
            if seen >= nth:
                sys.stdout.flush()
                os._exit(CRASHED)

    engine = open_store(db)
    client = account.client_for(engine)
    try:
        SyncEngine(engine, client, files, faults=faults, **options).sync()
    except SyncError as e:
        print(f"{type(e).__name__}: {e.message}", file=sys.stderr)
        return 1
    finally:
        client.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
