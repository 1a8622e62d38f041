"""Read routes for visits."""
from flask_jwt_extended import jwt_required

from app.api.blueprint import Blueprint
from app.schemas.queries import VisitQuerySchema
from app.schemas.reads import VisitPageSchema
from app.services.reads import visits as visit_reads
from app.services.access.current import current_viewer

blp = Blueprint("visits", __name__, url_prefix="/api", description="Visits (read)")


@blp.route("/visits")
@jwt_required()
@blp.arguments(VisitQuerySchema, location="query")
@blp.response(200, VisitPageSchema)
def list_visits(filters: dict):
    return visit_reads.list_visits(current_viewer(), filters)
