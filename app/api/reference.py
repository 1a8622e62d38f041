"""Reference data with an ETag, so devices can ask often and cheaply."""
from flask_jwt_extended import jwt_required

from app.api.blueprint import Blueprint
from app.schemas.reads import ReferenceSchema
from app.services.reads.reference import reference_data

blp = Blueprint("reference", __name__, url_prefix="/api", description="Reference data")


@blp.route("/reference")
@jwt_required()
@blp.etag
@blp.response(200, ReferenceSchema)
def get_reference():
    return reference_data()
