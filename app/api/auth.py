"""Sign-in, token refresh, sign-out and the current user (sync-protocol.md §7, §9).

Failed sign-ins are rate limited per client address and per username; only
failures count, so an office of colleagues behind one address can all sign in.
"""
from __future__ import annotations

from typing import Any

from flask import Response, current_app, request
from flask_jwt_extended import jwt_required
from flask_limiter.util import get_remote_address

from app.api.blueprint import Blueprint
from app.auth.guards import current_device_id, current_session_id, current_user, roles_required
from app.extensions import limiter
from app.schemas.auth import (
    AccessTokenSchema, LoginResponseSchema, LoginSchema, MeSchema, SignedOutSchema,
)
from app.services import auth as auth_service

blp = Blueprint("auth", __name__, url_prefix="/api", description="Sign-in and the current user")


def login_rate_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def address_key() -> str:
    return f"login-address:{get_remote_address()}"


def username_key() -> str:
    """The username from the JSON body; a body without one is counted by address instead."""
    body = request.get_json(silent=True)
    username = body.get("username") if isinstance(body, dict) else None
    if isinstance(username, str) and username:
        return f"login-username:{username[:64]}"
    return f"login-no-username:{get_remote_address()}"


def failed(response: Response) -> bool:
    return response.status_code != 200


@blp.route("/auth/login", methods=["POST"])
@blp.doc(security=[])
@limiter.limit(login_rate_limit, key_func=address_key, deduct_when=failed)
@limiter.limit(login_rate_limit, key_func=username_key, deduct_when=failed)
@blp.arguments(LoginSchema)
@blp.response(200, LoginResponseSchema)
def login(credentials: dict[str, str]) -> dict[str, Any]:
    signed_in = auth_service.login(**credentials)
    return {"access_token": signed_in.access_token, "refresh_token": signed_in.refresh_token,
            "user": signed_in.user}


@blp.route("/auth/refresh", methods=["POST"])
@jwt_required(refresh=True)
@blp.response(200, AccessTokenSchema)
def refresh() -> dict[str, str]:
    token = auth_service.refresh_access(current_user(), current_device_id(), current_session_id())
    return {"access_token": token}


@blp.route("/auth/logout", methods=["POST"])
@roles_required()
@blp.response(200, SignedOutSchema)
def logout() -> dict[str, str]:
    auth_service.logout(current_user(), current_device_id())
    return {"status": "signed_out"}


@blp.route("/me")
@roles_required()
@blp.response(200, MeSchema)
def me() -> dict[str, Any]:
    return {"user": current_user(), "device_id": current_device_id()}
