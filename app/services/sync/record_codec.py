"""Between model rows and the JSON-shaped values the sync engine and the API carry.

Canonical forms, the same on every side so equal values compare equal:
dates `YYYY-MM-DD`, timestamps naive UTC `YYYY-MM-DDTHH:MM:SS.mmmZ`, money as
JSON numbers, sets as lists.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from app.models import SyncedRecord
from sync.clock import iso_utc, parse_iso_utc

METADATA_COLUMNS = frozenset({
    "id", "version", "seq", "created_at", "updated_at", "created_by", "updated_by",
    "voided_at", "void_reason", "field_versions", "has_open_conflict",
})


_PLAIN = frozenset({str, int, bool, float, type(None), dict})


timestamp_json = iso_utc
"""The one JSON form of a timestamp (`sync.clock.iso_utc`)."""


def to_json_value(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, datetime):
        return timestamp_json(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [to_json_value(item) for item in value]
    return value


parse_timestamp = parse_iso_utc
"""ISO 8601 (with Z or an offset) → naive UTC (`sync.clock.parse_iso_utc`)."""


@functools.cache
def domain_fields(model: type[SyncedRecord]) -> tuple[str, ...]:
    """The entity's own columns, without sync metadata."""
    return tuple(c.key for c in sa.inspect(model).columns if c.key not in METADATA_COLUMNS)


def _parse_date(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _parse_datetime(value: Any) -> Any:
    return parse_timestamp(value) if isinstance(value, str) else value


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


@functools.cache
def _column_parser(model: type[SyncedRecord], name: str) -> Any:
    """The conversion a column's type needs (None: stored as is), looked up once per column."""
    column_type = sa.inspect(model).columns[name].type
    if isinstance(column_type, sa.DateTime):
        return _parse_datetime
    if isinstance(column_type, sa.Date):
        return _parse_date
    if isinstance(column_type, sa.Numeric):
        return _decimal
    return None


@functools.cache
def json_converter(model: type[SyncedRecord], name: str) -> Any:
    """How a column's non-null value becomes its JSON form, looked up once per column (None: it already is)."""
    column_type = sa.inspect(model).columns[name].type
    if isinstance(column_type, sa.DateTime):
        return timestamp_json
    if isinstance(column_type, sa.Date):
        return date.isoformat
    if isinstance(column_type, sa.Numeric):
        return float
    return None


@functools.cache
def domain_converters(model: type[SyncedRecord]) -> tuple[tuple[str, Any], ...]:
    """(name, `json_converter`) of the entity's domain columns, in order, looked up once per entity."""
    return tuple((name, json_converter(model, name)) for name in domain_fields(model))


def domain_json(model: type[SyncedRecord], values: Mapping[str, Any]) -> dict[str, Any]:
    """A row's domain column values in their JSON form."""
    fields = {}
    for name, convert in domain_converters(model):
        value = values[name]
        fields[name] = value if convert is None or value is None else convert(value)
    return fields


@functools.cache
def column_parsers(model: type[SyncedRecord]) -> tuple[tuple[str, Any], ...]:
    """The (name, parser) of the entity's domain columns whose JSON form needs converting."""
    return tuple((name, parser) for name in domain_fields(model)
                 if (parser := _column_parser(model, name)) is not None)


def to_column_values(model: type[SyncedRecord], fields: Mapping[str, Any]) -> dict[str, Any]:
    """JSON-shaped field values → what the columns store (only the columns that need it are converted)."""
    values = dict(fields)
    for name, parser in column_parsers(model):
        value = values.get(name)
        if value is not None:
            values[name] = parser(value)
    return values
