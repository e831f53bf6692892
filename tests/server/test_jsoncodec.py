"""The server's JSON columns' codec (orjson, the standard library where orjson refuses a value)."""

from __future__ import annotations

import json

from fieldkit.server import jsoncodec


def test_values_round_trip_as_compact_utf8_and_what_orjson_refuses_still_encodes() -> None:
    value = {"name": "成都高新区企业", "n": 3, "x": 1.5, "items": [None, True], "nested": {"a": "b"}}
    text = jsoncodec.dumps(value)
    assert text == json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    assert jsoncodec.loads(text) == value and jsoncodec.loads(text.encode()) == value
    assert jsoncodec.loads(memoryview(text.encode())) == value  # what psycopg hands over
    big = {"n": 2**70}  # past orjson's 64-bit integers
    assert jsoncodec.loads(jsoncodec.dumps(big)) == big
    assert jsoncodec.loads(jsoncodec.dumps({1: "a"})) == {"1": "a"}  # a non-string key, as json does
    assert jsoncodec.loads('{"v": NaN}')["v"] != 0  # written by the standard library before
