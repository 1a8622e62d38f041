"""Administration at the API edge: users and mediator profiles, areas and committees, the audit log.

Update schemas load only the fields sent (PATCH); an empty body is refused. Phones are masked
on every read; passwords are load-only.
"""
from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.schemas.auth import CommitteeBriefSchema
from app.schemas.fields import Date, Integer, Text, UtcDateTime
from app.schemas.masking import MaskedPhone
from app.schemas.queries import PageQuerySchema, page_schema
from app.schemas.stats import AreaBriefSchema
from app.schemas.validators import one_of, validate_phone
from app.services.desk.stats import range_errors
from app.services.access.users import MIN_PASSWORD_LENGTH

USERNAME = validate.Regexp(r"^[A-Za-z0-9._-]{3,64}$", error="用户名格式错误。 / Use 3–64 letters, digits or . _ -.")
AREA_CODE = validate.Regexp(r"^[A-Za-z0-9_-]{1,32}$", error="区划代码格式错误。 / Use 1–32 letters, digits, _ or -.")
NAME = validate.Length(min=1, max=100)
PASSWORD = validate.Length(min=MIN_PASSWORD_LENGTH, max=1024,
                           error=f"密码至少{MIN_PASSWORD_LENGTH}位。 / Use {MIN_PASSWORD_LENGTH} to 1024 characters.")
ID = validate.Range(min=1)


def _unique(values: list[Any]) -> None:
    if len(set(values)) != len(values):
        raise ValidationError("每个值只能列一次。 / List each value once.")


def _ids(**kwargs: Any) -> fields.List:
    return fields.List(Integer(validate=ID), validate=[validate.Length(max=500), _unique], **kwargs)


class PatchSchema(Schema):
    """A partial update: only the fields sent change, and at least one must be sent."""

    @validates_schema
    def _not_empty(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if not data:
            raise ValidationError("请至少提交一个要修改的字段。 / Send at least one field to change.")


# ---------------------------------------------------------------- users and profiles

class UserQuerySchema(PageQuerySchema):
    role = Text(validate=one_of("role"))
    area_id = Integer(validate=ID, metadata={"description": "This area and everything below it."})
    active = fields.Boolean()
    q = Text(validate=validate.Length(min=1, max=64), metadata={"description": "Username or name."})


class UserCreateSchema(Schema):
    username = Text(required=True, validate=USERNAME)
    display_name = Text(required=True, validate=NAME)
    role = Text(required=True, validate=one_of("role"))
    area_id = Integer(required=True, validate=ID)
    phone = Text(allow_none=True, validate=validate_phone)
    password = Text(required=True, load_only=True, validate=PASSWORD)
    committee_ids = _ids(load_default=list)


class UserUpdateSchema(PatchSchema):
    display_name = Text(validate=NAME)
    role = Text(validate=one_of("role"))
    area_id = Integer(validate=ID)
    phone = Text(allow_none=True, validate=validate_phone)
    active = fields.Boolean()
    committee_ids = _ids()


class PasswordResetSchema(Schema):
    password = Text(required=True, load_only=True, validate=PASSWORD)


class MediatorProfileSchema(Schema):
    full_time = fields.Boolean()
    is_lawyer = fields.Boolean()
    law_firm = Text(allow_none=True, validate=validate.Length(max=100))
    certificate_no = Text(allow_none=True, validate=validate.Length(max=50))
    certificate_date = Date(allow_none=True)
    training_hours = Integer(validate=validate.Range(min=0, max=100000))
    specialties = fields.List(Text(validate=one_of("category")), validate=_unique)
    in_talent_pool = fields.Boolean()
    in_expert_pool = fields.Boolean()


class MediatorProfileUpdateSchema(MediatorProfileSchema, PatchSchema):
    pass


class AreaRefSchema(AreaBriefSchema):
    code = Text()


class AdminUserSchema(Schema):
    id = Integer()
    username = Text()
    display_name = Text()
    role = Text()
    area = fields.Nested(AreaRefSchema)
    phone = MaskedPhone(allow_none=True)
    active = fields.Boolean()
    created_at = UtcDateTime()
    committees = fields.List(fields.Nested(CommitteeBriefSchema))
    profile = fields.Nested(MediatorProfileSchema, allow_none=True)


UserPageSchema = page_schema(AdminUserSchema, "AdminUserPage")


# ---------------------------------------------------------------- areas and committees

class AreaCreateSchema(Schema):
    code = Text(required=True, validate=AREA_CODE)
    name = Text(required=True, validate=NAME)
    level = Text(required=True, validate=one_of("area_level"))
    parent_id = Integer(required=True, validate=ID)


class AreaUpdateSchema(PatchSchema):
    code = Text(validate=AREA_CODE)
    name = Text(validate=NAME)
    parent_id = Integer(validate=ID, metadata={"description": "Move the area (and its subtree) here."})


class AreaSchema(AreaRefSchema):
    parent_id = Integer(allow_none=True)
    path = Text()


class AreaNodeSchema(AreaSchema):
    user_count = Integer()
    children = fields.List(fields.Nested(lambda: AreaNodeSchema()))


class AreaTreeSchema(Schema):
    items = fields.List(fields.Nested(AreaNodeSchema))


class CommitteeCreateSchema(Schema):
    name = Text(required=True, validate=NAME)
    kind = Text(required=True, validate=one_of("committee_kind"))
    area_id = Integer(required=True, validate=ID)
    room_name = Text(allow_none=True, validate=validate.Length(max=100))
    member_ids = _ids(load_default=list)


class CommitteeUpdateSchema(PatchSchema):
    name = Text(validate=NAME)
    kind = Text(validate=one_of("committee_kind"))
    area_id = Integer(validate=ID)
    room_name = Text(allow_none=True, validate=validate.Length(max=100))
    member_ids = _ids()


class MemberSchema(Schema):
    id = Integer()
    display_name = Text()
    role = Text()


class CommitteeSchema(CommitteeBriefSchema):
    area = fields.Nested(AreaRefSchema)
    room_name = Text(allow_none=True)
    members = fields.List(fields.Nested(MemberSchema))


class CommitteeListSchema(Schema):
    items = fields.List(fields.Nested(CommitteeSchema))


# ---------------------------------------------------------------- audit log

class AuditQuerySchema(PageQuerySchema):
    user_id = Integer(validate=ID, metadata={"description": "The actor."})
    action = Text(validate=validate.Length(min=1, max=40))
    entity = Text(validate=validate.Length(min=1, max=24))
    record_id = Text(validate=validate.Length(min=1, max=64))
    result = Text(validate=validate.Length(min=1, max=16))
    date_from = Date(data_key="from", metadata={"description": "Beijing calendar day, included."})
    date_to = Date(data_key="to", metadata={"description": "Beijing calendar day, included."})

    @validates_schema
    def _window(self, data: dict[str, Any], **_kwargs: Any) -> None:
        errors = range_errors(data.get("date_from"), data.get("date_to"))
        if errors:
            raise ValidationError(errors)


class ActorSchema(Schema):
    id = Integer()
    username = Text()
    display_name = Text()


class AuditEntrySchema(Schema):
    id = Integer()
    at = UtcDateTime()
    actor = fields.Nested(ActorSchema, allow_none=True)
    action = Text()
    entity = Text(allow_none=True)
    record_id = Text(allow_none=True)
    ip = Text(allow_none=True)
    result = Text()
    details = fields.Dict()


AuditPageSchema = page_schema(AuditEntrySchema, "AuditPage")
