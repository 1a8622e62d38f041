"""The sync engine's store (sync.store.SyncStore) over SQLAlchemy.

Every call runs inside the push's transaction, which `lock_sequence` opened:
writers are serialised, so seq order is commit order.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import SYNCED_MODELS, AppliedMutation as AppliedRow, Area, ChangeHistory, Conflict, SyncedRecord
from app.services.case_numbers import issue_case_no
from app.models.types import utcnow
from app.services.record_codec import (
    domain_fields, parse_timestamp, record_values, to_column_value, to_json_value,
)
from app.services.scope import Viewer
from app.services.sequence import next_seq
from sync.store import ConcurrentWrite
from sync.types import (
    Actor, AppliedMutation, ConflictRecord, FieldConflict, HistoryEntry, Mutation, MutationResult, RecordState,
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


def _timestamp(text: str | None) -> datetime | None:
    return parse_timestamp(text) if text else None


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _applied_from_row(row: AppliedRow) -> AppliedMutation:
    return AppliedMutation(row.mutation_id, row.device_id, row.user_id, row.entity, row.record_id,
                           row.content_hash, result_from_json(row.outcome))


def result_from_json(body: Mapping[str, Any]) -> MutationResult:
    """Rebuild a stored outcome (MutationResult.to_json) for a replay."""
    return MutationResult(
        mutation_id=body["mutation_id"], status=body["status"], record=body.get("record"),
        conflicts=tuple(FieldConflict(**c) for c in body.get("conflicts") or ()),
        errors=body.get("errors") or {}, error_code=body.get("error_code"),
        original_status=body.get("original_status"),
    )


def _state_from_values(entity: str, values: Mapping[str, Any]) -> RecordState:
    """A RecordState from a row's column values (a Core row mapping)."""
    model = SYNCED_MODELS[entity]
    return RecordState(
        entity=entity, id=values["id"], version=values["version"],
        fields={name: to_json_value(values[name]) for name in domain_fields(model)},
        field_versions=dict(values["field_versions"] or {}), seq=values["seq"],
        created_at=to_json_value(values["created_at"]), updated_at=to_json_value(values["updated_at"]),
        created_by=values["created_by"], updated_by=values["updated_by"],
        voided_at=to_json_value(values["voided_at"]), void_reason=values["void_reason"],
        has_open_conflict=values["has_open_conflict"],
    )


class SqlSyncStore:
    """One push's view of the database, for one viewer.

    `prefetch` reads every record and stored outcome a batch names in a few queries; the
    engine's per-mutation reads are then answered from memory, and every write goes
    straight to the database (Core statements) and into that memory.
    """

    def __init__(self, viewer: Viewer, client_times: Mapping[str, str | None] | None = None) -> None:
        self.viewer = viewer
        self.client_times = client_times or {}
        self._area_paths: dict[int, str | None] = {}
        self._records: dict[tuple[str, str], RecordState | None] = {}
        self._holders: dict[str, str | None] = {}
        self._applied: dict[str, AppliedMutation | None] = {}

    def prefetch(self, mutations: Sequence[Mutation]) -> None:
        """Load the records (and linked disputes) and the stored outcomes a batch refers to."""
        ids = {m.id for m in mutations}
        for m in mutations:
            for link in (m.changes.get("dispute_id"),) + tuple(m.changes.get("dispute_ids") or ()):
                if isinstance(link, str):
                    ids.add(link)
        for chunk in _chunks(sorted(ids)):
            self._holders.update(dict.fromkeys(chunk))
            for entity, model in SYNCED_MODELS.items():
                rows = db.session.execute(
                    sa.select(*model.__table__.columns).where(model.id.in_(chunk)).with_for_update()).mappings()
                for row in rows:
                    self._records[(entity, row["id"])] = _state_from_values(entity, row)
                    self._holders[row["id"]] = entity
            for entity in SYNCED_MODELS:
                for record_id in chunk:
                    self._records.setdefault((entity, record_id), None)
        for chunk in _chunks(sorted({m.mutation_id for m in mutations})):
            self._applied.update(dict.fromkeys(chunk))
            for row in db.session.execute(sa.select(AppliedRow).where(AppliedRow.mutation_id.in_(chunk))).scalars():
                self._applied[row.mutation_id] = _applied_from_row(row)

    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def get_record(self, entity: str, record_id: str) -> RecordState | None:
        key = (entity, record_id)
        if key not in self._records:
            model = SYNCED_MODELS[entity]
            row = db.session.execute(sa.select(*model.__table__.columns).where(model.id == record_id)
                                     .with_for_update()).mappings().one_or_none()
            self._records[key] = None if row is None else _state_from_values(entity, row)
        return self._records[key]

    def id_in_use(self, record_id: str) -> str | None:
        """The entity that already holds this id, if any (ids are unique across entities): one query."""
        if record_id not in self._holders:
            holders = sa.union_all(*(
                sa.select(sa.literal(entity).label("entity")).where(model.id == record_id)
                for entity, model in SYNCED_MODELS.items()))
            self._holders[record_id] = db.session.execute(holders.limit(1)).scalar_one_or_none()
        return self._holders[record_id]

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
        parent = self.get_record("dispute", dispute_id)
        return parent is not None and self.in_scope(actor, "dispute", parent.fields)

    def _area_in_scope(self, area_id: Any) -> bool:
        if not isinstance(area_id, int) or isinstance(area_id, bool):
            return False
        if area_id not in self._area_paths:
            self._area_paths[area_id] = db.session.execute(
                sa.select(Area.path).where(Area.id == area_id)).scalar_one_or_none()
        path = self._area_paths[area_id]
        return path is not None and path.startswith(self.viewer.area_path)

    def get_applied(self, mutation_id: str) -> AppliedMutation | None:
        if mutation_id not in self._applied:
            row = db.session.get(AppliedRow, mutation_id)
            self._applied[mutation_id] = None if row is None else _applied_from_row(row)
        return self._applied[mutation_id]

    def save_applied(self, applied: AppliedMutation) -> None:
        db.session.execute(sa.insert(AppliedRow.__table__), [dict(
            mutation_id=applied.mutation_id, device_id=applied.device_id, user_id=applied.user_id,
            entity=applied.entity, record_id=applied.record_id, content_hash=applied.content_hash,
            outcome=applied.outcome.to_json(), client_time=self.client_times.get(applied.mutation_id),
            created_at=utcnow())])
        self._applied[applied.mutation_id] = applied

    def write_record(self, record: RecordState) -> RecordState:
        model = SYNCED_MODELS[record.entity]
        stored = self.get_record(record.entity, record.id)
        stored_version = stored.version if stored is not None else 0
        if record.version != stored_version + 1:
            raise ConcurrentWrite(f"{record.entity} {record.id}: version {stored_version} ≠ {record.version - 1}")
        values = {name: to_column_value(model, name, value) for name, value in record.fields.items()}
        values.update(
            version=record.version, seq=next_seq(),
            field_versions={name: list(entry) for name, entry in record.field_versions.items()},
            updated_at=_timestamp(record.updated_at), updated_by=record.updated_by,
            voided_at=_timestamp(record.voided_at), void_reason=record.void_reason,
            has_open_conflict=record.has_open_conflict)
        table = model.__table__
        if stored is None:
            values.update(id=record.id, created_at=_timestamp(record.created_at) or utcnow(),
                          created_by=record.created_by)
            db.session.execute(sa.insert(table), [values])
        else:
            db.session.execute(sa.update(table).where(table.c.id == sa.bindparam("record_id")),
                               [{**values, "record_id": record.id}])
        written = replace(  # timestamps as a read from the database gives them back (milliseconds)
            record, seq=values["seq"],
            created_at=to_json_value(_timestamp(record.created_at) or values.get("created_at") or utcnow()),
            updated_at=to_json_value(values["updated_at"]), voided_at=to_json_value(values["voided_at"]))
        self._records[(record.entity, record.id)] = written
        self._holders[record.id] = record.entity
        return written

    def record_history(self, record: RecordState, entry: HistoryEntry) -> None:
        db.session.execute(sa.insert(ChangeHistory.__table__), [dict(
            entity=record.entity, record_id=record.id, version=entry.version, seq=record.seq, op=entry.op,
            changes={name: list(pair) for name, pair in entry.changes.items()},
            user_id=entry.user_id, device_id=entry.device_id, mutation_id=entry.mutation_id,
            server_time=_timestamp(entry.at) or utcnow())])

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
