"""An attachment's bytes, to users in its case's scope (docs/attachments.md)."""
from flask import Response, send_file
from flask_jwt_extended import jwt_required

from app.api.blueprint import Blueprint
from app.services.access.current import current_viewer
from app.services.attachments import downloads

blp = Blueprint("attachments", __name__, url_prefix="/api/attachments", description="Attachment bytes")


@blp.route("/<key:attachment_id>/content")
@jwt_required()
def attachment_content(attachment_id: str) -> Response:
    """Always a download (never shown inline) and never cached: it may show a person's papers. Every API
    answer is `nosniff` already (app/security.py)."""
    content = downloads.open_content(current_viewer(), attachment_id)
    response = send_file(content.stream, mimetype=content.mime_type, as_attachment=True,
                         download_name=content.filename, etag=content.sha256, conditional=True,
                         max_age=None)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Length"] = str(content.byte_size)
    return response
