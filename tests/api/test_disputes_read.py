"""The read API for cases: filters, pagination, a case's page, masking."""
from datetime import date, timedelta

import pytest

from app.models import AuditLog
from sync.clock import local_today
from tests.records import make_attachment, make_dispute, make_party, make_visit


@pytest.fixture
def supervisor(login, district):
    return login("supervisor_a")


def test_list_is_paginated_with_total(client, district, supervisor):
    for n in range(25):
        make_dispute(district.grid_a.id, title=f"案件{n:02d}")
    body = client.get("/api/disputes?page=2&per_page=10", headers=supervisor).get_json()
    assert (body["total"], body["page"], body["per_page"]) == (25, 2, 10)
    assert len(body["items"]) == 10
    last = client.get("/api/disputes?page=3&per_page=10", headers=supervisor).get_json()
    assert len(last["items"]) == 5


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_filters_by_status_category_area_mediator_and_text(client, district, supervisor):
    make_dispute(district.grid_a.id, title="物业费拖欠", category="property_management", status="mediating",
                 assigned_mediator_id=district.mediator_a.id)
    make_dispute(district.grid_a2.id, title="邻里噪音", category="neighbor")
    found = make_dispute(district.grid_a2.id, title="拖欠工资", category="labor", summary="农民工工资被拖欠三个月")
    make_party(found, name="赵建国")

    def titles(query):
        response = client.get(f"/api/disputes?{query}", headers=supervisor)
        assert response.status_code == 200, response.get_json()
        return {item["title"] for item in response.get_json()["items"]}

    assert titles("status=mediating") == {"物业费拖欠"}
    assert titles("category=neighbor") == {"邻里噪音"}
    assert titles(f"area_id={district.grid_a2.id}") == {"邻里噪音", "拖欠工资"}
    assert titles(f"area_id={district.community_a.id}") == {"物业费拖欠", "邻里噪音", "拖欠工资"}
    assert titles(f"assigned_mediator_id={district.mediator_a.id}") == {"物业费拖欠"}
    assert titles("q=工资") == {"拖欠工资"}
    assert titles("q=赵建国") == {"拖欠工资"}
    assert titles("q=100%25") == set()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_a_case_is_due_on_its_due_day_and_overdue_the_day_after(client, district, supervisor):
    """The boundaries an off-by-one would move: the due day itself (amber, not yet overdue), the day
    before it (red), and the first day of amber (ten days ahead) beside the last day of ok."""
    today = local_today()
    for title, days in (("昨日到期", -1), ("今日到期", 0), ("十日后到期", 10), ("十一日后到期", 11)):
        make_dispute(district.grid_a.id, title=title, status="mediating", due_on=today + timedelta(days=days))
    overdue = client.get("/api/disputes?overdue=true", headers=supervisor).get_json()["items"]
    assert [item["title"] for item in overdue] == ["昨日到期"]
    states = {item["title"]: item["deadline_state"]
              for item in client.get("/api/disputes", headers=supervisor).get_json()["items"]}
    assert states == {"昨日到期": "red", "今日到期": "amber", "十日后到期": "amber", "十一日后到期": "ok"}
    stats = client.get("/api/stats/summary", headers=supervisor).get_json()
    assert stats["overdue"] == {"amber": 2, "red": 1}


def test_overdue_filter_and_deadline_state(client, district, supervisor):
    today = date.today()
    make_dispute(district.grid_a.id, title="已超期", status="mediating", due_on=today - timedelta(days=2))
    make_dispute(district.grid_a.id, title="临期", status="assigned", due_on=today + timedelta(days=5))
    make_dispute(district.grid_a.id, title="正常", status="accepted", due_on=today + timedelta(days=25))
    make_dispute(district.grid_a.id, title="已结案", status="closed", due_on=today - timedelta(days=40),
                 close_reason="协议已履行")
    overdue = client.get("/api/disputes?overdue=true", headers=supervisor).get_json()["items"]
    assert [item["title"] for item in overdue] == ["已超期"]
    states = {item["title"]: item["deadline_state"]
              for item in client.get("/api/disputes", headers=supervisor).get_json()["items"]}
    assert states == {"已超期": "red", "临期": "amber", "正常": "ok", "已结案": "none"}


def test_voided_cases_are_left_out_unless_asked(client, district, supervisor):
    from datetime import datetime
    make_dispute(district.grid_a.id, title="作废", voided_at=datetime(2026, 11, 3), void_reason="重复登记")
    assert client.get("/api/disputes", headers=supervisor).get_json()["total"] == 0
    assert client.get("/api/disputes?include_voided=true", headers=supervisor).get_json()["total"] == 1


def test_bad_filters_answer_422_in_the_error_shape(client, district, supervisor):
    for query in ("status=bogus", "page=0", "per_page=1000", "area_id=abc", "q=" + "x" * 200):
        response = client.get(f"/api/disputes?{query}", headers=supervisor)
        assert response.status_code == 422, query
        assert response.get_json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_case_page_has_children_with_masked_personal_data(client, district, supervisor):
    dispute = make_dispute(district.grid_a.id, title="房屋漏水")
    make_party(dispute, name="王秀兰", phone="13812345678", id_number="11010519491231002X")
    body = client.get(f"/api/disputes/{dispute.id}", headers=supervisor).get_json()
    assert body["dispute"]["title"] == "房屋漏水"
    assert body["dispute"]["version"] == 1 and body["dispute"]["seq"] >= 1
    [party] = body["parties"]
    assert party["phone"] == "138****5678"
    assert party["id_number"] == "110105********002X"
    assert body["mediation_logs"] == [] and body["followups"] == [] and body["referrals"] == []
    text = client.get(f"/api/disputes/{dispute.id}", headers=supervisor).get_data(as_text=True)
    assert "13812345678" not in text and "11010519491231002X" not in text


def test_a_case_page_lists_its_attachments_and_whether_their_bytes_have_arrived(client, district, supervisor, login):
    dispute = make_dispute(district.grid_a.id)
    uploading = make_attachment(dispute, kind="scene", caption="楼下天花板水渍", byte_size=312_000)
    arrived = make_attachment(dispute, kind="signature", mime_type="image/png", byte_size=4_100, upload_complete=True)
    make_attachment(make_dispute(district.grid_a.id), caption="另一案件的照片")
    body = client.get(f"/api/disputes/{dispute.id}", headers=supervisor).get_json()
    shown = {a["id"]: (a["kind"], a["caption"], a["byte_size"], a["upload_complete"]) for a in body["attachments"]}
    assert shown == {uploading.id: ("scene", "楼下天花板水渍", 312_000, False),
                     arrived.id: ("signature", None, 4_100, True)}
    assert client.get(f"/api/disputes/{dispute.id}", headers=login("supervisor_b")).status_code == 404


def test_revealing_an_identity_shows_it_once_and_is_audited(client, db, district, supervisor):
    dispute = make_dispute(district.grid_a.id)
    party = make_party(dispute, phone="13812345678", id_number="11010519491231002X")
    body = client.get(f"/api/parties/{party.id}/identity", headers=supervisor).get_json()
    assert body["phone"] == "13812345678" and body["id_number"] == "11010519491231002X"
    entries = db.session.query(AuditLog).filter_by(action="reveal_identity").all()
    assert [(e.entity, e.record_id, e.user_id) for e in entries] == [("party", party.id, district.supervisor_a.id)]
    assert "13812345678" not in str(entries[0].details)


def test_visits_filters_nil_reports_and_linked_disputes(client, district, supervisor):
    dispute = make_dispute(district.grid_a.id)
    make_visit(district.grid_a.id, place="零上报")
    make_visit(district.grid_a.id, place="发现纠纷", dispute_ids=[dispute.id])

    def places(query):
        response = client.get(f"/api/visits?{query}", headers=supervisor)
        assert response.status_code == 200, response.get_json()
        return {v["place"] for v in response.get_json()["items"]}

    assert places("nil_report=true") == {"零上报"}
    assert places("nil_report=false") == {"发现纠纷"}
    assert places(f"dispute_id={dispute.id}") == {"发现纠纷"}
    assert places("from=2026-11-02&to=2026-11-02") == {"零上报", "发现纠纷"}
    assert places("from=2026-11-03") == set()


def test_reads_need_a_token(client, district):
    response = client.get("/api/disputes")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
