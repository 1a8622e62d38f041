"""The storage the engine needs, as a Protocol: `app/services/` implements it over SQLAlchemy, the tests in memory.

Every call runs inside the push's transaction; the engine never commits. Records cross this boundary as
`RecordState` values with JSON-shaped field values (ISO strings for dates and times, lists for sets).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol

from sync.types import Actor, AppliedMutation, ConflictRecord, HistoryEntry, RecordState


class ConcurrentWrite(Exception):
    """Raised by `write_record` when the stored version moved under the engine (another writer won)."""


class SyncStore(Protocol):
    def now(self) -> datetime:
        """The server clock, timezone-aware UTC (a store writing a batch at once may answer one moment for it)."""
        ...

    def get_record(self, entity: str, record_id: str) -> RecordState | None:
        """The record, voided ones included; None if the id is unknown.

        A SQL store locks the row here (SELECT ... FOR UPDATE) so the decision and the write see one version.
        """
        ...

    def get_history(self, entity: str, record_id: str, after_version: int) -> Sequence[HistoryEntry]:
        """The record's history entries with version > `after_version`, oldest first."""
        ...

    def children(self, dispute_id: str, entity: str) -> Sequence[RecordState]:
        """Every `entity` row (party, followup, ...) whose `dispute_id` is `dispute_id`, voided ones included."""
        ...

    def in_scope(self, actor: Actor, entity: str, record: Mapping[str, Any]) -> bool:
        """Whether `actor` may see and edit a record with these domain fields (domain.md, roles and scope).

        `record` is an existing record's flat form or a create's values; child rows are judged by their dispute.
        A dispute or visit is in scope when `area_in_scope` holds for its area, or (a mediator) the dispute is
        assigned to her.
        """
        ...

    def area_in_scope(self, actor: Actor, area_id: Any) -> bool:
        """The placement rule: whether `area_id` is one of the areas `actor` works in (a mediator's grids,
        a supervisor's street, the admin's district), whatever is assigned to her. False for an unknown area.

        A record's `area_id` is only ever set to such an area (`sync/authority.py`); `in_scope` builds on it.
        """
        ...

    def reference(self, kind: str, ref_id: Any) -> Mapping[str, Any] | None:
        """The row a field points at, or None if there is none: `kind` is `area`, `committee` or `user`.

        For a user the mapping holds at least `role` and `active`; for the others it may be empty.
        """
        ...

    def get_applied(self, mutation_id: str) -> AppliedMutation | None:
        """The stored outcome of a mutation processed before, or None."""
        ...

    def save_applied(self, applied: AppliedMutation) -> None:
        """Keep a mutation's outcome for replays; every processed mutation is kept, rejected ones included."""
        ...

    def write_record(self, record: RecordState) -> RecordState:
        """Insert or update the record at `record.version` and stamp it with the next seq; return it with the seq.

        `record.version` is exactly one above the stored version (1 for an insert); raise `ConcurrentWrite`
        otherwise. Seq order must equal commit order (sync-protocol.md §6).
        """
        ...

    def record_history(self, record: RecordState, entry: HistoryEntry) -> None:
        """Append `entry` to the history of `record` (as returned by `write_record`, so its seq is known)."""
        ...

    def record_conflict(self, conflict: ConflictRecord) -> None:
        """Keep a conflict, status open, for review and resolution."""
        ...

    def close_conflict(self, conflict_id: Any) -> None:
        """Mark the stored conflict `conflict_id` resolved (its resolution is being written)."""
        ...

    def open_conflicts(self, entity: str, record_id: str) -> int:
        """How many conflicts on the record are open, those recorded in this transaction included."""
        ...

    def next_case_no(self, year: int) -> str:
        """Issue the next case number of `year`, e.g. `(2026)槐人调字第00042号` (app/services/sync/case_numbers.py formats it)."""
        ...

    def savepoint(self) -> AbstractContextManager[None]:
        """A scope around one mutation: if the block raises, nothing written inside may be kept.

        A nested transaction does it; a store that buffers the batch's writes and drops them all when
        any mutation raises (the push then fails whole) may make it a no-op.
        """
        ...
