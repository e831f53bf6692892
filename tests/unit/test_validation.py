"""Validation: GB 32100 credit codes, mainland phone numbers, dates, required fields."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldkit.services.errors import ValidationError
from fieldkit.services.validation import (
    USCC_AUTHORITIES,
    USCC_CHARSET,
    normalise_credit_code,
    one_of,
    parse_date,
    require,
    uscc_check_char,
    validate_credit_code,
    validate_phone,
)
from tests.unit.fixtures import REAL_CODES

# --- an independent oracle written from the standard, not from the code under test -------------
# GB 32100-2015 §5: weights W_i = 3^(i-1) mod 31, C18 = 31 - (Σ C_i·W_i mod 31), 31 → 0.
ORACLE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORACLE_WEIGHTS = [pow(3, i, 31) for i in range(17)]

MSG_LENGTH = "统一社会信用代码应为18位，当前为{n}位"
MSG_CHARS = "统一社会信用代码含有不允许的字符：{chars}（不使用I、O、S、V、Z）"
MSG_FIRST = "统一社会信用代码第1位登记管理部门代码“{ch}”无效"
MSG_REGION = "统一社会信用代码第3至8位应为行政区划码（6位数字）"
MSG_CHECK = "统一社会信用代码校验位错误：第18位应为“{expected}”，实为“{actual}”"
MSG_EMPTY = "请填写统一社会信用代码"


def oracle_check(body: str) -> str:
    total = sum(ORACLE_CHARSET.index(c) * w for c, w in zip(body, ORACLE_WEIGHTS, strict=True))
    return ORACLE_CHARSET[(31 - total % 31) % 31]


def raises_validation(fn, *a, **kw) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        fn(*a, **kw)
    return info.value


# --- credit code: real codes ------------------------------------------------------------------


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_credit_codes_pass_unchanged(code: str) -> None:
    assert validate_credit_code(code) == code


def test_weights_and_charset_follow_the_standard() -> None:
    assert len(USCC_CHARSET) == 31
    assert not set("IOSVZ") & set(USCC_CHARSET)
    assert all(oracle_check(c[:17]) == c[17] for c in REAL_CODES)


def test_huawei_check_character_is_6() -> None:
    assert uscc_check_char("91440300192203821") == "6"


def test_check_character_can_be_a_letter_and_zero() -> None:
    assert uscc_check_char("91110000802100433") == "B"
    assert uscc_check_char("91110108592366240") == "0"  # 31 - 0 → wraps to 0, not 31


# --- credit code: normalisation ----------------------------------------------------------------


def test_lower_case_is_upper_cased() -> None:
    assert validate_credit_code("91110000802100433b") == "91110000802100433B"


def test_full_width_input_is_normalised() -> None:
    fw = "９１１１００００８０２１００４３３Ｂ"
    assert validate_credit_code(fw) == "91110000802100433B"


def test_spaces_and_hyphens_are_removed() -> None:
    assert validate_credit_code(" 9144 0300-1922 0382 16 ") == "914403001922038216"
    assert normalise_credit_code("　914403001922038216　") == "914403001922038216"  # ideographic spaces


# --- credit code: corrupted --------------------------------------------------------------------


def test_changed_check_character_names_expected_and_actual() -> None:
    err = raises_validation(validate_credit_code, "914403001922038217")
    assert err.field == "credit_code"
    assert err.message == MSG_CHECK
    assert err.params == {"expected": "6", "actual": "7"}
    assert "第18位应为“6”，实为“7”" in err.text()


def test_swapped_adjacent_digits_are_detected() -> None:
    # 9144030019220382|16 → swap positions 10 and 11 ("92" → "29")
    err = raises_validation(validate_credit_code, "914403001292038216")
    assert err.message == MSG_CHECK


def test_changed_body_digit_is_detected() -> None:
    err = raises_validation(validate_credit_code, "914403001922038316")
    assert err.message == MSG_CHECK and err.field == "credit_code"


@pytest.mark.parametrize("code,n", [("91440300192203821", 17), ("9144030019220382166", 19), ("9", 1)])
def test_wrong_length(code: str, n: int) -> None:
    err = raises_validation(validate_credit_code, code)
    assert err.message == MSG_LENGTH and err.params == {"n": n}
    assert f"当前为{n}位" in err.text()


@pytest.mark.parametrize("letter", list("IOSVZ"))
def test_forbidden_letters(letter: str) -> None:
    code = "9144030019220382" + letter + "6"
    err = raises_validation(validate_credit_code, code)
    assert err.message == MSG_CHARS
    assert err.params == {"chars": letter}


def test_forbidden_letters_listed_once_sorted() -> None:
    err = raises_validation(validate_credit_code, "91ZO0300192203S2Z6")
    assert err.params == {"chars": "OSZ"}


def test_forbidden_lower_case_letter_reported_upper_case() -> None:
    err = raises_validation(validate_credit_code, "9144030019220382o6")
    assert err.params == {"chars": "O"}


@pytest.mark.parametrize("first", ["0", "H", "X", "W"])
def test_bad_first_character(first: str) -> None:
    body = first + "1440300192203821"
    code = body + uscc_check_char(body)  # the check char is right: only the authority is wrong
    err = raises_validation(validate_credit_code, code)
    assert err.message == MSG_FIRST and err.params == {"ch": first}


def test_region_code_must_be_digits() -> None:
    body = "91A40300192203821"
    err = raises_validation(validate_credit_code, body + uscc_check_char(body))
    assert err.message == MSG_REGION


@pytest.mark.parametrize("empty", ["", "   ", None])
def test_empty_code_is_required(empty) -> None:
    err = raises_validation(validate_credit_code, empty)
    assert err.message == MSG_EMPTY and err.field == "credit_code"


def test_field_name_is_passed_through() -> None:
    err = raises_validation(validate_credit_code, "123", field="row_credit")
    assert err.field == "row_credit"


# --- credit code: properties -------------------------------------------------------------------

bodies = st.text(alphabet=USCC_CHARSET, min_size=17, max_size=17)
valid_bodies = st.builds(
    lambda a, k, region, rest: a + k + region + rest,
    st.sampled_from(USCC_AUTHORITIES),
    st.sampled_from(USCC_CHARSET),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=USCC_CHARSET, min_size=9, max_size=9),
)


@settings(database=None)  # nothing written into the working tree
@given(bodies)
def test_check_char_matches_the_oracle(body: str) -> None:
    c = uscc_check_char(body)
    assert c == oracle_check(body)
    # the defining property: Σ C_i·W_i (i = 1..17) + C_18 ≡ 0 (mod 31)
    total = sum(USCC_CHARSET.index(ch) * w for ch, w in zip(body, ORACLE_WEIGHTS, strict=True))
    assert (total + USCC_CHARSET.index(c)) % 31 == 0


@settings(database=None)
@given(valid_bodies, st.sampled_from(USCC_CHARSET))
def test_computed_char_is_the_only_valid_one(body: str, other: str) -> None:
    good = body + uscc_check_char(body)
    assert validate_credit_code(good) == good
    if other != good[17]:
        err = raises_validation(validate_credit_code, body + other)
        assert err.message == MSG_CHECK
        assert err.params == {"expected": good[17], "actual": other}


@settings(database=None)
@given(valid_bodies, st.integers(min_value=0, max_value=16))
def test_any_adjacent_transposition_is_detected(body: str, i: int) -> None:
    code = body + uscc_check_char(body)
    j = i + 1
    if code[i] == code[j]:
        return
    swapped = code[:i] + code[j] + code[i] + code[j + 1 :]
    with pytest.raises(ValidationError):
        validate_credit_code(swapped)


# --- phones -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("13800138000", "13800138000"),
        ("19912345678", "19912345678"),
        (" 138 0013 8000 ", "13800138000"),
        ("138-0013-8000", "13800138000"),  # how mobiles are commonly written
        ("+86 138 0013 8000", "13800138000"),
        ("+8613800138000", "13800138000"),
        ("0086 13800138000", "13800138000"),
        ("＋８６　１３８００１３８０００", "13800138000"),  # full-width, typed with a Chinese IME
        ("１３８００１３８０００", "13800138000"),
    ],
)
def test_mobile_numbers(raw: str, expected: str) -> None:
    assert validate_phone(raw) == expected


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("028-12345678", "028-12345678"),
        ("0838-2345678", "0838-2345678"),
        ("010-12345678-801", "010-12345678-801"),  # extension
        ("(028)12345678", "02812345678"),
        ("（028）12345678", "02812345678"),
        ("０２８－１２３４５６７８", "028-12345678"),
        ("+86 28 8765 4321", "02887654321"),  # international form drops the trunk 0
        ("+86-28-87654321", "028-87654321"),
        ("400-810-8888", "400-810-8888"),
        ("4008108888", "4008108888"),
    ],
)
def test_landline_and_service_numbers(raw: str, expected: str) -> None:
    assert validate_phone(raw) == expected


@pytest.mark.parametrize(
    "bad",
    [
        "1380013800",  # 10 digits
        "138001380001",  # 12 digits
        "12800138000",  # 12x is not a mobile prefix
        "28-12345678",  # landline without the leading 0
        "028-123456",  # subscriber number too short
        "abc",
        "+1 650 253 0000",
        "138O0138000",  # letter O typed for zero
    ],
)
def test_bad_phones_are_refused_with_the_value_echoed(bad: str) -> None:
    err = raises_validation(validate_phone, bad, "contact_phone")
    assert err.field == "contact_phone"
    assert err.params == {"value": bad}
    assert bad in err.text()


def test_empty_phone_optional_or_required() -> None:
    assert validate_phone("") == ""
    assert validate_phone("  ") == ""
    err = raises_validation(validate_phone, "", required=True)
    assert err.message == "请填写联系电话" and err.field == "phone"


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "2026-11-21",
        "2026/11/21",
        "2026.11.21",
        "20261121",
        "2026年11月21日",
        "2026年11月21",
        " 2026-11-21 ",
        "２０２６－１１－２１",
        "２０２６年１１月２１日",
    ],
)
def test_accepted_date_formats(raw: str) -> None:
    assert parse_date(raw, "d") == date(2026, 11, 21)


def test_single_digit_month_and_day() -> None:
    assert parse_date("2026-1-5", "d") == date(2026, 1, 5)
    assert parse_date("2026年1月5日", "d") == date(2026, 1, 5)


def test_date_and_datetime_objects_pass_through() -> None:
    assert parse_date(date(2026, 2, 28), "d") == date(2026, 2, 28)
    assert parse_date(datetime(2026, 2, 28, 23, 59), "d") == date(2026, 2, 28)


@pytest.mark.parametrize(
    "bad",
    [
        "2026-02-30",
        "2026-13-01",
        "2026-00-10",
        "2025-02-29",
        "2026-11-32",
        "21/11/2026",
        "20261321",
        "2026-11",
        "明天",
        "2026-11-21x",
    ],
)
def test_invalid_dates(bad: str) -> None:
    err = raises_validation(parse_date, bad, "deadline")
    assert err.field == "deadline"
    assert err.message == "日期“{value}”无效，请按 2026-11-21 的格式填写"
    assert bad in err.text()


def test_leap_day() -> None:
    assert parse_date("2028-02-29", "d") == date(2028, 2, 29)


def test_empty_date_required_or_optional() -> None:
    assert parse_date("", "d", required=False) is None
    assert parse_date(None, "d", required=False) is None
    err = raises_validation(parse_date, "  ", "planned_date")
    assert err.message == "请填写日期" and err.field == "planned_date"


# --- required fields and choices ----------------------------------------------------------------


def test_require_strips_and_names_the_field() -> None:
    assert require("  华为  ", "name", "企业名称") == "华为"
    err = raises_validation(require, " \t", "name", "企业名称")
    assert err.field == "name" and err.text() == "请填写企业名称"
    assert raises_validation(require, None, "name", "企业名称").field == "name"


def test_one_of() -> None:
    assert one_of("small", {"small", "large"}, "scale") == "small"
    err = raises_validation(one_of, "huge", ["small"], "scale")
    assert err.field == "scale" and "huge" in err.text()
