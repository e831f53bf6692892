"""Full-text search keys: the text of a record, demand or policy as the tokens of an FTS5 index
that finds every substring of two or more characters, Chinese or Latin.

Each field becomes the sequence of its overlapping character pairs (``机械加工`` → ``机械 械加
加工``); a search term becomes the same sequence, queried as an FTS5 phrase (consecutive tokens).
So a term matches a field exactly when it is a substring of it, which is what a
``LIKE '%term%'`` scan finds — including SQLite's case rule (ASCII letters fold, nothing else).
The index uses FTS5's ``ascii`` tokenizer: every non-ASCII character and every ASCII letter or
digit is part of a token, ASCII case is folded, everything else separates. A pair holding an ASCII
space or punctuation mark would be split by it, so such a pair is written as an escape token
(``x`` + hex code points), which can never equal a plain two-character pair.

Pairs are made per field, so a term never matches across the boundary of two fields. One
character has no pair: a one-character term is answered by a bounded scan instead.

Pure functions only: the migration that builds the index and the service that keeps it in step
both use them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: a term must be this long for the index (shorter: a bounded scan)
MIN_TERM = 2

#: kind → (table, title fields, body fields). Titles rank higher than bodies.
FIELDS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "record": (
        "servicerecord",
        ("content",),
        ("problems", "follow_up", "place", "staff_participants", "enterprise_participants", "review_note"),
    ),
    "demand": (
        "demand",
        ("description",),
        ("department", "responsible_person", "overdue_explanation"),
    ),
    "policy": (
        "policy",
        ("title", "doc_no"),
        (
            "summary",
            "full_text",
            "materials",
            "issuer",
            "interpreting_unit",
            "competent_department",
            "accepting_department",
        ),
    ),
}
KINDS: tuple[str, ...] = tuple(FIELDS)


def table_of(kind: str) -> str:
    return FIELDS[kind][0]


def fields_of(kind: str) -> tuple[str, ...]:
    _table, title, body = FIELDS[kind]
    return title + body


def fts_table(kind: str) -> str:
    """The FTS5 table of one kind (its rowid is ``search_doc.id``)."""
    return f"search_fts_{kind}"


def _fold(ch: str) -> str:
    return ch.lower() if "A" <= ch <= "Z" else ch


def _plain(ch: str) -> bool:
    """A character the ``ascii`` tokenizer keeps inside a token."""
    return ch >= "\x80" or ch.isalnum()


def _pair(a: str, b: str) -> str:
    a, b = _fold(a), _fold(b)
    if _plain(a) and _plain(b):
        return a + b
    return f"x{ord(a):x}y{ord(b):x}"


def pairs(text: str) -> list[str]:
    """The tokens of one field or one term, in order."""
    return [_pair(text[i], text[i + 1]) for i in range(len(text) - 1)]


def field_tokens(values: Iterable[str | None]) -> str:
    """The indexed text of several fields: their tokens, a field at a time."""
    return " ".join(t for v in values if v for t in pairs(v))


def document(kind: str, row: Mapping[str, str | None]) -> tuple[str, str]:
    """(title tokens, body tokens) of a row of ``kind``."""
    _table, title, body = FIELDS[kind]
    return field_tokens(row.get(f) for f in title), field_tokens(row.get(f) for f in body)


def match_query(term: str) -> str:
    """The FTS5 MATCH expression for a term of at least two characters: one phrase."""
    if len(term) < MIN_TERM:
        raise ValueError("a term of at least two characters")
    return '"' + " ".join(pairs(term)) + '"'


def like_pattern(term: str) -> str:
    """``%term%`` for ``LIKE ... ESCAPE '\\'``: the scan the index must agree with."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _folded(text: str) -> str:
    return "".join(_fold(c) for c in text)


def contains(text: str | None, term: str) -> bool:
    """What ``text LIKE '%term%'`` says (ASCII case folded)."""
    return bool(text) and _folded(term) in _folded(text or "")


def spans(text: str, term: str) -> list[tuple[int, int]]:
    """Where ``term`` occurs in ``text`` (start, end), not overlapping, for highlighting."""
    if not term:
        return []
    hay, needle = _folded(text), _folded(term)
    out: list[tuple[int, int]] = []
    start = hay.find(needle)
    while start >= 0:
        out.append((start, start + len(needle)))
        start = hay.find(needle, start + len(needle))
    return out


@dataclass(frozen=True)
class Snippet:
    """A piece of a field around the first match, with the matches' places in it."""

    text: str
    spans: tuple[tuple[int, int], ...]


def snippet(text: str, term: str, width: int = 60) -> Snippet:
    """About ``width`` characters of ``text`` around the first match of ``term`` ('…' where cut)."""
    text = " ".join(text.split())
    found = spans(text, term)
    if not found:
        cut = text[:width]
        return Snippet(cut + ("…" if len(text) > width else ""), ())
    first = found[0][0]
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    piece = text[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = tuple((a + shift, b + shift) for a, b in found if a >= start and b <= end)
    return Snippet(prefix + piece + suffix, inside)
