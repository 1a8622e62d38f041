"""Conflict review shapes (sync-protocol.md §9)."""
from marshmallow import EXCLUDE, RAISE, Schema, fields, validate

from app.schemas.fields import Text
from app.schemas.validators import one_of


class ConflictQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    status = Text(validate=one_of("conflict_status"))
    record_id = Text(validate=validate.Length(max=36))


class ResolveSchema(Schema):
    class Meta:
        unknown = RAISE

    choose = Text(required=True, validate=validate.OneOf(["server", "device", "value"]))
    value = fields.Raw(allow_none=True)


class ConflictListSchema(Schema):
    items = fields.List(fields.Dict())


class HistorySchema(Schema):
    items = fields.List(fields.Dict())
    conflicts = fields.List(fields.Dict())
    people = fields.Dict(keys=Text(), values=Text())
