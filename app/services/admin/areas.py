"""The district tree as the admin edits it: add, rename, recode and move areas.

Each area keeps `path`, the chain of its ancestors' ids ("/1/4/17/"), which every scope filter
matches by prefix: moving an area rewrites the path of the area and of its whole subtree in one
statement, in the same transaction. Levels stay in order (district → street → community → grid),
so an area can only hang under an area of the level just above it, and never under itself.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.catalogue import codes
from app.extensions import db
from app.models import Area, User
from app.services.admin.common import (
    already_exists, area_for_field, area_or_404, commit_or_taken, field_error,
)
from app.services.admin.area_tree import add_area
from app.services.access.audit import record_audit
from app.services.access.scope import Viewer, areas_under

CODE_TAKEN = "区划代码已存在。 / This area code is taken."


def area_tree(viewer: Viewer) -> list[dict[str, Any]]:
    """The admin's area and everything below it, as nested nodes ordered by code, with user counts."""
    areas = list(db.session.execute(
        sa.select(Area).where(Area.id.in_(areas_under(viewer.area_path))).order_by(Area.code)).scalars())
    users = dict(db.session.execute(
        sa.select(User.area_id, sa.func.count()).where(User.area_id.in_([a.id for a in areas]))
        .group_by(User.area_id)).all())
    nodes = {area.id: {"id": area.id, "code": area.code, "name": area.name, "level": area.level,
                       "parent_id": area.parent_id, "path": area.path, "user_count": users.get(area.id, 0),
                       "children": []} for area in areas}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node["parent_id"])
        (parent["children"] if parent else roots).append(node)
    return roots


def create_area(viewer: Viewer, data: dict[str, Any]) -> Area:
    parent = area_for_field(viewer, data["parent_id"], "parent_id")
    _check_level(data["level"], parent)
    _check_code_free(data["code"])
    area = add_area(code=data["code"], name=data["name"], level=data["level"], parent=parent)
    record_audit("area_create", entity="area", record_id=area.id,
                 details={"code": area.code, "level": area.level, "parent_id": parent.id})
    commit_or_taken("code", CODE_TAKEN)
    return area


def update_area(viewer: Viewer, area_id: int, changes: dict[str, Any]) -> Area:
    """Rename or recode an area, or move it (with its subtree) under another parent."""
    area = area_or_404(viewer, area_id)
    details: dict[str, Any] = {"fields": sorted(changes)}
    if "code" in changes and changes["code"] != area.code:
        _check_code_free(changes["code"])
        details["code"] = {"from": area.code, "to": changes["code"]}
        area.code = changes["code"]
    if "name" in changes:
        area.name = changes["name"]
    if "parent_id" in changes and changes["parent_id"] != area.parent_id:
        details["parent_id"] = {"from": area.parent_id, "to": changes["parent_id"]}
        details["subtree_size"] = _move(viewer, area, changes["parent_id"])
    record_audit("area_update", entity="area", record_id=area.id, details=details)
    commit_or_taken("code", CODE_TAKEN)
    return area


def _move(viewer: Viewer, area: Area, parent_id: int) -> int:
    """Hang `area` under the new parent and rewrite the paths of its subtree; returns how many areas moved."""
    if area.path == viewer.area_path:
        raise field_error("parent_id", "不能移动本级区域。 / Your own area cannot be moved.")
    parent = area_for_field(viewer, parent_id, "parent_id")
    if parent.path.startswith(area.path):
        raise field_error("parent_id", "不能移到自身或下级之下。 / An area cannot move under itself.")
    _check_level(area.level, parent)
    old_path, new_path = area.path, f"{parent.path}{area.id}/"
    moved = db.session.execute(
        sa.update(Area).where(Area.path.startswith(old_path, autoescape=True))
        .values(path=sa.literal(new_path).concat(sa.func.substr(Area.path, len(old_path) + 1)))
        .execution_options(synchronize_session=False)).rowcount
    area.parent_id = parent.id
    db.session.flush()
    db.session.expire_all()
    return moved


def _check_level(level: str, parent: Area) -> None:
    levels = codes("area_level")
    position = levels.index(level)
    if position == 0:
        raise field_error("parent_id", "区级区域不能有上级。 / A district has no parent area.")
    if levels[position - 1] != parent.level:
        raise field_error("parent_id", f"区域层级不符。 / A {level} sits directly under a {levels[position - 1]}.")


def _check_code_free(code: str) -> None:
    if db.session.execute(sa.select(Area.id).where(Area.code == code)).first():
        raise already_exists("code", CODE_TAKEN)
