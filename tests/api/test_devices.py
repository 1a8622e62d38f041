"""Supervisors see the devices of their street and revoke lost ones; admins see and revoke all."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from app.models import AuditLog, Device, DeviceHealth
from tests.factories import PASSWORD

both_backends = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)

PHONES = {"admin": "phone-admin", "supervisor_a": "phone-sup-a", "supervisor_b": "phone-sup-b",
          "mediator_a": "phone-med-a", "mediator_a_peer": "phone-med-a-peer",
          "mediator_b": "phone-med-b"}


@pytest.fixture
def signed_in(client: FlaskClient, district) -> dict[str, dict[str, Any]]:
    """Everyone of the district signed in on their own phone: username → tokens."""
    sessions = {}
    for username, device_id in PHONES.items():
        response = client.post("/api/auth/login", json={
            "username": username, "password": PASSWORD, "device_id": device_id})
        assert response.status_code == 200
        sessions[username] = response.get_json()
    return sessions


def as_user(sessions: dict[str, dict[str, Any]], username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {sessions[username]['access_token']}"}


def listed_ids(response: Any) -> set[str]:
    assert response.status_code == 200, response.get_json()
    return {item["id"] for item in response.get_json()["items"]}


# --- the list --------------------------------------------------------------------------------

@both_backends
def test_a_supervisor_sees_the_devices_of_her_street_only(client, signed_in):
    response = client.get("/api/devices", headers=as_user(signed_in, "supervisor_a"))

    assert listed_ids(response) == {"phone-sup-a", "phone-med-a", "phone-med-a-peer"}


@both_backends
def test_an_admin_sees_every_device(client, signed_in):
    response = client.get("/api/devices", headers=as_user(signed_in, "admin"))

    assert listed_ids(response) == set(PHONES.values())


def test_a_mediator_may_not_list_devices(client, signed_in):
    response = client.get("/api/devices", headers=as_user(signed_in, "mediator_a"))

    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_listing_devices_needs_a_token(client, signed_in):
    assert client.get("/api/devices").status_code == 401


@both_backends
def test_each_device_shows_its_user_and_sync_health(client, signed_in, district, db):
    db.session.add(DeviceHealth(
        device_id="phone-med-a", last_sync_at=datetime(2026, 3, 2, 8, 30), pending_edits=12,
        oldest_pending=datetime(2026, 2, 27, 16, 5), app_version="1.4.0", pending_attachment_bytes=2_400_000,
        clock_skew_seconds=-420, clock_skew_flagged=True))
    db.session.commit()

    items = client.get("/api/devices", headers=as_user(signed_in, "supervisor_a")).get_json()["items"]

    phone = next(item for item in items if item["id"] == "phone-med-a")
    assert phone["user"] == {"id": district.mediator_a.id, "display_name": "Mediator_A"}
    assert phone["last_login_at"].endswith("Z") and phone["revoked_at"] is None
    assert phone["health"] == {
        "last_sync_at": "2026-03-02T08:30:00.000Z", "pending_edits": 12,
        "oldest_pending": "2026-02-27T16:05:00.000Z", "app_version": "1.4.0", "pending_attachment_bytes": 2_400_000,
        "clock_skew_seconds": -420, "clock_skew_flagged": True}
    never_synced = next(item for item in items if item["id"] == "phone-med-a-peer")
    assert never_synced["health"] is None


@both_backends
def test_a_phone_and_its_health_stay_with_its_owner_when_another_user_tries_its_id(
        client, signed_in, district, db):
    db.session.add(DeviceHealth(device_id="phone-med-a", pending_edits=3))
    db.session.commit()

    response = client.post("/api/auth/login", json={
        "username": "mediator_b", "password": PASSWORD, "device_id": "phone-med-a"})

    assert response.status_code == 409 and response.get_json()["error"]["code"] == "device_in_use"
    street_a = client.get("/api/devices", headers=as_user(signed_in, "supervisor_a")).get_json()["items"]
    phone = next(item for item in street_a if item["id"] == "phone-med-a")
    assert phone["user"]["id"] == district.mediator_a.id and phone["health"]["pending_edits"] == 3
    assert "phone-med-a" not in listed_ids(client.get("/api/devices", headers=as_user(signed_in, "supervisor_b")))
    assert client.get("/api/me", headers=as_user(signed_in, "mediator_a")).status_code == 200


# --- revoking --------------------------------------------------------------------------------

@pytest.mark.parametrize("actor, device_id, status", [
    ("admin", "phone-med-b", 200),
    ("admin", "phone-sup-a", 200),
    ("supervisor_a", "phone-med-a", 200),
    ("supervisor_a", "phone-sup-a", 200),
    ("supervisor_a", "phone-med-b", 404),
    ("supervisor_a", "phone-admin", 404),
    ("supervisor_b", "phone-med-a", 404),
    ("mediator_a", "phone-med-a-peer", 403),
    ("mediator_a", "phone-med-a", 403),
    ("admin", "no-such-phone", 404),
])
def test_who_may_revoke_which_device(client, signed_in, db, actor, device_id, status):
    response = client.post(f"/api/devices/{device_id}/revoke", headers=as_user(signed_in, actor))

    assert response.status_code == status, response.get_json()
    device = db.session.get(Device, device_id)
    if status == 200:
        assert response.get_json()["revoked_at"].endswith("Z")
        assert device.revoked_at is not None and device.refresh_jti is None
    else:
        assert set(response.get_json()) == {"error"}
        assert device is None or device.revoked_at is None


@both_backends
def test_a_revoked_phone_is_signed_out_at_once(client, signed_in):
    client.post("/api/devices/phone-med-a/revoke", headers=as_user(signed_in, "supervisor_a"))

    me = client.get("/api/me", headers=as_user(signed_in, "mediator_a"))
    refreshed = client.post("/api/auth/refresh", headers={
        "Authorization": f"Bearer {signed_in['mediator_a']['refresh_token']}"})

    assert me.status_code == 401 and me.get_json()["error"]["code"] == "device_revoked"
    assert refreshed.status_code == 401 and refreshed.get_json()["error"]["code"] == "device_revoked"
    assert client.get("/api/me", headers=as_user(signed_in, "mediator_a_peer")).status_code == 200


@both_backends
def test_revoking_is_audited_once_with_who_and_where(client, signed_in, district, db):
    headers = {**as_user(signed_in, "supervisor_a")}
    for _ in range(2):
        response = client.post("/api/devices/phone-med-a/revoke", headers=headers,
                               environ_base={"REMOTE_ADDR": "10.4.0.1"})
        assert response.status_code == 200

    db.session.expire_all()
    rows = db.session.execute(
        sa.select(AuditLog).where(AuditLog.action == "device_revoke")).scalars().all()

    assert [(r.user_id, r.entity, r.record_id, r.ip, r.result) for r in rows] == [
        (district.supervisor_a.id, "device", "phone-med-a", "10.4.0.1", "ok")]
    assert rows[0].details == {"device_user": district.mediator_a.id}
    assert db.session.get(Device, "phone-med-a").revoked_by == district.supervisor_a.id
