"""What text FieldKit stores: the checks every typed, imported or pushed value passes (pure).

The desktop services (:mod:`fieldkit.services.text_checks`, called from the one write path and
the importers) and the server (refusing pushed values) share these functions, so a value is
refused for the same reason on both sides. The limits come from the models' ``max_length``
(``fieldkit.models.limits``); this module is given them, never restates them.

Refused, each with a message naming the field:

* lone surrogates (text Python holds but no encoding can write: a UnicodeEncodeError later);
* control characters (NUL, BEL, ESC, DEL, C1 controls, bidirectional overrides that reorder what
  a reader sees, line/paragraph separators), except tab and newline in a multi-line field;
* text longer than the column holds;
* a required name made only of spaces and invisible characters (zero-width space, BOM ...);
* digits other than 0–9 where digits are meant (phone numbers, credit codes, dates, numbers):
  Python's ``\\d`` and ``str.isdigit`` accept Arabic-Indic ``٣`` and Devanagari ``३``.

:func:`escape_controls` makes any text safe to print on a terminal.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from .errors import ValidationError, ValidationErrors
from .field_labels import MULTILINE_COLUMNS, REQUIRED_NAMES, field_labels
from .i18n import QT_TRANSLATE_NOOP

CTX = "Validation"

#: allowed in a multi-line field (notes, a record's content): tab, newline, carriage return
MULTILINE_ALLOWED = frozenset("\t\n\r")
#: format characters that reorder or hide text (Trojan Source, CVE-2021-42574) and the Unicode
#: line / paragraph separators: control characters for our purposes
_FORMAT_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029\u0085")
ASCII_DIGITS = frozenset("0123456789")

_MESSAGES = {
    "surrogate": QT_TRANSLATE_NOOP(
        "Validation", "{label}含有无法保存的字符（第 {pos} 个字符 {code}，不成对的代理项），请删除后重新输入"
    ),
    "control": QT_TRANSLATE_NOOP(
        "Validation", "{label}含有不允许的控制字符 {code}（第 {pos} 个字符），请删除后重新输入"
    ),
    "newline": QT_TRANSLATE_NOOP("Validation", "{label}只能填写一行，不能含换行或制表符（第 {pos} 个字符）"),
    "length": QT_TRANSLATE_NOOP("Validation", "{label}太长：最多 {limit} 个字，当前 {n} 个字"),
    "blank": QT_TRANSLATE_NOOP("Validation", "{label}不能只有空格或不可见字符"),
    "digit": QT_TRANSLATE_NOOP(
        "Validation", "{label}含有非 0–9 的数字“{ch}”（{code}），请使用半角阿拉伯数字 0–9"
    ),
}


@dataclass(frozen=True)
class TextProblem:
    """Why a text is refused: ``kind`` is one of surrogate, control, newline, length, blank,
    digit; ``params`` fill the message (pos is 1-based; code is U+XXXX)."""

    kind: str
    params: dict[str, object] = field(default_factory=dict)


def code_point(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def is_noncharacter(ch: str) -> bool:
    """U+FDD0–U+FDEF and U+xxFFFE/U+xxFFFF: never text (the server refuses them too)."""
    n = ord(ch)
    return 0xFDD0 <= n <= 0xFDEF or (n & 0xFFFE) == 0xFFFE


def is_control(ch: str) -> bool:
    """A C0/C1 control, DEL, a reordering / line-separating format character, or a noncharacter."""
    return unicodedata.category(ch) == "Cc" or ch in _FORMAT_CONTROLS or is_noncharacter(ch)


def is_surrogate(ch: str) -> bool:
    return "\ud800" <= ch <= "\udfff"


def is_invisible(ch: str) -> bool:
    """Whitespace, or a character that shows nothing (format characters: ZWSP, ZWJ, BOM, soft hyphen)."""
    return ch.isspace() or unicodedata.category(ch) in ("Cf", "Zs", "Zl", "Zp", "Mn", "Me")


def is_blank(value: str) -> bool:
    """Empty, or only spaces and invisible characters."""
    return all(is_invisible(ch) for ch in value)


def text_problem(
    value: str, *, max_length: int | None = None, multiline: bool = False, required: bool = False
) -> TextProblem | None:
    """The first thing wrong with ``value`` as a stored text, or None."""
    for pos, ch in enumerate(value, 1):
        if is_surrogate(ch):
            return TextProblem("surrogate", {"pos": pos, "code": code_point(ch)})
        if ch in MULTILINE_ALLOWED:
            if not multiline:
                return TextProblem("newline", {"pos": pos, "code": code_point(ch)})
            continue
        if is_control(ch):
            return TextProblem("control", {"pos": pos, "code": code_point(ch)})
    if max_length is not None and len(value) > max_length:
        return TextProblem("length", {"limit": max_length, "n": len(value)})
    if required and is_blank(value):
        return TextProblem("blank")
    return None


def problem_error(problem: TextProblem, field: str, label: str) -> ValidationError:
    """The :class:`ValidationError` for a problem of field ``field`` (``label``: its marked name)."""
    return ValidationError(_MESSAGES[problem.kind], field, label=label, **problem.params)


def check_text(
    value: str,
    field: str,
    label: str,
    *,
    max_length: int | None = None,
    multiline: bool = False,
    required: bool = False,
) -> str:
    """``value`` unchanged when it may be stored, else a :class:`ValidationError` for ``field``."""
    problem = text_problem(value, max_length=max_length, multiline=multiline, required=required)
    if problem is not None:
        raise problem_error(problem, field, label)
    return value


def check_texts(
    values: Mapping[str, object],
    limits: Mapping[str, int],
    labels: Mapping[str, str],
    multiline: Collection[str] = (),
    required: Collection[str] = (),
) -> None:
    """Check every text in ``values`` (lists of texts too, e.g. tags); all problems at once as
    :class:`ValidationErrors`. ``limits``: field → max_length; ``labels``: field → marked name;
    fields in ``multiline`` may hold tab and newline; fields in ``required`` may not be blank."""
    errors: list[ValidationError] = []
    for name, value in values.items():
        texts = [value] if isinstance(value, str) else value if isinstance(value, list | tuple) else []
        for text in texts:
            if not isinstance(text, str):
                continue
            problem = text_problem(
                text,
                max_length=limits.get(name) if isinstance(value, str) else None,
                multiline=name in multiline,
                required=name in required and isinstance(value, str),
            )
            if problem is not None:
                errors.append(problem_error(problem, name, labels.get(name, FALLBACK_LABEL)))
                break
    if errors:
        raise ValidationErrors(errors)


#: the name of a field no label was given for (never an internal column name)
FALLBACK_LABEL = QT_TRANSLATE_NOOP("Validation", "填写的内容")


def digit_problem(value: str) -> TextProblem | None:
    """A decimal digit other than 0–9 (after full-width digits were made half-width), or None."""
    for ch in value:
        if ch not in ASCII_DIGITS and unicodedata.category(ch) == "Nd":
            return TextProblem("digit", {"ch": ch, "code": code_point(ch)})
    return None


def check_ascii_digits(value: str, field: str, label: str) -> str:
    """Refuse digits other than 0–9 (Arabic-Indic, Devanagari, ...) in ``value``."""
    problem = digit_problem(value)
    if problem is not None:
        raise problem_error(problem, field, label)
    return value


def escape_controls(text: str, keep_newlines: bool = False) -> str:
    """``text`` safe to echo on a terminal: control characters, lone surrogates and reordering
    format characters written as ``\\x1b`` / ``\\u202e`` escapes (a backslash itself is kept)."""
    out: list[str] = []
    for ch in text:
        if keep_newlines and ch in "\n\t":
            out.append(ch)
        elif is_surrogate(ch) or is_control(ch):
            n = ord(ch)
            out.append(f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}")
        else:
            out.append(ch)
    return "".join(out)


def check_record(
    table: str, values: Mapping[str, object], limits: Mapping[str, int], free_text: Collection[str]
) -> None:
    """Refuse (``ValidationErrors``) the texts of a row of ``table`` it may not store, named as the
    user knows them: the one call the desktop's write path and the server's push make.
    ``limits`` / ``free_text``: ``fieldkit.models.limits.text_limits`` / ``free_text_fields``."""
    check_texts(
        values,
        limits,
        field_labels(table),
        multiline=frozenset(free_text) | MULTILINE_COLUMNS.get(table, frozenset()),
        required=REQUIRED_NAMES.get(table, frozenset()),
    )
