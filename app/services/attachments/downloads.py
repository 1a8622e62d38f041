"""An attachment's bytes to a user in its case's scope; every download of an ID document is audited."""
from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from app.errors import ApiError
from app.extensions import db
from app.services.access.audit import record_audit
from app.services.access.scope import Viewer
from app.services.attachments.storage import UploadMissing, storage
from app.services.attachments.uploads import attachment_in_scope

AUDITED_KINDS = frozenset({"id_document"})
"""Kinds whose every download is written to the audit log (身份证明: sensitive personal information, PIPL art. 28)."""
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}


@dataclass(frozen=True)
class Content:
    stream: BinaryIO
    mime_type: str
    byte_size: int
    sha256: str
    filename: str


def open_content(viewer: Viewer, attachment_id: str) -> Content:
    """The sealed bytes of a complete attachment in the viewer's scope (404 otherwise; 409 while they travel)."""
    attachment = attachment_in_scope(viewer, attachment_id)
    if not attachment.upload_complete:
        raise ApiError(409, "upload_incomplete", "附件上传中，尚不能下载。 / The attachment is still uploading.")
    try:
        stream = storage().open(attachment.id)
    except UploadMissing:
        raise ApiError(404, "not_found", "附件文件缺失。 / The attachment's bytes are missing.") from None
    content = Content(stream, attachment.mime_type, attachment.byte_size, attachment.sha256,
                      f"{attachment.id}.{EXTENSIONS[attachment.mime_type]}")
    if attachment.kind in AUDITED_KINDS:
        record_audit("download_attachment", entity="attachment", record_id=attachment.id,
                     details={"kind": attachment.kind, "dispute_id": attachment.dispute_id})
        db.session.commit()
    else:
        db.session.rollback()
    return content
