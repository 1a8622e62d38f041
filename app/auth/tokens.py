"""JWTs for devices, and the callbacks that make every token error answer in the API's error shape.

One device holds one sign-in session: the refresh token's `jti` is stored on the
Device (`refresh_jti`), and every access token carries that session id as `sid`.
Logging out, signing in again on the device or revoking it therefore ends every
token of the old session at once (sync-protocol.md §7).
"""
from __future__ import annotations

import uuid
from typing import Any

from flask import Flask, Response, g
from flask_jwt_extended import create_access_token, create_refresh_token

from app.errors import error_response
from app.extensions import db, jwt
from app.models import Device, User
from app.services.access.audit import record_audit

DEVICE_REVOKED = "device_revoked"
TOKEN_REVOKED = "token_revoked"

# flask-jwt-extended keeps the verified token on `g`; forgetting it at the start of each
# request keeps one request's identity from leaking into the next when they share an app context.
_JWT_G_KEYS = ("_jwt_extended_jwt", "_jwt_extended_jwt_header", "_jwt_extended_jwt_user",
               "_jwt_extended_jwt_location")


def new_refresh_token(user: User, device_id: str) -> tuple[str, str]:
    """A refresh token bound to the device; returns (token, jti) so the jti can be stored."""
    jti = uuid.uuid4().hex
    token = create_refresh_token(identity=str(user.id),
                                 additional_claims={"jti": jti, "device_id": device_id})
    return token, jti


def new_access_token(user: User, device_id: str, session_id: str) -> str:
    """An access token with the claims the PWA and the scope filters read."""
    return create_access_token(identity=str(user.id), additional_claims={
        "role": user.role, "area_id": user.area_id, "device_id": device_id, "sid": session_id})


def revocation_reason(payload: dict[str, Any]) -> str | None:
    """Why a well-signed token may no longer be used, or None when it may."""
    device_id = payload.get("device_id")
    if not isinstance(device_id, str):
        return TOKEN_REVOKED
    device = db.session.get(Device, device_id)
    if device is None:
        return TOKEN_REVOKED
    if device.revoked_at is not None:
        return DEVICE_REVOKED
    session_id = payload.get("jti") if payload.get("type") == "refresh" else payload.get("sid")
    if str(device.user_id) != str(payload.get("sub")) or not device.refresh_jti \
            or device.refresh_jti != session_id:
        return TOKEN_REVOKED
    return None


def init_app(app: Flask) -> None:
    """Register the token callbacks (jwt is bound in the factory)."""

    @app.before_request
    def _forget_previous_token() -> None:
        for key in _JWT_G_KEYS:
            g.pop(key, None)

    @jwt.token_in_blocklist_loader
    def _is_revoked(_header: dict, payload: dict) -> bool:
        return revocation_reason(payload) is not None

    @jwt.user_lookup_loader
    def _load_user(_header: dict, payload: dict) -> User | None:
        subject = str(payload.get("sub", ""))
        user = db.session.get(User, int(subject)) if subject.isdigit() else None
        return user if user is not None and user.active else None

    @jwt.expired_token_loader
    def _expired(_header: dict, _payload: dict) -> Response:
        return error_response(401, "token_expired", "Your sign-in has expired.")

    @jwt.invalid_token_loader
    def _invalid(_reason: str) -> Response:
        return error_response(401, "invalid_token", "The sign-in token is not valid.")

    @jwt.unauthorized_loader
    def _missing(_reason: str) -> Response:
        return error_response(401, "unauthorized", "Sign-in is required.")

    @jwt.needs_fresh_token_loader
    def _needs_fresh(_header: dict, _payload: dict) -> Response:
        return error_response(401, "fresh_sign_in_required", "Sign in again to do this.")

    @jwt.token_verification_failed_loader
    def _claims_failed(_header: dict, _payload: dict) -> Response:
        return error_response(401, "invalid_token", "The sign-in token is not valid.")

    @jwt.revoked_token_loader
    def _revoked(_header: dict, payload: dict) -> Response:
        if revocation_reason(payload) == DEVICE_REVOKED:
            if payload.get("type") == "refresh":
                _audit_refused_refresh(payload)
            return error_response(401, DEVICE_REVOKED,
                                  "This device was revoked; its local data must be cleared.")
        return error_response(401, TOKEN_REVOKED, "This sign-in has ended; please sign in again.")

    @jwt.user_lookup_error_loader
    def _no_user(_header: dict, _payload: dict) -> Response:
        return error_response(401, "unauthorized", "This account no longer exists or is disabled.")


def _audit_refused_refresh(payload: dict[str, Any]) -> None:
    subject = str(payload.get("sub", ""))
    record_audit("refresh", entity="device", record_id=str(payload.get("device_id")),
                 result="denied", details={"reason": DEVICE_REVOKED},
                 user_id=int(subject) if subject.isdigit() else None)
    db.session.commit()
