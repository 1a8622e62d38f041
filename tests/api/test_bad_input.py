"""Hostile or careless input: clear errors in the one shape, nothing changed, the server still serving."""
import pytest

from app.models import AuditLog, Dispute, Party, User
from tests.phones import Phone, create, dispute_changes


@pytest.fixture
def phone(client, district):
    return Phone.sign_in(client, "mediator_a")


@pytest.mark.parametrize("text", ["' OR 1=1 --", "'; DROP TABLE disputes; --", "%", "_", "\\", "\x00"])
def test_sql_ish_search_text_is_only_text(client, phone, district, text):
    response = client.get("/api/disputes", query_string={"q": text}, headers=phone.headers)
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        assert response.get_json()["total"] == 0
    assert client.get("/healthz").status_code == 200


def test_sql_ish_values_are_stored_verbatim_not_executed(client, phone, district, db):
    title = "'); DELETE FROM disputes; --"
    [result] = phone.push(create("dispute", dispute_changes(district.grid_a.id, title=title)))
    assert result["status"] == "applied"
    assert [d.title for d in db.session.query(Dispute).all()] == [title]


def test_a_100_kb_name_is_refused_and_nothing_is_written(client, phone, district, db):
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    party = create("party", {"dispute_id": dispute["id"], "role": "applicant", "name": "名" * 100_000})
    results = phone.push(dispute, party)
    assert results[1]["status"] == "rejected" and "name" in results[1]["errors"]
    assert db.session.query(Party).count() == 0
    response = client.post("/api/auth/login", json={"username": "u" * 100_000, "password": "x", "device_id": "d"})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize("body", [[], "text", 42, None, {"username": 1, "password": [], "device_id": {}}])
def test_wrong_json_types_at_login_answer_422_or_400(client, district, body):
    response = client.post("/api/auth/login", json=body)
    assert response.status_code in (400, 422)
    assert set(response.get_json()) == {"error"}


def test_unknown_fields_at_login_are_refused(client, district):
    response = client.post("/api/auth/login", json={"username": "admin", "password": "x", "device_id": "d",
                                                    "is_admin": True})
    assert response.status_code == 422 and "is_admin" in str(response.get_json()["error"]["details"])


def test_no_personal_data_or_password_reaches_the_audit_log(client, phone, district, db):
    client.post("/api/auth/login", json={"username": "13812345678", "password": "secret-password-1",
                                         "device_id": "d1"})
    text = " ".join(str((e.action, e.details, e.record_id)) for e in db.session.query(AuditLog).all())
    assert "13812345678" not in text and "secret-password-1" not in text
    assert db.session.query(User).count() == 6
