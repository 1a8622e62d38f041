"""The field messages of a mutation the database refused (push.database_refusal): under the column the
database names when the mutation sets it, else under `_record`; never the database's own text.

PostgreSQL names the column in the error's diagnostics, SQLite only in its message; the API tests
(tests/api/test_sync_push_isolation.py) make real refusals on each, these pin the rule on both reports."""
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from app.services.sync.push import DATABASE_REFUSED, database_refusal
from sync.types import Actor, Mutation

ACTOR = Actor(user_id=1, role="mediator", device_id="phone")
VISIT = Mutation.from_push({"mutation_id": "m1", "entity": "visit", "id": "v1", "op": "update", "base_version": 1,
                            "changes": {"place": "张三 13812345678"}}, ACTOR)


def refused(orig: object) -> sa.exc.DBAPIError:
    return sa.exc.IntegrityError("UPDATE visits SET place = ?", {}, orig)


class PostgresError(Exception):
    def __init__(self, column: str | None) -> None:
        super().__init__("new row violates check constraint: 张三 13812345678")
        self.diag = SimpleNamespace(column_name=column)


@pytest.mark.parametrize(("report", "field"), [
    (PostgresError("place"), "place"),
    (PostgresError("area_id"), "_record"),  # a column the mutation does not set
    (PostgresError(None), "_record"),
    (Exception("CHECK constraint failed: visits.place"), "place"),
    (Exception("NOT NULL constraint failed: visits.area_id"), "_record"),
    (Exception("UNIQUE constraint failed: index 'ix_visits_place'"), "_record"),
])
def test_the_refusal_is_filed_under_the_named_column_only_when_the_mutation_sets_it(report, field) -> None:
    assert database_refusal(refused(report), VISIT) == {field: [DATABASE_REFUSED]}
