"""The desk's small reads: what needs attention, counted for the menu."""
from __future__ import annotations

from app.api.blueprint import Blueprint
from app.auth.guards import REVIEWERS, roles_required
from app.schemas.stats import DeskCountsSchema
from app.services.access.current import current_viewer
from app.services.desk.counts import desk_counts

blp = Blueprint("desk", __name__, url_prefix="/api/desk", description="The desk's menu counts")


@blp.route("/counts")
@roles_required(*REVIEWERS)
@blp.response(200, DeskCountsSchema)
def counts() -> dict[str, int]:
    """Cases in the review queue, open conflicts, revisits due and not done, phones silent over three days."""
    return desk_counts(current_viewer())
