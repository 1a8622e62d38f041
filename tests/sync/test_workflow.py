from __future__ import annotations

import pytest

from sync.permissions import permission_errors
from sync.workflow import (
    RANK, Related, Violation, can_move, entry_violation, return_state, return_violation, stale_move_wins,
)
from tests.sync.builders import party, record


@pytest.mark.parametrize(("old", "new"), [
    ("reported", "accepted"), ("reported", "mediating"), ("assigned", "closed"), ("mediating", "agreed"),
    ("mediating", "referred"), ("suspended", "mediating"), ("failed", "mediating"), ("referred", "mediating"),
    ("failed", "referred"), ("suspended", "referred"), ("agreed", "closed"), ("referred", "closed"),
])
def test_allowed_moves(old: str, new: str) -> None:
    assert can_move(old, new)


@pytest.mark.parametrize(("old", "new"), [
    ("closed", "mediating"), ("closed", "reported"), ("mediating", "assigned"), ("agreed", "failed"),
    ("failed", "agreed"), ("agreed", "mediating"), ("assigned", "reported"), ("mediating", "mediating"),
])
def test_refused_moves(old: str, new: str) -> None:
    assert not can_move(old, new)


def test_rank_order() -> None:
    order = ["reported", "accepted", "assigned", "mediating"]
    assert [RANK[s] for s in order] == sorted(RANK[s] for s in order)
    assert {RANK[s] for s in ("agreed", "failed", "suspended", "referred")} == {RANK["mediating"] + 1}
    assert RANK["closed"] == max(RANK.values())


@pytest.mark.parametrize(("server", "device", "wins"), [
    ("assigned", "mediating", True),
    ("failed", "referred", True),
    ("closed", "mediating", False),
    ("suspended", "mediating", False),
    ("agreed", "failed", False),
    ("mediating", "closed", True),
])
def test_stale_moves_never_go_down(server: str, device: str, wins: bool) -> None:
    assert stale_move_wins(server, device) is wins


def test_mediating_needs_parties_and_all_consents() -> None:
    dispute = record().fields
    assert entry_violation("assigned", "mediating", dispute, Related()).code == "consent_required"
    pending = Related(parties=[party("p1"), party("p2", consent="pending")])
    assert entry_violation("assigned", "mediating", dispute, pending).code == "consent_required"
    refused = Related(parties=[party("p1"), party("p2", consent="refused")])
    assert entry_violation("assigned", "mediating", dispute, refused).code == "consent_refused"
    voided_refusal = Related(parties=[party("p1"), party("p2", consent="refused", voided_at="2026-03-01T00:00:00Z")])
    assert entry_violation("assigned", "mediating", dispute, voided_refusal) is None


def test_agreed_needs_agreement_and_consent() -> None:
    consented = Related(parties=[party("p1")])
    bare = record().fields
    assert entry_violation("mediating", "agreed", bare, consented).code == "agreement_required"
    agreed = record(agreement_kind="oral", agreement_terms="赔偿").fields
    assert entry_violation("mediating", "agreed", agreed, consented) is None
    refused = Related(parties=[party("p1", consent="refused")])
    assert entry_violation("mediating", "agreed", agreed, refused).code == "consent_refused"


def test_closing_needs_reason_and_for_agreed_cases_a_done_revisit() -> None:
    closing = record(close_reason="已履行", agreement_kind="written").fields
    assert entry_violation("agreed", "closed", record().fields, Related()).code == "close_reason_required"
    assert entry_violation("agreed", "closed", closing, Related()).code == "revisit_required"
    not_done = record("followup", "f1", dispute_id="d1")
    voided_done = record("followup", "f2", dispute_id="d1", done_at="2026-03-01T00Z", voided_at="2026-03-02T00Z")
    undone = Related(followups=[not_done, voided_done])
    assert entry_violation("agreed", "closed", closing, undone).code == "revisit_required"
    done = record("followup", "f3", dispute_id="d1", done_at="2026-03-01T00:00:00Z")
    assert entry_violation("agreed", "closed", closing, Related(followups=[done])) is None


def test_a_failed_case_closes_without_a_revisit() -> None:
    assert entry_violation("failed", "closed", record(close_reason="调解不成，告知诉讼").fields, Related()) is None


def test_roles() -> None:
    assert permission_errors("mediator", "dispute", "update", {"summary": "x", "status": "mediating"}) == {}
    dispatch = {"status": "accepted", "committee_id": 3}
    assert set(permission_errors("mediator", "dispute", "update", dispatch)) == {"status", "committee_id"}
    assert set(permission_errors("mediator", "party", "void", {})) == {"voided_at"}
    assert permission_errors("supervisor", "dispute", "update", {**dispatch, "assigned_mediator_id": 11}) == {}
    assert permission_errors("admin", "mediation_log", "void", {}) == {}


def test_a_case_is_returned_until_resubmitted_and_neither_without_a_return() -> None:
    assert return_state({"returned_at": None, "resubmitted_at": None}) is None
    assert return_state({"resubmitted_at": "2026-03-02T08:00:00Z"}) is None
    assert return_state({"returned_at": "2026-03-01T08:00:00Z", "resubmitted_at": None}) == "returned"
    assert return_state({"returned_at": "2026-03-01T08:00:00Z", "resubmitted_at": "2026-03-02T08:00:00Z"}) \
        == "resubmitted"


def test_a_case_that_agreed_once_closes_only_after_a_revisit_even_from_failed_or_with_its_agreement_cleared() -> None:
    """Agreed now, or an agreement on record: either way the agreement's performance must be checked first."""
    once_agreed = record(status="failed", close_reason="协议未履行，告知诉讼", agreement_kind="oral").fields
    assert entry_violation("failed", "closed", once_agreed, Related()).code == "revisit_required"
    cleared = record(status="agreed", close_reason="已履行", agreement_kind=None).fields
    assert entry_violation("agreed", "closed", cleared, Related()).code == "revisit_required"


@pytest.mark.parametrize(("old", "new", "fields", "related", "violation"), [
    ("assigned", "mediating", {}, Related(),
     Violation("consent_required", "mediation needs at least one party, and every party's consent")),
    ("assigned", "mediating", {}, Related(parties=[party("p1"), party("p2", consent="pending")]),
     Violation("consent_required", "every party must consent before mediation")),
    ("assigned", "mediating", {}, Related(parties=[party("p1", consent="refused")]),
     Violation("consent_refused", "a party refused mediation: refer or close the case with the reason")),
    ("mediating", "agreed", {}, Related(parties=[party("p1")]),
     Violation("agreement_required", "an agreed case needs the agreement's kind and terms")),
    ("mediating", "closed", {}, Related(), Violation("close_reason_required", "closing a case needs a reason")),
    ("agreed", "closed", {"close_reason": "已履行"}, Related(),
     Violation("revisit_required", "an agreed case closes only after a revisit is done")),
])
def test_each_entry_rule_says_what_the_case_lacks(old, new, fields, related, violation) -> None:
    assert entry_violation(old, new, record(**fields).fields, related) == violation


def test_the_return_rules_judge_only_edits_of_the_return_fields_and_name_the_field_to_fix() -> None:
    at, later = "2026-03-01T08:00:00Z", "2026-03-02T08:00:00Z"
    assert return_violation({"returned_at": at}, {"summary": "x"}) is None
    assert return_violation({"returned_at": at, "return_comments": "补正", "resubmitted_at": later},
                            {"returned_at": at}) == Violation(
        "invalid_return", "再次退回须清除上次的重新提交。 / Sending a case back again clears its last resubmission.",
        "resubmitted_at")
    assert return_violation({"return_comments": "补正"}, {"return_comments": "补正"}) == Violation(
        "not_returned", "只有被退回的案件才能重新提交或附退回意见。 / Only a case sent back has comments or a resubmission.",
        "return_comments")
