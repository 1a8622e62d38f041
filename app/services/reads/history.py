"""A case's change history and its conflicts, for readers in scope (sync-protocol.md §5).

Personal values are masked as lists mask them; people are named and devices labelled
(app/services/access/device_labels.py): mediators never see a colleague's raw device id."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import ChangeHistory
from app.schemas.personal import mask_value
from app.services.sync.conflicts import list_conflicts, person_json, user_names
from app.services.access.device_labels import DeviceLabels, shows_device_ids
from app.services.reads.disputes import get_dispute
from app.services.sync.record_codec import to_json_value
from app.services.access.scope import Viewer


def _masked(entity: str, changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    return {name: [mask_value(entity, name, value) for value in pair] for name, pair in changes.items()}


def dispute_history(viewer: Viewer, dispute_id: str, own_device_id: str | None = None) -> dict[str, Any]:
    """Every accepted change of the case and its child records, oldest first; 404 outside scope.

    `people` names the users the changes point at (a dispatch's mediator), so no reader sees a bare id."""
    page = get_dispute(viewer, dispute_id)
    record_ids = [dispute_id] + [row.id for key in ("parties", "mediation_logs", "followups", "referrals")
                                 for row in page[key]]
    rows = list(db.session.execute(sa.select(ChangeHistory).where(ChangeHistory.record_id.in_(record_ids))
                                   .order_by(ChangeHistory.seq, ChangeHistory.id)).scalars())
    assignees = {value for row in rows for value in row.changes.get("assigned_mediator_id", ()) if isinstance(value, int)}
    names = user_names({row.user_id for row in rows} | assignees)
    labels = DeviceLabels(own_device_id, [row.device_id for row in rows])
    device_ids = shows_device_ids(viewer.role)
    entries = []
    for row in rows:
        entry = {
            "entity": row.entity, "record_id": row.record_id, "version": row.version, "seq": row.seq,
            "op": row.op, "changes": _masked(row.entity, row.changes), "user_id": row.user_id,
            "user": person_json(row.user_id, names),
            "device": labels.label(row.device_id),
            "mutation_id": row.mutation_id, "server_time": to_json_value(row.server_time),
        }
        if device_ids:
            entry["device_id"] = row.device_id
        entries.append(entry)
    return {"items": entries, "conflicts": list_conflicts(viewer, None, record_ids, own_device_id),
            "people": {str(user_id): names[user_id] for user_id in sorted(assignees) if user_id in names}}
