"""The append-only audit log (domain.md, Privacy): who, what, which record, when, from where, result.

`record_audit` adds the row to the current transaction; the caller commits, so an
audited change and its audit row are stored together or not at all. Details are
scrubbed: passwords, tokens, phones and ID numbers never reach the log.
"""
from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_jwt_extended import get_jwt

from app.extensions import db
from app.models import AuditLog
from app.schemas.masking import mask_text

FORBIDDEN_KEY_PARTS = ("password", "phone", "id_number", "token", "secret")
MAX_TEXT = 200


def record_audit(action: str, *, entity: str | None = None, record_id: object | None = None,
                 result: str = "ok", details: dict[str, Any] | None = None,
                 user_id: int | None = None) -> AuditLog:
    """Append one audit row. The user defaults to the signed-in user of this request, if any."""
    entry = AuditLog(
        action=action,
        entity=entity,
        record_id=str(record_id)[:64] if record_id is not None else None,
        user_id=user_id if user_id is not None else _signed_in_user_id(),
        ip=_remote_address(),
        result=result,
        details=scrub(details or {}),
    )
    db.session.add(entry)
    return entry


def scrub(value: Any) -> Any:
    """Drop sensitive keys and mask phone and ID numbers found in any text, recursively."""
    if isinstance(value, dict):
        return {str(key): scrub(item) for key, item in value.items()
                if not any(part in str(key).lower() for part in FORBIDDEN_KEY_PARTS)}
    if isinstance(value, (list, tuple)):
        return [scrub(item) for item in value]
    if isinstance(value, str):
        return mask_text(value[:MAX_TEXT])
    return value


def _signed_in_user_id() -> int | None:
    try:
        subject = get_jwt().get("sub")
    except RuntimeError:  # no token was verified in this request
        return None
    return int(subject) if subject is not None and str(subject).isdigit() else None


def _remote_address() -> str | None:
    if not has_request_context():
        return None
    return (request.remote_addr or "")[:64] or None
