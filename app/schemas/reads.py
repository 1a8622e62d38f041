"""Output shapes of the read API (lists, a case's page, reference data)."""
from __future__ import annotations


from marshmallow import Schema, fields

from app.schemas.fields import Text
from app.schemas.queries import page_schema
from app.schemas.records import (
    AttachmentSchema, DisputeSchema, FollowupSchema, MediationLogSchema, PartySchema, ReferralSchema, VisitSchema,
)
from app.services.desk.deadlines import deadline_state
from sync.clock import local_today


class DisputeListItemSchema(DisputeSchema):
    deadline_state = fields.Method("_deadline_state", dump_only=True)

    def _deadline_state(self, dispute) -> str:
        return deadline_state(dispute.status, dispute.due_on, local_today())


class DisputeDetailSchema(Schema):
    dispute = fields.Nested(DisputeListItemSchema)
    parties = fields.List(fields.Nested(PartySchema))
    mediation_logs = fields.List(fields.Nested(MediationLogSchema))
    followups = fields.List(fields.Nested(FollowupSchema))
    referrals = fields.List(fields.Nested(ReferralSchema))
    attachments = fields.List(fields.Nested(AttachmentSchema))
    """Their records (kind, caption, size, `upload_complete`); the bytes are at /api/attachments/<id>/content."""


class DuplicateSchema(Schema):
    dispute = fields.Nested(DisputeListItemSchema)
    reasons = fields.List(Text())
    parties = fields.List(fields.Nested(PartySchema))


class DuplicatesSchema(Schema):
    items = fields.List(fields.Nested(DuplicateSchema))


class PartyIdentitySchema(Schema):
    id = Text()
    name = Text()
    phone = Text(allow_none=True)
    id_number = Text(allow_none=True)


class ReferenceSchema(Schema):
    areas = fields.List(fields.Dict())
    committees = fields.List(fields.Dict())
    mediators = fields.List(fields.Dict())
    enums = fields.Dict()
    dossier_rules = fields.Dict()


DisputePageSchema = page_schema(DisputeListItemSchema, "DisputePage")
VisitPageSchema = page_schema(VisitSchema, "VisitPage")
