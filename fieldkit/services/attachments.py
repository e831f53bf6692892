"""Attachments (photos, scans, signatures): bytes named by sha256 in the data folder, metadata as a
synced row. Writing the file first and the row second means a crash leaves at most an orphan file."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from sqlmodel import Session, col, select

from fieldkit.fileio import atomic_write
from fieldkit.models import Attachment

from . import store


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class AttachmentService:
    def __init__(self, actor: store.Actor, folder: Path) -> None:
        self.actor = actor
        self.folder = folder

    def path_for(self, sha: str) -> Path:
        return self.folder / sha[:2] / sha

    def store_bytes(self, data: bytes) -> str:
        sha = sha256_bytes(data)
        target = self.path_for(sha)
        if not target.exists():
            atomic_write(target, data, make_parents=True)
        return sha

    def add(self, session: Session, *, data: bytes, owner_table: str, owner_id: str, kind: str = "photo",
            filename: str = "", mime: str | None = None, caption: str = "") -> Attachment:
        sha = self.store_bytes(data)
        mime = mime or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        att = Attachment(sha256=sha, filename=filename, mime=mime, size=len(data), kind=kind,
                         owner_table=owner_table, owner_id=owner_id, caption=caption)
        return store.insert(session, att, self.actor)

    def add_file(self, session: Session, path: Path, **kw: str) -> Attachment:
        return self.add(session, data=path.read_bytes(), filename=path.name, **kw)

    def read(self, sha: str) -> bytes:
        return self.path_for(sha).read_bytes()

    def remove(self, session: Session, att: Attachment) -> None:
        store.delete(session, att, self.actor)


def attachments_of(session: Session, owner_table: str, owner_id: str, kind: str | None = None) -> list[Attachment]:
    q = select(Attachment).where(Attachment.owner_table == owner_table, Attachment.owner_id == owner_id,
                                 col(Attachment.deleted).is_(False))
    if kind:
        q = q.where(Attachment.kind == kind)
    return list(session.exec(q.order_by(col(Attachment.created_at))).all())
