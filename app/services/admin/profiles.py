"""Mediator profiles: certificate, lawyer, specialties, talent and expert pools (what makes a mediator assignable)."""
from __future__ import annotations

from typing import Any

from app.errors import ApiError
from app.extensions import db
from app.models import MediatorProfile, User
from app.services.admin.common import user_or_404
from app.services.access.audit import record_audit
from app.services.access.scope import Viewer

PROFILE_FIELDS = ("full_time", "is_lawyer", "law_firm", "certificate_no", "certificate_date", "training_hours",
                  "specialties", "in_talent_pool", "in_expert_pool")


def get_profile(viewer: Viewer, user_id: int) -> MediatorProfile:
    """The mediator's profile; a mediator without one reads as a blank profile (not stored)."""
    user = _mediator(viewer, user_id)
    return user.profile or blank_profile(user)


def update_profile(viewer: Viewer, user_id: int, changes: dict[str, Any]) -> MediatorProfile:
    user = _mediator(viewer, user_id)
    profile = user.profile
    if profile is None:
        profile = blank_profile(user)
        db.session.add(profile)
    for name in PROFILE_FIELDS:
        if name in changes:
            setattr(profile, name, changes[name])
    record_audit("profile_update", entity="user", record_id=user.id, details={"fields": sorted(changes)})
    db.session.commit()
    return profile


def blank_profile(user: User) -> MediatorProfile:
    return MediatorProfile(user_id=user.id, full_time=False, is_lawyer=False, law_firm=None, certificate_no=None,
                           certificate_date=None, training_hours=0, specialties=[], in_talent_pool=False,
                           in_expert_pool=False)


def _mediator(viewer: Viewer, user_id: int) -> User:
    user = user_or_404(viewer, user_id)
    if user.role != "mediator":
        raise ApiError(409, "not_a_mediator", "只有调解员有调解员档案。 / Only mediators have a mediator profile.")
    return user
