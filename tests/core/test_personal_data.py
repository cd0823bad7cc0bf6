"""`integrity.lib.personal_data`: ID numbers, mobile numbers and names in free text."""

from __future__ import annotations

from integrity.lib.personal_data import find_personal_data, mask_personal_data

ID_VALID = "320106198001010015"  # check character not verified here: with or without a valid one
ID_BAD_CHECK = "32010619800101001X"


def test_an_id_number_is_found_with_or_without_a_valid_check_character() -> None:
    for number in (ID_VALID, ID_BAD_CHECK, ID_BAD_CHECK.lower()):
        assert [f.kind for f in find_personal_data(f"当事人身份证号{number}，住济南")] == ["id_number"]


def test_a_credit_code_or_a_document_number_is_not_an_id_number() -> None:
    assert find_personal_data("统一社会信用代码913701047262951234，文号济槐市监罚〔2026〕12号") == []
    assert find_personal_data("机构代码 113701040045012345") == []


def test_mobile_numbers_are_found_with_spaces_or_dashes() -> None:
    for text in ("电话13812345678", "电话 138 1234 5678", "电话138-1234-5678"):
        assert [f.kind for f in find_personal_data(text)] == ["mobile"]
    assert find_personal_data("罚款12345678901234元") == []


def test_the_persons_own_name_is_found() -> None:
    assert [(f.kind, f.text) for f in find_personal_data("当事人王建国在居民区焚烧垃圾", ["王建国"])] == [
        ("name", "王建国")
    ]


def test_masking_leaves_no_digit_of_the_id_number_and_masks_name_and_mobile() -> None:
    masked = mask_personal_data(f"王建国（{ID_VALID}，电话13812345678）", ["王建国"])
    assert masked == "王**（******************，电话138****5678）"
