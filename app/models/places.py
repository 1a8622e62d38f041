"""The district tree and the mediation committees."""
from __future__ import annotations

from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class Area(db.Model):
    """A node of district → street → community → grid.

    `path` is the chain of ancestor ids ("/1/4/17/"), so a subtree is one
    indexed prefix match: the scope filter depends on it.
    """

    __tablename__ = "areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    level: Mapped[str] = mapped_column(sa.String(16))
    parent_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("areas.id"), index=True)
    path: Mapped[str] = mapped_column(sa.String(255), index=True, default="")

    parent: Mapped[Optional["Area"]] = relationship(remote_side=[id])


class Committee(db.Model):
    """A people's mediation committee 调委会, of an area or of a trade."""

    __tablename__ = "committees"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    area_id: Mapped[int] = mapped_column(sa.ForeignKey("areas.id"), index=True)
    room_name: Mapped[Optional[str]] = mapped_column(sa.String(100))

    area: Mapped[Area] = relationship()
