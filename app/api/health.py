"""Liveness that proves the database answers."""
import sqlalchemy as sa

from app.api.blueprint import Blueprint
from app.errors import ApiError
from app.extensions import db
from app.schemas.common import HealthSchema

blp = Blueprint("health", __name__, url_prefix="", description="Service health")


@blp.route("/healthz")
@blp.doc(security=[])
@blp.response(200, HealthSchema)
def healthz() -> dict[str, str]:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as exc:
        db.session.rollback()
        raise ApiError(503, "database_unavailable", "数据库没有响应。 / The database does not answer.") from exc
    return {"status": "ok"}
