"""Conflicts reach a supervisor, are resolved as a new version, and stay readable in history."""
import re

import pytest
import sqlalchemy as sa

from app.errors import ApiError
from app.models import AuditLog
from app.services.access.scope import Viewer
from app.services.sync import conflicts
from tests.phones import Phone, create, dispute_changes, update

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)

CHINESE_FIRST = re.compile(r"^[^A-Za-z]*[\u4e00-\u9fff].*。 / [A-Z]")


@pytest.fixture
def clash(client, district):
    """Two phones of one grid changed the same summary offline."""
    a, peer = Phone.sign_in(client, "mediator_a"), Phone.sign_in(client, "mediator_a_peer")
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    a.push(dispute)
    peer.push(update("dispute", dispute["id"], 1, {"summary": "版本甲"}))
    [clashing] = a.push(update("dispute", dispute["id"], 1, {"summary": "版本乙"}))
    supervisor = Phone.sign_in(client, "supervisor_a")
    [conflict] = client.get("/api/conflicts?status=open", headers=supervisor.headers).get_json()["items"]
    return {"a": a, "peer": peer, "supervisor": supervisor, "dispute_id": dispute["id"], "conflict": conflict,
            "clashing": clashing}


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


def test_a_conflict_out_of_scope_is_no_conflict_at_all_even_once_resolved(client, clash):
    """Another street's reviewer learns nothing of it: 404 "no such conflict" before and after it is resolved
    (never the 409 that would tell her it exists)."""
    url = f"/api/conflicts/{clash['conflict']['id']}/resolve"
    other_street = Phone.sign_in(client, "supervisor_b")
    assert client.post(url, json={"choose": "server"}, headers=clash["supervisor"].headers).status_code == 200
    response = client.post(url, json={"choose": "device"}, headers=other_street.headers)
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "没有此冲突。 / No such conflict."


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
    assert body["items"][3]["mutation_id"].startswith(f"resolve-{clash['conflict']['id']}-"), "the resolution is its cause"
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


def test_a_reviewer_reads_who_clashed_with_whom_and_once_resolved_who_chose_what(client, clash, district):
    a, peer, supervisor, clashing = clash["a"], clash["peer"], clash["supervisor"], clash["clashing"]
    mediator, colleague, reviewer = district.mediator_a, district.mediator_a_peer, district.supervisor_a
    as_listed = {
        "id": clash["conflict"]["id"], "entity": "dispute", "record_id": clash["dispute_id"], "field": "summary",
        "personal": False, "base": "302室漏水，402室称已维修", "server": "版本甲", "device": "版本乙", "kept": "device",
        "status": "open", "created_at": clashing["record"]["updated_at"], "mutation_id": clashing["mutation_id"],
        "user": {"id": mediator.id, "display_name": mediator.display_name},
        "user_device": {"label": "设备 1", "number": 1, "own": False},
        "server_user": {"id": colleague.id, "display_name": colleague.display_name},
        "server_device": {"label": "设备 1", "number": 1, "own": False},
        "record_version": 3, "resolved_at": None, "resolved_by": None, "resolution": None,
        "device_id": a.device_id, "server_device_id": peer.device_id,
    }
    assert clash["conflict"] == as_listed

    response = client.post(f"/api/conflicts/{as_listed['id']}/resolve", json={"choose": "device"},
                           headers=supervisor.headers)
    assert response.status_code == 200 and response.get_json()["version"] == 4
    [resolved] = client.get("/api/conflicts?status=resolved", headers=supervisor.headers).get_json()["items"]
    assert resolved["resolved_at"] >= resolved["created_at"]
    assert resolved == {**as_listed, "status": "resolved", "resolved_at": resolved["resolved_at"],
                        "resolved_by": {"id": reviewer.id, "display_name": reviewer.display_name},
                        "resolution": {"choose": "device", "value": "版本乙", "version": 4}}
    history = client.get(f"/api/disputes/{clash['dispute_id']}/history", headers=supervisor.headers).get_json()
    [written] = [e for e in history["items"] if e["version"] == 4]
    assert (written["user"]["id"], written["device_id"]) == (reviewer.id, supervisor.device_id)


def test_resolving_a_conflict_is_audited_with_the_field_and_the_choice(client, clash, district, db):
    conflict = clash["conflict"]
    client.post(f"/api/conflicts/{conflict['id']}/resolve", json={"choose": "server"},
                headers=clash["supervisor"].headers)
    [entry] = db.session.execute(sa.select(AuditLog).where(AuditLog.action == "resolve_conflict")).scalars()
    assert (entry.user_id, entry.entity, entry.record_id) == (district.supervisor_a.id, "dispute", clash["dispute_id"])
    assert entry.details == {"conflict_id": conflict["id"], "field": "summary", "choose": "server"}


def test_refused_resolutions_answer_chinese_first_with_their_code(client, clash):
    url = f"/api/conflicts/{clash['conflict']['id']}/resolve"
    supervisor, a = clash["supervisor"].headers, clash["a"].headers
    refusals = [
        (client.post(url, json={"choose": "server"}, headers=a), 403, "forbidden"),
        (client.post("/api/conflicts/999999/resolve", json={"choose": "server"}, headers=supervisor), 404, "not_found"),
        (client.post(url, json={"choose": "value", "value": "x" * 30000}, headers=supervisor), 422, "validation_error"),
    ]
    client.post(url, json={"choose": "server"}, headers=supervisor)
    refusals.append((client.post(url, json={"choose": "device"}, headers=supervisor), 409, "already_resolved"))
    assert refusals[-1][0].get_json()["error"]["message"] == "此冲突已经解决。 / This conflict was already resolved."
    for response, status, code in refusals:
        error = response.get_json()["error"]
        assert (response.status_code, error["code"]) == (status, code), error
        assert CHINESE_FIRST.match(error["message"]), error


def test_the_conflict_list_shows_several_conflicts_each_to_the_reviewers_of_its_record(client, clash, district):
    """A clash on a case, one on a party of it and one on a visit in grid A, one on a case in street B."""
    a, peer, supervisor = clash["a"], clash["peer"], clash["supervisor"]
    party = create("party", {"dispute_id": clash["dispute_id"], "role": "applicant", "name": "赵六"})
    visit = create("visit", {"area_id": district.grid_a.id, "visited_at": "2026-11-21T09:00:00Z",
                             "place": "兴福小区", "purposes": ["information"]})
    a.push(party, visit)
    peer.push(update("party", party["id"], 1, {"name": "赵六甲"}), update("visit", visit["id"], 1, {"place": "兴福一号楼"}))
    a.push(update("party", party["id"], 1, {"name": "赵六乙"}), update("visit", visit["id"], 1, {"place": "兴福二号楼"}))
    b, boss_b = Phone.sign_in(client, "mediator_b"), Phone.sign_in(client, "supervisor_b")
    theirs = create("dispute", dispute_changes(district.grid_b.id))
    b.push(theirs)
    boss_b.push(update("dispute", theirs["id"], 1, {"summary": "段北甲"}))
    b.push(update("dispute", theirs["id"], 1, {"summary": "段北乙"}))

    def listed(phone: Phone, query: str = "") -> list[tuple[str, str]]:
        items = client.get(f"/api/conflicts{query}", headers=phone.headers).get_json()["items"]
        return [(c["record_id"], c["field"]) for c in items]

    def open_count(phone: Phone) -> int:
        return client.get("/api/desk/counts", headers=phone.headers).get_json()["conflicts"]

    street_a = [(clash["dispute_id"], "summary"), (party["id"], "name"), (visit["id"], "place")]
    assert listed(supervisor) == listed(a) == street_a  # oldest first
    assert listed(boss_b) == [(theirs["id"], "summary")]
    assert listed(Phone.sign_in(client, "admin")) == street_a + [(theirs["id"], "summary")]
    assert listed(supervisor, f"?record_id={party['id']}") == [(party["id"], "name")]
    assert (open_count(supervisor), open_count(boss_b)) == (3, 1)

    party_conflict = client.get(f"/api/conflicts?record_id={party['id']}", headers=supervisor.headers).get_json()
    client.post(f"/api/conflicts/{party_conflict['items'][0]['id']}/resolve", json={"choose": "server"},
                headers=supervisor.headers)
    assert listed(supervisor, "?status=open") == [street_a[0], street_a[2]]
    assert listed(supervisor, "?status=resolved") == [street_a[1]]
    assert listed(supervisor) == street_a
    assert (open_count(supervisor), open_count(boss_b)) == (2, 1)


@pytest.fixture
def placement_clash(client, district):
    """Two phones of supervisor A changed where a case of grid A goes: another grid, another mediator."""
    boss, other = Phone.sign_in(client, "supervisor_a"), Phone.sign_in(client, "supervisor_a")
    case = create("dispute", dispute_changes(district.grid_a.id))
    boss.push(case)
    boss.push(update("dispute", case["id"], 1, {"area_id": district.grid_a2.id,
                                                "assigned_mediator_id": district.mediator_a.id}))
    other.push(update("dispute", case["id"], 1, {"area_id": district.community_a.id,
                                                 "assigned_mediator_id": district.mediator_a_peer.id}))
    items = client.get(f"/api/conflicts?record_id={case['id']}", headers=boss.headers).get_json()["items"]
    return boss, {c["field"]: c["id"] for c in items}


def test_a_resolution_the_write_rules_refuse_answers_as_a_push_would_and_changes_nothing(client, district,
                                                                                       placement_clash):
    boss, conflicts = placement_clash
    assert set(conflicts) == {"area_id", "assigned_mediator_id"}
    attempts = [  # outside her street; no such area; not a mediator
        ("area_id", district.grid_b.id, 403, "forbidden", "此解决方案超出您的权限范围。"),
        ("area_id", 999999, 422, "reference_not_found", "所选的值指向不存在的记录。"),
        ("assigned_mediator_id", district.supervisor_b.id, 422, "invalid_assignee", "只能派给在职的调解员。"),
    ]
    for field, value, status, code, message in attempts:
        response = client.post(f"/api/conflicts/{conflicts[field]}/resolve", json={"choose": "value", "value": value},
                               headers=boss.headers)
        error = response.get_json()["error"]
        assert (response.status_code, error["code"]) == (status, code), error
        assert error["message"].startswith(f"{message} / "), error
    assert [c["field"] for c in client.get("/api/conflicts?status=open", headers=boss.headers).get_json()["items"]] \
        == ["area_id", "assigned_mediator_id"]


def test_a_corrected_time_is_written_in_the_canonical_utc_form_every_phone_compares(client, district):
    """A supervisor may type a time with Beijing's offset; the record keeps the one form pushes store, so the
    next phone's identical edit is seen as no change (not a fresh clash)."""
    a, peer = Phone.sign_in(client, "mediator_a"), Phone.sign_in(client, "mediator_a_peer")
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    a.push(dispute)
    peer.push(update("dispute", dispute["id"], 1, {"reported_at": "2026-11-02T01:00:00Z"}))
    a.push(update("dispute", dispute["id"], 1, {"reported_at": "2026-11-02T02:00:00Z"}))
    supervisor = Phone.sign_in(client, "supervisor_a")
    [conflict] = client.get("/api/conflicts?status=open", headers=supervisor.headers).get_json()["items"]
    resolved = client.post(f"/api/conflicts/{conflict['id']}/resolve", headers=supervisor.headers,
                           json={"choose": "value", "value": "2026-11-02T09:30:00+08:00"})
    assert resolved.status_code == 200, resolved.get_json()
    assert resolved.get_json()["reported_at"] == "2026-11-02T01:30:00.000Z"
    history = client.get(f"/api/disputes/{dispute['id']}/history", headers=supervisor.headers).get_json()
    assert history["items"][-1]["changes"]["reported_at"][1] == "2026-11-02T01:30:00.000Z"
    assert history["conflicts"][0]["resolution"]["value"] == "2026-11-02T01:30:00.000Z"
