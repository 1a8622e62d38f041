"""Devices as people read them in history and conflicts: "本机" for the reader's own device, else
"设备 N", the N-th device its user signed in with. Raw device ids stay with the reviewers, who manage
devices (phone health, revocation); a mediator never sees a colleague's device id."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import Device
from sync.permissions import REVIEWERS


class DeviceLabels:
    """Labels for a set of device ids, read in one query."""

    def __init__(self, own_device_id: str | None, device_ids: Iterable[str | None]) -> None:
        self.own = own_device_id
        self.numbers = _numbers({d for d in device_ids if d})

    def label(self, device_id: str | None) -> dict[str, Any] | None:
        if not device_id:
            return None
        own = device_id == self.own
        number = self.numbers.get(device_id)
        text = "本机" if own else f"设备 {number}" if number else "其他设备"
        return {"label": text, "number": number, "own": own}


def _numbers(device_ids: set[str]) -> dict[str, int]:
    if not device_ids:
        return {}
    owners = sa.select(Device.user_id).where(Device.id.in_(device_ids))
    rank = sa.func.row_number().over(partition_by=Device.user_id, order_by=(Device.created_at, Device.id))
    rows = db.session.execute(sa.select(Device.id, rank).where(Device.user_id.in_(owners)))
    return {device_id: number for device_id, number in rows if device_id in device_ids}


def shows_device_ids(role: str) -> bool:
    """Whether this role reads raw device ids (the reviewers: supervisors and admins)."""
    return role in REVIEWERS
