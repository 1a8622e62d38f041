"""Query-string schemas of the read API and the paginated answer."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from app.schemas.fields import Date, Integer, Text
from app.schemas.validators import one_of, validate_uuid


class PageQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    page = Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = Integer(load_default=20, validate=validate.Range(min=1, max=100))


DISPUTE_SORTS = ("reported_at", "case_no", "due_on", "status", "category", "updated_at")


class DisputeQuerySchema(PageQuerySchema):
    status = Text(validate=one_of("status"))
    category = Text(validate=one_of("category"))
    source = Text(validate=one_of("source"))
    risk_level = Text(validate=one_of("risk_level"))
    risk_flag = Text(validate=one_of("risk_flag"))
    area_id = Integer(validate=validate.Range(min=1))
    assigned_mediator_id = Integer(validate=validate.Range(min=1))
    committee_id = Integer(validate=validate.Range(min=1))
    overdue = fields.Boolean()
    q = Text(validate=validate.Length(min=1, max=100))
    include_voided = fields.Boolean(load_default=False)
    date_from = Date(data_key="from")
    date_to = Date(data_key="to")
    sort = Text(load_default="reported_at", validate=validate.OneOf(DISPUTE_SORTS))
    order = Text(load_default="desc", validate=validate.OneOf(("asc", "desc")))

    @validates_schema
    def _range_in_order(self, data: dict, **_: object) -> None:
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError("结束日期早于开始日期。 / `to` must not be before `from`.", "to")


class DuplicateProbeSchema(Schema):
    """What the intake form knows so far (a POST body, so phones and ID numbers stay out of logged URLs)."""

    class Meta:
        unknown = EXCLUDE

    phones = fields.List(Text(validate=validate.Length(max=20)), load_default=list, validate=validate.Length(max=20))
    id_numbers = fields.List(Text(validate=validate.Length(max=18)), load_default=list, validate=validate.Length(max=20))
    addresses = fields.List(Text(validate=validate.Length(max=200)), load_default=list, validate=validate.Length(max=20))
    category = Text(allow_none=True, validate=one_of("category"))


class VisitQuerySchema(PageQuerySchema):
    area_id = Integer(validate=validate.Range(min=1))
    dispute_id = Text(validate=validate_uuid)
    nil_report = fields.Boolean()
    date_from = Date(data_key="from")
    date_to = Date(data_key="to")


def page_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """{"items": [...], "total", "page", "per_page"} around an item schema."""
    return Schema.from_dict({
        "items": fields.List(fields.Nested(item_schema)),
        "total": Integer(),
        "page": Integer(),
        "per_page": Integer(),
    }, name=name)
