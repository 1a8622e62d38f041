"""Signing in on a device, refreshing, signing out, revoked devices, rate limits and the audit trail."""
from __future__ import annotations

import base64
import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_jwt_extended import create_access_token

from app.models import AuditLog, Device
from tests.factories import PASSWORD

both_backends = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


def sign_in(client: FlaskClient, username: str, *, password: str = PASSWORD,
            device_id: str | None = None, address: str = "127.0.0.1") -> Any:
    return client.post("/api/auth/login", environ_base={"REMOTE_ADDR": address}, json={
        "username": username, "password": password,
        "device_id": device_id or f"phone-{uuid.uuid4().hex[:12]}"})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def error_code(response: Any) -> str:
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}, body
    return body["error"]["code"]


def revoke(db, device_id: str) -> None:
    from app.models.types import utcnow
    db.session.get(Device, device_id).revoked_at = utcnow()
    db.session.commit()


# --- signing in -----------------------------------------------------------------------------

@both_backends
def test_signing_in_returns_tokens_and_the_user(client, district):
    response = sign_in(client, "mediator_a", device_id="phone-a1")

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"access_token", "refresh_token", "user"}
    assert body["user"] == {"id": district.mediator_a.id, "username": "mediator_a",
                            "display_name": "Mediator_A", "role": "mediator",
                            "area_id": district.grid_a.id}


@both_backends
def test_signing_in_registers_the_device_to_the_user(client, district, db):
    sign_in(client, "mediator_a", device_id="phone-a1")

    device = db.session.get(Device, "phone-a1")
    assert device.user_id == district.mediator_a.id
    assert device.last_login_at is not None and device.refresh_jti


@both_backends
def test_another_user_cannot_sign_in_with_your_device_id(client, district, db):
    first = sign_in(client, "mediator_a", device_id="phone-of-a").get_json()

    response = sign_in(client, "mediator_a_peer", device_id="phone-of-a")

    assert response.status_code == 409 and error_code(response) == "device_in_use"
    assert response.get_json()["error"]["message"].startswith("此设备编号已属于另一位用户")
    assert db.session.get(Device, "phone-of-a").user_id == district.mediator_a.id
    refreshed = client.post("/api/auth/refresh", headers=bearer(first["refresh_token"]))
    assert refreshed.status_code == 200, "the owner's session lives on"
    assert sign_in(client, "mediator_a_peer", device_id="phone-of-peer").status_code == 200


def test_the_device_in_use_answer_needs_the_right_password_first(client, district):
    sign_in(client, "mediator_a", device_id="phone-of-a")

    response = sign_in(client, "mediator_a_peer", password="wrong-password-1", device_id="phone-of-a")

    assert response.status_code == 401 and error_code(response) == "invalid_credentials"


def test_the_owner_signs_in_again_on_her_device_after_signing_out(client, district, db):
    tokens = sign_in(client, "mediator_a", device_id="phone-of-a").get_json()
    client.post("/api/auth/logout", headers=bearer(tokens["access_token"]))

    again = sign_in(client, "mediator_a", device_id="phone-of-a")

    assert again.status_code == 200
    assert client.get("/api/me", headers=bearer(again.get_json()["access_token"])).status_code == 200


def test_a_refused_device_takeover_is_audited(client, district, db):
    sign_in(client, "mediator_a", device_id="phone-of-a")
    sign_in(client, "mediator_a_peer", device_id="phone-of-a")

    denied = [(r.action, r.user_id, r.record_id, r.details) for r in audit_rows(db) if r.result == "denied"]

    assert denied == [("login", district.mediator_a_peer.id, "phone-of-a", {"reason": "device_in_use"})]


def test_a_revoked_device_stays_revoked_for_another_user_too(client, district, db):
    sign_in(client, "mediator_a", device_id="lost-phone")
    revoke(db, "lost-phone")

    response = sign_in(client, "mediator_a_peer", device_id="lost-phone")

    assert response.status_code == 401 and error_code(response) == "device_revoked"
    assert db.session.get(Device, "lost-phone").user_id == district.mediator_a.id


@both_backends
@pytest.mark.parametrize("username, password", [
    ("mediator_a", "wrong-password-1"),
    ("nobody_by_this_name", PASSWORD),
])
def test_wrong_password_and_unknown_user_get_the_same_answer(client, district, username, password):
    response = sign_in(client, username, password=password)

    assert response.status_code == 401
    assert response.get_json()["error"] == {
        "code": "invalid_credentials", "message": "用户名或密码不正确。 / The username or password is not correct.",
        "details": {}}


@both_backends
def test_a_disabled_user_cannot_sign_in(client, district, db):
    district.mediator_a.active = False
    db.session.commit()

    response = sign_in(client, "mediator_a")

    assert response.status_code == 401 and error_code(response) == "invalid_credentials"


@pytest.mark.parametrize("device_id", ["", "has space", "x" * 65, "emoji-📱", "slash/id"])
def test_a_device_id_must_be_short_and_plain(client, district, device_id):
    response = client.post("/api/auth/login", json={
        "username": "mediator_a", "password": PASSWORD, "device_id": device_id})

    assert response.status_code == 422 and error_code(response) == "validation_error"
    assert "device_id" in response.get_json()["error"]["details"]["fields"]


def test_sign_in_needs_a_device_id(client, district):
    response = client.post("/api/auth/login", json={"username": "mediator_a", "password": PASSWORD})

    assert response.status_code == 422
    assert "device_id" in response.get_json()["error"]["details"]["fields"]


def test_unknown_fields_are_refused(client, district):
    response = client.post("/api/auth/login", json={
        "username": "mediator_a", "password": PASSWORD, "device_id": "p1", "role": "admin"})

    assert response.status_code == 422 and error_code(response) == "validation_error"
    assert "role" in response.get_json()["error"]["details"]["fields"]


def test_malformed_json_is_a_bad_request(client, district):
    response = client.post("/api/auth/login", data='{"username": "mediator_a",',
                           content_type="application/json")

    assert response.status_code == 400 and error_code(response) == "malformed_json"


def test_a_huge_username_is_a_validation_error_not_a_crash(client, district):
    response = sign_in(client, "u" * 100_000)

    assert response.status_code == 422 and error_code(response) == "validation_error"
    assert "u" * 100 not in response.get_data(as_text=True)


def test_validation_errors_never_echo_the_password(client, district):
    response = client.post("/api/auth/login", json={"username": "", "password": "secret-in-body-9",
                                                    "device_id": "p1"})

    assert response.status_code == 422
    assert "secret-in-body-9" not in response.get_data(as_text=True)


# --- access and refresh tokens ---------------------------------------------------------------

@both_backends
def test_me_shows_the_user_with_a_masked_phone_and_the_device(client, district, db):
    from app.models import Committee
    committee = Committee(name="兴福街道人民调解委员会", kind="area", area_id=district.street_a.id)
    db.session.add(committee)
    district.mediator_a.committees.append(committee)
    db.session.commit()
    tokens = sign_in(client, "mediator_a", device_id="phone-a1").get_json()

    response = client.get("/api/me", headers=bearer(tokens["access_token"]))

    assert response.status_code == 200
    body = response.get_json()
    assert body["device_id"] == "phone-a1"
    assert body["user"] == {
        "id": district.mediator_a.id, "username": "mediator_a", "display_name": "Mediator_A",
        "role": "mediator", "area_id": district.grid_a.id, "area_name": "兴福一网格",
        "committees": [{"id": committee.id, "name": "兴福街道人民调解委员会", "kind": "area"}],
        "phone": "138****5678", "today_seen_at": None}
    assert "13812345678" not in response.get_data(as_text=True)


def test_me_needs_a_token(client, district):
    response = client.get("/api/me")

    assert response.status_code == 401 and error_code(response) == "unauthorized"


@both_backends
def test_an_expired_access_token_is_refused(client, district, app):
    with app.app_context():
        token = create_access_token(identity=str(district.mediator_a.id),
                                    expires_delta=timedelta(seconds=-1))

    response = client.get("/api/me", headers=bearer(token))

    assert response.status_code == 401 and error_code(response) == "token_expired"


@both_backends
def test_the_refresh_token_gives_a_new_access_token(client, district):
    tokens = sign_in(client, "mediator_a", device_id="phone-a1").get_json()

    response = client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"]))

    assert response.status_code == 200
    assert set(response.get_json()) == {"access_token"}
    me = client.get("/api/me", headers=bearer(response.get_json()["access_token"]))
    assert me.status_code == 200 and me.get_json()["device_id"] == "phone-a1"


def test_an_access_token_cannot_be_used_to_refresh(client, district):
    tokens = sign_in(client, "mediator_a").get_json()

    response = client.post("/api/auth/refresh", headers=bearer(tokens["access_token"]))

    assert response.status_code == 401 and error_code(response) == "invalid_token"


def test_a_refresh_token_cannot_be_used_as_an_access_token(client, district):
    tokens = sign_in(client, "mediator_a").get_json()

    response = client.get("/api/me", headers=bearer(tokens["refresh_token"]))

    assert response.status_code == 401 and error_code(response) == "invalid_token"


@both_backends
def test_a_token_with_edited_claims_is_refused(client, district):
    token = sign_in(client, "mediator_a").get_json()["access_token"]
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["role"] = "admin"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()

    response = client.get("/api/me", headers=bearer(f"{header}.{forged}.{signature}"))

    assert response.status_code == 401 and error_code(response) == "invalid_token"


def test_a_disabled_user_cannot_refresh_or_use_access_tokens(client, district, db):
    tokens = sign_in(client, "mediator_a").get_json()
    district.mediator_a.active = False
    db.session.commit()

    assert client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"])).status_code == 401
    assert client.get("/api/me", headers=bearer(tokens["access_token"])).status_code == 401


def test_signing_in_again_on_the_device_supersedes_the_old_refresh_token(client, district):
    old = sign_in(client, "mediator_a", device_id="phone-a1").get_json()
    sign_in(client, "mediator_a", device_id="phone-a1")

    response = client.post("/api/auth/refresh", headers=bearer(old["refresh_token"]))

    assert response.status_code == 401 and error_code(response) == "token_revoked"


# --- signing out and revoked devices ---------------------------------------------------------

@both_backends
def test_after_signing_out_the_refresh_token_no_longer_works(client, district, db):
    tokens = sign_in(client, "mediator_a", device_id="phone-a1").get_json()

    response = client.post("/api/auth/logout", headers=bearer(tokens["access_token"]))

    assert response.status_code == 200 and response.get_json() == {"status": "signed_out"}
    assert db.session.get(Device, "phone-a1").refresh_jti is None
    refreshed = client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert refreshed.status_code == 401 and error_code(refreshed) == "token_revoked"
    assert client.get("/api/me", headers=bearer(tokens["access_token"])).status_code == 401


@both_backends
def test_a_revoked_device_can_neither_refresh_nor_use_its_access_token(client, district, db):
    tokens = sign_in(client, "mediator_a", device_id="lost-phone").get_json()
    revoke(db, "lost-phone")

    refreshed = client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"]))
    me = client.get("/api/me", headers=bearer(tokens["access_token"]))

    assert refreshed.status_code == 401 and error_code(refreshed) == "device_revoked"
    assert me.status_code == 401 and error_code(me) == "device_revoked"


@both_backends
def test_signing_in_on_a_revoked_device_id_is_refused(client, district, db):
    sign_in(client, "mediator_a", device_id="lost-phone")
    revoke(db, "lost-phone")

    response = sign_in(client, "mediator_a", device_id="lost-phone")

    assert response.status_code == 401 and error_code(response) == "device_revoked"
    assert sign_in(client, "mediator_a", device_id="new-phone").status_code == 200


# --- sign-in throttling ----------------------------------------------------------------------

def throttled(**limits: str) -> pytest.MarkDecorator:
    """Counters in the app's database (the default), with small limits for the test."""
    return pytest.mark.parametrize("app_config", [{
        "RATELIMIT_STORAGE_URI": "database://", "LOGIN_RATE_LIMIT": "3 per minute",
        "LOGIN_ADDRESS_RATE_LIMIT": "5 per minute", **limits}])


def fail_sign_in(client: FlaskClient, username: str, address: str) -> None:
    assert sign_in(client, username, password="wrong-password-1", address=address).status_code == 401


@both_backends
@throttled()
def test_a_guessing_address_is_throttled_while_the_owner_signs_in_from_her_own(client, district):
    for _ in range(3):
        fail_sign_in(client, "mediator_a", "10.0.0.66")

    turned_away = sign_in(client, "mediator_a", address="10.0.0.66")

    assert turned_away.status_code == 429
    assert turned_away.get_json() == {"error": {
        "code": "rate_limited",
        "message": "尝试次数过多，请稍后再试。 / Too many attempts; wait a moment and try again.",
        "details": {"limit": "3 per 1 minute"}}}
    assert 0 < int(turned_away.headers["Retry-After"]) <= 60
    assert sign_in(client, "mediator_a", address="10.0.0.1").status_code == 200


@throttled()
def test_a_colleagues_failures_from_the_office_address_do_not_lock_you_out(client, district):
    for _ in range(3):
        fail_sign_in(client, "mediator_a_peer", "10.1.1.1")

    assert sign_in(client, "mediator_a", address="10.1.1.1").status_code == 200
    assert sign_in(client, "mediator_a_peer", address="10.1.1.1").status_code == 429


@both_backends
@throttled()
def test_the_per_address_limit_holds_across_many_usernames(client, district, db):
    for n in range(4):
        fail_sign_in(client, f"guess_{n}", "10.0.0.7")
    assert sign_in(client, "mediator_a", address="10.0.0.7").status_code == 200, "4 of 5: still open"
    fail_sign_in(client, "13812345678", "10.0.0.7")

    assert sign_in(client, "mediator_a_peer", address="10.0.0.7").status_code == 429
    assert sign_in(client, "mediator_a_peer", address="10.0.0.8").status_code == 200
    keys = db.session.execute(sa.text("SELECT key FROM rate_limit_counters")).scalars().all()
    assert keys and not any("13812345678" in key or "guess_" in key for key in keys)


@throttled(LOGIN_RATE_LIMIT="2 per 2 seconds;4 per hour")
def test_the_wait_grows_the_longer_the_guessing_goes_on(client, district):
    import time

    for _ in range(2):
        fail_sign_in(client, "mediator_a", "10.0.0.5")
    first_block = sign_in(client, "mediator_a", password="wrong-password-1", address="10.0.0.5")
    assert first_block.status_code == 429 and int(first_block.headers["Retry-After"]) <= 2

    time.sleep(2.2)
    for _ in range(2):
        fail_sign_in(client, "mediator_a", "10.0.0.5")  # the turned-away attempt above did not count
    second_block = sign_in(client, "mediator_a", address="10.0.0.5")

    assert second_block.status_code == 429 and int(second_block.headers["Retry-After"]) > 3000
    assert error_code(second_block) == "rate_limited"


@throttled()
def test_bad_bodies_and_refused_devices_are_not_counted_as_guesses(client, district):
    sign_in(client, "mediator_a_peer", device_id="phone-of-peer")
    for _ in range(3):
        client.post("/api/auth/login", data="not json", environ_base={"REMOTE_ADDR": "10.0.0.9"})
        assert sign_in(client, "mediator_a", device_id="phone-of-peer", address="10.0.0.9").status_code == 409

    assert sign_in(client, "mediator_a", address="10.0.0.9").status_code == 200


@throttled()
def test_successful_sign_ins_from_one_office_are_not_limited(client, district):
    for username in ["admin", "supervisor_a", "supervisor_b", "mediator_a", "mediator_a_peer",
                     "mediator_b", "mediator_a", "mediator_a"]:
        assert sign_in(client, username, address="10.1.1.1").status_code == 200


def test_the_limit_is_shared_through_redis_across_workers(tmp_path):
    import redis
    from tests.conftest import build_app
    from tests.db_backends import fresh_sqlite_url

    redis_url = "redis://127.0.0.1:6379"
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    app = build_app(fresh_sqlite_url(tmp_path), RATELIMIT_STORAGE_URI=redis_url,
                    LOGIN_RATE_LIMIT="2 per minute", LOGIN_ADDRESS_RATE_LIMIT="2 per minute")
    username = f"redis_probe_{uuid.uuid4().hex[:8]}"  # unique keys: no clean-up needed
    address = f"fd00::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"
    try:
        client = app.test_client()
        answers = [sign_in(client, username, password="wrong-password-1", address=address).status_code
                   for _ in range(3)]
    finally:
        with app.app_context():
            from app.extensions import db
            db.engine.dispose()

    assert answers == [401, 401, 429]


# --- the audit trail -------------------------------------------------------------------------

def audit_rows(db) -> list[AuditLog]:
    db.session.expire_all()
    return list(db.session.execute(sa.select(AuditLog).order_by(AuditLog.id)).scalars())


@both_backends
def test_sign_ins_sign_outs_and_failures_are_audited_with_the_address(client, district, db):
    tokens = sign_in(client, "mediator_a", device_id="phone-a1", address="10.3.0.1").get_json()
    sign_in(client, "mediator_a", password="wrong-password-1", address="10.3.0.2")
    sign_in(client, "nobody", address="10.3.0.3")
    client.post("/api/auth/logout", headers=bearer(tokens["access_token"]),
                environ_base={"REMOTE_ADDR": "10.3.0.1"})

    rows = [(r.action, r.result, r.user_id, r.ip, r.record_id) for r in audit_rows(db)]

    user_id = district.mediator_a.id
    assert rows == [
        ("login", "ok", user_id, "10.3.0.1", "phone-a1"),
        ("login", "failed", user_id, "10.3.0.2", str(user_id)),
        ("login", "failed", None, "10.3.0.3", None),
        ("logout", "ok", user_id, "10.3.0.1", "phone-a1"),
    ]


def test_refused_refresh_and_sign_in_on_a_revoked_device_are_audited(client, district, db):
    tokens = sign_in(client, "mediator_a", device_id="lost-phone").get_json()
    revoke(db, "lost-phone")
    client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"]))
    sign_in(client, "mediator_a", device_id="lost-phone")

    denied = [(r.action, r.details) for r in audit_rows(db) if r.result == "denied"]

    assert denied == [("refresh", {"reason": "device_revoked"}),
                      ("login", {"reason": "device_revoked"})]


def test_the_audit_log_never_holds_passwords_or_phones(client, district, db):
    sign_in(client, "mediator_a", password="hunter2-secret-pass")
    sign_in(client, "13812345678", password="another-secret-pass")
    sign_in(client, "370104199001011234", password="third-secret-pass")

    stored = json.dumps([[r.action, r.record_id, r.details] for r in audit_rows(db)],
                        ensure_ascii=False)

    for secret in ["hunter2-secret-pass", "another-secret-pass", "third-secret-pass",
                   "13812345678", "370104199001011234", "138****5678", "370104********1234"]:
        assert secret not in stored


@both_backends
def test_a_typed_name_that_matches_no_user_is_audited_only_as_a_digest(client, district, db):
    sign_in(client, "my-password-in-the-name-box")
    sign_in(client, "my-password-in-the-name-box", address="10.3.0.9")
    sign_in(client, "mediator_a_typo")
    sign_in(client, "mediator_a", password="wrong-password-1")

    failed = [r for r in audit_rows(db) if r.result == "failed"]
    stored = json.dumps([[r.record_id, r.details] for r in failed], ensure_ascii=False)

    assert "my-password-in-the-name-box" not in stored and "mediator_a_typo" not in stored
    typed = [r.details.get("typed") for r in failed]
    assert typed[0] == typed[1] != typed[2] and len(typed[0]) == 16
    assert failed[3].details == {"reason": "wrong_password"}
    assert failed[3].user_id == district.mediator_a.id


def test_audit_details_drop_sensitive_keys_and_mask_numbers():
    from app.services.access.audit import scrub

    assert scrub({"password": "x", "phone": "13812345678", "id_number": "370104199001011234",
                  "note": "call 13812345678", "nested": [{"refresh_token": "t", "n": 3}]}) == {
        "note": "call 138****5678", "nested": [{"n": 3}]}
