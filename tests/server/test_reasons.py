"""A refusal travels as code + raw parameters (and the Chinese text for older clients and the
audit), so the client shows it in its user's language: push results for every kind of reason
that has parameters, and the HTTP refusals (sign-in, lockout, versions, attachments)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fieldkit.domain.reasons import PARAM_KINDS, TEXTS, source_text
from fieldkit.models import SCHEMA_VERSION, new_id
from fieldkit.sync.protocol import (
    FEATURES_HEADER,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    REASON_PARAMS,
    SCHEMA_HEADER,
    PushResponse,
)

from .conftest import PASSWORD, VERSION_HEADERS, Device, World, demand_values


def _push(dev: Device, *mutations: dict[str, Any], features: str = REASON_PARAMS) -> list[dict[str, Any]]:
    headers = {**dev.headers, FEATURES_HEADER: features} if features else dev.headers
    r = dev.client.post(
        "/api/v1/push", headers=headers, json={"mutations": list(mutations), "cursor": dev.cursor}
    )
    assert r.status_code == 200, r.text
    PushResponse.model_validate_json(r.content)  # what the client parses
    return list(r.json()["results"])


def _one(dev: Device, *args: Any, **kw: Any) -> dict[str, Any]:
    return _push(dev, dev.mutation(*args, **kw))[0]


def _refused(res: dict[str, Any], code: str, params: dict[str, Any]) -> None:
    assert res["status"] == "rejected" and res["code"] == code, res
    assert res["params"] == params
    assert res["reason"] == source_text(code, **params)  # the Chinese text made from the same


def test_push_results_carry_the_raw_parameters_of_each_kind_of_reason(world: World) -> None:
    sid = world.user("zhang")
    eid = world.enterprise(assign_to="zhang")
    dev = world.login("zhang")

    did = new_id()
    v = _one(dev, "demand", did, changes=demand_values(eid, sid, state="closed"))["server_version"]
    res = _one(dev, "demand", did, "update", {"state": "in_progress"}, base_version=v)
    _refused(res, "demand_transition", {"old": "closed", "new": "in_progress"})
    assert res["reason"] == "诉求状态不能从“已办结”变为“承办中”"  # labels, as before

    # a demand step someone else already made: the action and the states by code
    other = new_id()
    dev.push_one("demand", other, changes=demand_values(eid, sid))
    step = {
        "demand_id": other,
        "enterprise_id": eid,
        "from_state": "collected",
        "to_state": "assigned",
        "at": "2026-11-21T02:00:00+00:00",
        "actor_id": sid,
    }
    assert _one(dev, "demandevent", new_id(), changes=step)["status"] == "applied"
    res = _one(dev, "demandevent", new_id(), changes=step)
    _refused(res, "demand_done", {"action": "assign", "to": "assigned", "state": "assigned"})
    assert res["reason"] == "该诉求已由他人交办（当前状态：已交办）：请放弃本机的这次交办"

    proxy = {"enterprise_id": eid, "staff_id": sid, "item": "营业执照", "accepted_on": "2026-11-20"}
    pid = new_id()
    v = _one(dev, "proxyservice", pid, changes={**proxy, "status": "completed"})["server_version"]
    res = _one(dev, "proxyservice", pid, "update", {"status": "in_progress"}, base_version=v)
    _refused(res, "proxy_transition", {"old": "completed", "new": "in_progress"})
    assert res["reason"] == "帮办代办状态不能从“已办结”变为“办理中”"  # no longer the codes

    res = _one(dev, "enterprise", eid, "update", {"name": "名" * 201}, base_version=1)
    _refused(res, "too_long", {"table": "enterprise", "field": "name", "length": 201, "limit": 200})
    assert res["reason"] == "“企业名称”太长：201 个字符，最多 200 个；此修改未被接受，已留存"

    record = {
        "enterprise_id": eid,
        "staff_id": sid,
        "visit_at": "2026-11-21T02:30:00+00:00",
        "status": "draft",
    }
    res = _one(dev, "servicerecord", new_id(), changes={**record, "service_items": ["x.one", "x.two"]})
    _refused(res, "service_item", {"codes": ["x.one", "x.two"]})
    assert "“x.one、x.two”" in res["reason"]

    bad = dev.mutation("demand", new_id(), changes=demand_values(eid, sid))
    res = _push(dev, {**bad, "schema_version": SCHEMA_VERSION + 1})[0]
    _refused(res, "schema", {"version": SCHEMA_VERSION + 1})
    res = _one(dev, "nosuchtable", new_id(), changes={})
    _refused(res, "unknown_table", {"table": "nosuchtable"})


def test_a_client_that_does_not_name_the_feature_gets_no_params(world: World) -> None:
    """Protocol-1 clients parse a result with unknown fields refused: they get what they know."""
    sid = world.user("zhang")
    eid = world.enterprise(assign_to="zhang")
    dev = world.login("zhang")
    did = new_id()
    v = dev.push_one("demand", did, changes=demand_values(eid, sid, state="closed"))["server_version"]
    m = dev.mutation("demand", did, "update", {"state": "in_progress"}, base_version=v)
    old = _push(dev, m, features="")[0]
    assert old["code"] == "demand_transition" and "params" not in old and "已办结" in old["reason"]
    again = _push(dev, m)[0]  # the stored result, replayed to a client that reads params
    assert again["status"] == "duplicate" and again["params"] == {"old": "closed", "new": "in_progress"}


def test_every_reason_with_parameters_declares_only_parameters_its_text_uses() -> None:
    import string

    for code, kinds in PARAM_KINDS.items():
        used = {name for _lit, name, _spec, _conv in string.Formatter().parse(TEXTS[code]) if name}
        assert set(kinds) - {"action"} <= used | {"table"}, code


def test_http_refusals_carry_code_and_params(world: World) -> None:
    world.user("zhang")
    r = world.client.post(
        "/api/v1/login",
        headers=VERSION_HEADERS,
        json={"login": "zhang", "password": "wrong", "device_id": "d1"},
    )
    assert r.status_code == 401 and r.json() == {
        "detail": "登录名或密码不正确",
        "code": "bad_login",
        "params": {},
    }
    for _ in range(world.settings.login_max_failures):
        world.client.post(
            "/api/v1/login",
            headers=VERSION_HEADERS,
            json={"login": "zhang", "password": "x", "device_id": "d1"},
        )
    r = world.client.post(
        "/api/v1/login",
        headers=VERSION_HEADERS,
        json={"login": "zhang", "password": PASSWORD, "device_id": "d1"},
    )
    body = r.json()
    assert r.status_code == 429 and body["code"] == "login_locked"
    until = datetime.fromisoformat(body["params"]["time"])  # an instant: the client shows it in its time
    assert until.tzinfo is not None and body["params"]["minutes"] == 15
    assert until == (world.clock() + timedelta(seconds=world.settings.login_lockout_seconds)).astimezone(UTC)
    assert body["detail"] == source_text("login_locked", **body["params"])

    old = {PROTOCOL_HEADER: str(PROTOCOL_VERSION), SCHEMA_HEADER: "0"}
    r = world.client.post(
        "/api/v1/login", headers=old, json={"login": "a", "password": "b", "device_id": "c"}
    )
    assert (
        r.status_code == 426 and r.json()["code"] == "client_too_old" and r.json()["params"] == {"client": 0}
    )


def test_an_invalid_change_names_its_fields_and_keeps_the_technical_detail_in_the_log(
    world: World, caplog: Any
) -> None:
    """Values that do not fit the row: the reason names the fields by their labels (raw column
    names in ``params``), never a validator's words; what the validator said goes to the log."""
    import logging

    from fieldkit.server.logs import LOGGER

    sid = world.user("zhang")
    eid = world.enterprise(assign_to="zhang")
    dev = world.login("zhang")
    values = {
        "enterprise_id": eid,
        "staff_id": sid,
        "visit_at": "not-a-time",
        "content": "走访",
        "service_items": "not-a-list",
    }
    with caplog.at_level(logging.INFO, logger=LOGGER):
        res = _one(dev, "servicerecord", new_id(), changes=values)
    _refused(res, "invalid", {"table": "servicerecord", "fields": ["visit_at", "service_items"]})
    assert res["reason"] == "“走访时间、服务事项”填写不完整或格式不对；此修改未被接受，已留存"
    for technical in ("visit_at", "datetime", "list_type", "parsing", "Input should", "pydantic"):
        assert technical not in res["reason"]
    logged = " ".join(r.getMessage() for r in caplog.records if r.name == LOGGER)
    assert "servicerecord refused as invalid" in logged and "visit_at: datetime" in logged
    assert "not-a-time" not in logged  # the input itself is never logged

    # a constraint the checks miss names no field
    world.user("root", role="admin")
    li = world.user("li")
    root = world.login("root")
    assert root.push_one("staff", li, "delete", base_version=1)["status"] == "applied"
    res = _push(root, root.mutation("staff", sid, "update", {"login": "li"}, base_version=1))[0]
    _refused(res, "invalid", {"table": "staff", "fields": []})
    assert res["reason"] == "数据不完整或格式不对；此修改未被接受，已留存"
