"""Deadlines, once (app/services/desk/deadlines.py): every rendering — Python for a case, SQL for queues
and counts, the list's `overdue` filter — gives each case the state the rule says, on the days around the
due day and the amber bound, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Dispute
from app.services.access.scope import Viewer
from app.services.desk.deadlines import deadline_conditions, deadline_sql, deadline_state
from app.services.reads.disputes import filtered_disputes
from tests.records import make_dispute

TODAY = date(2026, 11, 20)
CASES = {
    # name: (status, due_on, expected state)
    "due_in_11_days": ("mediating", TODAY + timedelta(days=11), "ok"),
    "accepted_20_days_ago": ("mediating", TODAY + timedelta(days=10), "amber"),
    "due_tomorrow": ("mediating", TODAY + timedelta(days=1), "amber"),
    "due_today": ("assigned", TODAY, "amber"),
    "due_yesterday": ("suspended", TODAY - timedelta(days=1), "red"),
    "past_due_but_closed": ("closed", TODAY - timedelta(days=5), "none"),
    "past_due_but_agreed": ("agreed", TODAY - timedelta(days=5), "none"),
    "nearly_due_but_closed": ("closed", TODAY + timedelta(days=3), "none"),
    "no_due_day": ("reported", None, "none"),
}


@pytest.mark.parametrize(("status", "due_on", "expected"), CASES.values(), ids=CASES.keys())
def test_the_python_rule_on_the_days_around_the_bounds(status: str, due_on: date | None, expected: str) -> None:
    assert deadline_state(status, due_on, TODAY) == expected


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_every_sql_rendering_agrees_with_the_rule(district) -> None:
    ids = {name: make_dispute(district.grid_a.id, status=status, due_on=due_on).id
           for name, (status, due_on, _) in CASES.items()}
    names = {record_id: name for name, record_id in ids.items()}
    expected = {name: state for name, (_, _, state) in CASES.items()}

    by_case = dict(db.session.execute(sa.select(Dispute.id, deadline_sql(TODAY))).all())
    assert {names[record_id]: state for record_id, state in by_case.items()} == expected

    amber, red = deadline_conditions(TODAY)
    for state, condition in (("amber", amber), ("red", red)):
        found = {names[i] for i in db.session.execute(sa.select(Dispute.id).where(condition)).scalars()}
        assert found == {name for name, wanted in expected.items() if wanted == state}, state

    viewer = Viewer.of(district.admin)
    for overdue in (True, False):
        listed = db.session.execute(filtered_disputes(viewer, {"overdue": overdue}, TODAY)
                                    .with_only_columns(Dispute.id)).scalars()
        assert {names[i] for i in listed} == {name for name, wanted in expected.items()
                                             if (wanted == "red") == overdue}, overdue
