"""Schemas of the synced records: validation of what a device sends, masked dumping.

`load(changes, partial=True)` validates an update's fields; a create also needs the
fields each schema lists in `Meta.create_required`. Metadata is dump-only.
"""
from __future__ import annotations

import functools
from datetime import date
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates

from app.schemas.fields import Date, Integer, Money, Text, UtcDateTime
from app.schemas.masking import MaskedIdNumber, MaskedPhone
from app.schemas.plain import PlainLoader
from app.schemas.validators import (
    UpToThisYear,
    one_of,
    validate_id_number,
    validate_phone,
    validate_uuid,
)
from sync.policy import POLICIES

SHORT = validate.Length(max=100)
MEDIUM = validate.Length(max=200)
TEXT = validate.Length(max=20000)
MIB = 1024 * 1024
ATTACHMENT_MAX_BYTES: dict[str, int] = {
    "image/jpeg": 5 * MIB, "image/png": 5 * MIB, "image/webp": 5 * MIB, "application/pdf": 10 * MIB,
}
"""The largest file of each accepted type (catalogue `mime_type`); the phone downscales photos far below it."""
SHA256_HEX = r"^[0-9a-f]{64}$"
RETURN_COMMENT_TARGETS = frozenset(POLICIES["dispute"].fields) | {"parties", "mediation_logs", "followups", "other"}
"""What a return's comments may name: any field of the case, its parties, mediation records, revisits, or other."""


def _uuid(**kwargs) -> Text:
    return Text(validate=validate_uuid, metadata={"format": "uuid"}, **kwargs)


def _set_of(enum_name: str) -> fields.List:
    return fields.List(Text(validate=one_of(enum_name)),
                       validate=validate.Length(max=20))


class RecordSchema(Schema):
    """Sync metadata, dumped with every record (sync-protocol.md §2)."""

    class Meta:
        unknown = RAISE
        ordered = True
        create_required: tuple[str, ...] = ()

    id = Text(dump_only=True)
    version = Integer(dump_only=True)
    seq = Integer(big=True, dump_only=True)
    created_at = UtcDateTime(dump_only=True)
    updated_at = UtcDateTime(dump_only=True)
    created_by = Integer(dump_only=True)
    updated_by = Integer(dump_only=True)
    voided_at = UtcDateTime(dump_only=True)
    void_reason = Text(dump_only=True)
    has_open_conflict = fields.Boolean(dump_only=True)

    @staticmethod
    def joint_errors(values: dict[str, Any]) -> dict[str, list[str]]:
        """Rules over several loaded fields, by field (a `validates_schema` hook would cost every push its
        plain loader, app/schemas/plain.py)."""
        return {}


class DisputeSchema(RecordSchema):
    class Meta(RecordSchema.Meta):
        create_required = ("area_id", "title", "category", "source")

    case_no = Text(dump_only=True)
    area_id = Integer(validate=validate.Range(min=1))
    title = Text(validate=validate.Length(min=1, max=200))
    summary = Text(allow_none=True, validate=TEXT)
    category = Text(validate=one_of("category"))
    source = Text(validate=one_of("source"))
    occurred_on = Date(allow_none=True)
    reported_at = UtcDateTime(allow_none=True)
    persons_involved = Integer(allow_none=True, validate=validate.Range(min=0, max=100000))
    amount_involved = Money(allow_none=True)
    risk_level = Text(validate=one_of("risk_level"))
    risk_flags = _set_of("risk_flag")
    status = Text(validate=one_of("status"))
    assigned_mediator_id = Integer(allow_none=True, validate=validate.Range(min=1))
    committee_id = Integer(allow_none=True, validate=validate.Range(min=1))
    accepted_at = UtcDateTime(allow_none=True)
    due_on = Date(allow_none=True)
    agreement_kind = Text(allow_none=True, validate=one_of("agreement_kind"))
    agreement_no = Text(allow_none=True, validate=validate.Length(max=60))
    agreement_terms = Text(allow_none=True, validate=TEXT)
    agreement_amount = Money(allow_none=True)
    agreement_performance = Text(allow_none=True, validate=one_of("agreement_performance"))
    agreement_signed_on = Date(allow_none=True)
    judicial_confirmation_applied_on = Date(allow_none=True)
    judicial_confirmation_court = Text(allow_none=True, validate=SHORT)
    judicial_confirmation_result = Text(allow_none=True, validate=TEXT)
    close_reason = Text(allow_none=True, validate=TEXT)
    papers_missing_reason = Text(allow_none=True, validate=TEXT)
    closed_at = UtcDateTime(allow_none=True)
    linked_agencies = _set_of("agency_kind")
    returned_at = UtcDateTime(allow_none=True)
    return_comments = fields.Dict(
        keys=Text(validate=validate.Length(min=1, max=40)),
        values=Text(validate=validate.Length(min=1, max=2000)),
        allow_none=True, validate=validate.Length(max=40))
    resubmitted_at = UtcDateTime(allow_none=True)

    @validates("return_comments")
    def _comments_on_named_fields(self, value: dict[str, str] | None, **_kwargs) -> None:
        """退回补正 comments name what to correct: a field of the case or one of its parts."""
        unknown = sorted(set(value or {}) - RETURN_COMMENT_TARGETS)
        if unknown:
            raise ValidationError(f"无法识别的补正项：{'、'.join(unknown)}。 / Unknown fields to correct: {', '.join(unknown)}.")

    @validates("occurred_on")
    def _not_in_future(self, value: date | None, **_kwargs) -> None:
        if value is not None and value > date.today().replace(year=date.today().year + 1):
            raise ValidationError("纠纷发生日期不能晚于一年以后。 / A dispute cannot occur more than a year from now.")


class PartySchema(RecordSchema):
    """A party, dumped with phone and ID number masked."""

    class Meta(RecordSchema.Meta):
        create_required = ("dispute_id", "role", "name")

    dispute_id = _uuid()
    role = Text(validate=one_of("party_role"))
    kind = Text(validate=one_of("party_kind"))
    name = Text(validate=validate.Length(min=1, max=100))
    gender = Text(validate=one_of("gender"))
    ethnicity = Text(allow_none=True, validate=validate.Length(max=20))
    birth_year = Integer(allow_none=True, validate=UpToThisYear(min=1900))
    occupation = Text(allow_none=True, validate=one_of("occupation"))
    phone = MaskedPhone(allow_none=True, validate=validate_phone)
    id_number = MaskedIdNumber(allow_none=True, validate=validate_id_number)
    address = Text(allow_none=True, validate=MEDIUM)
    consent = Text(validate=one_of("consent"))
    consent_at = UtcDateTime(allow_none=True)
    consent_method = Text(allow_none=True, validate=validate.Length(max=60))


class VisitSchema(RecordSchema):
    class Meta(RecordSchema.Meta):
        create_required = ("area_id", "visited_at", "place", "purposes")

    area_id = Integer(validate=validate.Range(min=1))
    visited_at = UtcDateTime()
    place = Text(validate=validate.Length(min=1, max=200))
    purposes = _set_of("visit_purpose")
    persons_met = Text(allow_none=True, validate=MEDIUM)
    notes = Text(allow_none=True, validate=TEXT)
    dispute_ids = fields.List(_uuid(), validate=validate.Length(max=50))
    risk_level = Text(allow_none=True, validate=one_of("risk_level"))
    location = Text(allow_none=True, validate=SHORT)


class MediationLogSchema(RecordSchema):
    class Meta(RecordSchema.Meta):
        create_required = ("dispute_id", "held_at")

    dispute_id = _uuid()
    held_at = UtcDateTime()
    place = Text(allow_none=True, validate=MEDIUM)
    mediators = Text(allow_none=True, validate=MEDIUM)
    participants = Text(allow_none=True, validate=validate.Length(max=400))
    rights_notice_given = fields.Boolean()
    statements = Text(allow_none=True, validate=TEXT)
    result = Text(validate=one_of("mediation_result"))


class FollowupSchema(RecordSchema):
    class Meta(RecordSchema.Meta):
        create_required = ("dispute_id", "due_on")

    dispute_id = _uuid()
    due_on = Date()
    done_at = UtcDateTime(allow_none=True)
    method = Text(allow_none=True, validate=one_of("followup_method"))
    agreement_performed = fields.Boolean(allow_none=True)
    satisfaction = Text(allow_none=True, validate=one_of("satisfaction"))
    remaining_risk = Text(allow_none=True, validate=one_of("remaining_risk"))
    notes = Text(allow_none=True, validate=TEXT)


class ReferralSchema(RecordSchema):
    class Meta(RecordSchema.Meta):
        create_required = ("dispute_id", "agency_kind")

    dispute_id = _uuid()
    direction = Text(validate=one_of("referral_direction"))
    agency_kind = Text(validate=one_of("agency_kind"))
    agency_name = Text(allow_none=True, validate=SHORT)
    sent_at = UtcDateTime(allow_none=True)
    reason = Text(allow_none=True, validate=TEXT)
    status = Text(validate=one_of("referral_status"))
    result = Text(allow_none=True, validate=TEXT)


class AttachmentSchema(RecordSchema):
    """A photo, signature or scan of a case: what the bytes are; they travel separately (/api/uploads/)."""

    class Meta(RecordSchema.Meta):
        create_required = ("dispute_id", "kind", "mime_type", "byte_size", "sha256")

    dispute_id = _uuid()
    parent_entity = Text(allow_none=True, validate=one_of("attachment_parent"))
    parent_id = _uuid(allow_none=True)
    kind = Text(validate=one_of("attachment_kind"))
    mime_type = Text(validate=one_of("mime_type"))
    byte_size = Integer(validate=validate.Range(min=1, max=max(ATTACHMENT_MAX_BYTES.values())))
    sha256 = Text(validate=[validate.Length(min=64, max=64), validate.Regexp(
        SHA256_HEX, error="须为 64 位小写十六进制 SHA-256。 / Write the SHA-256 as 64 lowercase hex digits.")])
    agreement_no = Text(allow_none=True, validate=validate.Length(min=1, max=60))
    taken_at = UtcDateTime(allow_none=True)
    caption = Text(allow_none=True, validate=MEDIUM)
    upload_complete = fields.Boolean(dump_only=True)

    @staticmethod
    def joint_errors(values: dict[str, Any]) -> dict[str, list[str]]:
        """A link names both the kind of record and its id; a file is within its type's size cap."""
        errors: dict[str, list[str]] = {}
        if ("parent_entity" in values or "parent_id" in values) \
                and (values.get("parent_entity") is None) != (values.get("parent_id") is None):
            errors["parent_id"] = ["关联记录须同时给出类型和编号。 / A linked record needs both parent_entity and parent_id."]
        cap = ATTACHMENT_MAX_BYTES.get(values.get("mime_type"))
        size = values.get("byte_size")
        if cap is not None and isinstance(size, int) and size > cap:
            errors["byte_size"] = [f"文件过大：此类文件最多 {cap // MIB} MB。 / Too large: a {values['mime_type']} "
                                   f"file may be at most {cap // MIB} MB."]
        return errors


RECORD_SCHEMAS: dict[str, type[RecordSchema]] = {
    "dispute": DisputeSchema,
    "party": PartySchema,
    "visit": VisitSchema,
    "mediation_log": MediationLogSchema,
    "followup": FollowupSchema,
    "referral": ReferralSchema,
    "attachment": AttachmentSchema,
}


@functools.cache
def record_schema(entity: str) -> RecordSchema:
    """One shared instance per entity: building a schema costs more than loading with it."""
    return RECORD_SCHEMAS[entity]()


@functools.cache
def plain_changes_loader(entity: str) -> PlainLoader:
    """The entity's `load(changes, partial=True)` without marshmallow for plainly valid changes."""
    return PlainLoader(record_schema(entity), partial=True)


VOID_REASON_MAX = 2000


class VoidSchema(Schema):
    """A void's changes: only its reason."""

    class Meta:
        unknown = RAISE

    void_reason = Text(allow_none=True, validate=validate.Length(max=VOID_REASON_MAX))


VOID_SCHEMA = VoidSchema()


def check_mutation(entity: str, op: str, changes: dict) -> tuple[dict[str, list[str]], dict[str, Any]]:
    """A pushed mutation's field errors, and the values its schema accepted (all of them when valid).

    The sync engine reads only accepted values: one it cannot trust (a list of lists where a set of
    codes belongs, a number past any column, text with NUL) reaches it as None, and the errors reject
    the mutation. An entity without a schema has no accepted values; the engine refuses it by name.
    """
    if op == "void":
        try:
            return {}, VOID_SCHEMA.load(changes)
        except ValidationError as exc:
            errors = _messages(exc)
            return errors, _passed(exc, errors)
    if entity not in RECORD_SCHEMAS:
        return {}, {}
    return check_changes(entity, changes, creating=op == "create")


def _messages(exc: ValidationError) -> dict[str, list[str]]:
    return {name: messages if isinstance(messages, list) else [str(messages)]
            for name, messages in exc.normalized_messages().items()}


def _passed(exc: ValidationError, errors: dict[str, list[str]]) -> dict[str, Any]:
    """The values that loaded, without a field's salvaged part (a list keeps its valid items)."""
    return {name: value for name, value in (exc.valid_data or {}).items() if name not in errors}


def validate_changes(entity: str, changes: dict, *, creating: bool) -> dict[str, list[str]]:
    """Field errors of a mutation's changes ({} when valid); a create needs its required fields."""
    return check_changes(entity, changes, creating=creating)[0]


def check_changes(entity: str, changes: dict, *, creating: bool) -> tuple[dict[str, list[str]], dict[str, Any]]:
    """The field errors of `validate_changes` and the values that passed (all of them when valid), with one load."""
    schema = record_schema(entity)
    errors: dict[str, list[str]] = {}
    if creating:
        for name in schema.Meta.create_required:
            if changes.get(name) in (None, "", []):
                errors[name] = ["新建时必填。 / Required when creating."]
    loaded = plain_changes_loader(entity)(changes)
    if loaded is None:
        try:
            loaded = schema.load(changes, partial=True)
        except ValidationError as exc:
            for name, messages in _messages(exc).items():
                errors.setdefault(name, []).extend(messages)
            return errors, _passed(exc, errors)
    joint = schema.joint_errors(loaded)
    for name, messages in joint.items():
        errors.setdefault(name, []).extend(messages)
    return errors, {name: value for name, value in loaded.items() if name not in joint}
