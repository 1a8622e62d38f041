"""Query-string schemas of the read API and the paginated answer."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from app.schemas.fields import Date, Integer, Text
from app.schemas.validators import one_of, validate_uuid


class PageQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    page = Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = Integer(load_default=20, validate=validate.Range(min=1, max=100))


class DisputeQuerySchema(PageQuerySchema):
    status = Text(validate=one_of("status"))
    category = Text(validate=one_of("category"))
    risk_level = Text(validate=one_of("risk_level"))
    area_id = Integer(validate=validate.Range(min=1))
    assigned_mediator_id = Integer(validate=validate.Range(min=1))
    overdue = fields.Boolean()
    q = Text(validate=validate.Length(min=1, max=100))
    include_voided = fields.Boolean(load_default=False)


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
