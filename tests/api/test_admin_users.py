"""Administration of users and mediator profiles: admin only, audited, personal data masked."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from app.models import AuditLog, Committee, Device, User
from tests.factories import PASSWORD

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)

NEW_PASSWORD = "brand-new-pass-2026"


@pytest.fixture
def admin(login, district) -> dict[str, str]:
    return login("admin")


def new_mediator(district, **overrides) -> dict:
    return {"username": "mediator_new", "display_name": "李调解", "role": "mediator",
            "area_id": district.grid_a.id, "phone": "13911112222", "password": NEW_PASSWORD, **overrides}


def audit_rows(db, action: str) -> list[AuditLog]:
    return list(db.session.execute(sa.select(AuditLog).where(AuditLog.action == action)
                                   .order_by(AuditLog.id)).scalars())


def user_count(db) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(User)).scalar_one()


# ---------------------------------------------------------------- who may

ADMIN_ROUTES = [
    ("GET", "/api/admin/users"), ("POST", "/api/admin/users"), ("GET", "/api/admin/users/1"),
    ("PATCH", "/api/admin/users/1"), ("POST", "/api/admin/users/1/password"),
    ("GET", "/api/admin/users/1/profile"), ("PATCH", "/api/admin/users/1/profile"),
    ("GET", "/api/admin/areas"), ("POST", "/api/admin/areas"), ("PATCH", "/api/admin/areas/1"),
    ("GET", "/api/admin/committees"), ("POST", "/api/admin/committees"),
    ("PATCH", "/api/admin/committees/1"), ("GET", "/api/admin/audit"),
]


def test_only_admins_reach_administration(client, login, district):
    supervisor, mediator = login("supervisor_a"), login("mediator_a")
    for method, path in ADMIN_ROUTES:
        kwargs = {"json": {}} if method != "GET" else {}
        assert client.open(path, method=method, **kwargs).status_code == 401, path
        for headers in (supervisor, mediator):
            response = client.open(path, method=method, headers=headers, **kwargs)
            assert response.status_code == 403, path
            assert response.get_json()["error"]["code"] == "forbidden"


# ---------------------------------------------------------------- create and list

def test_admin_creates_a_mediator_who_can_then_sign_in(client, db, admin, district):
    committee = Committee(name="兴福街道人民调解委员会", kind="area", area_id=district.street_a.id)
    db.session.add(committee)
    db.session.commit()

    response = client.post("/api/admin/users", headers=admin,
                           json=new_mediator(district, committee_ids=[committee.id]))

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["username"] == "mediator_new"
    assert body["phone"] == "139****2222"
    assert "password" not in body and "password_hash" not in body
    assert body["area"] == {"id": district.grid_a.id, "code": district.grid_a.code,
                            "name": "兴福一网格", "level": "grid"}
    assert body["committees"] == [{"id": committee.id, "name": "兴福街道人民调解委员会", "kind": "area"}]
    assert body["active"] is True
    login = client.post("/api/auth/login", json={"username": "mediator_new", "password": NEW_PASSWORD,
                                                 "device_id": "new-mediator-phone"})
    assert login.status_code == 200


def test_creating_a_user_is_audited_without_personal_data(client, db, admin, district):
    created = client.post("/api/admin/users", headers=admin, json=new_mediator(district)).get_json()

    [entry] = audit_rows(db, "user_create")
    assert (entry.user_id, entry.entity, entry.record_id) == (district.admin.id, "user", str(created["id"]))
    assert entry.ip == "127.0.0.1"
    assert entry.details == {"role": "mediator", "area_id": district.grid_a.id, "committee_ids": []}
    stored = json.dumps(entry.details, ensure_ascii=False)
    for personal in ("13911112222", "李调解", NEW_PASSWORD):
        assert personal not in stored


def test_a_taken_username_is_409_and_adds_no_one(client, db, admin, district):
    before = user_count(db)
    response = client.post("/api/admin/users", headers=admin, json=new_mediator(district, username="mediator_a"))

    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "already_exists"
    assert error["details"]["fields"] == {"username": ["mediator_a"]}
    assert user_count(db) == before
    assert audit_rows(db, "user_create") == []


@pytest.mark.parametrize("field, value", [
    ("role", "chief"), ("password", "short"), ("phone", "12345"), ("username", "a b"),
    ("area_id", 999999), ("committee_ids", [999999]), ("display_name", ""),
])
def test_bad_input_names_the_field_and_changes_nothing(client, db, admin, district, field, value):
    before = user_count(db)
    response = client.post("/api/admin/users", headers=admin, json=new_mediator(district, **{field: value}))

    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["details"]["fields"]
    assert user_count(db) == before


def test_the_list_filters_by_role_area_and_active_and_pages(client, admin, district):
    def usernames(query: str) -> list[str]:
        response = client.get(f"/api/admin/users?{query}", headers=admin)
        assert response.status_code == 200, response.get_json()
        return [user["username"] for user in response.get_json()["items"]]

    assert usernames("role=mediator") == ["mediator_a", "mediator_a_peer", "mediator_b"]
    assert usernames(f"area_id={district.street_a.id}") == ["mediator_a", "mediator_a_peer", "supervisor_a"]
    assert usernames("q=PEER") == ["mediator_a_peer"]
    client.patch(f"/api/admin/users/{district.mediator_b.id}", headers=admin, json={"active": False})
    assert usernames("active=false") == ["mediator_b"]
    page = client.get("/api/admin/users?per_page=2&page=2", headers=admin).get_json()
    assert (page["total"], page["page"], [u["username"] for u in page["items"]]) == (
        6, 2, ["mediator_a_peer", "mediator_b"])
    assert all(user["phone"] == "138****5678" for user in page["items"])
    assert client.get("/api/admin/users?role=chief", headers=admin).status_code == 422


# ---------------------------------------------------------------- change, deactivate, reset

def test_deactivating_a_user_revokes_her_devices(client, db, admin, login, district):
    mediator = login("mediator_a", device_id="mediator-a-phone")

    response = client.patch(f"/api/admin/users/{district.mediator_a.id}", headers=admin, json={"active": False})

    assert response.status_code == 200
    assert response.get_json()["active"] is False
    device = db.session.get(Device, "mediator-a-phone")
    assert device.revoked_at is not None and device.revoked_by == district.admin.id
    assert client.get("/api/sync/pull", headers=mediator).status_code == 401
    [entry] = audit_rows(db, "user_update")
    assert entry.details == {"fields": ["active"], "active": {"from": True, "to": False}, "devices_revoked": 1}


def test_role_area_and_committees_change_and_the_audit_keeps_only_codes(client, db, admin, district):
    committee = Committee(name="段北街道人民调解委员会", kind="area", area_id=district.street_b.id)
    db.session.add(committee)
    db.session.commit()

    response = client.patch(f"/api/admin/users/{district.mediator_a.id}", headers=admin, json={
        "role": "supervisor", "area_id": district.street_b.id, "display_name": "新名字",
        "phone": "13700001111", "committee_ids": [committee.id]})

    body = response.get_json()
    assert response.status_code == 200, body
    assert (body["role"], body["area"]["id"], body["display_name"], body["phone"]) == (
        "supervisor", district.street_b.id, "新名字", "137****1111")
    assert [c["id"] for c in body["committees"]] == [committee.id]
    [entry] = audit_rows(db, "user_update")
    assert entry.details == {
        "fields": ["area_id", "committee_ids", "display_name", "phone", "role"],
        "role": {"from": "mediator", "to": "supervisor"},
        "area_id": {"from": district.grid_a.id, "to": district.street_b.id},
        "committee_ids": {"from": [], "to": [committee.id]},
    }


def test_an_update_with_a_bad_field_changes_nothing(client, db, admin, district):
    response = client.patch(f"/api/admin/users/{district.mediator_a.id}", headers=admin,
                            json={"display_name": "改名", "area_id": 999999})

    assert response.status_code == 422
    assert "area_id" in response.get_json()["error"]["details"]["fields"]
    db.session.expire_all()
    assert db.session.get(User, district.mediator_a.id).display_name == "Mediator_A"
    assert client.patch(f"/api/admin/users/{district.mediator_a.id}", headers=admin, json={}).status_code == 422


def test_unknown_users_are_404(client, admin, district):
    assert client.get("/api/admin/users/999999", headers=admin).status_code == 404
    response = client.patch("/api/admin/users/999999", headers=admin, json={"active": False})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_an_admin_cannot_lock_herself_out(client, admin, district):
    for change in ({"active": False}, {"role": "supervisor"}):
        response = client.patch(f"/api/admin/users/{district.admin.id}", headers=admin, json=change)
        assert response.status_code == 409
        assert response.get_json()["error"]["code"] == "own_account"


def test_a_password_reset_ends_her_sessions_and_the_new_password_works(client, db, admin, login, district):
    mediator = login("mediator_a")

    response = client.post(f"/api/admin/users/{district.mediator_a.id}/password", headers=admin,
                           json={"password": NEW_PASSWORD})

    assert response.status_code == 204
    assert client.get("/api/sync/pull", headers=mediator).get_json()["error"]["code"] == "token_revoked"
    attempt = {"username": "mediator_a", "device_id": "after-reset"}
    assert client.post("/api/auth/login", json={**attempt, "password": PASSWORD}).status_code == 401
    assert client.post("/api/auth/login", json={**attempt, "password": NEW_PASSWORD}).status_code == 200
    [entry] = audit_rows(db, "user_password_reset")
    assert entry.details == {"sessions_ended": 1}
    short = client.post(f"/api/admin/users/{district.mediator_a.id}/password", headers=admin,
                        json={"password": "short"})
    assert short.status_code == 422


# ---------------------------------------------------------------- mediator profiles

def test_a_mediator_profile_is_read_and_updated(client, db, admin, district):
    path = f"/api/admin/users/{district.mediator_a.id}/profile"
    blank = client.get(path, headers=admin).get_json()
    assert blank == {"full_time": False, "is_lawyer": False, "law_firm": None, "certificate_no": None,
                     "certificate_date": None, "training_hours": 0, "specialties": [],
                     "in_talent_pool": False, "in_expert_pool": False}

    response = client.patch(path, headers=admin, json={
        "is_lawyer": True, "law_firm": "山东某律师事务所", "certificate_no": "鲁调证2026001",
        "certificate_date": "2026-03-01", "specialties": ["neighbor", "labor"], "in_expert_pool": True})

    assert response.status_code == 200, response.get_json()
    assert client.get(path, headers=admin).get_json() == {
        **blank, "is_lawyer": True, "law_firm": "山东某律师事务所", "certificate_no": "鲁调证2026001",
        "certificate_date": "2026-03-01", "specialties": ["neighbor", "labor"], "in_expert_pool": True}
    listed = client.get(f"/api/admin/users/{district.mediator_a.id}", headers=admin).get_json()
    assert listed["profile"]["specialties"] == ["neighbor", "labor"]
    [entry] = audit_rows(db, "profile_update")
    assert entry.details["fields"] == ["certificate_date", "certificate_no", "in_expert_pool", "is_lawyer",
                                       "law_firm", "specialties"]


def test_profile_input_is_checked_against_the_catalogue(client, admin, district):
    path = f"/api/admin/users/{district.mediator_a.id}/profile"
    for body, field in (({"specialties": ["astrology"]}, "specialties"), ({"training_hours": -1}, "training_hours"),
                        ({"certificate_date": "1800-01-01"}, "certificate_date")):
        response = client.patch(path, headers=admin, json=body)
        assert response.status_code == 422
        assert field in response.get_json()["error"]["details"]["fields"]
    assert client.get(path, headers=admin).get_json()["specialties"] == []


def test_only_mediators_have_a_profile(client, admin, district):
    response = client.get(f"/api/admin/users/{district.supervisor_a.id}/profile", headers=admin)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "not_a_mediator"
    assert client.get("/api/admin/users/999999/profile", headers=admin).status_code == 404
