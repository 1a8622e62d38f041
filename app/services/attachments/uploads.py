"""An attachment's bytes arriving resumably (tus, under /api/uploads/), and its completion.

One upload per attachment, named by the attachment's id: the record already states the length, type and
SHA-256, and the storage holds how far the bytes have come, so no upload table is kept. A new creation
starts the bytes afresh (the phone lost its upload URL); HEAD and PATCH resume. When the last byte
arrives the bytes are checked (content_check.py); accepted, they are sealed and the record gets
`upload_complete: true` through the engine's write path (a new version and seq, so every phone pulls it);
refused, they are dropped and the record stays incomplete.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from app.errors import ApiError
from app.extensions import db
from app.models import Attachment
from app.schemas.records import ATTACHMENT_MAX_BYTES
from app.schemas.validators import CANONICAL_UUID
from app.services.access.scope import Viewer, scope_filter
from app.services.attachments.content_check import content_refusal
from app.services.attachments.storage import OffsetMismatch, UploadBusy, UploadMissing, storage
from app.services.sync.sequence import lock_sequence
from app.services.sync.store import SqlSyncStore
from sync.engine import WriteRefused, commit_server_fields
from sync.types import Actor

NO_SUCH_ATTACHMENT = "没有此附件。 / No such attachment."
log = logging.getLogger(__name__)


def max_size() -> int:
    """The largest upload of any accepted type (tus `Tus-Max-Size`)."""
    return max(ATTACHMENT_MAX_BYTES.values())


@dataclass(frozen=True)
class UploadState:
    offset: int
    length: int


def attachment_in_scope(viewer: Viewer, attachment_id: str) -> Attachment:
    """The live attachment with this id in the viewer's scope; 404 for any other, revealing nothing."""
    found = None
    if CANONICAL_UUID.match(attachment_id):
        found = db.session.execute(sa.select(Attachment).where(
            Attachment.id == attachment_id, Attachment.voided_at.is_(None),
            scope_filter(viewer, Attachment))).scalar_one_or_none()
    if found is None:
        raise ApiError(404, "not_found", NO_SUCH_ATTACHMENT)
    return found


def create_upload(viewer: Viewer, length: int, attachment_id: str | None) -> str:
    """Begin (or begin again) the upload of an attachment's bytes; the id it is reached by."""
    if length > max_size():
        raise ApiError(413, "upload_too_large",
                       f"文件超过上限 {max_size()} 字节。 / The file is larger than the {max_size()}-byte limit.",
                       {"max_size": max_size()})
    if not attachment_id:
        raise ApiError(400, "bad_upload_header",
                       "Upload-Metadata 须含 attachment_id。 / Upload-Metadata must name the attachment_id.",
                       {"header": "Upload-Metadata"})
    attachment = attachment_in_scope(viewer, attachment_id)
    if attachment.upload_complete:
        raise ApiError(409, "upload_complete", "此附件已上传完成。 / This attachment's bytes have already arrived.")
    if length != attachment.byte_size:
        raise ApiError(422, "upload_length_mismatch",
                       f"Upload-Length 须等于附件登记的大小 {attachment.byte_size}。 / "
                       f"Upload-Length must equal the attachment's byte_size, {attachment.byte_size}.",
                       {"byte_size": attachment.byte_size})
    storage().begin(attachment.id)
    db.session.rollback()
    log.info("upload %s POST length=%d", short(attachment.id), length)
    return attachment.id


def upload_state(viewer: Viewer, attachment_id: str) -> UploadState:
    """How many bytes have arrived, of how many."""
    attachment = attachment_in_scope(viewer, attachment_id)
    held = storage().size(attachment.id)
    db.session.rollback()
    if held is None:
        raise ApiError(404, "upload_not_found",
                       "没有进行中的上传，请重新创建。 / No upload in progress; create it again.")
    return UploadState(held, attachment.byte_size)


def remaining(viewer: Viewer, attachment_id: str, offset: int) -> int:
    """How many bytes a PATCH starting at `offset` may still carry (its body's cap)."""
    return max(0, attachment_in_scope(viewer, attachment_id).byte_size - offset)


def short(attachment_id: str) -> str:
    """An attachment id as the log names it: its last 8 digits, random in every UUID version (a v7 id, as the
    phone makes them, begins with its time, the same for the photos of one minute)."""
    return attachment_id[-8:]


def append(viewer: Viewer, device_id: str, attachment_id: str, offset: int, chunks: Iterable[bytes],
           declared: int | None = None) -> int:
    """Append a PATCH's body (`declared` bytes, its Content-Length) at `offset`; on the last byte, check and
    complete. The new offset."""
    attachment = attachment_in_scope(viewer, attachment_id)
    length, complete = attachment.byte_size, attachment.upload_complete
    db.session.rollback()  # no transaction stays open while a phone sends its bytes
    try:
        held = _append(attachment_id, offset, chunks, complete)
    except ApiError as refused:
        _log_patch(attachment_id, offset, declared, f"refused={refused.code}"
                   + (f" held={refused.details['offset']}" if "offset" in refused.details else ""))
        raise
    _log_patch(attachment_id, offset, declared, f"new_offset={held}"
               + (" cut" if declared is not None and held < offset + declared else ""))
    if held == length:
        _complete(viewer, device_id, attachment_id)
    return held


def _append(attachment_id: str, offset: int, chunks: Iterable[bytes], complete: bool) -> int:
    if complete:
        raise ApiError(409, "upload_complete", "此附件已上传完成。 / This attachment's bytes have already arrived.")
    try:
        return storage().append(attachment_id, offset, chunks)
    except UploadMissing:
        raise ApiError(404, "upload_not_found",
                       "没有进行中的上传，请重新创建。 / No upload in progress; create it again.") from None
    except OffsetMismatch as mismatch:
        raise ApiError(409, "offset_mismatch",
                       f"Upload-Offset 与服务器已收到的 {mismatch.held} 字节不符，请从此处续传。 / "
                       f"Upload-Offset does not match the {mismatch.held} bytes the server holds; resume from there.",
                       {"offset": mismatch.held}) from None
    except UploadBusy:
        raise ApiError(423, "upload_busy",
                       "此附件正在另一请求中上传，请稍后再试。 / Another request is uploading this attachment; retry shortly.") from None


def _log_patch(attachment_id: str, offset: int, declared: int | None, outcome: str) -> None:
    """One line per PATCH: where it started, how long it said it was, what came of it (the new offset —
    short of offset + length when the connection was cut — or the refusal). A chunk sent twice shows as a
    PATCH starting below the bytes held; docs/attachments.md "The upload log"."""
    log.info("upload %s PATCH offset=%d length=%s %s", short(attachment_id), offset,
             "-" if declared is None else declared, outcome)


def _complete(viewer: Viewer, device_id: str, attachment_id: str) -> None:
    """Check the whole bytes against the record; seal them and mark the record complete, or drop them."""
    attachment = attachment_in_scope(viewer, attachment_id)
    mime_type, sha256 = attachment.mime_type, attachment.sha256
    db.session.rollback()
    with storage().open(attachment_id) as stream:
        refusal = content_refusal(stream, mime_type, sha256)
    if refusal is not None:
        storage().delete(attachment_id)
        raise ApiError(422, refusal.code, refusal.message)
    storage().finalize(attachment_id)
    lock_sequence()
    store = SqlSyncStore(viewer)
    state = store.get_record("attachment", attachment_id)  # read in scope above; records are never deleted
    actor = Actor(user_id=viewer.user_id, role=viewer.role, device_id=device_id)
    try:
        commit_server_fields(store, actor, state, {"upload_complete": True}, cause=f"upload-{attachment_id}")
    except WriteRefused:  # the case left the uploader's scope while the bytes were checked
        db.session.rollback()
        raise ApiError(404, "not_found", NO_SUCH_ATTACHMENT) from None
    store.finish()
    db.session.commit()
