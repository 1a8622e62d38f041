"""Signing in and out on a device, refreshing access, and the devices supervisors manage.

Answers to a failed sign-in are the same whatever failed (unknown user, wrong
password, disabled account) and take about the same time, so they reveal nothing
about which usernames exist; the audit keeps only a keyed digest of a typed name
that matches no user (it is often a password typed in the wrong box, or a phone
number). Only after a correct password is the device named: a revoked device (the
PWA must wipe its data and make a new id) or a device of another user.

A device id belongs to the user who first signed in with it. Another user signing
in with it is refused (409 `device_in_use`) instead of taking over the owner's
session and phone health; the PWA makes a fresh id after every sign-out. A revoked
device stays revoked for everyone, its owner included.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from flask import current_app
from sqlalchemy.orm import selectinload

from app.auth import tokens
from app.auth.passwords import burn_equal_time, verify_password
from app.errors import ApiError
from app.extensions import db
from app.models import Device, DeviceHealth, User
from app.models.types import utcnow
from app.services.access.audit import record_audit
from app.services.access.scope import Viewer, area_in_scope, users_filter
from app.services.sync import device_health

BIND_ATTEMPTS = 2
DEVICE_IN_USE = "device_in_use"


@dataclass(frozen=True)
class SignIn:
    user: User
    device: Device
    access_token: str
    refresh_token: str


def invalid_credentials() -> ApiError:
    return ApiError(401, "invalid_credentials", "用户名或密码不正确。 / The username or password is not correct.")


def device_revoked() -> ApiError:
    return ApiError(401, tokens.DEVICE_REVOKED,
                    "这台设备已被停用：请清除其数据，再作为新设备登录。 / This device was revoked; clear its data and sign in as a new device.")


def device_in_use() -> ApiError:
    return ApiError(409, DEVICE_IN_USE,
                    "此设备编号已属于另一位用户，请用新的设备编号登录。 / "
                    "This device id belongs to another user; sign in with a new device id.")


def login(*, username: str, password: str, device_id: str) -> SignIn:
    """Check the password, bind the device to the user and open one session on it."""
    user = _check_credentials(username, password)
    for attempt in range(BIND_ATTEMPTS):
        device = _bind_device(user, device_id)
        refresh_token, jti = tokens.new_refresh_token(user, device_id)
        device.refresh_jti = jti
        record_audit("login", entity="device", record_id=device_id, user_id=user.id)
        try:
            db.session.commit()
            break
        except IntegrityError:  # a new device id signed in twice at once: the loser re-reads it
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


def list_devices(viewer: User) -> list[dict[str, Any]]:
    """Devices of users whose home area is in the viewer's scope, each with whether it is silent."""
    query = (sa.select(Device, device_health.silent(utcnow()).label("silent")).join(Device.user)
             .outerjoin(DeviceHealth, DeviceHealth.device_id == Device.id)
             .options(selectinload(Device.user), selectinload(Device.health))
             .where(users_filter(Viewer.of(viewer)))
             .order_by(User.display_name, Device.id))
    return [{"device": device, "silent": bool(is_silent)} for device, is_silent in db.session.execute(query)]


def revoke_device(actor: User, device_id: str) -> Device:
    """Revoke a device in the actor's scope: its tokens stop working and it must wipe itself."""
    device = db.session.get(Device, device_id)
    if device is None or not area_in_scope(Viewer.of(actor), device.user.area_id):
        raise ApiError(404, "not_found", "您的辖区内没有这台设备。 / No such device in your area.")
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
    details = {"reason": reason} if user else {"reason": reason, "typed": typed_name_digest(username)}
    record_audit("login", entity="user", record_id=str(user.id) if user else None,
                 user_id=user.id if user else None, result="failed", details=details)
    db.session.commit()
    raise invalid_credentials()


def typed_name_digest(username: str) -> str:
    """A keyed digest of a typed name: repeated guesses of one name can be grouped, not read back."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, username.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:16]


def _bind_device(user: User, device_id: str) -> Device:
    """Register a new device to the user, or reuse the user's own one; refuse any other."""
    device = db.session.get(Device, device_id)
    if device is None:
        device = Device(id=device_id, user_id=user.id)
        db.session.add(device)
    elif device.revoked_at is not None or device.user_id != user.id:
        revoked = device.revoked_at is not None
        reason = tokens.DEVICE_REVOKED if revoked else DEVICE_IN_USE
        record_audit("login", entity="device", record_id=device_id, user_id=user.id,
                     result="denied", details={"reason": reason})
        db.session.commit()
        raise device_revoked() if revoked else device_in_use()
    device.last_login_at = utcnow()
    return device


def mark_today_seen(user: User, seen_at: datetime) -> datetime:
    """Keep the latest look at 今日: a phone syncing an old look never moves it back, nor past now."""
    seen = min(seen_at, utcnow())
    if user.today_seen_at is None or seen > user.today_seen_at:
        user.today_seen_at = seen
        db.session.commit()
    return user.today_seen_at
