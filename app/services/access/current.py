"""The signed-in user as a scope `Viewer`."""
from __future__ import annotations

from flask_jwt_extended import current_user

from app.services.access.scope import Viewer


def current_viewer() -> Viewer:
    return Viewer.of(current_user)
