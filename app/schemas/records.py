"""Schemas of the synced records: validation of what a device sends, masked dumping.

`load(changes, partial=True)` validates an update's fields; a create also needs the
fields each schema lists in `Meta.create_required`. Metadata is dump-only.
"""
from __future__ import annotations

import functools
from datetime import date
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates

from app.schemas.fields import Date, Money, UtcDateTime
from app.schemas.masking import MaskedIdNumber, MaskedPhone
from app.schemas.plain import PlainLoader
from app.schemas.validators import (
    one_of,
    validate_id_number,
    validate_phone,
    validate_uuid,
)

SHORT = validate.Length(max=100)
MEDIUM = validate.Length(max=200)
TEXT = validate.Length(max=20000)


def _uuid(**kwargs) -> fields.String:
    return fields.String(validate=validate_uuid, **kwargs)


def _set_of(enum_name: str) -> fields.List:
    return fields.List(fields.String(validate=one_of(enum_name)),
                       validate=validate.Length(max=20))


class RecordSchema(Schema):
    """Sync metadata, dumped with every record (sync-protocol.md §2)."""

    class Meta:
        unknown = RAISE
        ordered = True
        create_required: tuple[str, ...] = ()

    id = fields.String(dump_only=True)
    version = fields.Integer(dump_only=True)
    seq = fields.Integer(dump_only=True)
    created_at = UtcDateTime(dump_only=True)
    updated_at = UtcDateTime(dump_only=True)
    created_by = fields.Integer(dump_only=True)
    updated_by = fields.Integer(dump_only=True)
    voided_at = UtcDateTime(dump_only=True)
    void_reason = fields.String(dump_only=True)
    has_open_conflict = fields.Boolean(dump_only=True)


class DisputeSchema(RecordSchema):
    class Meta(RecordSchema.Meta):
        create_required = ("area_id", "title", "category", "source")

    case_no = fields.String(dump_only=True)
    area_id = fields.Integer(validate=validate.Range(min=1))
    title = fields.String(validate=validate.Length(min=1, max=200))
    summary = fields.String(allow_none=True, validate=TEXT)
    category = fields.String(validate=one_of("category"))
    source = fields.String(validate=one_of("source"))
    occurred_on = Date(allow_none=True)
    reported_at = UtcDateTime(allow_none=True)
    persons_involved = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=100000))
    amount_involved = Money(allow_none=True)
    risk_level = fields.String(validate=one_of("risk_level"))
    risk_flags = _set_of("risk_flag")
    status = fields.String(validate=one_of("status"))
    assigned_mediator_id = fields.Integer(allow_none=True, validate=validate.Range(min=1))
    committee_id = fields.Integer(allow_none=True, validate=validate.Range(min=1))
    accepted_at = UtcDateTime(allow_none=True)
    due_on = Date(allow_none=True)
    agreement_kind = fields.String(allow_none=True, validate=one_of("agreement_kind"))
    agreement_no = fields.String(allow_none=True, validate=validate.Length(max=60))
    agreement_terms = fields.String(allow_none=True, validate=TEXT)
    agreement_amount = Money(allow_none=True)
    agreement_performance = fields.String(allow_none=True, validate=one_of("agreement_performance"))
    agreement_signed_on = Date(allow_none=True)
    judicial_confirmation_applied_on = Date(allow_none=True)
    judicial_confirmation_result = fields.String(allow_none=True, validate=TEXT)
    close_reason = fields.String(allow_none=True, validate=TEXT)
    closed_at = UtcDateTime(allow_none=True)
    linked_agencies = _set_of("agency_kind")

    @validates("occurred_on")
    def _not_in_future(self, value: date | None, **_kwargs) -> None:
        if value is not None and value > date.today().replace(year=date.today().year + 1):
            raise ValidationError("A dispute cannot occur more than a year from now.")


class PartySchema(RecordSchema):
    """A party, dumped with phone and ID number masked."""

    class Meta(RecordSchema.Meta):
        create_required = ("dispute_id", "role", "name")

    dispute_id = _uuid()
    role = fields.String(validate=one_of("party_role"))
    kind = fields.String(validate=one_of("party_kind"))
    name = fields.String(validate=validate.Length(min=1, max=100))
    gender = fields.String(validate=one_of("gender"))
    ethnicity = fields.String(allow_none=True, validate=validate.Length(max=20))
    birth_year = fields.Integer(allow_none=True, validate=validate.Range(min=1900, max=date.today().year))
    occupation = fields.String(allow_none=True, validate=one_of("occupation"))
    phone = MaskedPhone(allow_none=True, validate=validate_phone)
    id_number = MaskedIdNumber(allow_none=True, validate=validate_id_number)
    address = fields.String(allow_none=True, validate=MEDIUM)
    consent = fields.String(validate=one_of("consent"))
    consent_at = UtcDateTime(allow_none=True)
    consent_method = fields.String(allow_none=True, validate=validate.Length(max=60))


class PartyRevealSchema(PartySchema):
    """The full phone and ID number, for a case's own page; every use is audited."""

    phone = fields.String(allow_none=True, validate=validate_phone)
    id_number = fields.String(allow_none=True, validate=validate_id_number)


class VisitSchema(RecordSchema):
    class Meta(RecordSchema.Meta):
        create_required = ("area_id", "visited_at", "place", "purposes")

    area_id = fields.Integer(validate=validate.Range(min=1))
    visited_at = UtcDateTime()
    place = fields.String(validate=validate.Length(min=1, max=200))
    purposes = _set_of("visit_purpose")
    persons_met = fields.String(allow_none=True, validate=MEDIUM)
    notes = fields.String(allow_none=True, validate=TEXT)
    dispute_ids = fields.List(_uuid(), validate=validate.Length(max=50))
    risk_level = fields.String(allow_none=True, validate=one_of("risk_level"))
    location = fields.String(allow_none=True, validate=SHORT)


class MediationLogSchema(RecordSchema):
    class Meta(RecordSchema.Meta):
        create_required = ("dispute_id", "held_at")

    dispute_id = _uuid()
    held_at = UtcDateTime()
    place = fields.String(allow_none=True, validate=MEDIUM)
    mediators = fields.String(allow_none=True, validate=MEDIUM)
    participants = fields.String(allow_none=True, validate=validate.Length(max=400))
    rights_notice_given = fields.Boolean()
    statements = fields.String(allow_none=True, validate=TEXT)
    result = fields.String(validate=one_of("mediation_result"))


class FollowupSchema(RecordSchema):
    class Meta(RecordSchema.Meta):
        create_required = ("dispute_id", "due_on")

    dispute_id = _uuid()
    due_on = Date()
    done_at = UtcDateTime(allow_none=True)
    method = fields.String(allow_none=True, validate=one_of("followup_method"))
    agreement_performed = fields.Boolean(allow_none=True)
    satisfaction = fields.String(allow_none=True, validate=one_of("satisfaction"))
    remaining_risk = fields.String(allow_none=True, validate=one_of("remaining_risk"))
    notes = fields.String(allow_none=True, validate=TEXT)


class ReferralSchema(RecordSchema):
    class Meta(RecordSchema.Meta):
        create_required = ("dispute_id", "agency_kind")

    dispute_id = _uuid()
    direction = fields.String(validate=one_of("referral_direction"))
    agency_kind = fields.String(validate=one_of("agency_kind"))
    agency_name = fields.String(allow_none=True, validate=SHORT)
    sent_at = UtcDateTime(allow_none=True)
    reason = fields.String(allow_none=True, validate=TEXT)
    status = fields.String(validate=one_of("referral_status"))
    result = fields.String(allow_none=True, validate=TEXT)


RECORD_SCHEMAS: dict[str, type[RecordSchema]] = {
    "dispute": DisputeSchema,
    "party": PartySchema,
    "visit": VisitSchema,
    "mediation_log": MediationLogSchema,
    "followup": FollowupSchema,
    "referral": ReferralSchema,
}


@functools.cache
def record_schema(entity: str) -> RecordSchema:
    """One shared instance per entity: building a schema costs more than loading with it."""
    return RECORD_SCHEMAS[entity]()


@functools.cache
def plain_changes_loader(entity: str) -> PlainLoader:
    """The entity's `load(changes, partial=True)` without marshmallow for plainly valid changes."""
    return PlainLoader(record_schema(entity), partial=True)


def validate_changes(entity: str, changes: dict, *, creating: bool) -> dict[str, list[str]]:
    """Field errors of a mutation's changes ({} when valid); a create needs its required fields."""
    return check_changes(entity, changes, creating=creating)[0]


def check_changes(entity: str, changes: dict, *, creating: bool) -> tuple[dict[str, list[str]], dict[str, Any]]:
    """The field errors of `validate_changes` and the loaded values (empty when invalid), with one load."""
    schema = record_schema(entity)
    errors: dict[str, list[str]] = {}
    if creating:
        for name in schema.Meta.create_required:
            if changes.get(name) in (None, "", []):
                errors[name] = ["Required when creating (新建时必填)."]
    loaded = plain_changes_loader(entity)(changes)
    if loaded is not None:
        return errors, loaded
    try:
        loaded = schema.load(changes, partial=True)
    except ValidationError as exc:
        for name, messages in exc.normalized_messages().items():
            errors.setdefault(name, []).extend(
                messages if isinstance(messages, list) else [str(messages)])
        return errors, {}
    return errors, loaded
