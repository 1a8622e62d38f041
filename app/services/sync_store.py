"""The sync engine's store (sync.store.SyncStore) over SQLAlchemy.

Every call runs inside the push's transaction, which `lock_sequence` opened:
writers are serialised, so seq order is commit order.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import SYNCED_MODELS, AppliedMutation as AppliedRow, Area, ChangeHistory, Conflict, SyncedRecord
from app.services.case_numbers import issue_case_no
from app.services.record_codec import parse_timestamp, record_values, to_column_value, to_json_value
from app.services.scope import Viewer
from app.services.sequence import next_seq
from sync.store import ConcurrentWrite
from sync.types import (
    Actor, AppliedMutation, ConflictRecord, FieldConflict, HistoryEntry, MutationResult, RecordState,
)


def to_state(entity: str, row: SyncedRecord) -> RecordState:
    return RecordState(
        entity=entity, id=row.id, version=row.version, fields=record_values(row),
        field_versions=dict(row.field_versions or {}), seq=row.seq,
        created_at=to_json_value(row.created_at), updated_at=to_json_value(row.updated_at),
        created_by=row.created_by, updated_by=row.updated_by,
        voided_at=to_json_value(row.voided_at), void_reason=row.void_reason,
        has_open_conflict=row.has_open_conflict,
    )


def result_from_json(body: Mapping[str, Any]) -> MutationResult:
    """Rebuild a stored outcome (MutationResult.to_json) for a replay."""
    return MutationResult(
        mutation_id=body["mutation_id"], status=body["status"], record=body.get("record"),
        conflicts=tuple(FieldConflict(**c) for c in body.get("conflicts") or ()),
        errors=body.get("errors") or {}, error_code=body.get("error_code"),
        original_status=body.get("original_status"),
    )


class SqlSyncStore:
    """One push's view of the database, for one viewer."""

    def __init__(self, viewer: Viewer, client_times: Mapping[str, str | None] | None = None) -> None:
        self.viewer = viewer
        self.client_times = client_times or {}
        self._area_paths: dict[int, str | None] = {}

    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def get_record(self, entity: str, record_id: str) -> RecordState | None:
        model = SYNCED_MODELS[entity]
        row = db.session.execute(
            sa.select(model).where(model.id == record_id).with_for_update()).scalar_one_or_none()
        return None if row is None else to_state(entity, row)

    def id_in_use(self, record_id: str) -> str | None:
        """The entity that already holds this id, if any (ids are unique across entities): one query."""
        holders = sa.union_all(*(
            sa.select(sa.literal(entity).label("entity")).where(model.id == record_id)
            for entity, model in SYNCED_MODELS.items()))
        return db.session.execute(holders.limit(1)).scalar_one_or_none()

    def get_history(self, entity: str, record_id: str, after_version: int) -> Sequence[HistoryEntry]:
        rows = db.session.execute(
            sa.select(ChangeHistory).where(
                ChangeHistory.entity == entity, ChangeHistory.record_id == record_id,
                ChangeHistory.version > after_version).order_by(ChangeHistory.version)).scalars()
        return [HistoryEntry(r.version, r.op, r.changes, r.user_id, r.device_id, r.mutation_id,
                             to_json_value(r.server_time)) for r in rows]

    def children(self, dispute_id: str, entity: str) -> Sequence[RecordState]:
        model = SYNCED_MODELS[entity]
        rows = db.session.execute(sa.select(model).where(model.dispute_id == dispute_id)).scalars()
        return [to_state(entity, row) for row in rows]

    def in_scope(self, actor: Actor, entity: str, record: Mapping[str, Any]) -> bool:
        if entity in ("dispute", "visit"):
            if entity == "dispute" and self.viewer.role == "mediator" \
                    and record.get("assigned_mediator_id") == self.viewer.user_id:
                return True
            return self._area_in_scope(record.get("area_id"))
        dispute_id = record.get("dispute_id")
        if not isinstance(dispute_id, str):
            return False
        parent = db.session.get(SYNCED_MODELS["dispute"], dispute_id)
        return parent is not None and self.in_scope(actor, "dispute", {
            "area_id": parent.area_id, "assigned_mediator_id": parent.assigned_mediator_id})

    def _area_in_scope(self, area_id: Any) -> bool:
        if not isinstance(area_id, int) or isinstance(area_id, bool):
            return False
        if area_id not in self._area_paths:
            self._area_paths[area_id] = db.session.execute(
                sa.select(Area.path).where(Area.id == area_id)).scalar_one_or_none()
        path = self._area_paths[area_id]
        return path is not None and path.startswith(self.viewer.area_path)

    def get_applied(self, mutation_id: str) -> AppliedMutation | None:
        row = db.session.get(AppliedRow, mutation_id)
        if row is None:
            return None
        return AppliedMutation(row.mutation_id, row.device_id, row.user_id, row.entity, row.record_id,
                               row.content_hash, result_from_json(row.outcome))

    def save_applied(self, applied: AppliedMutation) -> None:
        db.session.add(AppliedRow(
            mutation_id=applied.mutation_id, device_id=applied.device_id, user_id=applied.user_id,
            entity=applied.entity, record_id=applied.record_id, content_hash=applied.content_hash,
            outcome=applied.outcome.to_json(), client_time=self.client_times.get(applied.mutation_id)))
        db.session.flush()

    def write_record(self, record: RecordState) -> RecordState:
        model = SYNCED_MODELS[record.entity]
        row = db.session.get(model, record.id)
        stored_version = row.version if row is not None else 0
        if record.version != stored_version + 1:
            raise ConcurrentWrite(f"{record.entity} {record.id}: version {stored_version} ≠ {record.version - 1}")
        seq = next_seq()
        if row is None:
            row = model(id=record.id, created_at=parse_timestamp(record.created_at) if record.created_at else None,
                        created_by=record.created_by)
            db.session.add(row)
        for name, value in record.fields.items():
            setattr(row, name, to_column_value(model, name, value))
        row.version = record.version
        row.seq = seq
        row.field_versions = {name: list(entry) for name, entry in record.field_versions.items()}
        row.updated_at = parse_timestamp(record.updated_at) if record.updated_at else None
        row.updated_by = record.updated_by
        row.voided_at = parse_timestamp(record.voided_at) if record.voided_at else None
        row.void_reason = record.void_reason
        row.has_open_conflict = record.has_open_conflict
        db.session.flush()
        return to_state(record.entity, row)

    def record_history(self, record: RecordState, entry: HistoryEntry) -> None:
        db.session.add(ChangeHistory(
            entity=record.entity, record_id=record.id, version=entry.version, seq=record.seq, op=entry.op,
            changes={name: list(pair) for name, pair in entry.changes.items()},
            user_id=entry.user_id, device_id=entry.device_id, mutation_id=entry.mutation_id,
            server_time=parse_timestamp(entry.at) if entry.at else None))

    def record_conflict(self, conflict: ConflictRecord) -> None:
        db.session.add(Conflict(
            entity=conflict.entity, record_id=conflict.record_id, field=conflict.field,
            base=conflict.base, server=conflict.server, device=conflict.device, kept=conflict.kept,
            status="open", created_at=parse_timestamp(conflict.created_at), device_id=conflict.device_id,
            mutation_id=conflict.mutation_id, user_id=conflict.user_id,
            server_user_id=conflict.server_user_id, server_device_id=conflict.server_device_id,
            record_version=conflict.record_version))

    def next_case_no(self, year: int) -> str:
        return issue_case_no(year)

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        with db.session.begin_nested():
            yield
