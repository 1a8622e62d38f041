"""卷宗完整度: the one rule, as data, over a case's records (sync/dossier.py). Pure and fast."""
from __future__ import annotations

from typing import Any

import pytest

from sync import dossier as rules


def case(children: dict[str, list[dict[str, Any]]] | None = None, **dispute: Any) -> dict[str, list[dict]]:
    values = {"id": "d1", "status": "mediating", "source": "party_application", "agreement_kind": None,
              "accepted_at": "2026-11-01", "voided_at": None, **dispute}
    records: dict[str, list[dict]] = {"dispute": [values], "party": [
        {"id": "p1", "role": "applicant", "voided_at": None}, {"id": "p2", "role": "respondent", "voided_at": None}]}
    records.update(children or {})
    return records


def settled(kind: str = "written", **children: list[dict[str, Any]]) -> dict[str, list[dict]]:
    return case({"mediation_log": [{"id": "m1", "voided_at": None}],
                 "followup": [{"id": "f1", "done_at": "2026-12-01", "voided_at": None}], **children},
                status="agreed", agreement_kind=kind, agreement_terms="赔偿三千元", agreement_signed_on="2026-11-03")


def signed_by(*party_ids: str) -> list[dict[str, Any]]:
    return [{"id": f"a-{pid}", "kind": "signature", "parent_entity": "party", "parent_id": pid,
             "upload_complete": True, "voided_at": None} for pid in party_ids]


def missing(records: dict[str, list[dict]]) -> list[str]:
    return [item["paper"] for item in rules.completeness(records)["items"] if item["required"] and not item["present"]]


@pytest.mark.parametrize(("records", "path"), [
    (settled("written"), "written_agreement"),
    (settled("oral"), "oral_agreement"),
    (case({"referral": [{"id": "r1", "direction": "out", "voided_at": None}]}, status="referred"), "referral"),
    (case(status="failed"), "failure"),
    (case(status="closed"), "failure"),
    (case(status="mediating"), "open"),
])
def test_a_case_takes_the_first_path_whose_conditions_hold(records, path):
    assert rules.case_path(records) == path


def test_a_case_referred_out_and_later_settled_is_on_its_agreements_path():
    records = settled("written", referral=[{"id": "r1", "direction": "out", "voided_at": None}])
    assert rules.case_path(records) == "written_agreement"


def test_a_case_referred_out_after_failing_is_on_the_referral_path():
    assert rules.case_path(case({"referral": [{"id": "r1", "direction": "out", "voided_at": None}]},
                                status="failed")) == "referral"


def test_a_case_referred_in_and_then_failed_is_a_failure_not_a_referral():
    assert rules.case_path(case({"referral": [{"id": "r1", "direction": "in", "voided_at": None}]},
                                status="closed")) == "failure"


def test_a_settled_case_missing_its_revisit_is_incomplete_and_says_so():
    records = settled("oral", followup=[{"id": "f1", "done_at": None, "voided_at": None}])
    status = rules.completeness(records)
    assert missing(records) == ["revisit"]
    assert status["complete"] is False


def test_an_oral_agreement_with_every_paper_is_complete():
    assert rules.completeness(settled("oral")) | {"items": None} == {
        "path": "oral_agreement", "items": None, "complete": True}


def test_a_written_agreement_is_complete_only_once_every_party_has_signed_or_put_a_fingerprint():
    assert missing(settled("written")) == ["signatures"]
    assert missing(settled("written", attachment=signed_by("p1"))) == ["signatures"]
    fingerprint = [{**signed_by("p2")[0], "kind": "fingerprint"}]
    assert missing(settled("written", attachment=signed_by("p1") + fingerprint)) == []
    assert rules.completeness(settled("written", attachment=signed_by("p1", "p2")))["complete"] is True


def test_a_photo_of_a_party_is_not_its_signature():
    photo = [{**signed_by("p1")[0], "kind": "id_document"}]
    assert missing(settled("written", attachment=photo + signed_by("p2"))) == ["signatures"]


def test_a_voided_record_does_not_make_its_paper_present():
    records = settled("oral", mediation_log=[{"id": "m1", "voided_at": "2026-11-05"}])
    assert missing(records) == ["mediation-record"]


def test_a_police_transfer_has_no_application_and_a_party_application_needs_one():
    police = case(source="police_transfer")
    assert "application" not in [item["paper"] for item in rules.dossier_items(police)]
    assert missing(case({"party": []}, status="failed", source="party_application")) == ["application", "mediation-record"]


def test_a_referred_case_needs_its_referral_and_no_mediation_record():
    records = case({"referral": [{"id": "r1", "direction": "out", "voided_at": None}]}, status="referred")
    assert rules.completeness(records)["complete"] is True
    assert missing(case(status="referred")) == ["referral"]


def test_judicial_confirmation_belongs_to_written_agreements_and_is_never_required():
    items = {item["paper"]: item for item in rules.dossier_items(settled("written"))}
    assert items["judicial-confirmation"] == {
        "paper": "judicial-confirmation", "label": "司法确认申请书", "required": False, "present": False}
    assert "judicial-confirmation" not in {item["paper"] for item in rules.dossier_items(settled("oral"))}


def test_a_signature_counts_only_once_its_bytes_have_reached_the_server():
    uploading = [{**signed_by("p2")[0], "upload_complete": False}]
    assert missing(settled("written", attachment=signed_by("p1") + uploading)) == ["signatures"]


def test_a_case_closed_without_ever_being_accepted_needs_no_papers():
    refused = case({"party": []}, status="closed", accepted_at=None)
    assert rules.case_path(refused) == "not_accepted"
    assert missing(refused) == []
    assert rules.case_path(case(status="closed")) == "failure"


def test_the_missing_papers_carry_both_names_in_dossier_order():
    records = settled("oral", followup=[], mediation_log=[{"id": "m1", "voided_at": "2026-11-05"}])
    assert rules.missing_papers(records) == [
        {"paper": "mediation-record", "label": "人民调解记录", "label_en": "mediation record"},
        {"paper": "revisit", "label": "人民调解回访记录", "label_en": "revisit record"}]


def test_the_table_names_every_child_entity_it_reads():
    assert rules.CHILD_ENTITIES == ("attachment", "followup", "mediation_log", "party", "referral")
