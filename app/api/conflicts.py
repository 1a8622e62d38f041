"""Conflicts for review and resolution, and a case's history."""
from flask_jwt_extended import get_jwt, jwt_required

from app.api.blueprint import Blueprint
from app.auth.guards import REVIEWERS, roles_required
from app.schemas.conflicts import ConflictListSchema, ConflictQuerySchema, HistorySchema, ResolveSchema
from app.services.sync import conflicts
from app.services.reads import history
from app.services.access import identity_reveal
from app.services.access.current import current_viewer

blp = Blueprint("conflicts", __name__, url_prefix="/api", description="Conflicts and history")


@blp.route("/conflicts")
@jwt_required()
@blp.arguments(ConflictQuerySchema, location="query")
@blp.response(200, ConflictListSchema)
def list_conflicts(query: dict):
    record_ids = [query["record_id"]] if query.get("record_id") else None
    return {"items": conflicts.list_conflicts(current_viewer(), query.get("status"), record_ids, _own_device())}


def _own_device() -> str | None:
    """The signed-in device, shown as "本机" in conflicts and history."""
    return get_jwt().get("device_id")


@blp.route("/conflicts/<id:conflict_id>/reveal", methods=["POST"])
@roles_required(*REVIEWERS)
def reveal_conflict(conflict_id: int):
    """A conflict on a phone or ID number with its values in full, for its reviewer; audited."""
    return identity_reveal.reveal_conflict(current_viewer(), _own_device(), conflict_id)


@blp.route("/conflicts/<id:conflict_id>/resolve", methods=["POST"])
@roles_required(*REVIEWERS)
@blp.arguments(ResolveSchema)
def resolve_conflict(body: dict, conflict_id: int):
    """Answers the record as it now stands (a new version every device pulls)."""
    return conflicts.resolve(current_viewer(), get_jwt().get("device_id", ""), conflict_id,
                             body["choose"], body.get("value"))


@blp.route("/disputes/<key:dispute_id>/history")
@jwt_required()
@blp.response(200, HistorySchema)
def dispute_history(dispute_id: str):
    return history.dispute_history(current_viewer(), dispute_id, _own_device())
