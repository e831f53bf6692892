"""Pinyin keys for search as Chinese users type: full pinyin and initials."""

from __future__ import annotations

import re
import unicodedata

_NOT_KEY = re.compile(r"[^0-9a-z]+")


def _key(parts: list[str]) -> str:
    return _NOT_KEY.sub("", "".join(parts).lower())


def name_keys(name: str, limits: tuple[int, int] | None = None) -> tuple[str, str]:
    """Return (full pinyin, initials): lower-case letters and digits only.

    ``华为技术有限公司`` → (``huaweijishuyouxiangongsi``, ``hwjsyxgs``);
    ``德阳东方电气（德阳）有限公司`` → initials ``dydfdqdyyxgs`` (brackets and other punctuation
    are dropped, so what a user types never has to include them). Latin letters and digits in the
    name (full-width ones folded to ASCII) are kept whole in both keys. ``limits`` (the longest
    full key and initials the columns hold) cut the keys of a very long name: a prefix still finds it.
    """
    from pypinyin import Style, lazy_pinyin  # 0.3 s to import: only writes need it, not start-up

    text = unicodedata.normalize("NFKC", name or "")
    full = lazy_pinyin(text, errors=lambda s: s)
    initials = lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda s: s)
    if limits is None:
        return _key(full), _key(initials)
    return _key(full)[: limits[0]], _key(initials)[: limits[1]]
