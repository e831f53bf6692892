"""Credit codes (统一社会信用代码, GB 32100-2015) and phone numbers as pure checks."""

from __future__ import annotations

import pytest

from fieldkit.domain.identifiers import (
    USCC_CHARSET,
    CodeProblem,
    credit_code_problem,
    is_valid_credit_code,
    is_valid_phone,
    normalise_credit_code,
    normalise_phone,
    uscc_check_char,
)

#: real, published codes
REAL_CODES = ("914403001922038216", "91110000802100433B", "911101085923662400")


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_valid(code: str) -> None:
    assert uscc_check_char(code[:17]) == code[17]
    assert credit_code_problem(code) is None and is_valid_credit_code(code)


def test_typed_forms_of_a_code_are_normalised_first() -> None:
    assert normalise_credit_code(" ９１４４０３００-１９２２０３８２１６ ") == "914403001922038216"
    assert normalise_credit_code("91110000802100433b") == "91110000802100433B"
    assert is_valid_credit_code("91110000802100433b")


@pytest.mark.parametrize("wrong", sorted(set(USCC_CHARSET) - {"6"}))
def test_every_other_check_character_is_refused(wrong: str) -> None:
    code = "91440300192203821" + wrong
    assert credit_code_problem(code) == CodeProblem("check", {"expected": "6", "actual": wrong})
    assert not is_valid_credit_code(code)


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("", CodeProblem("empty")),
        ("  - ", CodeProblem("empty")),
        ("91440300192203821", CodeProblem("length", {"n": 17})),
        ("9144030019220382161", CodeProblem("length", {"n": 19})),
        ("91440300192203821O", CodeProblem("charset", {"chars": "O"})),  # no I, O, S, V, Z
        ("ZI4403001922038216", CodeProblem("charset", {"chars": "IZ"})),
        ("H14403001922038216", CodeProblem("authority", {"ch": "H"})),
        ("9144A3001922038216", CodeProblem("region")),
    ],
)
def test_what_is_wrong_with_a_code(code: str, problem: CodeProblem) -> None:
    assert credit_code_problem(code) == problem


def test_the_check_character_wraps_to_zero() -> None:
    assert uscc_check_char("91110108592366240") == "0"  # 31 - 0 → 0, not 31


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("138-0013-8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),  # full-width digits from an IME
        ("028-12345678", "028-12345678"),
        ("(028)12345678", "02812345678"),
        ("+86 28 12345678", "02812345678"),  # the international form drops the trunk prefix 0
        ("0816-2345678-801", "0816-2345678-801"),  # with extension
        ("400-800-1234", "400-800-1234"),
        ("", ""),
        ("+86", ""),
    ],
)
def test_valid_phone_numbers(typed: str, normal: str) -> None:
    assert normalise_phone(typed) == normal
    assert is_valid_phone(typed) == bool(normal)


@pytest.mark.parametrize(
    "typed", ["12345678901", "1380013800", "138001380001", "12345678", "abc", "+1 555 0100"]
)
def test_invalid_phone_numbers(typed: str) -> None:
    assert normalise_phone(typed) is None and not is_valid_phone(typed)
