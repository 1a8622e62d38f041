"""退回补正 through the sync push: the desk sends a case back, the mediator's phone pulls it, she resubmits."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from app.extensions import db as database
from app.models import Dispute
from tests.phones import Phone, update
from tests.records import make_dispute

COMMENTS = {"summary": "请写明漏水起止时间。", "parties": "补充被申请人电话。"}


def queue_reasons(client, headers) -> dict[str, list[str]]:
    body = client.get("/api/review/queue?per_page=100", headers=headers).get_json()
    return {item["dispute"]["id"]: item["queue_reasons"] for item in body["items"]}


def _assigned(district) -> Dispute:
    return make_dispute(district.grid_a.id, title="楼上漏水", status="mediating", summary="漏水",
                        assigned_mediator_id=district.mediator_a.id, accepted_at=datetime(2026, 11, 1))


def _send_back(desk: Phone, case: dict[str, Any], comments: dict[str, str] = COMMENTS) -> dict[str, Any]:
    return desk.push(update("dispute", case["id"], case["version"], {
        "returned_at": "2026-11-28T08:00:00Z", "return_comments": comments, "resubmitted_at": None}))[0]


def test_a_returned_case_reaches_the_phone_with_its_comments_and_comes_back_resubmitted(client, district):
    case = _assigned(district)
    desk, phone = Phone.sign_in(client, "supervisor_a"), Phone.sign_in(client, "mediator_a")
    phone.pull()
    assert case.id not in queue_reasons(client, desk.headers)

    assert _send_back(desk, {"id": case.id, "version": case.version})["status"] == "applied"
    phone.pull()
    pulled = phone.records[case.id]
    assert pulled["return_comments"] == COMMENTS and pulled["returned_at"].startswith("2026-11-28T08:00:00")
    assert pulled["resubmitted_at"] is None
    assert queue_reasons(client, desk.headers)[case.id][0] == "returned"

    results = phone.push(update("dispute", case.id, pulled["version"], {
        "summary": "漏水自2月起，损失约3000元。", "resubmitted_at": "2026-11-28T09:00:00Z"}))
    assert results[0]["status"] == "applied"
    body = client.get("/api/review/queue?per_page=100", headers=desk.headers).get_json()
    assert body["items"][0]["dispute"]["id"] == case.id, "a resubmitted case waits first for review"
    assert body["items"][0]["queue_reasons"][0] == "resubmitted"

    history = client.get(f"/api/disputes/{case.id}/history", headers=desk.headers).get_json()["items"]
    written = [(entry["user"]["display_name"], sorted(entry["changes"])) for entry in history]
    assert ("Supervisor_A", ["return_comments", "resubmitted_at", "returned_at"]) in written or \
        ("Supervisor_A", ["return_comments", "returned_at"]) in written
    assert ("Mediator_A", ["resubmitted_at", "summary"]) in written


def test_the_mediator_cannot_send_back_or_clear_a_return(client, district):
    case = _assigned(district)
    desk, phone = Phone.sign_in(client, "supervisor_a"), Phone.sign_in(client, "mediator_a")
    _send_back(desk, {"id": case.id, "version": case.version})
    phone.pull()
    version = phone.records[case.id]["version"]
    refused = phone.push(update("dispute", case.id, version, {"returned_at": None, "return_comments": None}))[0]
    assert refused["status"] == "rejected" and refused["error_code"] == "forbidden"
    database.session.expire_all()
    assert database.session.get(Dispute, case.id).return_comments == COMMENTS


def test_comments_must_name_fields_of_the_case(client, district):
    case = _assigned(district)
    desk = Phone.sign_in(client, "supervisor_a")
    result = _send_back(desk, {"id": case.id, "version": case.version}, {"colour": "改成红色", "summary": "补充"})
    assert result["status"] == "rejected" and result["error_code"] == "validation_failed"
    assert "colour" in str(result["errors"])
    empty = _send_back(desk, {"id": case.id, "version": case.version}, {})
    assert empty["status"] == "rejected" and empty["error_code"] == "return_comments_required"
    database.session.expire_all()
    assert database.session.get(Dispute, case.id).returned_at is None


def test_accepting_the_correction_takes_the_case_out_of_the_queue(client, district):
    case = _assigned(district)
    desk = Phone.sign_in(client, "supervisor_a")
    _send_back(desk, {"id": case.id, "version": case.version})
    database.session.expire_all()
    version = database.session.get(Dispute, case.id).version
    cleared = desk.push(update("dispute", case.id, version, {
        "returned_at": None, "return_comments": None, "resubmitted_at": None}))[0]
    assert cleared["status"] == "applied"
    assert case.id not in queue_reasons(client, desk.headers)


def test_history_names_the_mediator_a_case_was_dispatched_to(client, district):
    case = make_dispute(district.grid_a.id, title="待派", status="accepted", accepted_at=datetime(2026, 11, 1))
    desk = Phone.sign_in(client, "supervisor_a")
    desk.push(update("dispute", case.id, case.version, {"status": "assigned", "assigned_mediator_id": district.mediator_a.id}))
    body = client.get(f"/api/disputes/{case.id}/history", headers=desk.headers).get_json()
    assert body["people"] == {str(district.mediator_a.id): "Mediator_A"}
