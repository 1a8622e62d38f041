"""A synced record's domain fields as JSON values: what history, pulls and pushes carry.

One serialisation for the whole server, so the history written at creation, the
record sent in a pull and the values a device echoes back compare equal:

- datetime (naive UTC, as stored) → ISO 8601 with "Z": "2026-03-01T08:30:00Z"
  (microseconds only when present); an aware datetime is converted to UTC first;
- date → "2026-03-01";
- Decimal (money) → a JSON number (float; amounts have two decimals);
- lists and dicts (JSON columns) → copied as they are; str, int, bool, None unchanged.

Domain fields are every column except the sync metadata of `SyncedRecord`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timezone
from decimal import Decimal
from functools import cache
from typing import Any, Union

import sqlalchemy as sa

from app.models import SyncedRecord

JSON = Union[None, bool, int, float, str, list["JSON"], dict[str, "JSON"]]

SYNC_METADATA_FIELDS: frozenset[str] = frozenset({
    "id", "version", "seq", "created_at", "updated_at", "created_by", "updated_by",
    "voided_at", "void_reason", "field_versions", "has_open_conflict",
})


@cache
def domain_fields(model: type[SyncedRecord]) -> tuple[str, ...]:
    """The model's domain fields, in table order (sync metadata left out)."""
    return tuple(attr.key for attr in sa.inspect(model).column_attrs
                 if attr.key not in SYNC_METADATA_FIELDS)


def json_value(value: Any) -> JSON:
    """One stored value as JSON (see the module docstring for the rules)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.isoformat() + "Z"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): json_value(item) for key, item in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"no JSON form for {type(value).__name__}")


def record_values(record: SyncedRecord) -> dict[str, JSON]:
    """The record's domain fields as JSON values."""
    return {field: json_value(getattr(record, field)) for field in domain_fields(type(record))}


def row_values(model: type[SyncedRecord], row: Mapping[str, Any]) -> dict[str, JSON]:
    """Like `record_values`, for a plain row about to be bulk-inserted (missing fields are None)."""
    return {field: json_value(row.get(field)) for field in domain_fields(model)}


def creation_changes(values: Mapping[str, JSON]) -> dict[str, list[JSON]]:
    """History `changes` of a create: {field: [None, value]} for every field given a value."""
    return {field: [None, value] for field, value in values.items() if value is not None}


def initial_field_versions(fields: Iterable[str], device_id: str, version: int = 1) -> dict[str, list]:
    """`field_versions` of a record whose every field was last set at `version` by `device_id`."""
    return {field: [version, device_id] for field in fields}
