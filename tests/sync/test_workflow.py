from __future__ import annotations

import pytest

from sync.permissions import permission_errors
from sync import dossier
from sync.workflow import (
    AGREEMENT_KEPT, AGREEMENT_REQUIRED, CLOSE_REASON_REQUIRED, CONSENT_PENDING, CONSENT_REFUSED, NO_PARTY, RELATED,
    RANK, Related, Violation, can_move, entry_violation, return_state, return_violation, stale_move_wins,
)
from tests.sync.builders import mediation_log, party, record, revisit

REVISIT_MISSING = ("卷宗缺少：人民调解回访记录。结案须写明缺件原因。 / The dossier lacks: revisit record. "
                   "Closing needs the reason they are missing.")
SETTLED = Related(parties=[party("p1")], mediation_logs=[mediation_log()], followups=[revisit()])
"""An oral agreement's case whose dossier holds every paper but the agreement itself (on the case)."""


def oral(**fields):
    return record(status="agreed", close_reason="已履行", agreement_kind="oral", agreement_terms="赔偿", **fields).fields


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


def test_a_complete_dossier_closes_without_a_reason_for_missing_papers() -> None:
    assert entry_violation("agreed", "closed", oral(), SETTLED) is None
    assert entry_violation("agreed", "closed", record(status="agreed", agreement_kind="oral").fields, SETTLED) \
        == Violation("close_reason_required", CLOSE_REASON_REQUIRED)


def test_an_incomplete_dossier_closes_only_with_the_reason_written() -> None:
    """The only missing paper is the revisit: a pending one or a done one since voided does not count."""
    pending = revisit("f1", done_at=None)
    voided_done = revisit("f2", voided_at="2026-03-02T00:00:00Z")
    undone = Related(parties=[party("p1")], mediation_logs=[mediation_log()], followups=[pending, voided_done])
    assert entry_violation("agreed", "closed", oral(), undone) \
        == Violation("papers_missing", REVISIT_MISSING, "papers_missing_reason")
    assert entry_violation("agreed", "closed", oral(papers_missing_reason="   "), undone).code == "papers_missing"
    assert entry_violation("agreed", "closed", oral(papers_missing_reason="当事人迁居外地，无法回访"), undone) is None


def test_a_voided_mediation_record_counts_as_missing() -> None:
    voided = Related(parties=[party("p1")], mediation_logs=[mediation_log(voided_at="2026-03-02T00:00:00Z")],
                     followups=[revisit()])
    violation = entry_violation("agreed", "closed", oral(), voided)
    assert violation.message.startswith("卷宗缺少：人民调解记录。")


def test_a_paper_present_only_on_a_voided_record_is_missing_and_two_missing_are_both_named() -> None:
    """A written agreement's signatures hang on the parties: one signed only by a voided signature."""
    signed = dict(kind="signature", parent_entity="party", upload_complete=True, agreement_no="A1")
    voided_signature = record("attachment", "a2", dispute_id="d1", parent_id="p2", voided_at="2026-03-02T00:00:00Z",
                              **signed)
    related = Related(parties=[party("p1"), party("p2")], followups=[revisit(done_at=None)],
                      mediation_logs=[mediation_log()],
                      attachments=[record("attachment", "a1", dispute_id="d1", parent_id="p1", **signed), voided_signature])
    written = record(status="agreed", close_reason="已履行", agreement_kind="written", agreement_terms="赔偿",
                     agreement_signed_on="2026-02-20").fields
    assert entry_violation("agreed", "closed", written, related) == Violation("papers_missing", (
        "卷宗缺少：当事人签名或指印、人民调解回访记录。结案须写明缺件原因。 / The dossier lacks: the parties' signatures "
        "or fingerprints, revisit record. Closing needs the reason they are missing."), "papers_missing_reason")


def test_a_failed_case_closes_without_a_revisit_but_with_its_mediation_record() -> None:
    failed = record(status="failed", close_reason="调解不成，告知诉讼").fields
    assert entry_violation("failed", "closed", failed, Related(mediation_logs=[mediation_log()])) is None
    assert entry_violation("failed", "closed", failed, Related()).code == "papers_missing"


def test_the_related_rows_cover_every_child_the_dossier_reads() -> None:
    assert set(dossier.CHILD_ENTITIES) <= set(RELATED)
    fetched = Related.fetch(lambda entity: [record(entity, f"{entity}-1", dispute_id="d1")])
    assert {entity: [row["id"] for row in rows] for entity, rows in fetched.dossier_records({}).items()
            if entity != "dispute"} == {entity: [f"{entity}-1"] for entity in RELATED}


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


def test_a_case_that_agreed_once_needs_its_revisit_even_from_failed_or_with_its_agreement_cleared() -> None:
    """Agreed now, or an agreement on record: either way the agreement's performance must be checked first."""
    once_agreed = record(status="failed", close_reason="协议未履行，告知诉讼", agreement_kind="oral",
                         agreement_terms="赔偿").fields
    related = Related(mediation_logs=[mediation_log()])
    assert entry_violation("failed", "closed", once_agreed, related) \
        == Violation("papers_missing", REVISIT_MISSING, "papers_missing_reason")
    cleared = record(status="agreed", close_reason="已履行", agreement_kind=None, papers_missing_reason="x").fields
    assert entry_violation("agreed", "closed", cleared, related) \
        == Violation("agreement_required", AGREEMENT_KEPT, "agreement_kind")


@pytest.mark.parametrize(("old", "new", "fields", "related", "violation"), [
    ("assigned", "mediating", {}, Related(), Violation("consent_required", NO_PARTY)),
    ("assigned", "mediating", {}, Related(parties=[party("p1"), party("p2", consent="pending")]),
     Violation("consent_required", CONSENT_PENDING)),
    ("assigned", "mediating", {}, Related(parties=[party("p1", consent="refused")]),
     Violation("consent_refused", CONSENT_REFUSED)),
    ("mediating", "agreed", {}, Related(parties=[party("p1")]), Violation("agreement_required", AGREEMENT_REQUIRED)),
    ("mediating", "closed", {}, Related(), Violation("close_reason_required", CLOSE_REASON_REQUIRED)),
    ("agreed", "closed", {"close_reason": "已履行", "agreement_kind": "oral", "agreement_terms": "赔偿"},
     Related(mediation_logs=[mediation_log()]), Violation("papers_missing", REVISIT_MISSING, "papers_missing_reason")),
])
def test_each_entry_rule_says_what_the_case_lacks(old, new, fields, related, violation) -> None:
    assert entry_violation(old, new, record(**fields).fields, related) == violation
    assert " / " in violation.message and violation.message.split(" / ")[0].isascii() is False


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
