"""The append-only audit log: who read or changed what, when, from where."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import JSONType, utcnow


class AuditLog(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(40))
    entity: Mapped[Optional[str]] = mapped_column(sa.String(24))
    record_id: Mapped[Optional[str]] = mapped_column(sa.String(64))
    ip: Mapped[Optional[str]] = mapped_column(sa.String(64))
    result: Mapped[str] = mapped_column(sa.String(16), default="ok")
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
