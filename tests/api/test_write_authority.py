"""One write rule for push and conflict resolution: judged on the record before and after (sync/authority.py).

The district (tests/factories.py): street A holds grids A (mediator_a, mediator_a_peer) and A2; street B holds grid B.
A mediator works in her own grid only, so grid A2 — same community, same street — is just outside her scope.
"""
from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Conflict, Dispute
from tests.phones import Phone, create, dispute_changes, update
from tests.records import make_dispute, make_visit

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


def only(results: list[dict]) -> dict:
    [result] = results
    return result


def area_of(dispute_id: str) -> int:
    db.session.expire_all()
    return db.session.get(Dispute, dispute_id).area_id


# ---------------------------------------------------------------- push: where a record may be put

def test_a_mediator_cannot_move_a_case_assigned_to_her_out_of_her_grid(client, district):
    case = make_dispute(district.grid_a.id, status="assigned", assigned_mediator_id=district.mediator_a.id)
    a = Phone.sign_in(client, "mediator_a")
    for elsewhere in (district.grid_a2, district.grid_b):  # same street, and another street
        result = only(a.push(update("dispute", case.id, 1, {"area_id": elsewhere.id})))
        assert (result["status"], result["error_code"]) == ("rejected", "forbidden"), result
        assert list(result["errors"]) == ["area_id"]
    assert area_of(case.id) == district.grid_a.id


def test_a_mediator_may_bring_a_case_assigned_to_her_into_her_own_grid(client, district):
    case = make_dispute(district.grid_a2.id, status="assigned", assigned_mediator_id=district.mediator_a.id)
    a = Phone.sign_in(client, "mediator_a")
    assert only(a.push(update("dispute", case.id, 1, {"area_id": district.grid_a.id})))["status"] == "applied"
    assert area_of(case.id) == district.grid_a.id


def test_a_mediator_cannot_move_a_visit_to_the_next_grid(client, district):
    visit = make_visit(district.grid_a.id)
    a = Phone.sign_in(client, "mediator_a")
    result = only(a.push(update("visit", visit.id, 1, {"area_id": district.grid_a2.id})))
    assert (result["status"], result["error_code"]) == ("rejected", "forbidden")


def test_a_supervisor_moves_cases_within_her_street_only(client, district):
    case = make_dispute(district.grid_a.id)
    supervisor = Phone.sign_in(client, "supervisor_a")
    assert only(supervisor.push(update("dispute", case.id, 1, {"area_id": district.grid_a2.id})))["status"] == "applied"
    result = only(supervisor.push(update("dispute", case.id, 2, {"area_id": district.grid_b.id})))
    assert (result["status"], result["error_code"]) == ("rejected", "forbidden")
    assert area_of(case.id) == district.grid_a2.id


def test_the_admin_moves_cases_anywhere_in_the_district_but_not_to_an_area_that_does_not_exist(client, district):
    case = make_dispute(district.grid_a.id)
    admin = Phone.sign_in(client, "admin")
    assert only(admin.push(update("dispute", case.id, 1, {"area_id": district.grid_b.id})))["status"] == "applied"
    for missing, code in ((999999, "reference_not_found"), (2 ** 62, "validation_failed")):
        result = only(admin.push(update("dispute", case.id, 2, {"area_id": missing})))
        assert (result["status"], result["error_code"]) == ("rejected", code), result
        assert list(result["errors"]) == ["area_id"]
    assert area_of(case.id) == district.grid_b.id


def test_a_create_into_a_missing_area_is_rejected_alone(client, district):
    admin = Phone.sign_in(client, "admin")
    bad, good = create("dispute", dispute_changes(999999)), create("dispute", dispute_changes(district.grid_b.id))
    results = admin.push(bad, good)
    assert [(r["status"], r.get("error_code")) for r in results] == [("rejected", "reference_not_found"), ("applied", None)]


# ---------------------------------------------------------------- resolution: the same rule

@pytest.fixture
def moved_across(client, district):
    """Supervisor A moved a case within street A; the admin's stale edit moved it to street B (a conflict)."""
    case = make_dispute(district.grid_a.id)
    Phone.sign_in(client, "supervisor_a").push(update("dispute", case.id, 1, {"area_id": district.grid_a2.id}))
    result = only(Phone.sign_in(client, "admin").push(update("dispute", case.id, 1, {"area_id": district.grid_b.id})))
    assert result["status"] == "conflict" and area_of(case.id) == district.grid_b.id
    [conflict] = db.session.execute(db.select(Conflict)).scalars()
    return {"case": case, "conflict_id": conflict.id}


def resolve(client, phone: Phone, conflict_id: int, body: dict):
    return client.post(f"/api/conflicts/{conflict_id}/resolve", json=body, headers=phone.headers)


def test_a_supervisor_cannot_move_a_case_into_another_street_by_resolving(client, district, moved_across):
    supervisor_b = Phone.sign_in(client, "supervisor_b")
    url_id = moved_across["conflict_id"]
    refused = resolve(client, supervisor_b, url_id, {"choose": "server"})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    assert "area_id" in refused.get_json()["error"]["details"]["fields"]
    refused = resolve(client, supervisor_b, url_id, {"choose": "value", "value": district.grid_a.id})
    assert refused.status_code == 403
    assert area_of(moved_across["case"].id) == district.grid_b.id
    kept = resolve(client, supervisor_b, url_id, {"choose": "device"})
    assert kept.status_code == 200 and kept.get_json()["area_id"] == district.grid_b.id


def test_the_admin_may_resolve_the_move_back(client, district, moved_across):
    admin = Phone.sign_in(client, "admin")
    response = resolve(client, admin, moved_across["conflict_id"], {"choose": "server"})
    assert response.status_code == 200 and response.get_json()["area_id"] == district.grid_a2.id


def test_a_resolved_value_pointing_nowhere_is_a_422_not_a_500(client, district, moved_across):
    admin = Phone.sign_in(client, "admin")
    for value, code in ((999999, "reference_not_found"), (2 ** 62, "validation_error")):
        response = resolve(client, admin, moved_across["conflict_id"], {"choose": "value", "value": value})
        assert response.status_code == 422, response.get_json()
        assert response.get_json()["error"]["code"] == code
        assert list(response.get_json()["error"]["details"]["fields"]) == ["area_id"]
    response = resolve(client, admin, moved_across["conflict_id"], {"choose": "value", "value": "grid"})
    assert response.status_code == 422 and "area_id" in response.get_json()["error"]["details"]["fields"]


def stored_conflict(dispute: Dispute, field: str, server, device) -> int:
    """A conflict as an older release could have stored it (values the current rules refuse)."""
    row = Conflict(entity="dispute", record_id=dispute.id, field=field, base=None, server=server, device=device,
                   kept="server", status="open", device_id="old-phone", mutation_id="m-old", record_version=1)
    db.session.add(row)
    db.session.commit()
    return row.id


def test_the_side_chosen_is_validated_like_a_pushed_value(client, district):
    case = make_dispute(district.grid_a.id, summary="原文")
    conflict_id = stored_conflict(case, "summary", "原文", "x" * 30000)
    supervisor = Phone.sign_in(client, "supervisor_a")
    response = resolve(client, supervisor, conflict_id, {"choose": "device"})
    assert response.status_code == 422, response.get_json()
    assert list(response.get_json()["error"]["details"]["fields"]) == ["summary"]
    assert resolve(client, supervisor, conflict_id, {"choose": "server"}).status_code == 200


def test_a_set_resolved_to_a_non_list_is_a_422_not_a_500(client, district):
    case = make_dispute(district.grid_a.id)
    conflict_id = stored_conflict(case, "risk_flags", [], ["group_incident"])
    supervisor = Phone.sign_in(client, "supervisor_a")
    for value in (5, [[1]], [1, "group_incident"]):
        response = resolve(client, supervisor, conflict_id, {"choose": "value", "value": value})
        assert response.status_code == 422, (value, response.get_json())
    response = resolve(client, supervisor, conflict_id, {"choose": "device"})
    assert response.status_code == 200 and response.get_json()["risk_flags"] == ["group_incident"]


def test_a_resolution_cannot_assign_the_case_to_someone_who_is_not_an_active_mediator(client, district):
    case = make_dispute(district.grid_a.id, status="assigned", assigned_mediator_id=district.mediator_a.id)
    conflict_id = stored_conflict(case, "assigned_mediator_id", district.mediator_a.id, district.admin.id)
    supervisor = Phone.sign_in(client, "supervisor_a")
    response = resolve(client, supervisor, conflict_id, {"choose": "device"})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "invalid_assignee"
    response = resolve(client, supervisor, conflict_id, {"choose": "value", "value": 999999})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "reference_not_found"
    response = resolve(client, supervisor, conflict_id, {"choose": "value", "value": district.mediator_a_peer.id})
    assert response.status_code == 200 and response.get_json()["assigned_mediator_id"] == district.mediator_a_peer.id
