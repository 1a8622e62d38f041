"""Format rules for personal data and ids, shared by every schema."""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from marshmallow import ValidationError, validate

from app.catalogue import codes
from sync.clock import local_today

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
ID_NUMBER = re.compile(r"^\d{17}[\dX]$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
CANONICAL_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def gb11643_check_char(first17: str) -> str:
    """GB 11643-1999 (ISO 7064 MOD 11-2) check character for the first 17 digits of a resident ID."""
    return ID_CHECK_CHARS[sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def id_number_checksum_ok(value: str) -> bool:
    """An 18-character resident ID whose last character is its GB 11643 check character."""
    return bool(ID_NUMBER.match(value)) and gb11643_check_char(value[:17]) == value[17]


def validate_id_number(value: str) -> None:
    if not id_number_checksum_ok(value.upper()):
        raise ValidationError("身份证号码格式或校验位错误。 / Not a valid 18-digit resident ID number.")


def validate_phone(value: str) -> None:
    if not (MOBILE.match(value) or LANDLINE.match(value)):
        raise ValidationError("电话号码格式错误。 / Not a valid mobile or landline number.")


def validate_uuid(value: str) -> None:
    if not isinstance(value, str) or not CANONICAL_UUID.match(value):
        raise ValidationError("编号须为标准的 36 位 UUID 写法。 / Write the UUID in its canonical 36-character form.")


class OneOfEnum(validate.OneOf):
    """A code of one catalogue enumeration (app/catalogue.py), which it names for the phone's rules."""

    def __init__(self, enum_name: str) -> None:
        super().__init__(codes(enum_name), error=f"不是可选的代码。 / Not a known {enum_name} code.")
        self.enum_name = enum_name


def one_of(enum_name: str) -> OneOfEnum:
    return OneOfEnum(enum_name)


class UpToThisYear(validate.Range):
    """A year from `min` to the current one in Beijing, judged when the value arrives (not when the server started)."""

    def __init__(self, min: int, today: Callable[[], date] = local_today) -> None:  # noqa: A002 - marshmallow's name
        super().__init__(min=min)
        self.today = today

    def __call__(self, value: int) -> int:
        this_year = self.today().year
        if value is not None and value > this_year:
            raise ValidationError(f"不能晚于今年。 / Must not be after {this_year}.")
        return super().__call__(value)


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def validate_text(value: str) -> None:
    """Text a database can store: no NUL (PostgreSQL refuses it) and no lone surrogate (not UTF-8)."""
    if "\x00" in value or (not value.isascii() and LONE_SURROGATE.search(value)):
        raise ValidationError("文字含有不能保存的字符（空字符或不成对的代理项）。 / "
                              "The text holds a character that cannot be stored (NUL or a lone surrogate).")
