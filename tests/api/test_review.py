"""The review queue's order, dispatch suggestions' ranking and the revisit buckets."""
from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import pytest

from app.extensions import db as database
from app.models import Committee, Followup, MediatorProfile, User
from sync.clock import local_today
from app.services.access.users import create_user
from tests.factories import PASSWORD
from tests.phones import Phone, create, dispute_changes, update
from tests.records import make_followup, make_dispute, make_party


def at_beijing_noon(day: date) -> datetime:
    """Naive UTC for 12:00 Beijing time on `day`."""
    return datetime.combine(day, time(4, 0))


# ---------------------------------------------------------------- the queue

@pytest.fixture
def queued(district) -> dict[str, Any]:
    a, b = district.grid_a.id, district.grid_b.id
    return {
        "plain_new": make_dispute(a, title="新登记", reported_at=datetime(2026, 11, 1, 2, 0)),
        "amber": make_dispute(a, title="受理临期", status="accepted", reported_at=datetime(2026, 9, 1, 2, 0),
                              due_on=local_today() + timedelta(days=5)),
        "red": make_dispute(a, title="受理超期", status="accepted", reported_at=datetime(2026, 9, 2, 2, 0),
                            due_on=local_today() - timedelta(days=2)),
        "group": make_dispute(a, title="群体性", status="mediating", risk_flags=["group_incident"],
                              reported_at=datetime(2026, 10, 20, 2, 0), due_on=local_today() + timedelta(days=25),
                              assigned_mediator_id=district.mediator_a.id),
        "high": make_dispute(a, title="高风险", status="mediating", risk_level="high",
                             reported_at=datetime(2026, 11, 10, 2, 0), due_on=local_today() + timedelta(days=25),
                             assigned_mediator_id=district.mediator_a.id),
        "calm": make_dispute(a, title="调解中", status="mediating", reported_at=datetime(2026, 8, 1, 2, 0),
                             due_on=local_today() - timedelta(days=4), assigned_mediator_id=district.mediator_a.id),
        "extreme": make_dispute(a, title="极端行为", risk_flags=["extreme_behavior"],
                                reported_at=datetime(2026, 11, 5, 2, 0)),
        "agreed_flagged": make_dispute(a, title="已调成", status="agreed", agreement_kind="oral",
                                       agreement_terms="和解", risk_flags=["criminal_escalation"]),
        "older_new": make_dispute(a, title="早登记", reported_at=datetime(2026, 10, 1, 2, 0)),
        "voided": make_dispute(a, title="作废", voided_at=datetime(2026, 11, 2), void_reason="重复"),
        "street_b": make_dispute(b, title="段北新案"),
    }


def queue(client, headers, query: str = "per_page=100") -> dict[str, Any]:
    response = client.get(f"/api/review/queue?{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_queue_puts_flags_first_then_red_amber_high_risk_and_oldest(client, login, queued):
    body = queue(client, login("supervisor_a"))
    assert [item["dispute"]["title"] for item in body["items"]] == [
        "群体性", "极端行为", "受理超期", "受理临期", "高风险", "早登记", "新登记"]
    assert body["total"] == 7
    by_title = {item["dispute"]["title"]: item for item in body["items"]}
    assert by_title["受理超期"]["deadline_state"] == "red"
    assert by_title["受理超期"]["queue_reasons"] == ["awaiting_dispatch", "overdue"]
    assert by_title["受理临期"]["queue_reasons"] == ["awaiting_dispatch", "nearly_due"]
    assert by_title["群体性"]["queue_reasons"] == ["risk_flags"]
    assert by_title["高风险"]["queue_reasons"] == ["high_risk"]
    assert by_title["极端行为"]["queue_reasons"] == ["awaiting_acceptance", "risk_flags"]
    assert by_title["新登记"]["deadline_state"] == "none"


def test_queue_is_paginated_and_scoped(client, login, queued, district):
    second = queue(client, login("supervisor_a"), "page=2&per_page=3")
    assert [item["dispute"]["title"] for item in second["items"]] == ["受理临期", "高风险", "早登记"]
    assert queue(client, login("supervisor_b"))["total"] == 1
    assert queue(client, login("admin"))["total"] == 8
    only_b = queue(client, login("admin"), f"area_id={district.street_b.id}")
    assert [item["dispute"]["title"] for item in only_b["items"]] == ["段北新案"]
    assert client.get(f"/api/review/queue?area_id={district.street_b.id}",
                      headers=login("supervisor_a")).status_code == 404
    assert client.get("/api/review/queue", headers=login("mediator_a")).status_code == 403


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_accept_and_dispatch_are_pushes_that_move_the_case_through_the_queue(client, login, district):
    mediator, supervisor = Phone.sign_in(client, "mediator_a"), Phone.sign_in(client, "supervisor_a")
    created = create("dispute", dispute_changes(district.grid_a.id, title="离线登记的案件"))
    assert mediator.push(created)[0]["status"] == "applied"
    headers = login("supervisor_a")
    [item] = queue(client, headers)["items"]
    assert item["dispute"]["case_no"] and item["queue_reasons"] == ["awaiting_acceptance"]

    supervisor.pull()
    accepted_at = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    result = supervisor.push(update("dispute", created["id"], item["dispute"]["version"], {
        "status": "accepted", "accepted_at": accepted_at.isoformat() + "Z",
        "due_on": (accepted_at.date() + timedelta(days=30)).isoformat()}))[0]
    assert result["status"] == "applied", result
    [item] = queue(client, headers)["items"]
    assert item["queue_reasons"] == ["awaiting_dispatch"] and item["deadline_state"] == "ok"

    result = supervisor.push(update("dispute", created["id"], item["dispute"]["version"], {
        "status": "assigned", "assigned_mediator_id": district.mediator_a.id}))[0]
    assert result["status"] == "applied", result
    assert queue(client, headers)["items"] == []


# ---------------------------------------------------------------- suggestions

@pytest.fixture
def pool(district) -> dict[str, Any]:
    d = district
    lawyer = create_user(username="lawyer", display_name="律师调解员", role="mediator", area_code=d.grid_b.code,
                         password=PASSWORD, commit=False)
    profiles = {
        d.mediator_a.id: MediatorProfile(user_id=d.mediator_a.id, specialties=["neighbor"], full_time=True),
        d.mediator_a_peer.id: MediatorProfile(user_id=d.mediator_a_peer.id, specialties=["labor"]),
        d.mediator_b.id: MediatorProfile(user_id=d.mediator_b.id, specialties=["neighbor", "labor"]),
        lawyer.id: MediatorProfile(user_id=lawyer.id, specialties=["contract"], is_lawyer=True, law_firm="明德律所"),
    }
    database.session.add_all(profiles.values())
    committees = {
        "street_a": Committee(name="兴福街道调委会", kind="area", area_id=d.street_a.id),
        "community_a": Committee(name="兴福社区调委会", kind="area", area_id=d.community_a.id),
        "trade": Committee(name="法院诉前调委会", kind="trade", area_id=d.district.id),
        "street_b": Committee(name="段北街道调委会", kind="area", area_id=d.street_b.id),
    }
    database.session.add_all(committees.values())
    database.session.flush()
    d.mediator_a_peer.committees.append(committees["street_a"])
    lawyer.committees.append(committees["trade"])
    database.session.commit()
    for n in range(2):
        make_dispute(d.grid_a.id, title=f"在办{n}", status="mediating", assigned_mediator_id=d.mediator_a.id,
                     committee_id=committees["community_a"].id)
    make_dispute(d.grid_b.id, title="段北在办", status="mediating", assigned_mediator_id=d.mediator_a.id)
    return {"lawyer": lawyer, "committees": committees,
            "labor_case": make_dispute(d.grid_a2.id, title="拖欠工资", category="labor"),
            "neighbor_case": make_dispute(d.grid_a.id, title="噪音", category="neighbor")}


def suggestions(client, headers, dispute) -> dict[str, Any]:
    response = client.get(f"/api/review/disputes/{dispute.id}/suggestions", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_suggestions_rank_specialty_place_lawyers_and_workload(client, login, district, pool):
    d = district
    body = suggestions(client, login("supervisor_a"), pool["labor_case"])
    ranked = [(m["display_name"], m["score"]) for m in body["mediators"]]
    # peer: labour specialist +40, same community +15; lawyer: labour case +20; mediator_a: +15, 2 open −10
    assert ranked == [("Mediator_A_Peer", 55), ("律师调解员", 20), ("Mediator_A", 5)]
    assert d.mediator_b.id not in {m["id"] for m in body["mediators"]}  # another street, in no pool
    peer = body["mediators"][0]
    assert {r["code"]: r["points"] for r in peer["reasons"]} == {"specialty": 40, "same_community": 15,
                                                                 "workload": 0}
    assert peer["reasons"][0]["zh"] == "擅长劳动争议纠纷" and "Labour" in peer["reasons"][0]["en"]
    assert body["mediators"][2]["open_cases"] == 2

    committees = [(c["name"], c["score"]) for c in body["committees"]]
    # street: +15 and a labour specialist member +30; community: +25, 2 open −4; court: a lawyer member +10
    assert committees == [("兴福街道调委会", 45), ("兴福社区调委会", 21), ("法院诉前调委会", 10)]


def test_suggestions_for_a_neighbour_case_and_the_scope_of_workload(client, login, district, pool):
    body = suggestions(client, login("supervisor_a"), pool["neighbor_case"])
    assert [(m["display_name"], m["score"]) for m in body["mediators"]] == [
        ("Mediator_A", 55), ("Mediator_A_Peer", 25), ("律师调解员", 0)]
    # the admin's scope holds mediator_a's third open case, in street B
    admin = suggestions(client, login("admin"), pool["neighbor_case"])
    assert (admin["mediators"][0]["open_cases"], admin["mediators"][0]["score"]) == (3, 50)


def test_suggestions_for_a_case_outside_scope_answer_404(client, login, district, pool):
    case = pool["labor_case"]
    assert client.get(f"/api/review/disputes/{case.id}/suggestions",
                      headers=login("supervisor_b")).status_code == 404
    assert client.get(f"/api/review/disputes/{case.id}/suggestions",
                      headers=login("mediator_a_peer")).status_code == 403
    assert client.get(f"/api/review/disputes/{uuid.uuid4()}/suggestions",
                      headers=login("supervisor_a")).status_code == 404


# ---------------------------------------------------------------- revisits

@pytest.fixture
def revisits(district) -> dict[str, Followup]:
    case = make_dispute(district.grid_a.id, title="已调成", status="agreed", agreement_kind="oral",
                        agreement_terms="和解", case_no="(2026)槐人调字第00001号",
                        assigned_mediator_id=district.mediator_a.id)
    other = make_dispute(district.grid_b.id, title="段北已调成", status="agreed")
    make_party(case)
    due_soon = local_today() + timedelta(days=10)
    return {
        "due": make_followup(case, due_on=due_soon),
        "on_time": make_followup(case, due_on=local_today() - timedelta(days=20),
                                 done_at=at_beijing_noon(local_today() - timedelta(days=21))),
        "late": make_followup(case, due_on=local_today() - timedelta(days=30),
                              done_at=at_beijing_noon(local_today() - timedelta(days=27))),
        "missing": make_followup(case, due_on=local_today() - timedelta(days=5)),
        "street_b": make_followup(other, due_on=local_today() - timedelta(days=5)),
        "far_ahead": make_followup(case, due_on=local_today() + timedelta(days=60)),
    }


def report(client, headers, query: str = "") -> dict[str, Any]:
    response = client.get(f"/api/review/revisits?{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_revisits_fall_in_due_on_time_late_and_missing(client, login, district, revisits):
    body = report(client, login("supervisor_a"))
    assert body["counts"] == {"due": 1, "on_time": 1, "late": 1, "missing": 1, "total": 4}
    assert body["on_time_rate"] == 0.3333
    assert [item["bucket"] for item in body["items"]] == ["missing", "due", "late", "on_time"]
    items = {item["bucket"]: item for item in body["items"]}
    assert items["missing"]["days_late"] == 5 and items["late"]["days_late"] == 3
    assert items["due"]["days_late"] is None and items["on_time"]["days_late"] is None
    assert items["missing"]["case_no"] == "(2026)槐人调字第00001号"
    assert items["missing"]["mediator_name"] == "Mediator_A" and items["missing"]["area_name"] == "兴福一网格"
    assert items["missing"]["id"] == revisits["missing"].id


def test_revisits_filter_by_bucket_and_window_and_scope(client, login, district, revisits):
    supervisor = login("supervisor_a")
    missing = report(client, supervisor, "bucket=missing")
    assert [item["id"] for item in missing["items"]] == [revisits["missing"].id]
    assert missing["total"] == 1 and missing["counts"]["total"] == 4
    ahead = (local_today() + timedelta(days=90)).isoformat()
    wide = report(client, supervisor, f"from={(local_today() - timedelta(days=40)).isoformat()}&to={ahead}")
    assert wide["counts"]["due"] == 2
    assert report(client, login("admin"))["counts"]["missing"] == 2
    assert report(client, login("supervisor_b"))["counts"] == {
        "due": 0, "on_time": 0, "late": 0, "missing": 1, "total": 1}
    for query in ("bucket=soon", "from=2026-10-01&to=2026-09-01", "page=0"):
        response = client.get(f"/api/review/revisits?{query}", headers=supervisor)
        assert response.status_code == 422, query
    assert client.get("/api/review/revisits", headers=login("mediator_a")).status_code == 403


def test_no_user_in_scope_is_left_without_a_profile_in_suggestions(client, login, district, pool):
    """A mediator without a profile is still a candidate, scored on place and workload alone."""
    bare = create_user(username="bare", display_name="无档案", role="mediator", area_code=district.grid_a.code,
                       password=PASSWORD)
    body = suggestions(client, login("supervisor_a"), pool["neighbor_case"])
    entry = next(m for m in body["mediators"] if m["id"] == bare.id)
    assert (entry["score"], entry["specialties"], entry["is_lawyer"]) == (25, [], False)
    assert database.session.get(User, bare.id).profile is None
