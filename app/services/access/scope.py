"""The one scope rule (domain.md, Roles and scope), rendered for every place that needs it.

A user sees the records of her home area's subtree: a mediator her grid(s), a supervisor her
street, an admin the district. A mediator also sees every case assigned to her, wherever it is.
Child records follow their dispute.

`ScopePolicy` states the rule once, as data (`PLACED`, `ASSIGNABLE`, `ASSIGNEE_ROLE`, `PARENT`), and renders it:
- `ScopePolicy.where(model)`: a set-based SQL filter for reads, reports and the conflict list;
- `row_where(model, mediator)`: the same rule judged row by row with bound values (`ScopePolicy.bindings`),
  the shape pull's page queries need to walk the seq index (app/services/sync/pull.py);
- `ScopePolicy.admits(entity, record, ...)` and `ScopePolicy.covers(path)`: the Python predicate pushes are
  judged by (app/services/sync/store.py, for sync/authority.py).
tests/services/test_scope_contract.py runs every viewer × every record through every rendering.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from app.extensions import db
from app.models import SYNCED_MODELS, Area, Dispute, User

PLACED = ("dispute", "visit")
"""Entities whose own `area_id` places them; every other synced entity follows its dispute (`PARENT`)."""
ASSIGNABLE = "dispute"
ASSIGNEE = "assigned_mediator_id"
ASSIGNEE_ROLE = "mediator"
"""A viewer of this role also sees the `ASSIGNABLE` records whose `ASSIGNEE` is her."""
PARENT = "dispute_id"
LIKE_ESCAPE = "/"


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

    def covers(self, path: str | None) -> bool:
        """Whether the area with this materialised path lies in the viewer's subtree."""
        return path is not None and path.startswith(self.area_path)

    @property
    def sees_assigned(self) -> bool:
        return self.role == ASSIGNEE_ROLE


class ScopePolicy:
    """The scope rule for one viewer, in each of its renderings (module docstring)."""

    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer

    # ------------------------------------------------------------ Python (pushes)
    def admits(self, entity: str, record: Mapping[str, Any], *, area_path: Callable[[Any], str | None],
               parent: Callable[[str], Mapping[str, Any] | None]) -> bool:
        """Whether a record with these domain fields is in scope. `area_path(area_id)` looks an area's path
        up (None: no such area); `parent(dispute_id)` a dispute's fields (None: no such dispute)."""
        if entity in PLACED:
            if entity == ASSIGNABLE and self.viewer.sees_assigned and record.get(ASSIGNEE) == self.viewer.user_id:
                return True
            return self.viewer.covers(area_path(record.get("area_id")))
        dispute_id = record.get(PARENT)
        if not isinstance(dispute_id, str):
            return False
        fields = parent(dispute_id)
        return fields is not None and self.admits(ASSIGNABLE, fields, area_path=area_path, parent=parent)

    # ------------------------------------------------------------ SQL, set-based (reads)
    def where(self, model: type) -> ColumnElement[bool]:
        """The WHERE clause that keeps `model` rows inside the viewer's scope."""
        if model is Dispute:
            return self._disputes()
        if _entity(model) in PLACED:
            return model.area_id.in_(areas_under(self.viewer.area_path))
        if hasattr(model, PARENT):
            return getattr(model, PARENT).in_(sa.select(Dispute.id).where(self._disputes()))
        raise TypeError(f"no scope rule for {model.__name__}")

    def _disputes(self) -> ColumnElement[bool]:
        in_area = Dispute.area_id.in_(areas_under(self.viewer.area_path))
        if self.viewer.sees_assigned:
            return sa.or_(in_area, getattr(Dispute, ASSIGNEE) == self.viewer.user_id)
        return in_area

    # ------------------------------------------------------------ SQL, row by row (pulls)
    def bindings(self) -> dict[str, Any]:
        """The bound values `row_where` reads."""
        return {"area_like": like_prefix(self.viewer.area_path), "user_id": self.viewer.user_id}


def row_where(model: type, mediator: bool) -> ColumnElement[bool]:
    """The rule judged row by row: the area and the dispute are looked up by primary key, the viewer comes
    in bound values (`ScopePolicy.bindings`), so a statement is built once per entity and kind of viewer.

    Nothing in it can use an index on the scope columns, so pull's page queries walk the seq index
    and stop at the page's end; with `ScopePolicy.where` the planner reads every row in scope and sorts
    them, which made a first sync's cost per record grow with the grid.
    """
    if model is Dispute:
        return _dispute_row(mediator)
    if _entity(model) in PLACED:
        return _area_row(model.area_id)
    if hasattr(model, PARENT):
        return sa.exists().where(Dispute.id == getattr(model, PARENT), _dispute_row(mediator))
    raise TypeError(f"no scope rule for {model.__name__}")


def _area_row(area_id: ColumnElement[int]) -> ColumnElement[bool]:
    return sa.exists().where(Area.id == area_id, Area.path.like(sa.bindparam("area_like"), escape=LIKE_ESCAPE))


def _dispute_row(mediator: bool) -> ColumnElement[bool]:
    in_area = _area_row(Dispute.area_id)
    if mediator:
        return sa.or_(in_area, getattr(Dispute, ASSIGNEE) == sa.bindparam("user_id"))
    return in_area


def like_prefix(path: str) -> str:
    """LIKE pattern for text starting with `path`, escaped as `startswith(autoescape=True)` does."""
    escaped = path.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%")
    return escaped.replace("_", LIKE_ESCAPE + "_") + "%"


def _entity(model: type) -> str | None:
    return next((name for name, synced in SYNCED_MODELS.items() if synced is model), None)


def areas_under(path: str) -> sa.Select:
    """Ids of the area with this path and everything below it."""
    return sa.select(Area.id).where(Area.path.startswith(path, autoescape=True))


def area_in_scope(viewer: Viewer, area_id: int) -> bool:
    path = db.session.execute(sa.select(Area.path).where(Area.id == area_id)).scalar_one_or_none()
    return viewer.covers(path)


def scope_filter(viewer: Viewer, model: type) -> ColumnElement[bool]:
    """`ScopePolicy(viewer).where(model)`: the WHERE clause that keeps `model` rows inside the viewer's scope."""
    return ScopePolicy(viewer).where(model)


def users_filter(viewer: Viewer) -> ColumnElement[bool]:
    """Users whose home area lies in the viewer's area (devices, directory views)."""
    return User.area_id.in_(areas_under(viewer.area_path))
