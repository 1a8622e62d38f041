"""Schemas shared across resources."""
from marshmallow import Schema

from app.schemas.fields import Text


class HealthSchema(Schema):
    status = Text(required=True)
