"""One masking, one ID-number check: free text (audit details, export cells) masks as record fields do."""
from __future__ import annotations

from app.schemas.masking import mask_id_number, mask_phone, mask_text
from app.schemas.validators import gb11643_check_char, id_number_checksum_ok


def test_text_masks_phones_and_id_numbers_exactly_as_fields_do() -> None:
    text = "王秀兰 13812345678，身份证 11010519491231002X；另 11010519491231002x"
    assert mask_text(text) == (f"王秀兰 {mask_phone('13812345678')}，身份证 {mask_id_number('11010519491231002X')}；"
                               f"另 {mask_id_number('11010519491231002x')}")
    assert mask_text("13812345678") == "138****5678"
    assert mask_text("11010519491231002X") == "110105********002X"


def test_longer_digit_runs_are_not_taken_for_a_phone() -> None:
    assert mask_text("订单 138123456789") == "订单 138123456789"
    assert mask_text("编号 1381234567") == "编号 1381234567"


def test_the_check_character_is_gb11643s() -> None:
    assert gb11643_check_char("11010519491231002") == "X"
    assert gb11643_check_char("44052418800101001") == "4"
    assert id_number_checksum_ok("11010519491231002X")
    assert not id_number_checksum_ok("110105194912310021")
