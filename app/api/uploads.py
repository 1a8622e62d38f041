"""Resumable uploads of attachment bytes: tus 1.0 core with `creation` (docs/attachments.md)."""
from flask import Response, request, url_for
from flask_jwt_extended import get_jwt, jwt_required
from werkzeug.exceptions import RequestEntityTooLarge

from app.api.blueprint import Blueprint
from app.errors import error_response
from app.services.access.current import current_viewer
from app.services.attachments import tus, uploads

blp = Blueprint("uploads", __name__, url_prefix="/api/uploads", description="Resumable attachment uploads (tus 1.0)")


@blp.after_request
def _tus_headers(response: Response) -> Response:
    return tus.stamp(response)


@blp.errorhandler(RequestEntityTooLarge)
def _past_the_upload(_exc: RequestEntityTooLarge) -> Response:
    return error_response(413, "upload_too_large",
                          "上传的数据超出附件登记的大小。 / The bytes sent run past the attachment's byte_size.")


@blp.route("/", methods=["OPTIONS"])
@blp.doc(security=[])
def discover_root() -> Response:
    return Response(status=204, headers=tus.discovery_headers(uploads.max_size()))


@blp.route("/<key:attachment_id>", methods=["OPTIONS"])
@blp.doc(security=[])
def discover(attachment_id: str) -> Response:
    return Response(status=204, headers=tus.discovery_headers(uploads.max_size()))


@blp.route("/", methods=["POST"])
@jwt_required()
def create_upload() -> Response:
    """Begin the upload of an attachment's bytes: `Upload-Length`, `Upload-Metadata: attachment_id <base64>`."""
    tus.require_version(request.headers)
    length = tus.upload_length(request.headers)
    attachment_id = tus.metadata(request.headers.get("Upload-Metadata")).get("attachment_id")
    upload_id = uploads.create_upload(current_viewer(), length, attachment_id)
    return Response(status=201, headers={"Location": url_for("uploads.upload_offset", attachment_id=upload_id)})


@blp.route("/<key:attachment_id>", methods=["HEAD"])
@jwt_required()
def upload_offset(attachment_id: str) -> Response:
    tus.require_version(request.headers)
    state = uploads.upload_state(current_viewer(), attachment_id)
    return Response(status=200, headers={"Upload-Offset": str(state.offset), "Upload-Length": str(state.length),
                                         "Cache-Control": "no-store"})


@blp.route("/<key:attachment_id>", methods=["PATCH"])
@jwt_required()
def append_bytes(attachment_id: str) -> Response:
    """Append the body at `Upload-Offset`; the last byte completes the attachment (or refuses its bytes)."""
    tus.require_version(request.headers)
    tus.require_offset_stream(request.mimetype)
    offset = tus.upload_offset(request.headers)
    viewer = current_viewer()
    request.max_content_length = uploads.remaining(viewer, attachment_id, offset)
    body = tus.body_chunks(request.stream, request.content_length)
    held = uploads.append(viewer, get_jwt().get("device_id", ""), attachment_id, offset, body, request.content_length)
    return Response(status=204, headers={"Upload-Offset": str(held)})
