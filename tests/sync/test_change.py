from __future__ import annotations

import dataclasses

from sync.change import Change, apply_change
from sync.types import RecordState
from tests.sync.builders import record

NOW = "2026-03-10T08:00:00Z"


def test_create_records_every_sent_field_and_server_fields_apart() -> None:
    change = Change(
        "dispute", "d9", 11, "dev-a", "m-1",
        fields={"area_id": 101, "status": "reported"}, server_fields={"case_no": "(2026)槐人调字第00001号"},
    )
    state, entry = apply_change(None, change, NOW)
    assert (state.version, state.created_at, state.created_by, state.updated_by) == (1, NOW, 11, 11)
    assert state.field_versions == {"area_id": [1, "dev-a"], "status": [1, "dev-a"], "case_no": [1, None]}
    assert entry.op == "create" and entry.changes["status"] == ["reported", "reported"]
    assert state.fields["summary"] is None and state.fields["risk_flags"] == []


def test_no_change_costs_no_version() -> None:
    state = record(version=3, summary="同")
    assert apply_change(state, Change("dispute", "d1", 11, "dev-a", "m-1", fields={"summary": "同"}), NOW) is None


def test_update_bumps_version_and_remembers_who_changed_what() -> None:
    state = record(version=3, summary="旧", field_versions={"title": [1, "dev-x"]})
    new, entry = apply_change(state, Change("dispute", "d1", 12, "dev-b", "m-2", fields={"summary": "新"}), NOW)
    assert new.version == 4 and new.fields["summary"] == "新" and new.updated_by == 12
    assert new.field_versions == {"title": [1, "dev-x"], "summary": [4, "dev-b"]}
    assert entry.changes == {"summary": ["旧", "新"]} and entry.version == 4 and entry.op == "update"
    assert (entry.user_id, entry.device_id, entry.mutation_id, entry.at, new.updated_at) == (12, "dev-b", "m-2", NOW, NOW)
    assert state.fields["summary"] == "旧" and state.field_versions == {"title": [1, "dev-x"]}


def test_void_and_conflict_flag_are_changes_too() -> None:
    state = record(version=2)
    voided, entry = apply_change(state, Change("dispute", "d1", 21, "dev-s", "s-1", void=True, void_reason="重复"), NOW)
    assert (voided.voided_at, voided.void_reason, entry.op) == (NOW, "重复", "void")
    assert entry.changes == {"voided_at": [None, NOW], "void_reason": [None, "重复"]}
    flagged, entry = apply_change(state, Change("dispute", "d1", 11, "dev-a", "m-1", open_conflict=True), NOW)
    assert flagged.has_open_conflict and entry.changes == {"has_open_conflict": [False, True]} and flagged.version == 3


def test_record_all_writes_a_confirmed_value() -> None:
    state = record(version=5, summary="同")
    confirm = Change("dispute", "d1", 21, "dev-s", "r-1", fields={"summary": "同"}, record_all=True)
    new, entry = apply_change(state, confirm, NOW)
    assert new.version == 6 and entry.changes == {"summary": ["同", "同"]}
    assert new.field_versions["summary"] == [6, "dev-s"]


def test_only_the_fields_that_differ_are_written_whatever_their_order_and_whoever_issues_them() -> None:
    state = record(version=3, summary="同", title="旧", case_no="(2026)槐人调字第00001号")
    change = Change("dispute", "d1", 11, "dev-a", "m-1", fields={"summary": "同", "title": "新"},
                    server_fields={"case_no": "(2026)槐人调字第00001号"})
    new, entry = apply_change(state, change, NOW)
    assert entry.changes == {"title": ["旧", "新"]} and new.field_versions == {"title": [4, "dev-a"]}


def test_the_next_version_keeps_every_part_of_the_record_the_change_does_not_touch() -> None:
    """Built field by field: a part of RecordState it forgot would fall back to its default."""
    state = RecordState("dispute", "d1", 3, record().fields, {"title": [1, "dev-x"]}, seq=41,
                        created_at="2026-03-01T08:00:00.000Z", updated_at="2026-03-02T08:00:00.000Z",
                        created_by=7, updated_by=8, voided_at="2026-03-03T08:00:00.000Z", void_reason="重复",
                        has_open_conflict=True)
    new, _ = apply_change(state, Change("dispute", "d1", 12, "dev-b", "m-2", fields={"summary": "新"}), NOW)
    touched = {"version": 4, "fields": {**state.fields, "summary": "新"},
               "field_versions": {"title": [1, "dev-x"], "summary": [4, "dev-b"]}, "updated_at": NOW, "updated_by": 12}
    assert {f.name: getattr(new, f.name) for f in dataclasses.fields(RecordState)} == {
        f.name: touched.get(f.name, getattr(state, f.name)) for f in dataclasses.fields(RecordState)}
