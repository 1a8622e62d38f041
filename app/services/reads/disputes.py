"""Reading disputes within the viewer's scope; a record outside it does not exist."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from app.errors import ApiError
from app.extensions import db
from app.models import Attachment, Dispute, Followup, MediationLog, Party, Referral
from app.services.desk.deadlines import deadline_conditions
from app.services.desk.stats import json_list_has
from sync.clock import local_today, utc_start_of
from app.services.reads.paging import Page, page_of
from app.services.access.scope import Viewer, areas_under, scope_filter


def _area_path(area_id: int) -> str | None:
    from app.models import Area
    return db.session.execute(sa.select(Area.path).where(Area.id == area_id)).scalar_one_or_none()


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


REPORTED_AT = sa.func.coalesce(Dispute.reported_at, Dispute.created_at)


def ordering(filters: dict[str, Any]) -> tuple[Any, ...]:
    """The list's order: a sort column (`sort`, `order`), empty values last, then the id for a stable page."""
    column = REPORTED_AT if filters.get("sort", "reported_at") == "reported_at" else getattr(Dispute, filters["sort"])
    direction = column.asc() if filters.get("order") == "asc" else column.desc()
    return (direction.nulls_last(), Dispute.id)


def filtered_disputes(viewer: Viewer, filters: dict[str, Any], today: date | None = None) -> sa.Select:
    """Cases in scope matching the filters of GET /api/disputes (unordered, unpaginated).

    The list and the exports share it, so an export holds exactly what the list shows.
    """
    today = today or local_today()
    query = sa.select(Dispute).where(scope_filter(viewer, Dispute))
    if not filters.get("include_voided"):
        query = query.where(Dispute.voided_at.is_(None))
    for name in ("status", "category", "source", "risk_level", "assigned_mediator_id", "committee_id"):
        if filters.get(name) is not None:
            query = query.where(getattr(Dispute, name) == filters[name])
    if filters.get("risk_flag"):
        query = query.where(json_list_has(Dispute.risk_flags, filters["risk_flag"]))
    if filters.get("date_from"):
        query = query.where(REPORTED_AT >= utc_start_of(filters["date_from"]))
    if filters.get("date_to"):
        query = query.where(REPORTED_AT < utc_start_of(filters["date_to"] + timedelta(days=1)))
    if filters.get("area_id") is not None:
        path = _area_path(filters["area_id"])
        query = query.where(Dispute.area_id.in_(areas_under(path)) if path else sa.false())
    if filters.get("overdue") is not None:
        _, overdue = deadline_conditions(today)
        query = query.where(overdue if filters["overdue"] else sa.not_(sa.func.coalesce(overdue, False)))
    if filters.get("q"):
        pattern = _like(filters["q"])
        party_match = sa.select(Party.dispute_id).where(Party.name.like(pattern, escape="\\"))
        query = query.where(sa.or_(
            Dispute.title.like(pattern, escape="\\"), Dispute.summary.like(pattern, escape="\\"),
            Dispute.case_no.like(pattern, escape="\\"), Dispute.id.in_(party_match)))
    return query


def list_disputes(viewer: Viewer, filters: dict[str, Any], today: date | None = None) -> Page:
    """Filtered, paginated cases in scope, newest first unless sorted otherwise."""
    query = filtered_disputes(viewer, filters, today)
    return page_of(query.order_by(*ordering(filters)), filters["page"], filters["per_page"])


def get_dispute(viewer: Viewer, dispute_id: str) -> dict[str, Any]:
    """A case with its parties, mediation logs, follow-ups, referrals and attachments; 404 outside scope."""
    dispute = db.session.execute(
        sa.select(Dispute).where(Dispute.id == dispute_id, scope_filter(viewer, Dispute))
    ).scalar_one_or_none()
    if dispute is None:
        raise ApiError(404, "not_found", "没有这个案件。 / No such dispute.")

    def children(model: type, order: Any) -> list[Any]:
        return list(db.session.execute(
            sa.select(model).where(model.dispute_id == dispute.id).order_by(order, model.id)).scalars())

    return {
        "dispute": dispute,
        "parties": children(Party, Party.created_at),
        "mediation_logs": children(MediationLog, MediationLog.held_at),
        "followups": children(Followup, Followup.due_on),
        "referrals": children(Referral, Referral.created_at),
        "attachments": children(Attachment, Attachment.created_at),
    }


def get_party(viewer: Viewer, party_id: str) -> Party:
    party = db.session.execute(
        sa.select(Party).where(Party.id == party_id, scope_filter(viewer, Party))).scalar_one_or_none()
    if party is None:
        raise ApiError(404, "not_found", "没有这名当事人。 / No such party.")
    return party
