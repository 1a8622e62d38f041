"""The district tree: creating nodes with their materialised path."""
from __future__ import annotations

from app.extensions import db
from app.models import Area


def add_area(*, code: str, name: str, level: str, parent: Area | None) -> Area:
    """Insert an area and fill `path` ("/1/4/17/") from its parent's."""
    area = Area(code=code, name=name, level=level, parent_id=parent.id if parent else None, path="")
    db.session.add(area)
    db.session.flush()
    area.path = f"{parent.path if parent else '/'}{area.id}/"
    return area
