"""Tables the sync engine writes: sequence, history, conflicts, idempotency."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import JSONType, utcnow


class ServerSequence(db.Model):
    """One row: the server-wide change counter and this database's identity.

    Writers lock the row inside their transaction to take the next seq, so seq
    order equals commit order (sync-protocol.md §6). `database_id` goes into every
    cursor, so a cursor from another database is recognised and answered `reset`.
    """

    __tablename__ = "server_sequence"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    database_id: Mapped[str] = mapped_column(sa.String(36))


class CaseCounter(db.Model):
    """The last case number issued per year."""

    __tablename__ = "case_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_no: Mapped[int] = mapped_column(default=0)


class ChangeHistory(db.Model):
    """One entry per accepted change: {field: [old, new]} (sync-protocol.md §5). Append-only."""

    __tablename__ = "change_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(sa.String(24))
    record_id: Mapped[str] = mapped_column(sa.String(36))
    version: Mapped[int]
    seq: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    op: Mapped[str] = mapped_column(sa.String(16))
    changes: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    user_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    device_id: Mapped[Optional[str]] = mapped_column(sa.String(64))
    mutation_id: Mapped[Optional[str]] = mapped_column(sa.String(64))
    server_time: Mapped[datetime] = mapped_column(default=utcnow)

    # By record id first: ids are unique across entities, and the case file and a push's prefetch look a
    # record's history up by id alone (an index led by the entity would leave them a scan of every change).
    __table_args__ = (sa.Index("ix_change_history_record", "record_id", "version"),)


class Conflict(db.Model):
    """A field changed on two sides to different values; both kept for review."""

    __tablename__ = "conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(sa.String(24))
    record_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    field: Mapped[str] = mapped_column(sa.String(64))
    base: Mapped[Any] = mapped_column(JSONType, nullable=True)
    server: Mapped[Any] = mapped_column(JSONType, nullable=True)
    device: Mapped[Any] = mapped_column(JSONType, nullable=True)
    kept: Mapped[str] = mapped_column(sa.String(8))
    status: Mapped[str] = mapped_column(sa.String(16), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    device_id: Mapped[Optional[str]] = mapped_column(sa.String(64))
    mutation_id: Mapped[Optional[str]] = mapped_column(sa.String(64))
    user_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    server_user_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    server_device_id: Mapped[Optional[str]] = mapped_column(sa.String(64))
    record_version: Mapped[Optional[int]]
    resolved_at: Mapped[Optional[datetime]]
    resolved_by: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    resolution: Mapped[Any] = mapped_column(JSONType, nullable=True)


class AppliedMutation(db.Model):
    """A mutation the server has answered, kept so a replay returns the same outcome.

    `client_time` (the device's advisory clock) is kept beside `created_at`, the server's receipt time.
    """

    __tablename__ = "applied_mutations"

    mutation_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    device_id: Mapped[Optional[str]] = mapped_column(sa.String(64))
    user_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    entity: Mapped[str] = mapped_column(sa.String(24))
    record_id: Mapped[str] = mapped_column(sa.String(64))
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    outcome: Mapped[dict[str, Any]] = mapped_column(JSONType)
    client_time: Mapped[Optional[str]] = mapped_column(sa.String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
