"""POST /api/sync/push: per-mutation outcomes, idempotency, side effects, limits, bad input."""
import re
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.models import (
    AppliedMutation,
    ChangeHistory,
    DeviceHealth,
    Dispute,
    Followup,
    Party,
    Visit,
)
from app.services.sync import store as sync_store
from tests.phones import Phone, create, dispute_changes, new_id, update, void

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
CASE_NO = re.compile(r"^\(\d{4}\)槐人调字第\d{5}号$")


@pytest.fixture
def phone(client, district):
    return Phone.sign_in(client, "mediator_a")


def test_a_new_dispute_and_its_party_are_applied_and_the_case_gets_its_number(phone, district, db):
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    party = create("party", {"dispute_id": dispute["id"], "role": "applicant", "name": "王秀兰",
                             "phone": "13812345678", "consent": "consented"})
    results = phone.push(dispute, party)
    assert [r["status"] for r in results] == ["applied", "applied"]
    record = results[0]["record"]
    assert record["status"] == "reported" and record["version"] == 1
    assert CASE_NO.match(record["case_no"])
    assert results[1]["record"]["dispute_id"] == dispute["id"]
    assert db.session.get(Dispute, dispute["id"]).case_no == record["case_no"]
    entries = db.session.query(ChangeHistory).filter_by(record_id=dispute["id"]).all()
    assert len(entries) == 1 and entries[0].changes["title"] == [None, "楼上漏水致楼下天花板受损"]


@pytest.mark.parametrize("batch_write_fails", [False, True])
def test_a_batch_that_creates_and_edits_a_case_is_written_whole_even_when_its_writes_fail_together(
        phone, district, db, monkeypatch, batch_write_fails):
    """Writes go out together at the end; if that fails, the batch is redone one mutation at a time."""
    real_finish = sync_store.SqlSyncStore.finish
    failed = []

    def finish(store):
        if batch_write_fails and not store.one_by_one and not failed:
            failed.append(store)
            raise sa.exc.IntegrityError("INSERT …", {}, Exception("simulated"))
        real_finish(store)

    monkeypatch.setattr(sync_store.SqlSyncStore, "finish", finish)
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    party = create("party", {"dispute_id": dispute["id"], "role": "applicant", "name": "王秀兰"})
    edit = update("dispute", dispute["id"], 1, {"summary": "双方已同意调解"})
    results = phone.push(dispute, party, edit)
    assert [r["status"] for r in results] == ["applied", "applied", "applied"]
    assert bool(failed) is batch_write_fails
    db.session.expire_all()
    stored = db.session.get(Dispute, dispute["id"])
    assert (stored.version, stored.summary, stored.seq) == (2, "双方已同意调解", results[2]["record"]["seq"])
    assert stored.case_no == results[0]["record"]["case_no"]
    assert results[0]["record"]["seq"] < results[1]["record"]["seq"] < results[2]["record"]["seq"]
    assert db.session.get(Party, party["id"]).seq == results[1]["record"]["seq"]
    history = db.session.query(ChangeHistory).filter_by(record_id=dispute["id"]).order_by(ChangeHistory.version)
    assert [(h.version, h.op, h.seq) for h in history] == [
        (1, "create", results[0]["record"]["seq"]), (2, "update", results[2]["record"]["seq"])]
    assert db.session.query(AppliedMutation).count() == 3
    assert [r["status"] for r in phone.push(dispute, party, edit)] == ["duplicate"] * 3


def test_replaying_a_batch_answers_duplicate_and_changes_nothing(phone, district, db):
    batch = [create("dispute", dispute_changes(district.grid_a.id))]
    first = phone.push(*batch)
    seq_before = db.session.get(Dispute, batch[0]["id"]).seq
    again = phone.push(*batch)
    assert again[0]["status"] == "duplicate"
    assert again[0]["record"]["case_no"] == first[0]["record"]["case_no"]
    db.session.expire_all()
    assert db.session.get(Dispute, batch[0]["id"]).seq == seq_before
    assert db.session.query(Dispute).count() == 1


def test_a_replay_answers_the_case_as_it_now_stands_and_the_stored_outcome_keeps_no_copy_of_it(
        phone, district, db):
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    party = create("party", {"dispute_id": dispute["id"], "role": "applicant", "name": "王秀兰",
                             "phone": "13812345678", "id_number": "11010519491231002X"})
    first = phone.push(dispute, party)
    phone.push(update("dispute", dispute["id"], 1, {"summary": "后来补充的经过"}))
    again = phone.push(dispute, party)
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert (again[0]["record"]["version"], again[0]["record"]["summary"]) == (2, "后来补充的经过")
    assert again[0]["record"]["seq"] > first[0]["record"]["seq"]
    assert again[1]["record"] == first[1]["record"]
    db.session.expire_all()
    rows = db.session.query(AppliedMutation).all()
    assert {(row.device_id, row.user_id) for row in rows} == {(phone.device_id, district.mediator_a.id)}
    stored = {row.mutation_id: row.outcome["record"] for row in rows}
    assert stored[dispute["mutation_id"]] == {"id": dispute["id"], "version": 1}
    assert stored[party["mutation_id"]] == {"id": party["id"], "version": 1}


def test_a_batch_carries_one_server_moment_its_changes_commit_together(phone, district, db):
    """Twenty cases and an edit take the server several milliseconds (stamps are to the millisecond)."""
    cases = [create("dispute", dispute_changes(district.grid_a.id, title=f"案件{n}")) for n in range(20)]
    results = phone.push(*cases, update("dispute", cases[0]["id"], 1, {"summary": "补充"}))
    assert len({r["record"]["updated_at"] for r in results}) == 1
    moments = db.session.execute(sa.select(ChangeHistory.server_time).where(
        ChangeHistory.record_id.in_([case["id"] for case in cases]))).scalars().all()
    assert len(moments) == 21 and len(set(moments)) == 1


def test_a_mutation_id_replayed_with_other_content_is_rejected(phone, district):
    mutation = create("dispute", dispute_changes(district.grid_a.id))
    phone.push(mutation)
    changed = {**mutation, "changes": {**mutation["changes"], "title": "另一个标题"}}
    [result] = phone.push(changed)
    assert result["status"] == "rejected" and result["error_code"] == "mutation_id_reused"


def test_one_bad_mutation_does_not_block_the_rest_but_rejects_its_dependants(phone, district, db):
    bad = create("dispute", dispute_changes(district.grid_a.id, category="not_a_category"))
    orphan = create("party", {"dispute_id": bad["id"], "role": "applicant", "name": "李四"})
    good = create("dispute", dispute_changes(district.grid_a.id, title="好的一条"))
    results = phone.push(bad, orphan, good)
    assert [r["status"] for r in results] == ["rejected", "rejected", "applied"]
    assert "category" in results[0]["errors"]
    assert results[1]["error_code"] == "dependency_rejected"
    assert db.session.query(Dispute).count() == 1


def test_agreeing_a_case_creates_its_revisit_thirty_days_out(phone, district, db):
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    party = create("party", {"dispute_id": dispute["id"], "role": "applicant", "name": "王秀兰",
                             "consent": "consented"})
    phone.push(dispute, party)
    version = db.session.get(Dispute, dispute["id"]).version
    [mediating] = phone.push(update("dispute", dispute["id"], version, {"status": "mediating"}))
    assert mediating["status"] == "applied", mediating
    [agreed] = phone.push(update("dispute", dispute["id"], mediating["record"]["version"], {
        "status": "agreed", "agreement_kind": "written", "agreement_terms": "302室赔偿维修费1200元",
        "agreement_signed_on": "2026-11-20"}))
    assert agreed["status"] == "applied", agreed
    [followup] = db.session.query(Followup).filter_by(dispute_id=dispute["id"]).all()
    assert followup.due_on.isoformat() == "2026-12-20"
    pulled = {r["id"]: r for r in phone.pull()}
    assert pulled[followup.id]["entity"] == "followup"


def test_a_stale_edit_of_another_field_merges(client, phone, district):
    peer = Phone.sign_in(client, "mediator_a_peer")
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    phone.push(dispute)
    peer.push(update("dispute", dispute["id"], 1, {"summary": "同事补充：已约双方周五面谈"}))
    [result] = phone.push(update("dispute", dispute["id"], 1, {"persons_involved": 4}))
    assert result["status"] == "merged"
    assert result["record"]["summary"] == "同事补充：已约双方周五面谈"
    assert result["record"]["persons_involved"] == 4


def test_the_same_field_changed_on_two_phones_is_a_conflict_keeping_both(client, phone, district, login):
    peer = Phone.sign_in(client, "mediator_a_peer")
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    phone.push(dispute)
    peer.push(update("dispute", dispute["id"], 1, {"summary": "版本甲"}))
    [result] = phone.push(update("dispute", dispute["id"], 1, {"summary": "版本乙"}))
    assert result["status"] == "conflict"
    assert result["record"]["summary"] == "版本乙" and result["record"]["has_open_conflict"] is True
    [conflict] = result["conflicts"]
    assert (conflict["field"], conflict["server"], conflict["device"], conflict["kept"]) == \
        ("summary", "版本甲", "版本乙", "device")
    listed = client.get("/api/conflicts?status=open", headers=login("supervisor_a")).get_json()["items"]
    assert [(c["field"], c["server"], c["device"]) for c in listed] == [("summary", "版本甲", "版本乙")]
    assert listed[0]["user"]["id"] == district.mediator_a.id and listed[0]["device_id"] == phone.device_id


def test_out_of_scope_records_are_refused_and_untouched(client, district, db):
    other = Phone.sign_in(client, "mediator_b")
    dispute = create("dispute", dispute_changes(district.grid_b.id))
    other.push(dispute)
    phone = Phone.sign_in(client, "mediator_a")
    [edit] = phone.push(update("dispute", dispute["id"], 1, {"title": "越权修改"}))
    assert edit["status"] == "rejected" and edit["error_code"] == "not_found"
    assert edit["record"] is None
    [into] = phone.push(create("dispute", dispute_changes(district.grid_b.id)))
    assert into["status"] == "rejected" and into["error_code"] == "forbidden"
    db.session.expire_all()
    assert db.session.get(Dispute, dispute["id"]).title == "楼上漏水致楼下天花板受损"


def test_a_case_in_the_next_grid_of_her_street_is_out_of_a_mediators_reach(client, district, db):
    """Just outside scope: grid_a2 shares mediator_a's community and street, and her supervisor reaches it."""
    supervisor, a = Phone.sign_in(client, "supervisor_a"), Phone.sign_in(client, "mediator_a")
    dispute = create("dispute", dispute_changes(district.grid_a2.id))
    assert [r["status"] for r in supervisor.push(dispute)] == ["applied"]
    [edit] = a.push(update("dispute", dispute["id"], 1, {"title": "越权修改"}))
    assert (edit["status"], edit["error_code"], edit["record"]) == ("rejected", "not_found", None)
    [party] = a.push(create("party", {"dispute_id": dispute["id"], "role": "applicant", "name": "王秀兰"}))
    assert party["status"] == "rejected"
    [into] = a.push(create("dispute", dispute_changes(district.grid_a2.id)))
    assert (into["status"], into["error_code"]) == ("rejected", "forbidden")
    [own] = a.push(create("dispute", dispute_changes(district.grid_a.id)))
    assert own["status"] == "applied"
    assert [r["status"] for r in supervisor.push(update("dispute", dispute["id"], 1, {"title": "街道可改"}))] == ["applied"]


def test_an_id_already_used_by_another_entity_is_rejected(phone, district):
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    phone.push(dispute)
    [result] = phone.push(create("visit", {"area_id": district.grid_a.id, "visited_at": "2026-11-28T02:00:00Z",
                                            "place": "兴福小区", "purposes": ["information"]}, dispute["id"]))
    assert result["status"] == "rejected" and "id" in result["errors"]


def test_an_id_taken_earlier_in_the_same_batch_by_another_entity_is_rejected(phone, district, db):
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    visit = create("visit", {"area_id": district.grid_a.id, "visited_at": "2026-11-28T02:00:00Z",
                             "place": "兴福小区", "purposes": ["information"]}, dispute["id"])
    created, refused = phone.push(dispute, visit)
    assert created["status"] == "applied"
    assert refused["status"] == "rejected" and "dispute" in refused["errors"]["id"][0]
    assert db.session.execute(sa.select(sa.func.count()).select_from(Visit)).scalar_one() == 0


def test_base_version_ahead_of_the_server_is_rejected(phone, district):
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    phone.push(dispute)
    [result] = phone.push(update("dispute", dispute["id"], 9, {"title": "未来版本"}))
    assert result["status"] == "rejected" and result["error_code"] == "base_version_ahead"


@pytest.mark.parametrize("mutation, code", [
    ({"entity": "spaceship", "op": "create", "changes": {}}, "unknown_entity"),
    ({"entity": "dispute", "op": "explode", "changes": {}}, "unknown_op"),
    ({"entity": "dispute", "op": "create", "changes": {"bogus_field": 1}}, "unknown_field"),
    ({"entity": "dispute", "op": "create", "changes": {"title": 42}}, "validation_failed"),
    ({"entity": "dispute", "op": "create", "changes": "not a dict"}, "invalid_mutation"),
    ({"entity": "dispute", "op": "create", "base_version": "one", "changes": {}}, "invalid_mutation"),
])
def test_malformed_mutations_are_rejected_one_by_one(phone, district, db, mutation, code):
    item = {"mutation_id": new_id(), "id": new_id(), **mutation}
    if item["op"] == "create" and isinstance(item["changes"], dict) and code == "validation_failed":
        item["changes"] = {**dispute_changes(district.grid_a.id), **item["changes"]}
    [result] = phone.push(item)
    assert result["status"] == "rejected"
    assert result["error_code"] == code or (code == "unknown_entity" and result["error_code"] in
                                            {"unknown_entity", "invalid_mutation"}), result
    assert db.session.query(Dispute).count() == 0


def test_request_level_errors_answer_in_the_error_shape(phone, district, db):
    assert phone.push_raw({"mutations": []}).status_code == 422
    assert phone.push_raw({"device_id": phone.device_id}).status_code == 422
    other = phone.push_raw({"device_id": "someone-else", "mutations": []})
    assert other.status_code == 403 and other.get_json()["error"]["code"] == "device_mismatch"
    assert other.get_json()["error"]["message"] == ("这次上传所署的设备不是您登录的设备。 / "
                                                    "This push names another device than the one you signed in on.")
    bad_json = phone.client.post("/api/sync/push", data="{oops", content_type="application/json",
                                 headers=phone.headers)
    assert bad_json.status_code == 400 and bad_json.get_json()["error"]["code"] == "malformed_json"
    assert phone.push_raw({"device_id": phone.device_id, "mutations": ["x"]}).status_code == 422
    assert phone.client.post("/api/sync/push", json={"device_id": phone.device_id, "mutations": []}).status_code == 401


def test_oversize_batches_answer_413(phone, district, db):
    many = [create("dispute", dispute_changes(district.grid_a.id)) for _ in range(501)]
    response = phone.push_raw({"device_id": phone.device_id, "mutations": many})
    assert response.status_code == 413 and response.get_json()["error"]["code"] == "batch_too_large"
    huge = create("dispute", dispute_changes(district.grid_a.id, summary="长" * (10 * 1024 * 1024)))
    response = phone.push_raw({"device_id": phone.device_id, "mutations": [huge]})
    assert response.status_code == 413
    assert db.session.query(Dispute).count() == 0
    assert phone.client.get("/healthz").status_code == 200


def test_the_device_health_report_is_kept(phone, district, db):
    phone.push(device={"app_version": "1.2.0", "outbox_size": 3, "oldest_pending": "2026-11-27T01:00:00Z",
                       "storage_used_bytes": 2048, "pending_attachment_bytes": 409600,
                       "device_time": "2030-01-01T00:00:00Z"})
    health = db.session.get(DeviceHealth, phone.device_id)
    assert (health.app_version, health.pending_edits, health.storage_used_bytes) == ("1.2.0", 3, 2048)
    assert health.pending_attachment_bytes == 409600
    assert health.last_sync_at is not None and health.clock_skew_flagged is True


def test_a_mediator_voids_a_case_only_until_it_is_accepted_then_voiding_is_for_supervisors(client, phone, district, db):
    mistaken = create("dispute", dispute_changes(district.grid_a.id))
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    phone.push(mistaken, dispute)
    [own_mistake] = phone.push(void("dispute", mistaken["id"], 1, "误登记"))
    assert own_mistake["status"] == "applied" and own_mistake["record"]["void_reason"] == "误登记"
    supervisor = Phone.sign_in(client, "supervisor_a")
    [accepted] = supervisor.push(update("dispute", dispute["id"], 1, {"status": "accepted"}))
    assert accepted["status"] == "applied", accepted
    [refused] = phone.push(void("dispute", dispute["id"], 2, "重复登记"))
    assert refused["status"] == "rejected" and refused["error_code"] == "forbidden"
    assert refused["errors"]["voided_at"][0].startswith("调解员只能作废尚未受理的案件")
    [voided] = supervisor.push(void("dispute", dispute["id"], 2, "重复登记"))
    assert voided["status"] == "applied" and voided["record"]["voided_at"]
    assert voided["record"]["void_reason"] == "重复登记"


def test_client_time_is_kept_beside_the_receipt_time(phone, district, db):
    from app.models import AppliedMutation
    mutation = create("dispute", dispute_changes(district.grid_a.id))
    phone.push(mutation)
    row = db.session.get(AppliedMutation, mutation["mutation_id"])
    assert row.client_time == "2026-11-28T08:00:00Z" and row.created_at is not None


def test_ten_thousand_mutations_in_one_request_answer_413_and_change_nothing(phone, district, db):
    tiny = [{"mutation_id": str(n), "entity": "dispute", "id": str(n), "op": "void"} for n in range(10_000)]
    response = phone.push_raw({"device_id": phone.device_id, "mutations": tiny})
    assert response.status_code == 413
    assert response.get_json()["error"]["details"]["max_mutations"] == 500
    assert db.session.query(Dispute).count() == 0


def test_creating_an_id_that_exists_in_another_users_scope_reveals_nothing(client, district, db):
    other = Phone.sign_in(client, "mediator_b")
    theirs = create("dispute", dispute_changes(district.grid_b.id, title="段北的案件"))
    other.push(theirs)
    phone = Phone.sign_in(client, "mediator_a")
    [result] = phone.push(create("dispute", dispute_changes(district.grid_a.id), theirs["id"]))
    assert result["status"] == "rejected" and result["error_code"] == "already_exists"
    assert result["record"] is None and "段北" not in str(result)
    db.session.expire_all()
    assert db.session.get(Dispute, theirs["id"]).area_id == district.grid_b.id


MOST_MUTATIONS, MOST_BYTES = 3, 4096


@pytest.fixture
def capped(app, phone):
    """A phone of a server whose pushes carry at most 3 mutations and 4096 bytes."""
    app.config.update(SYNC_MAX_MUTATIONS=MOST_MUTATIONS, SYNC_MAX_BYTES=MOST_BYTES)
    return phone


def assert_too_large(response, cap: str) -> None:
    """The 413 tells the phone both caps, so it can split the batch."""
    error = response.get_json()["error"]
    assert (response.status_code, error["code"]) == (413, "batch_too_large"), error
    assert error["details"] == {"max_bytes": MOST_BYTES, "max_mutations": MOST_MUTATIONS}
    assert error["message"].endswith(f"A push may carry at most {cap}; send smaller batches."), error


def test_a_batch_of_the_most_mutations_is_applied_and_one_more_is_refused_whole(capped, district):
    batch = [create("dispute", dispute_changes(district.grid_a.id)) for _ in range(MOST_MUTATIONS + 1)]
    assert_too_large(capped.push_raw({"device_id": capped.device_id, "mutations": batch}), "3 mutations")
    assert capped.pull() == []
    assert [r["status"] for r in capped.push(*batch[:MOST_MUTATIONS])] == ["applied"] * MOST_MUTATIONS


def test_a_body_past_the_byte_cap_is_refused_and_one_within_it_applied(capped, district):
    long = create("dispute", dispute_changes(district.grid_a.id, summary="长" * (MOST_BYTES // 3)))
    assert_too_large(capped.push_raw({"device_id": capped.device_id, "mutations": [long]}), "4096 bytes")
    short = create("dispute", dispute_changes(district.grid_a.id, summary="长" * 100))
    assert [r["status"] for r in capped.push(short)] == ["applied"]


def test_a_mutation_id_sent_twice_in_one_batch_judges_each_edit_on_its_own_fields(phone, district, db):
    bad = create("dispute", dispute_changes(district.grid_a.id, persons_involved=-3))
    good = {**create("dispute", dispute_changes(district.grid_a.id)), "mutation_id": bad["mutation_id"]}
    results = phone.push(bad, good)
    assert [(r["status"], r.get("error_code")) for r in results] == [
        ("rejected", "validation_failed"), ("rejected", "mutation_id_reused")]
    assert list(results[0]["errors"]) == ["persons_involved"]
    good_first = create("dispute", dispute_changes(district.grid_a.id))
    bad_second = {**create("dispute", dispute_changes(district.grid_a.id, persons_involved=-3)),
                  "mutation_id": good_first["mutation_id"]}
    assert [r["status"] for r in phone.push(good_first, bad_second)] == ["applied", "rejected"]
    assert db.session.query(Dispute).count() == 1


@pytest.mark.parametrize("mutation_id", [None, 7, ["m1"]], ids=["missing", "a number", "a list"])
def test_a_mutation_without_a_text_mutation_id_refuses_the_push_chinese_first_and_applies_nothing(
        phone, district, db, mutation_id):
    good = create("dispute", dispute_changes(district.grid_a.id))
    nameless = create("dispute", dispute_changes(district.grid_a.id))
    if mutation_id is None:
        del nameless["mutation_id"]
    else:
        nameless["mutation_id"] = mutation_id
    response = phone.push_raw({"device_id": phone.device_id, "mutations": [good, nameless]})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert error["message"] == "每项修改都须是带 mutation_id 的对象。 / Every mutation must be an object with a mutation_id."
    assert error["details"] == {"mutations": ["每项都须有文本型的 mutation_id。 / Each item needs a string mutation_id."]}
    assert db.session.query(Dispute).count() == 0


def test_a_create_with_a_bad_field_and_an_id_another_record_holds_is_told_both(phone, district, db):
    visit = create("visit", {"area_id": district.grid_a.id, "visited_at": "2026-11-28T07:30:00Z",
                             "place": "幸福里3号楼", "purposes": ["information"]})
    phone.push(visit)
    clash = create("dispute", dispute_changes(district.grid_a.id, persons_involved=-3), record_id=visit["id"])
    [result] = phone.push(clash)
    assert (result["status"], result["error_code"]) == ("rejected", "validation_failed")
    assert sorted(result["errors"]) == ["id", "persons_involved"]
    assert result["errors"]["id"] == ["这个编号已属于另一条记录（visit）：请换一个编号。 / This id already belongs to a visit; make a new id."]


def test_an_invalid_envelope_is_answered_under_its_own_mutation_id_with_the_field_at_fault(phone, district, db):
    good = create("dispute", dispute_changes(district.grid_a.id))
    bad_base = {**create("dispute", dispute_changes(district.grid_a.id)), "base_version": "one"}
    long_id = {**create("dispute", dispute_changes(district.grid_a.id)), "mutation_id": "m" * 70}
    results = phone.push(good, bad_base, long_id)
    assert [r["status"] for r in results] == ["applied", "rejected", "rejected"]
    assert (results[1]["mutation_id"], results[1]["error_code"]) == (bad_base["mutation_id"], "invalid_mutation")
    assert list(results[1]["errors"]) == ["base_version"]
    assert (results[2]["mutation_id"], list(results[2]["errors"])) == ("m" * 64, ["mutation_id"])
    assert db.session.query(Dispute).count() == 1


def test_a_push_answers_the_servers_time_in_utc_to_the_millisecond_whatever_the_hosts_zone(
        phone, district, monkeypatch):
    monkeypatch.setenv("TZ", "<+24>-24")  # the host a whole day ahead of UTC: reading its clock shows on any day
    time.tzset()
    try:
        before = datetime.now(UTC)
        response = phone.push_raw({"device_id": phone.device_id, "mutations": []})
        after = datetime.now(UTC)
    finally:
        monkeypatch.undo()
        time.tzset()
    stamp = response.get_json()["server_time"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", stamp), stamp
    assert before - timedelta(milliseconds=1) <= datetime.fromisoformat(stamp) <= after


def test_a_record_stored_by_a_push_names_who_made_it_and_who_changed_it_last(client, phone, district, db):
    """The answer and the stored row agree: a pull (and every screen reading the row) shows the last editor."""
    peer = Phone.sign_in(client, "mediator_a_peer")
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    phone.push(dispute)
    [answer] = peer.push(update("dispute", dispute["id"], 1, {"summary": "同事补充：已约双方周五面谈"}))
    stored = db.session.get(Dispute, dispute["id"])
    assert (stored.created_by, stored.updated_by) == (district.mediator_a.id, district.mediator_a_peer.id)
    assert (answer["record"]["created_by"], answer["record"]["updated_by"]) == (stored.created_by, stored.updated_by)
    [pulled] = [record for record in phone.pull() if record["id"] == dispute["id"]]
    assert pulled["updated_by"] == district.mediator_a_peer.id


def test_a_versions_history_entry_bears_the_same_moment_as_the_record(client, phone, district, db):
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    phone.push(dispute)
    phone.push(update("dispute", dispute["id"], 1, {"summary": "双方同意周五面谈"}))
    stored = db.session.get(Dispute, dispute["id"])
    history = db.session.execute(sa.select(ChangeHistory.version, ChangeHistory.server_time)
                                 .where(ChangeHistory.record_id == dispute["id"])
                                 .order_by(ChangeHistory.version)).all()
    assert [version for version, _ in history] == [1, 2]
    assert history[0].server_time == stored.created_at and history[1].server_time == stored.updated_at
    [pulled] = [record for record in phone.pull() if record["id"] == dispute["id"]]
    [answer] = phone.push(update("dispute", dispute["id"], 2, {"title": "漏水纠纷"}))
    assert answer["record"]["created_at"] == pulled["created_at"] is not None


def test_two_offline_edits_of_one_record_in_one_batch_apply_in_turn_without_a_conflict_with_itself(
        client, phone, district, db):
    """The second edit reads the record's history past its base: the stored change of another phone and the
    first edit, written earlier in the same batch (the store's in-batch history)."""
    peer = Phone.sign_in(client, "mediator_a_peer")
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    phone.push(dispute)
    peer.push(update("dispute", dispute["id"], 1, {"persons_involved": 5}))
    first, second = phone.push(update("dispute", dispute["id"], 1, {"summary": "第一次补充"}),
                               update("dispute", dispute["id"], 1, {"summary": "第二次补充", "title": "漏水纠纷"}))
    assert (first["status"], second["status"]) == ("merged", "merged"), (first, second)
    assert second["conflicts"] == [] and first["conflicts"] == []
    assert (second["record"]["version"], second["record"]["summary"], second["record"]["persons_involved"]) \
        == (4, "第二次补充", 5)
    history = db.session.execute(sa.select(ChangeHistory.version, ChangeHistory.device_id)
                                 .where(ChangeHistory.record_id == dispute["id"]).order_by(ChangeHistory.version)).all()
    assert history == [(1, phone.device_id), (2, peer.device_id), (3, phone.device_id), (4, phone.device_id)]
