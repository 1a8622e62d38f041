"""The sync endpoints: push and pull (sync-protocol.md §3, §6)."""
from flask import Response, request
from flask_jwt_extended import get_jwt, jwt_required
from werkzeug.exceptions import RequestEntityTooLarge

from app.errors import error_response

from app.api.blueprint import Blueprint
from app.schemas.sync import (
    PullQuerySchema,
    PullResponseSchema,
    PushRequestSchema,
    PushResponseSchema,
)
from app.services.sync import device_health
from app.services.sync import pull as sync_pull
from app.services.sync import push as sync_push
from app.services.access.current import current_viewer

blp = Blueprint("sync", __name__, url_prefix="/api/sync", description="Offline sync")
# The services build their answers in the schemas' exact shape, so the schemas only document them:
# a response dump would copy every record of a page and every outcome of a push once more.


def _cap_push_body() -> None:
    """Werkzeug refuses a longer body as it reads it, chunked or not (app/body_limit.py)."""
    request.max_content_length = sync_push.batch_byte_limit()


@blp.errorhandler(RequestEntityTooLarge)
def _push_too_large(_exc: RequestEntityTooLarge) -> Response:
    refused = sync_push.batch_too_large_bytes()
    return error_response(refused.status, refused.code, refused.message, refused.details)


@blp.route("/push", methods=["POST"])
@jwt_required()
@blp.arguments(PushRequestSchema)
@blp.alt_response(200, schema=PushResponseSchema, success=True)
def push(body: dict):
    sync_push.check_batch_count(len(body["mutations"]))
    return sync_push.push(current_viewer(), get_jwt().get("device_id", ""), body)


@blp.route("/pull")
@jwt_required()
@blp.arguments(PullQuerySchema, location="query")
@blp.alt_response(200, schema=PullResponseSchema, success=True)
def pull(query: dict):
    page = sync_pull.pull(current_viewer(), query.get("cursor"), query["limit"])
    device_health.record_pull(get_jwt().get("device_id", ""))
    return page


blp.before_request(_cap_push_body)
