"""Storing the built records as if each had been pushed once: case numbers, seqs, sync metadata, history.

Each record: version 1, `created_at` = `updated_at` = its sync time, seq stamped in that order,
`field_versions` {field: [1, "demo-seed"]} (server-issued fields such as `case_no`: [1, None]), and one
"create" entry in the change history shaped as the sync engine writes one: {field: [blank, value]} for
every field with a value, the blank being the field's starting value (`POLICIES[entity].blank()`),
values in `record_codec`'s JSON form. Case numbers are issued in order of `reported_at`, for the year of
the case's first sync, as the engine does. Rows are bulk-inserted. An attachment arrives with its bytes
(`upload_complete` already true in that first version: the demo has no upload in between).
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    SYNCED_MODELS, Attachment, ChangeHistory, Dispute, Followup, MediationLog, Party, Referral, Visit,
)
from app.services.demo import data
from app.services.demo.builder import Row
from app.services.sync.case_numbers import issue_case_no
from app.services.sync.record_codec import to_json_value
from app.services.sync.sequence import next_seq
from sync.clock import local_year
from sync.policy import POLICIES


def created_field_versions(entity: str, device_id: str = data.DEMO_DEVICE_ID) -> dict[str, list]:
    """`field_versions` of a record created at version 1 by `device_id` (server-issued fields: None)."""
    return {name: [1, None if kind == "server" else device_id]
            for name, kind in POLICIES[entity].fields.items()}


def creation_changes(entity: str, values: dict[str, Any]) -> dict[str, list]:
    """History `changes` of a create: {field: [blank, value]} for every field with a value."""
    blank = POLICIES[entity].blank()
    return {name: [to_json_value(blank[name]), to_json_value(values[name])]
            for name in POLICIES[entity].fields if values.get(name) is not None}


def store_rows(rows: list[Row]) -> tuple[int, int]:
    """Insert `rows` and their history; returns the first and last seq stamped."""
    disputes = sorted((row for row in rows if row.model is Dispute), key=lambda row: row.values["reported_at"])
    for row in disputes:
        row.values["case_no"] = issue_case_no(local_year(row.synced_at))
    entity_of = {model: entity for entity, model in SYNCED_MODELS.items()}
    history: list[dict[str, Any]] = []
    seqs = []
    for row in sorted(rows, key=lambda row: row.synced_at):  # stable: parents first on ties
        seq = next_seq()
        seqs.append(seq)
        row.values.update({
            "version": 1, "seq": seq, "created_at": row.synced_at, "updated_at": row.synced_at,
            "created_by": row.by, "updated_by": row.by, "voided_at": None, "void_reason": None,
            "field_versions": created_field_versions(entity_of[row.model]),
            "has_open_conflict": False,
        })
        history.append({
            "entity": entity_of[row.model], "record_id": row.values["id"], "version": 1, "seq": seq,
            "op": "create", "changes": creation_changes(entity_of[row.model], row.values),
            "user_id": row.by, "device_id": data.DEMO_DEVICE_ID, "mutation_id": None,
            "server_time": row.synced_at,
        })
    for model in (Dispute, Party, MediationLog, Followup, Referral, Visit, Attachment):
        values = [row.values for row in rows if row.model is model]
        if values:
            db.session.execute(sa.insert(model), values)
    db.session.execute(sa.insert(ChangeHistory), history)
    return min(seqs), max(seqs)
