"""Administration at the API edge: users and mediator profiles, areas and committees, the audit log.

Update schemas load only the fields sent (PATCH); an empty body is refused. Phones are masked
on every read; passwords are load-only.
"""
from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.schemas.auth import CommitteeBriefSchema
from app.schemas.fields import Date, UtcDateTime
from app.schemas.masking import MaskedPhone
from app.schemas.queries import PageQuerySchema, page_schema
from app.schemas.stats import AreaBriefSchema
from app.schemas.validators import one_of, validate_phone
from app.services.stats import range_errors
from app.services.users import MIN_PASSWORD_LENGTH

USERNAME = validate.Regexp(r"^[A-Za-z0-9._-]{3,64}$", error="Use 3–64 letters, digits or . _ - (用户名格式错误).")
AREA_CODE = validate.Regexp(r"^[A-Za-z0-9_-]{1,32}$", error="Use 1–32 letters, digits, _ or - (区划代码格式错误).")
NAME = validate.Length(min=1, max=100)
PASSWORD = validate.Length(min=MIN_PASSWORD_LENGTH, max=1024,
                           error=f"Use {MIN_PASSWORD_LENGTH} to 1024 characters (密码至少{MIN_PASSWORD_LENGTH}位).")
ID = validate.Range(min=1)


def _unique(values: list[Any]) -> None:
    if len(set(values)) != len(values):
        raise ValidationError("List each value once.")


def _ids(**kwargs: Any) -> fields.List:
    return fields.List(fields.Integer(validate=ID), validate=[validate.Length(max=500), _unique], **kwargs)


class PatchSchema(Schema):
    """A partial update: only the fields sent change, and at least one must be sent."""

    @validates_schema
    def _not_empty(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if not data:
            raise ValidationError("Send at least one field to change.")


# ---------------------------------------------------------------- users and profiles

class UserQuerySchema(PageQuerySchema):
    role = fields.String(validate=one_of("role"))
    area_id = fields.Integer(validate=ID, metadata={"description": "This area and everything below it."})
    active = fields.Boolean()
    q = fields.String(validate=validate.Length(min=1, max=64), metadata={"description": "Username or name."})


class UserCreateSchema(Schema):
    username = fields.String(required=True, validate=USERNAME)
    display_name = fields.String(required=True, validate=NAME)
    role = fields.String(required=True, validate=one_of("role"))
    area_id = fields.Integer(required=True, validate=ID)
    phone = fields.String(allow_none=True, validate=validate_phone)
    password = fields.String(required=True, load_only=True, validate=PASSWORD)
    committee_ids = _ids(load_default=list)


class UserUpdateSchema(PatchSchema):
    display_name = fields.String(validate=NAME)
    role = fields.String(validate=one_of("role"))
    area_id = fields.Integer(validate=ID)
    phone = fields.String(allow_none=True, validate=validate_phone)
    active = fields.Boolean()
    committee_ids = _ids()


class PasswordResetSchema(Schema):
    password = fields.String(required=True, load_only=True, validate=PASSWORD)


class MediatorProfileSchema(Schema):
    full_time = fields.Boolean()
    is_lawyer = fields.Boolean()
    law_firm = fields.String(allow_none=True, validate=validate.Length(max=100))
    certificate_no = fields.String(allow_none=True, validate=validate.Length(max=50))
    certificate_date = Date(allow_none=True)
    training_hours = fields.Integer(validate=validate.Range(min=0, max=100000))
    specialties = fields.List(fields.String(validate=one_of("category")), validate=_unique)
    in_talent_pool = fields.Boolean()
    in_expert_pool = fields.Boolean()


class MediatorProfileUpdateSchema(MediatorProfileSchema, PatchSchema):
    pass


class AreaRefSchema(AreaBriefSchema):
    code = fields.String()


class AdminUserSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    role = fields.String()
    area = fields.Nested(AreaRefSchema)
    phone = MaskedPhone(allow_none=True)
    active = fields.Boolean()
    created_at = UtcDateTime()
    committees = fields.List(fields.Nested(CommitteeBriefSchema))
    profile = fields.Nested(MediatorProfileSchema, allow_none=True)


UserPageSchema = page_schema(AdminUserSchema, "AdminUserPage")


# ---------------------------------------------------------------- areas and committees

class AreaCreateSchema(Schema):
    code = fields.String(required=True, validate=AREA_CODE)
    name = fields.String(required=True, validate=NAME)
    level = fields.String(required=True, validate=one_of("area_level"))
    parent_id = fields.Integer(required=True, validate=ID)


class AreaUpdateSchema(PatchSchema):
    code = fields.String(validate=AREA_CODE)
    name = fields.String(validate=NAME)
    parent_id = fields.Integer(validate=ID, metadata={"description": "Move the area (and its subtree) here."})


class AreaSchema(AreaRefSchema):
    parent_id = fields.Integer(allow_none=True)
    path = fields.String()


class AreaNodeSchema(AreaSchema):
    user_count = fields.Integer()
    children = fields.List(fields.Nested(lambda: AreaNodeSchema()))


class AreaTreeSchema(Schema):
    items = fields.List(fields.Nested(AreaNodeSchema))


class CommitteeCreateSchema(Schema):
    name = fields.String(required=True, validate=NAME)
    kind = fields.String(required=True, validate=one_of("committee_kind"))
    area_id = fields.Integer(required=True, validate=ID)
    room_name = fields.String(allow_none=True, validate=validate.Length(max=100))
    member_ids = _ids(load_default=list)


class CommitteeUpdateSchema(PatchSchema):
    name = fields.String(validate=NAME)
    kind = fields.String(validate=one_of("committee_kind"))
    area_id = fields.Integer(validate=ID)
    room_name = fields.String(allow_none=True, validate=validate.Length(max=100))
    member_ids = _ids()


class MemberSchema(Schema):
    id = fields.Integer()
    display_name = fields.String()
    role = fields.String()


class CommitteeSchema(CommitteeBriefSchema):
    area = fields.Nested(AreaRefSchema)
    room_name = fields.String(allow_none=True)
    members = fields.List(fields.Nested(MemberSchema))


class CommitteeListSchema(Schema):
    items = fields.List(fields.Nested(CommitteeSchema))


# ---------------------------------------------------------------- audit log

class AuditQuerySchema(PageQuerySchema):
    user_id = fields.Integer(validate=ID, metadata={"description": "The actor."})
    action = fields.String(validate=validate.Length(min=1, max=40))
    entity = fields.String(validate=validate.Length(min=1, max=24))
    record_id = fields.String(validate=validate.Length(min=1, max=64))
    result = fields.String(validate=validate.Length(min=1, max=16))
    date_from = Date(data_key="from", metadata={"description": "Beijing calendar day, included."})
    date_to = Date(data_key="to", metadata={"description": "Beijing calendar day, included."})

    @validates_schema
    def _window(self, data: dict[str, Any], **_kwargs: Any) -> None:
        errors = range_errors(data.get("date_from"), data.get("date_to"))
        if errors:
            raise ValidationError(errors)


class ActorSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()


class AuditEntrySchema(Schema):
    id = fields.Integer()
    at = UtcDateTime()
    actor = fields.Nested(ActorSchema, allow_none=True)
    action = fields.String()
    entity = fields.String(allow_none=True)
    record_id = fields.String(allow_none=True)
    ip = fields.String(allow_none=True)
    result = fields.String()
    details = fields.Dict()


AuditPageSchema = page_schema(AuditEntrySchema, "AuditPage")
