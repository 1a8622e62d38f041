"""GET /api/stats/summary equals figures counted by hand from a fixture with known rows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from app.extensions import db as database
from app.models import Committee
from tests.phones import Phone, create, dispute_changes, void
from tests.records import make_followup, make_dispute, make_party, make_visit

WINDOW = "from=2026-09-01&to=2026-11-30"
TODAY = date.today()



@dataclass
class Known:
    committee_a: Committee
    cases: dict[str, Any]


@pytest.fixture
def known(district) -> Known:
    """Street A: 3 neighbour + 2 labour cases in the window; street B: 1 contract case.

    Around them: a case outside the window, one just outside it in Beijing time, voided rows.
    """
    d = district
    committee = Committee(name="兴福街道人民调解委员会", kind="area", area_id=d.street_a.id)
    database.session.add(committee)
    database.session.commit()
    c = {
        # Beijing 2026-09-10 10:00
        "A1": make_dispute(d.grid_a.id, title="A1", category="neighbor", source="party_application",
                           status="agreed", agreement_kind="written", agreement_terms="赔偿",
                           agreement_amount=Decimal("1000.00"), reported_at=datetime(2026, 9, 10, 2, 0),
                           accepted_at=datetime(2026, 9, 11, 1, 0), risk_flags=["criminal_escalation"],
                           assigned_mediator_id=d.mediator_a.id, committee_id=committee.id),
        # 20:00 UTC on 31 August is 04:00 on 1 September in Beijing: inside the window
        "A2": make_dispute(d.grid_a.id, title="A2", category="neighbor", source="initiative", status="closed",
                           agreement_kind="oral", agreement_terms="道歉", agreement_amount=Decimal("500.50"),
                           reported_at=datetime(2026, 8, 31, 20, 0), accepted_at=datetime(2026, 9, 1, 0, 0),
                           closed_at=datetime(2026, 9, 21, 0, 0), close_reason="已履行",
                           risk_flags=["group_incident"], assigned_mediator_id=d.mediator_a.id),
        "A3": make_dispute(d.grid_a2.id, title="A3", category="neighbor", source="hotline", status="failed",
                           reported_at=datetime(2026, 10, 5, 3, 0), assigned_mediator_id=d.mediator_a_peer.id),
        "A4": make_dispute(d.grid_a2.id, title="A4", category="labor", source="party_application",
                           status="closed", close_reason="已移交劳动仲裁", reported_at=datetime(2026, 10, 1, 2, 0),
                           accepted_at=datetime(2026, 10, 1, 6, 0), closed_at=datetime(2026, 10, 11, 6, 0)),
        "A5": make_dispute(d.grid_a.id, title="A5", category="labor", source="police_transfer",
                           status="mediating", risk_level="high", reported_at=datetime(2026, 11, 1, 2, 0),
                           accepted_at=datetime(2026, 11, 1, 3, 0), due_on=TODAY - timedelta(days=3),
                           assigned_mediator_id=d.mediator_a.id, committee_id=committee.id),
        # reported long before the window, open and nearly due: only in the snapshots
        "A6": make_dispute(d.grid_a.id, title="A6", category="neighbor", status="assigned",
                           reported_at=datetime(2025, 6, 1, 2, 0), due_on=TODAY + timedelta(days=5),
                           assigned_mediator_id=d.mediator_a_peer.id),
        "A7_voided": make_dispute(d.grid_a.id, title="A7", category="neighbor", status="mediating",
                                  reported_at=datetime(2026, 10, 1, 2, 0), due_on=TODAY - timedelta(days=9),
                                  voided_at=datetime(2026, 10, 2), void_reason="重复登记",
                                  assigned_mediator_id=d.mediator_a.id),
        # 15:00 UTC on 31 August is 23:00 the same day in Beijing: outside the window
        "A8": make_dispute(d.grid_a.id, title="A8", category="marriage_family",
                           reported_at=datetime(2026, 8, 31, 15, 0)),
        "B1": make_dispute(d.grid_b.id, title="B1", category="contract", source="court_entrusted",
                           status="agreed", agreement_kind="written", agreement_terms="分期付款",
                           agreement_amount=Decimal("2000.00"), reported_at=datetime(2026, 10, 15, 2, 0),
                           risk_flags=["extreme_behavior"], assigned_mediator_id=d.mediator_b.id),
    }
    persons = [
        ("A1", "female", 1990, "worker"), ("A1", "male", 2008, "student"), ("A2", "male", 1966, "retired"),
        ("A3", "female", 1991, "employee"), ("A3", "unknown", None, None), ("A4", "male", 1975, "migrant_worker"),
        ("A5", "female", 2012, "student"), ("B1", "male", 1980, "farmer"),
        ("A6", "female", 1950, "retired"), ("A7_voided", "male", 1970, "worker"),
    ]
    for key, gender, birth_year, occupation in persons:
        make_party(c[key], gender=gender, birth_year=birth_year, occupation=occupation)
    make_party(c["A2"], kind="organization", name="兴福物业公司", gender="unknown")
    make_party(c["A4"], gender="female", birth_year=1980, voided_at=datetime(2026, 10, 2), void_reason="录错")

    # done at 23:00 Beijing time on the due day: on time; at 00:30 the day after: late
    make_followup(c["A1"], due_on=date(2026, 10, 10), done_at=datetime(2026, 10, 10, 15, 0))
    make_followup(c["A2"], due_on=date(2026, 10, 1), done_at=datetime(2026, 10, 1, 16, 30))
    make_followup(c["A4"], due_on=date(2026, 9, 15))                                        # missing
    make_followup(c["A1"], due_on=date(2026, 9, 20), voided_at=datetime(2026, 9, 1))        # voided
    make_followup(c["A7_voided"], due_on=date(2026, 9, 20))                                 # of a voided case
    make_followup(c["A2"], due_on=date(2026, 8, 1))                                         # outside the window
    make_followup(c["B1"], due_on=date(2026, 11, 1), done_at=datetime(2026, 10, 30, 2, 0))  # street B, on time

    make_visit(d.grid_a.id, visited_at=datetime(2026, 9, 5, 2, 0))
    make_visit(d.grid_a.id, visited_at=datetime(2026, 9, 10, 2, 0), dispute_ids=[c["A1"].id])
    make_visit(d.grid_a2.id, visited_at=datetime(2026, 10, 1, 2, 0))
    make_visit(d.grid_b.id, visited_at=datetime(2026, 10, 2, 2, 0))
    make_visit(d.grid_a.id, visited_at=datetime(2026, 8, 1, 2, 0))
    make_visit(d.grid_a.id, visited_at=datetime(2026, 9, 6, 2, 0), voided_at=datetime(2026, 9, 7))
    return Known(committee, c)


def nonzero(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {row["code"]: row["count"] for row in rows if row["count"]}


def summary(client, headers, query: str = WINDOW) -> dict[str, Any]:
    response = client.get(f"/api/stats/summary?{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


STREET_A_PERSONS = {
    "by_gender": {"female": 3, "male": 3, "unknown": 1},
    "by_age_band": {"under_18": 1, "18_35": 2, "36_59": 2, "60_plus": 1, "unknown": 1},
    "by_occupation": {"worker": 1, "student": 2, "retired": 1, "employee": 1, "migrant_worker": 1, "unknown": 1},
}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_street_supervisor_sees_her_street_figures(client, login, district, known):
    body = summary(client, login("supervisor_a"))
    d = district
    assert body["range"] == {"from": "2026-09-01", "to": "2026-11-30"}
    assert body["area"] == {"id": d.street_a.id, "name": "兴福街道", "level": "street"}
    assert body["total"] == 5
    assert nonzero(body["by_category"]) == {"neighbor": 3, "labor": 2}
    assert [row["code"] for row in body["by_category"]][:2] == ["marriage_family", "neighbor"]
    assert nonzero(body["by_source"]) == {"party_application": 2, "initiative": 1, "hotline": 1,
                                          "police_transfer": 1}
    assert nonzero(body["by_status"]) == {"agreed": 1, "closed": 2, "failed": 1, "mediating": 1}
    assert body["by_month"] == [{"month": "2026-09", "count": 2}, {"month": "2026-10", "count": 2},
                                {"month": "2026-11", "count": 1}]
    assert body["by_area_level"] == "community"
    assert body["by_area"] == [{"id": d.community_a.id, "name": "兴福社区", "level": "community", "count": 5}]
    for key, expected in STREET_A_PERSONS.items():
        assert nonzero(body[key]) == expected, key
    assert (body["success_count"], body["finished_count"], body["success_rate"]) == (2, 4, 0.5)
    assert body["agreement_amount_total"] == 1500.50
    assert body["escalations_prevented"] == 2
    assert body["avg_days_to_close"] == 15.0
    assert body["revisits"] == {"due": 0, "on_time": 1, "late": 1, "missing": 1, "total": 3}
    assert body["revisit_on_time_rate"] == 0.3333
    assert body["overdue"] == {"amber": 1, "red": 1}
    assert body["workload_by_mediator"] == [
        {"id": d.mediator_a.id, "display_name": "Mediator_A", "open": 1, "total": 3},
        {"id": d.mediator_a_peer.id, "display_name": "Mediator_A_Peer", "open": 1, "total": 1},
    ]
    assert body["workload_by_committee"] == [
        {"id": known.committee_a.id, "name": "兴福街道人民调解委员会", "open": 1, "total": 2}]
    assert body["nil_reports_by_grid"] == [
        {"id": d.grid_a.id, "name": "兴福一网格", "level": "grid", "visits": 2, "nil_reports": 1},
        {"id": d.grid_a2.id, "name": "兴福二网格", "level": "grid", "visits": 1, "nil_reports": 1},
    ]
    assert (body["visits_total"], body["nil_reports_total"]) == (3, 2)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_admin_sees_the_district_by_street(client, login, district, known):
    body = summary(client, login("admin"))
    d = district
    assert body["total"] == 6
    assert body["by_area_level"] == "street"
    assert [(row["name"], row["count"]) for row in body["by_area"]] == [("兴福街道", 5), ("段北街道", 1)]
    assert nonzero(body["by_category"]) == {"neighbor": 3, "labor": 2, "contract": 1}
    assert (body["success_count"], body["finished_count"], body["success_rate"]) == (3, 5, 0.6)
    assert body["agreement_amount_total"] == 3500.50
    assert body["escalations_prevented"] == 2  # 极端行为 alone is not an escalation prevented
    assert nonzero(body["by_gender"]) == {"female": 3, "male": 4, "unknown": 1}
    assert nonzero(body["by_occupation"])["farmer"] == 1
    assert body["revisits"] == {"due": 0, "on_time": 2, "late": 1, "missing": 1, "total": 4}
    assert body["revisit_on_time_rate"] == 0.5
    assert body["overdue"] == {"amber": 1, "red": 1}
    assert {row["id"]: row["total"] for row in body["workload_by_mediator"]} == {
        d.mediator_a.id: 3, d.mediator_a_peer.id: 1, d.mediator_b.id: 1}
    assert [(row["name"], row["nil_reports"]) for row in body["nil_reports_by_grid"]] == [
        ("兴福一网格", 1), ("兴福二网格", 1), ("段北一网格", 1)]


def test_the_other_street_sees_only_its_case(client, login, district, known):
    body = summary(client, login("supervisor_b"))
    assert body["total"] == 1
    assert nonzero(body["by_category"]) == {"contract": 1}
    assert body["by_area"] == [{"id": district.community_b.id, "name": "段北社区", "level": "community", "count": 1}]
    assert body["workload_by_mediator"] == [
        {"id": district.mediator_b.id, "display_name": "Mediator_B", "open": 0, "total": 1}]
    assert body["overdue"] == {"amber": 0, "red": 0}
    assert "兴福" not in str(body)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_a_narrower_range_and_a_drill_down_to_grids(client, login, district, known):
    october = summary(client, login("supervisor_a"), "from=2026-10-01&to=2026-10-31")
    assert october["total"] == 2
    assert october["by_month"] == [{"month": "2026-10", "count": 2}]
    assert nonzero(october["by_category"]) == {"neighbor": 1, "labor": 1}
    assert october["revisits"] == {"due": 0, "on_time": 1, "late": 1, "missing": 0, "total": 2}
    assert october["overdue"] == {"amber": 1, "red": 1}  # a snapshot of today, whatever the window

    grids = summary(client, login("supervisor_a"), f"{WINDOW}&area_id={district.community_a.id}")
    assert grids["by_area_level"] == "grid"
    assert [(row["name"], row["count"]) for row in grids["by_area"]] == [("兴福一网格", 3), ("兴福二网格", 2)]
    one_grid = summary(client, login("admin"), f"{WINDOW}&area_id={district.grid_a2.id}")
    assert one_grid["by_area"] == [{"id": district.grid_a2.id, "name": "兴福二网格", "level": "grid", "count": 2}]
    assert one_grid["total"] == 2


def test_default_window_is_the_last_twelve_months(client, login, district):
    body = summary(client, login("admin"), "")
    assert len(body["by_month"]) == 12
    assert body["range"]["from"].endswith("-01")
    assert body["total"] == 0 and body["success_rate"] is None and body["avg_days_to_close"] is None


@pytest.mark.parametrize("query", [
    "from=2026-10-01&to=2026-09-01",         # reversed
    "from=2010-01-01&to=2026-01-01",         # more than ten years
    "from=2010-01-01",                       # … with `to` defaulting to today
    "from=1800-01-01&to=1801-01-01",         # absurd year
    "from=2026-02-30",                       # no such day
    "from=yesterday",
    "area_id=0",
    "area_id=abc",
])
def test_bad_ranges_answer_422_in_the_error_shape(client, login, district, query):
    response = client.get(f"/api/stats/summary?{query}", headers=login("supervisor_a"))
    assert response.status_code == 422, query
    error = response.get_json()["error"]
    assert error["code"] == "validation_error" and error["details"]["fields"]


def test_unknown_area_or_one_outside_scope_answers_404(client, login, district):
    supervisor = login("supervisor_a")
    for area_id in (99999, district.street_b.id, district.district.id):
        response = client.get(f"/api/stats/summary?area_id={area_id}", headers=supervisor)
        assert response.status_code == 404, area_id
        assert response.get_json()["error"]["code"] == "not_found"


def test_mediators_may_not_read_statistics(client, login, district):
    response = client.get("/api/stats/summary", headers=login("mediator_a"))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    assert client.get("/api/stats/summary").status_code == 401


def test_a_long_window_counts_by_year_and_two_years_still_by_month(client, login, district):
    ten_years = summary(client, login("admin"), "from=2017-01-01&to=2026-12-31")
    assert ten_years["by_month_unit"] == "year"
    assert [row["month"] for row in ten_years["by_month"]] == [str(year) for year in range(2017, 2027)]
    assert sum(row["count"] for row in ten_years["by_month"]) == ten_years["total"]
    two_years = summary(client, login("admin"), "from=2025-01-01&to=2026-12-31")
    assert two_years["by_month_unit"] == "month" and len(two_years["by_month"]) == 24
    just_over = summary(client, login("admin"), "from=2024-12-01&to=2026-12-31")
    assert just_over["by_month_unit"] == "year" and [r["month"] for r in just_over["by_month"]] == ["2024", "2025", "2026"]


def test_a_case_registered_on_a_phone_counts_its_parties_by_gender_age_band_and_occupation(client, login, district):
    """The push a phone makes for a new case (pwa DisputeNew: the case, then its parties as partyValues builds
    them), an organization, and a party entered by mistake that the mediator voids: only live persons count."""
    phone = Phone.sign_in(client, "mediator_a")
    case = create("dispute", dispute_changes(district.grid_a.id, status="reported", reported_at="2026-11-28T08:00:00Z"))
    person = {"dispute_id": case["id"], "kind": "person", "consent": "pending", "consent_method": None,
              "consent_at": None, "address": None, "ethnicity": "汉族"}
    parties = [
        create("party", {**person, "role": "applicant", "name": "王建国", "id_number": "370104199001011234",
                         "gender": "male", "birth_year": 1990, "occupation": "worker", "phone": "13812345678"}),
        create("party", {**person, "role": "respondent", "name": "刘桂英", "id_number": "11010519491231002X",
                         "gender": "female", "birth_year": 1949, "occupation": "retired", "phone": "0531-88886666"}),
        # eighteen in the year of the report: the youngest of 18–35, not under 18
        create("party", {**person, "role": "other", "name": "王小明", "id_number": None, "gender": "male",
                         "birth_year": 2008, "occupation": "student", "phone": None}),
        create("party", {**person, "role": "other", "name": "兴福物业公司", "kind": "organization",
                         "gender": "unknown", "birth_year": None, "occupation": None, "id_number": None,
                         "phone": None}),
        create("party", {**person, "role": "other", "name": "录错的人", "gender": "female", "birth_year": 1970,
                         "occupation": "farmer", "id_number": None, "phone": None}),
    ]
    results = phone.push(case, *parties)
    assert [result["status"] for result in results] == ["applied"] * 6, results
    [voided] = phone.push(void("party", parties[-1]["id"], 1, "当事人录错"))
    assert voided["status"] == "applied", voided

    body = summary(client, login("supervisor_a"), "from=2026-11-01&to=2026-11-30")
    assert body["total"] == 1
    assert nonzero(body["by_gender"]) == {"male": 2, "female": 1}
    assert nonzero(body["by_age_band"]) == {"18_35": 1, "36_59": 1, "60_plus": 1}
    assert nonzero(body["by_occupation"]) == {"worker": 1, "retired": 1, "student": 1}
