"""Downloads: cases as CSV or Excel for the filters of GET /api/disputes, and the statistics workbook.

Each export is written to the audit log before the first byte leaves.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Response, stream_with_context

from app.api.blueprint import Blueprint
from app.auth.guards import REVIEWERS, roles_required
from app.schemas.stats import DisputeExportQuerySchema, StatsQuerySchema
from app.services.desk import exports
from app.services.desk import stats
from sync.clock import local_today
from app.services.access.current import current_viewer

blp = Blueprint("exports", __name__, url_prefix="/api/exports", description="Exports (CSV, Excel)")

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(body: Iterable[bytes], mimetype: str, stem: str, zh_stem: str, suffix: str) -> Response:
    """A streamed attachment; the Chinese file name for browsers that read RFC 5987, ASCII otherwise."""
    day = local_today().strftime("%Y%m%d")
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f"attachment; filename={stem}-{day}.{suffix}; filename*=UTF-8''{quote(f'{zh_stem}-{day}.{suffix}')}")
    return response


def file_download(path: Path, stem: str, zh_stem: str) -> Response:
    response = download(exports.file_chunks(path), XLSX, stem, zh_stem, "xlsx")
    response.headers["Content-Length"] = str(path.stat().st_size)
    response.call_on_close(lambda: path.unlink(missing_ok=True))  # once sent, or when the client leaves
    return response


@blp.route("/disputes.csv")
@roles_required(*REVIEWERS)
@blp.arguments(DisputeExportQuerySchema, location="query")
@blp.response(200, content_type=CSV, description="UTF-8 CSV with a BOM; phones masked")
def disputes_csv(filters: dict[str, Any]) -> Response:
    viewer = current_viewer()
    exports.audit_case_export(viewer, filters, "csv")
    return download(stream_with_context(exports.cases_csv(viewer, filters)), CSV,
                    "disputes", "矛盾纠纷台账", "csv")


@blp.route("/disputes.xlsx")
@roles_required(*REVIEWERS)
@blp.arguments(DisputeExportQuerySchema, location="query")
@blp.response(200, content_type=XLSX, description="Excel workbook; phones masked")
def disputes_xlsx(filters: dict[str, Any]) -> Response:
    viewer = current_viewer()
    exports.audit_case_export(viewer, filters, "xlsx")
    return file_download(exports.cases_xlsx(viewer, filters), "disputes", "矛盾纠纷台账")


@blp.route("/stats.xlsx")
@roles_required(*REVIEWERS)
@blp.arguments(StatsQuerySchema, location="query")
@blp.response(200, content_type=XLSX, description="The statistics workbook, one sheet per breakdown")
def stats_xlsx(query: dict[str, Any]) -> Response:
    summary = stats.summary(current_viewer(), query.get("date_from"), query.get("date_to"), query.get("area_id"))
    exports.audit_stats_export(summary)
    return file_download(exports.stats_xlsx(summary), "statistics", "统计报表")
