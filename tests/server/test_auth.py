"""Login, tokens bound to a device, expiry, revocation, disabled accounts, version headers."""

from __future__ import annotations

from typing import Any

from fieldkit.models import SCHEMA_VERSION
from fieldkit.server import crud
from fieldkit.sync.protocol import PROTOCOL_HEADER, SCHEMA_HEADER

from .conftest import PASSWORD, VERSION_HEADERS, World


def test_healthz_and_openapi_need_no_token(world: World) -> None:
    assert world.client.get("/healthz").json()["status"] == "ok"
    paths = world.client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/login", "/api/v1/push", "/api/v1/pull", "/api/v1/checksum"} <= set(paths)


def test_login_returns_a_token_for_this_device(world: World) -> None:
    sid = world.user("zhang")
    r = world.client.post(
        "/api/v1/login",
        headers=VERSION_HEADERS,
        json={"login": "zhang", "password": PASSWORD, "device_id": "laptop-1"},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["staff_id"] == sid and body["device_id"] == "laptop-1" and body["role"] == "assistant"
    assert body["zone_id"] == world.zone
    with world.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT token_hash FROM server_token").scalars().all()
    assert stored and body["token"] not in stored  # only a hash is kept


def test_wrong_password_and_unknown_login_are_refused_alike(world: World) -> None:
    world.user("zhang")
    for login, pw in (("zhang", "wrong"), ("nobody", PASSWORD)):
        r = world.client.post(
            "/api/v1/login", headers=VERSION_HEADERS, json={"login": login, "password": pw, "device_id": "d"}
        )
        assert r.status_code == 401
        assert r.json()["detail"] == "登录名或密码不正确"


def test_every_endpoint_needs_a_valid_token(world: World) -> None:
    for headers in (VERSION_HEADERS, {**VERSION_HEADERS, "Authorization": "Bearer made-up"}):
        assert world.client.get("/api/v1/pull", headers=headers).status_code == 401
        assert world.client.post("/api/v1/push", headers=headers, json={"mutations": []}).status_code == 401


def test_token_expires(world: World) -> None:
    world.user("zhang")
    dev = world.login("zhang")
    assert dev.client.get("/api/v1/pull", headers=dev.headers).status_code == 200
    world.clock.advance(seconds=world.settings.token_ttl_seconds + 1)
    r = dev.client.get("/api/v1/pull", headers=dev.headers)
    assert r.status_code == 401 and "重新登录" in r.json()["detail"]


def test_revoking_a_device_ends_its_tokens_and_its_logins_only(world: World) -> None:
    world.user("zhang")
    lost = world.login("zhang", "lost-laptop")
    other = world.login("zhang", "office-pc")
    with world.engine.begin() as conn:
        crud.revoke_device(conn, device_id="lost-laptop", now=world.clock())
    refused = lost.client.get("/api/v1/pull", headers=lost.headers)  # revoked, not expired: 403 + code
    assert refused.status_code == 403 and refused.json() == {
        "detail": "此设备已被停用，请联系管理员",
        "code": "device_revoked",
        "params": {},
    }
    assert other.client.get("/api/v1/pull", headers=other.headers).status_code == 200
    r = world.client.post(
        "/api/v1/login",
        headers=VERSION_HEADERS,
        json={"login": "zhang", "password": PASSWORD, "device_id": "lost-laptop"},
    )
    assert r.status_code == 403 and r.json()["detail"] == "此设备已被停用，请联系管理员"


def test_disabled_user_and_password_reset_end_tokens(world: World) -> None:
    world.user("zhang")
    world.user("li")
    zhang, li = world.login("zhang"), world.login("li")
    with world.engine.begin() as conn:
        crud.user_set_active(conn, login="zhang", active=False, now=world.clock())
        crud.password_reset(conn, login="li", password="new-password")
    assert zhang.client.get("/api/v1/pull", headers=zhang.headers).status_code == 401
    assert li.client.get("/api/v1/pull", headers=li.headers).status_code == 401
    assert world.login("li", password="new-password").token


def test_a_token_is_bound_to_its_device(world: World) -> None:
    world.user("zhang")
    eid = world.enterprise(assign_to="zhang")
    dev = world.login("zhang", "laptop-1")
    m = dev.mutation("enterprise", eid, "update", {"notes": "x"}, base_version=1)
    m["device_id"] = "laptop-2"
    res = dev.push(m)[0]
    assert res["status"] == "rejected" and res["code"] == "device_mismatch"


def test_incompatible_client_gets_426_in_chinese(world: World) -> None:
    cases = [
        ({}, "protocol"),
        ({PROTOCOL_HEADER: "99", SCHEMA_HEADER: str(SCHEMA_VERSION)}, "protocol"),
        ({PROTOCOL_HEADER: "1", SCHEMA_HEADER: "1"}, "client_too_old"),
        ({PROTOCOL_HEADER: "1", SCHEMA_HEADER: str(SCHEMA_VERSION + 1)}, "server_too_old"),
    ]
    for headers, code in cases:
        r = world.client.post(
            "/api/v1/login", headers=headers, json={"login": "a", "password": "b", "device_id": "c"}
        )
        assert r.status_code == 426, headers
        assert r.json()["code"] == code
        assert "FieldKit" in r.json()["detail"] or "服务器" in r.json()["detail"]


#: a malformed request to every authenticated endpoint (body, query or both not as the schema says)
SHA = "a" * 64
MALFORMED: dict[tuple[str, str], list[dict[str, Any]]] = {
    ("POST", "/api/v1/push"): [
        {"json": {"mutations": "not-a-list"}},
        {"json": {"mutations": [{"op": "explode"}], "cursor": -1}},
        {"content": b"{{ no json", "headers": {"Content-Type": "application/json"}},
    ],
    ("GET", "/api/v1/pull"): [{"params": {"cursor": -1}}, {"params": {"cursor": "x", "limit": 0}}],
    ("GET", "/api/v1/checksum"): [{"params": {"cursor": "x"}, "valid": 200}],  # nothing to malform
    ("POST", "/api/v1/accounts"): [
        {"json": {"staff_id": 5}},
        {"content": b"[", "headers": {"Content-Type": "application/json"}},
    ],
    ("GET", "/api/v1/attachments/{sha256}/upload"): [{"path": {"sha256": SHA}, "valid": 404}],
    ("PUT", "/api/v1/attachments/{sha256}"): [
        {"path": {"sha256": SHA}, "params": {"offset": -1, "size": "x"}, "content": b"bytes"},
        {"path": {"sha256": SHA}, "content": b"bytes"},
    ],
    ("GET", "/api/v1/attachments/{sha256}"): [
        {"path": {"sha256": SHA}, "headers": {"Range": "rubbish"}, "valid": 404}
    ],
}


def _send(world: World, method: str, path: str, case: dict[str, Any], auth: dict[str, str]) -> Any:
    url = path.format(**case.get("path", {}))
    headers = {**VERSION_HEADERS, **auth, **case.get("headers", {})}
    return world.client.request(
        method,
        url,
        headers=headers,
        params=case.get("params"),
        json=case.get("json"),
        content=case.get("content"),
    )


def test_a_bad_token_is_refused_before_a_malformed_request_is_looked_at(world: World) -> None:
    """No token, a made-up one, an expired one: 401 on every authenticated endpoint, whatever the
    body or query; a revoked device's token: 403 with its code. Never a 422 that would tell a
    caller without a valid token anything about the schema (or make a client ask the user to fix
    its data instead of signing in again)."""
    routes = {
        (method.upper(), path)
        for path, ops in world.client.get("/openapi.json").json()["paths"].items()
        if path.startswith("/api/v1/")
        for method in ops
    }
    assert routes - {("POST", "/api/v1/login"), ("POST", "/api/v1/password")} == set(MALFORMED)
    world.user("zhang")
    expired = world.login("zhang", "old-laptop")
    world.clock.advance(seconds=world.settings.token_ttl_seconds + 1)
    revoked = world.login("zhang", "lost-laptop")
    with world.engine.begin() as conn:
        crud.revoke_device(conn, device_id="lost-laptop", now=world.clock())
    valid = world.login("zhang", "laptop")
    tokens = {
        "none": ({}, 401),
        "made-up": ({"Authorization": "Bearer made-up"}, 401),
        "not bearer": ({"Authorization": "Basic eDp5"}, 401),
        "expired": ({"Authorization": f"Bearer {expired.token}"}, 401),
        "revoked": ({"Authorization": f"Bearer {revoked.token}"}, 403),
    }
    for (method, path), cases in MALFORMED.items():
        for case in cases:
            for name, (auth, status) in tokens.items():
                r = _send(world, method, path, case, auth)
                assert r.status_code == status, (method, path, case, name, r.text)
                assert r.json()["code"] == ("token_invalid" if status == 401 else "device_revoked")
            # with a valid token the same request is answered as it is (malformed: 422)
            r = _send(world, method, path, case, {"Authorization": f"Bearer {valid.token}"})
            assert r.status_code == case.get("valid", 422), (method, path, case, r.text)
