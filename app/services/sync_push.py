"""Push: one transaction per batch, outcomes in order (sync-protocol.md §3).

The batch is worked out before the writer's lock (prefetch and engine, with placeholder
seqs and case numbers), so that two workers' pushes overlap; under the lock it is checked
and stamped, or, if something it read changed meanwhile, redone under the lock. Its writes
are buffered by the store and sent together; should that fail, the batch is redone one
mutation at a time, each in its own savepoint.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from marshmallow import ValidationError

from app.errors import ApiError
from app.extensions import db
from app.models import Device, DeviceHealth
from app.models.types import utcnow
from app.schemas.plain import PlainLoader
from app.schemas.records import RECORD_SCHEMAS, check_mutation, record_schema
from app.schemas.sync import MutationItemSchema
from app.services.record_codec import parse_timestamp, to_json_value
from app.services.scope import Viewer
from app.services.sequence import lock_sequence, writer_queue
from app.services.sync_store import SqlSyncStore
from sync.engine import process_batch
from sync.types import Actor, Mutation, MutationResult

MUTATION_ITEM = MutationItemSchema()
PLAIN_MUTATION_ITEM = PlainLoader(MUTATION_ITEM, partial=False)


def _batch_too_large(what: str) -> ApiError:
    limits = {"max_bytes": current_app.config["SYNC_MAX_BYTES"],
              "max_mutations": current_app.config["SYNC_MAX_MUTATIONS"]}
    return ApiError(413, "batch_too_large", f"A push may carry at most {limits[what]} "
                    f"{what.removeprefix('max_')}; send smaller batches.", limits)


def check_batch_bytes(content_length: int | None) -> None:
    """Refused before the body is read: the device splits and retries."""
    if content_length is not None and content_length > current_app.config["SYNC_MAX_BYTES"]:
        raise _batch_too_large("max_bytes")


def check_batch_count(mutation_count: int) -> None:
    if mutation_count > current_app.config["SYNC_MAX_MUTATIONS"]:
        raise _batch_too_large("max_mutations")


def canonical_changes(entity: str, op: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Valid values in their canonical JSON form, so equal values compare equal in the engine."""
    if op == "void" or entity not in RECORD_SCHEMAS:
        return changes
    try:
        loaded = record_schema(entity).load(changes, partial=True)
    except ValidationError:
        return changes
    return {name: to_json_value(value) for name, value in loaded.items()}


class PushValidator:
    """The engine's `validate` hook: field rules from the schemas, plus ids unique across entities.

    `envelope` checks each mutation's changes once, as it reads them, and keeps the errors for the engine.
    """

    def __init__(self) -> None:
        self.store: SqlSyncStore | None = None
        self._errors: dict[str, tuple[Mutation, dict[str, list[str]]]] = {}

    def envelope(self, item: Any, actor: Actor) -> Mutation | MutationResult:
        if not isinstance(item, dict) or not isinstance(item.get("mutation_id"), str):
            raise ApiError(422, "validation_error", "Every mutation must be an object with a mutation_id.",
                           {"mutations": ["Each item needs a string mutation_id."]})
        envelope = PLAIN_MUTATION_ITEM(item)
        if envelope is None:
            try:
                envelope = MUTATION_ITEM.load(item)
            except ValidationError as exc:
                return MutationResult(item["mutation_id"][:64], "rejected", errors=exc.normalized_messages(),
                                      error_code="invalid_mutation")
        changes = envelope["changes"]
        errors, accepted = check_mutation(envelope["entity"], envelope["op"], changes)
        envelope["changes"] = {**{name: to_json_value(value) for name, value in accepted.items()},
                               **{name: None for name in changes if name not in accepted}}
        mutation = Mutation.from_push(envelope, actor)
        mutation.content_hash()  # hashed here, before the writer's lock is taken
        self._errors[mutation.mutation_id] = (mutation, errors)
        return mutation

    def __call__(self, mutation: Mutation) -> dict[str, list[str]]:
        known = self._errors.get(mutation.mutation_id)
        if known is not None and known[0] is mutation:
            errors = dict(known[1])
        else:
            errors = check_mutation(mutation.entity, mutation.op, dict(mutation.changes))[0]
        if mutation.op == "create" and not errors and self.store is not None:
            holder = self.store.id_in_use(mutation.id)
            if holder is not None and holder != mutation.entity:
                errors["id"] = [f"This id already belongs to a {holder}; make a new id."]
        return errors


def push(viewer: Viewer, token_device_id: str, request: dict[str, Any]) -> dict[str, Any]:
    """Apply a push for the signed-in user's device and answer one result per mutation."""
    if request["device_id"] != token_device_id:
        raise ApiError(403, "device_mismatch", "This push names another device than the one you signed in on.")
    actor = Actor(user_id=viewer.user_id, role=viewer.role, device_id=token_device_id)
    validator = PushValidator()
    items = [validator.envelope(item, actor) for item in request["mutations"]]

    mutations = [item for item in items if isinstance(item, Mutation)]
    with _cyclic_gc_paused():
        store, provisional = _work_out(viewer, actor, mutations, validator)
        with writer_queue():
            try:
                lock_sequence()
                if store.settle(provisional):
                    store.finish()
                    outcomes = iter(provisional)
                else:
                    outcomes = iter(_apply(viewer, actor, mutations, validator, one_by_one=False))
            except sa.exc.DBAPIError:
                db.session.rollback()
                outcomes = iter(_apply(viewer, actor, mutations, validator, one_by_one=True))
            results = [next(outcomes) if isinstance(item, Mutation) else item for item in items]
            _record_health(token_device_id, request.get("device") or {}, mutations)
            db.session.commit()
    return {"results": [result.to_json() for result in results],
            "server_time": to_json_value(datetime.now(UTC))}


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """A batch allocates tens of thousands of small containers that live until its commit; each time
    they pass the collector's threshold it rescans them all. `wsgi.py` freezes the app's own heap,
    which took most of that cost away; pausing still saves 5–10 % of a push's CPU. Reference counting
    frees the batch anyway; any cycles wait for the next collection after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _work_out(viewer: Viewer, actor: Actor, mutations: list[Mutation],
              validator: PushValidator) -> tuple[SqlSyncStore, list[MutationResult]]:
    """Prefetch and the engine without the writer's lock, in a read transaction ended here: the
    write transaction then starts afresh (on SQLite a write cannot follow reads of an older snapshot)."""
    try:
        store = SqlSyncStore(viewer, {m.mutation_id: m.client_time for m in mutations}, provisional=True)
        store.prefetch(mutations)
        validator.store = store
        return store, process_batch(store, actor, mutations, validator)
    finally:
        db.session.rollback()


def _apply(viewer: Viewer, actor: Actor, mutations: list[Mutation], validator: PushValidator, *,
           one_by_one: bool) -> list[MutationResult]:
    lock_sequence()
    store = SqlSyncStore(viewer, {m.mutation_id: m.client_time for m in mutations}, one_by_one=one_by_one)
    store.prefetch(mutations)
    validator.store = store
    results = process_batch(store, actor, mutations, validator)
    store.finish()
    return results


def _record_health(device_id: str, report: dict[str, Any], mutations: list[Mutation]) -> None:
    """Keep the device's latest health report; flag a clock that is off by more than the allowed skew."""
    device = db.session.get(Device, device_id)
    if device is None:
        return
    health = device.health or DeviceHealth(device_id=device_id)
    now = utcnow()
    health.last_sync_at = now
    health.pending_edits = report.get("outbox_size") or 0
    health.oldest_pending = report.get("oldest_pending")
    health.app_version = report.get("app_version")
    health.storage_used_bytes = report.get("storage_used_bytes")
    skew = _clock_skew_seconds(report.get("device_time"), mutations, now)
    if skew is not None:
        health.clock_skew_seconds = skew
        health.clock_skew_flagged = abs(skew) > current_app.config["CLOCK_SKEW_SECONDS"]
    db.session.add(health)


def _clock_skew_seconds(device_time: datetime | None, mutations: list[Mutation], now: datetime) -> int | None:
    """Device clock minus server clock: from the reported device time, else from edits stamped in the future."""
    if device_time is not None:
        return round((device_time - now).total_seconds())
    future = []
    for mutation in mutations:
        try:
            stamped = parse_timestamp(mutation.client_time) if mutation.client_time else None
        except ValueError:
            continue
        if stamped is not None and stamped > now:
            future.append((stamped - now).total_seconds())
    return round(max(future)) if future else None
