"""Login throttling: failed logins per login and per client address lock for a while (429 with when
to try again), counted in the database so every worker sees them; the clock is the test's."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from fieldkit.server.app import create_app

from .conftest import PASSWORD, VERSION_HEADERS, World


def _login(client: TestClient, login: str, password: str, device: str = "d1") -> Any:
    return client.post(
        "/api/v1/login",
        headers=VERSION_HEADERS,
        json={"login": login, "password": password, "device_id": device},
    )


def test_too_many_failures_lock_the_login_until_the_lockout_passes(world: World) -> None:
    world.user("zhang")
    limit = world.settings.login_max_failures
    for _ in range(limit):
        assert _login(world.client, "zhang", "wrong").status_code == 401
    r = _login(world.client, "zhang", PASSWORD)  # even the right password waits
    assert r.status_code == 429
    until = world.clock() + timedelta(seconds=world.settings.login_lockout_seconds)
    assert r.json()["detail"] == (
        f"登录失败次数过多，已暂时锁定：请在 {until.astimezone():%Y-%m-%d %H:%M}（约 15 分钟后）再试"
    )
    assert r.headers["Retry-After"] == str(world.settings.login_lockout_seconds)
    world.clock.advance(seconds=world.settings.login_lockout_seconds - 60)
    r = _login(world.client, "zhang", PASSWORD)
    assert r.status_code == 429 and "约 1 分钟后" in r.json()["detail"]
    world.clock.advance(seconds=61)
    assert _login(world.client, "zhang", PASSWORD).status_code == 200


def test_failures_outside_the_window_do_not_add_up(world: World) -> None:
    world.user("zhang")
    limit = world.settings.login_max_failures
    for _ in range(limit - 1):
        assert _login(world.client, "zhang", "wrong").status_code == 401
    world.clock.advance(seconds=world.settings.login_window_seconds + 1)
    for _ in range(limit - 1):
        assert _login(world.client, "zhang", "wrong").status_code == 401
    assert _login(world.client, "zhang", PASSWORD).status_code == 200


def test_a_success_clears_the_count_of_the_login(world: World) -> None:
    world.user("zhang")
    limit = world.settings.login_max_failures
    for _ in range(limit - 1):
        _login(world.client, "zhang", "wrong")
    assert _login(world.client, "zhang", PASSWORD).status_code == 200
    for _ in range(limit - 1):
        assert _login(world.client, "zhang", "wrong").status_code == 401
    assert _login(world.client, "zhang", PASSWORD).status_code == 200


def test_one_locked_login_leaves_the_others_alone_and_unknown_logins_lock_too(world: World) -> None:
    world.user("zhang")
    world.user("li")
    for _ in range(world.settings.login_max_failures):
        _login(world.client, "nobody", "guess")
    assert _login(world.client, "nobody", "guess").status_code == 429  # no hint that it does not exist
    assert _login(world.client, "li", PASSWORD).status_code == 200
    assert _login(world.client, " Nobody ", "guess").status_code == 429  # the same login, typed loosely


def test_one_address_guessing_many_logins_is_locked(tmp_path: Any) -> None:
    w = World(tmp_path)
    w.settings.login_max_failures_per_address = 4
    app = create_app(w.settings, engine=w.engine, clock=w.clock)
    client = TestClient(app)  # every request from the address "testclient"
    w.user("zhang")
    for i in range(4):
        assert _login(client, f"guess{i}", "x").status_code == 401
    assert _login(client, "zhang", PASSWORD).status_code == 429
    w.clock.advance(seconds=w.settings.login_lockout_seconds + 1)
    assert _login(client, "zhang", PASSWORD).status_code == 200
    w.engine.dispose()


def test_the_lock_is_in_the_database_so_another_worker_sees_it(world: World) -> None:
    world.user("zhang")
    for _ in range(world.settings.login_max_failures):
        _login(world.client, "zhang", "wrong")
    other_worker = TestClient(create_app(world.settings, engine=world.engine, clock=world.clock))
    assert _login(other_worker, "zhang", PASSWORD).status_code == 429
