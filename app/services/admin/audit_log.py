"""Reading the audit log: filtered, newest first, each row with the actor's name."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditLog, User
from app.services.reads.paging import Page, page_of
from sync.clock import utc_start_of

EXACT_FILTERS = {"user_id": AuditLog.user_id, "action": AuditLog.action, "entity": AuditLog.entity,
                 "record_id": AuditLog.record_id, "result": AuditLog.result}
ONE_DAY = timedelta(days=1)


def list_audit(filters: dict[str, Any]) -> Page:
    """`from`/`to` are Beijing calendar days, both included."""
    query = sa.select(AuditLog).order_by(AuditLog.at.desc(), AuditLog.id.desc())
    for name, column in EXACT_FILTERS.items():
        if name in filters:
            query = query.where(column == filters[name])
    if "date_from" in filters:
        query = query.where(AuditLog.at >= utc_start_of(filters["date_from"]))
    if "date_to" in filters:
        query = query.where(AuditLog.at < utc_start_of(filters["date_to"]) + ONE_DAY)
    page = page_of(query, filters["page"], filters["per_page"])
    actors = _actors({entry.user_id for entry in page.items if entry.user_id is not None})
    page.items = [_entry(entry, actors.get(entry.user_id)) for entry in page.items]
    return page


def _actors(user_ids: set[int]) -> dict[int, User]:
    if not user_ids:
        return {}
    return {user.id: user for user in db.session.execute(sa.select(User).where(User.id.in_(user_ids))).scalars()}


def _entry(entry: AuditLog, actor: User | None) -> dict[str, Any]:
    return {"id": entry.id, "at": entry.at, "actor": actor, "action": entry.action, "entity": entry.entity,
            "record_id": entry.record_id, "ip": entry.ip, "result": entry.result, "details": entry.details}
