"""Attachments: content-addressed bytes uploaded in chunks that resume, verified before they count,
downloaded whole or from an offset, reachable only through a live Attachment row of one's scope."""

from __future__ import annotations

import hashlib
import random
import threading
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from fieldkit.models import new_id
from fieldkit.server.tables import audit, blob, blob_chunk
from fieldkit.sync.protocol import ATTACHMENT_CHUNK, MAX_CHUNK, attachment_path, upload_path

from .conftest import Device, World

CHUNK = 64 * 1024


def _bytes(n: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(n)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _photo(dev: Device, enterprise_id: str, data: bytes) -> tuple[str, str]:
    """Push an Attachment row of the enterprise naming the bytes: (sha256, row id)."""
    sha, rid = _sha(data), new_id()
    res = dev.push_one(
        "attachment",
        rid,
        changes={
            "sha256": sha,
            "filename": "现场照片.jpg",
            "mime": "image/jpeg",
            "size": len(data),
            "owner_table": "enterprise",
            "owner_id": enterprise_id,
            "enterprise_id": enterprise_id,
        },
    )
    assert res["status"] == "applied", res
    return sha, rid


def _status(dev: Device, sha: str) -> Any:
    return dev.client.get(upload_path(sha), headers=dev.headers)


def _put(dev: Device, sha: str, offset: int, size: int, chunk: bytes) -> Any:
    return dev.client.put(
        attachment_path(sha), params={"offset": offset, "size": size}, content=chunk, headers=dev.headers
    )


def _get(dev: Device, sha: str, range_: str | None = None) -> Any:
    headers = dict(dev.headers)
    if range_:
        headers["Range"] = range_
    return dev.client.get(attachment_path(sha), headers=headers)


def _upload(dev: Device, sha: str, data: bytes, chunk: int = CHUNK) -> dict[str, Any]:
    """Ask the offset, send chunks from there until complete; return the last status."""
    r = _status(dev, sha)
    assert r.status_code == 200, r.text
    st = dict(r.json())
    for _ in range(len(data) // chunk + 3):
        if st["complete"]:
            return st
        start = st["received"]
        r = _put(dev, sha, start, len(data), data[start : start + chunk])
        assert r.status_code == 200, r.text
        st = dict(r.json())
    raise AssertionError(f"upload never completed: {st}")


def _two_assistants(world: World) -> dict[str, str]:
    ids = {"zhang": world.user("zhang"), "li": world.user("li")}
    ids["ent_zhang"] = world.enterprise("张的企业", assign_to="zhang")
    ids["ent_li"] = world.enterprise("李的企业", assign_to="li")
    return ids


def _chunks(world: World, sha: str) -> list[tuple[int, int]]:
    with world.engine.connect() as conn:
        rows = conn.execute(
            select(blob_chunk.c.start, blob_chunk.c.length)
            .where(blob_chunk.c.sha256 == sha)
            .order_by(blob_chunk.c.start)
        ).all()
    return [(int(a), int(b)) for a, b in rows]


# -------------------------------------------------------------------------- upload and download


def test_chunked_upload_then_download_whole_and_by_range(world: World) -> None:
    ids = _two_assistants(world)
    zhang = world.login("zhang")
    data = _bytes(5 * CHUNK + 123)
    sha, _rid = _photo(zhang, ids["ent_zhang"], data)
    assert _status(zhang, sha).json() == {"sha256": sha, "size": 0, "received": 0, "complete": False}
    received = []
    for start in range(0, len(data), CHUNK):
        r = _put(zhang, sha, start, len(data), data[start : start + CHUNK])
        assert r.status_code == 200, r.text
        received.append((r.json()["received"], r.json()["complete"]))
    assert received == [
        (min(s + CHUNK, len(data)), s + CHUNK >= len(data)) for s in range(0, len(data), CHUNK)
    ]
    assert _status(zhang, sha).json() == {
        "sha256": sha,
        "size": len(data),
        "received": len(data),
        "complete": True,
    }

    # another device of the zone (the supervisor) downloads it whole, then from an offset
    world.user("boss", role="supervisor")
    boss = world.login("boss")
    whole = _get(boss, sha)
    assert whole.status_code == 200 and whole.content == data
    assert whole.headers["content-length"] == str(len(data)) and whole.headers["accept-ranges"] == "bytes"
    cut = CHUNK + 77  # not on a chunk boundary
    tail = _get(boss, sha, f"bytes={cut}-")
    assert tail.status_code == 206 and tail.content == data[cut:]
    assert tail.headers["content-range"] == f"bytes {cut}-{len(data) - 1}/{len(data)}"
    middle = _get(boss, sha, f"bytes={cut}-{cut + 2 * CHUNK}")
    assert middle.status_code == 206 and middle.content == data[cut : cut + 2 * CHUNK + 1]
    past = _get(boss, sha, f"bytes={len(data)}-")
    assert past.status_code == 416 and past.headers["content-range"] == f"bytes */{len(data)}"
    assert "字节" in past.json()["detail"]


def test_upload_resumes_after_a_cut_from_the_offset_the_server_holds(world: World) -> None:
    ids = _two_assistants(world)
    lap = world.login("zhang", device_id="lap")
    data = _bytes(4 * CHUNK + 5, seed=2)
    sha, _rid = _photo(lap, ids["ent_zhang"], data)
    for start in (0, CHUNK):
        assert _put(lap, sha, start, len(data), data[start : start + CHUNK]).status_code == 200
    # the third chunk reaches the server, its answer is lost in the cut
    _put(lap, sha, 2 * CHUNK, len(data), data[2 * CHUNK : 3 * CHUNK])
    # later (a new sign-in on the same laptop) the client asks where to go on
    lap = world.login("zhang", device_id="lap")
    st = _status(lap, sha).json()
    assert st == {"sha256": sha, "size": len(data), "received": 3 * CHUNK, "complete": False}
    assert _upload(lap, sha, data)["complete"]
    assert _get(lap, sha).content == data
    assert [start for start, _ in _chunks(world, sha)] == [0, CHUNK, 2 * CHUNK, 3 * CHUNK, 4 * CHUNK]


def test_a_chunk_at_the_wrong_offset_is_409_with_the_status(world: World) -> None:
    ids = _two_assistants(world)
    zhang = world.login("zhang")
    data = _bytes(3 * CHUNK, seed=3)
    sha, _rid = _photo(zhang, ids["ent_zhang"], data)
    assert _put(zhang, sha, 0, len(data), data[:CHUNK]).status_code == 200
    retried = _put(zhang, sha, 0, len(data), data[:CHUNK])  # the same chunk again
    assert retried.status_code == 409
    assert retried.json() == {"sha256": sha, "size": len(data), "received": CHUNK, "complete": False}
    ahead = _put(zhang, sha, 2 * CHUNK, len(data), data[2 * CHUNK :])  # a chunk skipped
    assert ahead.status_code == 409 and ahead.json()["received"] == CHUNK
    assert _chunks(world, sha) == [(0, CHUNK)]
    assert _upload(zhang, sha, data)["complete"]
    assert _get(zhang, sha).content == data


def test_a_corrupted_body_is_refused_and_nothing_of_it_counts(world: World) -> None:
    ids = _two_assistants(world)
    zhang = world.login("zhang")
    data = _bytes(2 * CHUNK + 10, seed=4)
    sha, _rid = _photo(zhang, ids["ent_zhang"], data)
    bad = bytearray(data)
    bad[CHUNK + 3] ^= 0xFF  # one bit pattern flipped in the second chunk
    for start in (0, CHUNK):
        assert _put(zhang, sha, start, len(data), bytes(bad[start : start + CHUNK])).status_code == 200
    last = _put(zhang, sha, 2 * CHUNK, len(data), bytes(bad[2 * CHUNK :]))
    assert last.status_code == 422
    assert last.json()["code"] == "hash_mismatch" and "重新上传" in last.json()["detail"]
    assert _status(zhang, sha).json() == {"sha256": sha, "size": 0, "received": 0, "complete": False}
    assert _chunks(world, sha) == []
    missing = _get(zhang, sha)
    assert missing.status_code == 404 and missing.json()["code"] == "not_uploaded"
    with world.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(audit).where(audit.c.op == "upload")) == 0
    # started again from 0 with the right bytes it counts
    assert _upload(zhang, sha, data)["complete"]
    assert _get(zhang, sha).content == data


def test_a_complete_file_answers_complete_at_once(world: World) -> None:
    ids = _two_assistants(world)
    zhang = world.login("zhang")
    data = _bytes(2 * CHUNK, seed=5)
    sha, _rid = _photo(zhang, ids["ent_zhang"], data)
    _upload(zhang, sha, data)
    before = _chunks(world, sha)
    # another record of the same enterprise shows the same photo: its upload is done already
    _photo(zhang, ids["ent_zhang"], data)
    again = _put(zhang, sha, 0, len(data), data[:CHUNK])
    assert again.status_code == 200
    assert again.json() == {"sha256": sha, "size": len(data), "received": len(data), "complete": True}
    assert _chunks(world, sha) == before


def test_an_empty_file_and_the_checks_of_a_chunk(world: World) -> None:
    ids = _two_assistants(world)
    zhang = world.login("zhang")
    empty_sha, _ = _photo(zhang, ids["ent_zhang"], b"")
    done = _put(zhang, empty_sha, 0, 0, b"")
    assert done.status_code == 200 and done.json()["complete"]
    got = _get(zhang, empty_sha)
    assert got.status_code == 200 and got.content == b""

    data = _bytes(2 * CHUNK, seed=6)
    sha, _ = _photo(zhang, ids["ent_zhang"], data)
    past = _put(zhang, sha, 0, 10, data[:CHUNK])  # more bytes than the declared size
    assert past.status_code == 422 and past.json()["code"] == "chunk_past_end"
    assert _put(zhang, sha, 0, len(data), data[:CHUNK]).status_code == 200
    other = _put(zhang, sha, CHUNK, len(data) + 1, data[CHUNK:])  # the size changed mid-way
    assert other.status_code == 422 and other.json()["code"] == "size_mismatch"
    assert "字节" in other.json()["detail"]
    assert _status(zhang, sha).json()["received"] == CHUNK  # nothing of the refused chunks counted


def test_the_size_limits(world: World) -> None:
    ids = _two_assistants(world)
    zhang = world.login("zhang")
    world.settings.max_attachment_bytes = 3 * CHUNK
    data = _bytes(3 * CHUNK + 1, seed=7)
    sha, _ = _photo(zhang, ids["ent_zhang"], data)
    big = _put(zhang, sha, 0, len(data), data[:CHUNK])
    assert big.status_code == 413
    assert big.json()["code"] == "too_large" and "最多接受 192 KB" in big.json()["detail"]
    assert _status(zhang, sha).json()["received"] == 0
    world.settings.max_attachment_bytes = 50 * 1024 * 1024
    # one request may not carry more than MAX_CHUNK, whatever the file's size
    huge = _bytes(MAX_CHUNK + 1, seed=8)
    huge_sha, _ = _photo(zhang, ids["ent_zhang"], huge)
    r = _put(zhang, huge_sha, 0, len(huge), huge)
    assert r.status_code == 413 and r.json()["code"] == "chunk_too_large" and "4 MB" in r.json()["detail"]
    assert _status(zhang, huge_sha).json()["received"] == 0
    # in chunks of the protocol's size it goes through
    assert _upload(zhang, huge_sha, huge, chunk=ATTACHMENT_CHUNK * 4)["complete"]
    assert _get(zhang, huge_sha).content == huge


def test_a_completed_upload_is_audited(world: World) -> None:
    ids = _two_assistants(world)
    zhang = world.login("zhang", device_id="lap-7")
    data = _bytes(CHUNK + 1, seed=9)
    sha, rid = _photo(zhang, ids["ent_zhang"], data)
    world.clock.advance(minutes=5)
    _upload(zhang, sha, data)
    with world.engine.connect() as conn:
        rows = conn.execute(select(audit).where(audit.c.op == "upload")).mappings().all()
        held = conn.execute(select(blob).where(blob.c.sha256 == sha)).mappings().one()
    assert [(r["table_name"], r["row_id"], r["staff_id"], r["device_id"]) for r in rows] == [
        ("attachment", rid, ids["zhang"], "lap-7")
    ]
    assert rows[0]["new_values"] == {"sha256": sha, "size": len(data)}
    assert rows[0]["received_at"].replace(tzinfo=None) == world.clock().replace(tzinfo=None)
    assert (held["completed_by"], held["completed_device"]) == (ids["zhang"], "lap-7")


# ----------------------------------------------------------------------------------------- scope


def _answers(dev: Device, sha: str) -> list[tuple[int, Any]]:
    """What each endpoint answers the device for this hash."""
    return [
        (r.status_code, r.json())
        for r in (_status(dev, sha), _put(dev, sha, 0, 3, b"abc"), _get(dev, sha), _get(dev, sha, "bytes=1-"))
    ]


def test_another_assistants_attachment_looks_exactly_like_a_guessed_hash(world: World) -> None:
    ids = _two_assistants(world)
    li, zhang = world.login("li"), world.login("zhang")
    data = _bytes(CHUNK, seed=10)
    sha, _ = _photo(li, ids["ent_li"], data)
    _upload(li, sha, data)
    unknown_sha = _sha(b"nobody ever uploaded this")
    never_uploaded_sha, _ = _photo(zhang, ids["ent_zhang"], b"pushed but not uploaded yet")
    nobody = _answers(zhang, unknown_sha)
    assert [code for code, _ in nobody] == [404] * 4
    assert _answers(zhang, sha) == nobody
    assert _answers(zhang, "not-a-hash") == nobody
    # the body is the one a puller gets for a file of their scope that is not uploaded yet
    assert _get(zhang, never_uploaded_sha).json() == nobody[2][1]
    assert nobody[2][1]["code"] == "not_uploaded"
    # and nothing was stored on li's file by zhang's attempts
    assert _chunks(world, sha) == [(0, CHUNK)]
    assert _get(li, sha).content == data


def test_access_moves_with_the_enterprise_on_reassignment(world: World) -> None:
    ids = _two_assistants(world)
    li, zhang = world.login("li"), world.login("zhang")
    data = _bytes(2 * CHUNK, seed=11)
    sha, _ = _photo(li, ids["ent_li"], data)
    assert _put(li, sha, 0, len(data), data[:CHUNK]).status_code == 200
    assert _status(zhang, sha).status_code == 404

    world.reassign(ids["ent_li"], to="zhang")
    # li can no longer read it; zhang can, and sees the half-done upload
    assert _get(li, sha).status_code == 404
    assert _status(zhang, sha).json()["received"] == CHUNK
    # the bytes are on li's laptop only: li's device, which pushed the row, may still finish the
    # upload (a device that never pushed it may not: tested below with a guessed hash)
    assert _upload(li, sha, data)["complete"]
    assert _get(zhang, sha).content == data
    assert _get(li, sha).status_code == 404
    other = world.login("li", device_id="dev-li-2")  # li on another laptop: did not push the row
    assert _status(other, sha).status_code == 404

    world.reassign(ids["ent_li"], to="li")  # and back
    assert _get(li, sha).content == data
    assert [code for code, _ in _answers(zhang, sha)] == [404] * 4  # zhang never pushed the row


def test_supervisors_reach_their_zone_only_and_admins_everything(world: World) -> None:
    ids = _two_assistants(world)
    world.user("boss", role="supervisor")
    world.user("far_boss", role="supervisor", zone=world.other_zone)
    world.user("root", role="admin", zone=world.other_zone)
    li = world.login("li")
    data = _bytes(CHUNK, seed=12)
    sha, _ = _photo(li, ids["ent_li"], data)
    _upload(li, sha, data)
    assert _get(world.login("boss"), sha).content == data
    assert _get(world.login("root"), sha).content == data
    far = world.login("far_boss")
    assert _answers(far, sha) == _answers(far, _sha(b"guessed"))


def test_a_deleted_attachment_row_no_longer_opens_the_bytes(world: World) -> None:
    ids = _two_assistants(world)
    zhang = world.login("zhang")
    data = _bytes(CHUNK, seed=13)
    sha, rid = _photo(zhang, ids["ent_zhang"], data)
    _upload(zhang, sha, data)
    rows, _ = zhang.pull_all()
    res = zhang.push_one(
        "attachment", rid, "delete", base_version=rows[("attachment", rid)]["server_version"]
    )
    assert res["status"] == "applied"
    assert [code for code, _ in _answers(zhang, sha)] == [404] * 4


# ------------------------------------------------------------------------------------ concurrency


def test_the_same_chunk_sent_twice_at_once_is_appended_once(world: World) -> None:
    ids = _two_assistants(world)
    data = _bytes(2 * CHUNK, seed=14)
    first = world.login("zhang", device_id="lap-a")
    sha, _ = _photo(first, ids["ent_zhang"], data)
    second = world.login("zhang", device_id="lap-b")
    clients = [TestClient(world.app) for _ in range(2)]
    barrier = threading.Barrier(2)
    codes: list[int] = []

    def send(dev: Device, client: TestClient) -> None:
        barrier.wait()
        r = client.put(
            attachment_path(sha),
            params={"offset": 0, "size": len(data)},
            content=data[:CHUNK],
            headers=dev.headers,
        )
        codes.append(r.status_code)

    threads = [
        threading.Thread(target=send, args=pair) for pair in zip((first, second), clients, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(codes) == [200, 409]
    assert _chunks(world, sha) == [(0, CHUNK)]
    for c in clients:
        c.close()


def test_two_devices_uploading_one_file_at_once_store_it_once_and_whole(world: World) -> None:
    ids = _two_assistants(world)
    world.user("boss", role="supervisor")
    data = _bytes(12 * CHUNK + 999, seed=15)
    zhang = world.login("zhang")
    sha, _ = _photo(zhang, ids["ent_zhang"], data)
    boss = world.login("boss")
    barrier = threading.Barrier(2)
    outcomes: list[tuple[bool, int]] = []
    errors: list[BaseException] = []

    def uploader(dev: Device) -> None:
        client = TestClient(world.app)
        conflicts = 0
        try:
            barrier.wait()
            st = client.get(upload_path(sha), headers=dev.headers).json()
            for _ in range(200):  # bounded: each round either appends a chunk or learns the offset
                if st["complete"]:
                    break
                start = st["received"]
                r = client.put(
                    attachment_path(sha),
                    params={"offset": start, "size": len(data)},
                    content=data[start : start + CHUNK],
                    headers=dev.headers,
                )
                assert r.status_code in (200, 409), r.text
                conflicts += r.status_code == 409
                st = r.json()
            outcomes.append((bool(st["complete"]), conflicts))
        except BaseException as exc:  # reported by the test thread
            errors.append(exc)
        finally:
            client.close()

    threads = [threading.Thread(target=uploader, args=(dev,)) for dev in (zhang, boss)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert [done for done, _ in outcomes] == [True, True]
    chunks = _chunks(world, sha)
    assert [start for start, _ in chunks] == list(range(0, len(data), CHUNK))  # contiguous, none twice
    assert sum(length for _, length in chunks) == len(data)
    assert _get(zhang, sha).content == data
    with world.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(audit).where(audit.c.op == "upload")) == 1


def test_the_endpoints_are_published_in_openapi(world: World) -> None:
    paths = world.client.get("/openapi.json").json()["paths"]
    sha = "{sha256}"
    assert set(paths[upload_path(sha)]["get"]["responses"]) >= {"200", "404"}
    put = paths[attachment_path(sha)]["put"]
    assert set(put["responses"]) >= {"200", "409", "413", "422"}
    assert "application/octet-stream" in put["requestBody"]["content"]
    assert set(paths[attachment_path(sha)]["get"]["responses"]) >= {"200", "206", "404", "416"}
