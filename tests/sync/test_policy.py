from __future__ import annotations

import pytest

from sync.policy import POLICIES, Rejection, check_shape
from tests.sync.builders import mutation

FIELDS = {
    "dispute": {
        "area_id", "title", "summary", "category", "source", "occurred_on", "reported_at", "persons_involved",
        "amount_involved", "risk_level", "risk_flags", "status", "assigned_mediator_id", "committee_id",
        "accepted_at", "due_on", "agreement_kind", "agreement_no", "agreement_terms", "agreement_amount",
        "agreement_performance", "agreement_signed_on", "judicial_confirmation_applied_on",
        "judicial_confirmation_court", "judicial_confirmation_result", "close_reason", "papers_missing_reason", "closed_at", "linked_agencies",
        "case_no", "returned_at", "return_comments", "resubmitted_at",
    },
    "party": {
        "dispute_id", "role", "kind", "name", "gender", "ethnicity", "birth_year", "occupation", "phone",
        "id_number", "address", "consent", "consent_at", "consent_method",
    },
    "visit": {
        "area_id", "visited_at", "place", "purposes", "persons_met", "notes", "dispute_ids", "risk_level", "location",
    },
    "mediation_log": {
        "dispute_id", "held_at", "place", "mediators", "participants", "rights_notice_given", "statements", "result",
    },
    "followup": {
        "dispute_id", "due_on", "done_at", "method", "agreement_performed", "satisfaction", "remaining_risk", "notes",
    },
    "referral": {"dispute_id", "direction", "agency_kind", "agency_name", "sent_at", "reason", "status", "result"},
    "attachment": {
        "dispute_id", "parent_entity", "parent_id", "kind", "mime_type", "byte_size", "sha256", "agreement_no",
        "taken_at", "caption", "upload_complete",
    },
}


def test_field_tables_use_the_models_names() -> None:
    assert {entity: set(policy.fields) for entity, policy in POLICIES.items()} == FIELDS


def test_kinds_every_field_not_listed_is_a_scalar() -> None:
    kinds = {(entity, name): kind for entity, policy in POLICIES.items() for name, kind in policy.fields.items()}
    special = {
        ("dispute", "risk_flags"): "set", ("dispute", "linked_agencies"): "set", ("dispute", "status"): "status",
        ("dispute", "case_no"): "server", ("visit", "purposes"): "set", ("visit", "dispute_ids"): "set",
        **{(entity, "dispute_id"): "immutable"
           for entity in ("party", "mediation_log", "followup", "referral", "attachment")},
        **{("attachment", name): "immutable"
           for name in ("parent_entity", "parent_id", "mime_type", "byte_size", "sha256", "agreement_no")},
        ("attachment", "upload_complete"): "server",
    }
    assert kinds == {key: special.get(key, "scalar") for key in kinds}


def test_blank_record_has_every_field_with_defaults() -> None:
    blank = POLICIES["dispute"].blank()
    assert set(blank) == FIELDS["dispute"]
    assert blank["status"] == "reported" and blank["risk_flags"] == [] and blank["summary"] is None
    assert POLICIES["party"].blank()["consent"] == "pending"


@pytest.mark.parametrize(("changes", "op", "entity", "code", "errors"), [
    ({"colour": "red"}, "update", "dispute", "unknown_field", {"colour": ["没有这个字段（dispute）。 / Unknown field of dispute."]}),
    ({"version": 3}, "update", "dispute", "read_only", {"version": ["同步信息由服务器填写。 / Sync metadata is set by the server."]}),
    ({"has_open_conflict": False}, "update", "dispute", "read_only",
     {"has_open_conflict": ["同步信息由服务器填写。 / Sync metadata is set by the server."]}),
    ({"voided_at": "2026-01-01"}, "update", "dispute", "read_only", {"voided_at": ["同步信息由服务器填写。 / Sync metadata is set by the server."]}),
    ({"void_reason": "x"}, "update", "dispute", "read_only", {"void_reason": ["同步信息由服务器填写。 / Sync metadata is set by the server."]}),
    ({"case_no": "x"}, "create", "dispute", "read_only", {"case_no": ["由服务器填写。 / Issued by the server."]}),
    ({"dispute_id": "d2"}, "update", "party", "read_only",
     {"dispute_id": ["建档时填写，之后不能修改。 / Set when the record is created, never changed."]}),
    ({"void_reason": "x", "title": "y", "area_id": 1}, "void", "dispute", "read_only",
     {"area_id": ["作废时只能填写作废原因。 / Only void_reason may accompany a void."], "title": ["作废时只能填写作废原因。 / Only void_reason may accompany a void."]}),
    ({"statements": "x"}, "update", "mediation_log", "append_only",
     {"op": ["这类记录只能新增，不能修改（mediation_log）：请另加一条。 / A mediation_log record is append-only: add a new one instead."]}),
    ({"colour": "red", "version": 3, "title": "ok"}, "update", "dispute", "unknown_field",
     {"colour": ["没有这个字段（dispute）。 / Unknown field of dispute."], "version": ["同步信息由服务器填写。 / Sync metadata is set by the server."]}),
])
def test_shape_refusals_name_each_field_at_fault_and_the_first_problems_code(
    changes: dict, op: str, entity: str, code: str, errors: dict,
) -> None:
    refusal = check_shape(mutation(changes, op=op, entity=entity))
    assert refusal is not None and (refusal.code, refusal.errors) == (code, errors)


@pytest.mark.parametrize(("changes", "op", "entity"), [
    ({"dispute_id": "d1", "name": "张某"}, "create", "party"),
    ({"void_reason": "重复"}, "void", "dispute"),
    ({}, "void", "mediation_log"),
    ({"summary": "x", "risk_flags": []}, "update", "dispute"),
])
def test_shape_accepts(changes: dict, op: str, entity: str) -> None:
    assert check_shape(mutation(changes, op=op, entity=entity)) is None


def test_unknown_entity_and_op() -> None:
    assert check_shape(mutation({}, entity="lawsuit")) == Rejection("unknown_entity", {"entity": ["未知的记录类型 'lawsuit'。 / Unknown entity 'lawsuit'."]})
    assert check_shape(mutation({}, op="delete")) == Rejection("unknown_op", {"op": ["未知的操作 'delete'。 / Unknown op 'delete'."]})


def test_each_blank_record_has_lists_of_its_own() -> None:
    first, second = POLICIES["dispute"].blank(), POLICIES["dispute"].blank()
    first["risk_flags"].append("criminal_escalation")
    first["status"] = "closed"
    assert second["risk_flags"] == [] and second["linked_agencies"] is not first["linked_agencies"]
    assert POLICIES["dispute"].blank() == second
