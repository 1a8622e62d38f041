"""A mutation the database refuses is rejected alone: the rest of its batch is applied (issue 9, point 5).

The refusal comes from a real trigger in the test database, a constraint class the engine cannot check
before writing, so the batch's writes fail and the push falls back to one mutation at a time.
"""
import json
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from app.models import AppliedMutation, Dispute, Party, Visit
from app.services.sync.push import DATABASE_REFUSED, database_refusal
from sync.types import Actor, Mutation
from tests.phones import Phone, create, dispute_changes, update

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
REFUSED_PLACE = "拒收之地"
PRIVATE_NOTE = "张三 13812345678"


@pytest.fixture
def phone(client, district):
    return Phone.sign_in(client, "mediator_a")


@pytest.fixture
def refusing_trigger(db):
    """Visits at REFUSED_PLACE break a database rule on insert and update, reported as each database
    reports a constraint on the `place` column."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        for event in ("INSERT", "UPDATE"):
            connection.exec_driver_sql(
                f"CREATE TRIGGER refuse_place_{event.lower()} BEFORE {event} ON visits "
                f"WHEN NEW.place = '{REFUSED_PLACE}' "
                "BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: visits.place'); END")
    else:
        connection.exec_driver_sql(
            "CREATE FUNCTION refuse_place() RETURNS trigger AS $$ BEGIN "
            f"IF NEW.place = '{REFUSED_PLACE}' THEN RAISE EXCEPTION 'place refused' "
            "USING ERRCODE = 'check_violation', COLUMN = 'place'; END IF; "
            "RETURN NEW; END $$ LANGUAGE plpgsql")
        connection.exec_driver_sql("CREATE TRIGGER refuse_place BEFORE INSERT OR UPDATE ON visits "
                                   "FOR EACH ROW EXECUTE FUNCTION refuse_place()")
    db.session.commit()


def visit_changes(area_id: int, **fields):
    return {"area_id": area_id, "visited_at": "2026-11-28T07:30:00Z", "place": "幸福里3号楼",
            "purposes": ["information"], **fields}


def test_a_visit_the_database_refuses_is_rejected_alone_and_the_good_create_beside_it_is_stored(
        phone, district, db, refusing_trigger):
    good = create("dispute", dispute_changes(district.grid_a.id))
    bad = create("visit", visit_changes(district.grid_a.id, place=REFUSED_PLACE, notes=PRIVATE_NOTE))
    party = create("party", {"dispute_id": good["id"], "role": "applicant", "name": "王秀兰"})
    response = phone.push_raw({"device_id": phone.device_id, "mutations": [good, bad, party]})
    assert response.status_code == 200, response.get_json()
    results = response.get_json()["results"]
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert results[1]["error_code"] == "validation_failed"
    assert list(results[1]["errors"]) == ["place"]
    answer = json.dumps(response.get_json(), ensure_ascii=False)
    assert PRIVATE_NOTE not in answer and "INSERT" not in answer and "visits.place" not in answer
    db.session.expire_all()
    assert db.session.get(Dispute, good["id"]) is not None and db.session.get(Party, party["id"]) is not None
    assert db.session.get(Visit, bad["id"]) is None
    assert db.session.query(AppliedMutation).count() == 3


def test_a_retry_of_the_batch_answers_the_same_outcomes_as_duplicates(phone, district, db, refusing_trigger):
    good = create("dispute", dispute_changes(district.grid_a.id))
    bad = create("visit", visit_changes(district.grid_a.id, place=REFUSED_PLACE))
    first = phone.push(good, bad)
    again = phone.push(good, bad)
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert [r["original_status"] for r in again] == ["applied", "rejected"]
    assert again[1]["errors"] == first[1]["errors"]
    assert db.session.query(Dispute).count() == 1 and db.session.query(Visit).count() == 0


def test_two_refused_mutations_and_the_dependants_of_a_refused_create_are_rejected_the_rest_applied(
        phone, district, db, refusing_trigger):
    first_bad = create("visit", visit_changes(district.grid_a.id, place=REFUSED_PLACE))
    edit_of_bad = update("visit", first_bad["id"], 1, {"notes": "补充"})
    good_visit = create("visit", visit_changes(district.grid_a.id))
    second_bad = create("visit", visit_changes(district.grid_a.id, place=REFUSED_PLACE))
    case = create("dispute", dispute_changes(district.grid_a.id))
    results = phone.push(first_bad, edit_of_bad, good_visit, second_bad, case)
    assert [r["status"] for r in results] == ["rejected", "rejected", "applied", "rejected", "applied"]
    assert results[1]["error_code"] == "dependency_rejected"
    db.session.expire_all()
    assert {v.id for v in db.session.query(Visit)} == {good_visit["id"]}
    assert db.session.query(Dispute).count() == 1


def test_an_edit_the_database_refuses_leaves_the_stored_record_as_it_was(phone, district, db, refusing_trigger):
    visit = create("visit", visit_changes(district.grid_a.id))
    [created] = phone.push(visit)
    bad_edit = update("visit", visit["id"], created["record"]["version"], {"place": REFUSED_PLACE})
    case = create("dispute", dispute_changes(district.grid_a.id))
    results = phone.push(bad_edit, case)
    assert [r["status"] for r in results] == ["rejected", "applied"]
    assert list(results[0]["errors"]) == ["place"]
    db.session.expire_all()
    stored = db.session.get(Visit, visit["id"])
    assert (stored.place, stored.version) == ("幸福里3号楼", 1)


def test_a_batch_without_a_refused_mutation_is_unaffected_by_the_trigger(phone, district, db, refusing_trigger):
    results = phone.push(create("visit", visit_changes(district.grid_a.id, place="拒收之地旁边")))
    assert [r["status"] for r in results] == ["applied"]
    assert db.session.execute(sa.select(sa.func.count()).select_from(Visit)).scalar_one() == 1


ACTOR = Actor(user_id=1, role="mediator", device_id="phone")
VISIT = Mutation.from_push({"mutation_id": "m1", "entity": "visit", "id": "v1", "op": "update", "base_version": 1,
                            "changes": {"place": "张三 13812345678"}}, ACTOR)


def refused(orig: object) -> sa.exc.DBAPIError:
    return sa.exc.IntegrityError("UPDATE visits SET place = ?", {}, orig)


class PostgresError(Exception):
    def __init__(self, column: str | None) -> None:
        super().__init__("new row violates check constraint: 张三 13812345678")
        self.diag = SimpleNamespace(column_name=column)


REPORTS = {  # how each database reports a refusal, and where its message is filed
    "postgresql": [(PostgresError("place"), "place"),
                   (PostgresError("area_id"), "_record"),  # a column the mutation does not set
                   (PostgresError(None), "_record")],
    "sqlite": [(Exception("CHECK constraint failed: visits.place"), "place"),
               (Exception("NOT NULL constraint failed: visits.area_id"), "_record"),
               (Exception("UNIQUE constraint failed: index 'ix_visits_place'"), "_record")],
}


def test_the_refusal_is_filed_under_the_named_column_only_when_the_mutation_sets_it(backend) -> None:
    """PostgreSQL names the column in the error's diagnostics, SQLite only in its message; the database's own
    text (which may quote the values) never reaches the phone."""
    for report, field in REPORTS[backend]:
        assert database_refusal(refused(report), VISIT) == {field: [DATABASE_REFUSED]}, report
