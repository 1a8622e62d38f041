"""The JSON forms of the engine's values, which push answers carry as they are (sync-protocol.md §3)."""
from __future__ import annotations

from dataclasses import replace

from sync.types import Actor, FieldConflict, Mutation, MutationResult, RecordState


def test_a_conflict_answer_carries_the_record_and_each_conflict_with_both_sides_and_no_error_keys() -> None:
    conflict = FieldConflict("summary", "原文", "他人改", "我改", "device")
    result = MutationResult("m-1", "conflict", {"id": "d1", "summary": "我改"}, (conflict,))
    assert result.to_json() == {
        "mutation_id": "m-1", "status": "conflict", "record": {"id": "d1", "summary": "我改"},
        "conflicts": [{"field": "summary", "base": "原文", "server": "他人改", "device": "我改", "kept": "device"}],
        "errors": {},
    }


def test_a_replayed_rejection_carries_its_code_its_first_status_and_its_messages_as_lists() -> None:
    result = MutationResult(
        "m-1", "duplicate", None, errors={"status": ("closing a case needs a reason",)},
        error_code="close_reason_required", original_status="rejected",
    )
    assert result.to_json() == {
        "mutation_id": "m-1", "status": "duplicate", "record": None, "conflicts": [],
        "errors": {"status": ["closing a case needs a reason"]},
        "error_code": "close_reason_required", "original_status": "rejected",
    }


def test_a_pushed_item_becomes_a_mutation_of_the_pusher_keeping_its_advisory_client_time() -> None:
    item = {"mutation_id": "m-1", "entity": "dispute", "id": "d1", "op": "update", "base_version": 2,
            "changes": {"summary": "x"}, "client_time": "2026-03-09T15:00:00Z", "user_id": 99}
    pushed = Mutation.from_push(item, Actor(11, "mediator", "dev-a"))
    assert pushed == Mutation("m-1", "dispute", "d1", "update", 2, {"summary": "x"}, "dev-a", 11,
                              "2026-03-09T15:00:00Z")
    later = Mutation.from_push({**item, "client_time": "2026-03-10T00:00:00Z"}, Actor(11, "mediator", "dev-a"))
    assert later.content_hash() == pushed.content_hash()


def test_the_flat_record_carries_its_sync_metadata_beside_its_fields_but_not_its_field_versions() -> None:
    state = RecordState(
        "party", "p1", 3, {"name": "张某"}, {"name": [3, "dev-a"]}, seq=9, created_at="c", updated_at="u",
        created_by=11, updated_by=12, voided_at="v", void_reason="重复", has_open_conflict=True,
    )
    assert state.to_flat() == {
        "entity": "party", "id": "p1", "version": 3, "seq": 9, "created_at": "c", "updated_at": "u",
        "created_by": 11, "updated_by": 12, "voided_at": "v", "void_reason": "重复", "has_open_conflict": True,
        "name": "张某",
    }


def test_a_stamped_record_is_the_same_version_with_its_new_seq_and_leaves_the_unstamped_one_alone() -> None:
    record = RecordState(
        "party", "p1", 3, {"name": "张某"}, {"name": [3, "dev-a"]}, seq=None, created_at="2026-03-01T08:00:00.000Z",
        updated_at="2026-03-02T08:00:00.000Z", created_by=11, updated_by=12, voided_at="2026-03-03T08:00:00.000Z",
        void_reason="重复", has_open_conflict=True)
    stamped = record.stamped(41)
    assert stamped == replace(record, seq=41) and type(stamped) is RecordState
    assert stamped is not record and record.seq is None
