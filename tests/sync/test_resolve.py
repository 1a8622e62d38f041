from __future__ import annotations

import pytest

from sync.resolve import ResolutionError, resolve_conflict
from sync.types import ConflictRecord
from tests.sync.builders import record


def conflict(field: str = "summary", server: object = "服务器", device: object = "设备") -> ConflictRecord:
    return ConflictRecord(
        "dispute", "d1", field, "原文", server, device, "device", 11, "dev-a", "m-1", 12, "dev-b", 4, "2026-03-10T08Z"
    )


@pytest.mark.parametrize(("choose", "value", "written"), [
    ("server", None, "服务器"), ("device", None, "设备"), ("value", "主管定稿", "主管定稿"),
])
def test_choices(choose: str, value: object, written: object) -> None:
    assert resolve_conflict(record(), conflict(), choose, value) == {"summary": written}


def test_set_values_are_normalized() -> None:
    assert resolve_conflict(record(), conflict("risk_flags"), "value", ["b", "a", "a"]) == {"risk_flags": ["a", "b"]}


def test_only_a_set_fields_list_of_codes_is_normalised_the_rest_is_left_for_validation() -> None:
    assert resolve_conflict(record(), conflict(), "value", ["乙", "甲"]) == {"summary": ["乙", "甲"]}
    assert resolve_conflict(record(), conflict("risk_flags"), "value", "ba") == {"risk_flags": "ba"}
    assert resolve_conflict(record(), conflict("risk_flags"), "value", ["b", 1]) == {"risk_flags": ["b", 1]}


def test_mismatches_are_errors_that_say_what_is_wrong_in_chinese_first_on_the_field_at_fault() -> None:
    """The message is the API's answer to a bad resolution (app/services/sync/conflicts.py)."""
    with pytest.raises(ResolutionError, match="^该冲突属于另一条记录。 / The conflict belongs to another record.$") as caught:
        resolve_conflict(record(record_id="d2"), conflict(), "server")
    assert caught.value.field == "id"
    with pytest.raises(ResolutionError, match="^请选择 server、device 或 value，而不是 'both'。 / "
                                              "Choose one of server, device, value; not 'both'.$") as caught:
        resolve_conflict(record(), conflict(), "both")
    assert caught.value.field == "choose"
