"""Process a push: idempotency, dependencies, scope, validation, decision, then writes through the store."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sync.clock import iso_utc, local_today, local_year
from sync.attachments import case_cap_errors
from sync.authority import Refusal, write_refusal
from sync.change import Change, apply_change
from sync.decide import NO_SUCH_RECORD, decide
from sync.effects import followup_id, revisit_fields
from sync.merge import last_change
from sync.policy import POLICIES, check_shape
from sync.store import SyncStore
from sync.types import (
    Actor,
    AppliedMutation,
    ConflictRecord,
    Decision,
    Errors,
    FieldConflict,
    FieldVersions,
    HistoryEntry,
    Mutation,
    MutationResult,
    RecordState,
)
from sync.workflow import CLOSE_FIELDS, Related, close_violation, closing_judged

Validate = Callable[[Mutation], Errors]
"""The app's field validation (marshmallow): field -> messages, empty when the values are valid."""

PARENT_EXISTS = frozenset({"already_exists", "mutation_id_reused"})
"""Create rejections that leave the record in place, so its dependants are still judged on their own."""


def process_batch(
    store: SyncStore, actor: Actor, mutations: Sequence[Mutation], validate: Validate
) -> list[MutationResult]:
    """One result per mutation, in order; each mutation is applied inside `store.savepoint()`."""
    failed_creates: dict[str, str] = {}
    results = []
    for mutation in mutations:
        result = _process(store, actor, mutation, validate, failed_creates)
        if mutation.op == "create" and _create_failed(result):
            failed_creates.setdefault(mutation.id, mutation.mutation_id)
        results.append(result)
    return results


class WriteRefused(Exception):
    """A conflict resolution the writer may not make (`authority.write_refusal`)."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.code)
        self.refusal = refusal


def commit_resolution(
    store: SyncStore, actor: Actor, state: RecordState, changes: Mapping[str, Any], *,
    resolution_id: str, conflict_id: Any,
) -> RecordState:
    """Write a supervisor's resolution of the stored conflict `conflict_id` (`resolve.resolve_conflict`) as a
    new version, and close that conflict.

    The same authority rule as a push applies, on the record before and after, and so does what closing a
    case needs (`workflow.close_violation`): both raise `WriteRefused`.
    The resolution always makes a version, even when it confirms the current value, so every device pulls it.
    The record's open-conflict flag stays up while the store holds another open conflict on it.
    """
    before = state.to_flat()
    refusal = write_refusal(store, actor, state.entity, before, {**before, **changes}, changes) \
        or _close_refusal(store, state, changes)
    if refusal:
        raise WriteRefused(refusal)
    now = store.now()
    store.close_conflict(conflict_id)
    change = Change(
        state.entity, state.id, actor.user_id, actor.device_id, resolution_id,
        fields=changes, open_conflict=store.open_conflicts(state.entity, state.id) > 0, record_all=True,
    )
    written = _commit(store, state, change, iso_utc(now))
    if state.entity == "dispute" and changes.get("status") == "agreed" and state.fields["status"] != "agreed":
        _ensure_revisit(store, written, actor.user_id, resolution_id, now)
    return written


def _close_refusal(store: SyncStore, state: RecordState, changes: Mapping[str, Any]) -> Refusal | None:
    """A resolution that closes a case, or changes what closing judged, meets what closing needs; the move
    itself was the stale edit's."""
    old = state.fields.get("status")
    if not closing_judged(state.entity, old, changes):
        return None
    related = Related.fetch(lambda entity: store.children(state.id, entity))
    violation = close_violation(old, {**state.fields, **changes}, related)
    return Refusal(violation.code, {violation.field: [violation.message]}) if violation else None


def commit_server_fields(
    store: SyncStore, actor: Actor, state: RecordState, fields: Mapping[str, Any], *, cause: str,
) -> RecordState:
    """Write values the server issues (policy kind `server`, e.g. an attachment's `upload_complete`) as a new
    version every device pulls; `actor` is whose action caused them (the history's user and device).

    The same write rule as a push applies to the record before and after (raises `WriteRefused`). A value
    already held makes no version.
    """
    policy = POLICIES[state.entity]
    foreign = sorted(name for name in fields if policy.fields.get(name) != "server")
    if foreign:
        raise ValueError(f"not issued by the server: {', '.join(foreign)}")
    before = state.to_flat()
    refusal = write_refusal(store, actor, state.entity, before, {**before, **fields}, {})
    if refusal:
        raise WriteRefused(refusal)
    change = Change(state.entity, state.id, actor.user_id, actor.device_id, cause, server_fields=fields)
    return _commit(store, state, change, iso_utc(store.now()))


def _process(
    store: SyncStore, actor: Actor, mutation: Mutation, validate: Validate, failed_creates: Mapping[str, str]
) -> MutationResult:
    content_hash = mutation.content_hash()
    applied = store.get_applied(mutation.mutation_id)
    if applied is not None:
        if applied.content_hash != content_hash:
            return _refused(mutation, "mutation_id_reused", {
                "mutation_id": ["这个修改编号已用于另一项修改：请换一个编号。 / This mutation id was already used for a different edit: give the edit a new id."],
            })
        return _replayed(store, actor, mutation, applied.outcome)
    with store.savepoint():
        result = _evaluate(store, actor, mutation, validate, failed_creates)
        store.save_applied(AppliedMutation(
            mutation.mutation_id, mutation.device_id, mutation.user_id, mutation.entity, mutation.id,
            content_hash, result,
        ))
    return result


def _replayed(store: SyncStore, actor: Actor, mutation: Mutation, outcome: MutationResult) -> MutationResult:
    """The stored outcome again, as `duplicate`, with the record as it now stands where the first answer
    carried one (a store may keep only that it did: `record_stub`); none if the record has left the pusher's
    scope since, so a retry after a lost answer never brings back a case the phone was told to drop."""
    state = store.get_record(mutation.entity, mutation.id) if outcome.record is not None else None
    return replace(outcome, status="duplicate", original_status=outcome.status, record=_shown(store, actor, state))


def _shown(store: SyncStore, actor: Actor, state: RecordState | None) -> dict[str, Any] | None:
    """The record's flat form, if there is one and the actor may see it."""
    if state is None:
        return None
    flat = state.to_flat()
    return flat if store.in_scope(actor, state.entity, flat) else None


def _evaluate(
    store: SyncStore, actor: Actor, mutation: Mutation, validate: Validate, failed_creates: Mapping[str, str]
) -> MutationResult:
    if (mutation.user_id, mutation.device_id) != (actor.user_id, actor.device_id):
        return _refused(mutation, "forbidden", {"mutation_id": ["只能由做出修改的用户和设备上传。 / Pushed only by the user and device that made it."]})
    shape = check_shape(mutation)
    if shape:
        return _refused(mutation, shape.code, shape.errors)
    blocked = _failed_dependency(mutation, failed_creates)
    if blocked:
        return _refused(mutation, "dependency_rejected", blocked)

    state = store.get_record(mutation.entity, mutation.id)
    shown = _shown(store, actor, state)
    if mutation.op != "create" and shown is None:
        return _refused(mutation, "not_found", {"id": [NO_SUCH_RECORD]})
    refusal = _placement_refusal(store, actor, mutation, state)
    if refusal:
        return refusal
    errors = validate(mutation)
    if errors:
        return _refused(mutation, "validation_failed", errors, shown)

    editing = state is not None and mutation.op != "create"
    history = store.get_history(mutation.entity, mutation.id, mutation.base_version or 0) if editing else ()
    decision = decide(state, history, mutation, actor.role, _related(store, mutation))
    if decision.status == "rejected":
        return _refused(mutation, decision.error_code or "rejected", decision.errors, shown)
    refusal = _authority_refusal(store, actor, mutation, shown, decision) or _case_cap_refusal(store, mutation)
    if refusal:
        return _refused(mutation, refusal.code, refusal.errors, shown)
    written = _write(store, mutation, state, history, decision)
    return MutationResult(mutation.mutation_id, decision.status, written.to_flat(), decision.conflicts)


def _authority_refusal(
    store: SyncStore, actor: Actor, mutation: Mutation, shown: Mapping[str, Any] | None, decision: Decision
) -> Refusal | None:
    """The shared write rule (`authority.write_refusal`) on what the decision would write; a create is judged
    on its whole new record."""
    if mutation.op == "create":
        policy = POLICIES[mutation.entity]
        after = {**policy.blank(), **decision.changes, "id": mutation.id}
        return write_refusal(store, actor, mutation.entity, None, after, decision.changes)
    if shown is None or not decision.changes:
        return None
    return write_refusal(store, actor, mutation.entity, shown, {**shown, **decision.changes}, decision.changes)


def _case_cap_refusal(store: SyncStore, mutation: Mutation) -> Refusal | None:
    """A new attachment fits in its case's cap (`sync/attachments.py`), counting this batch's earlier ones."""
    if mutation.entity != "attachment" or mutation.op != "create":
        return None
    existing = store.children(mutation.changes["dispute_id"], "attachment")
    errors = case_cap_errors(existing, mutation.changes.get("byte_size"))
    return Refusal("case_too_large", errors) if errors else None


def _write(
    store: SyncStore, mutation: Mutation, state: RecordState | None, history: Sequence[HistoryEntry], decision: Decision
) -> RecordState:
    now = store.now()
    stamp = iso_utc(now)
    server_fields = {}
    if mutation.op == "create" and mutation.entity == "dispute":
        server_fields["case_no"] = store.next_case_no(local_year(now))
    change = Change(
        mutation.entity, mutation.id, mutation.user_id, mutation.device_id, mutation.mutation_id,
        fields=decision.changes, server_fields=server_fields,
        void=decision.void, void_reason=mutation.changes.get("void_reason") if decision.void else None,
        open_conflict=True if decision.conflicts else None,
    )
    written = _commit(store, state, change, stamp)
    previous = state.field_versions if state else {}
    for conflict in decision.conflicts:
        store.record_conflict(_conflict_record(mutation, previous, history, written, conflict, stamp))
    if mutation.entity == "dispute" and decision.changes.get("status") == "agreed":
        _ensure_revisit(store, written, mutation.user_id, mutation.mutation_id, now)
    return written


def _commit(store: SyncStore, state: RecordState | None, change: Change, stamp: str) -> RecordState:
    built = apply_change(state, change, stamp)
    if built is None:
        assert state is not None, "a create always changes something"
        return state
    record, entry = built
    written = store.write_record(record)
    store.record_history(written, entry)
    return written


def _ensure_revisit(store: SyncStore, dispute: RecordState, user_id: int, cause: str, now: datetime) -> None:
    """An agreed case gets its revisit, once: the id derives from the case, so a second agreement finds it."""
    revisit_id = followup_id(dispute.id)
    if store.get_record("followup", revisit_id) is not None:
        return
    fields = revisit_fields(dispute.id, dispute.fields, local_today(now))
    _commit(store, None, Change("followup", revisit_id, user_id, None, cause, fields=fields), iso_utc(now))


def _conflict_record(
    mutation: Mutation, field_versions: FieldVersions, history: Sequence[HistoryEntry], written: RecordState,
    conflict: FieldConflict, stamp: str,
) -> ConflictRecord:
    """The conflict with both authors: the server side's from the field's last change (None if before the base)."""
    server_version, server_device = last_change(field_versions, conflict.field)
    server_user = next((entry.user_id for entry in history if entry.version == server_version), None)
    return ConflictRecord(
        mutation.entity, mutation.id, conflict.field, conflict.base, conflict.server, conflict.device, conflict.kept,
        mutation.user_id, mutation.device_id, mutation.mutation_id, server_user, server_device,
        written.version, stamp,
    )


def _related(store: SyncStore, mutation: Mutation) -> Related:
    """The rows the workflow rules read, fetched only when a dispute's status may move or closing is judged again."""
    if mutation.entity != "dispute" or not ("status" in mutation.changes or CLOSE_FIELDS & mutation.changes.keys()):
        return Related()
    return Related.fetch(lambda entity: store.children(mutation.id, entity))


def _failed_dependency(mutation: Mutation, failed_creates: Mapping[str, str]) -> Errors:
    """Edits of, or links to, a record whose create was rejected earlier in this batch."""
    if not failed_creates:
        return {}
    if mutation.op != "create" and mutation.id in failed_creates:
        return {"id": [_dependency_message(mutation.id, failed_creates)]}
    errors = {}
    for link, ids in _linked_ids(mutation).items():
        blocked = [dispute_id for dispute_id in ids if dispute_id in failed_creates]
        if blocked:
            errors[link] = [_dependency_message(dispute_id, failed_creates) for dispute_id in blocked]
    return errors


def _dependency_message(record_id: str, failed_creates: Mapping[str, str]) -> str:
    return (f"依赖的记录 {record_id} 未能建立（修改 {failed_creates[record_id]} 被拒）。 / "
            f"Depends on record {record_id}, whose create (mutation {failed_creates[record_id]}) was rejected.")


def _placement_refusal(
    store: SyncStore, actor: Actor, mutation: Mutation, state: RecordState | None
) -> MutationResult | None:
    """Its newly linked disputes exist and are visible (where the record sits is judged once decided)."""
    if mutation.op == "void" or (mutation.op == "create" and state is not None):
        return None
    return _link_refusal(store, actor, mutation, state)


def _link_refusal(
    store: SyncStore, actor: Actor, mutation: Mutation, state: RecordState | None
) -> MutationResult | None:
    """A missing or invisible dispute is reported as not found, revealing nothing."""
    errors: dict[str, list[str]] = {}
    for link, ids in _linked_ids(mutation).items():
        already = set(state.fields.get(link) or ()) if state else set()
        for dispute_id in ids:
            if dispute_id in already:
                continue
            parent = store.get_record("dispute", dispute_id) if dispute_id else None
            if parent is None or not store.in_scope(actor, "dispute", parent.to_flat()):
                errors.setdefault(link, []).append(f"找不到案件 {dispute_id}。 / No dispute {dispute_id}.")
    return _refused(mutation, "parent_not_found", errors) if errors else None


def _linked_ids(mutation: Mutation) -> dict[str, list[Any]]:
    """The disputes a mutation links to: a create's `dispute_id` (required), and `dispute_ids` wherever sent."""
    links: dict[str, list[Any]] = {}
    fields = POLICIES[mutation.entity].fields
    if "dispute_id" in fields and mutation.op == "create":
        links["dispute_id"] = [mutation.changes.get("dispute_id")]
    if "dispute_ids" in fields and "dispute_ids" in mutation.changes:
        links["dispute_ids"] = list(mutation.changes["dispute_ids"] or ())
    return links


def _create_failed(result: MutationResult) -> bool:
    status = result.original_status if result.status == "duplicate" else result.status
    return status == "rejected" and result.error_code not in PARENT_EXISTS


def _refused(mutation: Mutation, code: str, errors: Errors, record: Mapping[str, Any] | None = None) -> MutationResult:
    return MutationResult(mutation.mutation_id, "rejected", record, errors=errors, error_code=code)
