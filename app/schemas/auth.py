"""Sign-in, the current user and devices at the API edge (sync-protocol.md §9)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.schemas.fields import UtcDateTime
from app.schemas.masking import MaskedPhone

DEVICE_ID_PATTERN = r"^[A-Za-z0-9._:-]+$"
DEVICE_ID_MAX = 64


class LoginSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=1024))
    device_id = fields.String(required=True, validate=[
        validate.Length(min=1, max=DEVICE_ID_MAX),
        validate.Regexp(DEVICE_ID_PATTERN, error="Use 1–64 letters, digits or . _ : -")])


class SignedInUserSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    role = fields.String()
    area_id = fields.Integer()


class LoginResponseSchema(Schema):
    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)
    user = fields.Nested(SignedInUserSchema, required=True)


class AccessTokenSchema(Schema):
    access_token = fields.String(required=True)


class SignedOutSchema(Schema):
    status = fields.String(required=True)


class CommitteeBriefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()


class ProfileSchema(SignedInUserSchema):
    """The signed-in user as the PWA shows them; the phone is masked."""

    area_name = fields.String(attribute="area.name")
    committees = fields.List(fields.Nested(CommitteeBriefSchema))
    phone = MaskedPhone(allow_none=True)


class MeSchema(Schema):
    user = fields.Nested(ProfileSchema, required=True)
    device_id = fields.String(required=True)


class DeviceUserSchema(Schema):
    id = fields.Integer()
    display_name = fields.String()


class DeviceHealthSchema(Schema):
    last_sync_at = UtcDateTime(allow_none=True)
    pending_edits = fields.Integer()
    oldest_pending = UtcDateTime(allow_none=True)
    app_version = fields.String(allow_none=True)
    clock_skew_seconds = fields.Integer(allow_none=True)
    clock_skew_flagged = fields.Boolean()


class DeviceSchema(Schema):
    id = fields.String()
    user = fields.Nested(DeviceUserSchema)
    last_login_at = UtcDateTime(allow_none=True)
    revoked_at = UtcDateTime(allow_none=True)
    health = fields.Nested(DeviceHealthSchema, allow_none=True)


class DeviceListSchema(Schema):
    items = fields.List(fields.Nested(DeviceSchema))
