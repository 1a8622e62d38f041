"""Devices users signed in on: supervisors see which phones have not synced and revoke lost ones."""
from __future__ import annotations

from typing import Any

from app.api.blueprint import Blueprint
from app.auth.guards import REVIEWERS, current_user, roles_required
from app.models import Device
from app.schemas.auth import DeviceListSchema, DeviceSchema
from app.services.access import auth as auth_service

blp = Blueprint("devices", __name__, url_prefix="/api", description="Devices and their sync health")


@blp.route("/devices")
@roles_required(*REVIEWERS)
@blp.response(200, DeviceListSchema)
def list_devices() -> dict[str, list[dict[str, Any]]]:
    return {"items": auth_service.list_devices(current_user())}


@blp.route("/devices/<key:device_id>/revoke", methods=["POST"])
@roles_required(*REVIEWERS)
@blp.response(200, DeviceSchema)
def revoke_device(device_id: str) -> Device:
    return auth_service.revoke_device(current_user(), device_id)
