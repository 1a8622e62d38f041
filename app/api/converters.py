"""Path parameter types: a path that no row could match finds no route (404) instead of reaching the database.

Row ids stop at the largest value of an integer column (a larger one made SQLite raise `OverflowError`
and PostgreSQL refuse the query); text keys refuse NUL, which PostgreSQL cannot compare. flask-smorest
documents both through their base classes (integer with bounds, string with lengths).
"""
from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter

from app.schemas.fields import INT_MAX

KEY_MAX = 64
"""Record ids are UUIDs (36) and device ids at most 64 characters."""


class RowIdConverter(IntegerConverter):
    """`<id:name>`: a row id, 1 to `INT_MAX`."""

    def __init__(self, map: Map) -> None:
        super().__init__(map, min=1, max=INT_MAX)


class KeyConverter(UnicodeConverter):
    """`<key:name>`: a record or device id, 1 to `KEY_MAX` characters, no NUL."""

    def __init__(self, map: Map) -> None:
        super().__init__(map, minlength=1, maxlength=KEY_MAX)
        self.regex = f"[^/\\x00]{{1,{KEY_MAX}}}"


def init_app(app: Flask) -> None:
    """Before the blueprints: rules look their converters up as they are added."""
    app.url_map.converters["id"] = RowIdConverter
    app.url_map.converters["key"] = KeyConverter
