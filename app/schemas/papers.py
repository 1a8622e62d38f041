"""The dossier's completeness (卷宗完整度) as the API answers it. Dump-only."""
from marshmallow import Schema, fields

from app.schemas.fields import Text


class DossierItemSchema(Schema):
    paper = Text(dump_only=True)
    label = Text(dump_only=True)
    required = fields.Boolean(dump_only=True)
    present = fields.Boolean(dump_only=True)


class DossierSchema(Schema):
    path = Text(dump_only=True, metadata={"description": "written_agreement, oral_agreement, referral, failure or open"})
    items = fields.List(fields.Nested(DossierItemSchema), dump_only=True)
    complete = fields.Boolean(dump_only=True)
