"""The push and pull shapes of sync-protocol.md §3 and §6."""
from __future__ import annotations

from marshmallow import EXCLUDE, RAISE, Schema, fields, validate

from app.schemas.fields import Integer, Text, UtcDateTime
from app.schemas.records import RECORD_SCHEMAS, VOID_REASON_MAX

VOID_CHANGES = {"type": "object", "additionalProperties": False,
                "properties": {"void_reason": {"type": "string", "nullable": True, "maxLength": VOID_REASON_MAX}}}
"""A void's `changes`, for the OpenAPI document (records.VoidSchema loads them)."""
DEVICE_ID = validate.Regexp(r"^[A-Za-z0-9._:-]{1,64}$", error="1–64 letters, digits or ._:-")


class DeviceReportSchema(Schema):
    """The device's health report; unknown keys are ignored so newer apps can say more."""

    class Meta:
        unknown = EXCLUDE

    app_version = Text(allow_none=True, validate=validate.Length(max=40))
    outbox_size = Integer(allow_none=True, validate=validate.Range(min=0, max=10_000_000))
    oldest_pending = UtcDateTime(allow_none=True)
    storage_used_bytes = Integer(big=True, allow_none=True, validate=validate.Range(min=0))
    pending_attachment_bytes = Integer(big=True, allow_none=True, validate=validate.Range(min=0))
    """The bytes of the attachments recorded on the phone that the server has not yet got whole (issue 11)."""
    device_time = UtcDateTime(allow_none=True)


class EachMutation(fields.Nested):
    """Documented as a `MutationItem`, loaded as the object sent: the push checks each mutation on its
    own, so that a bad one is rejected alone (sync-protocol.md §3) instead of failing the whole batch."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(lambda: MutationItemSchema(), **kwargs)

    def _deserialize(self, value: object, attr: str | None, data: object, **kwargs: object) -> object:
        if not isinstance(value, dict):
            raise self.make_error("type", input=value)
        return value


class PushRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    device_id = Text(required=True, validate=DEVICE_ID)
    device = fields.Nested(DeviceReportSchema, load_default=dict)
    mutations = fields.List(EachMutation(), required=True)


class MutationItemSchema(Schema):
    """One mutation's envelope; its `changes` are validated by the entity's schema."""

    class Meta:
        unknown = RAISE

    mutation_id = Text(required=True, validate=validate.Length(min=1, max=64))
    entity = Text(required=True, validate=validate.Length(max=40), metadata={"enum": sorted(RECORD_SCHEMAS)})
    id = Text(required=True, validate=validate.Length(min=1, max=36), metadata={"format": "uuid"})
    op = Text(required=True, validate=validate.Length(max=16), metadata={"enum": ["create", "update", "void"]})
    base_version = Integer(allow_none=True, strict=True, validate=validate.Range(min=0))
    changes = fields.Dict(keys=Text(validate=validate.Length(max=64)), load_default=dict, metadata={"anyOf": [
        {"$ref": f"#/components/schemas/{schema.__name__.removesuffix('Schema')}"}
        for schema in RECORD_SCHEMAS.values()] + [VOID_CHANGES]})
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
