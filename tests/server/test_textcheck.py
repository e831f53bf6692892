"""The server's fast path for plain text (fieldkit/server/textcheck.py): a text with no suspect
character is one every text rule accepts."""

from __future__ import annotations

from fieldkit.domain.text_rules import text_problem
from fieldkit.models import SYNCED_TABLES
from fieldkit.server import textcheck


def test_every_character_a_rule_refuses_is_a_suspect() -> None:
    # the rules refuse by category: controls and surrogates live in the BMP, noncharacters there
    # and at the end of every plane
    points = [*range(0x10000), *(p * 0x10000 + k for p in range(1, 17) for k in (0, 0xFFFD, 0xFFFE, 0xFFFF))]
    missed = [
        hex(n)
        for n in points
        if not textcheck.suspect(chr(n))
        and (textcheck.bad_char(chr(n)) or text_problem(chr(n), multiline=False) is not None)
    ]
    assert missed == []


def test_plain_text_passes_and_bad_text_is_still_refused() -> None:
    model = SYNCED_TABLES["demand"]
    assert textcheck.problem(model, {"description": "企业反映用电容量不足"}, "demand") is None
    refused = textcheck.problem(model, {"department": "发改局\u202e"}, "demand")
    assert refused is not None and refused[0] == "control_chars"
    too_long = textcheck.problem(model, {"department": "局" * 101}, "demand")
    assert too_long is not None and too_long[0] == "too_long" and too_long[1]["limit"] == 100
