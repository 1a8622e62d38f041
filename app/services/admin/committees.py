"""Mediation committees 调委会 as the admin keeps them: kind, area, named room and members."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Committee, User, user_committees
from app.services.admin.common import (
    already_exists, area_for_field, commit_or_taken, committee_or_404, users_for_field,
)
from app.services.access.audit import record_audit
from app.services.access.scope import Viewer, areas_under

NAME_TAKEN = "调委会名称已存在。 / A committee with this name exists."


def list_committees(viewer: Viewer) -> list[dict[str, Any]]:
    committees = list(db.session.execute(
        sa.select(Committee).where(Committee.area_id.in_(areas_under(viewer.area_path)))
        .options(selectinload(Committee.area)).order_by(Committee.name)).scalars())
    members = _members_of([c.id for c in committees])
    return [committee_view(c, members.get(c.id, [])) for c in committees]


def create_committee(viewer: Viewer, data: dict[str, Any]) -> dict[str, Any]:
    area = area_for_field(viewer, data["area_id"])
    members = users_for_field(viewer, data.get("member_ids", []), "member_ids")
    _check_name_free(data["name"])
    committee = Committee(name=data["name"], kind=data["kind"], area_id=area.id, room_name=data.get("room_name"))
    db.session.add(committee)
    db.session.flush()
    _set_members(committee, members)
    record_audit("committee_create", entity="committee", record_id=committee.id, details={
        "kind": committee.kind, "area_id": area.id, "member_ids": [m.id for m in members]})
    commit_or_taken("name", NAME_TAKEN)
    return get_committee(viewer, committee.id)


def update_committee(viewer: Viewer, committee_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    committee = committee_or_404(viewer, committee_id)
    details: dict[str, Any] = {"fields": sorted(changes)}
    if "area_id" in changes:
        area_for_field(viewer, changes["area_id"])
        details["area_id"] = {"from": committee.area_id, "to": changes["area_id"]}
    if "name" in changes and changes["name"] != committee.name:
        _check_name_free(changes["name"])
    if "member_ids" in changes:
        members = users_for_field(viewer, changes["member_ids"], "member_ids")
        details["member_ids"] = {"from": [m.id for m in _members_of([committee.id]).get(committee.id, [])],
                                 "to": [m.id for m in members]}
        _set_members(committee, members)
    for name in ("name", "kind", "area_id", "room_name"):
        if name in changes:
            setattr(committee, name, changes[name])
    record_audit("committee_update", entity="committee", record_id=committee.id, details=details)
    commit_or_taken("name", NAME_TAKEN)
    return get_committee(viewer, committee.id)


def get_committee(viewer: Viewer, committee_id: int) -> dict[str, Any]:
    committee = committee_or_404(viewer, committee_id)
    return committee_view(committee, _members_of([committee.id]).get(committee.id, []))


def committee_view(committee: Committee, members: list[User]) -> dict[str, Any]:
    return {"id": committee.id, "name": committee.name, "kind": committee.kind, "area": committee.area,
            "room_name": committee.room_name, "members": members}


def _members_of(committee_ids: list[int]) -> dict[int, list[User]]:
    """Members by committee (the model maps membership from the user's side only)."""
    rows = db.session.execute(
        sa.select(user_committees.c.committee_id, User).join(User, User.id == user_committees.c.user_id)
        .where(user_committees.c.committee_id.in_(committee_ids)).order_by(User.display_name)).all()
    members: dict[int, list[User]] = {}
    for committee_id, user in rows:
        members.setdefault(committee_id, []).append(user)
    return members


def _set_members(committee: Committee, members: list[User]) -> None:
    db.session.execute(sa.delete(user_committees).where(user_committees.c.committee_id == committee.id))
    if members:
        db.session.execute(sa.insert(user_committees),
                           [{"user_id": m.id, "committee_id": committee.id} for m in members])


def _check_name_free(name: str) -> None:
    if db.session.execute(sa.select(Committee.id).where(Committee.name == name)).first():
        raise already_exists("name", NAME_TAKEN)

