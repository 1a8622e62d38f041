"""What needs attention, counted for the desk's menu: one small read, refreshed often."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from app.extensions import db
from app.models import Device, DeviceHealth, Dispute, Followup, User
from app.models.types import utcnow
from app.services.access.scope import Viewer, scope_filter, users_filter
from app.services.desk.review import queue_conditions
from sync.clock import local_today
from app.services.sync.conflicts import open_conflict_count
from app.services.sync.device_health import silent

def desk_counts(viewer: Viewer, today: date | None = None, now: datetime | None = None) -> dict[str, int]:
    """Cases in the review queue, open conflicts, revisits due by today and not done, silent phones."""
    today = today or local_today()
    now = now or utcnow()
    return {
        "review": _count(sa.select(sa.func.count()).select_from(Dispute)
                         .where(*queue_conditions(viewer, viewer.area_path))),
        "conflicts": open_conflict_count(viewer),
        "revisits_due": _count(
            sa.select(sa.func.count()).select_from(Followup).join(Dispute, Followup.dispute_id == Dispute.id)
            .where(scope_filter(viewer, Dispute), Dispute.voided_at.is_(None), Followup.voided_at.is_(None),
                   Followup.done_at.is_(None), Followup.due_on <= today)),
        "silent_phones": _count(
            sa.select(sa.func.count()).select_from(Device).join(User, Device.user_id == User.id)
            .outerjoin(DeviceHealth, DeviceHealth.device_id == Device.id)
            .where(silent(now), users_filter(viewer))),
    }


def _count(query: sa.Select) -> int:
    return int(db.session.execute(query).scalar_one())
