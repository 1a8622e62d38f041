"""The small values the engine passes around: mutations, record states, history, decisions.

Values are JSON-shaped (str dates, lists for sets and for `[old, new]` pairs) so the app
can store them in JSON columns and the PWA can read the same shapes.

They are never edited once made: a new version is a new value (`dataclasses.replace`, `apply_change`).
The per-record ones are plain dataclasses, not frozen: `frozen=True` sets every field through
`object.__setattr__`, a tenth of a push's instructions (docs/benchmarks.md, round 7), and guarded only the
attributes, never the dicts inside. The engine's tests hold it to the rule instead, nested dicts included:
the in-memory store compares every value it handed out or took in when each savepoint ends.
"""
from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["mediator", "supervisor", "admin"]
DecisionStatus = Literal["applied", "merged", "conflict", "rejected"]
Status = Literal["applied", "merged", "conflict", "rejected", "duplicate"]
Kept = Literal["server", "device"]

FieldVersions = Mapping[str, Sequence[Any]]
"""field -> [version, device_id]: which version, from which device (None: the server), last changed it."""

Errors = Mapping[str, Sequence[str]]
"""field -> human messages."""

METADATA_FIELDS = frozenset({
    "entity", "id", "version", "seq", "created_at", "updated_at", "created_by", "updated_by",
    "voided_at", "void_reason", "field_versions", "has_open_conflict",
})


_HASHED_FORM = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
"""The text a mutation's content is hashed as (`json.dumps` with these options, its encoder made once)."""


@dataclass(frozen=True)
class Actor:
    """The signed-in user and device a push arrives from."""

    user_id: int
    role: Role
    device_id: str


@dataclass
class Mutation:
    """One edit made on a device (sync-protocol.md §3)."""

    mutation_id: str
    entity: str
    id: str
    op: str
    base_version: int | None
    changes: Mapping[str, Any]
    device_id: str
    user_id: int
    client_time: str | None = None

    @classmethod
    def from_push(cls, item: Mapping[str, Any], actor: Actor) -> Mutation:
        """Build a mutation from one item of a push request, under the pushing identity."""
        return cls(
            mutation_id=item["mutation_id"],
            entity=item["entity"],
            id=item["id"],
            op=item["op"],
            base_version=item.get("base_version"),
            changes=dict(item.get("changes") or {}),
            device_id=actor.device_id,
            user_id=actor.user_id,
            client_time=item.get("client_time"),
        )

    def content_hash(self) -> str:
        """What makes two pushes of one mutation_id the same mutation (client_time is advisory)."""
        return self._content_hash

    @functools.cached_property
    def _content_hash(self) -> str:
        """Computed once: the app hashes each mutation as it reads it, before taking the writer's lock."""
        content = [self.user_id, self.entity, self.id, self.op, self.base_version, self.changes]
        return hashlib.sha256(_HASHED_FORM.encode(content).encode("utf-8")).hexdigest()


@dataclass
class RecordState:
    """A record as the server holds it: domain `fields` (every field of the entity) plus sync metadata."""

    entity: str
    id: str
    version: int
    fields: Mapping[str, Any]
    field_versions: FieldVersions = field(default_factory=dict)
    seq: int | None = None
    created_at: str | None = None
    updated_at: str | None = None
    created_by: int | None = None
    updated_by: int | None = None
    voided_at: str | None = None
    void_reason: str | None = None
    has_open_conflict: bool = False

    def stamped(self, seq: int) -> RecordState:
        """This version with the seq its store gave it: `replace(self, seq=seq)` without `replace`'s walk of
        every field, a fifth of the cost (once per written record)."""
        written = object.__new__(RecordState)
        written.__dict__.update(self.__dict__, seq=seq)
        return written

    def to_flat(self) -> dict[str, Any]:
        """The flat form pull and push results carry; `field_versions` stays on the server."""
        flat = {
            "entity": self.entity, "id": self.id, "version": self.version, "seq": self.seq,
            "created_at": self.created_at, "updated_at": self.updated_at,
            "created_by": self.created_by, "updated_by": self.updated_by,
            "voided_at": self.voided_at, "void_reason": self.void_reason,
            "has_open_conflict": self.has_open_conflict,
        }
        flat.update(self.fields)
        return flat


@dataclass
class HistoryEntry:
    """One accepted change of one record (sync-protocol.md §5): `changes` is field -> [old, new]."""

    version: int
    op: str
    changes: Mapping[str, Sequence[Any]]
    user_id: int | None
    device_id: str | None
    mutation_id: str | None
    at: str | None = None


@dataclass
class FieldConflict:
    """Both sides changed `field` since the device's base; `kept` says whose value the record now holds."""

    field: str
    base: Any
    server: Any
    device: Any
    kept: Kept

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "base": self.base, "server": self.server, "device": self.device, "kept": self.kept}


@dataclass
class ConflictRecord:
    """A field conflict with its context, stored for a supervisor to review and resolve."""

    entity: str
    record_id: str
    field: str
    base: Any
    server: Any
    device: Any
    kept: Kept
    user_id: int
    device_id: str
    mutation_id: str
    server_user_id: int | None
    server_device_id: str | None
    record_version: int
    created_at: str


@dataclass
class Decision:
    """What `decide` concluded for one mutation; the engine turns it into writes.

    `changes` holds only the field values to write (each differs from the record, or,
    for a create, was sent by the device). Nothing is written for `rejected`.
    """

    status: DecisionStatus
    changes: Mapping[str, Any] = field(default_factory=dict)
    conflicts: tuple[FieldConflict, ...] = ()
    void: bool = False
    errors: Errors = field(default_factory=dict)
    error_code: str | None = None


@dataclass
class MutationResult:
    """The answer for one mutation (sync-protocol.md §3).

    `original_status` is set on a `duplicate`: the status the mutation got when it was first processed.
    """

    mutation_id: str
    status: Status
    record: Mapping[str, Any] | None = None
    conflicts: tuple[FieldConflict, ...] = ()
    errors: Errors = field(default_factory=dict)
    error_code: str | None = None
    original_status: Status | None = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "mutation_id": self.mutation_id, "status": self.status, "record": self.record,
            "conflicts": [c.to_json() for c in self.conflicts],
            "errors": {name: list(messages) for name, messages in self.errors.items()},
        }
        if self.error_code is not None:
            body["error_code"] = self.error_code
        if self.original_status is not None:
            body["original_status"] = self.original_status
        return body

    def to_stored_json(self) -> dict[str, Any]:
        """`to_json` as a store keeps it for replays: the record only as `record_stub`, since a replay answers
        the record as it then stands (`engine._replayed`), never a copy of it as it was."""
        body = self.to_json()
        body["record"] = record_stub(self.record)
        return body


def record_stub(record: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Which record an answer carried, and at what version."""
    return None if record is None else {"id": record["id"], "version": record["version"]}


@dataclass
class AppliedMutation:
    """A processed mutation, kept so that a replay answers the same outcome (with its record as it stands then)."""

    mutation_id: str
    device_id: str
    user_id: int
    entity: str
    record_id: str
    content_hash: str
    outcome: MutationResult
