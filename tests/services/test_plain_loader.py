"""The plain loaders load exactly what marshmallow loads, and stand aside for everything else.

They are kept for speed only (docs/benchmarks.md, "Fast paths kept"): these tests pin them to marshmallow.
"""
import itertools
import json
import random

import pytest
from marshmallow import Schema, ValidationError, fields, validate

from app.schemas.plain import PlainLoader
from app.schemas.records import (
    RECORD_SCHEMAS,
    check_changes,
    plain_changes_loader,
    record_schema,
)
from app.schemas.sync import MutationItemSchema
from tests.sync.test_vectors import VECTORS

UUID = "0190a8e2-1c3d-7000-8000-000000000001"
VALID = {
    "dispute": {"area_id": 1, "title": "邻里噪音", "summary": "楼上漏水", "category": "neighbor", "source": "initiative",
                "occurred_on": "2026-01-02", "reported_at": "2026-01-02T08:00:00Z", "persons_involved": 3,
                "amount_involved": 1200.5, "risk_level": "high", "risk_flags": ["group_incident"],
                "assigned_mediator_id": 4, "linked_agencies": []},
    "party": {"dispute_id": UUID, "role": "applicant", "name": "王秀兰", "phone": "13812345678",
              "id_number": "11010519491231002X", "birth_year": 1962, "consent": "consented",
              "consent_at": "2026-01-02T08:00:00+08:00"},
    "visit": {"area_id": 1, "visited_at": "2026-01-02T08:00:00Z", "place": "3号楼", "purposes": ["mediation"],
              "dispute_ids": [UUID], "notes": None},
    "mediation_log": {"dispute_id": UUID, "held_at": "2026-01-02T08:00:00Z", "rights_notice_given": True,
                      "result": "continue"},
    "followup": {"dispute_id": UUID, "due_on": "2026-02-01", "agreement_performed": None, "satisfaction": None},
    "referral": {"dispute_id": UUID, "agency_kind": "police", "reason": "需要协助"},
    "attachment": {"dispute_id": UUID, "parent_entity": "party", "parent_id": UUID, "kind": "signature",
                   "mime_type": "image/png", "byte_size": 20480, "sha256": "ab" * 32,
                   "taken_at": "2026-01-02T08:00:00Z", "caption": "申请人签名"},
}
ODD_VALUES = [None, "", "x" * 250, "x" * 20001, 0, -1, 7, 2**70, True, False, 1.5, 3.0, "12", "2026-01-02",
              "2026-13-45", "2026-01-02T08:00:00Z", "08:00", [], ["x"], [1], [None], {"a": 1}, UUID, UUID.upper(),
              "13812345678", "11010519491231002X", "neighbor", "high", "group_incident", "1850-01-01", "2500-01-01"]


def assert_same(loader: PlainLoader, load, data) -> bool:
    """The plain answer, when there is one, equals marshmallow's; when marshmallow refuses, there is none."""
    try:
        expected = load(data)
    except ValidationError:
        assert loader(data) is None, data
        return False
    answer = loader(data)
    assert answer is None or (answer == expected and list(answer) == list(expected)), data
    return answer is not None


@pytest.mark.parametrize("entity", sorted(RECORD_SCHEMAS))
def test_record_changes_load_as_marshmallow_loads_them(entity):
    schema, loader = record_schema(entity), plain_changes_loader(entity)
    assert loader.usable
    valid = {name: value for name, value in VALID[entity].items() if name in schema.load_fields}
    assert assert_same(loader, lambda d: schema.load(d, partial=True), valid), "plain data should load plainly"
    for name, value in itertools.product([*schema.load_fields, "case_no", "version", "bogus"], ODD_VALUES):
        assert_same(loader, lambda d: schema.load(d, partial=True), {**valid, name: value})
        assert_same(loader, lambda d: schema.load(d, partial=True), {name: value})


def marshmallow_check(entity: str, changes: dict, *, creating: bool) -> tuple[dict[str, list[str]], dict]:
    """`check_changes` as marshmallow alone answers it: the errors, and the loaded values when there are none."""
    schema = record_schema(entity)
    errors: dict[str, list[str]] = {}
    if creating:
        for required in schema.Meta.create_required:
            if changes.get(required) in (None, "", []):
                errors[required] = ["新建时必填。 / Required when creating."]
    try:
        loaded = schema.load(changes, partial=True)
    except ValidationError as exc:
        for field, messages in exc.normalized_messages().items():
            errors.setdefault(field, []).extend(messages if isinstance(messages, list) else [str(messages)])
        return errors, {}
    for field, messages in schema.joint_errors(loaded).items():  # the rules over several fields judge what loaded
        errors.setdefault(field, []).extend(messages)
    return errors, {} if errors else loaded


def assert_checked_as_marshmallow_checks(entity: str, changes: dict) -> None:
    for creating in (True, False):
        errors, loaded = marshmallow_check(entity, changes, creating=creating)
        answer = check_changes(entity, changes, creating=creating)
        assert answer[0] == errors, (changes, creating)
        if loaded:
            assert answer[1] == loaded and list(answer[1]) == list(loaded), (changes, creating)


@pytest.mark.parametrize("entity", sorted(RECORD_SCHEMAS))
def test_check_changes_gives_marshmallows_errors(entity):
    schema = record_schema(entity)
    for name, value in itertools.product(schema.load_fields, ODD_VALUES):
        assert_checked_as_marshmallow_checks(entity, {**VALID[entity], name: value})


def test_every_mutation_of_the_shared_vectors_loads_as_marshmallow_loads_it():
    envelope = MutationItemSchema()
    loader = PlainLoader(envelope, partial=False)
    items = [step["mutation"] for path in VECTORS
             for step in json.loads(path.read_text(encoding="utf-8"))["mutations"]]
    plainly = 0
    for item in items:
        plainly += assert_same(loader, envelope.load, item)
        if item.get("entity") in RECORD_SCHEMAS and item.get("op") != "void" and isinstance(item.get("changes"), dict):
            assert_checked_as_marshmallow_checks(item["entity"], item["changes"])
    assert plainly > len(items) // 2, "the vectors' envelopes should mostly load plainly"


@pytest.mark.parametrize("entity", sorted(RECORD_SCHEMAS))
def test_random_records_load_and_fail_as_marshmallow_loads_and_fails_them(entity):
    """Seeded: each record a random part of a valid one with up to three fields set to other values."""
    schema, loader = record_schema(entity), plain_changes_loader(entity)
    names = [*schema.load_fields, "case_no", "bogus"]
    others = ODD_VALUES + [value for record in VALID.values() for value in record.values()] + [
        "2999-12-31", {"title": "补正标题"}, {"bogus": "x"}, ["mediation", "bogus"]]
    rng = random.Random(f"plain-loader-{entity}")
    for _ in range(400):
        changes = {name: value for name, value in VALID[entity].items()
                   if name in schema.load_fields and rng.random() < 0.7}
        for name in rng.sample(names, rng.randint(0, 3)):
            changes[name] = rng.choice(others)
        assert_same(loader, lambda d: schema.load(d, partial=True), changes)
        assert_checked_as_marshmallow_checks(entity, changes)


def test_the_mutation_envelope_loads_as_marshmallow_loads_it():
    schema = MutationItemSchema()
    loader = PlainLoader(schema, partial=False)
    item = {"mutation_id": "m-1", "entity": "dispute", "id": UUID, "op": "update", "base_version": 3,
            "changes": {"title": "新标题"}, "client_time": "2026-01-02T08:00:00Z"}
    assert assert_same(loader, schema.load, item)
    assert loader({k: v for k, v in item.items() if k != "changes"})["changes"] == {}
    for name, value in itertools.product([*schema.load_fields, "device_id"], ODD_VALUES + [{"x" * 65: 1}]):
        assert_same(loader, schema.load, {**item, name: value})
    for name in schema.load_fields:
        assert_same(loader, schema.load, {k: v for k, v in item.items() if k != name})


def test_keys_remembered_as_valid_never_let_an_invalid_key_through():
    schema = MutationItemSchema()
    loader = PlainLoader(schema, partial=False)
    item = {"mutation_id": "m-1", "entity": "dispute", "id": UUID, "op": "update", "base_version": 3}
    for key in ["title", "x" * 64, "x" * 65, "标题\x00", "半个\ud83d", "", "title"] * 2:
        assert_same(loader, schema.load, {**item, "changes": {key: 1}})
        assert_same(loader, schema.load, {**item, "changes": {"title": 1, key: 2}})
    for number in range(1100):  # past what it remembers, keys are still judged
        assert loader({**item, "changes": {f"field_{number}": 1}}) is not None
    assert loader({**item, "changes": {"y" * 65: 1}}) is None
    assert loader({**item, "changes": {"y" * 64: 1}}) is not None


def test_a_key_found_valid_is_judged_once(monkeypatch):
    judged: list[str] = []
    length = validate.Length.__call__

    def counted(self, value):
        judged.append(value)
        return length(self, value)

    class Keyed(Schema):
        names = fields.Dict(keys=fields.String(validate=validate.Length(max=8)))

    loader = PlainLoader(Keyed(), partial=False)
    monkeypatch.setattr(validate.Length, "__call__", counted)
    for _ in range(3):
        assert loader({"names": {"title": 1, "summary": 2}}) == {"names": {"title": 1, "summary": 2}}
    assert sorted(judged) == ["summary", "title"]


def test_keys_judged_by_anything_but_the_key_itself_are_judged_every_time():
    open_now = [True]

    class LengthWhileOpen(validate.Length):  # a subclass of a pure validator need not be pure
        def __call__(self, value):
            return super().__call__(value) if open_now[0] else False

    class Keyed(Schema):
        names = fields.Dict(keys=fields.String(validate=lambda _key: open_now[0]))
        codes = fields.Dict(keys=fields.String(validate=LengthWhileOpen(max=8)))

    loader = PlainLoader(Keyed(), partial=False)
    for name in ("names", "codes"):
        open_now[0] = True
        assert loader({name: {"a": 1}}) == {name: {"a": 1}}
        open_now[0] = False
        assert loader({name: {"a": 1}}) is None


def test_keys_a_field_of_its_own_converts_load_as_marshmallow_loads_them():
    class Lowered(fields.String):
        def _deserialize(self, value, attr, data, **kwargs):
            return super()._deserialize(value, attr, data, **kwargs).lower()

    class Keyed(Schema):
        names = fields.Dict(keys=Lowered(validate=validate.Length(max=8)))
        codes = fields.Dict(keys=fields.String(pre_load=str.lower, validate=validate.Length(max=8)))

    schema = Keyed()
    loader = PlainLoader(schema, partial=False)
    for _, name in itertools.product(range(2), ("names", "codes")):
        assert_same(loader, schema.load, {name: {"Title": 1, "SUMMARY": 2}})
        assert_same(loader, schema.load, {name: {"LongerThanEight": 1}})


@pytest.mark.parametrize(("entity", "changes"), [
    ("dispute", {"title": "漏水\x00"}),
    ("dispute", {"summary": "半个表情\ud83d"}),
    ("dispute", {"risk_flags": ["group_incident", "\udc00"]}),
    ("party", {"name": "王\x00秀兰"}),
    ("dispute", {"area_id": 2**31}),
    ("dispute", {"assigned_mediator_id": 2**63}),
])
def test_the_plain_loader_refuses_what_no_column_can_hold(entity, changes):
    assert plain_changes_loader(entity)(changes) is None
    assert set(check_changes(entity, changes, creating=False)[0]) == set(changes)


def test_the_plain_loader_still_loads_text_and_numbers_at_the_edge_of_what_columns_hold():
    changes = {"title": "表情😀与全角　空格", "area_id": 2**31 - 1}
    assert plain_changes_loader("dispute")(changes) == changes
