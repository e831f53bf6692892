"""schemathesis over the server's own OpenAPI, against the real server process on 127.0.0.1.

Every generated case is sent with five tokens: an assistant's, a supervisor's, and an invalid, an
expired and a revoked one. Checked on every answer: no 5xx, status code / content type / headers /
body as the schema documents them. And no scope leak: whatever an assistant's token gets from
pull holds only their own enterprises and what belongs to them, and another assistant's
attachment (its real sha256 tried beside every generated one) is never served to them.
Bounded by ``max_examples`` per operation (docs/security.md has the case count of a run).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from fieldkit.cli import main  # noqa: E402
from fieldkit.models import SCHEMA_VERSION, new_id  # noqa: E402
from fieldkit.sync.protocol import attachment_path  # noqa: E402

from .test_process import CHEAP_HASHES, HEADERS, credit_code, running_server  # noqa: E402

MAX_EXAMPLES = 20
PASSWORD = "pw-123456"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@dataclass
class Served:
    base: str
    tokens: dict[str, str]
    #: what zhang (the assistant) may see: enterprise ids, and the sha256 of attachments
    own_enterprises: set[str]
    own_sha: str
    foreign_sha: str
    other_zone_enterprise: str
    http: requests.Session = field(default_factory=requests.Session)
    cases: int = 0
    calls: dict[str, int] = field(default_factory=dict)


def _admin(data: Path, *args: str) -> str:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["admin", "--data-dir", str(data), *args]) == 0
    return out.getvalue().strip()


def _login(base: str, login: str, device: str) -> str:
    r = requests.post(
        f"{base}/api/v1/login",
        headers=HEADERS,
        json={"login": login, "password": PASSWORD, "device_id": device},
    )
    assert r.status_code == 200, r.text
    return str(r.json()["token"])


def _attachment(base: str, token: str, device: str, eid: str, payload: bytes) -> str:
    sha = hashlib.sha256(payload).hexdigest()
    headers = {**HEADERS, "Authorization": f"Bearer {token}"}
    m = {
        "mutation_id": new_id(),
        "device_id": device,
        "device_seq": 1,
        "table": "attachment",
        "row_id": new_id(),
        "op": "create",
        "changes": {"sha256": sha, "size": len(payload), "owner_table": "enterprise", "owner_id": eid},
        "schema_version": SCHEMA_VERSION,
    }
    r = requests.post(f"{base}/api/v1/push", headers=headers, json={"mutations": [m], "cursor": 0})
    assert r.json()["results"][0]["status"] == "applied", r.text
    put = requests.put(
        base + attachment_path(sha), headers=headers, params={"offset": 0, "size": len(payload)}, data=payload
    )
    assert put.status_code == 200 and put.json()["complete"], put.text
    return sha


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    mp = pytest.MonkeyPatch()
    for k, v in {**CHEAP_HASHES, "FIELDKIT_PASSWORD": PASSWORD}.items():
        mp.setenv(k, v)
    data = tmp_path_factory.mktemp("schemathesis") / "srv"
    _admin(data, "zone-add", "高新区")
    _admin(data, "zone-add", "经开区")
    for login, role, zone in (
        ("zhang", "assistant", "高新区"),
        ("li", "assistant", "高新区"),
        ("wang", "supervisor", "高新区"),
    ):
        _admin(data, "user-add", login, "--name", login, "--role", role, "--zone", zone)
    mine, theirs, other_zone = credit_code(), credit_code(), credit_code()
    eid_mine = _admin(data, "enterprise-add", mine, "--name", "甲公司", "--zone", "高新区")
    eid_theirs = _admin(data, "enterprise-add", theirs, "--name", "乙公司", "--zone", "高新区")
    eid_other = _admin(data, "enterprise-add", other_zone, "--name", "丙公司", "--zone", "经开区")
    _admin(data, "assign", "zhang", mine)
    _admin(data, "assign", "li", theirs)
    try:
        with running_server("--data-dir", str(data)) as base:
            zhang = _login(base, "zhang", "lap-zhang")
            li = _login(base, "li", "lap-li")
            own_sha = _attachment(base, zhang, "lap-zhang", eid_mine, b"zhang's photo")
            foreign_sha = _attachment(base, li, "lap-li", eid_theirs, b"li's photo")
            revoked = _login(base, "zhang", "lap-lost")
            _admin(data, "revoke", "lap-lost")
            expired = _expired_token(data, "zhang", "lap-zhang")
            got = Served(
                base=base,
                tokens={
                    "assistant": zhang,
                    "supervisor": _login(base, "wang", "pc-wang"),
                    "invalid": "not-a-token-" + new_id(),
                    "expired": expired,
                    "revoked": revoked,
                },
                own_enterprises={eid_mine},
                own_sha=own_sha,
                foreign_sha=foreign_sha,
                other_zone_enterprise=eid_other,
            )
            yield got
            # the figures docs/security.md quotes (shown with -s)
            print(f"\nschemathesis: {got.cases} cases, {sum(got.calls.values())} requests: {got.calls}")
    finally:
        mp.undo()


def _expired_token(data: Path, login: str, device: str) -> str:
    """A token of ``login`` on ``device`` that expired an hour ago (written as login writes one)."""
    from sqlalchemy import insert

    from fieldkit.server import crud, security
    from fieldkit.server.db import make_engine
    from fieldkit.server.settings import Settings
    from fieldkit.server.tables import token

    raw = security.new_token()
    now = datetime.now(UTC)
    engine = make_engine(Settings(data_dir=data))
    with engine.begin() as conn:
        conn.execute(
            insert(token).values(
                token_hash=security.token_hash(raw),
                device_id=device,
                staff_id=crud.staff_id_by_login(conn, login),
                issued_at=now - timedelta(days=30),
                expires_at=now - timedelta(hours=1),
                revoked=False,
            )
        )
    engine.dispose()
    return raw


@pytest.fixture(scope="module")
def api_schema(served: Served) -> Any:
    loaded = schemathesis.openapi.from_url(f"{served.base}/openapi.json")
    # the coverage phase generates every boundary case the schema defines, unbounded by
    # max_examples: the examples and fuzzing phases keep the run bounded
    loaded.config.phases.update(phases=["examples", "fuzzing"])
    return loaded


schema = schemathesis.pytest.from_fixture("api_schema")


def _rows_outside_scope(page: dict[str, Any], own: set[str]) -> list[tuple[str, str]]:
    """Rows of a pull page that belong to no enterprise of ``own`` (zones and staff are shared)."""
    leaks = []
    for row in page.get("rows", []):
        values = row["values"]
        table = row["table"]
        if table in ("zone", "staff", "policy"):
            continue
        enterprise = values["id"] if table == "enterprise" else values.get("enterprise_id")
        if table == "attachment" and values.get("owner_table") == "enterprise":
            enterprise = values.get("owner_id")
        if enterprise is not None and enterprise not in own:
            leaks.append((table, values["id"]))
    return leaks


@pytest.mark.timeout(900)  # one item for all operations; a loaded machine is slow
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_every_token_as_documented(case: Any, served: Served) -> None:
    served.cases += 1
    bad = ("invalid", "expired", "revoked")[served.cases % 3]  # each bad kind on a third of cases
    for who in ("assistant", "supervisor", bad):
        headers = {**HEADERS, "Authorization": f"Bearer {served.tokens[who]}"}
        response = case.call_and_validate(
            base_url=served.base, session=served.http, headers=headers, checks=CHECKS, timeout=60
        )
        served.calls[case.operation.label] = served.calls.get(case.operation.label, 0) + 1
        if who != "assistant" and who != "supervisor":
            if case.path.startswith("/api/v1/") and case.path != "/api/v1/login":
                # refused: 401, or earlier (a malformed request, a route that does not exist)
                assert not 200 <= response.status_code < 300, (who, case.path, response.status_code)
            continue
        if case.path == "/api/v1/pull" and response.status_code == 200:
            page = response.json()
            if who == "assistant":
                assert _rows_outside_scope(page, served.own_enterprises) == []
            else:  # a supervisor: their zone, never the other one's enterprise
                ids = {row["values"]["id"] for row in page["rows"]} | {
                    row["values"].get("enterprise_id") for row in page["rows"]
                }
                assert served.other_zone_enterprise not in ids
    if case.path.startswith("/api/v1/attachments/") and case.method.upper() == "GET":
        # beside the generated sha256: the real one of another assistant's attachment
        headers = {**HEADERS, "Authorization": f"Bearer {served.tokens['assistant']}"}
        theirs = served.http.get(served.base + attachment_path(served.foreign_sha), headers=headers)
        assert theirs.status_code == 404 and theirs.json()["code"] == "not_uploaded"
        mine = served.http.get(served.base + attachment_path(served.own_sha), headers=headers)
        assert mine.status_code == 200 and mine.content == b"zhang's photo"
