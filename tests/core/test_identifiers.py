"""GB 32100 (统一社会信用代码) and GB 11643 (公民身份号码) validators."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from integrity.lib.identifiers import id_check_char, uscc_check_char, validate_id_number, validate_uscc


def error_code(validator, value: str, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as excinfo:
        validator(value, **kwargs)
    return excinfo.value.code  # type: ignore[return-value]


@pytest.mark.parametrize("code", ["914403001922038216", "91350100M000100Y43"])
def test_published_uscc_examples_are_valid(code: str) -> None:
    validate_uscc(code)
    assert uscc_check_char(code[:17]) == code[17]


def test_uscc_is_accepted_in_lower_case_with_surrounding_spaces() -> None:
    validate_uscc("  91350100m000100y43 ")


def test_uscc_with_wrong_check_character_is_rejected_as_check_error() -> None:
    assert error_code(validate_uscc, "914403001922038217") == "uscc_check"


@pytest.mark.parametrize("code", ["", "91440300192203821", "9144030019220382160"])
def test_uscc_of_wrong_length_is_rejected_as_length_error(code: str) -> None:
    assert error_code(validate_uscc, code) == "uscc_length"


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_uscc_containing_a_letter_left_out_of_the_charset_is_rejected(letter: str) -> None:
    code = "91350100M000100Y4" + letter
    with pytest.raises(ValidationError) as excinfo:
        validate_uscc(code)
    assert excinfo.value.code == "uscc_charset"
    assert excinfo.value.params == {"char": letter}


def test_uscc_whose_region_part_is_not_digits_is_rejected() -> None:
    first17 = "9135A100M000100Y4"
    assert error_code(validate_uscc, first17 + uscc_check_char(first17)) == "uscc_region"


def test_published_id_number_example_is_valid() -> None:
    validate_id_number("11010519491231002X")
    assert id_check_char("11010519491231002") == "X"


def test_id_number_with_lower_case_x_is_valid() -> None:
    validate_id_number("11010519491231002x")


def test_id_number_with_wrong_check_digit_is_rejected_as_check_error() -> None:
    assert error_code(validate_id_number, "110101199003077777") == "id_check"


def test_id_number_with_february_30th_birth_date_is_rejected() -> None:
    first17 = "11010119900230001"  # 1990-02-30; a correct check digit, so only the date is wrong
    assert error_code(validate_id_number, first17 + id_check_char(first17)) == "id_birth_date"


def test_id_number_born_tomorrow_is_rejected_and_born_today_is_accepted() -> None:
    today = dt.date(2026, 11, 27)
    born_today = f"110101{today:%Y%m%d}001"
    born_tomorrow = f"110101{today + dt.timedelta(days=1):%Y%m%d}001"
    validate_id_number(born_today + id_check_char(born_today), today=today)
    assert error_code(validate_id_number, born_tomorrow + id_check_char(born_tomorrow), today=today) == "id_birth_date"


def test_id_number_born_before_1900_is_rejected() -> None:
    first17 = "11010118991231001"
    assert error_code(validate_id_number, first17 + id_check_char(first17)) == "id_birth_date"


@pytest.mark.parametrize(
    "number",
    ["", "11010519491231002", "1101051949123100200", "11010519491231002Y", "X1010519491231002X", "110105 9491231002X"],
)
def test_id_number_of_wrong_shape_is_rejected_as_format_error(number: str) -> None:
    assert error_code(validate_id_number, number) == "id_format"
