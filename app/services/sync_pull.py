"""Pull: every record in the viewer's scope changed past the cursor, in seq order (sync-protocol.md §6)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import SYNCED_MODELS, ChangeHistory, SyncedRecord
from app.services.audit import record_audit
from app.services.cursors import decode_cursor, encode_cursor
from app.services.record_codec import domain_fields, to_json_value
from app.services.scope import Viewer, scope_filter
from app.services.sequence import current_seq, database_id


FLAT_METADATA = ("id", "version", "seq", "created_at", "updated_at", "created_by", "updated_by",
                 "voided_at", "void_reason", "has_open_conflict")


def flat_values(entity: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The flat form of a record that pull and push results carry, from its column values."""
    names = FLAT_METADATA + domain_fields(SYNCED_MODELS[entity])
    return {"entity": entity, **{name: to_json_value(values[name]) for name in names}}


def flat_record(entity: str, row: SyncedRecord) -> dict[str, Any]:
    return flat_values(entity, {name: getattr(row, name) for name in FLAT_METADATA + domain_fields(type(row))})


def pull(viewer: Viewer, cursor: str | None, limit: int) -> dict[str, Any]:
    """One page of changes. Because writers commit in seq order, `seq > cursor` never skips a change."""
    db_id, head = database_id(), current_seq()
    scope_key = f"{viewer.role}-{viewer.area_id}"
    since = 0
    if cursor:
        decoded = decode_cursor(cursor, db_id, head, scope_key)
        if decoded is None:
            return {"reset": True, "records": [], "cursor": None, "has_more": True}
        since = decoded

    upper, has_more = _page_bound(viewer, since, head, limit)
    page: list[tuple[int, str, Mapping[str, Any]]] = []
    for entity, model in SYNCED_MODELS.items():
        rows = db.session.execute(
            sa.select(*(model.__table__.c[name] for name in FLAT_METADATA + domain_fields(model)))
            .where(model.seq > since, model.seq <= upper, scope_filter(viewer, model))).mappings()
        page.extend((row["seq"], entity, row) for row in rows)
    page.sort(key=lambda item: item[0])
    last_seq = upper if has_more else head

    parties = [row["id"] for _, entity, row in page if entity == "party" and (row["phone"] or row["id_number"])]
    if parties:
        record_audit("sync_identities", entity="party", details={"count": len(parties)})
        db.session.commit()
    return {
        "records": [flat_values(entity, row) for _, entity, row in page],
        "evictions": evictions(viewer, since, last_seq) if since else [],
        "cursor": encode_cursor(db_id, last_seq, scope_key),
        "has_more": has_more,
    }


def _page_bound(viewer: Viewer, since: int, head: int, limit: int) -> tuple[int, bool]:
    """The highest seq of this page and whether more follow, reading seqs only (full rows are read once)."""
    seqs: list[int] = []
    for model in SYNCED_MODELS.values():
        seqs += db.session.execute(
            sa.select(model.seq).where(model.seq > since, model.seq <= head, scope_filter(viewer, model))
            .order_by(model.seq).limit(limit + 1)).scalars()
    if len(seqs) <= limit:
        return head, False
    seqs.sort()
    return seqs[limit - 1], True


def evictions(viewer: Viewer, since: int, until: int) -> list[dict[str, str]]:
    """Records that left the viewer's scope in (since, until]: a case reassigned away or moved to another area.

    Only changes of `assigned_mediator_id` or `area_id` can move a record out of scope; the
    device drops each evicted record (a dispute with its child rows) and keeps its outbox.
    """
    moved = db.session.execute(
        sa.select(ChangeHistory.entity, ChangeHistory.record_id).where(
            ChangeHistory.seq > since, ChangeHistory.seq <= until, ChangeHistory.op != "create",
            ChangeHistory.entity.in_(("dispute", "visit")),
            sa.or_(sa.cast(ChangeHistory.changes, sa.String).like('%"assigned_mediator_id"%'),
                   sa.cast(ChangeHistory.changes, sa.String).like('%"area_id"%')))).all()
    candidates: dict[str, set[str]] = {}
    for entity, record_id in moved:
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
