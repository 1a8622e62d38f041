"""Workflow authority over plain HTTP: who may refuse a case (不予受理), how a case starts, whom it is dispatched to.

The desk dispatches through the same push (pwa/src/desk/supervise/writes.js), so these are the desk's rules too.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from app.extensions import db
from app.models import Committee, Dispute, User
from tests.phones import Phone, create, dispute_changes, update
from tests.records import make_dispute

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


def outcome(results: list[dict]) -> tuple[str, str | None]:
    [result] = results
    return result["status"], result.get("error_code")


def stored(dispute_id: str) -> Dispute:
    db.session.expire_all()
    return db.session.get(Dispute, dispute_id)


def dispatch(phone: Phone, case: Dispute, **changes) -> tuple[str, str | None]:
    return outcome(phone.push(update("dispute", case.id, 1, {"status": "assigned", **changes})))


def test_dispatch_reaches_only_active_mediators(client, district):
    case = make_dispute(district.grid_a.id, status="accepted", accepted_at=datetime(2026, 11, 2, 9, 0))
    supervisor = Phone.sign_in(client, "supervisor_a")
    for not_a_mediator in (district.admin, district.supervisor_b, district.supervisor_a):
        assert dispatch(supervisor, case, assigned_mediator_id=not_a_mediator.id) == ("rejected", "invalid_assignee")
    district.mediator_a_peer.active = False
    db.session.commit()
    assert dispatch(supervisor, case, assigned_mediator_id=district.mediator_a_peer.id) == ("rejected", "invalid_assignee")
    assert dispatch(supervisor, case, assigned_mediator_id=999999) == ("rejected", "reference_not_found")
    assert dispatch(supervisor, case, assigned_mediator_id=2 ** 40) == ("rejected", "validation_failed")
    assert stored(case.id).assigned_mediator_id is None
    # an active mediator of another street (the district's pools): just inside
    assert dispatch(supervisor, case, assigned_mediator_id=district.mediator_b.id) == ("applied", None)
    assert stored(case.id).assigned_mediator_id == district.mediator_b.id


def test_dispatch_names_only_a_committee_that_exists(client, district):
    committee = Committee(name="兴福街道人民调解委员会", kind="street", area_id=district.street_a.id)
    db.session.add(committee)
    db.session.commit()
    case = make_dispute(district.grid_a.id, status="accepted", accepted_at=datetime(2026, 11, 2, 9, 0))
    supervisor = Phone.sign_in(client, "supervisor_a")
    [refused] = supervisor.push(update("dispute", case.id, 1, {"status": "assigned", "committee_id": committee.id + 1}))
    assert (refused["error_code"], list(refused["errors"])) == ("reference_not_found", ["committee_id"])
    assert dispatch(supervisor, case, committee_id=committee.id, assigned_mediator_id=district.mediator_a.id) \
        == ("applied", None)


def test_a_mediator_s_new_case_starts_as_reported(client, district):
    a = Phone.sign_in(client, "mediator_a")
    for status in ("closed", "failed", "referred"):
        changes = dispute_changes(district.grid_a.id, status=status, close_reason="已自行和解")
        assert outcome(a.push(create("dispute", changes))) == ("rejected", "forbidden")
    assert outcome(a.push(create("dispute", dispute_changes(district.grid_a.id, status="reported")))) == ("applied", None)
    assert db.session.query(Dispute).count() == 1


def test_only_a_reviewer_refuses_a_case_that_was_never_accepted(client, district):
    case = make_dispute(district.grid_a.id, status="reported")
    a = Phone.sign_in(client, "mediator_a")
    refusal = {"status": "closed", "close_reason": "不属于人民调解范围"}
    assert outcome(a.push(update("dispute", case.id, 1, refusal))) == ("rejected", "forbidden")
    assert outcome(a.push(update("dispute", case.id, 1, {"accepted_at": "2026-11-28T08:00:00Z"}))) \
        == ("rejected", "forbidden")
    assert stored(case.id).status == "reported"
    supervisor = Phone.sign_in(client, "supervisor_a")
    assert outcome(supervisor.push(update("dispute", case.id, 1, refusal))) == ("applied", None)
    assert stored(case.id).status == "closed"


def test_a_mediator_still_closes_a_case_that_was_accepted(client, district):
    case = make_dispute(district.grid_a.id, status="failed", accepted_at=datetime(2026, 11, 2, 9, 0),
                        assigned_mediator_id=district.mediator_a.id)
    a = Phone.sign_in(client, "mediator_a")
    closing = {"status": "closed", "close_reason": "当事人撤回申请", "papers_missing_reason": "受理后即撤回，未开始调解"}
    assert outcome(a.push(update("dispute", case.id, 1, closing))) == ("applied", None)
