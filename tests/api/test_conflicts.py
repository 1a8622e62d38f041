"""Conflicts reach a supervisor, are resolved as a new version, and stay readable in history."""
import pytest

from app.errors import ApiError
from app.services.access.scope import Viewer
from app.services.sync import conflicts
from tests.phones import Phone, create, dispute_changes, update

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def clash(client, district):
    """Two phones of one grid changed the same summary offline."""
    a, peer = Phone.sign_in(client, "mediator_a"), Phone.sign_in(client, "mediator_a_peer")
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    a.push(dispute)
    peer.push(update("dispute", dispute["id"], 1, {"summary": "版本甲"}))
    a.push(update("dispute", dispute["id"], 1, {"summary": "版本乙"}))
    supervisor = Phone.sign_in(client, "supervisor_a")
    [conflict] = client.get("/api/conflicts?status=open", headers=supervisor.headers).get_json()["items"]
    return {"a": a, "peer": peer, "supervisor": supervisor, "dispute_id": dispute["id"], "conflict": conflict}


def test_choosing_the_server_value_writes_a_new_version_every_phone_pulls(client, clash):
    a, peer, supervisor = clash["a"], clash["peer"], clash["supervisor"]
    a.pull(), peer.pull()
    response = client.post(f"/api/conflicts/{clash['conflict']['id']}/resolve", json={"choose": "server"},
                           headers=supervisor.headers)
    assert response.status_code == 200, response.get_json()
    record = response.get_json()
    assert record["summary"] == "版本甲" and record["version"] == 4 and record["has_open_conflict"] is False
    for phone in (a, peer):
        [pulled] = phone.pull()
        assert pulled["id"] == clash["dispute_id"] and pulled["summary"] == "版本甲" and pulled["version"] == 4
    assert client.get("/api/conflicts?status=open", headers=supervisor.headers).get_json()["items"] == []


def test_the_record_keeps_its_open_conflict_flag_until_its_last_conflict_is_resolved(client, clash):
    a, peer, supervisor = clash["a"], clash["peer"], clash["supervisor"]
    dispute_id = clash["dispute_id"]
    peer.push(update("dispute", dispute_id, 3, {"title": "标题甲"}))
    a.push(update("dispute", dispute_id, 3, {"title": "标题乙"}))
    open_ones = client.get("/api/conflicts?status=open", headers=supervisor.headers).get_json()["items"]
    assert sorted(c["field"] for c in open_ones) == ["summary", "title"]
    assert {c["record_id"] for c in open_ones} == {dispute_id}

    first, second = open_ones
    record = client.post(f"/api/conflicts/{first['id']}/resolve", json={"choose": "server"},
                         headers=supervisor.headers).get_json()
    assert record["has_open_conflict"] is True
    assert a.pull()[-1]["has_open_conflict"] is True
    record = client.post(f"/api/conflicts/{second['id']}/resolve", json={"choose": "device"},
                         headers=supervisor.headers).get_json()
    assert record["has_open_conflict"] is False
    assert a.pull()[-1]["has_open_conflict"] is False


def test_a_corrected_value_is_validated_then_written(client, clash):
    url = f"/api/conflicts/{clash['conflict']['id']}/resolve"
    headers = clash["supervisor"].headers
    bad = client.post(url, json={"choose": "value", "value": "x" * 30000}, headers=headers)
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "validation_error"
    good = client.post(url, json={"choose": "value", "value": "甲乙两版合并：已约周五面谈"}, headers=headers)
    assert good.status_code == 200 and good.get_json()["summary"] == "甲乙两版合并：已约周五面谈"
    again = client.post(url, json={"choose": "device"}, headers=headers)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_resolved"


def test_mediators_see_their_conflicts_but_cannot_resolve_them(client, clash, district):
    a = clash["a"]
    listed = client.get("/api/conflicts", headers=a.headers).get_json()["items"]
    assert [c["id"] for c in listed] == [clash["conflict"]["id"]]
    response = client.post(f"/api/conflicts/{clash['conflict']['id']}/resolve", json={"choose": "device"},
                           headers=a.headers)
    assert response.status_code == 403
    other_street = Phone.sign_in(client, "supervisor_b")
    assert client.get("/api/conflicts", headers=other_street.headers).get_json()["items"] == []
    response = client.post(f"/api/conflicts/{clash['conflict']['id']}/resolve", json={"choose": "device"},
                           headers=other_street.headers)
    assert response.status_code == 404


def test_bad_resolutions_are_refused(client, clash):
    url = f"/api/conflicts/{clash['conflict']['id']}/resolve"
    headers = clash["supervisor"].headers
    assert client.post(url, json={"choose": "both"}, headers=headers).status_code == 422
    assert client.post(url, json={}, headers=headers).status_code == 422
    assert client.post("/api/conflicts/999999/resolve", json={"choose": "server"}, headers=headers).status_code == 404


def test_a_resolution_that_fits_no_choice_is_refused_chinese_first_in_the_error_shape(clash, district):
    """The schema refuses an unknown `choose` first; the service, called past it, answers the same shape."""
    with pytest.raises(ApiError) as caught:
        conflicts.resolve(Viewer.of(district.supervisor_a), "dev-s", clash["conflict"]["id"], "both", None)
    message = "请选择 server、device 或 value，而不是 'both'。 / Choose one of server, device, value; not 'both'."
    error = caught.value
    assert (error.status, error.code, error.message) == (422, "validation_error", message)
    assert error.details == {"fields": {"choose": [message]}}


def test_a_chosen_value_that_fails_validation_names_its_field_in_the_error_shape(client, clash):
    url = f"/api/conflicts/{clash['conflict']['id']}/resolve"
    bad = client.post(url, json={"choose": "value", "value": "x" * 30000}, headers=clash["supervisor"].headers)
    error = bad.get_json()["error"]
    assert error["message"] == "所选的值无效。 / The chosen value is not valid."
    assert list(error["details"]) == ["fields"] and list(error["details"]["fields"]) == ["summary"]


def test_history_shows_every_change_and_the_resolved_clash(client, clash):
    supervisor = clash["supervisor"]
    client.post(f"/api/conflicts/{clash['conflict']['id']}/resolve", json={"choose": "device"},
                headers=supervisor.headers)
    body = client.get(f"/api/disputes/{clash['dispute_id']}/history", headers=supervisor.headers).get_json()
    versions = [(e["version"], e["op"]) for e in body["items"] if e["entity"] == "dispute"]
    assert versions == [(1, "create"), (2, "update"), (3, "update"), (4, "update")]
    assert body["items"][1]["changes"]["summary"] == ["302室漏水，402室称已维修", "版本甲"]
    assert body["items"][1]["device_id"] == clash["peer"].device_id
    [conflict] = body["conflicts"]
    assert conflict["status"] == "resolved" and conflict["resolution"]["choose"] == "device"
    outsider = Phone.sign_in(client, "mediator_b")
    assert client.get(f"/api/disputes/{clash['dispute_id']}/history", headers=outsider.headers).status_code == 404


def test_the_flag_stays_up_until_the_last_conflict_on_the_record_is_resolved(client, clash):
    a, peer, supervisor = clash["a"], clash["peer"], clash["supervisor"]
    peer.push(update("dispute", clash["dispute_id"], 2, {"title": "标题甲"}))
    a.push(update("dispute", clash["dispute_id"], 3, {"title": "标题乙"}))
    listed = client.get("/api/conflicts?status=open", headers=supervisor.headers).get_json()["items"]
    assert sorted(c["field"] for c in listed) == ["summary", "title"]
    first, second = listed
    one = client.post(f"/api/conflicts/{first['id']}/resolve", json={"choose": "server"}, headers=supervisor.headers)
    assert one.status_code == 200 and one.get_json()["has_open_conflict"] is True
    two = client.post(f"/api/conflicts/{second['id']}/resolve", json={"choose": "server"}, headers=supervisor.headers)
    assert two.status_code == 200 and two.get_json()["has_open_conflict"] is False
