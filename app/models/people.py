"""People who sign in, their mediator profiles and their devices."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.places import Area, Committee
from app.models.types import JSONType, utcnow

user_committees = sa.Table(
    "user_committees",
    db.metadata,
    sa.Column("user_id", sa.ForeignKey("users.id"), primary_key=True),
    sa.Column("committee_id", sa.ForeignKey("committees.id"), primary_key=True),
)


class User(db.Model):
    """A person with one role and one home area."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(100))
    phone: Mapped[Optional[str]] = mapped_column(sa.String(20))
    role: Mapped[str] = mapped_column(sa.String(16))
    area_id: Mapped[int] = mapped_column(sa.ForeignKey("areas.id"), index=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    today_seen_at: Mapped[Optional[datetime]]
    """When she last looked at 今日: what arrived since is marked unread on every phone she uses."""

    area: Mapped[Area] = relationship()
    committees: Mapped[list[Committee]] = relationship(secondary=user_committees)
    profile: Mapped[Optional["MediatorProfile"]] = relationship(back_populates="user", uselist=False)


class MediatorProfile(db.Model):
    """What makes a mediator assignable."""

    __tablename__ = "mediator_profiles"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    full_time: Mapped[bool] = mapped_column(default=False)
    is_lawyer: Mapped[bool] = mapped_column(default=False)
    law_firm: Mapped[Optional[str]] = mapped_column(sa.String(100))
    certificate_no: Mapped[Optional[str]] = mapped_column(sa.String(50))
    certificate_date: Mapped[Optional[date]]
    training_hours: Mapped[int] = mapped_column(default=0)
    specialties: Mapped[list] = mapped_column(JSONType, default=list)
    in_talent_pool: Mapped[bool] = mapped_column(default=False)
    in_expert_pool: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship(back_populates="profile")


class Device(db.Model):
    """A phone or browser a user signed in on; its id is made on the device."""

    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[Optional[datetime]]
    refresh_jti: Mapped[Optional[str]] = mapped_column(sa.String(64))
    revoked_at: Mapped[Optional[datetime]]
    revoked_by: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    health: Mapped[Optional["DeviceHealth"]] = relationship(uselist=False, back_populates="device")


class DeviceHealth(db.Model):
    """The latest health report a device sent with a push (sync-protocol.md §3)."""

    __tablename__ = "device_health"

    device_id: Mapped[str] = mapped_column(sa.ForeignKey("devices.id"), primary_key=True)
    last_sync_at: Mapped[Optional[datetime]]
    pending_edits: Mapped[int] = mapped_column(default=0)
    oldest_pending: Mapped[Optional[datetime]]
    app_version: Mapped[Optional[str]] = mapped_column(sa.String(40))
    storage_used_bytes: Mapped[Optional[int]] = mapped_column(sa.BigInteger)
    pending_attachment_bytes: Mapped[Optional[int]] = mapped_column(sa.BigInteger)
    clock_skew_seconds: Mapped[Optional[int]]
    clock_skew_flagged: Mapped[bool] = mapped_column(default=False)

    device: Mapped[Device] = relationship(back_populates="health")
