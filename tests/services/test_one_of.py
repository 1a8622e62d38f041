"""`one_of` (a JSON array on SQLite, an array on PostgreSQL) keeps exactly the rows `in_` keeps."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.services.sync.one_of import one_of

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)

STORED = ["plain", "it's", 'say "hi"', "back\\slash", "百分之%_", "line\nbreak", "", "[1]", "null",
          "a" * 64, "ab", "AB"]
PROBE = sa.Table("one_of_probe", sa.MetaData(), sa.Column("id", sa.String(80), primary_key=True))


@pytest.fixture
def probe(db):
    PROBE.create(db.session.connection())
    db.session.execute(sa.insert(PROBE), [{"id": value} for value in STORED + [f"n{n}" for n in range(1500)]])
    yield PROBE
    db.session.rollback()


def _kept(db, where: sa.ColumnElement[bool]) -> list[str]:
    return sorted(db.session.execute(sa.select(PROBE.c.id).where(where)).scalars())


@pytest.mark.parametrize("values", [
    STORED,
    ["it's", "百分之%_", "missing", "百分之", "a", "%", "_"],
    ["", "null", "[1]"],
    ["AB", "Ab"],
    [],
    [f"n{n}" for n in range(0, 1500, 1)] + ["beyond"],
], ids=["every odd value", "quotes and LIKE signs", "empty and JSON-looking", "case", "none", "1,500 values"])
def test_one_of_keeps_the_rows_in_keeps(db, probe, values):
    kept = _kept(db, one_of(probe.c.id, values))
    assert kept == _kept(db, probe.c.id.in_(values))
    assert kept == sorted(set(values) & set(STORED + [f"n{n}" for n in range(1500)]))


def test_one_of_takes_any_collection_once_per_value(db, probe):
    assert _kept(db, one_of(probe.c.id, {"plain", "ab"})) == ["ab", "plain"]
    assert _kept(db, one_of(probe.c.id, ("plain", "plain"))) == ["plain"]
