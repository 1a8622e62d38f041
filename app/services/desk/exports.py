"""Exports of cases (CSV, Excel) and of the statistics (Excel): streamed, masked and audited.

Cases are read in batches (`yield_per`) and written as they come, so memory stays flat however
many rows an export holds: CSV is yielded batch by batch; Excel is written row by row by
openpyxl's write-only mode into a temporary file, which the route then streams and deletes.

Privacy (domain.md): phones are masked, ID numbers are not exported at all, and any phone or ID
number typed into a free-text field (a title, a name) is masked too. Times are Beijing time.
"""
from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app.catalogue import CATALOGUE
from app.extensions import db
from app.models import Area, Committee, Dispute, Party, User
from app.schemas.masking import mask_phone
from app.schemas.masking import mask_text
from app.services.access.audit import record_audit
from app.services.desk.deadlines import deadline_state
from app.services.reads.disputes import filtered_disputes, ordering
from app.services.access.scope import Viewer
from sync.clock import local_datetime, local_today

BATCH_ROWS = 1000
FILE_CHUNK_BYTES = 64 * 1024
CSV_BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DEADLINE_LABELS = {"ok": "正常", "amber": "临期", "red": "超期", "none": ""}
CASE_SHEET = "矛盾纠纷台账"

DISPUTE_COLUMNS = (
    Dispute.id, Dispute.case_no, Dispute.title, Dispute.category, Dispute.source, Dispute.status,
    Dispute.risk_level, Dispute.risk_flags, Dispute.area_id, Dispute.reported_at, Dispute.occurred_on,
    Dispute.accepted_at, Dispute.due_on, Dispute.assigned_mediator_id, Dispute.committee_id,
    Dispute.persons_involved, Dispute.amount_involved, Dispute.agreement_amount,
    Dispute.agreement_signed_on, Dispute.closed_at, Dispute.voided_at,
)
HEADERS = (
    "案号", "标题", "类型", "来源", "状态", "风险等级", "风险标识", "街道", "网格", "登记时间", "发生日期",
    "受理时间", "期限", "期限状态", "调解员", "调委会", "当事人", "涉及人数", "涉及金额", "协议金额",
    "协议签订日期", "结案时间", "作废时间",
)


def _zh(enum: str) -> dict[str, str]:
    return {code: zh for code, zh, _ in CATALOGUE[enum]}


LABELS = {name: _zh(name) for name in ("category", "source", "status", "risk_level", "risk_flag", "party_role")}


# ---------------------------------------------------------------- cell values

def no_formula(text: str) -> str:
    """Text a spreadsheet never reads as a formula (CSV/formula injection)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return no_formula(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def xlsx_cell(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", no_formula(value))
    return value


# ---------------------------------------------------------------- case rows

@dataclass(frozen=True)
class Names:
    """Names of the small tables, loaded once per export: areas (with their street), users, committees."""

    areas: dict[int, tuple[str, str]]
    users: dict[int, str]
    committees: dict[int, str]

    @classmethod
    def load(cls) -> "Names":
        areas = db.session.execute(sa.select(Area.id, Area.name, Area.level, Area.path)).all()
        streets = {row.id: row.name for row in areas if row.level == "street"}

        def street_of(path: str) -> str:
            ids = [int(part) for part in path.strip("/").split("/") if part]
            return next((streets[i] for i in ids if i in streets), "")

        return cls(
            areas={row.id: (row.name, street_of(row.path)) for row in areas},
            users=dict(db.session.execute(sa.select(User.id, User.display_name)).all()),
            committees=dict(db.session.execute(sa.select(Committee.id, Committee.name)).all()),
        )


def _parties_of(dispute_ids: list[str]) -> dict[str, str]:
    """"王秀兰（申请人）138****5678；…" per case, for one batch of cases."""
    rows = db.session.execute(
        sa.select(Party.dispute_id, Party.name, Party.role, Party.phone)
        .where(Party.dispute_id.in_(dispute_ids), Party.voided_at.is_(None))
        .order_by(Party.dispute_id, Party.created_at, Party.id))
    listed: dict[str, list[str]] = {}
    for row in rows:
        role = LABELS["party_role"].get(row.role, row.role)
        phone = f" {mask_phone(row.phone)}" if row.phone else ""
        listed.setdefault(row.dispute_id, []).append(f"{mask_text(row.name)}（{role}）{phone}")
    return {dispute_id: "；".join(entries) for dispute_id, entries in listed.items()}


def _case_row(row: Any, parties: str, names: Names, today: date) -> list[Any]:
    grid, street = names.areas.get(row.area_id, ("", ""))
    return [
        row.case_no, mask_text(row.title), LABELS["category"].get(row.category, row.category),
        LABELS["source"].get(row.source, row.source), LABELS["status"].get(row.status, row.status),
        LABELS["risk_level"].get(row.risk_level, row.risk_level),
        "、".join(LABELS["risk_flag"].get(flag, flag) for flag in row.risk_flags or []),
        street, grid, local_datetime(row.reported_at), row.occurred_on, local_datetime(row.accepted_at),
        row.due_on, DEADLINE_LABELS[deadline_state(row.status, row.due_on, today)],
        names.users.get(row.assigned_mediator_id, ""), names.committees.get(row.committee_id, ""),
        parties, row.persons_involved, row.amount_involved, row.agreement_amount,
        row.agreement_signed_on, local_datetime(row.closed_at), local_datetime(row.voided_at),
    ]


def case_rows(viewer: Viewer, filters: dict[str, Any], today: date | None = None) -> Iterator[list[Any]]:
    """The cases of GET /api/disputes with these filters, newest first, one list of cells each."""
    today = today or local_today()
    names = Names.load()
    query = (filtered_disputes(viewer, filters, today).with_only_columns(*DISPUTE_COLUMNS)
             .order_by(*ordering(filters)).execution_options(yield_per=BATCH_ROWS))
    for batch in db.session.execute(query).partitions():
        parties = _parties_of([row.id for row in batch])
        for row in batch:
            yield _case_row(row, parties.get(row.id, ""), names, today)


def audit_case_export(viewer: Viewer, filters: dict[str, Any], file_format: str) -> int:
    """Write the export to the audit log (committed before the first byte leaves); the row count."""
    query = filtered_disputes(viewer, filters, local_today())
    rows = db.session.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()
    record_audit("export", entity="dispute", details={"format": file_format, "rows": rows, "filters": {
        key: value for key, value in filters.items() if isinstance(value, (str, int, bool))}})
    db.session.commit()
    return rows


def cases_csv(viewer: Viewer, filters: dict[str, Any], today: date | None = None) -> Iterator[bytes]:
    """UTF-8 CSV with a BOM (so Excel reads the Chinese), yielded a batch at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(CSV_BOM)
    writer.writerow(HEADERS)
    for n, row in enumerate(case_rows(viewer, filters, today), start=1):
        writer.writerow([csv_cell(value) for value in row])
        if n % BATCH_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def cases_xlsx(viewer: Viewer, filters: dict[str, Any], today: date | None = None) -> Path:
    """The cases as an Excel workbook in a temporary file (the caller streams and deletes it)."""
    return write_workbook([(CASE_SHEET, HEADERS, case_rows(viewer, filters, today))],
                          widths={"B": 36, "J": 17, "L": 17, "Q": 48})


# ---------------------------------------------------------------- workbooks and files

Sheet = tuple[str, Iterable[str], Iterable[Iterable[Any]]]


def write_workbook(sheets: Iterable[Sheet], widths: dict[str, int] | None = None) -> Path:
    """Write sheets (title, header, rows) with openpyxl's write-only mode to a temporary .xlsx."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title)
        for column, width in (widths or {}).items():
            sheet.column_dimensions[column].width = width
        sheet.append(list(header))
        for row in rows:
            sheet.append([xlsx_cell(value) for value in row])
    handle = tempfile.NamedTemporaryFile(prefix="tiaojie-export-", suffix=".xlsx", delete=False)
    handle.close()
    path = Path(handle.name)
    try:
        workbook.save(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as stream:
        while chunk := stream.read(FILE_CHUNK_BYTES):
            yield chunk


# ---------------------------------------------------------------- the statistics workbook

def _labelled_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [[row["zh"], row["count"]] for row in rows]


def _percent(rate: float | None) -> str:
    return "" if rate is None else f"{rate * 100:.1f}%"


def stats_xlsx(summary: dict[str, Any]) -> Path:
    """The monthly statistics workbook: an overview sheet, then one sheet per breakdown."""
    window, area = summary["range"], summary["area"]
    revisits, overdue = summary["revisits"], summary["overdue"]
    overview = [
        ["统计区域", area["name"]],
        ["统计期间", f"{window['from']} 至 {window['to']}"],
        ["案件总数", summary["total"]],
        ["已办结", summary["finished_count"]],
        ["调解成功", summary["success_count"]],
        ["调解成功率", _percent(summary["success_rate"])],
        ["协议金额合计（元）", summary["agreement_amount_total"]],
        ["防止民转刑、群体性事件", summary["escalations_prevented"]],
        ["平均结案天数（受理至结案）", summary["avg_days_to_close"]],
        ["临期案件（当前）", overdue["amber"]],
        ["超期案件（当前）", overdue["red"]],
        ["回访按时完成", revisits["on_time"]],
        ["回访逾期完成", revisits["late"]],
        ["回访缺失", revisits["missing"]],
        ["回访待完成", revisits["due"]],
        ["回访按时率", _percent(summary["revisit_on_time_rate"])],
        ["走访次数", summary["visits_total"]],
        ["零上报次数", summary["nil_reports_total"]],
    ]
    sheets: list[Sheet] = [
        ("概要", ["指标", "数值"], overview),
        ("按类型", ["纠纷类型", "件数"], _labelled_rows(summary["by_category"])),
        ("按来源", ["案件来源", "件数"], _labelled_rows(summary["by_source"])),
        ("按状态", ["状态", "件数"], _labelled_rows(summary["by_status"])),
        ("按月份", ["月份", "件数"], [[row["month"], row["count"]] for row in summary["by_month"]]),
        ("按区域", ["区域", "件数"], [[row["name"], row["count"]] for row in summary["by_area"]]),
        ("当事人性别", ["性别", "人数"], _labelled_rows(summary["by_gender"])),
        ("当事人年龄段", ["年龄段", "人数"], _labelled_rows(summary["by_age_band"])),
        ("当事人职业", ["职业", "人数"], _labelled_rows(summary["by_occupation"])),
        ("调解员工作量", ["调解员", "在办案件", "期内登记案件"],
         [[row["display_name"], row["open"], row["total"]] for row in summary["workload_by_mediator"]]),
        ("调委会工作量", ["调委会", "在办案件", "期内登记案件"],
         [[row["name"], row["open"], row["total"]] for row in summary["workload_by_committee"]]),
        ("网格零上报", ["网格", "走访次数", "零上报次数"],
         [[row["name"], row["visits"], row["nil_reports"]] for row in summary["nil_reports_by_grid"]]),
    ]
    return write_workbook(sheets, widths={"A": 28, "B": 16, "C": 16})


def audit_stats_export(summary: dict[str, Any]) -> None:
    record_audit("export", entity="stats", record_id=summary["area"]["id"], details={
        "format": "xlsx", "from": summary["range"]["from"].isoformat(),
        "to": summary["range"]["to"].isoformat(), "area_id": summary["area"]["id"]})
    db.session.commit()

