"""Attachments: bytes named by sha256 in the data folder, metadata as a synced row."""

from __future__ import annotations

import hashlib

import pytest

from fieldkit.models import Attachment
from fieldkit.services.attachments import AttachmentService, attachments_of, sha256_bytes
from fieldkit.services.outbox import sync_states
from tests.unit.fixtures import ACTOR, DB, journal_counts

PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40  # looks like a JPEG
OWNER = "r" * 32


@pytest.fixture
def svc(tmp_path) -> AttachmentService:
    return AttachmentService(ACTOR, tmp_path / "attachments")


def test_sha256_naming_and_read_back(svc: AttachmentService) -> None:
    sha = svc.store_bytes(PHOTO)
    assert sha == hashlib.sha256(PHOTO).hexdigest() == sha256_bytes(PHOTO)
    path = svc.path_for(sha)
    assert path == svc.folder / sha[:2] / sha
    assert path.read_bytes() == PHOTO and svc.read(sha) == PHOTO
    assert not list(svc.folder.rglob("*.part"))


def test_same_bytes_are_stored_once(db: DB, svc: AttachmentService) -> None:
    with db.tx() as s:
        a = svc.add(s, data=PHOTO, owner_table="servicerecord", owner_id=OWNER, filename="现场.jpg")
        b = svc.add(s, data=PHOTO, owner_table="demand", owner_id="d" * 32, filename="copy.jpg", kind="scan")
    assert a.sha256 == b.sha256 and a.id != b.id
    files = [p for p in svc.folder.rglob("*") if p.is_file()]
    assert files == [svc.path_for(a.sha256)]
    assert db.count(Attachment) == 2
    assert journal_counts(db) == (2, 2)


def test_different_bytes_different_files(svc: AttachmentService) -> None:
    s1, s2 = svc.store_bytes(b"a"), svc.store_bytes(b"b")
    assert s1 != s2 and svc.read(s1) == b"a" and svc.read(s2) == b"b"


def test_metadata_row(db: DB, svc: AttachmentService) -> None:
    with db.tx() as s:
        a = svc.add(
            s,
            data=PHOTO,
            owner_table="servicerecord",
            owner_id=OWNER,
            filename="现场照片.JPG",
            caption="车间外景",
        )
        sig = svc.add(
            s,
            data=b"<svg/>",
            owner_table="servicerecord",
            owner_id=OWNER,
            kind="signature",
            mime="image/svg+xml",
        )
    with db.session() as s:
        row = s.get(Attachment, a.id)
        assert (row.mime, row.size, row.kind, row.caption, row.uploaded) == (
            "image/jpeg",
            len(PHOTO),
            "photo",
            "车间外景",
            False,
        )
        assert sync_states(s, "attachment", [row.id]) == {row.id: "waiting"}
        assert [x.id for x in attachments_of(s, "servicerecord", OWNER)] == [a.id, sig.id]
        assert [x.id for x in attachments_of(s, "servicerecord", OWNER, kind="signature")] == [sig.id]
        assert s.get(Attachment, sig.id).mime == "image/svg+xml"


def test_unknown_type_is_octet_stream(db: DB, svc: AttachmentService) -> None:
    with db.tx() as s:
        a = svc.add(s, data=b"\x00\x01", owner_table="servicerecord", owner_id=OWNER, filename="blob")
    assert a.mime == "application/octet-stream"


def test_add_file(db: DB, svc: AttachmentService, tmp_path) -> None:
    src = tmp_path / "扫描件.pdf"
    src.write_bytes(b"%PDF-1.7 test")
    with db.tx() as s:
        a = svc.add_file(s, src, owner_table="servicerecord", owner_id=OWNER, kind="scan")
    assert (a.filename, a.mime, a.size) == ("扫描件.pdf", "application/pdf", 13)
    assert svc.read(a.sha256) == b"%PDF-1.7 test"


def test_remove_is_a_tombstone_and_keeps_the_bytes(db: DB, svc: AttachmentService) -> None:
    with db.tx() as s:
        a = svc.add(s, data=PHOTO, owner_table="servicerecord", owner_id=OWNER)
    with db.tx() as s:
        svc.remove(s, s.get(Attachment, a.id))
    with db.session() as s:
        assert attachments_of(s, "servicerecord", OWNER) == []
        assert s.get(Attachment, a.id).deleted
    assert svc.read(a.sha256) == PHOTO  # other rows may still point at the same bytes
