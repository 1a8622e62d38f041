"""Personal data in conflicts, history and push results: masked as lists mask it, full only through an
audited reveal; colleagues' devices are labelled, never shown by id to a mediator."""
import json

import pytest
import sqlalchemy as sa

from app.models import AuditLog
from tests.phones import Phone, create, dispute_changes, update

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)

BASE_PHONE, SERVER_PHONE, DEVICE_PHONE = "13812345678", "13900001111", "13722223333"
ID_NUMBER = "370104199001011234"


def reveals(db) -> list[AuditLog]:
    return list(db.session.execute(sa.select(AuditLog).where(AuditLog.action == "reveal_identity")).scalars())


@pytest.fixture
def phone_clash(client, district):
    """Two phones of one grid changed a party's phone offline; the party also carries an ID number."""
    a, peer = Phone.sign_in(client, "mediator_a"), Phone.sign_in(client, "mediator_a_peer")
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    party = create("party", {"dispute_id": dispute["id"], "role": "applicant", "name": "赵六",
                             "phone": BASE_PHONE, "id_number": ID_NUMBER})
    a.push(dispute, party)
    peer.push(update("party", party["id"], 1, {"phone": SERVER_PHONE}))
    [result] = a.push(update("party", party["id"], 1, {"phone": DEVICE_PHONE}))
    supervisor = Phone.sign_in(client, "supervisor_a")
    return {"a": a, "peer": peer, "supervisor": supervisor, "dispute_id": dispute["id"],
            "party_id": party["id"], "push_result": result}


def full_values_in(body) -> set[str]:
    text = json.dumps(body, ensure_ascii=False)
    return {value for value in (BASE_PHONE, SERVER_PHONE, DEVICE_PHONE, ID_NUMBER) if value in text}


def test_conflict_lists_and_history_mask_phones_like_lists_do(client, phone_clash, db):
    supervisor, a = phone_clash["supervisor"], phone_clash["a"]
    [listed] = client.get("/api/conflicts", headers=supervisor.headers).get_json()["items"]
    assert (listed["base"], listed["server"], listed["device"]) == ("138****5678", "139****1111", "137****3333")
    assert listed["personal"] is True
    history = client.get(f"/api/disputes/{phone_clash['dispute_id']}/history", headers=a.headers).get_json()
    assert full_values_in(history) == set()
    party_create = next(e for e in history["items"] if e["entity"] == "party" and e["op"] == "create")
    assert party_create["changes"]["id_number"] == [None, "370104********1234"]
    assert full_values_in(client.get("/api/conflicts", headers=a.headers).get_json()) == set()
    assert reveals(db) == []


def test_a_resolved_phone_conflict_shows_its_chosen_value_masked(client, phone_clash):
    supervisor = phone_clash["supervisor"]
    [listed] = client.get("/api/conflicts", headers=supervisor.headers).get_json()["items"]
    response = client.post(f"/api/conflicts/{listed['id']}/resolve", json={"choose": "server"},
                           headers=supervisor.headers)
    assert response.status_code == 200
    assert response.get_json()["phone"] == "139****1111"
    [resolved] = client.get("/api/conflicts?status=resolved", headers=supervisor.headers).get_json()["items"]
    assert resolved["resolution"]["value"] == "139****1111"


def test_push_results_mask_the_record_and_its_conflicts(client, phone_clash, district):
    result = phone_clash["push_result"]
    assert result["status"] == "conflict"
    assert result["record"]["phone"] == "137****3333" and result["record"]["id_number"] == "370104********1234"
    assert [(c["server"], c["device"]) for c in result["conflicts"]] == [("139****1111", "137****3333")]
    a = phone_clash["a"]
    rejected = a.push(update("party", phone_clash["party_id"], 2, {"phone": "not a phone"}),
                      update("party", phone_clash["party_id"], 99, {"birth_year": 1800}))
    assert [r["status"] for r in rejected] == ["rejected", "rejected"]
    assert full_values_in(rejected) == set()
    applied = a.push(create("party", {"dispute_id": phone_clash["dispute_id"], "role": "respondent",
                                      "name": "钱七", "phone": "13655556666"}))
    assert applied[0]["status"] == "applied" and applied[0]["record"]["phone"] == "136****6666"


def test_the_phone_still_pulls_full_values_of_its_scope(client, phone_clash):
    a = phone_clash["a"]
    a.pull()
    assert a.records[phone_clash["party_id"]]["id_number"] == ID_NUMBER


def test_a_reviewer_reveals_a_phone_conflict_in_full_audited(client, phone_clash, district, db):
    supervisor = phone_clash["supervisor"]
    [listed] = client.get("/api/conflicts", headers=supervisor.headers).get_json()["items"]
    response = client.post(f"/api/conflicts/{listed['id']}/reveal", headers=supervisor.headers)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["id"], body["base"], body["server"], body["device"]) == \
        (listed["id"], BASE_PHONE, SERVER_PHONE, DEVICE_PHONE)
    [entry] = reveals(db)
    assert (entry.entity, entry.record_id, entry.user_id) == ("party", phone_clash["party_id"], district.supervisor_a.id)
    assert entry.details["conflict_id"] == listed["id"] and entry.details["fields"] == ["phone"]


def test_only_a_reviewer_in_scope_reveals_and_only_personal_fields(client, phone_clash, district, db):
    supervisor, a = phone_clash["supervisor"], phone_clash["a"]
    [listed] = client.get("/api/conflicts", headers=supervisor.headers).get_json()["items"]
    url = f"/api/conflicts/{listed['id']}/reveal"
    assert client.post(url, headers=a.headers).status_code == 403
    other_street = Phone.sign_in(client, "supervisor_b")
    assert client.post(url, headers=other_street.headers).status_code == 404
    assert client.post("/api/conflicts/999999/reveal", headers=supervisor.headers).status_code == 404
    peer = phone_clash["peer"]
    peer.push(update("dispute", phone_clash["dispute_id"], 1, {"summary": "版本甲"}))
    a.push(update("dispute", phone_clash["dispute_id"], 1, {"summary": "版本乙"}))
    summary = next(c for c in client.get("/api/conflicts", headers=supervisor.headers).get_json()["items"]
                   if c["field"] == "summary")
    assert summary["personal"] is False and summary["server"] == "版本甲"
    refused = client.post(f"/api/conflicts/{summary['id']}/reveal", headers=supervisor.headers)
    assert refused.status_code == 422 and refused.get_json()["error"]["code"] == "not_personal"
    assert reveals(db) == []


def test_mediators_see_people_and_device_labels_not_device_ids(client, phone_clash):
    a, peer, supervisor = phone_clash["a"], phone_clash["peer"], phone_clash["supervisor"]
    history = client.get(f"/api/disputes/{phone_clash['dispute_id']}/history", headers=a.headers).get_json()
    text = json.dumps(history)
    assert peer.device_id not in text and a.device_id not in text
    by_version = {e["version"]: e for e in history["items"] if e["entity"] == "party"}
    assert by_version[1]["device"] == {"label": "本机", "number": 1, "own": True}
    assert by_version[2]["device"] == {"label": "设备 1", "number": 1, "own": False}
    assert by_version[2]["user"]["display_name"] and by_version[2]["user"]["id"] != by_version[1]["user"]["id"]
    [conflict] = history["conflicts"]
    assert conflict["user_device"]["own"] is True and conflict["server_device"]["label"] == "设备 1"
    assert "device_id" not in conflict and "server_device_id" not in conflict
    listed = client.get("/api/conflicts", headers=peer.headers).get_json()
    assert a.device_id not in json.dumps(listed)
    assert listed["items"][0]["server_device"]["label"] == "本机"
    [desk] = client.get("/api/conflicts", headers=supervisor.headers).get_json()["items"]
    assert (desk["device_id"], desk["server_device_id"]) == (a.device_id, peer.device_id)


def test_a_second_device_of_the_same_colleague_is_numbered_apart(client, phone_clash):
    a = phone_clash["a"]
    peer_again = Phone.sign_in(phone_clash["peer"].client, "mediator_a_peer")
    peer_again.push(update("party", phone_clash["party_id"], 3, {"name": "赵六六"}))
    history = client.get(f"/api/disputes/{phone_clash['dispute_id']}/history", headers=a.headers).get_json()
    labels = [e["device"]["label"] for e in history["items"] if e["entity"] == "party"]
    assert labels == ["本机", "设备 1", "本机", "设备 2"]
