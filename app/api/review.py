"""The supervisor's review: the queue, dispatch suggestions, revisits. Accepting and dispatching are sync pushes."""
from __future__ import annotations

from typing import Any

from app.api.blueprint import Blueprint
from app.auth.guards import REVIEWERS, roles_required
from app.schemas.stats import (
    QueuePageSchema, QueueQuerySchema, RevisitQuerySchema, RevisitReportSchema, SuggestionsSchema,
)
from app.services.desk import review
from app.services.access.current import current_viewer
from app.services.reads.paging import Page

blp = Blueprint("review", __name__, url_prefix="/api/review", description="Review and dispatch (read)")


@blp.route("/queue")
@roles_required(*REVIEWERS)
@blp.arguments(QueueQuerySchema, location="query")
@blp.response(200, QueuePageSchema)
def queue(query: dict[str, Any]) -> Page:
    """Cases to accept or dispatch and open high-risk cases: flagged first, then red, amber, oldest."""
    return review.review_queue(current_viewer(), query)


@blp.route("/disputes/<key:dispute_id>/suggestions")
@roles_required(*REVIEWERS)
@blp.response(200, SuggestionsSchema)
def suggestions(dispute_id: str) -> dict[str, Any]:
    """Mediators and committees for a case, ranked, with the points behind each score."""
    return review.dispatch_suggestions(current_viewer(), dispute_id)


@blp.route("/revisits")
@roles_required(*REVIEWERS)
@blp.arguments(RevisitQuerySchema, location="query")
@blp.response(200, RevisitReportSchema)
def revisits(query: dict[str, Any]) -> dict[str, Any]:
    """Revisits due in `from`–`to`: due, on time, late, missing."""
    return review.revisits_report(current_viewer(), query)
