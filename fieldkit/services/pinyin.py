"""Pinyin keys for search as Chinese users type: full pinyin and initials."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def name_keys(name: str) -> tuple[str, str]:
    """Return (full pinyin, initials), lower case without spaces.

    ``华为技术有限公司`` → (``huaweijishuyouxiangongsi``, ``hwjsyxgs``). Latin letters and digits in
    the name are kept as they are (lower-cased) in both keys.
    """
    full = lazy_pinyin(name, errors=lambda s: list(s))
    full_key = "".join(p.lower() for p in full if p.strip())
    initials = lazy_pinyin(name, style=Style.FIRST_LETTER, errors=lambda s: list(s))
    init_key = "".join(p.lower() for p in initials if p.strip())
    return full_key, init_key
