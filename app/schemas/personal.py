"""Personal data in synced records, masked wherever a record is shown: the fields a record schema
dumps masked (PartySchema's phone and ID number) are masked the same way in conflicts, history and
push results. The full value leaves the server only through an audited reveal or an audited pull."""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from app.schemas.masking import MaskedString
from app.schemas.records import RECORD_SCHEMAS, record_schema


@functools.cache
def _maskers(entity: str) -> dict[str, Callable[[str | None], str | None]]:
    if entity not in RECORD_SCHEMAS:
        return {}
    return {name: field.mask for name, field in record_schema(entity).fields.items()
            if isinstance(field, MaskedString)}


def is_personal(entity: str, field: str) -> bool:
    return field in _maskers(entity)


def mask_value(entity: str, field: str, value: Any) -> Any:
    """The value as lists show it: masked if the field is personal data and the value a string."""
    masker = _maskers(entity).get(field)
    return masker(value) if masker is not None and isinstance(value, str) else value


def mask_record(entity: str, record: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if record is None:
        return None
    masked = dict(record)
    for name, masker in _maskers(entity).items():
        value = masked.get(name)
        if isinstance(value, str):
            masked[name] = masker(value)
    return masked
