"""Users as the district admin manages them: list, create, change, deactivate, reset a password.

Every change is audited with the field names and codes that changed, never names, phones or
passwords. Deactivating a user revokes her devices at once (each must wipe its data); a new
password ends her sessions (she signs in again, her unsent edits stay on the phone).
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.auth.passwords import hash_password
from app.errors import ApiError
from app.extensions import db
from app.models import Area, Device, User
from app.models.types import utcnow
from app.services.access import users
from app.services.admin.common import (
    area_for_field, commit_or_taken, committees_for_field, user_or_404,
)
from app.services.access.audit import record_audit
from app.services.reads.paging import Page, page_of
from app.services.access.scope import Viewer, areas_under

USER_LOADS = (selectinload(User.area), selectinload(User.committees), selectinload(User.profile))
AUDITED_VALUES = ("role", "area_id", "active")


def list_users(viewer: Viewer, filters: dict[str, Any]) -> Page:
    """Users of the admin's area (or of `area_id` and below), by username."""
    area_path = viewer.area_path
    if "area_id" in filters:
        area = db.session.get(Area, filters["area_id"])
        area_path = area.path if area is not None and viewer.covers(area.path) else "-"
    query = sa.select(User).where(User.area_id.in_(areas_under(area_path))).options(*USER_LOADS)
    if "role" in filters:
        query = query.where(User.role == filters["role"])
    if "active" in filters:
        query = query.where(User.active.is_(filters["active"]))
    if "q" in filters:
        pattern = "%" + filters["q"].lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(sa.or_(sa.func.lower(User.username).like(pattern, escape="\\"),
                                   sa.func.lower(User.display_name).like(pattern, escape="\\")))
    return page_of(query.order_by(User.username), filters["page"], filters["per_page"])


def get_user(viewer: Viewer, user_id: int) -> User:
    return user_or_404(viewer, user_id)


def create_user(viewer: Viewer, data: dict[str, Any]) -> User:
    """Add a user with an Argon2 password hash (the same path as `flask create-user`)."""
    area = area_for_field(viewer, data["area_id"])
    committees = committees_for_field(viewer, data.get("committee_ids", []), "committee_ids")
    user = users.create_user(username=data["username"], display_name=data["display_name"], role=data["role"],
                             area_code=area.code, password=data["password"], phone=data.get("phone"),
                             commit=False)
    user.committees = committees
    record_audit("user_create", entity="user", record_id=user.id, details={
        "role": user.role, "area_id": area.id, "committee_ids": [c.id for c in committees]})
    commit_or_taken("username", "用户名已存在。 / This username is taken.")
    return user


def update_user(viewer: Viewer, user_id: int, changes: dict[str, Any]) -> User:
    """Change what was sent; deactivation revokes every device of the user."""
    user = user_or_404(viewer, user_id)
    if viewer.user_id == user.id and (changes.get("active") is False or changes.get("role", "admin") != "admin"):
        raise ApiError(409, "own_account", "不能停用自己的账号，也不能放弃自己的管理员角色。 / You may not deactivate yourself or give up your own admin role.")
    if "area_id" in changes:
        area_for_field(viewer, changes["area_id"])
    before = {name: getattr(user, name) for name in AUDITED_VALUES}
    committee_ids_before = sorted(c.id for c in user.committees)
    if "committee_ids" in changes:
        user.committees = committees_for_field(viewer, changes["committee_ids"], "committee_ids")
    for name in ("display_name", "role", "area_id", "phone", "active"):
        if name in changes:
            setattr(user, name, changes[name])
    details: dict[str, Any] = {"fields": sorted(changes)}
    details.update({name: {"from": before[name], "to": getattr(user, name)}
                    for name in AUDITED_VALUES if before[name] != getattr(user, name)})
    if "committee_ids" in changes:
        details["committee_ids"] = {"from": committee_ids_before, "to": sorted(changes["committee_ids"])}
    if before["active"] and not user.active:
        details["devices_revoked"] = _revoke_devices(user, viewer.user_id)
    record_audit("user_update", entity="user", record_id=user.id, details=details)
    db.session.commit()
    return user


def reset_password(viewer: Viewer, user_id: int, password: str) -> None:
    """Set a new password and end the user's sessions on every device."""
    user = user_or_404(viewer, user_id)
    user.password_hash = hash_password(password)
    sessions = _devices(user, Device.refresh_jti.is_not(None))
    for device in sessions:
        device.refresh_jti = None
    record_audit("user_password_reset", entity="user", record_id=user.id,
                 details={"sessions_ended": len(sessions)})
    db.session.commit()


def _devices(user: User, *where: Any) -> list[Device]:
    return list(db.session.execute(sa.select(Device).where(Device.user_id == user.id, *where)).scalars())


def _revoke_devices(user: User, actor_id: int) -> int:
    devices = _devices(user, Device.revoked_at.is_(None))
    now = utcnow()
    for device in devices:
        device.revoked_at, device.revoked_by, device.refresh_jti = now, actor_id, None
    return len(devices)

