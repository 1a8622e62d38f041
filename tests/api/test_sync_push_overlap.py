"""A push is worked out before the writer's lock; under it the batch is stamped with real seqs and
case numbers, or redone when something it read was written meanwhile (sync-protocol.md §6)."""
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from app.models import (
    AppliedMutation,
    CaseCounter,
    ChangeHistory,
    Dispute,
    Party,
    ServerSequence,
)
from app.services.sync import push as sync_push
from app.services.sync import store as sync_store
from tests.phones import Phone, create, dispute_changes, update

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def phone(client, district):
    return Phone.sign_in(client, "mediator_a")


@pytest.fixture
def meanwhile(monkeypatch):
    """Run a callable (another device's push) between the first push's work-out and its lock;
    answers the list of `settle` verdicts."""
    pending: list[Callable[[], None]] = []
    settled: list[bool] = []
    real_work_out, real_settle = sync_push._work_out, sync_store.SqlSyncStore.settle

    def work_out(*args):
        worked_out = real_work_out(*args)
        while pending:
            pending.pop()()
        return worked_out

    def settle(store, results):
        settled.append(real_settle(store, results))
        return settled[-1]

    monkeypatch.setattr(sync_push, "_work_out", work_out)
    monkeypatch.setattr(sync_store.SqlSyncStore, "settle", settle)
    return pending, settled


def test_a_batch_overtaken_by_an_unrelated_push_gets_the_seqs_and_case_number_after_it(
        client, phone, district, db, meanwhile):
    pending, settled = meanwhile
    other = Phone.sign_in(client, "mediator_a")
    theirs = create("dispute", dispute_changes(district.grid_a.id, title="他人的案件"))
    overtaken: list[dict] = []
    pending.append(lambda: overtaken.extend(other.push(theirs)))
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    party = create("party", {"dispute_id": dispute["id"], "role": "applicant", "name": "王秀兰"})
    edit = update("dispute", dispute["id"], 1, {"summary": "双方已同意调解"})
    results = phone.push(dispute, party, edit)

    assert settled == [True, True]
    assert [r["status"] for r in results] == ["applied"] * 3
    seqs = [r["record"]["seq"] for r in results]
    assert seqs == [overtaken[0]["record"]["seq"] + n for n in (1, 2, 3)]
    theirs_no, ours_no = overtaken[0]["record"]["case_no"], results[0]["record"]["case_no"]
    assert int(ours_no[-6:-1]) == int(theirs_no[-6:-1]) + 1 and results[2]["record"]["case_no"] == ours_no
    db.session.expire_all()
    stored = db.session.get(Dispute, dispute["id"])
    assert (stored.seq, stored.case_no, stored.version) == (seqs[2], ours_no, 2)
    assert db.session.get(Party, party["id"]).seq == seqs[1]
    history = db.session.query(ChangeHistory).filter_by(record_id=dispute["id"]).order_by(ChangeHistory.version)
    assert [(h.seq, h.changes.get("case_no")) for h in history] == [(seqs[0], [None, ours_no]), (seqs[2], None)]
    outcomes = {row.mutation_id: row.outcome["record"] for row in db.session.query(AppliedMutation)}
    assert [outcomes[m["mutation_id"]] for m in (dispute, party, edit)] == [
        {"id": dispute["id"], "version": 1}, {"id": party["id"], "version": 1}, {"id": dispute["id"], "version": 2}]
    assert db.session.get(ServerSequence, 1).last_seq == seqs[2]
    assert db.session.query(sa.func.max(CaseCounter.last_no)).scalar() == int(ours_no[-6:-1])
    assert [r["record"] for r in phone.push(dispute, party, edit)] == [
        results[2]["record"], results[1]["record"], results[2]["record"]]


def test_a_batch_editing_stored_records_overtaken_by_an_unrelated_push_is_not_redone(
        client, phone, district, db, meanwhile):
    """Only what was written past the batch's start counts: its case and party, stored before, do not."""
    pending, settled = meanwhile
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    party = create("party", {"dispute_id": dispute["id"], "role": "applicant", "name": "王秀兰"})
    phone.push(dispute, party)
    peer = Phone.sign_in(client, "mediator_a_peer")
    pending.append(lambda: peer.push(create("dispute", dispute_changes(district.grid_a.id, title="另一件"))))
    results = phone.push(update("dispute", dispute["id"], 1, {"persons_involved": 4}),
                         update("party", party["id"], 1, {"occupation": "worker"}))
    assert settled[-2:] == [True, True]
    assert [r["status"] for r in results] == ["applied", "applied"]


def test_a_batch_whose_record_was_edited_meanwhile_is_redone_under_the_lock(client, phone, district, db, meanwhile):
    pending, settled = meanwhile
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    phone.push(dispute)
    peer = Phone.sign_in(client, "mediator_a_peer")
    pending.append(lambda: peer.push(update("dispute", dispute["id"], 1, {"summary": "同事补充"})))
    [result] = phone.push(update("dispute", dispute["id"], 1, {"persons_involved": 4}))

    assert settled[-2:] == [True, False]
    assert result["status"] == "merged"
    assert (result["record"]["version"], result["record"]["summary"], result["record"]["persons_involved"]) == \
        (3, "同事补充", 4)
    db.session.expire_all()
    assert db.session.get(Dispute, dispute["id"]).seq == result["record"]["seq"] == \
        db.session.get(ServerSequence, 1).last_seq


def test_a_party_added_meanwhile_to_a_dispute_the_batch_read_redoes_it(client, phone, district, db, meanwhile):
    pending, settled = meanwhile
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    phone.push(dispute)
    peer = Phone.sign_in(client, "mediator_a_peer")
    party = create("party", {"dispute_id": dispute["id"], "role": "applicant", "name": "王秀兰",
                             "consent": "consented"})
    pending.append(lambda: peer.push(party))
    phone.push(update("dispute", dispute["id"], 1, {"status": "mediating"}))
    assert settled[-2:] == [True, False]


def test_a_mutation_applied_meanwhile_answers_duplicate(client, phone, district, db, meanwhile):
    pending, settled = meanwhile
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    first: list[dict] = []
    pending.append(lambda: first.extend(phone.push(dispute)))
    [result] = phone.push(dispute)

    assert settled == [True, False]
    assert (first[0]["status"], result["status"], result["original_status"]) == ("applied", "duplicate", "applied")
    assert result["record"] == first[0]["record"]
    assert db.session.query(AppliedMutation).count() == 1 and db.session.query(Dispute).count() == 1


def test_a_batch_redone_under_the_lock_keeps_each_client_time_and_still_refuses_an_id_another_record_holds(
        client, phone, district, db, meanwhile):
    pending, settled = meanwhile
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    visit = create("visit", {"area_id": district.grid_a.id, "visited_at": "2026-11-28T07:30:00Z",
                             "place": "幸福里3号楼", "purposes": ["information"]})
    phone.push(dispute, visit)
    peer = Phone.sign_in(client, "mediator_a_peer")
    pending.append(lambda: peer.push(update("dispute", dispute["id"], 1, {"summary": "同事补充"})))
    edit = {**update("dispute", dispute["id"], 1, {"persons_involved": 4}), "client_time": "2026-11-28T09:41:00Z"}
    party_with_the_visits_id = create("party", {"dispute_id": dispute["id"], "role": "applicant", "name": "王秀兰"},
                                      record_id=visit["id"])
    results = phone.push(edit, party_with_the_visits_id)

    assert settled[-2:] == [True, False]
    assert [r["status"] for r in results] == ["merged", "rejected"]
    assert list(results[1]["errors"]) == ["id"]
    db.session.expire_all()
    assert db.session.get(Party, visit["id"]) is None
    assert db.session.get(AppliedMutation, edit["mutation_id"]).client_time == "2026-11-28T09:41:00Z"
