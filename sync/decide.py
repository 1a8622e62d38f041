"""Decide one mutation against the server's record (sync-protocol.md §4). Pure: no I/O, no clock."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from sync.merge import device_base, merge_set, normalize_set, scalar_changed_by_other, set_changed_by_other
from sync.permissions import permission_errors
from sync.policy import POLICIES, EntityPolicy
from sync.types import Decision, DecisionStatus, Errors, FieldConflict, HistoryEntry, Mutation, RecordState, Role
from sync.workflow import (
    INITIAL_STATUS, Related, can_move, close_violation, closing_judged, entry_violation, return_violation,
    stale_move_wins,
)

NO_SUCH_RECORD = "没有这条记录。 / No such record."

NO_RELATED = Related()
_NOTHING = object()
"""A field outcome that writes nothing."""


def decide(
    state: RecordState | None,
    history: Sequence[HistoryEntry],
    mutation: Mutation,
    role: Role,
    related: Related = NO_RELATED,
    policy: EntityPolicy | None = None,
) -> Decision:
    """Decide `mutation` given the record's current `state` and its `history` (entries after the base suffice).

    The mutation must have passed `policy.check_shape`; `related` must hold every related row of the dispute
    (`workflow.RELATED`) whenever the mutation sets a dispute's status.
    """
    policy = policy or POLICIES[mutation.entity]
    if mutation.op == "create":
        return _decide_create(state, mutation, role, related, policy)
    if state is None:
        return _rejected("not_found", {"id": [NO_SUCH_RECORD]})
    base_version = mutation.base_version
    if base_version is None:
        return _rejected("base_version_required", {"base_version": ["须写明这项修改所依据的版本。 / Name the version the edit was made on."]})
    if base_version > state.version:
        return _rejected("base_version_ahead", {"base_version": [f"服务器上只有第 {state.version} 版。 / The server holds version {state.version}."]})
    since = sorted((entry for entry in history if entry.version > base_version), key=lambda entry: entry.version)
    if mutation.op == "void":
        return _decide_void(state, since, mutation, role)
    return _decide_update(state, since, mutation, role, related, policy)


def _rejected(code: str, errors: Errors) -> Decision:
    return Decision("rejected", errors=errors, error_code=code)


def normalize_changes(policy: EntityPolicy, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The mutation's values in the engine's canonical form (sets as sorted lists)."""
    return {
        name: normalize_set(value) if policy.kind(name) == "set" else value
        for name, value in changes.items()
    }


def _decide_create(
    state: RecordState | None, mutation: Mutation, role: Role, related: Related, policy: EntityPolicy
) -> Decision:
    if state is not None:
        return _rejected("already_exists", {"id": ["已有这个编号的记录：请先同步再修改。 / A record with this id already exists: pull it and edit it."]})
    values = normalize_changes(policy, mutation.changes)
    blank = policy.blank()
    forbidden = permission_errors(role, mutation.entity, "create", _differing(values, blank))
    if forbidden:
        return _rejected("forbidden", forbidden)
    if "status" in values and policy.kind("status") == "status" and values["status"] != INITIAL_STATUS:
        refusal = _status_refusal(INITIAL_STATUS, values["status"], {**blank, **values}, related, stale=False)
        if refusal:
            return refusal
    refusal = _return_refusal(mutation.entity, {**blank, **values}, values)
    if refusal:
        return refusal
    return Decision("applied", changes=values)


def _decide_void(state: RecordState, since: Sequence[HistoryEntry], mutation: Mutation, role: Role) -> Decision:
    forbidden = permission_errors(role, mutation.entity, "void", {}, state.fields)
    if forbidden:
        return _rejected("forbidden", forbidden)
    status = _clean_status(since, mutation.device_id)
    return Decision(status, void=state.voided_at is None)


def _decide_update(
    state: RecordState,
    since: Sequence[HistoryEntry],
    mutation: Mutation,
    role: Role,
    related: Related,
    policy: EntityPolicy,
) -> Decision:
    edits = _differing(normalize_changes(policy, mutation.changes), state.fields)
    forbidden = permission_errors(role, mutation.entity, "update", edits, state.fields)
    if forbidden:
        return _rejected("forbidden", forbidden)
    if state.voided_at is not None:
        return _decide_on_voided(state, since, mutation.device_id, edits, policy)

    writes: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for name in sorted(edits):
        write, conflict = _settle_field(state, since, mutation, policy, name, edits[name])
        if write is not _NOTHING:
            writes[name] = write
        if conflict:
            conflicts.append(conflict)

    if "status" in writes and policy.kind("status") == "status":
        stale = any(c.field == "status" for c in conflicts)
        refusal = _status_refusal(state.fields["status"], writes["status"], {**state.fields, **writes}, related, stale)
        if refusal:
            return refusal
    elif closing_judged(mutation.entity, state.fields.get("status"), writes):
        violation = close_violation("closed", {**state.fields, **writes}, related)
        if violation:
            return _rejected(violation.code, {violation.field: [violation.message]})
    refusal = _return_refusal(mutation.entity, {**state.fields, **writes}, writes)
    if refusal:
        return refusal
    status: DecisionStatus = "conflict" if conflicts else _clean_status(since, mutation.device_id)
    return Decision(status, changes=writes, conflicts=tuple(conflicts))


def _settle_field(
    state: RecordState, since: Sequence[HistoryEntry], mutation: Mutation, policy: EntityPolicy, name: str, value: Any
) -> tuple[Any, FieldConflict | None]:
    """One changed field: (value to write or _NOTHING, conflict to record or None)."""
    kind = policy.kind(name)
    current = state.fields[name]
    device = mutation.device_id
    if kind == "set":
        if not set_changed_by_other(since, name, device):
            return value, None
        merged = merge_set(device_base(name, kind, current, since, device), current, value)
        return (merged if merged != current else _NOTHING), None
    if not scalar_changed_by_other(state.field_versions, name, mutation.base_version or 0, device):
        return value, None
    base = device_base(name, kind, current, since, device)
    if value == base:
        return _NOTHING, None
    if kind == "status" and not stale_move_wins(current, value):
        return _NOTHING, FieldConflict(name, base, current, value, "server")
    return value, FieldConflict(name, base, current, value, "device")


def _decide_on_voided(
    state: RecordState, since: Sequence[HistoryEntry], device: str, edits: Mapping[str, Any], policy: EntityPolicy
) -> Decision:
    """The record stays voided; every differing value is kept in a conflict for a supervisor to weigh."""
    conflicts = tuple(
        FieldConflict(
            name, device_base(name, policy.kind(name), state.fields[name], since, device),
            state.fields[name], edits[name], "server",
        )
        for name in sorted(edits)
    )
    return Decision("conflict" if conflicts else _clean_status(since, device), conflicts=conflicts)


def _status_refusal(old: str, new: str, record: Mapping[str, Any], related: Related, stale: bool) -> Decision | None:
    if not stale and not can_move(old, new):
        return _rejected("invalid_transition", {"status": [f"案件不能从“{old}”改为“{new}”。 / A case cannot move from {old} to {new}."]})
    violation = entry_violation(old, new, record, related)
    if violation:
        return _rejected(violation.code, {violation.field: [violation.message]})
    return None


def _return_refusal(entity: str, record: Mapping[str, Any], writes: Mapping[str, Any]) -> Decision | None:
    if entity != "dispute":
        return None
    violation = return_violation(record, writes)
    return _rejected(violation.code, {violation.field: [violation.message]}) if violation else None


def _clean_status(since: Sequence[HistoryEntry], device: str) -> Literal["applied", "merged"]:
    """`merged` when others changed the record since the base, else `applied`."""
    return "merged" if any(entry.device_id != device for entry in since) else "applied"


def _differing(values: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value != current.get(name)}
