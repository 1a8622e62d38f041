"""Field types with the API's conventions: storable text and integers, UTC timestamps ending in Z, money as numbers.

Every schema loads strings through `Text` and integers through `Integer`, so no input can carry a value
the database would refuse with an error instead of an answer (tests/api/test_bad_input.py checks they do).
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, fields, validate

from app.schemas.validators import validate_text
from sync.clock import iso_utc, naive_utc

INT_MAX = 2**31 - 1
"""The largest value of a database integer column (PostgreSQL `integer`); ids and counts stay below it."""
BIGINT_MAX = 2**63 - 1


class Text(fields.String):
    """A string a database can store: NUL and lone surrogates are refused as a field error.

    The rule is a validator, not a new `_deserialize`, so the plain loaders' fast path still applies it.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.insert(0, validate_text)


class Integer(fields.Integer):
    """An integer its database column can hold: at most ±`INT_MAX`, or ±`BIGINT_MAX` with `big=True`."""

    def __init__(self, *, big: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        limit = BIGINT_MAX if big else INT_MAX
        self.validators.insert(0, validate.Range(
            min=-limit - 1, max=limit, error="数值超出范围（{min} 至 {max}）。 / The number is out of range ({min} to {max})."))


class UtcDateTime(fields.DateTime):
    """Loads any ISO 8601 timestamp into naive UTC; dumps naive UTC as `…Z`.

    A timestamp without an offset is taken as UTC.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        parsed = super()._deserialize(value, attr, data, **kwargs)
        try:
            parsed = naive_utc(parsed)
        except OverflowError:  # an offset that carries year 1 or 9999 past the calendar
            raise ValidationError("年份超出范围。 / Year out of range.") from None
        if not 1900 <= parsed.year <= 2200:
            raise ValidationError("年份超出范围。 / Year out of range.")
        return parsed

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        return iso_utc(value)


class Money(fields.Decimal):
    """Amounts in yuan, ≥ 0, two decimals, sent and received as JSON numbers."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("validate", validate.Range(min=0, max=Decimal("999999999999.99")))
        super().__init__(places=2, as_string=False, allow_nan=False, **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> float | None:
        result = super()._serialize(value, attr, obj, **kwargs)
        return None if result is None else float(result)


class Date(fields.Date):
    """A calendar date with a sane year."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any):
        parsed = super()._deserialize(value, attr, data, **kwargs)
        if not 1900 <= parsed.year <= 2200:
            raise ValidationError("年份超出范围。 / Year out of range.")
        return parsed
