"""The dossier's completeness (卷宗完整度) as the API answers it."""
from marshmallow import Schema, fields


class DossierItemSchema(Schema):
    paper = fields.String()
    label = fields.String()
    required = fields.Boolean()
    present = fields.Boolean()


class DossierSchema(Schema):
    path = fields.String(metadata={"description": "written_agreement, oral_agreement, referral, failure or open"})
    items = fields.List(fields.Nested(DossierItemSchema))
    complete = fields.Boolean()
