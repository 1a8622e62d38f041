"""Statistics, review queue, dispatch suggestions, revisits and exports at the API edge."""
from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from app.schemas.fields import Date, UtcDateTime
from app.schemas.queries import DisputeQuerySchema, PageQuerySchema, page_schema
from app.schemas.records import DisputeSchema
from app.services.stats import REVISIT_BUCKETS, range_errors


# ---------------------------------------------------------------- queries

class WindowQuerySchema(Schema):
    """`from`/`to` (Beijing calendar days, both included) and an optional `area_id`."""

    class Meta:
        unknown = EXCLUDE

    date_from = Date(data_key="from")
    date_to = Date(data_key="to")
    area_id = fields.Integer(validate=validate.Range(min=1))

    @validates_schema
    def _window(self, data: dict[str, Any], **_kwargs: Any) -> None:
        errors = range_errors(data.get("date_from"), data.get("date_to"))
        if errors:
            raise ValidationError(errors)


class StatsQuerySchema(WindowQuerySchema):
    pass


class RevisitQuerySchema(WindowQuerySchema, PageQuerySchema):
    bucket = fields.String(validate=validate.OneOf(REVISIT_BUCKETS))


class QueueQuerySchema(PageQuerySchema):
    area_id = fields.Integer(validate=validate.Range(min=1))


class DisputeExportQuerySchema(DisputeQuerySchema):
    """The filters of GET /api/disputes; an export has no pages."""

    class Meta(DisputeQuerySchema.Meta):
        exclude = ("page", "per_page")


# ---------------------------------------------------------------- statistics

class CountRowSchema(Schema):
    code = fields.String()
    zh = fields.String()
    en = fields.String()
    count = fields.Integer()


class MonthRowSchema(Schema):
    month = fields.String(metadata={"description": "YYYY-MM, Beijing time"})
    count = fields.Integer()


class AreaBriefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    level = fields.String()


class AreaCountSchema(AreaBriefSchema):
    count = fields.Integer()


class NilReportRowSchema(AreaBriefSchema):
    visits = fields.Integer()
    nil_reports = fields.Integer()


class MediatorWorkloadSchema(Schema):
    id = fields.Integer()
    display_name = fields.String()
    open = fields.Integer(metadata={"description": "open now, whenever reported"})
    total = fields.Integer(metadata={"description": "reported in the window"})


class CommitteeWorkloadSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    open = fields.Integer()
    total = fields.Integer()


class OverdueSchema(Schema):
    amber = fields.Integer()
    red = fields.Integer()


class RevisitCountsSchema(Schema):
    due = fields.Integer()
    on_time = fields.Integer()
    late = fields.Integer()
    missing = fields.Integer()
    total = fields.Integer()


WindowSchema = Schema.from_dict({"from": fields.Date(), "to": fields.Date()}, name="Window")


def _rows(schema: type[Schema]) -> fields.List:
    return fields.List(fields.Nested(schema))


class StatsSummarySchema(Schema):
    """Definitions: app/services/stats.py."""

    range = fields.Nested(WindowSchema)
    area = fields.Nested(AreaBriefSchema)
    by_area_level = fields.String()
    total = fields.Integer()
    by_category = _rows(CountRowSchema)
    by_source = _rows(CountRowSchema)
    by_status = _rows(CountRowSchema)
    by_month = _rows(MonthRowSchema)
    by_area = _rows(AreaCountSchema)
    by_gender = _rows(CountRowSchema)
    by_age_band = _rows(CountRowSchema)
    by_occupation = _rows(CountRowSchema)
    success_rate = fields.Float(allow_none=True)
    success_count = fields.Integer()
    finished_count = fields.Integer()
    agreement_amount_total = fields.Float()
    escalations_prevented = fields.Integer()
    avg_days_to_close = fields.Float(allow_none=True)
    revisits = fields.Nested(RevisitCountsSchema)
    revisit_on_time_rate = fields.Float(allow_none=True)
    overdue = fields.Nested(OverdueSchema)
    workload_by_mediator = _rows(MediatorWorkloadSchema)
    workload_by_committee = _rows(CommitteeWorkloadSchema)
    visits_total = fields.Integer()
    nil_reports_total = fields.Integer()
    nil_reports_by_grid = _rows(NilReportRowSchema)


# ---------------------------------------------------------------- review

class QueueItemSchema(Schema):
    dispute = fields.Nested(DisputeSchema)
    deadline_state = fields.String()
    queue_reasons = fields.List(fields.String())


QueuePageSchema = page_schema(QueueItemSchema, "QueuePage")


class ReasonSchema(Schema):
    code = fields.String()
    zh = fields.String()
    en = fields.String()
    points = fields.Integer()


class MediatorSuggestionSchema(Schema):
    id = fields.Integer()
    display_name = fields.String()
    area_id = fields.Integer()
    area_name = fields.String()
    is_lawyer = fields.Boolean()
    full_time = fields.Boolean()
    specialties = fields.List(fields.String())
    open_cases = fields.Integer()
    score = fields.Integer()
    reasons = _rows(ReasonSchema)


class CommitteeSuggestionSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    area_id = fields.Integer()
    room_name = fields.String(allow_none=True)
    open_cases = fields.Integer()
    score = fields.Integer()
    reasons = _rows(ReasonSchema)


class SuggestionsSchema(Schema):
    dispute_id = fields.String()
    category = fields.String()
    mediators = _rows(MediatorSuggestionSchema)
    committees = _rows(CommitteeSuggestionSchema)


class RevisitItemSchema(Schema):
    id = fields.String(metadata={"description": "the followup's id"})
    dispute_id = fields.String()
    case_no = fields.String(allow_none=True)
    title = fields.String()
    area_id = fields.Integer()
    area_name = fields.String()
    mediator_id = fields.Integer(allow_none=True)
    mediator_name = fields.String(allow_none=True)
    due_on = fields.Date()
    done_at = UtcDateTime(allow_none=True)
    bucket = fields.String()
    days_late = fields.Integer(allow_none=True, metadata={
        "description": "late: days done after the due day; missing: days past due; else null"})


class RevisitReportSchema(Schema):
    range = fields.Nested(WindowSchema)
    area = fields.Nested(AreaBriefSchema)
    counts = fields.Nested(RevisitCountsSchema)
    on_time_rate = fields.Float(allow_none=True)
    items = _rows(RevisitItemSchema)
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
