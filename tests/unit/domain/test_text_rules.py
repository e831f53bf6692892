"""The text rules every stored value passes (fieldkit.domain.text_rules), pure."""

from __future__ import annotations

from datetime import date

import pytest

from fieldkit.domain.errors import ValidationError, ValidationErrors
from fieldkit.domain.text_rules import (
    check_ascii_digits,
    check_record,
    check_text,
    escape_controls,
    is_blank,
    text_problem,
)
from fieldkit.domain.validation import parse_date, require, validate_credit_code, validate_phone
from fieldkit.models import Enterprise, Policy
from fieldkit.models.limits import free_text_fields, text_limits


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("a\x00b", "control"),
        ("\x07", "control"),
        ("名\x1b[31m", "control"),
        ("x\x7f", "control"),
        ("\u202eevil", "control"),  # right-to-left override reorders what a reader sees
        ("a\u2028b", "control"),
        ("a\uffffb", "control"),  # a noncharacter: the server refuses it as well
        ("\ufdd0", "control"),
        ("a\ud800b", "surrogate"),
        ("a\tb", "newline"),
        ("a\nb", "newline"),
    ],
)
def test_one_line_texts_refuse_controls_surrogates_and_newlines(value: str, kind: str) -> None:
    problem = text_problem(value)
    assert problem is not None and problem.kind == kind


def test_multi_line_texts_keep_tab_and_newline_but_not_other_controls() -> None:
    assert text_problem("第一行\n\t第二行\r\n", multiline=True) is None
    problem = text_problem("第一行\n\x00", multiline=True)
    assert problem is not None and problem.kind == "control" and problem.params["pos"] == 5


def test_length_is_counted_in_characters_against_the_given_limit() -> None:
    assert text_problem("华" * 200, max_length=200) is None
    problem = text_problem("华" * 201, max_length=200)
    assert problem is not None and problem.params == {"limit": 200, "n": 201}


@pytest.mark.parametrize("value", ["", "   ", "\u200b", "\u200b\u200c\ufeff", "\u3000\u00a0", "\u00ad"])
def test_blank_names(value: str) -> None:
    assert is_blank(value)
    with pytest.raises(ValidationError) as e:
        check_text(value, "name", "企业名称", required=True)
    assert "企业名称" in e.value.text()


def test_the_message_names_the_field_and_the_limit() -> None:
    with pytest.raises(ValidationError) as e:
        check_text("x" * 51, "contact_person", "联系人", max_length=50)
    assert e.value.field == "contact_person"
    assert e.value.text() == "联系人太长：最多 50 个字，当前 51 个字"
    with pytest.raises(ValidationError) as e:
        check_text("a\x1bb", "name", "企业名称")
    assert e.value.text() == "企业名称含有不允许的控制字符 U+001B（第 2 个字符），请删除后重新输入"


def test_limits_come_from_the_models() -> None:
    limits = text_limits(Enterprise)
    assert limits["name"] == Enterprise.model_fields["name"].metadata[0].max_length
    assert limits["credit_code"] == 18 and "notes" not in limits
    assert "notes" in free_text_fields(Enterprise) and "name" not in free_text_fields(Enterprise)
    assert text_limits(Policy)["title"] == 300


def test_check_record_reports_every_bad_field_by_its_name() -> None:
    values = {"name": "\u200b", "contact_person": "x" * 51, "notes": "两行\n备注", "tags": ["好", "\x00"]}
    with pytest.raises(ValidationErrors) as e:
        check_record("enterprise", values, text_limits(Enterprise), free_text_fields(Enterprise))
    assert [x.field for x in e.value.errors] == ["name", "contact_person", "tags"]
    assert "企业名称不能只有空格或不可见字符" in e.value.text()


@pytest.mark.parametrize("digits", ["١٣٨٠٠١٣٨٠٠٠", "१३८००१३८०००", "١3800138000"])
def test_phone_numbers_refuse_non_ascii_digits(digits: str) -> None:
    with pytest.raises(ValidationError) as e:
        validate_phone(digits)
    assert "0–9" in e.value.text()


def test_full_width_digits_typed_with_an_ime_are_still_accepted() -> None:
    assert validate_phone("１３８００１３８０００") == "13800138000"
    assert parse_date("２０２６－１１－２１", "d") == date(2026, 11, 21)


@pytest.mark.parametrize("value", ["٢٠٢٦-١١-٢١", "2026-1١-21", "२०२६११२१"])
def test_dates_refuse_non_ascii_digits(value: str) -> None:
    with pytest.raises(ValidationError) as e:
        parse_date(value, "deadline")
    assert "0–9" in e.value.text()


def test_credit_codes_refuse_non_ascii_digits_and_controls() -> None:
    with pytest.raises(ValidationError) as e:
        validate_credit_code("٩١٤٤٠٣٠٠١٩٢٢٠٣٨٢١٦")
    assert "0–9" in e.value.text()
    with pytest.raises(ValidationError):
        validate_credit_code("914403001922038216\x00")
    with pytest.raises(ValidationError) as e:
        check_ascii_digits("12٣", "amount", "金额")
    assert "U+0663" in e.value.text()


def test_require_refuses_zero_width_only_names() -> None:
    with pytest.raises(ValidationError) as e:
        require("\u200b\u200b", "name", "企业名称")
    assert e.value.text() == "企业名称不能只有空格或不可见字符"
    assert require(" 华为 ", "name", "企业名称") == "华为"


def test_escape_controls_for_the_terminal() -> None:
    assert escape_controls("a\x1b[2Jb\x00\ud800\u202e") == "a\\x1b[2Jb\\x00\\ud800\\u202e"
    assert escape_controls("多行\n文本\t", keep_newlines=True) == "多行\n文本\t"
    assert escape_controls("华为") == "华为"
    escape_controls("\ud800").encode("utf-8")  # printable on any terminal
