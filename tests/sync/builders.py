"""Small builders for the engine's unit tests."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sync.policy import POLICIES
from sync.types import Actor, HistoryEntry, Mutation, RecordState

MEDIATOR = Actor(11, "mediator", "dev-a")
OTHER_MEDIATOR = Actor(12, "mediator", "dev-b")
SUPERVISOR = Actor(21, "supervisor", "dev-s")


def record(
    entity: str = "dispute", record_id: str = "d1", version: int = 1,
    field_versions: Mapping[str, list[Any]] | None = None, **fields: Any,
) -> RecordState:
    metadata = {name: fields.pop(name) for name in ("voided_at", "void_reason", "seq") if name in fields}
    base = {"area_id": 101, "title": "楼上漏水", "status": "mediating", "accepted_at": "2026-02-02T08:00:00Z"} \
        if entity == "dispute" else {}
    return RecordState(
        entity, record_id, version, {**POLICIES[entity].blank(), **base, **fields},
        field_versions=dict(field_versions or {}), **metadata,
    )


def party(record_id: str, dispute_id: str = "d1", consent: str = "consented", **metadata: Any) -> RecordState:
    return record("party", record_id, dispute_id=dispute_id, name="张某", consent=consent, **metadata)


def mutation(
    changes: Mapping[str, Any], *, op: str = "update", base_version: int | None = 1, actor: Actor = MEDIATOR,
    entity: str = "dispute", record_id: str = "d1", mutation_id: str = "m-1",
) -> Mutation:
    return Mutation(mutation_id, entity, record_id, op, base_version, dict(changes), actor.device_id, actor.user_id)


def entry(
    version: int, changes: Mapping[str, list[Any]], device_id: str | None = "dev-b", user_id: int = 12
) -> HistoryEntry:
    return HistoryEntry(version, "update", dict(changes), user_id, device_id, f"h-{version}")


def mediation_log(record_id: str = "m1", dispute_id: str = "d1", **metadata: Any) -> RecordState:
    return record("mediation_log", record_id, dispute_id=dispute_id, held_at="2026-02-10T08:00:00Z", **metadata)


def revisit(record_id: str = "f1", dispute_id: str = "d1", done_at: str | None = "2026-03-01T00:00:00Z",
            **metadata: Any) -> RecordState:
    return record("followup", record_id, dispute_id=dispute_id, due_on="2026-03-03", done_at=done_at, **metadata)
