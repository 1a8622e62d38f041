"""An in-memory `SyncStore` for the engine's tests, with the pull the app would serve beside it."""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from app.services.sync.case_numbers import format_case_no
from sync.store import ConcurrentWrite
from sync.types import Actor, AppliedMutation, ConflictRecord, HistoryEntry, RecordState

Key = tuple[str, str]
DEFAULT_NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
CASE_NO_PREFIX = "槐人调字"


class EditedStoredValue(AssertionError):
    """The engine changed a value the store holds instead of replacing it."""


class TickingClock:
    """A deterministic clock: every reading is `step` later than the one before."""

    def __init__(self, start: datetime = DEFAULT_NOW, step: timedelta = timedelta(seconds=1)) -> None:
        self._next, self._step = start, step

    def __call__(self) -> datetime:
        moment, self._next = self._next, self._next + self._step
        return moment


@dataclass(frozen=True)
class Directory:
    """The rows synced records point at (`SyncStore.reference`). None: every such row exists (users: active
    mediators), for tests that are not about references."""

    areas: Collection[int] | None = None
    committees: Collection[int] | None = None
    users: Mapping[int, Mapping[str, Any]] | None = None

    def find(self, kind: str, ref_id: Any) -> Mapping[str, Any] | None:
        if kind == "user":
            if self.users is None:
                return {"role": "mediator", "active": True}
            return self.users.get(ref_id)
        known = self.areas if kind == "area" else self.committees
        return {} if known is None or ref_id in known else None


class MemoryStore:
    """Dicts keyed by (entity, id). Scope: `scopes` maps a user id to the area ids she works in (absent: all).

    Stored values are never edited (the engine replaces them), so a savepoint snapshot copies the containers
    only. The store holds the engine to that: every value it hands out or takes in is copied deeply, and each
    savepoint ends by comparing them (`EditedStoredValue`), nested dicts included.
    """

    def __init__(
        self,
        clock: Callable[[], datetime] | None = None,
        scopes: Mapping[int, Collection[int]] | None = None,
        first_case_serial: int = 1,
        directory: Directory | None = None,
    ) -> None:
        self.records: dict[Key, RecordState] = {}
        self.history: dict[Key, list[HistoryEntry]] = {}
        self.conflicts: list[ConflictRecord] = []
        self.resolved: set[int] = set()
        self.applied: dict[str, AppliedMutation] = {}
        self.last_seq = 0
        self.case_serials: dict[int, int] = {}
        self._first_case_serial = first_case_serial
        self._clock = clock or TickingClock()
        self._scopes = {user: frozenset(areas) for user, areas in (scopes or {}).items()}
        self.directory = directory or Directory()
        self._watched: list[tuple[Any, dict[str, Any]]] = []

    def seed(self, record: RecordState, history: Sequence[HistoryEntry] = ()) -> None:
        """Put a record as it already stands on the server (test set-up), keeping or assigning its seq."""
        seq = record.seq if record.seq is not None else self.last_seq + 1
        self.last_seq = max(self.last_seq, seq)
        self.records[(record.entity, record.id)] = replace(record, seq=seq)
        self.history[(record.entity, record.id)] = list(history)

    def now(self) -> datetime:
        return self._clock()

    def get_record(self, entity: str, record_id: str) -> RecordState | None:
        return self._watch(self.records.get((entity, record_id)))

    def get_history(self, entity: str, record_id: str, after_version: int) -> list[HistoryEntry]:
        return [self._watch(entry) for entry in self.history.get((entity, record_id), [])
                if entry.version > after_version]

    def children(self, dispute_id: str, entity: str) -> list[RecordState]:
        return [
            self._watch(record) for (kind, _), record in self.records.items()
            if kind == entity and record.fields.get("dispute_id") == dispute_id
        ]

    def in_scope(self, actor: Actor, entity: str, record: Mapping[str, Any]) -> bool:
        if entity in ("dispute", "visit"):
            assigned = entity == "dispute" and actor.role == "mediator" \
                and record.get("assigned_mediator_id") == actor.user_id
            return assigned or self.area_in_scope(actor, record.get("area_id"))
        parent = self.records.get(("dispute", record.get("dispute_id")))
        return parent is not None and self.in_scope(actor, "dispute", parent.to_flat())

    def area_in_scope(self, actor: Actor, area_id: Any) -> bool:
        areas = self._scopes.get(actor.user_id)
        if actor.role == "admin" or areas is None:
            return self.directory.find("area", area_id) is not None
        return area_id in areas

    def reference(self, kind: str, ref_id: Any) -> Mapping[str, Any] | None:
        return self.directory.find(kind, ref_id)

    def get_applied(self, mutation_id: str) -> AppliedMutation | None:
        return self._watch(self.applied.get(mutation_id))

    def save_applied(self, applied: AppliedMutation) -> None:
        self.applied[applied.mutation_id] = self._watch(applied)

    def write_record(self, record: RecordState) -> RecordState:
        stored = self.records.get((record.entity, record.id))
        if record.version != (stored.version if stored else 0) + 1:
            raise ConcurrentWrite(f"{record.entity} {record.id} moved on")
        self.last_seq += 1
        written = record.stamped(self.last_seq)
        self.records[(record.entity, record.id)] = written
        return self._watch(written)

    def record_history(self, record: RecordState, entry: HistoryEntry) -> None:
        self.history.setdefault((record.entity, record.id), []).append(self._watch(entry))

    def record_conflict(self, conflict: ConflictRecord) -> None:
        self.conflicts.append(self._watch(conflict))

    def close_conflict(self, conflict_id: Any) -> None:
        """`conflict_id`: the conflict's index in `conflicts`."""
        self.resolved.add(conflict_id)

    def open_conflicts(self, entity: str, record_id: str) -> int:
        return sum(1 for index, conflict in enumerate(self.conflicts)
                   if index not in self.resolved and (conflict.entity, conflict.record_id) == (entity, record_id))

    def next_case_no(self, year: int) -> str:
        serial = self.case_serials.get(year, self._first_case_serial - 1) + 1
        self.case_serials[year] = serial
        return format_case_no(year, serial, CASE_NO_PREFIX)

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        saved = self._containers()
        try:
            yield
        except BaseException:
            self._restore(saved)
            raise
        finally:
            self.assert_unedited()

    def assert_unedited(self) -> None:
        """Every value handed out or taken in since the last check is as it was then."""
        watched, self._watched = self._watched, []
        for value, then in watched:
            if asdict(value) != then:
                raise EditedStoredValue(f"{type(value).__name__} edited in place: {then} → {asdict(value)}")

    def _watch(self, value: Any) -> Any:
        if value is not None:
            self._watched.append((value, asdict(value)))
        return value

    def pull(self, actor: Actor, cursor: int | None) -> tuple[list[dict[str, Any]], int]:
        """Every record in scope changed after `cursor`, ordered by seq (sync-protocol.md §6, one page)."""
        after = cursor or 0
        changed = sorted((r for r in self.records.values() if (r.seq or 0) > after), key=lambda r: r.seq or 0)
        return [r.to_flat() for r in changed if self.in_scope(actor, r.entity, r.to_flat())], self.last_seq

    def dump(self) -> dict[str, Any]:
        """Everything the store holds, as plain data, for comparing two stores or two moments."""
        return {
            "records": {f"{e}/{i}": asdict(r) for (e, i), r in sorted(self.records.items())},
            "history": {f"{e}/{i}": [asdict(h) for h in entries] for (e, i), entries in sorted(self.history.items())},
            "conflicts": [asdict(c) for c in self.conflicts],
            "applied": {mid: asdict(a) for mid, a in sorted(self.applied.items())},
            "last_seq": self.last_seq,
            "case_serials": dict(self.case_serials),
        }

    def _containers(self) -> tuple[Any, ...]:
        return (
            dict(self.records), {key: list(entries) for key, entries in self.history.items()},
            list(self.conflicts), dict(self.applied), self.last_seq, dict(self.case_serials),
        )

    def _restore(self, saved: tuple[Any, ...]) -> None:
        (self.records, self.history, self.conflicts, self.applied, self.last_seq, self.case_serials) = saved
