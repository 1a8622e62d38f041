"""The push and pull shapes of sync-protocol.md §3 and §6."""
from __future__ import annotations

from marshmallow import EXCLUDE, RAISE, Schema, fields, validate

from app.schemas.fields import Integer, Text, UtcDateTime

DEVICE_ID = validate.Regexp(r"^[A-Za-z0-9._:-]{1,64}$", error="1–64 letters, digits or ._:-")


class DeviceReportSchema(Schema):
    """The device's health report; unknown keys are ignored so newer apps can say more."""

    class Meta:
        unknown = EXCLUDE

    app_version = Text(allow_none=True, validate=validate.Length(max=40))
    outbox_size = Integer(allow_none=True, validate=validate.Range(min=0, max=10_000_000))
    oldest_pending = UtcDateTime(allow_none=True)
    storage_used_bytes = Integer(big=True, allow_none=True, validate=validate.Range(min=0))
    device_time = UtcDateTime(allow_none=True)


class PushRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    device_id = Text(required=True, validate=DEVICE_ID)
    device = fields.Nested(DeviceReportSchema, load_default=dict)
    mutations = fields.List(fields.Dict(), required=True)


class MutationItemSchema(Schema):
    """One mutation's envelope; its `changes` are validated by the entity's schema."""

    class Meta:
        unknown = RAISE

    mutation_id = Text(required=True, validate=validate.Length(min=1, max=64))
    entity = Text(required=True, validate=validate.Length(max=40))
    id = Text(required=True, validate=validate.Length(min=1, max=36))
    op = Text(required=True, validate=validate.Length(max=16))
    base_version = Integer(allow_none=True, strict=True, validate=validate.Range(min=0))
    changes = fields.Dict(keys=Text(validate=validate.Length(max=64)), load_default=dict)
    client_time = Text(allow_none=True, validate=validate.Length(max=40))


class PushResultSchema(Schema):
    mutation_id = Text()
    status = Text()
    record = fields.Dict(allow_none=True)
    conflicts = fields.List(fields.Dict())
    errors = fields.Dict()
    error_code = Text()
    original_status = Text()


class PushResponseSchema(Schema):
    results = fields.List(fields.Nested(PushResultSchema))
    server_time = Text()


class PullQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    cursor = Text(validate=validate.Length(max=200))
    limit = Integer(load_default=500, validate=validate.Range(min=1, max=1000))


class PullResponseSchema(Schema):
    records = fields.List(fields.Dict())
    cursor = Text(allow_none=True)
    has_more = fields.Boolean()
    reset = fields.Boolean()
    evictions = fields.List(fields.Dict())
