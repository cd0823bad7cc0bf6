"""The public display rule for natural persons (DESIGN "Privacy")."""

from __future__ import annotations

import pytest

from integrity.lib.masking import mask_id_number, mask_name, public_party_name


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张**"),
        ("张三丰", "张**"),
        ("爱新觉罗", "爱**"),
        ("欧阳娜娜", "欧阳**"),
        ("欧阳明", "欧阳**"),
        ("司马光", "司马**"),
        (" 李四 ", "李**"),
    ],
)
def test_mask_name_keeps_surname_and_always_two_asterisks(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_mask_name_hides_how_long_the_given_name_is() -> None:
    assert mask_name("王五") == mask_name("王五六") == mask_name("王五六七")


def test_mask_name_of_empty_or_missing_name_is_empty() -> None:
    assert mask_name("") == ""
    assert mask_name("   ") == ""
    assert mask_name(None) == ""  # type: ignore[arg-type]


def test_mask_id_number_shows_only_first_six_and_last_character() -> None:
    assert mask_id_number("11010519491231002X") == "110105***********X"
    assert len(mask_id_number("11010519491231002X")) == 18


def test_mask_id_number_hides_birth_date() -> None:
    assert "19491231" not in mask_id_number("11010519491231002X")


def test_mask_id_number_of_short_value_is_all_asterisks() -> None:
    assert mask_id_number("1234567") == "*******"
    assert mask_id_number("") == ""


def test_public_party_name_masks_natural_person() -> None:
    assert public_party_name("欧阳娜娜", natural_person=True) == "欧阳**"
    assert public_party_name("张三", natural_person=True) == "张**"


def test_public_party_name_shows_legal_person_in_full() -> None:
    assert public_party_name(" 济南某某商贸有限公司 ", natural_person=False) == "济南某某商贸有限公司"
