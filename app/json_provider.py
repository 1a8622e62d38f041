"""JSON through orjson: Flask's responses and request bodies, and the JSON columns.

Output stays what Flask's provider gives a client (the same values and key names; datetimes as HTTP
dates, decimals and UUIDs as strings) except that keys keep their order and text is raw UTF-8 rather
than \\u escapes. Whatever orjson refuses (integers past 64 bits, NaN in a request, options it lacks)
goes to the standard library, so nothing that worked before fails now. Nesting too deep for either
is a `JSONDecodeError` (400), never a `RecursionError` (500).
"""
from __future__ import annotations

import json
from typing import Any

import orjson
from flask import Response
from flask.json.provider import DefaultJSONProvider

_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class OrjsonProvider(DefaultJSONProvider):
    """`DefaultJSONProvider` with orjson doing the work whenever no stdlib options are asked for."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs:
            return super().dumps(obj, **kwargs)
        try:
            return orjson.dumps(obj, default=self.default, option=_OPTIONS).decode()
        except orjson.JSONEncodeError:
            return super().dumps(obj)

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        if not kwargs:
            try:
                return orjson.loads(s)
            except orjson.JSONDecodeError:
                pass
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            text = s.decode("utf-8", "replace") if isinstance(s, bytes) else s
            raise json.JSONDecodeError("nested too deeply", text or " ", 0) from None

    def response(self, *args: Any, **kwargs: Any) -> Response:
        if (self.compact is None and self._app.debug) or self.compact is False:
            return super().response(*args, **kwargs)
        obj = self._prepare_response_obj(args, kwargs)
        try:
            body = orjson.dumps(obj, default=self.default, option=_OPTIONS | orjson.OPT_APPEND_NEWLINE)
        except orjson.JSONEncodeError:
            return super().response(*args, **kwargs)
        return self._app.response_class(body, mimetype=self.mimetype)


def column_dumps(value: Any) -> str:
    """The JSON columns' serializer (SQLAlchemy's `json_serializer`, on SQLite and psycopg)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value)


def column_loads(text: str | bytes) -> Any:
    """The JSON columns' deserializer (SQLAlchemy's `json_deserializer`)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)
