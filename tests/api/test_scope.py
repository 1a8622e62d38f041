"""Each role sees its own area's records; anything outside scope answers 404."""
import pytest

from tests.records import make_dispute, make_party, make_visit

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def cases(district):
    d = district
    return {
        "grid_a": make_dispute(d.grid_a.id, title="兴福一网格案"),
        "grid_a2": make_dispute(d.grid_a2.id, title="兴福二网格案"),
        "grid_b": make_dispute(d.grid_b.id, title="段北一网格案"),
        "grid_b_assigned_to_a": make_dispute(d.grid_b.id, title="派给兴福调解员的段北案",
                                             assigned_mediator_id=d.mediator_a.id),
    }


def titles(client, headers):
    response = client.get("/api/disputes?per_page=100", headers=headers)
    assert response.status_code == 200
    return {item["title"] for item in response.get_json()["items"]}


def test_mediator_sees_her_grid_and_cases_assigned_to_her(client, login, cases):
    assert titles(client, login("mediator_a")) == {"兴福一网格案", "派给兴福调解员的段北案"}


def test_mediator_peer_in_the_same_grid_does_not_see_the_other_mediators_assignment(client, login, cases):
    assert titles(client, login("mediator_a_peer")) == {"兴福一网格案"}


def test_supervisor_sees_her_whole_street_only(client, login, cases):
    assert titles(client, login("supervisor_a")) == {"兴福一网格案", "兴福二网格案"}
    assert titles(client, login("supervisor_b")) == {"段北一网格案", "派给兴福调解员的段北案"}


def test_admin_sees_the_whole_district(client, login, cases):
    assert len(titles(client, login("admin"))) == 4


def test_a_case_outside_scope_answers_404_without_its_contents(client, login, cases):
    response = client.get(f"/api/disputes/{cases['grid_b'].id}", headers=login("mediator_a"))
    assert response.status_code == 404
    body = response.get_json()
    assert body["error"]["code"] == "not_found"
    assert "段北" not in response.get_data(as_text=True)


def test_party_identity_outside_scope_answers_404(client, login, cases):
    party = make_party(cases["grid_b"])
    assert client.get(f"/api/parties/{party.id}/identity", headers=login("supervisor_a")).status_code == 404


def test_visits_are_scoped_by_area(client, login, district):
    make_visit(district.grid_a.id, place="兴福小区")
    make_visit(district.grid_b.id, place="段北小区")
    places = {v["place"] for v in client.get("/api/visits", headers=login("mediator_a")).get_json()["items"]}
    assert places == {"兴福小区"}
    places = {v["place"] for v in client.get("/api/visits", headers=login("admin")).get_json()["items"]}
    assert places == {"兴福小区", "段北小区"}
