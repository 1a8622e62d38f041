"""Masking of sensitive personal information (domain.md, Privacy)."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from app.schemas.fields import Text


def mask_phone(value: str | None) -> str | None:
    """13812345678 → 138****5678; landlines keep their last four digits."""
    if not value:
        return value
    digits = value.replace("-", "")
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return "*" * max(len(digits) - 4, 0) + digits[-4:]


def mask_id_number(value: str | None) -> str | None:
    """370104199001011234 → 370104********1234."""
    if not value:
        return value
    return value[:6] + "*" * (len(value) - 10) + value[-4:] if len(value) > 10 else "*" * len(value)


PHONE_IN_TEXT = re.compile(r"(?<!\d)1\d{10}(?!\d)")
ID_NUMBER_IN_TEXT = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])")


def mask_text(text: str) -> str:
    """Every mobile and ID number written into free text (titles, names, log details), masked as fields are."""
    masked = ID_NUMBER_IN_TEXT.sub(lambda match: mask_id_number(match[0]) or "", text)
    return PHONE_IN_TEXT.sub(lambda match: mask_phone(match[0]) or "", masked)


class MaskedString(Text):
    """Loads a value as given; dumps it through `mask`. A schema's masked fields are its personal data
    (see app/schemas/personal.py)."""

    mask: Callable[[str | None], str | None] = staticmethod(lambda value: value)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return self.mask(super()._serialize(value, attr, obj, **kwargs))


class MaskedPhone(MaskedString):
    """Loads a phone as given; dumps it masked."""

    mask = staticmethod(mask_phone)


class MaskedIdNumber(MaskedString):
    """Loads an ID number as given; dumps it masked."""

    mask = staticmethod(mask_id_number)
