"""On SQLite `finish` hands a push's rows to the driver, encoded by the columns' own bind processors
(`store._executemany`, docs/benchmarks.md "Fast paths"). What it stores must be byte for byte what
SQLAlchemy's executemany stores from the same rows: every table a push writes, inserts and updates,
None, JSON, dates, timestamps, money and flags alike."""
from __future__ import annotations

import copy
from typing import Any

import pytest
import sqlalchemy as sa

from app.services.sync import store as sync_store
from tests.conftest import build_app
from tests.factories import make_district
from tests.phones import Phone, create, dispute_changes, update, void

Sent = tuple[sa.Table, list[dict[str, Any]], bool]


def _a_day_of_pushes(phone: Phone, area_id: int) -> None:
    """Creates with every kind of value, then edits that set, change and clear them, and a void."""
    dispute = create("dispute", dispute_changes(
        area_id, occurred_on="2026-11-20", reported_at="2026-11-21T02:30:00.250Z", amount_involved=12500.5,
        persons_involved=3, risk_flags=["criminal_escalation", "extreme_behavior"], linked_agencies=[]))
    party = create("party", {"dispute_id": dispute["id"], "role": "applicant", "name": "王秀兰", "gender": "female",
                             "phone": "13812345678", "id_number": "11010519491231002X", "birth_year": 1949})
    other = create("party", {"dispute_id": dispute["id"], "role": "respondent", "name": "李建国"})
    twice = create("party", {"dispute_id": dispute["id"], "role": "respondent", "name": "李建国"})
    visit = create("visit", {"area_id": area_id, "visited_at": "2026-11-22T01:00:00Z", "place": "兴福小区3号楼2单元",
                             "purposes": ["risk_screening"], "dispute_ids": [dispute["id"]],
                             "notes": "上门了解漏水情况"})
    log = create("mediation_log", {"dispute_id": dispute["id"], "held_at": "2026-11-23T06:00:00Z",
                                   "statements": "双方同意先由物业查明漏点",
                                   "rights_notice_given": True})
    results = phone.push(dispute, party, other, twice, visit, log)
    results += phone.push(
        update("dispute", dispute["id"], 1, {"summary": "物业已确认漏点在302室",
                                              "risk_flags": ["criminal_escalation"], "amount_involved": None}),
        update("party", party["id"], 1, {"consent": "consented", "consent_at": "2026-11-23T06:30:00Z",
                                          "consent_method": "oral", "address": None}),
        update("party", other["id"], 1, {"occupation": "worker"}),
        void("party", twice["id"], 1, "重复登记"),
    )
    assert [(r["status"], r.get("errors")) for r in results] == [("applied", {})] * len(results)


@pytest.fixture
def sent(monkeypatch) -> list[Sent]:
    """Every `_executemany` call of the pushes, with a copy of its rows as they were handed over."""
    calls: list[Sent] = []
    real = sync_store._executemany

    def spy(table: sa.Table, rows: list[dict[str, Any]], *, update: bool = False) -> None:
        calls.append((table, copy.deepcopy(rows), update))
        real(table, rows, update=update)

    monkeypatch.setattr(sync_store, "_executemany", spy)
    return calls


def _stored(connection: sa.Connection, tables: set[str]) -> dict[str, list[tuple[Any, ...]]]:
    """The rows as SQLite holds them (the driver's own values: text, integers, reals, NULL)."""
    return {name: connection.exec_driver_sql(f"SELECT * FROM {name} ORDER BY rowid").fetchall()  # noqa: S608
            for name in sorted(tables)}


def test_the_driver_stores_a_push_as_sqlalchemy_stores_it(app, db, client, district, sent, tmp_path):
    _a_day_of_pushes(Phone.sign_in(client, "mediator_a"), district.grid_a.id)
    tables = {table.name for table, _, _ in sent}
    assert {"disputes", "parties", "visits", "mediation_logs", "change_history", "applied_mutations"} <= tables
    assert any(update for _, _, update in sent), "the pushes updated rows"
    dialect = db.session.connection().dialect
    assert all(sync_store._driver_plan(dialect, table, tuple(rows[0]), update) is not None
               for table, rows, update in sent), "every row went to the driver"
    through_driver = _stored(db.session.connection(), tables)

    other = build_app(f"sqlite:///{tmp_path / 'through-sqlalchemy.sqlite3'}")
    with other.app_context():
        from app.extensions import db as other_db
        make_district()
        connection = other_db.session.connection()
        for table, rows, update in sent:
            connection.execute(sync_store._statement(table, update), rows)
        through_sqlalchemy = _stored(connection, tables)
        other_db.session.rollback()
        other_db.engine.dispose()

    assert through_driver == through_sqlalchemy
    assert all(through_driver[name] for name in tables)
