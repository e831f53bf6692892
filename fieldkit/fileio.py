"""Writing files so that a crash, a kill or a full disk never leaves half a file behind.

No Qt and nothing else from fieldkit: config, services, forms and ui all write through here.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path


def atomic_write(
    path: Path, data: bytes | str, *, encoding: str = "utf-8", fsync: bool = True, make_parents: bool = False
) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it over
    ``path``: readers see the old content or the new, never a part. With ``make_parents`` the
    folder is created; otherwise a missing folder is an error (a save dialog's choice)."""
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode(encoding) if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}.part")
    try:
        with open(tmp, "wb") as fh:
            fh.write(raw)
            fh.flush()
            if fsync:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a file just renamed into it) to disk; a no-op on Windows."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir_best_effort(folder: Path) -> None:
    """:func:`fsync_dir`, where a folder that cannot be opened (another file system, permissions)
    is no reason to fail: the rename has happened, only its durability is less certain."""
    try:
        fsync_dir(folder)
    except OSError:
        pass
