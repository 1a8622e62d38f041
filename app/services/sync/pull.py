"""Pull: every record in the viewer's scope changed past the cursor, in seq order (sync-protocol.md §6)."""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import SYNCED_MODELS, Area, ChangeHistory, SyncedRecord
from app.services.access.audit import record_audit
from app.services.sync.cursors import decode_cursor, encode_cursor
from app.services.sync.record_codec import domain_fields, json_converter
from app.services.access.scope import ScopePolicy, Viewer, areas_under, row_where, scope_filter
from app.services.sync.sequence import current_seq, database_id
from app.services.sync.store import PLACEMENT

MOVABLE = ("dispute", "visit")
"""The entities whose own fields place them (child rows follow their dispute)."""

FLAT_METADATA = ("id", "version", "seq", "created_at", "updated_at", "created_by", "updated_by",
                 "voided_at", "void_reason", "has_open_conflict")
SEQ = FLAT_METADATA.index("seq")


@functools.cache
def flat_columns(entity: str) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """The columns of the flat form, in order, and how each value becomes JSON (`record_codec.json_converter`)."""
    model = SYNCED_MODELS[entity]
    names = FLAT_METADATA + domain_fields(model)
    return names, tuple(json_converter(model, name) for name in names)


def _flat(entity: str, row: Sequence[Any]) -> dict[str, Any]:
    """The flat form from a row of `flat_columns(entity)`'s values, in that order."""
    names, converters = flat_columns(entity)
    flat = {"entity": entity}
    for name, convert, value in zip(names, converters, row, strict=True):
        flat[name] = value if convert is None or value is None else convert(value)
    return flat


def flat_record(entity: str, row: SyncedRecord) -> dict[str, Any]:
    """The flat form of a record that pull and push results carry."""
    return _flat(entity, [getattr(row, name) for name in flat_columns(entity)[0]])


def _scope_key(viewer: Viewer) -> str:
    """Role, area and the set of areas under it: when an admin moves a grid into or out of the viewer's
    area, cursors made before no longer match, so the phone starts over (`reset`) instead of missing the
    moved grid's older records or keeping records no longer in its scope."""
    ids = db.session.execute(areas_under(viewer.area_path).order_by(Area.id)).scalars().all()
    digest = hashlib.blake2b(",".join(map(str, ids)).encode(), digest_size=6).hexdigest()
    return f"{viewer.role}-{viewer.area_id}-{digest}"


def pull(viewer: Viewer, cursor: str | None, limit: int) -> dict[str, Any]:
    """One page of changes. Because writers commit in seq order, `seq > cursor` never skips a change."""
    db_id, head = database_id(), current_seq()
    scope_key = _scope_key(viewer)
    since = 0
    if cursor:
        decoded = decode_cursor(cursor, db_id, head, scope_key)
        if decoded is None:
            return {"reset": True, "records": [], "cursor": None, "has_more": True}
        since = decoded

    connection = db.session.connection()
    statements = {entity: _page_statements(entity, viewer.sees_assigned) for entity in SYNCED_MODELS}
    scope = ScopePolicy(viewer).bindings()
    seqs: list[int] = []
    for bound, _rows in statements.values():
        seqs += connection.execute(bound, {**scope, "since": since, "until": head, "limit": limit + 1}).scalars().all()
    has_more = len(seqs) > limit
    upper = sorted(seqs)[limit - 1] if has_more else head

    page: list[tuple[int, str, Sequence[Any]]] = []
    for entity, (_bound, rows) in statements.items():
        page.extend((row[SEQ], entity, row)
                    for row in connection.execute(rows, {**scope, "since": since, "until": upper}).all())
    page.sort(key=lambda item: item[0])
    last_seq = upper if has_more else head

    identities = [flat_columns("party")[0].index(name) for name in ("phone", "id_number")]
    parties = [row for _, entity, row in page if entity == "party" and any(row[i] for i in identities)]
    if parties:
        record_audit("sync_identities", entity="party", details={"count": len(parties)})
        db.session.commit()
    return {
        "records": [_flat(entity, row) for _, entity, row in page],
        "evictions": evictions(viewer, since, last_seq) if since else [],
        "cursor": encode_cursor(db_id, last_seq, scope_key),
        "has_more": has_more,
    }


@functools.cache
def _page_statements(entity: str, mediator: bool) -> tuple[sa.Select[Any], sa.Select[Any]]:
    """Built once per entity and kind of viewer, run with bound values (building them took ~15 % of a page).

    The first reads the seqs of the next `limit` rows in scope past `since`, which bounds the page;
    the second reads the page's rows (columns of `flat_columns`, for `_flat`).
    """
    model = SYNCED_MODELS[entity]
    scope = row_where(model, mediator)
    since, until = model.seq > sa.bindparam("since"), model.seq <= sa.bindparam("until")
    columns = [model.__table__.c[name] for name in flat_columns(entity)[0]]
    bound = (sa.select(model.seq).where(since, until, scope).order_by(model.seq)
             .limit(sa.bindparam("limit", type_=sa.Integer)))
    return bound, sa.select(*columns).where(since, until, scope)


def evictions(viewer: Viewer, since: int, until: int) -> list[dict[str, str]]:
    """Records that left the viewer's scope in (since, until]: a case reassigned away or moved to another area.

    Only changes of the placement fields (`sync_store.PLACEMENT`) can move a record out of scope;
    the device drops each evicted record (a dispute with its child rows) and keeps its outbox.
    """
    moved = db.session.execute(
        sa.select(ChangeHistory.entity, ChangeHistory.record_id).where(
            ChangeHistory.seq > since, ChangeHistory.seq <= until, ChangeHistory.op != "create",
            sa.or_(*(sa.cast(ChangeHistory.changes, sa.String).like(f'%"{name}"%') for name in PLACEMENT)))).all()
    candidates: dict[str, set[str]] = {}
    for entity, record_id in moved:  # the entity is tested here: in SQL it made the planner leave the seq index
        if entity in MOVABLE:
            candidates.setdefault(entity, set()).add(record_id)
    evicted: list[dict[str, str]] = []
    for entity, ids in candidates.items():
        model = SYNCED_MODELS[entity]
        still_visible = set(db.session.execute(
            sa.select(model.id).where(model.id.in_(ids), scope_filter(viewer, model))).scalars())
        for record_id in sorted(ids - still_visible):
            evicted.append({"entity": entity, "id": record_id})
            if entity == "dispute":
                evicted.extend(_children_of(record_id))
    return evicted


def _children_of(dispute_id: str) -> list[dict[str, str]]:
    children = []
    for entity, model in SYNCED_MODELS.items():
        if hasattr(model, "dispute_id"):
            children.extend({"entity": entity, "id": child_id} for child_id in db.session.execute(
                sa.select(model.id).where(model.dispute_id == dispute_id)).scalars())
    return children
