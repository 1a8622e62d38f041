"""Statistics, review queue, dispatch suggestions, revisits and exports at the API edge."""
from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from app.schemas.fields import Date, Integer, Text, UtcDateTime
from app.schemas.queries import DisputeQuerySchema, PageQuerySchema, page_schema
from app.schemas.records import DisputeSchema
from app.services.desk.stats import REVISIT_BUCKETS, range_errors


# ---------------------------------------------------------------- queries

class WindowQuerySchema(Schema):
    """`from`/`to` (Beijing calendar days, both included) and an optional `area_id`."""

    class Meta:
        unknown = EXCLUDE

    date_from = Date(data_key="from")
    date_to = Date(data_key="to")
    area_id = Integer(validate=validate.Range(min=1))

    @validates_schema
    def _window(self, data: dict[str, Any], **_kwargs: Any) -> None:
        errors = range_errors(data.get("date_from"), data.get("date_to"))
        if errors:
            raise ValidationError(errors)


class StatsQuerySchema(WindowQuerySchema):
    pass


class RevisitQuerySchema(WindowQuerySchema, PageQuerySchema):
    bucket = Text(validate=validate.OneOf(REVISIT_BUCKETS))


class QueueQuerySchema(PageQuerySchema):
    area_id = Integer(validate=validate.Range(min=1))


class DisputeExportQuerySchema(DisputeQuerySchema):
    """The filters of GET /api/disputes; an export has no pages."""

    class Meta(DisputeQuerySchema.Meta):
        exclude = ("page", "per_page")


# ---------------------------------------------------------------- statistics

class CountRowSchema(Schema):
    code = Text()
    zh = Text()
    en = Text()
    count = Integer()


class MonthRowSchema(Schema):
    month = Text(metadata={"description": "YYYY-MM, Beijing time; YYYY when `by_month_unit` is year"})
    count = Integer()


class AreaBriefSchema(Schema):
    id = Integer()
    name = Text()
    level = Text()


class AreaCountSchema(AreaBriefSchema):
    count = Integer()


class NilReportRowSchema(AreaBriefSchema):
    visits = Integer()
    nil_reports = Integer()


class MediatorWorkloadSchema(Schema):
    id = Integer()
    display_name = Text()
    open = Integer(metadata={"description": "open now, whenever reported"})
    total = Integer(metadata={"description": "reported in the window"})


class CommitteeWorkloadSchema(Schema):
    id = Integer()
    name = Text()
    open = Integer()
    total = Integer()


class OverdueSchema(Schema):
    amber = Integer()
    red = Integer()


class RevisitCountsSchema(Schema):
    due = Integer()
    on_time = Integer()
    late = Integer()
    missing = Integer()
    total = Integer()


WindowSchema = Schema.from_dict({"from": fields.Date(), "to": fields.Date()}, name="Window")


def _rows(schema: type[Schema]) -> fields.List:
    return fields.List(fields.Nested(schema))


class StatsSummarySchema(Schema):
    """Definitions: app/services/desk/stats.py."""

    range = fields.Nested(WindowSchema)
    area = fields.Nested(AreaBriefSchema)
    by_area_level = Text()
    total = Integer()
    by_category = _rows(CountRowSchema)
    by_source = _rows(CountRowSchema)
    by_status = _rows(CountRowSchema)
    by_month = _rows(MonthRowSchema)
    by_month_unit = Text()
    by_area = _rows(AreaCountSchema)
    by_gender = _rows(CountRowSchema)
    by_age_band = _rows(CountRowSchema)
    by_occupation = _rows(CountRowSchema)
    success_rate = fields.Float(allow_none=True)
    success_count = Integer()
    finished_count = Integer()
    agreement_amount_total = fields.Float()
    escalations_prevented = Integer()
    avg_days_to_close = fields.Float(allow_none=True)
    revisits = fields.Nested(RevisitCountsSchema)
    revisit_on_time_rate = fields.Float(allow_none=True)
    overdue = fields.Nested(OverdueSchema)
    workload_by_mediator = _rows(MediatorWorkloadSchema)
    workload_by_committee = _rows(CommitteeWorkloadSchema)
    visits_total = Integer()
    nil_reports_total = Integer()
    nil_reports_by_grid = _rows(NilReportRowSchema)


# ---------------------------------------------------------------- review

class QueueItemSchema(Schema):
    dispute = fields.Nested(DisputeSchema)
    deadline_state = Text()
    queue_reasons = fields.List(Text())


QueuePageSchema = page_schema(QueueItemSchema, "QueuePage")


class DeskCountsSchema(Schema):
    review = Integer()
    conflicts = Integer()
    revisits_due = Integer()
    silent_phones = Integer()


class ReasonSchema(Schema):
    code = Text()
    zh = Text()
    en = Text()
    points = Integer()


class MediatorSuggestionSchema(Schema):
    id = Integer()
    display_name = Text()
    area_id = Integer()
    area_name = Text()
    is_lawyer = fields.Boolean()
    full_time = fields.Boolean()
    specialties = fields.List(Text())
    open_cases = Integer()
    score = Integer()
    reasons = _rows(ReasonSchema)


class CommitteeSuggestionSchema(Schema):
    id = Integer()
    name = Text()
    kind = Text()
    area_id = Integer()
    room_name = Text(allow_none=True)
    open_cases = Integer()
    score = Integer()
    reasons = _rows(ReasonSchema)


class SuggestionsSchema(Schema):
    dispute_id = Text()
    category = Text()
    mediators = _rows(MediatorSuggestionSchema)
    committees = _rows(CommitteeSuggestionSchema)


class RevisitItemSchema(Schema):
    id = Text(metadata={"description": "the followup's id"})
    dispute_id = Text()
    case_no = Text(allow_none=True)
    title = Text()
    area_id = Integer()
    area_name = Text()
    mediator_id = Integer(allow_none=True)
    mediator_name = Text(allow_none=True)
    due_on = fields.Date()
    done_at = UtcDateTime(allow_none=True)
    bucket = Text()
    days_late = Integer(allow_none=True, metadata={
        "description": "late: days done after the due day; missing: days past due; else null"})


class RevisitReportSchema(Schema):
    range = fields.Nested(WindowSchema)
    area = fields.Nested(AreaBriefSchema)
    counts = fields.Nested(RevisitCountsSchema)
    on_time_rate = fields.Float(allow_none=True)
    items = _rows(RevisitItemSchema)
    total = Integer()
    page = Integer()
    per_page = Integer()
