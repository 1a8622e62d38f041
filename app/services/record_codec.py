"""Between model rows and the JSON-shaped values the sync engine and the API carry.

Canonical forms, the same on every side so equal values compare equal:
dates `YYYY-MM-DD`, timestamps naive UTC `YYYY-MM-DDTHH:MM:SS.mmmZ`, money as
JSON numbers, sets as lists.
"""
from __future__ import annotations

import functools
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from app.models import SyncedRecord

METADATA_COLUMNS = frozenset({
    "id", "version", "seq", "created_at", "updated_at", "created_by", "updated_by",
    "voided_at", "void_reason", "field_versions", "has_open_conflict",
})


def to_json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.isoformat(timespec="milliseconds") + "Z"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [to_json_value(item) for item in value]
    return value


def parse_timestamp(text: str) -> datetime:
    """ISO 8601 (with Z or an offset) → naive UTC."""
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed


@functools.cache
def domain_fields(model: type[SyncedRecord]) -> tuple[str, ...]:
    """The entity's own columns, without sync metadata."""
    return tuple(c.key for c in sa.inspect(model).columns if c.key not in METADATA_COLUMNS)


def to_column_value(model: type[SyncedRecord], name: str, value: Any) -> Any:
    """A JSON-shaped value → what the column stores."""
    if value is None:
        return None
    column_type = sa.inspect(model).columns[name].type
    if isinstance(column_type, sa.DateTime):
        return parse_timestamp(value) if isinstance(value, str) else value
    if isinstance(column_type, sa.Date):
        return date.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(column_type, sa.Numeric):
        return Decimal(str(value))
    return value


def record_values(record: SyncedRecord) -> dict[str, Any]:
    """The domain fields of a row, JSON-shaped."""
    return {name: to_json_value(getattr(record, name)) for name in domain_fields(type(record))}
