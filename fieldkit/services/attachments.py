"""Attachments (photos, scans, signatures): bytes named by sha256 in the data folder, metadata as a
synced row. Writing the file first and the row second means a crash leaves at most an orphan file."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from sqlmodel import Session, col, select

from fieldkit.fileio import atomic_write
from fieldkit.models import SYNCED_TABLES, Attachment, Enterprise, table_name

from . import permissions, store


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def owner_enterprise_id(session: Session, owner_table: str, owner_id: str) -> str | None:
    """The enterprise an attachment's owner belongs to: the owner itself when it is an enterprise, else
    the owner row's ``enterprise_id``; None for an owner that names no enterprise."""
    if owner_table == table_name(Enterprise):
        return owner_id
    model = SYNCED_TABLES.get(owner_table)
    if model is None or "enterprise_id" not in model.model_fields:
        return None
    owner = session.get(model, owner_id)
    value = getattr(owner, "enterprise_id", None) if owner is not None else None
    return value if isinstance(value, str) else None


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

    def add(
        self,
        session: Session,
        *,
        data: bytes,
        owner_table: str,
        owner_id: str,
        kind: str = "photo",
        filename: str = "",
        mime: str | None = None,
        caption: str = "",
        enterprise_id: str | None = None,
    ) -> Attachment:
        """Store the bytes and their row. ``enterprise_id`` (the scope a server decides visibility by)
        defaults to the owner's enterprise."""
        if enterprise_id is None:
            enterprise_id = owner_enterprise_id(session, owner_table, owner_id)
        mime = mime or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        att = Attachment(
            sha256=sha256_bytes(data),
            filename=filename,
            mime=mime,
            size=len(data),
            kind=kind,
            owner_table=owner_table,
            owner_id=owner_id,
            caption=caption,
            enterprise_id=enterprise_id,
        )
        permissions.check_write(session, self.actor, att, None)  # before the file: no stray bytes
        self.store_bytes(data)
        return store.insert(session, att, self.actor)

    def add_file(self, session: Session, path: Path, **kw: str) -> Attachment:
        return self.add(session, data=path.read_bytes(), filename=path.name, **kw)

    def read(self, sha: str) -> bytes:
        return self.path_for(sha).read_bytes()

    def remove(self, session: Session, att: Attachment) -> None:
        store.delete(session, att, self.actor)


def attachments_of(
    session: Session, owner_table: str, owner_id: str, kind: str | None = None
) -> list[Attachment]:
    q = select(Attachment).where(
        Attachment.owner_table == owner_table,
        Attachment.owner_id == owner_id,
        col(Attachment.deleted).is_(False),
    )
    if kind:
        q = q.where(Attachment.kind == kind)
    return list(session.exec(q.order_by(col(Attachment.created_at))).all())
