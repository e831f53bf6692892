"""Photos go up in resumable chunks after their rows, and come down on demand, verified by hash."""

from __future__ import annotations

import hashlib
import os

import pytest
from sqlmodel import select

from fieldkit.config import attachments_dir
from fieldkit.models import Attachment
from fieldkit.services.attachments import AttachmentService
from fieldkit.sync.client import SyncClient
from fieldkit.sync.engine import Progress
from fieldkit.sync.errors import AuthRequired, HashMismatch, NotOnServer
from fieldkit.sync.protocol import ATTACHMENT_CHUNK

from .conftest import Laptop, World


class CutAt(Exception):
    pass


def _photo(lap: Laptop, enterprise_id: str, data: bytes) -> str:
    with lap.session() as s:
        att = AttachmentService(lap.actor, attachments_dir(lap.folder)).add(
            s, data=data, owner_table="enterprise", owner_id=enterprise_id, filename="门头.jpg"
        )
        s.commit()
        return att.sha256


def test_upload_resumes_after_a_cut_and_download_on_demand(world: World) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    a, b = world.laptop("zhang"), world.laptop("zhang")
    a.sync()
    data = os.urandom(ATTACHMENT_CHUNK * 3 + 1234)
    sha = _photo(a, eid, data)
    chunks: list[int] = []

    def cut_after_two(point: str) -> None:
        if point == "upload_chunk":
            chunks.append(1)
            if len(chunks) == 3:
                raise CutAt(point)  # the client dies before its third chunk

    with pytest.raises(CutAt):
        a.sync(faults=cut_after_two)
    assert not a.outbox()  # the row went up before the bytes
    with a.client() as c:
        held = c.upload_status(sha)
    assert (held.received, held.complete) == (2 * ATTACHMENT_CHUNK, False)
    chunks.clear()
    seen: list[Progress] = []

    def count(point: str) -> None:
        if point == "upload_chunk":
            chunks.append(1)

    eng = a.sync_engine(faults=count)
    report = eng.sync(progress=seen.append)
    assert report.uploaded == 1 and len(chunks) == 2  # resumed: only the two missing chunks
    assert any(p.phase == "upload" and p.total == len(data) for p in seen)
    with a.session() as s:
        assert s.exec(select(Attachment.uploaded).where(Attachment.sha256 == sha)).one() is True
    assert a.sync().uploaded == 0  # nothing sent twice

    b.sync()
    target = AttachmentService(b.actor, attachments_dir(b.folder)).path_for(sha)
    assert not target.exists()  # rows come with the pull, bytes when a record is opened
    # a download cut midway left a part: the next one resumes it with a Range request
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    part.write_bytes(data[:100_000])
    got: list[tuple[int, int]] = []
    with b.client() as c:
        path = c.download(sha, target, progress=lambda done, total: got.append((done, total)))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
    assert got[0][0] > 100_000 and got[0][0] - 100_000 <= 64 * 1024 and got[-1] == (len(data), len(data))
    assert not part.exists()
    path.unlink()
    assert b.sync_engine().fetch_attachment(sha).read_bytes() == data


def test_a_damaged_part_is_dropped_and_fetched_again(world: World) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    a, b = world.laptop("zhang"), world.laptop("zhang")
    a.sync()
    data = os.urandom(50_000)
    sha = _photo(a, eid, data)
    a.sync()
    b.sync()
    target = AttachmentService(b.actor, attachments_dir(b.folder)).path_for(sha)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.with_name(target.name + ".part").write_bytes(b"x" * 1000)  # not the file's first bytes
    with b.client() as c, pytest.raises(HashMismatch):
        c.download(sha, target)
    assert not target.exists() and not target.with_name(target.name + ".part").exists()
    assert b.sync_engine().fetch_attachment(sha).read_bytes() == data
    with SyncClient(world.server.url, token=None) as anon, pytest.raises(AuthRequired):
        anon.download(sha, target.with_name("x"))
    with b.client() as c, pytest.raises(NotOnServer):
        c.download("0" * 64, target.with_name("y"))
