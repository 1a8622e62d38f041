"""The sync engine's store (sync.store.SyncStore) over SQLAlchemy.

Writes are buffered and sent by `finish` with one statement per table, inside the
push's transaction after `lock_sequence`: writers are serialised, so seq order is commit
order; reads inside the batch see the buffered writes. A `provisional` store works a batch
out before that lock, with placeholder seqs and case numbers; `settle`, under the lock,
either makes them real or reports that something the batch read has changed since.

A dispute whose placement (`PLACEMENT`) changes has its children re-stamped with fresh
seqs in the same transaction, so a phone the case enters pulls them past its cursor
(docs/sync.md, "A case entering scope arrives whole").
"""
from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import SYNCED_MODELS, Area, ChangeHistory, Committee, Conflict, User
from app.models import AppliedMutation as AppliedRow
from app.services.sync.case_numbers import CaseNumbers, ProvisionalCaseNumbers
from app.services.sync.one_of import one_of
from app.services.sync.record_codec import (
    domain_json,
    parse_timestamp,
    to_column_values,
    to_json_value,
)
from app.services.access.scope import ScopePolicy, Viewer
from app.services.sync.sequence import ProvisionalSeqs, SeqCounter, current_seq, real_seq
from sync.clock import naive_utc
from sync.store import ConcurrentWrite
from sync.types import (
    Actor,
    AppliedMutation,
    ConflictRecord,
    FieldConflict,
    HistoryEntry,
    Mutation,
    MutationResult,
    RecordState,
)

Key = tuple[str, str]
PLACEMENT = ("area_id", "assigned_mediator_id")
"""The dispute fields that decide whose scope a case, and its children, are in (app/services/access/scope.py)."""


class RefusedByDatabase(Exception):
    """A mutation's writes broke a database rule (a constraint, a trigger) the checks before writing
    did not see. Raised out of its savepoint, after which the store's memory no longer matches the
    database: the push rolls back and redoes the batch with this mutation refused."""

    def __init__(self, mutation_id: str | None, error: sa.exc.DBAPIError) -> None:
        super().__init__(mutation_id)
        self.mutation_id = mutation_id
        self.error = error


@functools.lru_cache(maxsize=4096)
def _timestamp(text: str | None) -> datetime | None:
    """A stamp's stored form; one mutation's stamp is parsed once for its record, history and outcome."""
    return parse_timestamp(text) if text else None


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _history_entry(row: sa.Row) -> HistoryEntry:
    """A `change_history` row (read as a row, not an ORM object: nothing here is changed or flushed)."""
    return HistoryEntry(row.version, row.op, row.changes, row.user_id, row.device_id, row.mutation_id,
                        to_json_value(row.server_time))


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


def _executemany(table: sa.Table, rows: list[dict[str, Any]], *, update: bool = False) -> None:
    """Insert (or update by `record_id`) many rows with the same keys in one statement.

    On SQLite the statement is compiled once per table and keys, each value is encoded by its
    column's own bind processor (as SQLAlchemy would, None included: JSON null) and the rows go
    straight to the driver: SQLAlchemy's per-row parameter handling cost 7 % of a push's instructions
    (docs/benchmarks.md, "Fast paths"; tests/services/test_driver_rows.py pins the stored rows to
    SQLAlchemy's). PostgreSQL keeps SQLAlchemy's multi-row VALUES.
    """
    connection = db.session.connection()
    plan = _driver_plan(connection.dialect, table, tuple(rows[0]), update)
    if plan is None:
        connection.execute(_statement(table, update), rows)
        return
    sql, values_of, processed = plan
    columns = list(zip(*map(values_of, rows)))
    for index, process in processed:
        columns[index] = map(process, columns[index])
    connection.exec_driver_sql(sql, list(zip(*columns)))


def _statement(table: sa.Table, update: bool) -> sa.Insert | sa.Update:
    return sa.update(table).where(table.c.id == sa.bindparam("record_id")) if update else sa.insert(table)


@functools.lru_cache(maxsize=64)
def _driver_plan(dialect: sa.Dialect, table: sa.Table, keys: tuple[str, ...],
                 update: bool) -> tuple[str, Any, tuple[tuple[int, Any], ...]] | None:
    """SQL, a getter of a row's values in parameter order, and the (position, bind processor) of
    the columns that have one, for `_executemany`; None where SQLAlchemy must run the statement
    (not SQLite, or column defaults to compute). A timestamp column's processor remembers its last
    answers: a batch's changes share one moment (`SqlSyncStore.now`) in every row, history entry and
    outcome, and formatting it was 5 % of a push's instructions."""
    if dialect.name != "sqlite":
        return None
    compiled = _statement(table, update).compile(dialect=dialect, column_keys=list(keys))
    if compiled.insert_prefetch or compiled.update_prefetch or not compiled.positiontup:
        return None
    names = tuple(compiled.positiontup)
    types = [compiled.binds[name].type for name in names]
    processors = [t.dialect_impl(dialect).bind_processor(dialect) for t in types]
    processors = [functools.lru_cache(maxsize=64)(p) if p is not None and t._type_affinity is sa.DateTime else p
                  for t, p in zip(types, processors)]
    values_of = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    return compiled.string, values_of, tuple((i, p) for i, p in enumerate(processors) if p is not None)


def _read(statement: sa.Executable) -> sa.CursorResult:
    """A Core read on the session's connection: the prefetch reads rows, never ORM objects, so the ORM's
    execution layer (its compile state and row loading) only added instructions."""
    return db.session.connection().execute(statement)


def _is_id(value: Any) -> bool:
    """A row id a query may carry: a positive int within the 32-bit range of the id columns (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2 ** 31


def _find_reference(kind: str, ref_id: int) -> Mapping[str, Any] | None:
    """A committee or user row as `SyncStore.reference` describes it."""
    if kind == "committee":
        found = db.session.execute(sa.select(Committee.id).where(Committee.id == ref_id)).first()
        return None if found is None else {}
    if kind == "user":
        row = db.session.execute(sa.select(User.role, User.active).where(User.id == ref_id)).first()
        return None if row is None else {"role": row.role, "active": bool(row.active)}
    raise ValueError(f"no reference kind {kind!r}")


def _state_from_values(entity: str, values: Mapping[str, Any]) -> RecordState:
    """A RecordState from a row's column values (a Core row mapping)."""
    model = SYNCED_MODELS[entity]
    return RecordState(
        entity=entity, id=values["id"], version=values["version"],
        fields=domain_json(model, values),
        field_versions=dict(values["field_versions"] or {}), seq=values["seq"],
        created_at=to_json_value(values["created_at"]), updated_at=to_json_value(values["updated_at"]),
        created_by=values["created_by"], updated_by=values["updated_by"],
        voided_at=to_json_value(values["voided_at"]), void_reason=values["void_reason"],
        has_open_conflict=values["has_open_conflict"],
    )


class SqlSyncStore:
    """One push's view of the database, for one viewer.

    `prefetch` reads every record, stored outcome and history a batch refers to in a few
    queries; the engine's per-mutation reads are then answered from memory. Writes go into
    memory and into buffers that `finish` sends, one executemany per table (parents first),
    with the seq and case-number counters written once. With `one_by_one` every mutation
    gets its own savepoint and its writes are sent when it ends (the fallback when a
    batch's `finish` fails). A `provisional` store reads without row locks and remembers what
    it read (for `settle`).
    """

    def __init__(self, viewer: Viewer, client_times: Mapping[str, str | None] | None = None, *,
                 one_by_one: bool = False, provisional: bool = False) -> None:
        self.viewer = viewer
        self._now = datetime.now(UTC)
        self._received = naive_utc(self._now)
        self._scope = ScopePolicy(viewer)
        self.client_times = client_times or {}
        self.one_by_one = one_by_one
        self.provisional = provisional
        self._area_paths: dict[int, str | None] = {}
        self._references: dict[tuple[str, int], Mapping[str, Any] | None] = {}
        self._records: dict[Key, RecordState | None] = {}
        self._holders: dict[str, str | None] = {}
        self._applied: dict[str, AppliedMutation | None] = {}
        self._history: dict[Key, tuple[int, list[HistoryEntry]]] = {}
        self._unsent_history: dict[Key, list[HistoryEntry]] = {}
        self._inserts: dict[Key, dict[str, Any]] = {}
        self._updates: dict[Key, dict[str, Any]] = {}
        self._history_rows: list[dict[str, Any]] = []
        self._applied_rows: list[dict[str, Any]] = []
        self._conflicts: list[Conflict] = []
        self._children_of: set[str] = set()
        self._children_read: set[str] = set()
        self._unapplied: set[str] = set()
        self._placed: set[str] = set()
        self._seqs: SeqCounter | ProvisionalSeqs = ProvisionalSeqs() if provisional else SeqCounter()
        self._case_numbers: CaseNumbers | ProvisionalCaseNumbers = (
            ProvisionalCaseNumbers() if provisional else CaseNumbers())

    def _locking(self, select: sa.Select) -> sa.Select:
        """Row locks before the writer's lock could deadlock against a writer holding it."""
        return select if self.provisional else select.with_for_update()

    def prefetch(self, mutations: Sequence[Mutation]) -> None:
        """Load the records, their cases, stored outcomes and edit histories a batch refers to.

        A record is looked for in its own entity's table, and a create's id in every table, since ids are
        unique across entities (`id_in_use`). The disputes table is read last, for the batch's cases, the
        cases its records link to and those its stored records belong to (their scope is their case's).
        One query per table; anything else the engine asks for is read when asked (`get_record`)."""
        created = {m.id for m in mutations if m.op == "create"}
        wanted: dict[str, set[str]] = {entity: set(created) for entity in SYNCED_MODELS}
        for m in mutations:
            if m.entity in wanted:  # an unknown entity is the engine's to refuse
                wanted[m.entity].add(m.id)
            for link in (m.changes.get("dispute_id"),) + tuple(m.changes.get("dispute_ids") or ()):
                if isinstance(link, str):
                    wanted["dispute"].add(link)
        self._holders.update(dict.fromkeys(created))
        stored = [state for entity in SYNCED_MODELS if entity != "dispute"
                  for state in self._read_records(entity, wanted[entity])]
        cases = {state.fields.get("dispute_id") for state in stored}
        self._read_records("dispute", wanted["dispute"] | {case for case in cases if isinstance(case, str)})
        mutation_ids = {m.mutation_id for m in mutations}
        self._applied.update(dict.fromkeys(mutation_ids))
        applied = AppliedRow.__table__
        for row in _read(sa.select(applied).where(one_of(applied.c.mutation_id, mutation_ids))):
            self._applied[row.mutation_id] = _applied_from_row(row)
        self._unapplied.update(mutation_id for mutation_id in mutation_ids if self._applied[mutation_id] is None)
        self._prefetch_history(mutations)

    def _read_records(self, entity: str, ids: set[str]) -> list[RecordState]:
        """The stored records of `entity` with these ids, in one query, remembered; the others as absent."""
        if not ids:
            return []
        model = SYNCED_MODELS[entity]
        rows = _read(self._locking(sa.select(*model.__table__.columns).where(one_of(model.id, ids)))).mappings()
        found = [_state_from_values(entity, row) for row in rows]
        for state in found:
            self._records[(entity, state.id)] = state
            self._holders[state.id] = entity
        for record_id in ids:
            self._records.setdefault((entity, record_id), None)
        return found

    def _prefetch_history(self, mutations: Sequence[Mutation]) -> None:
        """The history past each edit's base version: one query per distinct base version (usually one)."""
        by_base: dict[int, set[Key]] = {}
        for m in mutations:
            if m.op != "create" and self._records.get((m.entity, m.id)) is not None:
                by_base.setdefault(m.base_version or 0, set()).add((m.entity, m.id))
        for base in sorted(by_base, reverse=True):
            keys = by_base[base]
            found: dict[Key, list[HistoryEntry]] = {key: [] for key in keys}
            table = ChangeHistory.__table__
            rows = _read(
                sa.select(table).where(one_of(table.c.record_id, {record_id for _, record_id in keys}),
                                       table.c.version > base)
                .order_by(table.c.version))
            for row in rows:
                if (row.entity, row.record_id) in found:
                    found[(row.entity, row.record_id)].append(_history_entry(row))
            for key, entries in found.items():
                self._history[key] = (base, entries)

    def now(self) -> datetime:
        """The moment the batch is worked out: one for all its changes, which commit together."""
        return self._now

    def get_record(self, entity: str, record_id: str) -> RecordState | None:
        key = (entity, record_id)
        if key not in self._records:
            model = SYNCED_MODELS[entity]
            row = db.session.execute(self._locking(sa.select(*model.__table__.columns)
                                                   .where(model.id == record_id))).mappings().one_or_none()
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
        key = (entity, record_id)
        known = self._history.get(key)
        if known is None or known[0] > after_version:
            table = ChangeHistory.__table__
            rows = db.session.execute(
                sa.select(table).where(table.c.entity == entity, table.c.record_id == record_id,
                                       table.c.version > after_version).order_by(table.c.version))
            stored = [_history_entry(r) for r in rows]
            newest = stored[-1].version if stored else after_version
            unsent = (known[1] if known else []) + self._unsent_history.pop(key, [])
            known = (after_version, stored + [entry for entry in unsent if entry.version > newest])
            self._history[key] = known
        return [entry for entry in known[1] if entry.version > after_version]

    def children(self, dispute_id: str, entity: str) -> Sequence[RecordState]:
        """The dispute's rows as stored, overlaid with this batch's writes."""
        model = SYNCED_MODELS[entity]
        rows = db.session.execute(sa.select(*model.__table__.columns).where(model.dispute_id == dispute_id))
        found = {row["id"]: _state_from_values(entity, row) for row in rows.mappings()}
        self._children_of.add(dispute_id)
        self._children_read.update(found)
        for (kind, record_id), state in self._records.items():
            if kind != entity or state is None:
                continue
            if state.fields.get("dispute_id") == dispute_id:
                found[record_id] = state
            else:
                found.pop(record_id, None)
        return list(found.values())

    def in_scope(self, actor: Actor, entity: str, record: Mapping[str, Any]) -> bool:
        """`ScopePolicy.admits` with this store's reads (the store is the viewer's: `actor` is the same person)."""
        return self._scope.admits(entity, record, area_path=self._area_path, parent=self._dispute_fields)

    def area_in_scope(self, actor: Actor, area_id: Any) -> bool:
        """The viewer's home area's subtree (`Viewer.covers`)."""
        return self.viewer.covers(self._area_path(area_id))

    def _dispute_fields(self, dispute_id: str) -> Mapping[str, Any] | None:
        parent = self.get_record("dispute", dispute_id)
        return None if parent is None else parent.fields

    def _area_path(self, area_id: Any) -> str | None:
        if not _is_id(area_id):
            return None
        if area_id not in self._area_paths:
            self._area_paths[area_id] = db.session.execute(
                sa.select(Area.path).where(Area.id == area_id)).scalar_one_or_none()
        return self._area_paths[area_id]

    def reference(self, kind: str, ref_id: Any) -> Mapping[str, Any] | None:
        if kind == "area":
            return None if self._area_path(ref_id) is None else {}
        if not _is_id(ref_id):
            return None
        key = (kind, ref_id)
        if key not in self._references:
            self._references[key] = _find_reference(kind, ref_id)
        return self._references[key]

    def get_applied(self, mutation_id: str) -> AppliedMutation | None:
        if mutation_id not in self._applied:
            row = db.session.get(AppliedRow, mutation_id)
            self._applied[mutation_id] = None if row is None else _applied_from_row(row)
            if row is None:
                self._unapplied.add(mutation_id)
        return self._applied[mutation_id]

    def save_applied(self, applied: AppliedMutation) -> None:
        self._applied_rows.append({
            "mutation_id": applied.mutation_id, "device_id": applied.device_id, "user_id": applied.user_id,
            "entity": applied.entity, "record_id": applied.record_id, "content_hash": applied.content_hash,
            "outcome": applied.outcome.to_stored_json(), "client_time": self.client_times.get(applied.mutation_id),
            "created_at": self._received})
        self._applied[applied.mutation_id] = applied

    def write_record(self, record: RecordState) -> RecordState:
        model = SYNCED_MODELS[record.entity]
        key = (record.entity, record.id)
        stored = self.get_record(record.entity, record.id)
        stored_version = stored.version if stored is not None else 0
        if record.version != stored_version + 1:
            raise ConcurrentWrite(f"{record.entity} {record.id}: version {stored_version} ≠ {record.version - 1}")
        values = to_column_values(model, record.fields)
        values.update(
            version=record.version, seq=self._seqs.next(),
            field_versions=record.field_versions,
            updated_at=_timestamp(record.updated_at), updated_by=record.updated_by,
            voided_at=_timestamp(record.voided_at), void_reason=record.void_reason,
            has_open_conflict=record.has_open_conflict)
        if stored is not None and record.entity == "dispute" \
                and any(stored.fields.get(name) != record.fields.get(name) for name in PLACEMENT):
            self._placed.add(record.id)
        if stored is None:
            values.update(id=record.id, created_at=_timestamp(record.created_at), created_by=record.created_by)
            self._inserts[key] = values
        elif key in self._inserts:
            self._inserts[key] = {**self._inserts[key], **values}
        else:
            self._updates[key] = values
        written = record.stamped(values["seq"])
        self._records[key] = written
        self._holders[record.id] = record.entity
        return written

    def record_history(self, record: RecordState, entry: HistoryEntry) -> None:
        """The entry as the engine made it (`apply_change`: its moment is the version's)."""
        self._history_rows.append({
            "entity": record.entity, "record_id": record.id, "version": entry.version, "seq": record.seq,
            "op": entry.op, "changes": entry.changes,
            "user_id": entry.user_id, "device_id": entry.device_id, "mutation_id": entry.mutation_id,
            "server_time": _timestamp(entry.at)})
        key = (record.entity, record.id)
        if key in self._history:
            self._history[key][1].append(entry)
        elif entry.op == "create":
            self._history[key] = (0, [entry])
        else:
            self._unsent_history.setdefault(key, []).append(entry)

    def record_conflict(self, conflict: ConflictRecord) -> None:
        self._conflicts.append(Conflict(
            entity=conflict.entity, record_id=conflict.record_id, field=conflict.field,
            base=conflict.base, server=conflict.server, device=conflict.device, kept=conflict.kept,
            status="open", created_at=parse_timestamp(conflict.created_at), device_id=conflict.device_id,
            mutation_id=conflict.mutation_id, user_id=conflict.user_id,
            server_user_id=conflict.server_user_id, server_device_id=conflict.server_device_id,
            record_version=conflict.record_version))

    def close_conflict(self, conflict_id: Any) -> None:
        db.session.execute(sa.update(Conflict).where(Conflict.id == conflict_id).values(status="resolved"))

    def open_conflicts(self, entity: str, record_id: str) -> int:
        stored = db.session.execute(sa.select(sa.func.count()).select_from(Conflict).where(
            Conflict.entity == entity, Conflict.record_id == record_id, Conflict.status == "open")).scalar_one()
        return stored + sum(1 for row in self._conflicts if (row.entity, row.record_id) == (entity, record_id))

    def next_case_no(self, year: int) -> str:
        return self._case_numbers.issue(year)

    def savepoint(self) -> AbstractContextManager[None]:
        return self._one_mutation() if self.one_by_one else nullcontext()

    @contextmanager
    def _one_mutation(self) -> Iterator[None]:
        """The mutation's writes in their own savepoint; a database refusal names the mutation."""
        with db.session.begin_nested():
            yield
            mutation_id = self._applied_rows[-1]["mutation_id"] if self._applied_rows else None
            try:
                self.finish()
            except sa.exc.DBAPIError as error:
                raise RefusedByDatabase(mutation_id, error) from error

    def finish(self) -> None:
        """Send the buffered writes: inserts parents first, then updates, history, outcomes, counters."""
        for entity, model in SYNCED_MODELS.items():
            rows = [values for (kind, _), values in self._inserts.items() if kind == entity]
            if rows:
                _executemany(model.__table__, rows)
        for entity, model in SYNCED_MODELS.items():
            rows = [{**values, "record_id": record_id}
                    for (kind, record_id), values in self._updates.items() if kind == entity]
            if rows:
                _executemany(model.__table__, rows, update=True)
        if self._history_rows:
            _executemany(ChangeHistory.__table__, self._history_rows)
        if self._applied_rows:
            _executemany(AppliedRow.__table__, self._applied_rows)
        if self._placed:
            self._restamp_children(sorted(self._placed))
            self._placed = set()
        db.session.add_all(self._conflicts)
        self._conflicts = []
        self._seqs.write()
        self._case_numbers.write()
        self._inserts, self._updates, self._history_rows, self._applied_rows = {}, {}, [], []
        self._unsent_history.clear()

    def _restamp_children(self, dispute_ids: list[str]) -> None:
        """Fresh seqs for every child row of these disputes, keeping version and history: the rows
        did not change, but phones the case entered have cursors past their old seqs. Under the
        writer's lock, like every seq, so seq order stays commit order."""
        for model in SYNCED_MODELS.values():
            table = model.__table__
            if "dispute_id" not in table.c:
                continue
            for chunk in _chunks(dispute_ids):
                child_ids = db.session.execute(sa.select(table.c.id).where(table.c.dispute_id.in_(chunk))
                                               .order_by(table.c.seq)).scalars().all()
                if child_ids:
                    db.session.execute(
                        sa.update(table).where(table.c.id == sa.bindparam("child_id"))
                        .values(seq=sa.bindparam("fresh_seq")),
                        [{"child_id": child_id, "fresh_seq": self._seqs.next()} for child_id in child_ids])

    def settle(self, results: Sequence[MutationResult]) -> bool:
        """Under the writer's lock, for a provisional store: False if a record the batch read (or
        looked for) was written since it started reading, or one of its mutations was applied
        meanwhile. Otherwise the placeholder seqs and case numbers become real ones, everywhere
        they were written (rows, history and `results`; a stored outcome keeps no record), and `finish`
        may send them."""
        assert isinstance(self._seqs, ProvisionalSeqs) and isinstance(self._case_numbers, ProvisionalCaseNumbers)
        if self._changed_since(self._seqs.read_at):
            return False
        self._seqs, base = self._seqs.settle()
        self._case_numbers, case_nos = self._case_numbers.settle()
        for rows in (self._inserts.values(), self._updates.values(), self._history_rows):
            for row in rows:
                row["seq"] = real_seq(row["seq"], base)
                if row.get("case_no") in case_nos:
                    row["case_no"] = case_nos[row["case_no"]]
        for row in self._history_rows:
            pair = row["changes"].get("case_no")
            if pair:
                row["changes"]["case_no"] = [case_nos.get(value, value) if isinstance(value, str) else value
                                             for value in pair]
        for record in (result.record for result in results if result.record is not None):
            if "seq" in record:
                record["seq"] = real_seq(record["seq"], base)
            if record.get("case_no") in case_nos:
                record["case_no"] = case_nos[record["case_no"]]
        return True

    def _changed_since(self, read_at: int) -> bool:
        """One query per table for the rows written past `read_at`, and one for the batch's mutation ids."""
        if current_seq() != read_at:
            read = {record_id for _, record_id in self._records} | self._holders.keys() | self._children_read
            for model in SYNCED_MODELS.values():
                table = model.__table__
                columns = [table.c.id] + ([table.c.dispute_id] if "dispute_id" in table.c else [])
                for row in db.session.execute(sa.select(*columns).where(table.c.seq > read_at)):
                    if row[0] in read or (len(row) > 1 and row[1] in self._children_of):
                        return True
        return bool(self._unapplied) and db.session.execute(
            sa.select(AppliedRow.mutation_id).where(one_of(AppliedRow.mutation_id, self._unapplied)).limit(1)
        ).first() is not None
