"""What a mediator may not do that a supervisor or an admin may (`sync.permissions`), message by message."""
from __future__ import annotations

import pytest

from sync.permissions import (
    ASSIGN_ONLY_REVIEWERS,
    CREATE_REPORTED,
    DISPATCH_ONLY_REVIEWERS,
    REFUSE_ONLY_REVIEWERS,
    RETURN_ONLY_REVIEWERS,
    VOID_ONLY_REVIEWERS,
    permission_errors,
)

ACCEPTED = {"status": "mediating", "accepted_at": "2026-02-02T08:00:00Z"}


@pytest.mark.parametrize(("op", "edits", "record", "errors"), [
    ("update", {"status": "accepted"}, ACCEPTED, {"status": [DISPATCH_ONLY_REVIEWERS]}),
    ("create", {"status": "assigned"}, None, {"status": [DISPATCH_ONLY_REVIEWERS]}),
    ("create", {"status": "mediating"}, None, {"status": [CREATE_REPORTED]}),
    ("create", {"status": "reported"}, None, {}),
    ("update", {"status": "closed"}, {"status": "reported", "accepted_at": None}, {"status": [REFUSE_ONLY_REVIEWERS]}),
    ("create", {"status": "closed"}, None, {"status": [CREATE_REPORTED]}),
    ("update", {"status": "closed"}, ACCEPTED, {}),
    ("update", {"returned_at": "2026-03-01T08:00:00Z", "return_comments": "补正"}, ACCEPTED,
     {"return_comments": [RETURN_ONLY_REVIEWERS], "returned_at": [RETURN_ONLY_REVIEWERS]}),
    ("update", {"assigned_mediator_id": 12, "committee_id": 3, "accepted_at": "2026-03-01T08:00:00Z"}, ACCEPTED,
     {"accepted_at": [ASSIGN_ONLY_REVIEWERS], "assigned_mediator_id": [ASSIGN_ONLY_REVIEWERS],
      "committee_id": [ASSIGN_ONLY_REVIEWERS]}),
    ("update", {"resubmitted_at": "2026-03-02T08:00:00Z", "summary": "已补正"}, ACCEPTED, {}),
])
def test_a_mediator_is_told_which_reviewers_step_she_tried_on_each_field(op, edits, record, errors) -> None:
    assert permission_errors("mediator", "dispute", op, edits, record) == errors
    assert permission_errors("supervisor", "dispute", op, edits, record) == {}


def test_fields_of_other_entities_and_statuses_of_other_entities_are_no_reviewers_step() -> None:
    assert permission_errors("mediator", "referral", "update", {"status": "accepted"}, {"status": "sent"}) == {}
    assert permission_errors("mediator", "party", "update", {"accepted_at": "x"}, {"consent": "pending"}) == {}


@pytest.mark.parametrize(("entity", "record", "allowed"), [
    ("dispute", {"status": "reported"}, True),
    ("dispute", {"status": "accepted"}, False),
    ("party", {"consent": "pending"}, True),
    ("party", {"consent": "consented"}, False),
    ("visit", {}, False),
    ("attachment", {"kind": "scene", "agreement_no": None}, True),
    ("attachment", {"kind": "signature", "agreement_no": None}, True),
    ("attachment", {"kind": "signature", "agreement_no": "XY-1"}, False),
    ("attachment", {"kind": "fingerprint", "agreement_no": "XY-1"}, False),
    ("followup", {"status": "reported", "consent": "pending"}, False),
])
def test_a_mediator_voids_only_a_case_still_reported_a_party_still_pending_or_an_attachment_signing_nothing(entity, record, allowed) -> None:
    assert permission_errors("mediator", entity, "void", {}, record) == ({} if allowed else
                                                                          {"voided_at": [VOID_ONLY_REVIEWERS]})
    assert permission_errors("admin", entity, "void", {}, record) == {}
