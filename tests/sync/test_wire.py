"""Bytes on the wire: the real server process gzips a pull page when the client accepts it, sends
it plain when it does not, and the engine's client (requests) asks for gzip and decodes it."""

from __future__ import annotations

import gzip
import json

from fieldkit.sync.protocol import API_PREFIX

from .conftest import World


def test_a_pull_page_is_gzip_encoded_when_asked_and_plain_otherwise(world: World) -> None:
    world.zone.user("zhang")
    for n in range(5):  # a page well over the 1 KB threshold
        world.zone.enterprise(f"德阳东方电气第{n}有限公司", assign_to="zhang")
    lap = world.laptop("zhang")
    client = lap.client()
    url = f"{world.server.url}{API_PREFIX}/pull"
    params = {"cursor": 0, "limit": 500}
    try:
        packed = client.http.get(url, params=params, headers={"Accept-Encoding": "gzip"}, stream=True)
        assert packed.status_code == 200
        assert packed.headers["Content-Encoding"] == "gzip"
        body = packed.raw.read(decode_content=False)  # the bytes as they crossed the wire
        assert int(packed.headers["Content-Length"]) == len(body)
        page = json.loads(gzip.decompress(body))

        plain = client.http.get(url, params=params, headers={"Accept-Encoding": "identity"}, stream=True)
        assert plain.status_code == 200
        assert "Content-Encoding" not in plain.headers
        raw = plain.raw.read(decode_content=False)
        assert json.loads(raw) == page
        assert len(body) < len(raw) / 2
        assert sum(r["table"] == "enterprise" for r in page["rows"]) == 5

        # the engine's own request: requests asks for gzip by default and hands back the page
        assert "gzip" in client.http.headers["Accept-Encoding"]
        assert client.pull(0, 500).model_dump(mode="json")["rows"] == page["rows"]
    finally:
        client.close()


def test_an_answer_with_a_field_this_client_does_not_know_still_parses_and_a_request_with_one_is_refused() -> (
    None
):
    """A newer server may add a field to an answer (as ``params`` was added to push results): this
    client ignores it; the server still refuses what it does not know in a request."""
    import pytest
    from pydantic import ValidationError

    from fieldkit.sync.protocol import LoginRequest, PullPage, PushResponse

    page = PullPage.model_validate_json(
        json.dumps({"cursor": 7, "has_more": False, "rows": [], "removals": [], "from_a_newer_server": 1})
    )
    assert page.cursor == 7 and not hasattr(page, "from_a_newer_server")
    result = {"mutation_id": "m1", "status": "applied", "hint": "new"}
    assert PushResponse.model_validate({"results": [result]}).results[0].status == "applied"
    with pytest.raises(ValidationError):
        LoginRequest.model_validate({"login": "a", "password": "b", "device_id": "d", "extra": 1})
