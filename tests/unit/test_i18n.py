"""Service messages and reference labels follow the interface language."""

from __future__ import annotations

import pytest

from fieldkit.services import i18n
from fieldkit.services.errors import ValidationError
from fieldkit.services.reference import load

EN = {
    ("Validation", "请填写{label}"): "Please fill in {label}",
    ("Validation", "企业名称"): "enterprise name",
}


@pytest.fixture
def english():
    i18n.set_translator(lambda ctx, text: EN.get((ctx, text), text))
    i18n.set_language("en")
    yield
    i18n.set_translator(i18n.identity)
    i18n.set_language("zh_CN")


def test_label_parameter_is_translated_too(english) -> None:
    err = ValidationError("请填写{label}", "name", label="企业名称")
    assert err.text() == "Please fill in enterprise name"


def test_other_parameters_are_left_as_typed(english) -> None:
    err = ValidationError("请填写{label}", "name", label="用户输入的值")
    assert err.text() == "Please fill in 用户输入的值"


def test_reference_labels_follow_the_interface_language(english) -> None:
    assert load().label("industries", "C") == "Manufacturing"
    i18n.set_language("zh_CN")
    assert load().label("industries", "C") == "制造业"
    assert load().label("industries", "C", "en") == "Manufacturing"  # an explicit language wins
