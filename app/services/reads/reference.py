"""Reference data every device caches: area tree, committees, mediators, enum catalogue."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.catalogue import as_json
from app.extensions import db
from app.models import Area, Committee, User
from sync import dossier as dossier_rules


def reference_data() -> dict[str, Any]:
    """Not personal data beyond names and roles: phones are left out of the directory."""
    areas = db.session.execute(sa.select(Area).order_by(Area.path)).scalars()
    committees = db.session.execute(sa.select(Committee).order_by(Committee.id)).scalars()
    mediators = db.session.execute(
        sa.select(User).where(User.role == "mediator", User.active.is_(True))
        .options(selectinload(User.profile), selectinload(User.committees)).order_by(User.id)).scalars()
    return {
        "areas": [{"id": a.id, "code": a.code, "name": a.name, "level": a.level, "parent_id": a.parent_id}
                  for a in areas],
        "committees": [{"id": c.id, "name": c.name, "kind": c.kind, "area_id": c.area_id,
                        "room_name": c.room_name} for c in committees],
        "mediators": [_mediator(user) for user in mediators],
        "enums": as_json(),
        "dossier_rules": dossier_rules.as_json(),
    }


def _mediator(user: User) -> dict[str, Any]:
    profile = user.profile
    return {
        "id": user.id,
        "display_name": user.display_name,
        "area_id": user.area_id,
        "committee_ids": [c.id for c in user.committees],
        "full_time": bool(profile and profile.full_time),
        "is_lawyer": bool(profile and profile.is_lawyer),
        "specialties": list(profile.specialties or []) if profile else [],
        "in_talent_pool": bool(profile and profile.in_talent_pool),
        "in_expert_pool": bool(profile and profile.in_expert_pool),
    }
