"""POST /accounts decides from the token alone: a supervisor opens accounts for their own zone's
assistants only, an admin for anyone; the first sign-in with the one-time password is refused
until /password sets the user's own (the real process flow: tests/sync/test_accounts.py)."""

from __future__ import annotations

from fieldkit.models import new_id

from .conftest import VERSION_HEADERS, World


def _row(dev, zone: str, login: str, role: str = "assistant") -> str:  # type: ignore[no-untyped-def]
    sid = new_id()
    got = dev.push_one("staff", sid, changes={"name": login, "login": login, "role": role, "zone_id": zone})
    assert got["status"] == "applied", got
    return sid


def test_scope_and_role_come_from_the_token(world: World) -> None:
    world.user("boss", role="supervisor")
    world.user("root", role="admin")
    boss, root = world.login("boss"), world.login("root")
    mine = _row(boss, world.zone, "lina")
    theirs = _row(root, world.other_zone, "far")
    chief = _row(root, world.zone, "chief", role="supervisor")

    def open_(dev, sid: str) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
        r = world.client.post("/api/v1/accounts", headers=dev.headers, json={"staff_id": sid})
        return r.status_code, r.json()

    assert open_(boss, theirs)[0] == 403 and open_(boss, theirs)[1]["code"] == "account_scope"
    assert open_(boss, chief)[1]["code"] == "account_scope"
    assert open_(boss, new_id())[0] == 404
    status, body = open_(boss, mine)
    assert status == 200 and body["login"] == "lina" and body["must_change_password"]
    assert open_(root, theirs)[0] == 200 and open_(root, chief)[0] == 200
    r = world.client.post("/api/v1/accounts", headers=VERSION_HEADERS, json={"staff_id": mine})
    assert r.status_code == 401
    signin = {"login": "lina", "password": body["initial_password"], "device_id": "d1"}
    r = world.client.post("/api/v1/login", headers=VERSION_HEADERS, json=signin)
    assert r.status_code == 403 and r.json()["code"] == "password_change_required"
    r = world.client.post(
        "/api/v1/password", headers=VERSION_HEADERS, json={**signin, "new_password": body["initial_password"]}
    )
    assert r.status_code == 409 and r.json()["code"] == "same_password"
    r = world.client.post(
        "/api/v1/password", headers=VERSION_HEADERS, json={**signin, "new_password": "lina-pw-2"}
    )
    assert r.status_code == 200 and r.json()["staff_id"] == mine
    lina = world.login("lina", password="lina-pw-2")
    assert open_(lina, theirs)[1]["code"] == "account_role"
