"""Conflicts for review and their resolution (sync-protocol.md §9)."""
from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

import sqlalchemy as sa

from app.errors import ApiError
from app.extensions import db
from app.models import SYNCED_MODELS, Conflict, User
from app.models.types import utcnow
from app.schemas.personal import is_personal, mask_record, mask_value
from app.schemas.records import validate_changes
from app.services.access.audit import record_audit
from app.services.access.device_labels import DeviceLabels, shows_device_ids
from app.services.sync.record_codec import to_json_value
from app.services.access.scope import Viewer, scope_filter
from app.services.sync.sequence import lock_sequence
from app.services.sync.pull import flat_record
from app.services.sync.push import canonical_changes
from app.services.sync.store import SqlSyncStore
from sync.authority import Refusal
from sync.engine import WriteRefused, commit_resolution
from sync.resolve import ResolutionError, resolve_conflict
from sync.types import Actor, ConflictRecord

def _in_scope_ids(viewer: Viewer) -> sa.ColumnElement[bool]:
    """Conflicts whose record lies in the viewer's scope."""
    clauses = [
        sa.and_(Conflict.entity == entity,
                Conflict.record_id.in_(sa.select(model.id).where(scope_filter(viewer, model))))
        for entity, model in SYNCED_MODELS.items()
    ]
    return sa.or_(*clauses)


def conflict_in_scope(viewer: Viewer, conflict_id: int) -> Conflict | None:
    return db.session.execute(
        sa.select(Conflict).where(Conflict.id == conflict_id, _in_scope_ids(viewer))).scalar_one_or_none()


def open_conflict_count(viewer: Viewer) -> int:
    """How many clashes in the viewer's scope wait for a resolution."""
    query = sa.select(sa.func.count()).select_from(Conflict).where(_in_scope_ids(viewer), Conflict.status == "open")
    return db.session.execute(query).scalar_one()


def list_conflicts(viewer: Viewer, status: str | None, record_ids: Collection[str] | None = None,
                   own_device_id: str | None = None) -> list[dict[str, Any]]:
    """Conflicts in scope, personal values masked as lists mask them, devices labelled."""
    query = sa.select(Conflict).where(_in_scope_ids(viewer)).order_by(Conflict.created_at, Conflict.id)
    if status:
        query = query.where(Conflict.status == status)
    if record_ids is not None:
        query = query.where(Conflict.record_id.in_(record_ids))
    rows = list(db.session.execute(query).scalars())
    return conflicts_json(rows, viewer, own_device_id)


def conflicts_json(rows: list[Conflict], viewer: Viewer, own_device_id: str | None, *,
                   reveal: bool = False) -> list[dict[str, Any]]:
    """`reveal` answers full personal values: only for an audited reveal (app/services/access/identity_reveal.py)."""
    names = user_names({r.user_id for r in rows} | {r.server_user_id for r in rows} | {r.resolved_by for r in rows})
    labels = DeviceLabels(own_device_id, [d for r in rows for d in (r.device_id, r.server_device_id)])
    return [conflict_json(row, names, labels, shows_device_ids(viewer.role), reveal=reveal) for row in rows]


def user_names(ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = db.session.execute(sa.select(User.id, User.display_name).where(User.id.in_(wanted)))
    return {user_id: name for user_id, name in rows}


def person_json(user_id: int | None, names: dict[int, str]) -> dict[str, Any] | None:
    return None if user_id is None else {"id": user_id, "display_name": names.get(user_id)}


def conflict_json(row: Conflict, names: dict[int, str], labels: DeviceLabels, device_ids: bool, *,
                  reveal: bool) -> dict[str, Any]:
    shown = (lambda value: value) if reveal else (lambda value: mask_value(row.entity, row.field, value))
    resolution = row.resolution
    if isinstance(resolution, dict) and "value" in resolution:
        resolution = {**resolution, "value": shown(resolution["value"])}
    body = {
        "id": row.id, "entity": row.entity, "record_id": row.record_id, "field": row.field,
        "personal": is_personal(row.entity, row.field),
        "base": shown(row.base), "server": shown(row.server), "device": shown(row.device), "kept": row.kept,
        "status": row.status, "created_at": to_json_value(row.created_at),
        "mutation_id": row.mutation_id, "user": person_json(row.user_id, names), "user_device": labels.label(row.device_id),
        "server_user": person_json(row.server_user_id, names), "server_device": labels.label(row.server_device_id),
        "record_version": row.record_version, "resolved_at": to_json_value(row.resolved_at),
        "resolved_by": person_json(row.resolved_by, names), "resolution": resolution,
    }
    if device_ids:
        body.update(device_id=row.device_id, server_device_id=row.server_device_id)
    return body


def _as_record(row: Conflict) -> ConflictRecord:
    return ConflictRecord(
        row.entity, row.record_id, row.field, row.base, row.server, row.device, row.kept,
        row.user_id, row.device_id or "", row.mutation_id or "", row.server_user_id, row.server_device_id,
        row.record_version or 0, to_json_value(row.created_at))


REFUSAL_STATUS = {"not_found": 404, "forbidden": 403}
REFUSAL_MESSAGES = {
    "not_found": "没有此记录。 / No such record.",
    "forbidden": "此解决方案超出您的权限范围。 / This resolution is outside what you may change.",
    "reference_not_found": "所选的值指向不存在的记录。 / The chosen value points at a row that does not exist.",
    "invalid_assignee": "只能派给在职的调解员。 / A case is assigned only to an active mediator.",
    "agreement_locked": "协议已签署，条款已锁定；须以新编号重新出具。 / The agreement is signed and its terms are "
                        "locked: reissue it under a new number.",
}


def _refusal_error(refusal: Refusal) -> ApiError:
    """The engine's write refusal as the API's error: the same codes and field messages a push gives; a
    workflow refusal (what closing needs) says its own field message."""
    errors = {name: list(messages) for name, messages in refusal.errors.items()}
    message = REFUSAL_MESSAGES.get(refusal.code) or next(iter(errors.values()))[0]
    return ApiError(REFUSAL_STATUS.get(refusal.code, 422), refusal.code, message, {"fields": errors})


def resolve(viewer: Viewer, device_id: str, conflict_id: int, choose: str, value: Any) -> dict[str, Any]:
    """Settle one conflict: the chosen value becomes a new version every device pulls (the route lets only
    reviewers in)."""
    lock_sequence()
    row = db.session.execute(
        sa.select(Conflict).where(Conflict.id == conflict_id, _in_scope_ids(viewer))).scalar_one_or_none()
    if row is None:
        raise ApiError(404, "not_found", "没有此冲突。 / No such conflict.")
    if row.status != "open":
        raise ApiError(409, "already_resolved", "此冲突已经解决。 / This conflict was already resolved.")
    store = SqlSyncStore(viewer)
    state = store.get_record(row.entity, row.record_id)
    try:
        changes = resolve_conflict(state, _as_record(row), choose, value)
    except ResolutionError as exc:
        raise ApiError(422, "validation_error", str(exc), {"fields": {exc.field: [str(exc)]}}) from exc
    errors = validate_changes(row.entity, changes, creating=False)
    if errors:
        raise ApiError(422, "validation_error", "所选的值无效。 / The chosen value is not valid.", {"fields": errors})
    changes = canonical_changes(row.entity, changes)
    actor = Actor(user_id=viewer.user_id, role=viewer.role, device_id=device_id)
    try:
        written = commit_resolution(store, actor, state, changes, resolution_id=f"resolve-{row.id}-{uuid.uuid4()}",
                                    conflict_id=row.id)
    except WriteRefused as exc:
        raise _refusal_error(exc.refusal) from exc
    store.finish()
    row.status, row.resolved_at, row.resolved_by = "resolved", utcnow(), viewer.user_id
    row.resolution = {"choose": choose, "value": changes[row.field], "version": written.version}
    record_audit("resolve_conflict", entity=row.entity, record_id=row.record_id,
                 details={"conflict_id": row.id, "field": row.field, "choose": choose})
    db.session.commit()
    return mask_record(row.entity, flat_record(row.entity, db.session.get(SYNCED_MODELS[row.entity], row.record_id)))
