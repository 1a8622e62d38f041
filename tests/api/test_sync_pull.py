"""GET /api/sync/pull: scope, seq order, tombstones, cursors, resets, cases entering and leaving scope."""
import base64
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import SYNCED_MODELS, AuditLog, ChangeHistory
from app.services.sync.cursors import encode_cursor
from app.services.sync.pull import flat_record
from tests.phones import Phone, create, dispute_changes, update, void
from tests.records import make_dispute, make_followup, make_party, make_visit

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def phones(client, district):
    return {name: Phone.sign_in(client, name) for name in
            ("mediator_a", "mediator_a_peer", "mediator_b", "supervisor_a", "admin")}


def test_first_pull_returns_the_scope_in_seq_order_with_tombstones(phones, district):
    a, b, boss = phones["mediator_a"], phones["mediator_b"], phones["supervisor_a"]
    mine = create("dispute", dispute_changes(district.grid_a.id, title="我的案件"))
    party = create("party", {"dispute_id": mine["id"], "role": "applicant", "name": "王秀兰"})
    theirs = create("dispute", dispute_changes(district.grid_b.id, title="段北案件"))
    a.push(mine, party)
    b.push(theirs)
    boss.push(void("party", party["id"], 1, "录入错误"))
    records = a.pull()
    assert [r["id"] for r in records] == [mine["id"], party["id"]]
    seqs = [r["seq"] for r in records]
    assert seqs == sorted(seqs)
    tombstone = records[1]
    assert tombstone["voided_at"] and tombstone["void_reason"] == "录入错误" and tombstone["entity"] == "party"
    assert records[0]["case_no"] and records[0]["version"] == 1


def test_a_mediator_pulls_nothing_from_the_next_grid_of_her_street_and_her_supervisor_pulls_both(phones, district):
    a, boss = phones["mediator_a"], phones["supervisor_a"]
    mine = create("dispute", dispute_changes(district.grid_a.id, title="兴福一网格案"))
    next_grid = create("dispute", dispute_changes(district.grid_a2.id, title="兴福二网格案"))
    next_party = create("party", {"dispute_id": next_grid["id"], "role": "applicant", "name": "李建国"})
    next_visit = create("visit", {"area_id": district.grid_a2.id, "visited_at": "2026-11-21T09:00:00Z",
                                  "place": "兴福二网格", "purposes": ["information"]})
    boss.push(mine, next_grid, next_party, next_visit)
    assert ids(a.pull()) == {mine["id"]}
    assert ids(boss.pull()) == {mine["id"], next_grid["id"], next_party["id"], next_visit["id"]}


def test_pull_pages_until_done_and_then_sees_only_new_changes(phones, district):
    a = phones["mediator_a"]
    mutations = [create("dispute", dispute_changes(district.grid_a.id, title=f"案件{i}")) for i in range(7)]
    a.push(*mutations)
    assert [len(body["records"]) for body in pages(a.client, a, limit=3)] == [3, 3, 1]
    assert [(len(body["records"]), body["has_more"]) for body in pages(a.client, a, limit=7)] == [(7, False)]
    assert len(a.pull(limit=3)) == 7
    assert a.pull() == []
    a.push(update("dispute", mutations[0]["id"], 1, {"summary": "更新"}))
    [changed] = a.pull()
    assert changed["id"] == mutations[0]["id"] and changed["version"] == 2


def test_a_peer_in_the_same_grid_receives_the_other_phones_edits(phones, district):
    a, peer = phones["mediator_a"], phones["mediator_a_peer"]
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    a.push(dispute)
    assert [r["id"] for r in peer.pull()] == [dispute["id"]]


def test_a_grid_moved_into_the_street_resets_the_cursor_and_arrives_whole(client, phones, district, login):
    boss = phones["supervisor_a"]
    moved_case = make_dispute(district.grid_b.id, title="段北旧案")
    party = make_party(moved_case)
    boss.pull()
    assert moved_case.id not in boss.records

    response = client.patch(f"/api/admin/areas/{district.community_b.id}", headers=login("admin"),
                            json={"parent_id": district.street_a.id})
    assert response.status_code == 200, response.get_json()

    stale = client.get("/api/sync/pull", query_string={"cursor": boss.cursor}, headers=boss.headers)
    assert stale.get_json()["reset"] is True
    boss.pull()
    assert {moved_case.id, party.id} <= set(boss.records)
    assert boss.records == first_sync(client, "supervisor_a")


@pytest.mark.parametrize("cursor", ["garbage", "", "Yzp4eHg6OTk"])
def test_a_cursor_the_server_cannot_honour_answers_reset(client, phones, district, cursor):
    a = phones["mediator_a"]
    response = client.get("/api/sync/pull", query_string={"cursor": cursor}, headers=a.headers)
    body = response.get_json()
    if cursor == "":
        assert response.status_code == 200 and "reset" not in body
    else:  # the phone drops what it holds and starts over
        assert response.status_code == 200 and body == {"reset": True, "records": [], "cursor": None, "has_more": True}


def _cursor_parts(cursor: str) -> tuple[str, int, str]:
    """The database id, seq and scope key a cursor the server gave carries (`cursors.encode_cursor`)."""
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    _prefix, database_id, seq, scope_key = raw.split("|")
    return database_id, int(seq), scope_key


def _answer(client, phone, cursor):
    return client.get("/api/sync/pull", query_string={"cursor": cursor}, headers=phone.headers).get_json()


def test_a_cursor_that_differs_in_one_respect_only_answers_reset(client, phones, district):
    """Each cursor below matches the real one in every respect but the one under test, so a reset
    can only come from that check; the real one, and one at the head of the sequence, are honoured."""
    a = phones["mediator_a"]
    a.push(create("dispute", dispute_changes(district.grid_a.id)))
    a.pull()
    database_id, head, scope_key = _cursor_parts(a.cursor)
    assert encode_cursor(database_id, head, scope_key) == a.cursor

    for honoured in (a.cursor, encode_cursor(database_id, head - 1, scope_key)):
        body = _answer(client, a, honoured)
        assert "reset" not in body and body["evictions"] == [], honoured

    other_database = "00000000-0000-0000-0000-000000000000"
    for cursor in (encode_cursor(other_database, head, scope_key),
                   encode_cursor(database_id, head + 1, scope_key),  # ahead of the server by one
                   encode_cursor(database_id, -1, scope_key),
                   encode_cursor(database_id, head, scope_key + "0"),
                   encode_cursor(database_id, head, scope_key.replace("mediator-", "supervisor-"))):
        body = _answer(client, a, cursor)
        assert body["reset"] is True and body["records"] == [], _cursor_parts(cursor)


def test_a_case_reassigned_away_is_evicted_from_the_mediators_phone_with_its_parties(phones, district):
    b, boss_b = phones["mediator_b"], Phone.sign_in(phones["admin"].client, "supervisor_b")
    a = phones["mediator_a"]
    dispute, children = case_with_children(b, district.grid_b.id)
    b.push(update("party", children[0]["id"], 1, {"id_number": "37010419800101123X"}))
    boss_b.push(update("dispute", dispute["id"], 1, {"status": "accepted", "assigned_mediator_id": district.mediator_a.id}))
    a.pull()
    assert {dispute["id"]} | ids(children) <= set(a.records)
    assert a.records[children[0]["id"]]["id_number"] == "37010419800101123X"

    boss_b.push(update("dispute", dispute["id"], 2, {"assigned_mediator_id": district.mediator_b.id}))
    received = a.pull()
    assert dispute["id"] not in ids(received)
    assert sorted((gone["entity"], gone["id"]) for gone in a.evicted) == \
        sorted([("dispute", dispute["id"])] + [(child["entity"], child["id"]) for child in children])
    assert a.records == {}  # no party's phone or ID number stays on the old mediator's phone


def test_pull_needs_sign_in_and_valid_limits(client, phones):
    assert client.get("/api/sync/pull").status_code == 401
    response = client.get("/api/sync/pull?limit=0", headers=phones["admin"].headers)
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "validation_error"


def test_pulled_records_equal_the_flat_form_of_their_rows(phones, district):
    """The page query reads SQLite's dates and timestamps as stored text; the JSON must not change."""
    a = phones["mediator_a"]
    dispute = make_dispute(district.grid_a.id, reported_at=datetime(2026, 11, 1, 9, 0, 0, 123987))
    party = make_party(dispute, voided_at=datetime(2026, 11, 3, 7, 5, 9), void_reason="录入错误")
    if db.engine.dialect.name == "sqlite":  # text without microseconds, as a hand-written row would hold
        db.session.execute(sa.text("UPDATE parties SET voided_at = '2026-11-03 07:05:09' WHERE id = :id"),
                           {"id": party.id})
        db.session.commit()
    make_followup(dispute, due_on=date(2026, 12, 24), done_at=datetime(2026, 12, 24, 23, 59, 59, 999999))
    make_visit(district.grid_a.id, dispute_ids=[dispute.id], visited_at=datetime(2026, 11, 2, 10, 0, 0, 500))
    records = a.pull(limit=2)
    assert len(records) == 4
    for record in records:
        row = db.session.get(SYNCED_MODELS[record["entity"]], record["id"])
        assert record == flat_record(record["entity"], row)
    assert records[0]["reported_at"] == "2026-11-01T09:00:00.123Z"
    assert records[1]["voided_at"] == "2026-11-03T07:05:09.000Z"


def first_sync(client, username: str) -> dict[str, dict]:
    """What a fresh phone of this user holds after its first sync: the scope as it stands."""
    fresh = Phone.sign_in(client, username)
    fresh.pull()
    return fresh.records


def case_with_children(phone: Phone, area_id: int) -> tuple[dict, list[dict]]:
    """A case pushed with one child of every kind: party, mediation log, revisit, referral and attachment."""
    dispute = create("dispute", dispute_changes(area_id, title="段北旧案"))
    party = create("party", {"dispute_id": dispute["id"], "role": "applicant", "name": "王秀兰",
                             "phone": "13812345678"})
    children = [
        party,
        create("mediation_log", {"dispute_id": dispute["id"], "held_at": "2026-11-20T09:00:00Z"}),
        create("followup", {"dispute_id": dispute["id"], "due_on": "2026-12-20"}),
        create("referral", {"dispute_id": dispute["id"], "agency_kind": "court"}),
        create("attachment", {"dispute_id": dispute["id"], "parent_entity": "party", "parent_id": party["id"],
                              "kind": "signature", "mime_type": "image/png", "byte_size": 2048, "sha256": "ab" * 32}),
    ]
    results = phone.push(dispute, *children)
    assert [r["status"] for r in results] == ["applied"] * 6, results
    return dispute, children


def ids(records) -> set[str]:
    return {r["id"] for r in records}


def test_a_case_dispatched_from_another_grid_arrives_with_all_its_children(client, phones, district):
    a, b, admin = phones["mediator_a"], phones["mediator_b"], phones["admin"]
    boss_b = Phone.sign_in(client, "supervisor_b")
    dispute, children = case_with_children(b, district.grid_b.id)
    seen_there = create("visit", {"area_id": district.grid_b.id, "visited_at": "2026-11-21T09:00:00Z",
                                  "place": "段北小区", "purposes": ["mediation"], "dispute_ids": [dispute["id"]]})
    seen_here = create("visit", {"area_id": district.grid_a.id, "visited_at": "2026-11-21T10:00:00Z",
                                 "place": "兴福小区", "purposes": ["information"], "dispute_ids": [dispute["id"]]})
    admin.push(seen_there, seen_here)
    assert ids(a.pull()) == {seen_here["id"]}

    boss_b.push(update("dispute", dispute["id"], 1, {"status": "accepted",
                                                     "assigned_mediator_id": district.mediator_a.id}))
    received = a.pull(limit=2)
    assert ids(received) == {dispute["id"]} | ids(children)
    assert seen_there["id"] not in a.records  # a visit is placed by its own grid, not by the cases it found
    assert a.records == first_sync(client, "mediator_a")


def test_children_resent_on_entry_keep_their_version_and_history(client, phones, district, db):
    a, b = phones["mediator_a"], phones["mediator_b"]
    boss_b = Phone.sign_in(client, "supervisor_b")
    dispute, children = case_with_children(b, district.grid_b.id)
    a.pull()
    history_rows = db.session.execute(sa.select(sa.func.count()).select_from(ChangeHistory)).scalar_one()
    boss_b.push(update("dispute", dispute["id"], 1, {"assigned_mediator_id": district.mediator_a.id}))
    received = {r["id"]: r for r in a.pull()}
    assert all(received[child["id"]]["version"] == 1 for child in children)
    assert db.session.execute(sa.select(sa.func.count()).select_from(ChangeHistory)).scalar_one() == history_rows + 1


def test_a_case_that_leaves_goes_with_its_children_and_comes_back_whole(client, phones, district):
    a, b = phones["mediator_a"], phones["mediator_b"]
    boss_b = Phone.sign_in(client, "supervisor_b")
    dispute, children = case_with_children(b, district.grid_b.id)
    boss_b.push(update("dispute", dispute["id"], 1, {"assigned_mediator_id": district.mediator_a.id}))
    assert ids(a.pull()) == {dispute["id"]} | ids(children)

    boss_b.push(update("dispute", dispute["id"], 2, {"assigned_mediator_id": district.mediator_b.id}))
    a.pull()
    assert ids(a.evicted) == {dispute["id"]} | ids(children)
    assert a.records == first_sync(client, "mediator_a") == {}

    boss_b.push(update("dispute", dispute["id"], 3, {"assigned_mediator_id": district.mediator_a.id}))
    assert ids(a.pull(limit=1)) == {dispute["id"]} | ids(children)
    assert a.records == first_sync(client, "mediator_a")


def test_a_case_moved_between_grids_arrives_whole_and_leaves_whole(client, phones, district):
    a, peer, boss = phones["mediator_a"], phones["mediator_a_peer"], phones["supervisor_a"]
    dispute, children = case_with_children(boss, district.grid_a2.id)
    a.pull()
    assert a.records == {}

    boss.push(update("dispute", dispute["id"], 1, {"area_id": district.grid_a.id}))
    assert ids(a.pull()) == {dispute["id"]} | ids(children)
    assert ids(peer.pull()) == {dispute["id"]} | ids(children)  # a phone with no cursor yet
    assert a.records == first_sync(client, "mediator_a")

    boss.push(update("dispute", dispute["id"], 2, {"area_id": district.grid_a2.id}))
    a.pull()
    assert ids(a.evicted) == {dispute["id"]} | ids(children)
    assert a.records == first_sync(client, "mediator_a") == {}


def test_a_case_a_conflict_resolution_dispatches_back_arrives_whole(client, phones, district):
    """Resolution writes through the same store as a push: the case it hands back comes with its children."""
    a, boss = phones["mediator_a"], phones["supervisor_a"]
    other_boss = Phone.sign_in(client, "supervisor_a")
    dispute, children = case_with_children(boss, district.grid_a2.id)
    boss.push(update("dispute", dispute["id"], 1, {"assigned_mediator_id": district.mediator_a.id}))
    other_boss.push(update("dispute", dispute["id"], 1, {"assigned_mediator_id": district.mediator_a_peer.id}))
    a.pull()
    assert a.records == first_sync(client, "mediator_a") == {}
    [conflict] = client.get(f"/api/conflicts?status=open&record_id={dispute['id']}",
                            headers=boss.headers).get_json()["items"]
    assert conflict["field"] == "assigned_mediator_id"

    response = client.post(f"/api/conflicts/{conflict['id']}/resolve", json={"choose": "server"},
                           headers=boss.headers)
    assert response.status_code == 200, response.get_json()
    assert ids(a.pull(limit=2)) == {dispute["id"]} | ids(children)
    assert a.records == first_sync(client, "mediator_a")


def pages(client, phone: Phone, limit: int) -> list[dict]:
    """Every page of a first sync, as answered."""
    answered, cursor = [], None
    while True:
        query = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/sync/pull", query_string=query, headers=phone.headers).get_json()
        answered.append(body)
        cursor = body["cursor"]
        if not body["has_more"]:
            return answered


def test_a_page_holds_exactly_the_limit_of_the_oldest_changes_across_entities(client, phones, district):
    a = phones["mediator_a"]
    cases = [create("dispute", dispute_changes(district.grid_a.id, title=f"案件{i}")) for i in range(3)]
    parties = [create("party", {"dispute_id": case["id"], "role": "applicant", "name": f"当事人{i}"})
               for i, case in enumerate(cases)]
    visit = create("visit", {"area_id": district.grid_a.id, "visited_at": "2026-11-21T09:00:00Z",
                             "place": "兴福小区", "purposes": ["information"]})
    a.push(cases[0], parties[0], cases[1], visit, parties[1], cases[2], parties[2])
    answered = pages(client, a, limit=3)
    assert [len(body["records"]) for body in answered] == [3, 3, 1]
    assert [body["has_more"] for body in answered] == [True, True, False]
    seqs = [r["seq"] for body in answered for r in body["records"]]
    assert seqs == sorted(seqs) and len(set(seqs)) == 7
    assert [r["id"] for body in answered for r in body["records"]] == \
        [cases[0]["id"], parties[0]["id"], cases[1]["id"], visit["id"], parties[1]["id"], cases[2]["id"], parties[2]["id"]]
    assert [body["records"][-1]["seq"] for body in answered[:2]] == [seqs[2], seqs[5]]  # a cursor ends its page
    again = client.get("/api/sync/pull", query_string={"cursor": answered[1]["cursor"]}, headers=a.headers).get_json()
    assert [r["id"] for r in again["records"]] == [parties[2]["id"]]


def test_only_records_the_phone_may_hold_are_evicted_and_never_on_a_first_sync(client, phones, district):
    a, b, boss_b = phones["mediator_a"], phones["mediator_b"], Phone.sign_in(phones["admin"].client, "supervisor_b")
    lent = create("dispute", dispute_changes(district.grid_b.id, assigned_mediator_id=district.mediator_a.id))
    boss_b.push(lent)
    a.pull()
    boss_b.push(update("dispute", lent["id"], 1, {"assigned_mediator_id": district.mediator_b.id}))
    first_sync = client.get("/api/sync/pull", headers=phones["mediator_a_peer"].headers).get_json()
    assert first_sync["evictions"] == []
    a.pull()
    assert a.evicted == [{"entity": "dispute", "id": lent["id"]}]

    elsewhere = create("dispute", dispute_changes(district.grid_b.id))
    b.push(elsewhere)
    b.push(update("dispute", elsewhere["id"], 1, {"area_id": district.grid_b.id, "summary": "段北更新"}))
    assert a.pull() == []
    assert a.evicted == [{"entity": "dispute", "id": lent["id"]}]  # evicted once, not again on the next pull


def test_a_visit_moved_to_another_grid_is_evicted_and_the_case_it_found_stays(client, phones, district):
    a, boss = phones["mediator_a"], phones["supervisor_a"]
    case = create("dispute", dispute_changes(district.grid_a.id))
    visit = create("visit", {"area_id": district.grid_a.id, "visited_at": "2026-11-21T09:00:00Z",
                             "place": "兴福小区", "purposes": ["mediation"], "dispute_ids": [case["id"]]})
    boss.push(case, visit)
    a.pull()
    boss.push(update("visit", visit["id"], 1, {"area_id": district.grid_a2.id}))
    a.pull()
    assert a.evicted == [{"entity": "visit", "id": visit["id"]}]
    assert set(a.records) == {case["id"]}


def test_a_page_carrying_phone_or_id_numbers_is_audited_with_their_count(client, phones, district, db):
    a = phones["mediator_a"]
    case = create("dispute", dispute_changes(district.grid_a.id))
    a.push(case, *(create("party", {"dispute_id": case["id"], "role": "applicant", "name": name, **identity})
                   for name, identity in (("甲", {"phone": "13812345678"}), ("乙", {"id_number": "37010419800101123X"}),
                                          ("丙", {}))))

    def audited() -> list[tuple]:
        rows = db.session.execute(sa.select(AuditLog).where(AuditLog.action == "sync_identities")).scalars()
        return [(row.user_id, row.entity, row.details) for row in rows]

    assert audited() == []
    a.pull()
    assert audited() == [(district.mediator_a.id, "party", {"count": 2})]
    phones["mediator_b"].pull()  # nothing of grid A, nothing to audit
    assert len(audited()) == 1
