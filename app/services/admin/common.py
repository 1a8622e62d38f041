"""What the admin services share: finding the rows an admin names, inside her area.

An id in the URL that is unknown (or outside the admin's area) answers 404; an id in the body
answers 422 with the field named under `details.fields`, like a schema error, and nothing is changed.
"""
from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.errors import ApiError
from app.extensions import db
from app.models import Area, Committee, User
from app.services.access.scope import Viewer


NAMES = {"area": "区域", "user": "用户", "committee": "调委会"}


def not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", f"您的辖区内没有这个{NAMES[what]}。 / No such {what} in your area.")


def field_error(field: str, message: str) -> ApiError:
    return ApiError(422, "validation_error", "有字段不合要求。 / Some fields are not valid.", {"fields": {field: [message]}})


def already_exists(field: str, message: str) -> ApiError:
    return ApiError(409, "already_exists", message, {"fields": {field: [message]}})


def commit_or_taken(field: str, message: str) -> None:
    """Commit; a unique value taken by a concurrent request meanwhile answers like one taken before (409)."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise already_exists(field, message) from None


def in_reach(viewer: Viewer, area: Area | None) -> bool:
    return area is not None and viewer.covers(area.path)


def area_or_404(viewer: Viewer, area_id: int) -> Area:
    area = db.session.get(Area, area_id)
    if not in_reach(viewer, area):
        raise not_found("area")
    return area


def area_for_field(viewer: Viewer, area_id: int, field: str = "area_id") -> Area:
    area = db.session.get(Area, area_id)
    if not in_reach(viewer, area):
        raise field_error(field, "区域不存在。 / No such area in your district.")
    return area


def user_or_404(viewer: Viewer, user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or not in_reach(viewer, user.area):
        raise not_found("user")
    return user


def committee_or_404(viewer: Viewer, committee_id: int) -> Committee:
    committee = db.session.get(Committee, committee_id)
    if committee is None or not in_reach(viewer, committee.area):
        raise not_found("committee")
    return committee


def users_for_field(viewer: Viewer, ids: Iterable[int], field: str) -> list[User]:
    return _all_in_reach(viewer, User, list(ids), field, "用户不存在：{ids}。 / No such user in your district: {ids}.")


def committees_for_field(viewer: Viewer, ids: Iterable[int], field: str) -> list[Committee]:
    return _all_in_reach(viewer, Committee, list(ids), field, "调委会不存在：{ids}。 / No such committee in your district: {ids}.")


def _all_in_reach(viewer: Viewer, model: type[User | Committee], ids: list[int], field: str,
                  message: str) -> list:
    rows = list(db.session.execute(sa.select(model).where(model.id.in_(ids))).scalars()) if ids else []
    found = {row.id for row in rows if in_reach(viewer, row.area)}
    missing = [value for value in ids if value not in found]
    if missing:
        raise field_error(field, message.format(ids=", ".join(map(str, missing))))
    return sorted(rows, key=lambda row: ids.index(row.id))

