from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sync.merge import device_base, merge_set, normalize_set, scalar_changed_by_other, set_changed_by_other
from tests.sync.builders import entry

items = st.frozensets(st.sampled_from(["a", "b", "c", "d", "e"]))


def test_merge_set_keeps_both_additions_and_both_removals() -> None:
    assert merge_set(["a", "b"], ["a", "b", "c"], ["b", "d"]) == ["b", "c", "d"]


@given(items, items, items)
def test_merge_set_laws(base: frozenset, server: frozenset, device: frozenset) -> None:
    merged = set(merge_set(base, server, device))
    assert merged == set(merge_set(base, device, server))
    assert merged <= server | device
    assert (server & device) - base <= merged
    if server == base:
        assert merged == device
    assert not (base - server) & merged and not (base - device) & merged


def test_normalize_set_sorts_and_drops_repeats() -> None:
    assert normalize_set(["b", "a", "b"]) == ["a", "b"]
    assert normalize_set(None) == []


def test_scalar_change_counts_only_when_someone_else_wrote_last_after_the_base() -> None:
    versions = {"summary": [4, "dev-b"], "title": [4, "dev-a"], "place": [2, "dev-b"]}
    assert scalar_changed_by_other(versions, "summary", 3, "dev-a")
    assert not scalar_changed_by_other(versions, "title", 3, "dev-a")
    assert not scalar_changed_by_other(versions, "place", 3, "dev-a")
    assert not scalar_changed_by_other(versions, "notes", 0, "dev-a")


def test_device_base_is_the_base_value_plus_the_devices_own_later_changes() -> None:
    since = [
        entry(3, {"summary": ["原文", "他人改"]}, "dev-b"),
        entry(4, {"summary": ["他人改", "我改"]}, "dev-a"),
    ]
    assert device_base("summary", "scalar", "我改", since, "dev-a") == "我改"
    assert device_base("summary", "scalar", "我改", since, "dev-c") == "原文"
    assert device_base("title", "scalar", "标题", since, "dev-a") == "标题"


def test_own_in_flight_set_change_is_part_of_the_devices_base() -> None:
    """Another device added X; this device's first edit (merged) added Y; its second edit removes Y again."""
    since = [
        entry(3, {"risk_flags": [[], ["group_incident"]]}, "dev-b"),
        entry(4, {"risk_flags": [["group_incident"], ["extreme_behavior", "group_incident"]]}, "dev-a"),
    ]
    assert set_changed_by_other(since, "risk_flags", "dev-a")
    base = device_base("risk_flags", "set", ["extreme_behavior", "group_incident"], since, "dev-a")
    assert base == ["extreme_behavior"]
    assert merge_set(base, ["extreme_behavior", "group_incident"], []) == ["group_incident"]
