"""The desk menu's counts, and when each user last looked at 今日."""
from __future__ import annotations

from datetime import datetime, timedelta

from app.extensions import db as database
from app.models import Device, DeviceHealth, User
from app.models.types import utcnow
from sync.clock import local_today
from tests.phones import Phone, update
from tests.records import make_dispute, make_followup


def counts(client, headers) -> dict[str, int]:
    response = client.get("/api/desk/counts", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_counts_follow_each_action_and_stop_at_the_edges(client, district, login):
    a = district.grid_a.id
    reported = make_dispute(a, title="新登记")
    make_dispute(district.grid_b.id, title="别的街道")
    agreed = make_dispute(a, title="已调成", status="agreed", agreement_kind="oral", agreement_terms="和解",
                          assigned_mediator_id=district.mediator_a.id)
    make_followup(agreed, due_on=local_today())
    make_followup(agreed, due_on=local_today() + timedelta(days=1))
    make_followup(agreed, due_on=local_today() - timedelta(days=9), done_at=utcnow())
    desk = Phone.sign_in(client, "supervisor_a")
    silent = Phone.sign_in(client, "mediator_a")
    lively = Phone.sign_in(client, "mediator_a_peer")
    database.session.add_all([
        DeviceHealth(device_id=silent.device_id, last_sync_at=utcnow() - timedelta(days=3, hours=1)),
        DeviceHealth(device_id=lively.device_id, last_sync_at=utcnow() - timedelta(days=2, hours=23)),
    ])
    database.session.commit()

    before = counts(client, desk.headers)
    assert before == {"review": 1, "conflicts": 0, "revisits_due": 1, "silent_phones": 1}
    listed = client.get("/api/devices", headers=desk.headers).get_json()["items"]
    flagged = {item["id"] for item in listed if item["silent"]}
    assert flagged == {silent.device_id}, listed  # the phone-health list marks exactly the phones the menu counts

    desk.push(update("dispute", reported.id, reported.version, {
        "status": "assigned", "assigned_mediator_id": district.mediator_a.id, "accepted_at": "2026-11-28T08:00:00Z"}))
    assert counts(client, desk.headers)["review"] == 0
    database.session.expire_all()
    desk.push(update("dispute", agreed.id, agreed.version, {
        "returned_at": "2026-11-28T08:00:00Z", "return_comments": {"agreement_terms": "写明履行期限。"}}))
    assert counts(client, desk.headers)["review"] == 1


def test_counts_are_for_the_desk_only(client, district, login):
    assert client.get("/api/desk/counts", headers=login("mediator_a")).status_code == 403


def test_today_seen_keeps_the_latest_look_and_never_the_future(client, district):
    phone = Phone.sign_in(client, "mediator_a")
    other = Phone.sign_in(client, "mediator_a")

    def look(who: Phone, when: str):
        return client.put("/api/me/today-seen", json={"today_seen_at": when}, headers=who.headers)

    assert look(phone, "2026-11-28T09:00:00Z").get_json()["today_seen_at"].startswith("2026-11-28T09:00:00")
    assert look(other, "2026-11-28T08:00:00Z").get_json()["today_seen_at"].startswith("2026-11-28T09:00:00")
    me = client.get("/api/me", headers=other.headers).get_json()["user"]
    assert me["today_seen_at"].startswith("2026-11-28T09:00:00")
    future = (datetime.utcnow() + timedelta(days=400)).strftime("%Y-%m-%dT%H:%M:%SZ")
    answered = look(phone, future).get_json()["today_seen_at"]
    assert answered < future
    bad = look(phone, "yesterday")
    assert bad.status_code == 422
    database.session.expire_all()
    assert database.session.get(User, district.mediator_a.id).today_seen_at < datetime.utcnow() + timedelta(seconds=5)
    assert database.session.get(Device, phone.device_id) is not None
