"""The statistics supervisors and the district read (definitions: app/services/desk/stats.py)."""
from __future__ import annotations

from typing import Any

from app.api.blueprint import Blueprint
from app.auth.guards import REVIEWERS, roles_required
from app.schemas.stats import StatsQuerySchema, StatsSummarySchema
from app.services.desk import stats
from app.services.access.current import current_viewer

blp = Blueprint("stats", __name__, url_prefix="/api/stats", description="Statistics")


@blp.route("/summary")
@roles_required(*REVIEWERS)
@blp.arguments(StatsQuerySchema, location="query")
@blp.response(200, StatsSummarySchema)
def summary(query: dict[str, Any]) -> dict[str, Any]:
    """Counts and rates for `from`–`to` (Beijing days; default the last twelve months) in `area_id`."""
    return stats.summary(current_viewer(), query.get("date_from"), query.get("date_to"), query.get("area_id"))
