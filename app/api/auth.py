"""Sign-in, token refresh, sign-out and the current user (sync-protocol.md §7, §9).

Sign-in throttling stops guessing without locking out the owner. Only wrong
credentials count, in two places: per (typed username, client address) and per
client address across all usernames. Failures by someone else, from another
address, never lock out the right password from a clean address; an office behind
one address shares only the generous per-address limit. Each limit is a ladder of
windows (default 5 a minute, 10 an hour, 20 a day), so the wait grows the longer
the guessing goes on.

Every attempt takes its place in each window as it arrives, and gets it back when
it turns out not to be a wrong password (signed in, refused device, bad body, or
turned away with 429). So attempts racing on several workers can never pass the
limit between a check and a count: it holds exactly as configured. The counters
live in RATELIMIT_STORAGE_URI, shared by every worker (the app's own database by
default, Redis for large deployments).
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
    AccessTokenSchema, LoginResponseSchema, LoginSchema, MeSchema, SignedOutSchema, TodaySeenSchema,
)
from app.services.access import auth as auth_service

blp = Blueprint("auth", __name__, url_prefix="/api", description="Sign-in and the current user")


def name_and_address_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def address_limit() -> str:
    return str(current_app.config["LOGIN_ADDRESS_RATE_LIMIT"])


def address_key() -> str:
    return f"login-address:{get_remote_address()}"


def name_and_address_key() -> str:
    """The typed username (as a keyed digest: the counters never hold typed text) and the address."""
    body = request.get_json(silent=True)
    username = body.get("username") if isinstance(body, dict) else None
    digest = auth_service.typed_name_digest(username if isinstance(username, str) else "")
    return f"login-name:{digest}:{get_remote_address()}"


def wrong_credentials(response: Response) -> bool:
    """Only a refused password counts as a guess; a bad body or a refused device does not."""
    if response.status_code != 401:
        return False
    body = response.get_json(silent=True)
    return isinstance(body, dict) and body.get("error", {}).get("code") == "invalid_credentials"


@blp.after_request
def give_back_attempts_that_were_not_guesses(response: Response) -> Response:
    """Refund this sign-in's place in every window unless its password was wrong.

    Relies on RATELIMIT_FAIL_ON_FIRST_BREACH being off (app factory): every window
    was counted, also on a 429, so every window is refunded.
    """
    if request.endpoint == "auth.login" and not wrong_credentials(response):
        for counted in limiter.current_limits:
            counted.limiter.hit(counted.limit, *counted.request_args, cost=-1)
    return response


@blp.route("/auth/login", methods=["POST"])
@blp.doc(security=[])
@limiter.limit(address_limit, key_func=address_key)
@limiter.limit(name_and_address_limit, key_func=name_and_address_key)
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


@blp.route("/me/today-seen", methods=["PUT"])
@roles_required()
@blp.arguments(TodaySeenSchema)
@blp.response(200, TodaySeenSchema)
def today_seen(body: dict[str, Any]) -> dict[str, Any]:
    """Record that she looked at 今日; answers the latest look, which every phone of hers then uses."""
    return {"today_seen_at": auth_service.mark_today_seen(current_user(), body["today_seen_at"])}
