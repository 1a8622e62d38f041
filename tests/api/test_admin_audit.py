"""Reading the audit log: who did what to which record, when, from where; newest first, filtered."""
from __future__ import annotations

import json
from datetime import datetime

import pytest

from app.models import AuditLog
from tests.records import make_dispute, make_party

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def admin(login, district) -> dict[str, str]:
    return login("admin")


def audit(client, headers, query: str = "") -> dict:
    response = client.get(f"/api/admin/audit?{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def add_entry(db, action: str, at: datetime, **fields) -> None:
    db.session.add(AuditLog(action=action, at=at, **fields))
    db.session.commit()


def test_a_reveal_of_a_full_id_number_shows_who_and_which_party(client, login, admin, district):
    party = make_party(make_dispute(district.grid_a.id))
    assert client.get(f"/api/parties/{party.id}/identity", headers=login("supervisor_a")).status_code == 200

    [entry] = audit(client, admin, "action=reveal_identity")["items"]

    assert entry["actor"] == {"id": district.supervisor_a.id, "username": "supervisor_a",
                              "display_name": "Supervisor_A"}
    assert (entry["entity"], entry["record_id"], entry["result"]) == ("party", party.id, "ok")
    assert entry["ip"] == "127.0.0.1"
    assert entry["at"].endswith("Z")
    assert "11010519491231002X" not in json.dumps(entry) and "13812345678" not in json.dumps(entry)


def test_admin_changes_appear_newest_first_without_personal_data(client, admin, district):
    created = client.post("/api/admin/users", headers=admin, json={
        "username": "mediator_new", "display_name": "赵调解", "role": "mediator", "area_id": district.grid_b.id,
        "phone": "13911112222", "password": "brand-new-pass-2026"}).get_json()
    client.patch(f"/api/admin/users/{created['id']}", headers=admin, json={"phone": "13933334444"})

    items = audit(client, admin, f"user_id={district.admin.id}&entity=user")["items"]

    assert [entry["action"] for entry in items] == ["user_update", "user_create"]
    assert all(entry["record_id"] == str(created["id"]) for entry in items)
    assert items[0]["details"] == {"fields": ["phone"]}
    text = json.dumps(items, ensure_ascii=False)
    for personal in ("13911112222", "13933334444", "赵调解", "brand-new-pass-2026"):
        assert personal not in text


def test_filters_by_action_record_and_beijing_days(client, db, admin, district):
    add_entry(db, "export", datetime(2026, 3, 31, 15, 59), user_id=district.supervisor_a.id)  # 3-31 23:59 Beijing
    add_entry(db, "export", datetime(2026, 3, 31, 16, 0), user_id=district.supervisor_b.id)   # 4-01 00:00 Beijing
    add_entry(db, "device_revoke", datetime(2026, 4, 2, 2, 0), entity="device", record_id="lost-phone")
    add_entry(db, "export", datetime(2026, 4, 30, 16, 0))                                     # 5-01 Beijing

    april = audit(client, admin, "from=2026-04-01&to=2026-04-30")
    assert [(e["action"], e["at"]) for e in april["items"]] == [
        ("device_revoke", "2026-04-02T02:00:00.000Z"), ("export", "2026-03-31T16:00:00.000Z")]
    assert audit(client, admin, "action=export&to=2026-03-31")["items"][0]["actor"]["id"] == district.supervisor_a.id
    [revoked] = audit(client, admin, "entity=device&record_id=lost-phone")["items"]
    assert revoked["actor"] is None


def test_the_log_pages(client, db, admin, district):
    for day in range(1, 6):
        add_entry(db, "export", datetime(2026, 5, day, 4, 0))

    second = audit(client, admin, "action=export&per_page=2&page=2")

    assert (second["total"], second["page"], second["per_page"]) == (5, 2, 2)
    assert [e["at"][:10] for e in second["items"]] == ["2026-05-03", "2026-05-02"]


@pytest.mark.parametrize("query, field", [
    ("from=2026-05-01&to=2026-04-01", "to"), ("from=yesterday", "from"), ("per_page=1000", "per_page"),
    ("user_id=abc", "user_id"),
])
def test_bad_filters_are_422_with_the_field(client, admin, query, field):
    response = client.get(f"/api/admin/audit?{query}", headers=admin)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["details"]["fields"]
