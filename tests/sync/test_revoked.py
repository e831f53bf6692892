"""A device revoked on the server wipes its local data at next contact, after pushing what the
server still takes; an expired sign-in only asks to sign in again and keeps everything."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldkit.config import attachments_dir, db_path
from fieldkit.services.demands import DemandService
from fieldkit.services.device import device_id
from fieldkit.sync import account
from fieldkit.sync.cli import EXIT_REVOKED
from fieldkit.sync.errors import AuthRequired, DeviceRevoked
from fieldkit.sync.revocation import revoked_wipe

from .conftest import PASSWORD, ROOT, Laptop, World


def _demand(lap: Laptop, enterprise_id: str, text: str = "缺电") -> str:
    with lap.session() as s:
        d = DemandService(lap.actor).raise_demand(
            s, enterprise_id=enterprise_id, staff_id=lap.actor.staff_id or "", description=text
        )
        s.commit()
        return d.id


def _data_files(folder: Path) -> None:
    """What the other parts keep in a data folder: an attachment, the key file, a backup, the
    sign-in count, settings (English chosen, connected to a server) and a user's own file."""
    (attachments_dir(folder) / "ab").mkdir(parents=True, exist_ok=True)
    (attachments_dir(folder) / "ab" / "abcdef").write_bytes(b"signature bytes")
    (folder / "keys.json").write_text('{"wrapped": "x"}', encoding="utf-8")
    (folder / "backups").mkdir(exist_ok=True)
    (folder / "backups" / "fieldkit-20261121.bak").write_bytes(b"backup bytes")
    (folder / "signin_throttle.json").write_text('{"failures": 2}', encoding="utf-8")
    (folder / "settings.json").write_text(
        json.dumps({"language": "en", "server_url": "http://x", "current_login": "zhang"}), encoding="utf-8"
    )
    (folder / "notes-of-the-user.txt").write_text("not FieldKit's", encoding="utf-8")


def _assert_wiped(folder: Path) -> None:
    assert sorted(p.name for p in folder.iterdir()) == ["notes-of-the-user.txt", "settings.json"]
    assert json.loads((folder / "settings.json").read_text(encoding="utf-8")) == {"language": "en"}


def _dev(lap: Laptop) -> str:
    with lap.session() as s:
        return device_id(s)


def test_revoked_before_the_sync_pushes_nothing_and_wipes(world: World) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    lap = world.laptop("zhang")
    lap.sync()
    did = _demand(lap, eid)
    _data_files(lap.folder)
    world.zone.revoke(_dev(lap))
    with pytest.raises(DeviceRevoked) as err:
        lap.sync()
    assert err.value.code == "revoked" and "停用" in err.value.text()
    assert world.zone.row("demand", did) is None  # the token is refused outright: nothing pushed
    assert db_path(lap.folder).exists()  # the engine itself never deletes: its caller wipes
    text = revoked_wipe(lap.engine, lap.folder)
    assert text.startswith("此设备已被管理员停用") and "有 2 项更改未能上传" in text
    _assert_wiped(lap.folder)


def test_revoked_after_the_push_keeps_the_pushed_changes_on_the_server(world: World) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    lap = world.laptop("zhang")
    lap.sync()
    did = _demand(lap, eid, "推送后才停用")
    dev = _dev(lap)

    def revoke_between(point: str) -> None:
        if point == "before_pull":
            world.zone.revoke(dev)

    with pytest.raises(DeviceRevoked):
        lap.sync(faults=revoke_between)
    assert world.zone.row("demand", did)["description"] == "推送后才停用"  # pushed first
    text = revoked_wipe(lap.engine, lap.folder)
    assert "未能上传" not in text  # nothing was lost
    assert not db_path(lap.folder).exists() and not (lap.folder / "attachments").exists()


def test_expired_sign_in_keeps_everything_and_signing_in_again_sends_it(world: World) -> None:
    from sqlalchemy import update

    from fieldkit.server.tables import token

    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    lap = world.laptop("zhang")
    lap.sync()
    did = _demand(lap, eid)
    with world.zone.engine.begin() as conn:  # as when the token's time is up
        conn.execute(update(token).where(token.c.device_id == _dev(lap)).values(revoked=True))
    with pytest.raises(AuthRequired) as err:
        lap.sync()
    assert not isinstance(err.value, DeviceRevoked) and err.value.code == "token"
    assert len(lap.outbox()) == 2 and db_path(lap.folder).exists()
    account.sign_in_again(lap.engine, PASSWORD)
    assert lap.sync().pushed == 2
    assert world.zone.row("demand", did) is not None


def test_fieldkit_sync_on_a_revoked_device_wipes_and_says_so(world: World) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    lap = world.laptop("zhang")
    lap.sync()
    _demand(lap, eid)
    _data_files(lap.folder)
    world.zone.revoke(_dev(lap))
    lap.engine.dispose()
    r = subprocess.run(  # in Chinese: the folder's settings chose English, which commands now follow
        [sys.executable, "-m", "fieldkit", "sync", "--data-dir", str(lap.folder), "--lang", "zh_CN"],
        cwd=ROOT,
        env={**os.environ, "FIELDKIT_PASSWORD": PASSWORD},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == EXIT_REVOKED, r.stderr
    assert "此设备已被管理员停用" in r.stderr and "有 2 项更改未能上传" in r.stderr
    assert "Traceback" not in r.stderr
    _assert_wiped(lap.folder)


def test_revoked_with_final_push_uploads_its_changes_then_nothing_more(world: World) -> None:
    """``fieldkit admin revoke DEVICE --final-push`` (a laptop handed back, not lost): the device's
    next sync still pushes its changes and uploads its photo; its pull is refused (403), which ends
    the last upload; the device wipes; a later push with the same token is refused too."""
    from sqlalchemy import select

    from fieldkit.server import events
    from fieldkit.server.tables import blob, security_event
    from fieldkit.services.attachments import AttachmentService
    from fieldkit.sync.client import SyncClient

    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    lap = world.laptop("zhang")
    lap.sync()
    did = _demand(lap, eid, "交回电脑前的最后一条")
    photo = os.urandom(5000)
    with lap.session() as s:
        sha = (
            AttachmentService(lap.actor, attachments_dir(lap.folder))
            .add(s, data=photo, owner_table="enterprise", owner_id=eid, filename="门头.jpg")
            .sha256
        )
        s.commit()
    dev = _dev(lap)
    with lap.session() as s:
        tok = account.token(s)
    with world.zone.engine.begin() as conn:
        from fieldkit.server import crud

        crud.revoke_device(conn, device_id=dev, now=world.zone.now(), final_push=True)

    with pytest.raises(DeviceRevoked):
        lap.sync()  # push and upload taken, the pull refused
    assert world.zone.row("demand", did)["description"] == "交回电脑前的最后一条"
    assert world.zone.row("attachment", next(iter(_attachment_ids(lap)))) is not None
    with world.zone.engine.connect() as conn:
        held = conn.execute(select(blob.c.complete).where(blob.c.sha256 == sha)).scalar_one()
        kinds = (
            conn.execute(select(security_event.c.outcome).where(security_event.c.kind == events.FINAL_PUSH))
            .scalars()
            .all()
        )
    assert held is True
    assert "ok" in kinds and kinds[-1] == "ended"
    text = revoked_wipe(lap.engine, lap.folder)
    assert "未能上传" not in text  # everything it held reached the server
    assert not db_path(lap.folder).exists()

    # the last upload is over: the same token pushes nothing more
    from fieldkit.sync.errors import DeviceRevoked as Revoked
    from fieldkit.sync.protocol import PushRequest

    c = SyncClient(world.server.url, token=tok, timeout=10.0, backoff=0.05)
    try:
        with pytest.raises(Revoked):
            c.push(PushRequest(mutations=[]))
    finally:
        c.close()


def _attachment_ids(lap: Laptop) -> list[str]:
    from sqlmodel import select

    from fieldkit.models import Attachment

    with lap.session() as s:
        return list(s.exec(select(Attachment.id)).all())
