"""Exports: scoped, masked, Excel-friendly, audited, and streamed with flat memory."""
from __future__ import annotations

import csv
import gc
import io
import re
import tempfile
import tracemalloc
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.extensions import db as database
from app.models import AuditLog, Dispute
from app.services.desk.exports import HEADERS
from tests.records import make_dispute, make_party

ID_NUMBER = re.compile(r"(?<![\dXx])\d{17}[\dXx](?![\dXx])")
MOBILE = re.compile(r"(?<!\d)1\d{10}(?!\d)")
PHONE_IN_TITLE, ID_IN_TITLE = "13912345678", "110105194912310021"


def assert_nothing_unmasked(text: str) -> None:
    assert not ID_NUMBER.search(text), ID_NUMBER.search(text)
    assert not MOBILE.search(text), MOBILE.search(text)


@pytest.fixture
def cases(district) -> dict[str, Dispute]:
    d = district
    leak = make_dispute(d.grid_a.id, title=f"王某电话{PHONE_IN_TITLE}身份证{ID_IN_TITLE}", category="labor",
                        status="agreed", agreement_kind="written", agreement_terms="付清工资",
                        amount_involved=Decimal("12000.00"), agreement_amount=Decimal("9000.00"),
                        reported_at=datetime(2026, 11, 1, 2, 30), risk_flags=["group_incident"],
                        assigned_mediator_id=d.mediator_a.id, case_no="(2026)槐人调字第00007号")
    make_party(leak, name="王秀兰", phone="13812345678", id_number="11010519491231002X")
    make_party(leak, name="赵建国", role="respondent", phone="0531-87654321", id_number="370104198001011234")
    formula = make_dispute(d.grid_a2.id, title="=HYPERLINK(\"http://x\")", category="neighbor")
    other = make_dispute(d.grid_b.id, title="段北的案件", category="neighbor")
    make_party(other, name="段北当事人", phone="13700001111")
    return {"leak": leak, "formula": formula, "other": other}


def get_csv(client, headers, query: str = "") -> tuple[Any, str]:
    response = client.get(f"/api/exports/disputes.csv?{query}", headers=headers, buffered=True)
    assert response.status_code == 200, response.get_json()
    return response, response.get_data().decode("utf-8")


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_csv_has_a_bom_chinese_headers_labels_and_masked_parties(client, login, cases):
    response, text = get_csv(client, login("supervisor_a"))
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_data().startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert header == list(HEADERS)
    assert header[:5] == ["案号", "标题", "类型", "来源", "状态"]
    rows = {row["案号"]: row for row in rows_of(text)}
    row = rows["(2026)槐人调字第00007号"]
    assert (row["类型"], row["状态"], row["风险标识"], row["街道"], row["网格"]) == (
        "劳动争议", "调解成功", "群体性", "兴福街道", "兴福一网格")
    assert row["登记时间"] == "2026-11-01 10:30"  # Beijing time
    assert (row["涉及金额"], row["协议金额"], row["调解员"]) == ("12000.00", "9000.00", "Mediator_A")
    assert row["当事人"] == "王秀兰（申请人） 138****5678；赵建国（被申请人） 053*****4321"
    assert row["标题"] == "王某电话139****5678身份证110105********0021"
    assert_nothing_unmasked(text)


def test_spreadsheet_formulas_are_neutralised(client, login, cases):
    _, text = get_csv(client, login("supervisor_a"))
    assert "'=HYPERLINK" in text


def test_a_street_supervisor_exports_nothing_from_another_street(client, login, cases):
    _, a = get_csv(client, login("supervisor_a"))
    _, b = get_csv(client, login("supervisor_b"))
    assert len(rows_of(a)) == 2 and "段北" not in a
    assert [row["标题"] for row in rows_of(b)] == ["段北的案件"]
    assert "兴福" not in b and "王秀兰" not in b
    xlsx = client.get("/api/exports/disputes.xlsx", headers=login("supervisor_b"), buffered=True)
    sheet = load_workbook(io.BytesIO(xlsx.get_data()), read_only=True).active
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["段北的案件"]
    assert len(rows_of(get_csv(client, login("admin"))[1])) == 3


def test_the_export_uses_the_filters_of_the_case_list(client, login, cases, district):
    supervisor = login("supervisor_a")
    assert [r["类型"] for r in rows_of(get_csv(client, supervisor, "category=labor")[1])] == ["劳动争议"]
    assert [r["网格"] for r in rows_of(get_csv(client, supervisor, f"area_id={district.grid_a2.id}")[1])] == [
        "兴福二网格"]
    assert rows_of(get_csv(client, supervisor, "q=王秀兰")[1])[0]["案号"] == "(2026)槐人调字第00007号"
    for query in ("status=bogus", "area_id=abc", "overdue=maybe"):
        response = client.get(f"/api/exports/disputes.csv?{query}", headers=supervisor)
        assert response.status_code == 422, query
        assert response.get_json()["error"]["code"] == "validation_error"


def test_exports_are_for_supervisors_and_admins(client, login, cases):
    for path in ("disputes.csv", "disputes.xlsx", "stats.xlsx"):  # refused before any file is written
        assert client.get(f"/api/exports/{path}", headers=login("mediator_a")).status_code == 403
        assert client.get(f"/api/exports/{path}").status_code == 401


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_xlsx_opens_with_openpyxl_masked(client, login, cases, db):
    response = client.get("/api/exports/disputes.xlsx?per_page=5", headers=login("supervisor_a"), buffered=True)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.get_data()))
    sheet = book["矛盾纠纷台账"]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == list(HEADERS)
    by_case = {row[0]: dict(zip(HEADERS, row)) for row in values[1:]}
    row = by_case["(2026)槐人调字第00007号"]
    assert row["登记时间"] == datetime(2026, 11, 1, 10, 30)
    assert row["协议金额"] == 9000
    assert row["当事人"].startswith("王秀兰（申请人） 138****5678")
    assert_nothing_unmasked(" ".join(str(value) for row in values for value in row if value is not None))
    assert len(values) == 3


def test_the_temporary_workbook_is_deleted_once_sent(client, login, cases, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    response = client.get("/api/exports/disputes.xlsx", headers=login("supervisor_a"), buffered=False)
    assert len(list(tmp_path.glob("tiaojie-export-*.xlsx"))) == 1
    assert int(response.headers["Content-Length"]) == sum(len(chunk) for chunk in response.response)
    response.close()
    assert list(tmp_path.glob("tiaojie-export-*.xlsx")) == []


def test_each_export_is_audited_without_personal_data(client, login, cases, db):
    get_csv(client, login("supervisor_a"), "q=13812345678")
    client.get("/api/exports/stats.xlsx?from=2026-01-01&to=2026-11-30", headers=login("admin"), buffered=True)
    entries = db.session.execute(sa.select(AuditLog).where(AuditLog.action == "export")
                                 .order_by(AuditLog.id)).scalars().all()
    assert [(e.entity, e.details["format"]) for e in entries] == [("dispute", "csv"), ("stats", "xlsx")]
    assert entries[0].details["rows"] == 0 and entries[0].user_id is not None
    assert_nothing_unmasked(str([e.details for e in entries]))


def test_the_statistics_workbook_has_one_sheet_per_breakdown(client, login, cases, district):
    response = client.get("/api/exports/stats.xlsx?from=2026-09-01&to=2026-11-30", headers=login("supervisor_a"),
                          buffered=True)
    assert response.status_code == 200, response.get_json()
    book = load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames == ["概要", "按类型", "按来源", "按状态", "按月份", "按区域", "当事人性别",
                               "当事人年龄段", "当事人职业", "调解员工作量", "调委会工作量", "网格零上报"]
    overview = {row[0]: row[1] for row in book["概要"].iter_rows(min_row=2, values_only=True)}
    assert overview["统计区域"] == "兴福街道" and overview["案件总数"] == 2
    assert overview["调解成功率"] == "100.0%" and overview["协议金额合计（元）"] == 9000
    categories = {row[0]: row[1] for row in book["按类型"].iter_rows(min_row=2, values_only=True)}
    assert (categories["劳动争议"], categories["邻里"], categories["婚姻家庭"]) == (1, 1, 0)
    months = list(book["按月份"].iter_rows(min_row=2, values_only=True))
    assert months == [("2026-09", 0), ("2026-10", 0), ("2026-11", 2)]
    assert client.get("/api/exports/stats.xlsx?from=2026-10-01&to=2026-01-01",
                      headers=login("supervisor_a")).status_code == 422
    assert client.get(f"/api/exports/stats.xlsx?area_id={district.street_b.id}",
                      headers=login("supervisor_a")).status_code == 404


# ---------------------------------------------------------------- 100,000 rows

BULK_ROWS = 100_000
# The CSV of 100,000 cases is ~24 MB; a body built in memory (or the rows loaded at once) peaks far above.
PEAK_BOUND_BYTES = 8 * 1024 * 1024


BULK_DISPUTES = sa.text("""
    INSERT INTO disputes (id, version, seq, created_at, updated_at, field_versions, has_open_conflict,
                          area_id, title, category, source, risk_level, risk_flags, status, linked_agencies,
                          reported_at, accepted_at, due_on, assigned_mediator_id, amount_involved)
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :rows)
    SELECT 'bulk-' || i, 1, i, :now, :now, '{}', false, :area_id, '批量案件' || i || ' 楼上漏水致楼下天花板受损',
           'neighbor', 'initiative', 'low', '[]', 'mediating', '[]', :now, :now, :due_on, :mediator_id, 1234.50
    FROM n""")
BULK_PARTIES = sa.text("""
    INSERT INTO parties (id, version, seq, created_at, updated_at, field_versions, has_open_conflict,
                         dispute_id, role, kind, name, gender, phone, id_number, consent)
    SELECT 'party-' || substr(id, 6), 1, seq + :rows, created_at, updated_at, '{}', false,
           id, 'applicant', 'person', '王秀兰', 'female', '13812345678', '11010519491231002X', 'pending'
    FROM disputes WHERE id LIKE 'bulk-%'""")


def bulk_insert(district, rows: int) -> None:
    """`rows` cases with one party each, generated by the database itself (SQLite and PostgreSQL)."""
    database.session.execute(BULK_DISPUTES, {
        "rows": rows, "now": datetime(2026, 11, 1, 2, 0), "area_id": district.grid_a.id,
        "due_on": date(2026, 12, 1), "mediator_id": district.mediator_a.id})
    database.session.execute(BULK_PARTIES, {"rows": rows})
    database.session.commit()


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_a_100000_row_csv_export_streams_with_flat_memory(client, login, district):
    bulk_insert(district, BULK_ROWS)
    headers = login("supervisor_a")
    database.session.remove()
    gc.collect()
    tracemalloc.start()
    try:
        response = client.get("/api/exports/disputes.csv", headers=headers, buffered=False)
        assert response.status_code == 200
        size, lines, chunks, tail = 0, 0, 0, b""
        for chunk in response.response:
            size, lines, chunks = size + len(chunk), lines + chunk.count(b"\n"), chunks + 1
            window = tail + chunk
            assert not ID_NUMBER.search(window.decode("utf-8", "ignore"))
            assert not MOBILE.search(window.decode("utf-8", "ignore"))
            tail = chunk[-64:]
        response.close()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert lines == BULK_ROWS + 1
    assert chunks > 50, "the body came in one piece: not streamed"
    assert size > 2 * PEAK_BOUND_BYTES
    assert peak < PEAK_BOUND_BYTES, f"peak {peak / 2**20:.1f} MiB for a {size / 2**20:.1f} MiB body"
