"""Schemas shared across resources."""
from marshmallow import Schema, fields


class HealthSchema(Schema):
    status = fields.String(required=True)


class ErrorBodySchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    details = fields.Dict()


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)
