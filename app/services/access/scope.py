"""The one scope rule (domain.md, Roles and scope), as SQL filters.

A user sees the records of her home area's subtree: a mediator her grid(s), a
supervisor her street, an admin the district. A mediator also sees every case
assigned to her, wherever it is. Child records follow their dispute.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from app.extensions import db
from app.models import Area, Dispute, User, Visit


@dataclass(frozen=True)
class Viewer:
    """Who is asking: enough to scope every query."""

    user_id: int
    role: str
    area_id: int
    area_path: str

    @classmethod
    def of(cls, user: User) -> "Viewer":
        path = db.session.execute(sa.select(Area.path).where(Area.id == user.area_id)).scalar_one()
        return cls(user_id=user.id, role=user.role, area_id=user.area_id, area_path=path)


def areas_under(path: str) -> sa.Select:
    """Ids of the area with this path and everything below it."""
    return sa.select(Area.id).where(Area.path.startswith(path, autoescape=True))


def area_in_scope(viewer: Viewer, area_id: int) -> bool:
    path = db.session.execute(sa.select(Area.path).where(Area.id == area_id)).scalar_one_or_none()
    return path is not None and path.startswith(viewer.area_path)


def dispute_filter(viewer: Viewer) -> ColumnElement[bool]:
    in_area = Dispute.area_id.in_(areas_under(viewer.area_path))
    if viewer.role == "mediator":
        return sa.or_(in_area, Dispute.assigned_mediator_id == viewer.user_id)
    return in_area


def scope_filter(viewer: Viewer, model: type) -> ColumnElement[bool]:
    """The WHERE clause that keeps `model` rows inside the viewer's scope."""
    if model is Dispute:
        return dispute_filter(viewer)
    if model is Visit:
        return Visit.area_id.in_(areas_under(viewer.area_path))
    if hasattr(model, "dispute_id"):
        return model.dispute_id.in_(sa.select(Dispute.id).where(dispute_filter(viewer)))
    raise TypeError(f"no scope rule for {model.__name__}")


def users_filter(viewer: Viewer) -> ColumnElement[bool]:
    """Users whose home area lies in the viewer's area (devices, directory views)."""
    return User.area_id.in_(areas_under(viewer.area_path))
