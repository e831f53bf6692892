"""HTTP hardening through FastAPI's TestClient: security headers on every answer, the body limit
(413 before the body is read), field lengths and control characters refused with a reason and
kept, the security audit of sign-ins and admin pushes (read back with ``fieldkit admin audit``)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.models import new_id
from fieldkit.server import crud, events
from fieldkit.server.app import create_app
from fieldkit.server.settings import Settings
from fieldkit.server.tables import ledger

from .conftest import PASSWORD, VERSION_HEADERS, World, demand_values


def _login(client: TestClient, login: str, password: str, device: str = "d1") -> Any:
    return client.post(
        "/api/v1/login",
        headers=VERSION_HEADERS,
        json={"login": login, "password": password, "device_id": device},
    )


def _common(r: Any) -> None:
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_every_answer_carries_the_security_headers(world: World) -> None:
    world.user("zhang")
    dev = world.login("zhang")
    answers = [
        world.client.get("/healthz"),
        world.client.get("/api/v1/pull", headers=dev.headers),
        world.client.get("/api/v1/pull", headers=VERSION_HEADERS),  # 401
        world.client.get("/api/v1/pull"),  # 426
        _login(world.client, "zhang", "wrong"),
        world.client.get("/openapi.json"),
    ]
    assert [r.status_code for r in answers] == [200, 200, 401, 426, 401, 200]
    for r in answers:
        _common(r)
        assert r.headers["cache-control"] == "no-store"
        assert r.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
        assert "strict-transport-security" not in r.headers
    docs = world.client.get("/docs")
    assert docs.status_code == 200
    _common(docs)
    assert (
        "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net"
        in docs.headers["content-security-policy"]
    )
    assert "no-store" not in docs.headers.get("cache-control", "")


def test_hsts_when_behind_tls(tmp_path: Any) -> None:
    settings = Settings(data_dir=tmp_path / "s", behind_tls=True, hsts_max_age=600)
    with TestClient(create_app(settings)) as client:
        r = client.get("/healthz")
        assert r.headers["strict-transport-security"] == "max-age=600; includeSubDomains"
    with TestClient(create_app(Settings(data_dir=tmp_path / "t")), base_url="https://fk.example") as client:
        assert "strict-transport-security" in client.get("/healthz").headers


def test_a_body_over_the_limit_is_413_before_it_is_read(tmp_path: Any) -> None:
    settings = Settings(data_dir=tmp_path / "s", max_body_bytes=10_000)
    with TestClient(create_app(settings)) as client:
        big = {"login": "zhang", "password": "x" * 20_000, "device_id": "d1"}
        r = client.post("/api/v1/login", headers=VERSION_HEADERS, json=big)
        assert r.status_code == 413
        assert r.json() == {
            "detail": "请求的数据太多（最多 10 KB），请分批发送",
            "code": "body_too_large",
            "params": {"limit": 10_000},  # raw: the client renders "10 KB" in its language
        }
        _common(r)
        # under the limit, the same endpoint answers as usual
        assert _login(client, "zhang", "x" * 100).status_code == 401


def test_too_long_and_control_characters_are_rejected_with_a_reason_and_kept(world: World) -> None:
    sid = world.user("zhang")
    eid = world.enterprise(assign_to="zhang")
    dev = world.login("zhang")
    long_name = dev.mutation("enterprise", eid, "update", {"name": "企" * 201}, base_version=1)
    bell = dev.mutation("demand", new_id(), changes=demand_values(eid, sid, description="缺电\x07\x00"))
    fine = dev.mutation("demand", new_id(), changes=demand_values(eid, sid, description="缺水\n第二行"))
    results = dev.push(long_name, bell, fine)
    assert [r["status"] for r in results] == ["rejected", "rejected", "applied"]
    assert results[0]["code"] == "too_long"
    # the field named as the desktop names it (the same rules as fieldkit.domain.text_rules)
    assert results[0]["reason"] == "“企业名称”太长：201 个字符，最多 200 个；此修改未被接受，已留存"
    assert results[1]["code"] == "control_chars" and "诉求内容" in results[1]["reason"]
    assert "name" not in results[0]["reason"] and "description" not in results[1]["reason"]
    with world.engine.connect() as conn:
        kept = dict(conn.execute(select(ledger.c.mutation_id, ledger.c.status)).all())
    assert kept[long_name["mutation_id"]] == "rejected" and kept[bell["mutation_id"]] == "rejected"
    # a line break in a one-line field is refused as the desktop refuses it; in free text it is fine
    two_lines = dev.mutation("enterprise", eid, "update", {"name": "第一行\n第二行"}, base_version=1)
    (res,) = dev.push(two_lines)
    assert res["status"] == "rejected" and res["code"] == "one_line" and "企业名称" in res["reason"]


def test_what_cannot_be_stored_is_refused_without_a_500(world: World) -> None:
    sid = world.user("zhang")
    eid = world.enterprise(assign_to="zhang")
    dev = world.login("zhang")
    surrogate = dev.mutation("demand", new_id(), changes=demand_values(eid, sid, description="\ud800"))
    nul_id = dev.mutation("demand", "a\x00b", changes=demand_values(eid, sid))
    push_headers = {**dev.headers, "Content-Type": "application/json"}
    login_headers = {**VERSION_HEADERS, "Content-Type": "application/json"}

    def post(path: str, headers: dict[str, str], body: dict[str, Any]) -> Any:
        # json.dumps writes ASCII escapes: "\ud800" goes over the wire as six characters
        return world.client.post(path, headers=headers, content=json.dumps(body))

    # a lone surrogate is no JSON text: the body is refused as malformed, its input not echoed
    r = post("/api/v1/push", push_headers, {"mutations": [surrogate], "cursor": 0})
    assert r.status_code == 422 and "ud800" not in r.text
    r = post("/api/v1/login", login_headers, {"login": "zhang", "password": "pw\ud800", "device_id": "d1"})
    assert r.status_code == 422 and "pw" not in r.text
    # a NUL in an identifier cannot be kept in a text column: refused, naming the field
    r = post("/api/v1/push", push_headers, {"mutations": [nul_id], "cursor": 0})
    assert r.status_code == 422
    assert r.json()["detail"][0]["msg"] == "变更的“row_id”含有不可见的控制字符或无效字符，已拒绝"
    # a NUL in a login is a failed sign-in like any unknown login
    r = post("/api/v1/login", login_headers, {"login": "zh\x00ang", "password": PASSWORD, "device_id": "d1"})
    assert r.status_code == 401 and r.json()["detail"] == "登录名或密码不正确"


def test_sign_ins_and_admin_pushes_are_audited(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    world.user("zhang")
    world.user("boss", role="admin")
    world.login("zhang", device_id="lap-1")
    assert _login(world.client, "zhang", "wrong", device="lap-1").status_code == 401
    assert _login(world.client, "nobody", "wrong", device="lap-9").status_code == 401
    admin = world.login("boss", device_id="office")
    eid = world.enterprise()
    admin.push_one("enterprise", eid, "update", {"name": "新名称"}, base_version=1)
    with world.engine.begin() as conn:
        crud.revoke_device(conn, device_id="lap-1", now=world.clock())
    assert _login(world.client, "zhang", PASSWORD, device="lap-1").status_code == 403
    with world.engine.connect() as conn:
        got = [(e["kind"], e["outcome"], e["login"], e["device_id"]) for e in events.since(conn)]
    assert got == [
        ("sign_in", "ok", "zhang", "lap-1"),
        ("sign_in", "bad_login", "zhang", "lap-1"),
        ("sign_in", "bad_login", "nobody", "lap-9"),
        ("sign_in", "ok", "boss", "office"),
        ("admin_push", "ok", None, "office"),
        ("sign_in", "device_revoked", "zhang", "lap-1"),
    ]
    with world.engine.connect() as conn:
        push_event = events.since(conn, kind=events.ADMIN_PUSH)[0]
        assert push_event["detail"]["tables"] == "enterprise"
        assert sum(v for k, v in push_event["detail"].items() if k != "tables") == 1
        assert push_event["staff_id"] == world.staff["boss"]
        assert all(e["address"] == "testclient" for e in events.since(conn, kind=events.SIGN_IN))
    if world.settings.database_url:
        return  # the CLI below reads the SQLite data dir
    capsys.readouterr()
    assert main(["admin", "--data-dir", str(world.settings.data_dir), "audit", "--since", "2026-11-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 6 and lines[1].split("\t")[1:6] == [
        "sign_in",
        "bad_login",
        "zhang",
        "lap-1",
        "testclient",
    ]
    assert main(["admin", "--data-dir", str(world.settings.data_dir), "audit", "--since", "2099-01-01"]) == 0
    assert capsys.readouterr().out == ""


def test_admin_commands_are_audited_without_passwords(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FIELDKIT_SERVER_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("FIELDKIT_SERVER_ARGON2_MEMORY_KIB", "1024")
    monkeypatch.setenv("FIELDKIT_PASSWORD", "pw-very-secret")
    data = str(tmp_path / "srv")

    def admin(*args: str) -> int:
        return main(["admin", "--data-dir", data, *args])

    assert admin("zone-add", "高新区") == 0
    assert admin("user-add", "zhang", "--name", "张三", "--role", "assistant", "--zone", "高新区") == 0
    assert admin("password-reset", "zhang") == 0
    assert admin("assign", "nobody", "91510100MA0000001X") == 2
    assert admin("devices") == 0  # reading changes nothing and is not an action
    capsys.readouterr()
    assert admin("audit") == 0
    lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [(f[1], f[2]) for f in lines] == [
        ("admin_command", "ok"),
        ("admin_command", "ok"),
        ("admin_command", "ok"),
        ("admin_command", "error"),
    ]
    # no --specialist given: none is recorded (the account takes the synced staff row's type, or 产业助理)
    assert lines[1][6] == "command=user-add login=zhang name=张三 role=assistant zone=高新区"
    assert lines[3][6] == "command=assign credit_codes=91510100MA0000001X login=nobody"
    assert not any("pw-very-secret" in "\t".join(f) for f in lines)
