"""Case deadlines: due 30 days after acceptance, amber from day 20, red when past due."""
from __future__ import annotations

from datetime import date, datetime, timedelta

DUE_AFTER_DAYS = 30
AMBER_AFTER_DAYS = 20
OPEN_STATUSES = ("reported", "accepted", "assigned", "mediating", "suspended")


def due_on_for(accepted_at: datetime | date) -> date:
    day = accepted_at.date() if isinstance(accepted_at, datetime) else accepted_at
    return day + timedelta(days=DUE_AFTER_DAYS)


def deadline_state(status: str, due_on: date | None, today: date) -> str:
    """`none` (closed or no deadline), `ok`, `amber` (≥ 20 days in) or `red` (past due)."""
    if status not in OPEN_STATUSES or due_on is None:
        return "none"
    if today > due_on:
        return "red"
    if today >= due_on - timedelta(days=DUE_AFTER_DAYS - AMBER_AFTER_DAYS):
        return "amber"
    return "ok"
