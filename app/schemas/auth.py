"""Sign-in, the current user and devices at the API edge (sync-protocol.md §9)."""
from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from app.schemas.fields import Integer, Text, UtcDateTime
from app.schemas.masking import MaskedPhone

DEVICE_ID_PATTERN = r"^[A-Za-z0-9._:-]+$"
DEVICE_ID_MAX = 64


class LoginSchema(Schema):
    username = Text(required=True, validate=validate.Length(min=1, max=64))
    password = Text(required=True, load_only=True, validate=validate.Length(min=1, max=1024))
    device_id = Text(required=True, validate=[
        validate.Length(min=1, max=DEVICE_ID_MAX),
        validate.Regexp(DEVICE_ID_PATTERN, error="Use 1–64 letters, digits or . _ : -")])


class SignedInUserSchema(Schema):
    id = Integer()
    username = Text()
    display_name = Text()
    role = Text()
    area_id = Integer()


class LoginResponseSchema(Schema):
    access_token = Text(required=True)
    refresh_token = Text(required=True)
    user = fields.Nested(SignedInUserSchema, required=True)


class AccessTokenSchema(Schema):
    access_token = Text(required=True)


class SignedOutSchema(Schema):
    status = Text(required=True)


class CommitteeBriefSchema(Schema):
    id = Integer()
    name = Text()
    kind = Text()


class ProfileSchema(SignedInUserSchema):
    """The signed-in user as the PWA shows them; the phone is masked."""

    area_name = Text(attribute="area.name")
    committees = fields.List(fields.Nested(CommitteeBriefSchema))
    phone = MaskedPhone(allow_none=True)
    today_seen_at = UtcDateTime(allow_none=True)


class TodaySeenSchema(Schema):
    """When she last looked at 今日 (a phone that looked offline sends the time it looked)."""

    today_seen_at = UtcDateTime(required=True)


class MeSchema(Schema):
    user = fields.Nested(ProfileSchema, required=True)
    device_id = Text(required=True)


class DeviceUserSchema(Schema):
    id = Integer()
    display_name = Text()


class DeviceHealthSchema(Schema):
    last_sync_at = UtcDateTime(allow_none=True)
    pending_edits = Integer()
    oldest_pending = UtcDateTime(allow_none=True)
    app_version = Text(allow_none=True)
    pending_attachment_bytes = Integer(big=True, allow_none=True)
    clock_skew_seconds = Integer(allow_none=True)
    clock_skew_flagged = fields.Boolean()


class DeviceSchema(Schema):
    id = Text()
    user = fields.Nested(DeviceUserSchema)
    last_login_at = UtcDateTime(allow_none=True)
    revoked_at = UtcDateTime(allow_none=True)
    health = fields.Nested(DeviceHealthSchema, allow_none=True)


class ListedDeviceSchema(DeviceSchema):
    """A device as the phone-health list shows it: `{"device", "silent"}` from `list_devices`, dumped flat."""

    silent = fields.Boolean()

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        return obj["silent"] if attr == "silent" else super().get_attribute(obj["device"], attr, default)


class DeviceListSchema(Schema):
    items = fields.List(fields.Nested(ListedDeviceSchema))
