"""Each phone's latest health, for the desk's 手机状态 page (sync-protocol.md §3).

A push keeps the phone's report as it stands once the push is applied: the phone reports the outbox
it holds while sending (this batch included); every mutation the push settles leaves it, so the
server subtracts those — a rejected one stays, quarantined on the phone. A pull is a sync too: it
keeps the time of the phone's last contact, so a phone that only pulls does not look silent.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from flask import current_app

import sqlalchemy as sa

from app.extensions import db
from app.models import Device, DeviceHealth
from app.models.types import utcnow
from app.services.sync.record_codec import parse_timestamp
from sync.types import Mutation, MutationResult

SILENT_AFTER = timedelta(days=3)
"""A phone silent longer than this (no push or pull, or signed in that long ago and never synced) needs a look."""


def silent(now: datetime) -> sa.ColumnElement[bool]:
    """The one rule for a silent phone, over `Device` outer-joined with `DeviceHealth`: the desk's count and
    the phone-health list both read it."""
    last_contact = sa.func.coalesce(DeviceHealth.last_sync_at, Device.last_login_at)
    return sa.and_(Device.revoked_at.is_(None), last_contact < now - SILENT_AFTER)

PULL_NOTE_EVERY = timedelta(minutes=1)
"""A pull writes its time at most this often: the pages of one sync write once."""


def record_push(device_id: str, report: dict[str, Any], mutations: Sequence[Mutation],
                results: Sequence[MutationResult]) -> None:
    """Keep the device's report as of after this push; flag a clock off by more than the allowed skew."""
    device = db.session.get(Device, device_id)
    if device is None:
        return
    health = device.health or DeviceHealth(device_id=device_id)
    now = utcnow()
    health.last_sync_at = now
    settled = sum(1 for result in results if _leaves_outbox(result))
    health.pending_edits = max(0, (report.get("outbox_size") or 0) - settled)
    health.oldest_pending = report.get("oldest_pending") if health.pending_edits else None
    health.app_version = report.get("app_version")
    health.storage_used_bytes = report.get("storage_used_bytes")
    health.pending_attachment_bytes = report.get("pending_attachment_bytes")
    skew = _clock_skew_seconds(report.get("device_time"), mutations, now)
    if skew is not None:
        health.clock_skew_seconds = skew
        health.clock_skew_flagged = abs(skew) > current_app.config["CLOCK_SKEW_SECONDS"]
    db.session.add(health)


def record_pull(device_id: str) -> None:
    """Note the time of a pull, in its own short transaction (the pull's reads are over)."""
    db.session.commit()
    device = db.session.get(Device, device_id)
    if device is None:
        return
    now = utcnow()
    health = device.health
    if health is not None and health.last_sync_at is not None and now - health.last_sync_at < PULL_NOTE_EVERY:
        return
    health = health or DeviceHealth(device_id=device_id)
    health.last_sync_at = now
    db.session.add(health)
    db.session.commit()


def _leaves_outbox(result: MutationResult) -> bool:
    """The phone drops every answered mutation from its outbox but a rejected one (a replay included)."""
    status = result.original_status if result.status == "duplicate" and result.original_status else result.status
    return status != "rejected"


def _clock_skew_seconds(device_time: datetime | None, mutations: Sequence[Mutation], now: datetime) -> int | None:
    """Device clock minus server clock: from the reported device time, else from edits stamped in the future."""
    if device_time is not None:
        return round((device_time - now).total_seconds())
    future = []
    for mutation in mutations:
        try:
            stamped = parse_timestamp(mutation.client_time) if mutation.client_time else None
        except ValueError:
            continue
        if stamped is not None and stamped > now:
            future.append((stamped - now).total_seconds())
    return round(max(future)) if future else None
