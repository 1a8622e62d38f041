"""The district tree and the committees as the admin edits them; paths stay consistent for scope."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.models import Area, AuditLog, Committee
from tests.records import make_dispute

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def admin(login, district) -> dict[str, str]:
    return login("admin")


def paths(db) -> dict[str, str]:
    db.session.expire_all()
    return {area.code: area.path for area in db.session.execute(sa.select(Area)).scalars()}


def case_titles(client, headers) -> list[str]:
    return [case["title"] for case in client.get("/api/disputes", headers=headers).get_json()["items"]]


def error_fields(response) -> dict:
    assert response.status_code == 422, response.get_json()
    return response.get_json()["error"]["details"]["fields"]


# ---------------------------------------------------------------- the tree

def test_the_tree_nests_the_district_by_code_with_user_counts(client, admin, district):
    response = client.get("/api/admin/areas", headers=admin)

    assert response.status_code == 200
    [root] = response.get_json()["items"]
    assert (root["name"], root["level"], root["user_count"]) == ("槐荫区", "district", 1)
    assert [street["name"] for street in root["children"]] == ["兴福街道", "段北街道"]
    community_a = root["children"][0]["children"][0]
    assert [(grid["name"], grid["user_count"]) for grid in community_a["children"]] == [
        ("兴福一网格", 2), ("兴福二网格", 0)]
    assert community_a["path"] == f"/{district.district.id}/{district.street_a.id}/{district.community_a.id}/"


# ---------------------------------------------------------------- create, rename, move

def test_a_new_grid_hangs_under_its_community_with_its_path(client, db, admin, district):
    response = client.post("/api/admin/areas", headers=admin, json={
        "code": "37010400100103", "name": "兴福三网格", "level": "grid", "parent_id": district.community_a.id})

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["path"] == f"{district.community_a.path}{body['id']}/"
    assert body["parent_id"] == district.community_a.id
    entry = db.session.execute(sa.select(AuditLog).where(AuditLog.action == "area_create")).scalar_one()
    assert entry.details == {"code": "37010400100103", "level": "grid", "parent_id": district.community_a.id}


def test_a_new_area_must_fit_the_levels_and_have_a_free_code(client, admin, district):
    grid_under_street = {"code": "X1", "name": "错层网格", "level": "grid", "parent_id": district.street_a.id}
    assert "parent_id" in error_fields(client.post("/api/admin/areas", headers=admin, json=grid_under_street))
    unknown_parent = {**grid_under_street, "parent_id": 999999}
    assert "parent_id" in error_fields(client.post("/api/admin/areas", headers=admin, json=unknown_parent))
    no_level = {**grid_under_street, "level": "planet"}
    assert "level" in error_fields(client.post("/api/admin/areas", headers=admin, json=no_level))
    taken = client.post("/api/admin/areas", headers=admin, json={
        "code": district.grid_a.code, "name": "重号", "level": "grid", "parent_id": district.community_a.id})
    assert taken.status_code == 409
    assert taken.get_json()["error"]["code"] == "already_exists"


def test_renaming_keeps_the_path(client, db, admin, district):
    before = paths(db)
    response = client.patch(f"/api/admin/areas/{district.grid_a.id}", headers=admin, json={"name": "兴福壹网格"})

    assert response.status_code == 200
    assert response.get_json()["name"] == "兴福壹网格"
    assert paths(db) == before


def test_moving_a_community_moves_its_grids_and_the_scope_follows(client, db, admin, login, district):
    case = make_dispute(district.grid_a.id, title="随社区划转")
    old_community_path = district.community_a.path

    response = client.patch(f"/api/admin/areas/{district.community_a.id}", headers=admin,
                            json={"parent_id": district.street_b.id})

    assert response.status_code == 200, response.get_json()
    new_community_path = f"{district.street_b.path}{district.community_a.id}/"
    assert response.get_json()["path"] == new_community_path
    after = paths(db)
    assert after[district.grid_a.code] == f"{new_community_path}{district.grid_a.id}/"
    assert after[district.grid_a2.code] == f"{new_community_path}{district.grid_a2.id}/"
    assert not any(path.startswith(old_community_path) for path in after.values())
    assert after[district.grid_b.code] == district.grid_b.path
    assert case_titles(client, login("supervisor_b")) == [case.title]
    assert case_titles(client, login("supervisor_a")) == []
    entry = db.session.execute(sa.select(AuditLog).where(AuditLog.action == "area_update")).scalar_one()
    assert entry.details == {"fields": ["parent_id"], "subtree_size": 3,
                             "parent_id": {"from": district.street_a.id, "to": district.street_b.id}}


@pytest.mark.parametrize("area, parent", [
    ("community_a", "grid_a"),      # under its own grid
    ("grid_a", "street_b"),         # a grid under a street
    ("district", "street_a"),       # the admin's own area
    ("street_a", "street_a"),       # under itself
])
def test_impossible_moves_are_refused_and_nothing_moves(client, db, admin, district, area, parent):
    before = paths(db)
    response = client.patch(f"/api/admin/areas/{getattr(district, area).id}", headers=admin,
                            json={"parent_id": getattr(district, parent).id})

    assert "parent_id" in error_fields(response)
    assert paths(db) == before


def test_unknown_areas_are_404(client, admin, district):
    response = client.patch("/api/admin/areas/999999", headers=admin, json={"name": "无"})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


# ---------------------------------------------------------------- committees

def test_a_committee_is_created_with_members_and_listed(client, db, admin, district):
    response = client.post("/api/admin/committees", headers=admin, json={
        "name": "段北街道人民调解委员会", "kind": "area", "area_id": district.street_b.id,
        "room_name": "话语春风调解室", "member_ids": [district.mediator_b.id]})

    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["members"] == [{"id": district.mediator_b.id, "display_name": "Mediator_B", "role": "mediator"}]
    assert created["area"]["name"] == "段北街道"
    listed = client.get("/api/admin/committees", headers=admin).get_json()["items"]
    assert [(c["name"], c["room_name"]) for c in listed] == [("段北街道人民调解委员会", "话语春风调解室")]
    member = client.get(f"/api/admin/users/{district.mediator_b.id}", headers=admin).get_json()
    assert [c["id"] for c in member["committees"]] == [created["id"]]


def test_a_committee_is_renamed_and_its_members_replaced(client, db, admin, district):
    committee = Committee(name="兴福街道调委会", kind="area", area_id=district.street_a.id)
    db.session.add(committee)
    db.session.commit()

    response = client.patch(f"/api/admin/committees/{committee.id}", headers=admin, json={
        "name": "兴福街道人民调解委员会", "member_ids": [district.mediator_a.id, district.mediator_a_peer.id]})

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["name"] == "兴福街道人民调解委员会"
    assert sorted(m["id"] for m in body["members"]) == sorted([district.mediator_a.id, district.mediator_a_peer.id])
    emptied = client.patch(f"/api/admin/committees/{committee.id}", headers=admin, json={"member_ids": []})
    assert emptied.get_json()["members"] == []
    entries = db.session.execute(sa.select(AuditLog).where(AuditLog.action == "committee_update")
                                 .order_by(AuditLog.id)).scalars().all()
    assert entries[-1].details["member_ids"] == {
        "from": sorted([district.mediator_a.id, district.mediator_a_peer.id]), "to": []}


def test_committee_input_is_checked(client, db, admin, district):
    committee = Committee(name="段北街道调委会", kind="area", area_id=district.street_b.id)
    db.session.add(committee)
    db.session.commit()
    base = {"name": "新调委会", "kind": "trade", "area_id": district.district.id}

    assert "kind" in error_fields(client.post("/api/admin/committees", headers=admin, json={**base, "kind": "club"}))
    assert "area_id" in error_fields(client.post("/api/admin/committees", headers=admin,
                                                 json={**base, "area_id": 999999}))
    assert "member_ids" in error_fields(client.post("/api/admin/committees", headers=admin,
                                                    json={**base, "member_ids": [999999]}))
    taken = client.post("/api/admin/committees", headers=admin, json={**base, "name": "段北街道调委会"})
    assert taken.status_code == 409
    assert client.patch("/api/admin/committees/999999", headers=admin, json={"name": "无"}).status_code == 404
    assert db.session.execute(sa.select(sa.func.count()).select_from(Committee)).scalar_one() == 1
