"""`decide` on its own: the §4 rules where the vectors do not already pin them down."""
from __future__ import annotations

import copy

from hypothesis import given
from hypothesis import strategies as st

from sync.decide import decide
from sync.types import FieldConflict
from sync.workflow import Related
from tests.sync.builders import MEDIATOR, SUPERVISOR, entry, mediation_log, mutation, party, record, revisit

CONSENTED = Related(parties=[party("p1")])


def test_only_the_other_side_changed_a_field_the_device_sent_back_unchanged() -> None:
    """A folded edit that returned summary to its base value is no change by the device: the server's stands."""
    state = record(version=3, field_versions={"summary": [3, "dev-b"]}, summary="他人改")
    since = [entry(3, {"summary": ["原文", "他人改"]})]
    decision = decide(state, since, mutation({"summary": "原文"}, base_version=2), "mediator")
    assert (decision.status, decision.changes, decision.conflicts) == ("merged", {}, ())


def test_conflict_base_is_what_the_device_saw_including_its_own_accepted_change() -> None:
    state = record(version=4, field_versions={"summary": [4, "dev-b"]}, summary="他人改")
    since = [entry(3, {"summary": ["原文", "我改"]}, "dev-a"), entry(4, {"summary": ["我改", "他人改"]})]
    decision = decide(state, since, mutation({"summary": "我又改"}, base_version=2), "mediator")
    assert decision.conflicts == (FieldConflict("summary", "我改", "他人改", "我又改", "device"),)
    assert decision.changes == {"summary": "我又改"}


def test_own_in_flight_set_edit_then_removal() -> None:
    flags = ["extreme_behavior", "group_incident"]
    state = record(version=4, field_versions={"risk_flags": [4, "dev-a"]}, risk_flags=flags)
    since = [
        entry(3, {"risk_flags": [[], ["extreme_behavior"]]}),
        entry(4, {"risk_flags": [["extreme_behavior"], ["extreme_behavior", "group_incident"]]}, "dev-a"),
    ]
    decision = decide(state, since, mutation({"risk_flags": []}, base_version=2), "mediator")
    assert decision.changes == {"risk_flags": ["extreme_behavior"]} and decision.status == "merged"


def test_set_values_are_normalized() -> None:
    decision = decide(record(), [], mutation({"linked_agencies": ["police", "court", "police"]}), "mediator")
    assert decision.changes == {"linked_agencies": ["court", "police"]}


def test_update_needs_a_base_version_and_an_existing_record() -> None:
    unbased = mutation({"summary": "x"}, base_version=None)
    assert decide(record(), [], unbased, "mediator").error_code == "base_version_required"
    assert decide(None, [], mutation({"summary": "x"}), "mediator").errors == {"id": ["没有这条记录。 / No such record."]}
    assert decide(None, [], mutation({}, op="void"), "supervisor").error_code == "not_found"


def test_voiding_a_voided_record_changes_nothing() -> None:
    state = record(version=2, voided_at="2026-03-01T00:00:00Z")
    decision = decide(state, [], mutation({}, op="void", base_version=2, actor=SUPERVISOR), "supervisor")
    assert (decision.status, decision.void) == ("applied", False)


def test_editing_a_voided_record_with_its_own_values_is_no_conflict() -> None:
    state = record(version=2, voided_at="2026-03-01T00:00:00Z", summary="同")
    assert decide(state, [], mutation({"summary": "同"}, base_version=2), "mediator").status == "applied"


def test_fresh_backward_move_is_refused() -> None:
    state = record(version=2, status="agreed", field_versions={"status": [2, "dev-a"]})
    decision = decide(state, [], mutation({"status": "mediating"}, base_version=2), "mediator", CONSENTED)
    assert decision.error_code == "invalid_transition"
    assert decision.errors == {"status": ["案件不能从“agreed”改为“mediating”。 / A case cannot move from agreed to mediating."]}


def test_own_earlier_status_move_is_the_starting_point_of_the_next() -> None:
    agreement = {"agreement_kind": "oral", "agreement_terms": "赔偿"}
    state = record(version=3, status="agreed", field_versions={"status": [3, "dev-a"]}, **agreement)
    followups = Related(followups=[revisit()], mediation_logs=[mediation_log()])
    changes = {"status": "closed", "close_reason": "已履行"}
    own = [entry(3, {"status": ["mediating", "agreed"]}, "dev-a")]
    decision = decide(state, own, mutation(changes, base_version=2), "mediator", followups)
    assert (decision.status, decision.changes) == ("applied", changes)


def test_stale_forward_move_still_meets_the_entry_rules() -> None:
    state = record(version=3, status="assigned", field_versions={"status": [3, "dev-s"]})
    since = [entry(3, {"status": ["accepted", "assigned"]}, "dev-s", 21)]
    decision = decide(state, since, mutation({"status": "mediating"}, base_version=2), "mediator", Related())
    assert decision.error_code == "consent_required"


def test_mediator_creates_a_case_but_does_not_dispatch_it() -> None:
    new_case = {"area_id": 101, "title": "t"}
    create = mutation({**new_case, "assigned_mediator_id": None}, op="create", base_version=None, record_id="d9")
    assert decide(None, [], create, "mediator").status == "applied"
    dispatch = mutation({**new_case, "status": "assigned"}, op="create", base_version=None, record_id="d9")
    assert decide(None, [], dispatch, "mediator").error_code == "forbidden"
    assert decide(None, [], dispatch, "supervisor").status == "applied"


def test_dispatch_fields_unchanged_in_a_mediators_edit_are_fine() -> None:
    state = record(assigned_mediator_id=11)
    assert decide(state, [], mutation({"assigned_mediator_id": 11, "summary": "x"}), "mediator").status == "applied"


def test_non_dispute_status_is_a_plain_field() -> None:
    referral = record("referral", "r1", dispute_id="d1", status="sent")
    decision = decide(referral, [], mutation({"status": "returned"}, entity="referral", record_id="r1"), "mediator")
    assert decision.changes == {"status": "returned"}


summaries = st.sampled_from(["甲", "乙", "丙"])


@given(base=summaries, server=summaries, device=summaries, other_wrote=st.booleans())
def test_decide_is_pure_and_loses_nothing(base: str, server: str, device: str, other_wrote: bool) -> None:
    author = "dev-b" if other_wrote else "dev-a"
    state = record(version=3, field_versions={"summary": [3, author]}, summary=server)
    since = [entry(3, {"summary": [base, server]}, author)]
    edit = mutation({"summary": device}, base_version=2, actor=MEDIATOR)
    frozen = copy.deepcopy((state, since, edit))
    decision = decide(state, since, edit, "mediator")
    assert (state, since, edit) == frozen
    assert decision == decide(state, since, edit, "mediator")
    written = decision.changes.get("summary", server)
    assert written == device or device in (base, server)
    if other_wrote and device not in (base, server):
        assert decision.conflicts == (FieldConflict("summary", base, server, device, "device"),)
    else:
        assert decision.conflicts == ()


def test_a_mediator_voids_her_own_mistakes_only_a_case_not_yet_accepted_and_a_party_not_yet_asked() -> None:
    """A case still `reported` and a party whose consent is `pending` may go; one step on, only a reviewer voids."""
    def void_by_mediator(state):
        return decide(state, [], mutation({"void_reason": "重复登记"}, op="void", base_version=2, entity=state.entity,
                                          record_id=state.id), "mediator")

    assert void_by_mediator(record(version=2, status="reported", accepted_at=None)).status == "applied"
    assert void_by_mediator(record(version=2, status="accepted")).error_code == "forbidden"
    assert void_by_mediator(record(version=2, status="mediating")).error_code == "forbidden"
    assert void_by_mediator(party("p1", consent="pending", version=2)).status == "applied"
    assert void_by_mediator(party("p1", consent="consented", version=2)).error_code == "forbidden"
    assert void_by_mediator(party("p1", consent="refused", version=2)).error_code == "forbidden"
    assert decide(party("p1", consent="refused", version=2), [],
                  mutation({}, op="void", base_version=2, entity="party", record_id="p1", actor=SUPERVISOR),
                  "supervisor").status == "applied"


def test_an_edit_of_a_voided_record_keeps_each_value_in_a_conflict_on_what_the_device_saw() -> None:
    """The base of each conflict is the device's: the value at its base plus its own accepted changes (a set's
    by items), never the other side's."""
    state = record(version=6, voided_at="2026-03-05T00:00:00Z", summary="他人改", risk_flags=["x", "y"])
    since = [
        entry(3, {"summary": ["原文", "我改"]}, "dev-a"),
        entry(4, {"summary": ["我改", "他人改"], "risk_flags": [[], ["x"]]}),
        entry(5, {"risk_flags": [["x"], ["x", "y"]]}, "dev-a"),
        entry(6, {"voided_at": [None, "2026-03-05T00:00:00Z"]}, "dev-s", 21),
    ]
    edit = mutation({"summary": "我又改", "risk_flags": ["y", "z"]}, base_version=2)
    decision = decide(state, since, edit, "mediator")
    assert (decision.status, decision.changes) == ("conflict", {})
    assert decision.conflicts == (
        FieldConflict("risk_flags", ["y"], ["x", "y"], ["y", "z"], "server"),
        FieldConflict("summary", "我改", "他人改", "我又改", "server"),
    )


def test_a_voided_record_edited_or_voided_again_after_only_the_devices_own_changes_is_applied_not_merged() -> None:
    state = record(version=3, voided_at="2026-03-01T00:00:00Z", summary="同")
    own = [entry(3, {"voided_at": [None, "2026-03-01T00:00:00Z"]}, "dev-a", 11)]
    assert decide(state, own, mutation({"summary": "同"}, base_version=2), "mediator").status == "applied"
    void_again = mutation({}, op="void", base_version=2, actor=SUPERVISOR)
    own_void = [entry(3, {"voided_at": [None, "2026-03-01T00:00:00Z"]}, "dev-s", 21)]
    assert decide(state, own_void, void_again, "supervisor").status == "applied"


def test_a_create_of_an_existing_record_is_refused_on_its_id() -> None:
    decision = decide(record(), [], mutation({"title": "t"}, op="create", base_version=None), "mediator")
    assert (decision.error_code, decision.errors) == (
        "already_exists", {"id": ["已有这个编号的记录：请先同步再修改。 / A record with this id already exists: pull it and edit it."]})


def test_a_case_created_past_reported_meets_the_entry_rules_of_its_status_and_the_return_rules() -> None:
    """A supervisor may register a case at any status, but not one the status's rules refuse."""
    def create(changes):
        return decide(None, [], mutation({"area_id": 101, "title": "t", **changes}, op="create", base_version=None,
                                         record_id="d9", actor=SUPERVISOR), "supervisor")

    assert (create({"status": "closed"}).errors) == {"status": ["结案须写明结案原因。 / Closing a case needs a reason."]}
    assert create({"status": "closed", "close_reason": "不予受理"}).status == "applied"
    accepted = {"status": "closed", "close_reason": "当事人撤回", "accepted_at": "2026-03-01T08:00:00Z"}
    assert create(accepted).error_code == "papers_missing"
    assert create({**accepted, "papers_missing_reason": "受理当日撤回，未调解"}).status == "applied"
    assert create({"returned_at": "2026-03-01T08:00:00Z"}).error_code == "return_comments_required"


def test_an_agreed_case_cleared_of_its_agreement_does_not_close_as_a_failure_to_dodge_its_revisit() -> None:
    state = record(version=2, status="agreed", agreement_kind=None, agreement_terms=None)
    related = Related(mediation_logs=[mediation_log()])
    changes = {"status": "closed", "close_reason": "已履行", "papers_missing_reason": "x"}
    decision = decide(state, [], mutation(changes, base_version=2), "mediator", related)
    assert (decision.error_code, decision.errors) == ("agreement_required", {"agreement_kind": [
        "已达成协议的案件结案时须保留协议类型。 / A case that reached an agreement keeps its agreement's kind when it closes."]})


def test_a_set_sent_back_as_the_device_saw_it_keeps_the_other_sides_removal_and_writes_nothing() -> None:
    state = record(version=3, risk_flags=[], field_versions={"risk_flags": [3, "dev-b"]})
    since = [entry(3, {"risk_flags": [["group_incident"], []]})]
    decision = decide(state, since, mutation({"risk_flags": ["group_incident"]}, base_version=2), "mediator")
    assert (decision.status, decision.changes, decision.conflicts) == ("merged", {}, ())


def test_a_fresh_backward_move_is_refused_even_beside_another_fields_conflict() -> None:
    """Only a status the other side moved makes the move stale; a clash on another field does not."""
    state = record(version=3, status="agreed", summary="他人改", field_versions={"summary": [3, "dev-b"]})
    since = [entry(3, {"summary": ["原文", "他人改"]})]
    edit = mutation({"status": "mediating", "summary": "我改"}, base_version=2)
    assert decide(state, since, edit, "mediator", CONSENTED).error_code == "invalid_transition"
