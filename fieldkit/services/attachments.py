"""Attachments (photos, scans, signatures): bytes named by sha256 in the data folder, metadata as a
synced row. Writing the file first and the row second means a crash leaves at most an orphan file."""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session, col, select

from fieldkit.models import SYNCED_TABLES, Attachment, Enterprise, table_name

from . import filecrypt, permissions, store
from .i18n import QT_TRANSLATE_NOOP as N


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
    """The files of attachments. With ``key`` (the store's data key) they are encrypted on disk
    (:mod:`.filecrypt`) and decrypted only in memory; names stay the sha256 of the plaintext, which
    is what rows and the sync protocol use. Without a key (plaintext stores, tests) files are plain."""

    def __init__(self, actor: store.Actor, folder: Path, key: bytes | None = None) -> None:
        self.actor = actor
        self.folder = folder
        self.file_key = filecrypt.attachment_key(key) if key is not None else None

    def path_for(self, sha: str) -> Path:
        return self.folder / sha[:2] / sha

    def exists(self, sha: str) -> bool:
        return self.path_for(sha).exists()

    def store_bytes(self, data: bytes) -> str:
        sha = sha256_bytes(data)
        target = self.path_for(sha)
        if not target.exists():
            filecrypt.write_atomic(target, filecrypt.bytes_blocks(data), self.file_key)
        return sha

    def store_file(self, path: Path) -> tuple[str, int]:
        """Copy a file in (encrypted when there is a key) without reading it whole into memory;
        returns its sha256 and size."""
        h = hashlib.sha256()
        size = 0
        for block in filecrypt.file_blocks(path):
            h.update(block)
            size += len(block)
        sha = h.hexdigest()
        target = self.path_for(sha)
        if not target.exists():
            written = filecrypt.write_atomic(target, filecrypt.file_blocks(path), self.file_key)
            if written != sha:  # the file changed while it was copied
                with contextlib.suppress(OSError):
                    target.unlink()
                raise filecrypt.FileCryptError(N("Attachments", "文件在读取时被修改，请重试"))
        return sha, size

    def open(self, sha: str) -> filecrypt.PlainReader | filecrypt.DecryptingReader:
        """The plaintext of a stored file, read (and decrypted) a chunk at a time."""
        return filecrypt.open_reader(self.path_for(sha), self.file_key)

    def plain_sha256(self, sha: str) -> str:
        return filecrypt.plain_sha256(self.path_for(sha), self.file_key)

    def writer(
        self, path: Path, *, resume: bool = False
    ) -> filecrypt.EncryptingWriter | filecrypt.PlainWriter:
        """A writer (encrypting when there is a key) for a file under this folder, e.g. a download."""
        return filecrypt.open_writer(path, self.file_key, resume=resume)

    def migrate(self) -> int:
        """Encrypt every plaintext file in place (each atomically) and drop partial plaintext
        downloads and stale temporary files; returns how many files were encrypted."""
        if self.file_key is None or not self.folder.exists():
            return 0
        done = 0
        for sub in sorted(p for p in self.folder.iterdir() if p.is_dir()):
            for f in sorted(sub.iterdir()):
                if not f.is_file():
                    continue
                if f.name.startswith(".") and f.name.endswith(".tmp"):
                    f.unlink(missing_ok=True)  # a write killed before its rename
                elif f.name.endswith(".part"):
                    if not filecrypt.is_encrypted(f):
                        f.unlink(missing_ok=True)  # a plaintext download in progress: fetched again
                elif filecrypt.encrypt_in_place(f, self.file_key):
                    done += 1
        return done

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
        return self._row(
            session,
            content=lambda: (self.store_bytes(data), len(data)),
            owner_table=owner_table,
            owner_id=owner_id,
            kind=kind,
            filename=filename,
            mime=mime,
            caption=caption,
            enterprise_id=enterprise_id,
        )

    def _row(
        self,
        session: Session,
        *,
        content: Callable[[], tuple[str, int]],
        owner_table: str,
        owner_id: str,
        kind: str = "photo",
        filename: str = "",
        mime: str | None = None,
        caption: str = "",
        enterprise_id: str | None = None,
    ) -> Attachment:
        """The row, once the actor may add it: ``content`` writes the file (encrypted when there is
        a key) and says its hash and size only after the check, so a refused file leaves no bytes;
        the file is on disk before the row that names it is committed."""
        if enterprise_id is None:
            enterprise_id = owner_enterprise_id(session, owner_table, owner_id)
        mime = mime or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        att = Attachment(
            sha256="",
            filename=filename,
            mime=mime,
            size=0,
            kind=kind,
            owner_table=owner_table,
            owner_id=owner_id,
            caption=caption,
            enterprise_id=enterprise_id,
        )
        permissions.check_write(session, self.actor, att, None)  # before the file: no stray bytes
        att.sha256, att.size = content()
        return store.insert(session, att, self.actor)

    def add_file(self, session: Session, path: Path, **kw: str) -> Attachment:
        return self._row(session, content=lambda: self.store_file(path), filename=path.name, **kw)

    def read(self, sha: str) -> bytes:
        """The plaintext, in memory (display, printing)."""
        return filecrypt.read_plain(self.path_for(sha), self.file_key)

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
