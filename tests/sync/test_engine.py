"""`process_batch` and `commit_resolution` over the memory store, beyond the shared vectors."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sync.attachments import CASE_MAX_BYTES, MIB
from sync.effects import followup_id
from sync.authority import NOT_VISIBLE, OUTSIDE_AREAS, Refusal
from sync.engine import WriteRefused, commit_resolution, commit_server_fields, process_batch
from sync.resolve import resolve_conflict
from sync.types import Actor, AppliedMutation, ConflictRecord, HistoryEntry, Mutation, MutationResult, RecordState
from tests.sync.builders import (
    MEDIATOR, OTHER_MEDIATOR, SUPERVISOR, entry, mediation_log, mutation, party, record, revisit,
)
from tests.sync.memory_store import MemoryStore


def no_errors(mutation: Mutation) -> dict[str, list[str]]:
    return {}


def push(store: MemoryStore, actor: Actor, *mutations: Mutation) -> list[MutationResult]:
    return process_batch(store, actor, list(mutations), no_errors)


def new_party(record_id: str, dispute_id: str, mutation_id: str = "m-1") -> Mutation:
    return mutation(
        {"dispute_id": dispute_id, "name": "李某"}, op="create", base_version=None, entity="party",
        record_id=record_id, mutation_id=mutation_id,
    )


@pytest.fixture
def store() -> MemoryStore:
    store = MemoryStore(scopes={11: [101], 12: [101]})
    dispute = record(version=2, field_versions={"summary": [2, "dev-b"]}, summary="原文")
    store.seed(dispute, [entry(2, {"summary": [None, "原文"]})])
    store.seed(party("p1"))
    return store


def test_an_edit_is_pushed_only_under_the_identity_that_made_it(store: MemoryStore) -> None:
    [result] = push(store, OTHER_MEDIATOR, mutation({"summary": "x"}, base_version=2))
    assert (result.error_code, result.errors) == (
        "forbidden", {"mutation_id": ["只能由做出修改的用户和设备上传。 / Pushed only by the user and device that made it."]})


def test_a_failing_write_leaves_nothing_behind(store: MemoryStore) -> None:
    class Failing(MemoryStore):
        def record_history(self, record: RecordState, entry: HistoryEntry) -> None:
            raise RuntimeError("disk full")

    failing = Failing()
    failing.seed(record(version=2))
    before = failing.dump()
    with pytest.raises(RuntimeError):
        push(failing, MEDIATOR, mutation({"summary": "x"}, base_version=2))
    assert failing.dump() == before


def test_a_rejection_is_stored_and_replayed(store: MemoryStore) -> None:
    edit = mutation({"status": "closed"}, base_version=2)
    [first] = push(store, MEDIATOR, edit)
    [again] = push(store, MEDIATOR, edit)
    assert first.error_code == "close_reason_required"
    assert (first.record["id"], first.record["version"], first.record["status"]) == ("d1", 2, "mediating")
    assert (again.status, again.original_status, again.error_code) == ("duplicate", "rejected", "close_reason_required")


def test_another_user_replaying_a_mutation_id_learns_nothing(store: MemoryStore) -> None:
    push(store, MEDIATOR, mutation({"summary": "x"}, base_version=2))
    [result] = push(store, OTHER_MEDIATOR, mutation({"summary": "x"}, base_version=2, actor=OTHER_MEDIATOR))
    assert result.error_code == "mutation_id_reused" and result.record is None
    assert result.errors == {
        "mutation_id": ["这个修改编号已用于另一项修改：请换一个编号。 / This mutation id was already used for a different edit: give the edit a new id."]}


def test_each_processed_mutation_is_kept_with_who_pushed_it_for_which_record(store: MemoryStore) -> None:
    edit = mutation({"summary": "x"}, base_version=2)
    [result] = push(store, MEDIATOR, edit)
    assert store.applied["m-1"] == AppliedMutation("m-1", "dev-a", 11, "dispute", "d1", edit.content_hash(), result)


def test_a_record_out_of_the_pushers_scope_is_not_found_and_not_shown() -> None:
    store = MemoryStore(scopes={11: [101]})
    store.seed(record(area_id=102))
    [result] = push(store, MEDIATOR, mutation({"summary": "x"}))
    assert (result.error_code, result.errors, result.record) == ("not_found", {"id": ["没有这条记录。 / No such record."]}, None)


def test_a_refused_edit_answers_the_record_as_it_stands_whatever_refused_it(store: MemoryStore) -> None:
    """Refused by validation, by the decision or by the write rule: the phone gets the server's record back."""
    invalid = mutation({"summary": "x"}, base_version=2, mutation_id="m-1")
    [refused] = process_batch(store, MEDIATOR, [invalid], lambda mutation: {"summary": ["太长"]})
    [moved] = push(store, MEDIATOR, mutation({"area_id": 102}, base_version=2, mutation_id="m-2"))
    assert (refused.error_code, moved.error_code) == ("validation_failed", "forbidden")
    assert refused.record == moved.record == store.get_record("dispute", "d1").to_flat()


def test_a_retried_rejected_create_still_blocks_its_dependants_in_the_retry(store: MemoryStore) -> None:
    """The phone resends a rejected case with its party: the case answers `duplicate` (first `rejected`), and the
    party is refused as depending on it, not as pointing at a case that does not exist."""
    dispatched = mutation({"area_id": 101, "title": "t", "status": "assigned"}, op="create", base_version=None,
                          record_id="d9", mutation_id="m-1")
    [first] = push(store, MEDIATOR, dispatched)
    [again, child] = push(store, MEDIATOR, dispatched, new_party("p9", "d9", mutation_id="m-2"))
    assert first.error_code == "forbidden" and (again.status, again.original_status) == ("duplicate", "rejected")
    assert (child.error_code, child.errors) == (
        "dependency_rejected", {"dispute_id": ["依赖的记录 d9 未能建立（修改 m-1 被拒）。 / Depends on record d9, whose create (mutation m-1) was rejected."]})


def test_in_a_batch_an_edit_of_a_rejected_create_is_refused_on_its_id_but_a_corrected_create_is_judged_afresh(
    store: MemoryStore,
) -> None:
    dispatched = {"area_id": 101, "title": "t", "status": "assigned"}
    results = push(
        store, MEDIATOR,
        mutation(dispatched, op="create", base_version=None, record_id="d9", mutation_id="m-1"),
        mutation({"summary": "x"}, base_version=1, record_id="d9", mutation_id="m-2"),
        mutation({**dispatched, "status": "reported"}, op="create", base_version=None, record_id="d9", mutation_id="m-3"),
    )
    assert [r.error_code for r in results] == ["forbidden", "dependency_rejected", None]
    assert results[1].errors == {"id": ["依赖的记录 d9 未能建立（修改 m-1 被拒）。 / Depends on record d9, whose create (mutation m-1) was rejected."]}


def test_a_create_of_an_existing_record_is_already_there_whatever_it_links_to(store: MemoryStore) -> None:
    [result] = push(store, MEDIATOR, new_party("p1", "nope"))
    assert result.error_code == "already_exists"


def test_an_existing_parent_keeps_its_dependants(store: MemoryStore) -> None:
    results = push(
        store, MEDIATOR,
        mutation({"area_id": 101, "title": "t"}, op="create", base_version=None, mutation_id="m-1"),
        new_party("p2", "d1", mutation_id="m-2"),
    )
    assert [r.error_code for r in results] == ["already_exists", None]


def test_an_edit_may_not_move_a_record_out_of_scope(store: MemoryStore) -> None:
    [result] = push(store, MEDIATOR, mutation({"area_id": 102}, base_version=2))
    assert result.error_code == "forbidden" and store.get_record("dispute", "d1").fields["area_id"] == 101


def test_visit_links_must_name_visible_disputes(store: MemoryStore) -> None:
    visit = {"area_id": 101, "visited_at": "2026-03-09T09:00:00Z", "place": "3号楼", "dispute_ids": ["d1", "nope"]}
    [refused] = push(store, MEDIATOR, mutation(visit, op="create", base_version=None, entity="visit", record_id="v1"))
    assert refused.error_code == "parent_not_found" and refused.errors == {"dispute_ids": ["找不到案件 nope。 / No dispute nope."]}
    store.seed(record("dispute", "d-far", area_id=102))
    store.seed(record("visit", "v2", dispute_ids=["d-far"], area_id=101))
    relink = mutation({"dispute_ids": ["d-far", "d1"]}, entity="visit", record_id="v2", mutation_id="m-2")
    [kept] = push(store, MEDIATOR, relink)
    assert kept.status == "applied"
    unknown = mutation({"dispute_ids": ["d-far", "nope"]}, entity="visit", record_id="v2", mutation_id="m-3",
                       base_version=2)
    [refused] = push(store, MEDIATOR, unknown)
    assert refused.errors == {"dispute_ids": ["找不到案件 nope。 / No dispute nope."]}


def test_a_child_of_a_missing_case_is_refused_on_its_dispute_id(store: MemoryStore) -> None:
    [result] = push(store, MEDIATOR, new_party("p9", "nope"))
    assert (result.error_code, result.errors) == ("parent_not_found", {"dispute_id": ["找不到案件 nope。 / No dispute nope."]})


def test_children_may_be_added_to_a_voided_case(store: MemoryStore) -> None:
    store.seed(record(record_id="d-void", version=3, voided_at="2026-03-01T00:00:00Z"))
    [result] = push(store, MEDIATOR, new_party("p9", "d-void"))
    assert result.status == "applied"


def test_push_results_carry_the_flat_record_without_field_versions(store: MemoryStore) -> None:
    [result] = push(store, MEDIATOR, mutation({"title": "新标题"}, base_version=2))
    assert result.record["version"] == 3 and result.record["title"] == "新标题"
    assert "field_versions" not in result.record
    assert result.record["seq"] == store.last_seq


def test_each_version_a_push_writes_names_its_user_device_and_mutation(store: MemoryStore) -> None:
    [result] = push(store, MEDIATOR, mutation({"title": "新标题"}, base_version=2, mutation_id="m-9"))
    written = store.get_record("dispute", "d1")
    last = store.history[("dispute", "d1")][-1]
    assert (last.user_id, last.device_id, last.mutation_id) == (11, "dev-a", "m-9")
    assert written.updated_by == 11 and written.field_versions["title"] == [3, "dev-a"]


def test_conflict_record_names_both_sides(store: MemoryStore) -> None:
    [result] = push(store, MEDIATOR, mutation({"summary": "设备"}, base_version=1))
    [stored] = store.conflicts
    assert result.status == "conflict" and result.record["has_open_conflict"]
    assert (stored.base, stored.server, stored.device, stored.kept) == (None, "原文", "设备", "device")
    assert (stored.user_id, stored.device_id) == (11, "dev-a")
    assert (stored.server_user_id, stored.server_device_id) == (12, "dev-b")
    assert stored.record_version == 3 and stored.mutation_id == "m-1"
    assert stored.created_at == result.record["updated_at"] == "2026-03-01T08:00:00.000Z"


def test_resolution_is_a_new_version_that_clears_the_flag(store: MemoryStore) -> None:
    push(store, MEDIATOR, mutation({"summary": "设备"}, base_version=1))
    [conflict] = store.conflicts
    state = store.get_record("dispute", "d1")
    changes = resolve_conflict(state, conflict, "device")
    resolved = commit_resolution(store, SUPERVISOR, state, changes, resolution_id="resolve-1", conflict_id=0)
    assert resolved.version == state.version + 1 and not resolved.has_open_conflict
    assert resolved.fields["summary"] == "设备" and resolved.field_versions["summary"] == [resolved.version, "dev-s"]
    last = store.history[("dispute", "d1")][-1]
    assert last.mutation_id == "resolve-1" and last.changes["summary"] == ["设备", "设备"]
    assert (resolved.updated_by, resolved.updated_at) == (21, "2026-03-01T08:00:01.000Z")  # the push read 08:00:00


def test_the_flag_stays_up_while_another_conflict_on_the_record_is_open(store: MemoryStore) -> None:
    push(store, MEDIATOR, mutation({"summary": "设备", "title": "设备标题"}, base_version=1))
    push(store, OTHER_MEDIATOR, mutation({"title": "另一台"}, base_version=1, actor=OTHER_MEDIATOR, mutation_id="m-2"))
    assert [c.field for c in store.conflicts] == ["summary", "title"]

    state = store.get_record("dispute", "d1")
    first = commit_resolution(store, SUPERVISOR, state, resolve_conflict(state, store.conflicts[0], "device"),
                              resolution_id="r-1", conflict_id=0)
    assert first.has_open_conflict
    second = commit_resolution(store, SUPERVISOR, first, resolve_conflict(first, store.conflicts[1], "server"),
                               resolution_id="r-2", conflict_id=1)
    assert not second.has_open_conflict


def test_resolving_a_case_to_agreed_adds_its_revisit(store: MemoryStore) -> None:
    state = store.get_record("dispute", "d1")
    conflict = ConflictRecord(
        "dispute", "d1", "status", "mediating", "mediating", "agreed", "server", 11, "dev-a", "m-1", None, None, 2, "t"
    )
    changes = resolve_conflict(state, conflict, "device")
    commit_resolution(store, SUPERVISOR, state, changes, resolution_id="r-1", conflict_id=None)
    revisit = store.get_record("followup", followup_id("d1"))
    assert revisit.created_by == 21 and store.history[("followup", revisit.id)][0].mutation_id == "r-1"


def test_only_a_resolution_that_moves_a_case_to_agreed_adds_a_revisit(store: MemoryStore) -> None:
    state = store.get_record("dispute", "d1")
    commit_resolution(store, SUPERVISOR, state, {"summary": "定稿"}, resolution_id="r-1", conflict_id=None)
    store.seed(record(record_id="d2", status="agreed", agreement_kind="oral", agreement_terms="赔偿"))
    commit_resolution(store, SUPERVISOR, store.get_record("dispute", "d2"), {"status": "agreed"},
                      resolution_id="r-2", conflict_id=None)
    assert store.children("d1", "followup") == [] and store.children("d2", "followup") == []


def test_a_resolution_the_supervisor_may_not_make_is_refused_and_writes_nothing() -> None:
    store = MemoryStore(scopes={21: [101]})
    store.seed(record(version=2))
    store.seed(record(record_id="d-far", area_id=102))
    before = store.dump()
    with pytest.raises(WriteRefused) as moved_out:
        commit_resolution(store, SUPERVISOR, store.get_record("dispute", "d1"), {"area_id": 102},
                          resolution_id="r-1", conflict_id=0)
    assert (str(moved_out.value), moved_out.value.refusal.errors) == ("forbidden", {"area_id": [OUTSIDE_AREAS]})
    with pytest.raises(WriteRefused) as unseen:
        commit_resolution(store, SUPERVISOR, store.get_record("dispute", "d-far"), {"summary": "x"},
                          resolution_id="r-2", conflict_id=0)
    assert unseen.value.refusal == Refusal("not_found", {"id": [NOT_VISIBLE]})
    assert store.dump() == before and store.resolved == set()


def test_a_resolution_that_closes_a_case_lacking_a_paper_needs_the_reason_as_a_push_does() -> None:
    """The device's stale close kept the server's status; choosing the device's side is a close like any other."""
    store = MemoryStore(scopes={21: [101]})
    store.seed(record(version=3, status="agreed", agreement_kind="oral", agreement_terms="赔偿", close_reason="已履行"))
    store.seed(party("p1"))
    store.seed(mediation_log())
    store.seed(revisit(done_at=None))
    conflict = ConflictRecord(
        "dispute", "d1", "status", "agreed", "agreed", "closed", "server", 11, "dev-a", "m-1", None, None, 3, "t")
    before = store.dump()
    with pytest.raises(WriteRefused) as refused:
        commit_resolution(store, SUPERVISOR, store.get_record("dispute", "d1"),
                          resolve_conflict(store.get_record("dispute", "d1"), conflict, "device"),
                          resolution_id="r-1", conflict_id=None)
    assert refused.value.refusal == Refusal("papers_missing", {"papers_missing_reason": [
        "卷宗缺少：人民调解回访记录。结案须写明缺件原因。 / The dossier lacks: revisit record. Closing needs the reason "
        "they are missing."]})
    assert store.dump() == before

    push(store, SUPERVISOR, mutation({"papers_missing_reason": "当事人迁居外地，无法回访"}, base_version=3,
                                     actor=SUPERVISOR, mutation_id="m-2"))
    state = store.get_record("dispute", "d1")
    closed = commit_resolution(store, SUPERVISOR, state, resolve_conflict(state, conflict, "device"),
                               resolution_id="r-2", conflict_id=None)
    assert closed.fields["status"] == "closed"


def test_revisit_falls_due_30_days_after_beijings_today_without_a_signing_date() -> None:
    store = MemoryStore(clock=lambda: datetime(2026, 3, 10, 23, 30))  # 07:30 on 11 March in Beijing
    store.seed(record(version=2, agreement_kind="oral", agreement_terms="赔偿"))
    store.seed(party("p1"))
    [result] = push(store, MEDIATOR, mutation({"status": "agreed"}, base_version=2))
    revisit = store.get_record("followup", followup_id("d1"))
    assert result.status == "applied" and revisit.fields["due_on"] == "2026-04-10"
    assert revisit.created_at == "2026-03-10T23:30:00.000Z" and revisit.field_versions["due_on"] == [1, None]
    assert revisit.created_by == 11 and store.history[("followup", revisit.id)][0].mutation_id == "m-1"


def test_an_agreed_case_never_gets_a_second_revisit(store: MemoryStore) -> None:
    agreement = {"agreement_kind": "oral", "agreement_terms": "赔偿", "status": "agreed"}
    push(store, MEDIATOR, mutation(agreement, base_version=2, mutation_id="m-1"))
    state = store.get_record("dispute", "d1")
    commit_resolution(store, SUPERVISOR, state, {"status": "failed"}, resolution_id="r-1", conflict_id=None)
    results = push(
        store, MEDIATOR,
        mutation({"status": "mediating"}, base_version=4, mutation_id="m-2"),
        mutation({"status": "agreed"}, base_version=5, mutation_id="m-3"),
    )
    assert [r.status for r in results] == ["applied", "applied"]
    assert [f.id for f in store.children("d1", "followup")] == [followup_id("d1")]


@pytest.mark.parametrize(("utc", "year"), [
    (datetime(2026, 12, 31, 15, 59, 59, tzinfo=UTC), 2026),  # 23:59:59 on 31 December in Beijing
    (datetime(2026, 12, 31, 16, 30, tzinfo=UTC), 2027),      # 00:30 on 1 January in Beijing
])
def test_a_case_number_carries_the_year_of_beijing_at_registration(utc: datetime, year: int) -> None:
    store = MemoryStore(clock=lambda: utc)
    new_case = mutation({"area_id": 101, "title": "跨年报案", "category": "neighbor", "source": "visit"},
                        op="create", base_version=None, record_id="d-new")
    [result] = push(store, MEDIATOR, new_case)
    assert result.status == "applied"
    assert store.records[("dispute", "d-new")].fields["case_no"] == f"({year})槐人调字第00001号"


def test_a_replay_answers_without_the_record_once_it_left_the_pushers_scope(store: MemoryStore) -> None:
    edit = mutation({"summary": "新的"}, base_version=2)
    [first] = push(store, MEDIATOR, edit)
    assert first.record is not None
    push(store, SUPERVISOR, mutation({"area_id": 202}, base_version=3, actor=SUPERVISOR, mutation_id="m-move"))
    [replayed] = push(store, MEDIATOR, edit)
    assert (replayed.status, replayed.original_status, replayed.record) == ("duplicate", "applied", None)


def test_a_replay_still_in_scope_answers_the_record(store: MemoryStore) -> None:
    edit = mutation({"summary": "新的"}, base_version=2)
    [first] = push(store, MEDIATOR, edit)
    [replayed] = push(store, MEDIATOR, edit)
    assert (replayed.status, replayed.record) == ("duplicate", first.record)


def test_a_replay_answers_the_record_as_it_now_stands_not_as_first_answered(store: MemoryStore) -> None:
    edit = mutation({"summary": "新的"}, base_version=2)
    [first] = push(store, MEDIATOR, edit)
    push(store, SUPERVISOR, mutation({"title": "后来改的"}, base_version=3, actor=SUPERVISOR, mutation_id="m-later"))
    [replayed] = push(store, MEDIATOR, edit)
    assert first.record["version"] == 3
    assert replayed.record == store.records[("dispute", "d1")].to_flat()
    assert (replayed.record["version"], replayed.record["title"]) == (4, "后来改的")


def test_a_replay_of_a_rejection_without_a_record_answers_none(store: MemoryStore) -> None:
    refused = mutation({"summary": "新的"}, base_version=2, actor=SUPERVISOR)  # pushed by another than its maker
    [first] = push(store, MEDIATOR, refused)
    [replayed] = push(store, MEDIATOR, refused)
    assert (first.status, first.record) == ("rejected", None)
    assert (replayed.status, replayed.original_status, replayed.record) == ("duplicate", "rejected", None)


def attachment_record(record_id: str = "a1", dispute_id: str = "d1", **fields) -> RecordState:
    values = {"kind": "scene", "mime_type": "image/jpeg", "byte_size": 1000, "sha256": "ab" * 32,
              "upload_complete": False, **fields}
    return record("attachment", record_id, dispute_id=dispute_id, **values)


def test_a_server_issued_value_is_a_new_version_authored_by_the_server_with_the_causing_user_in_history(
        store: MemoryStore) -> None:
    store.seed(attachment_record(seq=50))
    written = commit_server_fields(store, MEDIATOR, store.get_record("attachment", "a1"), {"upload_complete": True},
                                   cause="upload-a1")
    assert written.version == 2 and written.fields["upload_complete"] is True and written.seq > 50
    assert written.field_versions["upload_complete"] == [2, None]
    [history] = store.get_history("attachment", "a1", 1)
    assert (history.user_id, history.device_id, history.mutation_id) == (MEDIATOR.user_id, "dev-a", "upload-a1")
    again = commit_server_fields(store, MEDIATOR, written, {"upload_complete": True}, cause="upload-a1")
    assert again.version == 2  # a value already held makes no version


def test_only_server_issued_fields_are_written_that_way_and_only_in_the_writers_scope(store: MemoryStore) -> None:
    store.seed(attachment_record())
    state = store.get_record("attachment", "a1")
    with pytest.raises(ValueError):
        commit_server_fields(store, MEDIATOR, state, {"caption": "x"}, cause="upload-a1")
    outsider = Actor(13, "mediator", "dev-c")
    scoped = MemoryStore(scopes={13: [999]})
    scoped.seed(record())
    scoped.seed(attachment_record())
    with pytest.raises(WriteRefused) as refused:
        commit_server_fields(scoped, outsider, scoped.get_record("attachment", "a1"), {"upload_complete": True},
                             cause="upload-a1")
    assert refused.value.refusal.code == "not_found"


@pytest.mark.parametrize(("parent_entity", "parent_id", "applied"), [
    ("party", "p1", True),          # a party of the same case
    ("party", "p-other", False),    # a party of another case
    ("party", "missing", False),
    ("visit", "v1", True),          # a visit that found the case
    ("visit", "v-other", False),    # a visit that did not
    ("mediation_log", "p1", False),  # the id of a party named as a mediation record
])
def test_an_attachment_links_only_to_a_record_of_its_own_case(
        store: MemoryStore, parent_entity: str, parent_id: str, applied: bool) -> None:
    store.seed(record(record_id="d2"))
    store.seed(party("p-other", dispute_id="d2"))
    store.seed(record("visit", "v1", area_id=101, dispute_ids=["d1"]))
    store.seed(record("visit", "v-other", area_id=101, dispute_ids=["d2"]))
    create = mutation({"dispute_id": "d1", "kind": "signature", "mime_type": "image/png", "byte_size": 10,
                       "sha256": "ab" * 32, "parent_entity": parent_entity, "parent_id": parent_id},
                      op="create", base_version=None, entity="attachment", record_id="a9")
    [result] = push(store, MEDIATOR, create)
    assert (result.status == "applied") is applied, result
    if not applied:
        assert result.error_code == "reference_not_found" and "parent_id" in result.errors


def new_attachment(record_id: str, byte_size: int, mutation_id: str, dispute_id: str = "d1") -> Mutation:
    return mutation({"dispute_id": dispute_id, "kind": "scene", "mime_type": "image/jpeg", "byte_size": byte_size,
                     "sha256": "ab" * 32}, op="create", base_version=None, entity="attachment", record_id=record_id,
                    mutation_id=mutation_id)


def test_a_case_holds_attachments_up_to_its_cap_exactly_and_not_a_byte_more(store: MemoryStore) -> None:
    """Voided attachments are not counted; the refusal names byte_size and spares the batch's other edits."""
    store.seed(attachment_record("a1", byte_size=CASE_MAX_BYTES - 3000))
    store.seed(attachment_record("a-void", byte_size=50 * MIB, voided_at="2026-03-01T00:00:00Z"))
    store.seed(record(record_id="d2"))
    fits, over, elsewhere, edit = push(
        store, MEDIATOR, new_attachment("a2", 2000, "m-1"), new_attachment("a3", 1001, "m-2"),
        new_attachment("a4", 1001, "m-3", dispute_id="d2"), mutation({"summary": "同批次"}, base_version=2,
                                                                      mutation_id="m-4"))
    assert fits.status == "applied"
    assert (over.status, over.error_code, over.errors) == ("rejected", "case_too_large", {"byte_size": [
        "本案附件合计最多 100 MB：还可存 1000 字节，此文件 1001 字节。 / A case's attachments may total at most "
        "100 MB: 1000 bytes are left and this file is 1001 bytes."]})
    assert store.get_record("attachment", "a3") is None
    assert (elsewhere.status, edit.status) == ("applied", "applied")
    [last] = push(store, MEDIATOR, new_attachment("a5", 1000, "m-5"))
    assert last.status == "applied"  # exactly the cap: 100 MiB - 3000 + 2000 + 1000
    [past] = push(store, MEDIATOR, new_attachment("a6", 1, "m-6"))
    assert past.error_code == "case_too_large"
