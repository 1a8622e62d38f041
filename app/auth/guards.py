"""Route guards and the signed-in user and device of the current request.

Authorization has two places: a role is checked here, at the route (`roles_required`); what a role may do to
which record is the engine's (sync/permissions.py, sync/authority.py) and the scope rule's
(app/services/access/scope.py). Services do not check roles.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar, get_args

from flask_jwt_extended import get_current_user, get_jwt, verify_jwt_in_request

from app.errors import ApiError
from app.models import User
from sync.permissions import REVIEWERS
from sync.types import Role

__all__ = ["REVIEWERS", "current_device_id", "current_session_id", "current_user", "roles_required"]

P = ParamSpec("P")
R = TypeVar("R")
ROLE_NAMES = {"mediator": ("调解员", "a mediator"), "supervisor": ("督导", "a supervisor"), "admin": ("管理员", "an admin")}


def roles_required(*roles: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Require a live access token and, when roles are named, one of those roles (else 403).

    Place it above `@blp.arguments` so that 401/403 answer before the body is validated.
    """
    named = [role for role in get_args(Role) if role in roles]
    message = (f"只有{'或'.join(ROLE_NAMES[role][0] for role in named)}可以这样做。 / "
               f"Only {' or '.join(ROLE_NAMES[role][1] for role in named)} may do this.")

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            verify_jwt_in_request()
            if roles and current_user().role not in roles:
                raise ApiError(403, "forbidden", message)
            return view(*args, **kwargs)

        return guarded

    return decorator


def current_user() -> User:
    """The active user of the verified token (call after a guard)."""
    user: User = get_current_user()
    return user


def current_device_id() -> str:
    """The device the verified token was issued to."""
    return str(get_jwt()["device_id"])


def current_session_id() -> str:
    """The device session (refresh jti) the verified token belongs to."""
    claims = get_jwt()
    return str(claims["jti"] if claims.get("type") == "refresh" else claims["sid"])
