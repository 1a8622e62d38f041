"""Reading visits within the viewer's scope."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import Area, Visit
from app.services.reads.paging import Page, page_of
from app.services.access.scope import Viewer, areas_under, scope_filter


def list_visits(viewer: Viewer, filters: dict[str, Any]) -> Page:
    query = sa.select(Visit).where(scope_filter(viewer, Visit), Visit.voided_at.is_(None))
    if filters.get("area_id") is not None:
        path = db.session.execute(sa.select(Area.path).where(Area.id == filters["area_id"])).scalar_one_or_none()
        query = query.where(Visit.area_id.in_(areas_under(path)) if path else sa.false())
    if filters.get("date_from"):
        query = query.where(Visit.visited_at >= datetime.combine(filters["date_from"], time.min))
    if filters.get("date_to"):
        query = query.where(Visit.visited_at < datetime.combine(filters["date_to"] + timedelta(days=1), time.min))
    # dispute_ids is a JSON list; its text form is the same on SQLite and PostgreSQL.
    linked = sa.cast(Visit.dispute_ids, sa.String)
    if filters.get("dispute_id"):
        query = query.where(linked.like(f'%"{filters["dispute_id"]}"%'))
    if filters.get("nil_report") is not None:
        query = query.where(linked == "[]" if filters["nil_report"] else linked != "[]")
    return page_of(query.order_by(Visit.visited_at.desc(), Visit.id), filters["page"], filters["per_page"])
