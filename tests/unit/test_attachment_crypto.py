"""Attachments encrypted on disk: no plaintext in the files, a wrong key reads nothing, names and
sizes stay those of the plaintext, big files go through in chunks, plaintext files migrate."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from fieldkit.models import Attachment
from fieldkit.services import filecrypt
from fieldkit.services.attachments import AttachmentService
from fieldkit.services.filecrypt import CHUNK, FileCryptError
from tests.unit.fixtures import ACTOR, DB

KEY = bytes(range(32))
OTHER = bytes(range(1, 33))
MARKER = "企业机密 FKTEST-MARKER 13800138000".encode()
PNG = b"\x89PNG\r\n\x1a\n" + MARKER + os.urandom(3000)
OWNER = "r" * 32


def every_file(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def assert_no_plaintext(folder: Path, *needles: bytes) -> None:
    files = every_file(folder)
    assert files
    for f in files:
        raw = f.read_bytes()
        for n in needles:
            assert n not in raw, f"{n!r} readable in {f}"


@pytest.fixture
def svc(tmp_path: Path) -> AttachmentService:
    return AttachmentService(ACTOR, tmp_path / "attachments", KEY)


def test_files_hold_no_plaintext_and_read_back(db: DB, svc: AttachmentService, tmp_path: Path) -> None:
    src = tmp_path / "签名.png"
    src.write_bytes(PNG)
    with db.tx() as s:
        a = svc.add(s, data=PNG, owner_table="servicerecord", owner_id=OWNER, filename="现场.png")
        b = svc.add_file(s, src, owner_table="demand", owner_id="d" * 32)
    assert a.sha256 == b.sha256 == hashlib.sha256(PNG).hexdigest()  # the name sync uses
    assert a.size == b.size == len(PNG)
    assert_no_plaintext(svc.folder, b"\x89PNG", b"FKTEST-MARKER", "企业机密".encode())
    assert every_file(svc.folder) == [svc.path_for(a.sha256)]  # one file, no temporary left
    assert svc.read(a.sha256) == PNG and svc.plain_sha256(a.sha256) == a.sha256
    assert db.count(Attachment) == 2


def test_wrong_key_and_no_key_cannot_read(svc: AttachmentService) -> None:
    sha = svc.store_bytes(PNG)
    with pytest.raises(FileCryptError) as wrong:
        AttachmentService(ACTOR, svc.folder, OTHER).read(sha)
    assert "无法读取" in wrong.value.message
    with pytest.raises(FileCryptError) as none:
        AttachmentService(ACTOR, svc.folder).read(sha)
    assert "解锁" in none.value.message


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 5 * CHUNK + 7])
def test_chunk_boundaries_and_seek(svc: AttachmentService, size: int) -> None:
    data = os.urandom(size)
    sha = svc.store_bytes(data)
    assert svc.read(sha) == data
    with svc.open(sha) as r:
        assert r.size == size
        for offset in (0, size // 2, max(0, size - 5)):
            r.seek(offset)
            assert r.read(CHUNK + 3) == data[offset : offset + CHUNK + 3]


def test_tampering_reordering_and_truncation_are_refused(svc: AttachmentService) -> None:
    data = os.urandom(3 * CHUNK + 10)
    sha = svc.store_bytes(data)
    path = svc.path_for(sha)
    raw = path.read_bytes()
    step = CHUNK + filecrypt.TAG
    cases = {
        "flipped": raw[:100] + bytes([raw[100] ^ 1]) + raw[101:],
        "truncated at a chunk": raw[: filecrypt.HEADER + 2 * step],
        "chunks swapped": raw[: filecrypt.HEADER]
        + raw[filecrypt.HEADER + step : filecrypt.HEADER + 2 * step]
        + raw[filecrypt.HEADER : filecrypt.HEADER + step]
        + raw[filecrypt.HEADER + 2 * step :],
    }
    for name, bad in cases.items():
        path.write_bytes(bad)
        with pytest.raises(FileCryptError):
            svc.read(sha)
        assert name


def test_large_file_streamed_in_chunks(svc: AttachmentService, tmp_path: Path) -> None:
    """A 6 MB photo is copied in and read out a chunk at a time; the file on disk is the plaintext
    plus one header and one tag per chunk."""
    big = tmp_path / "big.jpg"
    with open(big, "wb") as fh:
        for _ in range(96):
            fh.write(os.urandom(CHUNK))
    sha, size = svc.store_file(big)
    assert size == big.stat().st_size
    chunks = -(-size // CHUNK)
    assert svc.path_for(sha).stat().st_size == filecrypt.HEADER + size + chunks * filecrypt.TAG
    h = hashlib.sha256()
    with svc.open(sha) as r:
        while block := r.read(CHUNK):
            h.update(block)
    assert h.hexdigest() == sha == hashlib.sha256(big.read_bytes()).hexdigest()


def test_plaintext_store_unchanged_without_key(tmp_path: Path) -> None:
    plain = AttachmentService(ACTOR, tmp_path / "attachments")
    sha = plain.store_bytes(PNG)
    assert plain.path_for(sha).read_bytes() == PNG


def test_migration_encrypts_plaintext_files_in_place(tmp_path: Path) -> None:
    folder = tmp_path / "attachments"
    plain = AttachmentService(ACTOR, folder)
    shas = [plain.store_bytes(PNG), plain.store_bytes(MARKER * 50)]
    (folder / shas[0][:2] / f"{shas[0]}.part").write_bytes(PNG[:100])  # a download in progress
    (folder / shas[0][:2] / f".{shas[0]}.123.tmp").write_bytes(PNG)  # a write killed before rename
    svc = AttachmentService(ACTOR, folder, KEY)
    assert svc.read(shas[0]) == PNG  # not yet migrated: still readable
    assert svc.migrate() == 2
    assert_no_plaintext(folder, b"\x89PNG", b"FKTEST-MARKER")
    assert sorted(every_file(folder)) == sorted(svc.path_for(s) for s in shas)
    assert svc.read(shas[0]) == PNG and svc.read(shas[1]) == MARKER * 50
    assert svc.migrate() == 0  # idempotent


def test_resumed_encrypted_part_keeps_whole_chunks(tmp_path: Path) -> None:
    """A download killed midway keeps only whole encrypted chunks; a resume goes on after them and
    the result is the plaintext's hash."""
    data = os.urandom(4 * CHUNK + 123)
    part = tmp_path / "x.part"
    w = filecrypt.EncryptingWriter(part, KEY)
    w.write(data[: 2 * CHUNK + 500])
    w.close()  # the kill: the tail held back is lost
    assert MARKER not in part.read_bytes()
    again = filecrypt.EncryptingWriter(part, KEY, resume=True)
    assert again.have == 2 * CHUNK
    again.write(data[again.have :])
    assert again.finish() == hashlib.sha256(data).hexdigest()
    assert filecrypt.read_plain(part, KEY) == data
    wrong = filecrypt.EncryptingWriter(part, OTHER, resume=True)  # another key: starts over
    assert wrong.have == 0
    wrong.discard()
