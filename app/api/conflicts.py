"""Conflicts for review and resolution, and a case's history."""
from flask_jwt_extended import get_jwt, jwt_required

from app.api.blueprint import Blueprint
from app.schemas.conflicts import ConflictListSchema, ConflictQuerySchema, HistorySchema, ResolveSchema
from app.services import conflicts, history
from app.services.current import current_viewer

blp = Blueprint("conflicts", __name__, url_prefix="/api", description="Conflicts and history")


@blp.route("/conflicts")
@jwt_required()
@blp.arguments(ConflictQuerySchema, location="query")
@blp.response(200, ConflictListSchema)
def list_conflicts(query: dict):
    record_ids = [query["record_id"]] if query.get("record_id") else None
    return {"items": conflicts.list_conflicts(current_viewer(), query.get("status"), record_ids)}


@blp.route("/conflicts/<id:conflict_id>/resolve", methods=["POST"])
@jwt_required()
@blp.arguments(ResolveSchema)
def resolve_conflict(body: dict, conflict_id: int):
    """Answers the record as it now stands (a new version every device pulls)."""
    return conflicts.resolve(current_viewer(), get_jwt().get("device_id", ""), conflict_id,
                             body["choose"], body.get("value"))


@blp.route("/disputes/<key:dispute_id>/history")
@jwt_required()
@blp.response(200, HistorySchema)
def dispute_history(dispute_id: str):
    return history.dispute_history(current_viewer(), dispute_id)
