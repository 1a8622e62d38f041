"""Pull: every record in the viewer's scope changed past the cursor, in seq order (sync-protocol.md §6)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import SYNCED_MODELS, SyncedRecord
from app.services.audit import record_audit
from app.services.cursors import decode_cursor, encode_cursor
from app.services.record_codec import record_values, to_json_value
from app.services.scope import Viewer, scope_filter
from app.services.sequence import current_seq, database_id


def flat_record(entity: str, row: SyncedRecord) -> dict[str, Any]:
    """The flat form of a record that pull and push results carry."""
    return {
        "entity": entity, "id": row.id, "version": row.version, "seq": row.seq,
        "created_at": to_json_value(row.created_at), "updated_at": to_json_value(row.updated_at),
        "created_by": row.created_by, "updated_by": row.updated_by,
        "voided_at": to_json_value(row.voided_at), "void_reason": row.void_reason,
        "has_open_conflict": row.has_open_conflict,
        **record_values(row),
    }


def pull(viewer: Viewer, cursor: str | None, limit: int) -> dict[str, Any]:
    """One page of changes. Because writers commit in seq order, `seq > cursor` never skips a change."""
    db_id, head = database_id(), current_seq()
    since = 0
    if cursor:
        decoded = decode_cursor(cursor, db_id, head)
        if decoded is None:
            return {"reset": True, "records": [], "cursor": None, "has_more": True}
        since = decoded

    candidates: list[tuple[int, str, SyncedRecord]] = []
    for entity, model in SYNCED_MODELS.items():
        rows = db.session.execute(
            sa.select(model).where(model.seq > since, model.seq <= head, scope_filter(viewer, model))
            .order_by(model.seq).limit(limit + 1)).scalars()
        candidates.extend((row.seq, entity, row) for row in rows)
    candidates.sort(key=lambda item: item[0])
    page, has_more = candidates[:limit], len(candidates) > limit
    last_seq = page[-1][0] if has_more else head

    parties = [row.id for _, entity, row in page if entity == "party" and (row.phone or row.id_number)]
    if parties:
        record_audit("sync_identities", entity="party", details={"count": len(parties)})
        db.session.commit()
    return {
        "records": [flat_record(entity, row) for _, entity, row in page],
        "cursor": encode_cursor(db_id, last_seq),
        "has_more": has_more,
    }
