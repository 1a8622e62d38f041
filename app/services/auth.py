"""Signing in and out on a device, refreshing access, and the devices supervisors manage.

Answers to a failed sign-in are the same whatever failed (unknown user, wrong
password, disabled account) and take about the same time, so they reveal nothing
about which usernames exist. Only a revoked device is named, because the PWA must
then wipe its data and make a new device id.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.auth import tokens
from app.auth.passwords import burn_equal_time, verify_password
from app.errors import ApiError
from app.extensions import db
from app.models import Device, User
from app.models.types import utcnow
from app.services.audit import record_audit
from app.services.scope import Viewer, area_in_scope, users_filter

BIND_ATTEMPTS = 2


@dataclass(frozen=True)
class SignIn:
    user: User
    device: Device
    access_token: str
    refresh_token: str


def invalid_credentials() -> ApiError:
    return ApiError(401, "invalid_credentials", "The username or password is not correct.")


def device_revoked() -> ApiError:
    return ApiError(401, tokens.DEVICE_REVOKED,
                    "This device was revoked; clear its data and sign in as a new device.")


def login(*, username: str, password: str, device_id: str) -> SignIn:
    """Check the password, bind the device to the user and open one session on it."""
    user = _check_credentials(username, password)
    for attempt in range(BIND_ATTEMPTS):
        device, rebound_from = _bind_device(user, device_id)
        refresh_token, jti = tokens.new_refresh_token(user, device_id)
        device.refresh_jti = jti
        record_audit("login", entity="device", record_id=device_id, user_id=user.id,
                     details={"rebound_from_user": rebound_from} if rebound_from else None)
        try:
            db.session.commit()
            break
        except IntegrityError:  # the same new device signed in twice at once
            db.session.rollback()
            if attempt == BIND_ATTEMPTS - 1:
                raise
    return SignIn(user=user, device=device, refresh_token=refresh_token,
                  access_token=tokens.new_access_token(user, device_id, jti))


def refresh_access(user: User, device_id: str, session_id: str) -> str:
    """A new access token for a live session (the token callbacks have refused dead ones)."""
    return tokens.new_access_token(user, device_id, session_id)


def logout(user: User, device_id: str) -> None:
    """End the device's session: its refresh and access tokens stop working."""
    device = db.session.get(Device, device_id)
    if device is not None:
        device.refresh_jti = None
    record_audit("logout", entity="device", record_id=device_id, user_id=user.id)
    db.session.commit()


def list_devices(viewer: User) -> list[Device]:
    """Devices of users whose home area is in the viewer's scope (admin: all)."""
    query = (sa.select(Device).join(Device.user)
             .options(selectinload(Device.user), selectinload(Device.health))
             .order_by(User.display_name, Device.id))
    if viewer.role != "admin":
        query = query.where(users_filter(Viewer.of(viewer)))
    return list(db.session.execute(query).scalars())


def revoke_device(actor: User, device_id: str) -> Device:
    """Revoke a device in the actor's scope: its tokens stop working and it must wipe itself."""
    device = db.session.get(Device, device_id)
    if device is None or not _manages(actor, device.user):
        raise ApiError(404, "not_found", "No such device in your area.")
    if device.revoked_at is None:
        device.revoked_at = utcnow()
        device.revoked_by = actor.id
        device.refresh_jti = None
        record_audit("device_revoke", entity="device", record_id=device.id, user_id=actor.id,
                     details={"device_user": device.user_id})
        db.session.commit()
    return device


def _check_credentials(username: str, password: str) -> User:
    user = db.session.execute(sa.select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        burn_equal_time()
        reason = "unknown_user"
    elif not verify_password(user.password_hash, password):
        reason = "wrong_password"
    elif not user.active:
        reason = "inactive_user"
    else:
        return user
    record_audit("login", entity="user", record_id=str(user.id) if user else None,
                 user_id=user.id if user else None, result="failed",
                 details={"username": username, "reason": reason})
    db.session.commit()
    raise invalid_credentials()


def _bind_device(user: User, device_id: str) -> tuple[Device, int | None]:
    """Create the device, or take it over for this user; a revoked device stays revoked."""
    device = db.session.get(Device, device_id)
    rebound_from = None
    if device is None:
        device = Device(id=device_id, user_id=user.id)
        db.session.add(device)
    elif device.revoked_at is not None:
        record_audit("login", entity="device", record_id=device_id, user_id=user.id,
                     result="denied", details={"reason": tokens.DEVICE_REVOKED})
        db.session.commit()
        raise device_revoked()
    elif device.user_id != user.id:
        rebound_from, device.user_id = device.user_id, user.id
    device.last_login_at = utcnow()
    return device, rebound_from


def _manages(actor: User, user: User) -> bool:
    if actor.role == "admin":
        return True
    return actor.role == "supervisor" and area_in_scope(Viewer.of(actor), user.area_id)
