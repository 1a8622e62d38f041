"""Schemas shared across resources."""
from marshmallow import Schema, fields

from app.schemas.fields import Text


class HealthSchema(Schema):
    status = Text(required=True)


class ErrorBodySchema(Schema):
    code = Text(required=True)
    message = Text(required=True)
    details = fields.Dict()


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)
