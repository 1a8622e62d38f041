"""Push: one transaction per batch, outcomes in order (sync-protocol.md §3).

The batch is worked out before the writer's lock (prefetch and engine, with placeholder
seqs and case numbers), so that two workers' pushes overlap; under the lock it is checked
and stamped, or, if something it read changed meanwhile, redone under the lock. Its writes
are buffered by the store and sent together; should that fail, the batch is redone one
mutation at a time, each in its own savepoint. A mutation whose writes the database refuses
there (a constraint or trigger no check before writing saw) is rejected alone: the batch is
redone once more with that mutation refused by the validator, so the engine rejects its
dependants too and stores the rejection for replays.
"""
from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from marshmallow import ValidationError

from app.errors import ApiError
from app.extensions import db
from app.schemas.personal import mask_record, mask_value
from app.schemas.plain import PlainLoader
from app.schemas.records import RECORD_SCHEMAS, check_mutation, record_schema
from app.schemas.sync import MutationItemSchema
from app.services.sync import device_health
from app.services.sync.record_codec import to_json_value
from app.services.access.scope import Viewer
from app.services.sync.sequence import lock_sequence, writer_queue
from app.services.sync.store import RefusedByDatabase, SqlSyncStore
from sync.engine import process_batch
from sync.types import Actor, Mutation, MutationResult

DATABASE_REFUSED = ("数据库拒绝保存这项修改，请检查后重发或放弃。 / "
                    "The database refused to store this edit; check it, then resend or discard it.")
_UNITS = {"max_bytes": "字节", "max_mutations": "项修改"}
SQLITE_COLUMN = re.compile(r"constraint failed: \w+\.(\w+)")
MUTATION_ITEM = MutationItemSchema()
PLAIN_MUTATION_ITEM = PlainLoader(MUTATION_ITEM, partial=False)


def _batch_too_large(what: str) -> ApiError:
    limits = {"max_bytes": current_app.config["SYNC_MAX_BYTES"],
              "max_mutations": current_app.config["SYNC_MAX_MUTATIONS"]}
    return ApiError(413, "batch_too_large", f"一次上传最多 {limits[what]} {_UNITS[what]}：请分批上传。 / "
                    f"A push may carry at most {limits[what]} {what.removeprefix('max_')}; send smaller batches.", limits)


def batch_byte_limit() -> int:
    """A push body's cap, enforced as it streams (app/body_limit.py); past it `batch_too_large_bytes`."""
    return current_app.config["SYNC_MAX_BYTES"]


def batch_too_large_bytes() -> ApiError:
    """The device splits and retries."""
    return _batch_too_large("max_bytes")


def check_batch_count(mutation_count: int) -> None:
    if mutation_count > current_app.config["SYNC_MAX_MUTATIONS"]:
        raise _batch_too_large("max_mutations")


def canonical_changes(entity: str, changes: dict[str, Any]) -> dict[str, Any]:
    """A resolution's valid values in their canonical JSON form, as a push stores them (history, conflicts)."""
    if entity not in RECORD_SCHEMAS:
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
        # By the Mutation object the engine hands back, not its mutation_id: a batch may carry one id twice,
        # and each edit is judged on its own fields (its invalid values are already None in `changes`).
        self._errors: dict[int, dict[str, list[str]]] = {}
        self.refused: dict[str, dict[str, list[str]]] = {}

    def envelope(self, item: Any, actor: Actor) -> Mutation | MutationResult:
        if not isinstance(item.get("mutation_id"), str):  # the request schema let only objects through
            raise ApiError(422, "validation_error", "每项修改都须是带 mutation_id 的对象。 / Every mutation must be an object with a mutation_id.",
                           {"mutations": ["每项都须有文本型的 mutation_id。 / Each item needs a string mutation_id."]})
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
        self._errors[id(mutation)] = errors
        return mutation

    def __call__(self, mutation: Mutation) -> dict[str, list[str]]:
        if mutation.mutation_id in self.refused:
            return self.refused[mutation.mutation_id]
        errors = dict(self._errors[id(mutation)])
        if mutation.op == "create" and self.store is not None:  # an id clash is told beside the field errors
            holder = self.store.id_in_use(mutation.id)
            if holder is not None and holder != mutation.entity:
                errors["id"] = [f"这个编号已属于另一条记录（{holder}）：请换一个编号。 / This id already belongs to a {holder}; make a new id."]
        return errors


def push(viewer: Viewer, token_device_id: str, request: dict[str, Any]) -> dict[str, Any]:
    """Apply a push for the signed-in user's device and answer one result per mutation."""
    if request["device_id"] != token_device_id:
        raise ApiError(403, "device_mismatch", "这次上传所署的设备不是您登录的设备。 / This push names another device than the one you signed in on.")
    actor = Actor(user_id=viewer.user_id, role=viewer.role, device_id=token_device_id)
    validator = PushValidator()
    items = [validator.envelope(item, actor) for item in request["mutations"]]

    mutations = [item for item in items if isinstance(item, Mutation)]
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
            outcomes = iter(_apply_one_by_one(viewer, actor, mutations, validator))
        results = [next(outcomes) if isinstance(item, Mutation) else item for item in items]
        device_health.record_push(token_device_id, request.get("device") or {}, mutations, results)
        db.session.commit()
    return {"results": [result_json(result, item.entity if isinstance(item, Mutation) else None)
                        for item, result in zip(items, results, strict=True)],
            "server_time": to_json_value(datetime.now(UTC))}


def result_json(result: MutationResult, entity: str | None) -> dict[str, Any]:
    """One outcome with personal values masked as lists mask them. The phone keeps the values it typed
    and receives full ones by the (audited) pull that follows every push (docs/sync.md, Personal data)."""
    body = result.to_json()
    if entity is None:
        return body
    body["record"] = mask_record(entity, body["record"])
    for conflict in body["conflicts"]:
        for side in ("base", "server", "device"):
            conflict[side] = mask_value(entity, conflict["field"], conflict[side])
    return body


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


def _apply_one_by_one(viewer: Viewer, actor: Actor, mutations: list[Mutation],
                      validator: PushValidator) -> list[MutationResult]:
    """Each mutation in its own savepoint; one the database refuses is refused by the validator on a
    redo (at most one redo per mutation). A failure that names no mutation is not isolable: it raises."""
    while True:
        try:
            return _apply(viewer, actor, mutations, validator, one_by_one=True)
        except RefusedByDatabase as refusal:
            db.session.rollback()
            mutation = next((m for m in mutations if m.mutation_id == refusal.mutation_id), None)
            if mutation is None or mutation.mutation_id in validator.refused:
                raise refusal.error from refusal
            validator.refused[mutation.mutation_id] = database_refusal(refusal.error, mutation)


def database_refusal(error: sa.exc.DBAPIError, mutation: Mutation) -> dict[str, list[str]]:
    """The field messages of a mutation the database refused: under the column the database names, if
    the mutation sets it, else `_record`. Never the database's own text: it may quote the values."""
    column = getattr(getattr(error.orig, "diag", None), "column_name", None)
    if column is None:
        found = SQLITE_COLUMN.search(str(error.orig))
        column = found.group(1) if found else None
    return {column if column in mutation.changes else "_record": [DATABASE_REFUSED]}
