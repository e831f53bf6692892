"""Encrypted stores sync the plaintext: the server holds the file under the plaintext's sha256
(protocol unchanged), both laptops keep it encrypted, and a download cut midway leaves only
encrypted whole chunks, which the next download resumes."""

from __future__ import annotations

import hashlib
import os

import pytest

from fieldkit.config import attachments_dir
from fieldkit.services.attachments import AttachmentService
from fieldkit.services.filecrypt import CHUNK
from fieldkit.sync.protocol import ATTACHMENT_CHUNK

from .conftest import World

KEY_A = os.urandom(32)
KEY_B = os.urandom(32)  # each laptop has its own data key
MARKER = b"SYNC-PLAINTEXT-MARKER-"


class Cut(Exception):
    pass


def test_encrypted_laptops_exchange_plaintext_bytes(world: World) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    a, b = world.laptop("zhang"), world.laptop("zhang")
    a.sync()
    data = b"\x89PNG\r\n\x1a\n" + MARKER * (ATTACHMENT_CHUNK * 2 // len(MARKER)) + os.urandom(999)
    files_a = AttachmentService(a.actor, attachments_dir(a.folder), KEY_A)
    with a.session() as s:
        sha = files_a.add(s, data=data, owner_table="enterprise", owner_id=eid, filename="门头.png").sha256
        s.commit()
    assert sha == hashlib.sha256(data).hexdigest()
    assert MARKER not in files_a.path_for(sha).read_bytes()
    assert a.sync(key=KEY_A).uploaded == 1

    b.sync(key=KEY_B)
    files_b = AttachmentService(b.actor, attachments_dir(b.folder), KEY_B)
    target = files_b.path_for(sha)
    part = target.with_name(target.name + ".part")
    seen: list[int] = []

    def cut(done: int, _total: int) -> None:
        seen.append(done)
        if done > 2 * CHUNK:
            raise Cut()

    with b.client() as c, pytest.raises(Cut):
        c.download(sha, target, progress=cut, writer=files_b.writer)
    assert part.exists() and not target.exists()
    raw = part.read_bytes()
    assert MARKER not in raw and b"\x89PNG" not in raw  # the partial download is not readable
    resumed: list[int] = []
    with b.client() as c:
        c.download(sha, target, progress=lambda done, _t: resumed.append(done), writer=files_b.writer)
    assert resumed[0] > CHUNK  # went on after the whole chunks already there
    assert not part.exists()
    assert MARKER not in target.read_bytes()
    assert files_b.read(sha) == data
    target.unlink()
    eng = b.sync_engine(key=KEY_B)
    try:
        path = eng.fetch_attachment(sha)
    finally:
        eng.client.close()
    assert MARKER not in path.read_bytes() and files_b.read(sha) == data
    with pytest.raises(Exception, match="无法读取"):
        AttachmentService(b.actor, attachments_dir(b.folder), KEY_A).read(sha)  # another laptop's key
