"""The push and pull shapes of sync-protocol.md §3 and §6."""
from __future__ import annotations

from marshmallow import EXCLUDE, RAISE, Schema, fields, validate

from app.schemas.fields import UtcDateTime

DEVICE_ID = validate.Regexp(r"^[A-Za-z0-9._:-]{1,64}$", error="1–64 letters, digits or ._:-")


class DeviceReportSchema(Schema):
    """The device's health report; unknown keys are ignored so newer apps can say more."""

    class Meta:
        unknown = EXCLUDE

    app_version = fields.String(allow_none=True, validate=validate.Length(max=40))
    outbox_size = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=10_000_000))
    oldest_pending = UtcDateTime(allow_none=True)
    storage_used_bytes = fields.Integer(allow_none=True, validate=validate.Range(min=0))
    device_time = UtcDateTime(allow_none=True)


class PushRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    device_id = fields.String(required=True, validate=DEVICE_ID)
    device = fields.Nested(DeviceReportSchema, load_default=dict)
    mutations = fields.List(fields.Dict(), required=True)


class MutationItemSchema(Schema):
    """One mutation's envelope; its `changes` are validated by the entity's schema."""

    class Meta:
        unknown = RAISE

    mutation_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    entity = fields.String(required=True, validate=validate.Length(max=40))
    id = fields.String(required=True, validate=validate.Length(min=1, max=36))
    op = fields.String(required=True, validate=validate.Length(max=16))
    base_version = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=0))
    changes = fields.Dict(keys=fields.String(validate=validate.Length(max=64)), load_default=dict)
    client_time = fields.String(allow_none=True, validate=validate.Length(max=40))


class PushResultSchema(Schema):
    mutation_id = fields.String()
    status = fields.String()
    record = fields.Dict(allow_none=True)
    conflicts = fields.List(fields.Dict())
    errors = fields.Dict()
    error_code = fields.String()
    original_status = fields.String()


class PushResponseSchema(Schema):
    results = fields.List(fields.Nested(PushResultSchema))
    server_time = fields.String()


class PullQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    cursor = fields.String(validate=validate.Length(max=200))
    limit = fields.Integer(load_default=500, validate=validate.Range(min=1, max=1000))


class PullResponseSchema(Schema):
    records = fields.List(fields.Dict())
    cursor = fields.String(allow_none=True)
    has_more = fields.Boolean()
    reset = fields.Boolean()
    evictions = fields.List(fields.Dict())
