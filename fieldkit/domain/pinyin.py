"""Pinyin keys for search as Chinese users type: full pinyin and initials."""

from __future__ import annotations

import re
import unicodedata

_NOT_KEY = re.compile(r"[^0-9a-z]+")
#: marks a run lazy_pinyin passes through (not Chinese); _key drops it
_KEPT = "\0"


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
    from pypinyin import lazy_pinyin  # 0.3 s to import: only writes need it, not start-up

    text = unicodedata.normalize("NFKC", name or "")
    # one conversion (the phrase segmentation is the cost): a syllable's initial is its first
    # letter (as Style.FIRST_LETTER gives), a run that is no Chinese (marked) is kept whole
    items = lazy_pinyin(text, errors=lambda s: _KEPT + s)
    full = _key(items)
    initials = _key([i[1:] if i.startswith(_KEPT) else i[:1] for i in items])
    if limits is None:
        return full, initials
    return full[: limits[0]], initials[: limits[1]]
