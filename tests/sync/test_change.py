from __future__ import annotations

from sync.change import Change, apply_change
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
