"""No secrets or personal data in the server's logs: the real server process's whole output
through a scenario (sign-ins right and wrong, a token in a query string and in headers, pushes
carrying a name and a phone number, a malformed body, a body over the limit, a too-long value)
holds none of the scenario's passwords, tokens, names or phone numbers."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import pytest
import requests

from fieldkit.models import SCHEMA_VERSION, new_id
from fieldkit.server.logs import Scrub

from .test_process import HEADERS, admin, cheap_env, credit_code, running_server  # noqa: F401 (fixture)

PASSWORD = "pw-123456"  # cheap_env's
WRONG = "Wrong-Secret-4711"
NAME, PERSON, PHONE, COMPANY = "张三丰", "李四光", "13812345678", "甲乙丙有限公司"


def _mutation(eid: str, seq: int, changes: dict[str, Any]) -> dict[str, Any]:
    return {
        "mutation_id": new_id(),
        "device_id": "lap",
        "device_seq": seq,
        "table": "enterprise",
        "row_id": eid,
        "op": "update",
        "base_version": 1,
        "changes": changes,
        "schema_version": SCHEMA_VERSION,
    }


@pytest.mark.usefixtures("cheap_env")
def test_the_server_log_holds_no_secret_and_no_personal_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, log = tmp_path / "srv", tmp_path / "server.log"
    admin(data, "zone-add", "高新区", capsys=capsys)
    admin(data, "user-add", "zhang", "--name", NAME, "--role", "assistant", "--zone", "高新区", capsys=capsys)
    code = credit_code()
    eid = admin(data, "enterprise-add", code, "--name", COMPANY, "--zone", "高新区", capsys=capsys)
    admin(data, "assign", "zhang", code, capsys=capsys)
    secrets = [PASSWORD, WRONG, NAME, PERSON, PHONE, COMPANY, code]
    with running_server("--data-dir", str(data), log=log) as base, requests.Session() as http:
        http.headers.update(HEADERS)
        bad = http.post(
            f"{base}/api/v1/login", json={"login": "zhang", "password": WRONG, "device_id": "lap"}
        )
        assert bad.status_code == 401
        r = http.post(
            f"{base}/api/v1/login", json={"login": "zhang", "password": PASSWORD, "device_id": "lap"}
        )
        assert r.status_code == 200, r.text
        token = r.json()["token"]
        secrets.append(token)
        auth = {"Authorization": f"Bearer {token}"}
        # a token where none belongs: in the query string
        assert http.get(f"{base}/api/v1/pull", params={"cursor": 0, "token": token}, headers=auth).ok
        changes = {"contact_person": PERSON, "contact_phone": PHONE}
        pushed = http.post(
            f"{base}/api/v1/push", headers=auth, json={"mutations": [_mutation(eid, 1, changes)], "cursor": 0}
        )
        assert pushed.status_code == 200, pushed.text
        long = _mutation(eid, 2, {"contact_person": PERSON * 40})
        assert (
            http.post(f"{base}/api/v1/push", headers=auth, json={"mutations": [long]}).json()["results"][0][
                "code"
            ]
            == "too_long"
        )
        malformed = http.post(
            f"{base}/api/v1/push",
            headers={**auth, "Content-Type": "application/json"},
            data=json.dumps({"mutations": [{"phone": PHONE, "name": NAME}]}),
        )
        assert malformed.status_code == 422
        huge = http.post(
            f"{base}/api/v1/push",
            headers={**auth, "Content-Type": "application/json"},
            data=(PHONE + NAME) * 1_000_000,
        )
        assert huge.status_code == 413
        # no Content-Length (chunked): refused as soon as the count passes the limit
        chunked = http.post(
            f"{base}/api/v1/push",
            headers={**auth, "Content-Type": "application/json"},
            data=((PHONE + NAME).encode() * 100_000 for _ in range(20)),
        )
        assert chunked.status_code == 413 and chunked.json()["code"] == "body_too_large"
        page = http.get(f"{base}/api/v1/pull", params={"cursor": 0}, headers=auth).json()
        assert any(row["values"].get("contact_phone") == PHONE for row in page["rows"])
        assert (
            http.get(f"{base}/api/v1/pull", headers={"Authorization": "Bearer " + token[::-1]}).status_code
            == 401
        )
    text = log.read_text("utf-8", errors="replace")
    # the log is there and holds the requests (so the test can fail) ...
    assert "POST /api/v1/login" in text and "GET /api/v1/pull" in text and " 413" in text
    # ... and none of their secrets or personal data
    assert [s for s in secrets if s in text] == []
    assert token[::-1] not in text and "?" not in text.split("GET /api/v1/pull", 1)[1].split("\n", 1)[0]


def test_scrub_removes_what_a_library_would_log() -> None:
    """The last line of defence: a record from any logger, with an exception attached."""
    try:
        raise ValueError(f"duplicate key (contact_phone)=({PHONE}) name={NAME}")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "sqlalchemy",
        logging.ERROR,
        __file__,
        1,
        "failed: %s Authorization: Bearer abc.def password=hunter2",
        (NAME,),
        exc_info,
    )
    assert Scrub().filter(record)
    message = record.getMessage()
    assert record.exc_info is None
    for secret in (PHONE, NAME, "abc.def", "hunter2"):
        assert secret not in message
    assert "builtins.ValueError at test_logs.py" in message
