"""A case's change history and its conflicts, for readers in scope (sync-protocol.md §5)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import ChangeHistory
from app.schemas.masking import mask_id_number, mask_phone
from app.services.conflicts import list_conflicts
from app.services.dispute_reads import get_dispute
from app.services.record_codec import to_json_value
from app.services.scope import Viewer

MASKS = {"phone": mask_phone, "id_number": mask_id_number}


def _masked(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    return {name: [MASKS[name](v) if name in MASKS and isinstance(v, str) else v for v in pair]
            for name, pair in changes.items()}


def dispute_history(viewer: Viewer, dispute_id: str) -> dict[str, Any]:
    """Every accepted change of the case and its child records, oldest first; 404 outside scope."""
    page = get_dispute(viewer, dispute_id)
    record_ids = [dispute_id] + [row.id for key in ("parties", "mediation_logs", "followups", "referrals")
                                 for row in page[key]]
    rows = db.session.execute(sa.select(ChangeHistory).where(ChangeHistory.record_id.in_(record_ids))
                              .order_by(ChangeHistory.seq, ChangeHistory.id)).scalars()
    entries = [{
        "entity": row.entity, "record_id": row.record_id, "version": row.version, "seq": row.seq,
        "op": row.op, "changes": _masked(row.changes), "user_id": row.user_id, "device_id": row.device_id,
        "mutation_id": row.mutation_id, "server_time": to_json_value(row.server_time),
    } for row in rows]
    return {"items": entries, "conflicts": list_conflicts(viewer, None, record_ids)}


