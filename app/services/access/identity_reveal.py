"""Showing full phones and ID numbers, audited (domain.md, Privacy): a party's, or a conflict's values."""
from __future__ import annotations

from typing import Any

from app.errors import ApiError
from app.extensions import db
from app.models import Party
from app.schemas.personal import is_personal
from app.services.access.audit import record_audit
from app.services.sync.conflicts import conflict_in_scope, conflicts_json
from app.services.reads.disputes import get_party
from app.services.access.scope import Viewer


def reveal_party(viewer: Viewer, party_id: str) -> Party:
    party = get_party(viewer, party_id)
    record_audit("reveal_identity", entity="party", record_id=party.id,
                 details={"dispute_id": party.dispute_id, "fields": ["phone", "id_number"]})
    db.session.commit()
    return party


def reveal_conflict(viewer: Viewer, own_device_id: str | None, conflict_id: int) -> dict[str, Any]:
    """A conflict on a phone or ID number with its values in full, for the reviewer who settles it
    (the route lets only reviewers in)."""
    row = conflict_in_scope(viewer, conflict_id)
    if row is None:
        raise ApiError(404, "not_found", "没有这条冲突。 / No such conflict.")
    if not is_personal(row.entity, row.field):
        raise ApiError(422, "not_personal", "这条冲突的字段不是个人信息，列表中已是完整值。 / "
                       "This conflict's field is not personal data: the list already shows it in full.")
    record_audit("reveal_identity", entity=row.entity, record_id=row.record_id,
                 details={"conflict_id": row.id, "fields": [row.field]})
    db.session.commit()
    [revealed] = conflicts_json([row], viewer, own_device_id, reveal=True)
    return revealed
