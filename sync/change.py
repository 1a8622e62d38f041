"""Turn an accepted change into the record's next version and its history entry. Pure."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sync.policy import POLICIES
from sync.types import HistoryEntry, RecordState


@dataclass
class Change:
    """Everything one version changes, and who made it.

    `fields` are the author's values; `server_fields` are issued by the server in the same version
    (their `field_versions` device is None). `open_conflict` sets the record's flag (None: leave it).
    `record_all` writes every field in `fields` even where the value is unchanged: a create, or a
    conflict resolution that confirms the current value.
    """

    entity: str
    record_id: str
    user_id: int | None
    device_id: str | None
    mutation_id: str | None
    fields: Mapping[str, Any] = field(default_factory=dict)
    server_fields: Mapping[str, Any] = field(default_factory=dict)
    void: bool = False
    void_reason: str | None = None
    open_conflict: bool | None = None
    record_all: bool = False


def apply_change(state: RecordState | None, change: Change, now: str) -> tuple[RecordState, HistoryEntry] | None:
    """The next version of the record (version + 1, seq left to the store) and its history entry.

    None when the change alters nothing, so a no-op never costs a version.
    """
    current = state or _blank(change, now)
    version = current.version + 1
    record_all = state is None or change.record_all
    diff: dict[str, list[Any]] = {}
    fields = dict(current.fields)
    field_versions = dict(current.field_versions)
    for author, values, force in ((change.device_id, change.fields, record_all), (None, change.server_fields, False)):
        for name, value in values.items():
            if value == fields[name] and not force:
                continue
            diff[name] = [fields[name], value]
            fields[name] = value
            field_versions[name] = [version, author]

    voided_at, void_reason = current.voided_at, current.void_reason
    if change.void and voided_at is None:
        voided_at, void_reason = now, change.void_reason
        diff["voided_at"] = [None, voided_at]
        diff["void_reason"] = [current.void_reason, void_reason]
    flag = current.has_open_conflict if change.open_conflict is None else change.open_conflict
    if flag != current.has_open_conflict:
        diff["has_open_conflict"] = [current.has_open_conflict, flag]
    if not diff:
        return None

    op = "create" if state is None else ("void" if "voided_at" in diff else "update")
    record = RecordState(
        current.entity, current.id, version, fields, field_versions, current.seq,
        created_at=current.created_at, updated_at=now, created_by=current.created_by, updated_by=change.user_id,
        voided_at=voided_at, void_reason=void_reason, has_open_conflict=flag,
    )
    entry = HistoryEntry(version, op, diff, change.user_id, change.device_id, change.mutation_id, now)
    return record, entry


def _blank(change: Change, now: str) -> RecordState:
    return RecordState(
        entity=change.entity, id=change.record_id, version=0, fields=POLICIES[change.entity].blank(),
        created_at=now, created_by=change.user_id,
    )
