"""orjson behind Flask and the JSON columns: the same values as the standard library gives."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask.json.provider import DefaultJSONProvider

from app.json_provider import OrjsonProvider, column_dumps, column_loads
from app.models import ChangeHistory


@dataclass
class Point:
    x: int
    label: str


VALUES = [
    {"title": "邻里漏水纠纷", "n": 3, "ok": True, "none": None, "nested": [{"b": 1, "a": [1.5, "二"]}]},
    {"when": datetime(2026, 3, 4, 5, 6, 7), "day": date(2026, 3, 4), "money": Decimal("12.50"),
     "uuid": uuid.UUID("0190a0b0-0000-7000-8000-000000000001"), "point": Point(1, "甲")},
    {1: "int key", 2: "二"},
    {"big": 2 ** 70},
    [],
    "plain",
]


@pytest.mark.parametrize("value", VALUES)
def test_responses_parse_to_what_flask_gave(app, value):
    stock = DefaultJSONProvider(app)
    with app.app_context():
        body = OrjsonProvider(app).response(value).get_data()
    assert body.endswith(b"\n")
    assert json.loads(body) == json.loads(stock.response(value).get_data())


def test_text_is_raw_utf8_and_keys_keep_their_order(app):
    body = OrjsonProvider(app).response({"b": "调解", "a": 1}).get_data()
    assert body == '{"b":"调解","a":1}\n'.encode()


def test_loads_falls_back_for_what_orjson_refuses(app):
    provider = OrjsonProvider(app)
    assert provider.loads('{"a": "二", "n": 1}') == {"a": "二", "n": 1}
    assert provider.loads("[NaN]")[0] != provider.loads("[NaN]")[0]
    assert provider.loads(str(2 ** 70)) == 2 ** 70
    with pytest.raises(ValueError):
        provider.loads("{not json")


def test_unserialisable_values_still_fail(app):
    with pytest.raises(TypeError):
        OrjsonProvider(app).dumps({"x": object()})


def test_columns_round_trip_through_the_database(db):
    changes = {"title": ["旧", "新"], "amount": [None, 12.5], "big": [0, 2 ** 70]}
    assert column_loads(column_dumps(changes)) == changes
    db.session.execute(sa.insert(ChangeHistory.__table__), [{
        "entity": "dispute", "record_id": "r1", "version": 1, "seq": 1, "op": "update", "changes": changes,
        "user_id": None, "device_id": "d1", "mutation_id": "m1", "server_time": datetime(2026, 1, 1)}])
    db.session.commit()
    assert db.session.execute(sa.select(ChangeHistory.changes)).scalar_one() == changes


@pytest.mark.parametrize("depth", [1025, 5000, 200_000])
def test_nesting_too_deep_for_either_parser_is_invalid_json_not_a_recursion_error(app, depth):
    with pytest.raises(json.JSONDecodeError):
        OrjsonProvider(app).loads("[" * depth + "]" * depth)


def test_nesting_orjson_reads_still_loads(app):
    assert OrjsonProvider(app).loads("[" * 1000 + "]" * 1000) is not None
