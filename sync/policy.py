"""The field-policy table: for every synced entity, each field and how a two-sided edit of it is settled.

Kinds (sync-protocol.md §4):

- `scalar`    text, numbers, dates, enums: the arriving edit wins, the replaced value goes into a conflict record;
- `status`    the dispute workflow decides (sync/workflow.py);
- `set`       union of both sides minus what either side removed since the base; never a conflict;
- `immutable` set by the create, never changed afterwards (the parent link `dispute_id`, an attachment's bytes);
- `server`    issued by the server, read-only to every mutation (`case_no`, `upload_complete`).
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sync.types import METADATA_FIELDS, Errors, Mutation

Kind = Literal["scalar", "status", "set", "immutable", "server"]


@dataclass(frozen=True)
class EntityPolicy:
    """One entity's fields, their kinds, and the values a new record starts with."""

    entity: str
    fields: Mapping[str, Kind]
    defaults: Mapping[str, Any] = field(default_factory=dict)
    append_only: bool = False

    def kind(self, name: str) -> Kind:
        return self.fields[name]

    def blank(self) -> dict[str, Any]:
        """Every field of a new record before the device's values: defaults, [] for sets, else None."""
        fields = dict(self._starting_values)
        for name in self._empty_sets:
            fields[name] = []
        return fields

    @functools.cached_property
    def _starting_values(self) -> dict[str, Any]:
        return {name: self.defaults.get(name) for name in self.fields}

    @functools.cached_property
    def _empty_sets(self) -> tuple[str, ...]:
        """The set fields without a default: each blank gets lists of its own."""
        return tuple(name for name, kind in self.fields.items() if kind == "set" and name not in self.defaults)


def _scalars(*names: str) -> dict[str, Kind]:
    return {name: "scalar" for name in names}


POLICIES: Mapping[str, EntityPolicy] = {
    "dispute": EntityPolicy(
        "dispute",
        {
            **_scalars(
                "area_id", "title", "summary", "category", "source", "occurred_on", "reported_at",
                "persons_involved", "amount_involved", "risk_level",
            ),
            "risk_flags": "set",
            "status": "status",
            **_scalars(
                "assigned_mediator_id", "committee_id", "accepted_at", "due_on",
                "agreement_kind", "agreement_no", "agreement_terms", "agreement_amount",
                "agreement_performance", "agreement_signed_on",
                "judicial_confirmation_applied_on", "judicial_confirmation_court", "judicial_confirmation_result",
                "close_reason", "papers_missing_reason", "closed_at", "returned_at", "return_comments", "resubmitted_at",
            ),
            "linked_agencies": "set",
            "case_no": "server",
        },
        defaults={"risk_level": "low", "status": "reported"},
    ),
    "party": EntityPolicy(
        "party",
        {
            "dispute_id": "immutable",
            **_scalars(
                "role", "kind", "name", "gender", "ethnicity", "birth_year", "occupation",
                "phone", "id_number", "address", "consent", "consent_at", "consent_method",
            ),
        },
        defaults={"kind": "person", "gender": "unknown", "consent": "pending"},
    ),
    "visit": EntityPolicy(
        "visit",
        {
            **_scalars("area_id", "visited_at", "place"),
            "purposes": "set",
            **_scalars("persons_met", "notes"),
            "dispute_ids": "set",
            **_scalars("risk_level", "location"),
        },
    ),
    "mediation_log": EntityPolicy(
        "mediation_log",
        {
            "dispute_id": "immutable",
            **_scalars(
                "held_at", "place", "mediators", "participants", "rights_notice_given", "statements", "result",
            ),
        },
        defaults={"rights_notice_given": False, "result": "continue"},
        append_only=True,
    ),
    "followup": EntityPolicy(
        "followup",
        {
            "dispute_id": "immutable",
            **_scalars(
                "due_on", "done_at", "method", "agreement_performed", "satisfaction", "remaining_risk", "notes",
            ),
        },
    ),
    "referral": EntityPolicy(
        "referral",
        {
            "dispute_id": "immutable",
            **_scalars("direction", "agency_kind", "agency_name", "sent_at", "reason", "status", "result"),
        },
        defaults={"direction": "out", "status": "sent"},
    ),
    "attachment": EntityPolicy(
        "attachment",
        {
            "dispute_id": "immutable",
            "parent_entity": "immutable",
            "parent_id": "immutable",
            **_scalars("kind"),
            # the bytes' description: other bytes are another attachment
            "mime_type": "immutable",
            "byte_size": "immutable",
            "sha256": "immutable",
            # the agreement issue it signs (sync/agreement.py): a signature is of the terms it was given under
            "agreement_no": "immutable",
            **_scalars("taken_at", "caption"),
            "upload_complete": "server",
        },
        defaults={"kind": "other", "upload_complete": False},
    ),
}

LINKED_PARENTS: Mapping[str, frozenset[str]] = {
    "attachment": frozenset({"visit", "mediation_log", "party"}),
}
"""Entities that may also point at one record of their case (`parent_entity`, `parent_id`), and which."""

OPS = frozenset({"create", "update", "void"})


@dataclass(frozen=True)
class Rejection:
    """Why a mutation is refused before anything is decided: a code and field-level messages."""

    code: str
    errors: Errors


def check_shape(mutation: Mutation) -> Rejection | None:
    """Refuse what no state could make acceptable: unknown entity, op or field; read-only fields.

    Values themselves (types, formats, enums) are the app's schemas' job, run before the engine decides.
    """
    policy = POLICIES.get(mutation.entity)
    if policy is None:
        return Rejection("unknown_entity", {"entity": [f"未知的记录类型 {mutation.entity!r}。 / Unknown entity {mutation.entity!r}."]})
    if mutation.op not in OPS:
        return Rejection("unknown_op", {"op": [f"未知的操作 {mutation.op!r}。 / Unknown op {mutation.op!r}."]})
    if mutation.op == "update" and policy.append_only:
        return Rejection("append_only", {"op": [f"这类记录只能新增，不能修改（{mutation.entity}）：请另加一条。 / A {mutation.entity} record is append-only: add a new one instead."]})
    if mutation.op == "void":
        extra = sorted(set(mutation.changes) - {"void_reason"})
        if extra:
            return Rejection("read_only", {name: ["作废时只能填写作废原因。 / Only void_reason may accompany a void."] for name in extra})
        return None
    return _field_rejection(policy, mutation)


def _field_rejection(policy: EntityPolicy, mutation: Mutation) -> Rejection | None:
    code: str | None = None
    errors: dict[str, list[str]] = {}
    for name in sorted(mutation.changes):
        kind = policy.fields.get(name)
        if name in METADATA_FIELDS:
            problem = ("read_only", "同步信息由服务器填写。 / Sync metadata is set by the server.")
        elif kind is None:
            problem = ("unknown_field", f"没有这个字段（{policy.entity}）。 / Unknown field of {policy.entity}.")
        elif kind == "server":
            problem = ("read_only", "由服务器填写。 / Issued by the server.")
        elif kind == "immutable" and mutation.op == "update":
            problem = ("read_only", "建档时填写，之后不能修改。 / Set when the record is created, never changed.")
        else:
            continue
        code = code or problem[0]
        errors[name] = [problem[1]]
    return Rejection(code, errors) if code else None
