"""The pinyin keys come from one conversion: the initials are what Style.FIRST_LETTER gives, and a
run that is no Chinese is kept whole in both keys."""

from __future__ import annotations

import unicodedata

import pytest
from pypinyin import Style, lazy_pinyin

from fieldkit.domain.pinyin import _key, name_keys

NAMES = [
    "华为技术有限公司",
    "德阳东方电气（德阳）有限公司",
    "重庆长安银行行长办公室",  # heteronyms chosen by phrase
    "绿色女装吕氏商行",  # ü
    "嗯呣哼科技",  # syllables without an initial consonant
    "ＡＢＣ科技123有限公司",  # full-width Latin folded, kept whole
    "中江蜀智电子科技有限公司",
    "",
]


@pytest.mark.parametrize("name", NAMES)
def test_initials_are_the_first_letters_pypinyin_gives(name: str) -> None:
    text = unicodedata.normalize("NFKC", name)
    expected = (
        _key(lazy_pinyin(text, errors=lambda s: s)),
        _key(lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda s: s)),
    )
    assert name_keys(name) == expected


def test_examples_and_limits() -> None:
    assert name_keys("华为技术有限公司") == ("huaweijishuyouxiangongsi", "hwjsyxgs")
    assert name_keys("ABC科技") == ("abckeji", "abckj")
    assert name_keys("华为技术有限公司", (6, 3)) == ("huawei", "hwj")
