"""The desk's case list filters and sorting, and the duplicate suggestion of intake (统一受理)."""
from datetime import datetime, timedelta

import pytest

from app.extensions import db
from app.models import Committee
from sync.clock import local_today
from tests.records import make_dispute, make_party


@pytest.fixture
def supervisor(login, district):
    return login("supervisor_a")


def titles(client, headers, query: str) -> list[str]:
    response = client.get(f"/api/disputes?{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return [item["title"] for item in response.get_json()["items"]]


def test_filters_by_source_committee_and_risk_flag(client, district, supervisor):
    committee = Committee(name="兴福街道人民调解委员会", kind="area", area_id=district.street_a.id)
    db.session.add(committee)
    db.session.commit()
    make_dispute(district.grid_a.id, title="来电", source="hotline", committee_id=committee.id)
    make_dispute(district.grid_a.id, title="走访", source="initiative", risk_flags=["group_incident"])
    make_dispute(district.grid_a.id, title="两样都有", source="initiative", risk_flags=["criminal_escalation", "group_incident"])
    assert titles(client, supervisor, "source=hotline") == ["来电"]
    assert titles(client, supervisor, f"committee_id={committee.id}") == ["来电"]
    assert sorted(titles(client, supervisor, "risk_flag=group_incident")) == ["两样都有", "走访"]
    assert titles(client, supervisor, "risk_flag=criminal_escalation") == ["两样都有"]


def test_date_range_takes_beijing_days_whole(client, district, supervisor):
    # 2026-11-01 00:00 in Beijing is 2026-10-31 16:00 UTC; the stored times are naive UTC
    make_dispute(district.grid_a.id, title="十一月第一刻", reported_at=datetime(2026, 10, 31, 16, 0))
    make_dispute(district.grid_a.id, title="十月最后一刻", reported_at=datetime(2026, 10, 31, 15, 59))
    make_dispute(district.grid_a.id, title="十一月最后一刻", reported_at=datetime(2026, 11, 30, 15, 59))
    make_dispute(district.grid_a.id, title="十二月第一刻", reported_at=datetime(2026, 11, 30, 16, 0))
    assert sorted(titles(client, supervisor, "from=2026-11-01&to=2026-11-30")) == ["十一月最后一刻", "十一月第一刻"]
    assert titles(client, supervisor, "from=2026-12-01") == ["十二月第一刻"]
    assert titles(client, supervisor, "to=2026-10-31") == ["十月最后一刻"]
    response = client.get("/api/disputes?from=2026-11-30&to=2026-11-01", headers=supervisor)
    assert response.status_code == 422
    assert "结束日期早于开始日期" in str(response.get_json()["error"])


def test_sorts_by_a_column_either_way_with_empty_values_last(client, district, supervisor):
    make_dispute(district.grid_a.id, title="B", case_no="XF-2026-0002")
    make_dispute(district.grid_a.id, title="A", case_no="XF-2026-0001")
    make_dispute(district.grid_a.id, title="未编号", case_no=None)
    assert titles(client, supervisor, "sort=case_no&order=asc") == ["A", "B", "未编号"]
    assert titles(client, supervisor, "sort=case_no&order=desc") == ["B", "A", "未编号"]
    assert client.get("/api/disputes?sort=summary", headers=supervisor).status_code == 422


def test_text_search_finds_a_party_name_and_case_number_only_in_scope(client, district, supervisor, login):
    mine = make_dispute(district.grid_a.id, title="漏水", case_no="XF-2026-0107")
    make_party(mine, name="欧阳明")
    other = make_dispute(district.grid_b.id, title="段北漏水", case_no="DB-2026-0107")
    make_party(other, name="欧阳明")
    assert titles(client, supervisor, "q=欧阳明") == ["漏水"]
    assert titles(client, supervisor, "q=2026-0107") == ["漏水"]
    assert titles(client, login("supervisor_b"), "q=欧阳明") == ["段北漏水"]
    assert client.get(f"/api/disputes/{other.id}", headers=supervisor).status_code == 404


def duplicates(client, headers, **probe) -> dict[str, list[str]]:
    response = client.post("/api/disputes/duplicates", json=probe, headers=headers)
    assert response.status_code == 200, response.get_json()
    return {item["dispute"]["title"]: item["reasons"] for item in response.get_json()["items"]}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_duplicates_by_phone_or_id_number_in_scope_only(client, district, supervisor):
    same = make_dispute(district.grid_a.id, title="同一电话")
    make_party(same, name="王秀兰", phone="13812345678", id_number="11010519491231002X")
    voided = make_dispute(district.grid_a.id, title="已作废", voided_at=datetime(2026, 11, 2), void_reason="重复")
    make_party(voided, phone="13812345678")
    elsewhere = make_dispute(district.grid_b.id, title="段北同一电话")
    make_party(elsewhere, phone="13812345678", id_number="11010519491231002X")
    make_party(make_dispute(district.grid_a.id, title="别人"), phone="13900001111", id_number=None)

    assert duplicates(client, supervisor, phones=["13812345678"]) == {"同一电话": ["phone"]}
    assert duplicates(client, supervisor, id_numbers=["11010519491231002x"]) == {"同一电话": ["id_number"]}
    assert duplicates(client, supervisor, phones=["13812345678"], id_numbers=["11010519491231002X"]) == {
        "同一电话": ["id_number", "phone"]}
    assert duplicates(client, supervisor, phones=["13700000000"]) == {}


def test_duplicates_answer_masked_personal_data(client, district, supervisor):
    make_party(make_dispute(district.grid_a.id, title="同一电话"), name="王秀兰",
               phone="13812345678", id_number="11010519491231002X")
    response = client.post("/api/disputes/duplicates", json={"phones": ["13812345678"]}, headers=supervisor)
    text = response.get_data(as_text=True)
    assert "13812345678" not in text and "11010519491231002X" not in text
    party = response.get_json()["items"][0]["parties"][0]
    assert party["name"] == "王秀兰" and party["phone"] == "138****5678"


def test_duplicates_by_address_need_the_same_category_within_30_days(client, district, supervisor):
    today = local_today()
    at = lambda days_ago: datetime.combine(today - timedelta(days=days_ago), datetime.min.time())  # noqa: E731
    make_party(make_dispute(district.grid_a.id, title="29天前", category="neighbor", reported_at=at(29)),
               address="兴福小区3号楼", phone=None, id_number=None)
    make_party(make_dispute(district.grid_a.id, title="31天前", category="neighbor", reported_at=at(31)),
               address="兴福小区3号楼", phone=None, id_number=None)
    make_party(make_dispute(district.grid_a.id, title="别的类型", category="labor", reported_at=at(1)),
               address="兴福小区3号楼", phone=None, id_number=None)
    assert duplicates(client, supervisor, addresses=[" 兴福小区3号楼 "], category="neighbor") == {
        "29天前": ["address_category"]}
    assert duplicates(client, supervisor, addresses=["兴福小区3号楼"]) == {}


def test_a_bad_probe_answers_422_naming_the_fields(client, district, supervisor):
    response = client.post("/api/disputes/duplicates", json={"phones": "13812345678", "category": "bogus"},
                           headers=supervisor)
    assert response.status_code == 422
    assert set(response.get_json()["error"]["details"]["fields"]) == {"phones", "category"}
