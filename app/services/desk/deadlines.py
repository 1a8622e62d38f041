"""Case deadlines, once: due 30 days after acceptance, amber from day 20 (the last `AMBER_DAYS` days, the
due day included), red when past due; closed cases and cases without a due day have none.

The rule is the two bounds below; `deadline_state` judges one case in Python (a case's page, an export row),
`deadline_conditions` and `deadline_sql` the same rule in SQL (queues, counts, filters).
tests/services/test_deadlines.py holds every rendering to the rule on the days around both bounds.
"""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from app.models import Dispute

DUE_AFTER_DAYS = 30
AMBER_AFTER_DAYS = 20
AMBER_DAYS = DUE_AFTER_DAYS - AMBER_AFTER_DAYS
OPEN_STATUSES = ("reported", "accepted", "assigned", "mediating", "suspended")


def red_before(today: date) -> date:
    """A case due before this day is past due (red)."""
    return today


def amber_until(today: date) -> date:
    """A case not past due and due on or before this day is nearly due (amber)."""
    return today + timedelta(days=AMBER_DAYS)


def deadline_state(status: str, due_on: date | None, today: date) -> str:
    """`none` (closed or no deadline), `ok`, `amber` (≥ 20 days in) or `red` (past due)."""
    if status not in OPEN_STATUSES or due_on is None:
        return "none"
    if due_on < red_before(today):
        return "red"
    if due_on <= amber_until(today):
        return "amber"
    return "ok"


def deadline_conditions(today: date) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """(amber, red) as SQL over `Dispute`."""
    is_open = Dispute.status.in_(OPEN_STATUSES)
    red = sa.and_(is_open, Dispute.due_on < red_before(today))
    amber = sa.and_(is_open, Dispute.due_on >= red_before(today), Dispute.due_on <= amber_until(today))
    return amber, red


def deadline_sql(today: date) -> ColumnElement[str]:
    """`deadline_state` of every `Dispute` row, as an SQL expression."""
    amber, red = deadline_conditions(today)
    return sa.case((red, "red"), (amber, "amber"),
                   (sa.and_(Dispute.status.in_(OPEN_STATUSES), Dispute.due_on.is_not(None)), "ok"), else_="none")
