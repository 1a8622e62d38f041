"""A push reads what its batch refers to up front: its reads do not grow with the batch."""
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from tests.phones import Phone, create, dispute_changes

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def phone(client, district):
    return Phone.sign_in(client, "mediator_a")


@contextmanager
def counted_reads(db) -> Iterator[list[str]]:
    reads: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            reads.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield reads
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def reads_of_a_push(phone, db, mutations) -> int:
    with counted_reads(db) as reads:
        results = phone.push(*mutations)
    assert {r["status"] for r in results} == {"applied"}
    return len(reads)


def cases(phone, district, count: int) -> list[str]:
    disputes = [create("dispute", dispute_changes(district.grid_a.id)) for _ in range(count)]
    phone.push(*disputes)
    return [dispute["id"] for dispute in disputes]


def test_parties_of_many_cases_are_pushed_with_as_many_reads_as_a_party_of_one(phone, district, db):
    def parties(case_ids):
        return [create("party", {"dispute_id": case_id, "role": "applicant", "name": "王秀兰",
                                 "consent": "consented"}) for case_id in case_ids]

    one = reads_of_a_push(phone, db, parties(cases(phone, district, 1)))
    assert reads_of_a_push(phone, db, parties(cases(phone, district, 6))) == one


def test_a_visit_to_many_cases_is_pushed_with_as_many_reads_as_a_visit_to_one(phone, district, db):
    def visit(case_ids):
        return [create("visit", {"area_id": district.grid_a.id, "visited_at": "2026-03-01T08:00:00Z",
                                 "place": "3号楼", "purposes": ["mediation"], "dispute_ids": case_ids})]

    one = reads_of_a_push(phone, db, visit(cases(phone, district, 1)))
    assert reads_of_a_push(phone, db, visit(cases(phone, district, 6))) == one
