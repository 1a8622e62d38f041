"""Hostile or careless input: clear errors in the one shape, nothing changed, the server still serving."""
import importlib
import json
import pkgutil

import marshmallow
import pytest

from app.models import AuditLog, Dispute, Party, User, Visit
from tests.phones import Phone, create, dispute_changes, void


@pytest.fixture
def phone(client, district):
    return Phone.sign_in(client, "mediator_a")


@pytest.mark.parametrize("text", ["' OR 1=1 --", "'; DROP TABLE disputes; --", "%", "_", "\\", "\x00"])
def test_sql_ish_search_text_is_only_text(client, phone, district, text):
    response = client.get("/api/disputes", query_string={"q": text}, headers=phone.headers)
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        assert response.get_json()["total"] == 0
    assert client.get("/healthz").status_code == 200


def test_sql_ish_values_are_stored_verbatim_not_executed(client, phone, district, db):
    title = "'); DELETE FROM disputes; --"
    [result] = phone.push(create("dispute", dispute_changes(district.grid_a.id, title=title)))
    assert result["status"] == "applied"
    assert [d.title for d in db.session.query(Dispute).all()] == [title]


def test_a_100_kb_name_is_refused_and_nothing_is_written(client, phone, district, db):
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    party = create("party", {"dispute_id": dispute["id"], "role": "applicant", "name": "名" * 100_000})
    results = phone.push(dispute, party)
    assert results[1]["status"] == "rejected" and "name" in results[1]["errors"]
    assert db.session.query(Party).count() == 0
    response = client.post("/api/auth/login", json={"username": "u" * 100_000, "password": "x", "device_id": "d"})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize("body", [[], "text", 42, None, {"username": 1, "password": [], "device_id": {}}])
def test_wrong_json_types_at_login_answer_422_or_400(client, district, body):
    response = client.post("/api/auth/login", json=body)
    assert response.status_code in (400, 422)
    assert set(response.get_json()) == {"error"}


def test_unknown_fields_at_login_are_refused(client, district):
    response = client.post("/api/auth/login", json={"username": "admin", "password": "x", "device_id": "d",
                                                    "is_admin": True})
    assert response.status_code == 422 and "is_admin" in str(response.get_json()["error"]["details"])


def test_no_personal_data_or_password_reaches_the_audit_log(client, phone, district, db):
    client.post("/api/auth/login", json={"username": "13812345678", "password": "secret-password-1",
                                         "device_id": "d1"})
    text = " ".join(str((e.action, e.details, e.record_id)) for e in db.session.query(AuditLog).all())
    assert "13812345678" not in text and "secret-password-1" not in text
    assert db.session.query(User).count() == 6


# ---------------------------------------------------------------- values no column can hold: 4xx, never 500

both_backends = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
LONE_SURROGATE = '"\\ud800"'  # JSON text: the escape a browser's JSON.stringify writes for half an emoji


def raw_json(client, path, text, headers=None):
    return client.post(path, data=text.encode(), content_type="application/json", headers=headers or {})


def assert_error_shape(response, status, code):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == code


@both_backends
@pytest.mark.parametrize("username", [LONE_SURROGATE, '"admin\\u0000"'])
def test_sign_in_with_text_no_database_stores_is_a_422_and_audits_nothing(client, district, db, username):
    before = db.session.query(AuditLog).count()
    response = raw_json(client, "/api/auth/login", f'{{"username": {username}, "password": "x", "device_id": "d"}}')
    assert_error_shape(response, 422, "validation_error")
    assert "username" in response.get_json()["error"]["details"]["fields"]
    assert db.session.query(AuditLog).count() == before


@both_backends
@pytest.mark.parametrize(("entity", "field", "value"), [
    ("dispute", "title", LONE_SURROGATE),
    ("dispute", "title", '"漏水\\u0000"'),
    ("dispute", "summary", '"\\udc00半个表情"'),
    ("dispute", "risk_flags", '["\\ud800"]'),
    ("dispute", "risk_flags", "[[1]]"),
    ("dispute", "linked_agencies", "[{}]"),
    ("dispute", "area_id", "99999999999999999999"),
    ("dispute", "area_id", str(2**31)),
    ("dispute", "assigned_mediator_id", str(2**63)),
    ("dispute", "persons_involved", "1e30"),
    ("party", "name", '"王\\u0000秀兰"'),
    ("party", "dispute_id", "[\"DISPUTE\"]"),
    ("visit", "purposes", '[1, "mediation"]'),
    ("visit", "dispute_ids", "5"),
    ("visit", "dispute_ids", "[[\"DISPUTE\"]]"),
    ("visit", "place", LONE_SURROGATE),
])
def test_a_bad_value_rejects_its_mutation_alone_and_writes_nothing(client, phone, district, db, entity, field, value):
    case = create("dispute", dispute_changes(district.grid_a.id, title="已有案件"))
    phone.push(case)
    base = {"dispute": dispute_changes(district.grid_a.id),
            "party": {"dispute_id": case["id"], "role": "applicant", "name": "李四"},
            "visit": {"area_id": district.grid_a.id, "visited_at": "2026-11-28T08:00:00Z", "place": "3号楼",
                      "purposes": ["mediation"], "dispute_ids": [case["id"]]}}[entity]
    bad = create(entity, {**base, field: "__VALUE__"})
    good = create("dispute", dispute_changes(district.grid_a.id, title="同批的好案件"))
    body = json.dumps({"device_id": phone.device_id, "mutations": [bad, good]})
    body = body.replace('"__VALUE__"', value.replace("DISPUTE", case["id"]))
    response = raw_json(client, "/api/sync/push", body, phone.headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    rejected, applied = response.get_json()["results"]
    assert rejected["status"] == "rejected" and field in rejected["errors"], rejected
    assert applied["status"] == "applied"
    assert sorted(d.title for d in db.session.query(Dispute)) == ["同批的好案件", "已有案件"]
    assert db.session.query(Party).count() == 0 and db.session.query(Visit).count() == 0


@both_backends
def test_text_that_is_only_unusual_is_stored_verbatim(client, phone, district, db):
    title = "表情😀、全角　空格、\t制表符与\u200b零宽字符"
    [result] = phone.push(create("dispute", dispute_changes(district.grid_a.id, title=title)))
    assert result["status"] == "applied"
    assert db.session.query(Dispute).one().title == title


@both_backends
def test_a_void_reason_with_nul_is_refused(client, phone, district, db):
    case = create("dispute", dispute_changes(district.grid_a.id))
    [created] = phone.push(case)
    [result] = phone.push(void("dispute", case["id"], created["record"]["version"], "重复\x00录入"))
    assert result["status"] == "rejected" and "void_reason" in result["errors"]
    assert db.session.query(Dispute).one().voided_at is None


@pytest.mark.parametrize(("key", "value"), [
    ("mutation_id", LONE_SURROGATE), ("entity", LONE_SURROGATE), ("id", '"a\\u0000b"'), ("op", LONE_SURROGATE),
    ("changes", '{"title\\u0000": "x"}'), ("changes", '{"\\ud800": 1}'),
])
def test_an_envelope_no_database_stores_is_refused_alone(client, phone, district, db, key, value):
    bad = {**create("dispute", dispute_changes(district.grid_a.id)), key: "__VALUE__"}
    good = create("dispute", dispute_changes(district.grid_a.id, title="同批的好案件"))
    body = json.dumps({"device_id": phone.device_id, "mutations": [bad, good]}).replace('"__VALUE__"', value)
    response = raw_json(client, "/api/sync/push", body, phone.headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    rejected, applied = response.get_json()["results"]
    assert rejected["status"] == "rejected" and applied["status"] == "applied"
    assert [d.title for d in db.session.query(Dispute)] == ["同批的好案件"]


def test_an_unknown_entity_with_unstorable_values_is_refused_by_name(client, phone, district):
    bad = {**create("dispute", {}), "entity": "spaceship"}
    body = json.dumps({"device_id": phone.device_id, "mutations": [bad]}).replace("{}", '{"x": "\\ud800"}')
    response = raw_json(client, "/api/sync/push", body, phone.headers)
    assert response.status_code == 200
    assert response.get_json()["results"][0]["error_code"] == "unknown_entity"


@pytest.mark.parametrize("path", ["/api/auth/login", "/api/sync/push"])
@pytest.mark.parametrize("depth", [2000, 100_000])
def test_deep_nesting_is_malformed_json(client, phone, path, depth):
    response = raw_json(client, path, "[" * depth + "]" * depth, phone.headers)
    assert_error_shape(response, 400, "malformed_json")


def test_nesting_within_reason_inside_a_mutation_rejects_only_that_mutation(client, phone, district):
    body = json.dumps({"device_id": phone.device_id, "mutations": [
        create("dispute", dispute_changes(district.grid_a.id, risk_flags="__VALUE__"))]})
    response = raw_json(client, "/api/sync/push", body.replace('"__VALUE__"', "[" * 500 + "]" * 500), phone.headers)
    assert response.status_code == 200 and response.get_json()["results"][0]["status"] == "rejected"


@both_backends
@pytest.mark.parametrize(("path", "query"), [
    ("/api/disputes", {"page": "1e30"}), ("/api/disputes", {"page": "9" * 30}),
    ("/api/disputes", {"area_id": "9" * 30}), ("/api/disputes", {"area_id": str(2**31)}),
    ("/api/disputes", {"assigned_mediator_id": str(2**63)}), ("/api/visits", {"area_id": "9" * 30}),
    ("/api/sync/pull", {"limit": "9" * 30}), ("/api/disputes", {"q": "漏水\x00"}),
    ("/api/conflicts", {"record_id": "a\x00"}),
])
def test_query_values_no_column_holds_are_422(client, phone, path, query):
    assert_error_shape(client.get(path, query_string=query, headers=phone.headers), 422, "validation_error")


@both_backends
def test_the_largest_id_a_column_holds_is_an_ordinary_query(client, phone):
    response = client.get("/api/disputes", query_string={"area_id": str(2**31 - 1)}, headers=phone.headers)
    assert response.status_code == 200 and response.get_json()["total"] == 0


@both_backends
@pytest.mark.parametrize(("method", "path", "who"), [
    ("POST", "/api/conflicts/99999999999999999999/resolve", "supervisor_a"),
    ("POST", f"/api/conflicts/{2**31}/resolve", "supervisor_a"),
    ("POST", "/api/conflicts/99999999999999999999/reveal", "supervisor_a"),
    ("GET", "/api/admin/users/99999999999999999999", "admin"),
    ("PATCH", f"/api/admin/areas/{2**31}", "admin"),
    ("GET", f"/api/admin/committees/{2**63}", "admin"),
    ("GET", "/api/disputes/%00", "mediator_a"),
    ("GET", "/api/disputes/a%00b/history", "mediator_a"),
    ("GET", "/api/parties/%00/identity", "mediator_a"),
    ("POST", "/api/devices/d%00/revoke", "supervisor_a"),
])
def test_path_ids_no_row_could_have_find_no_route(client, district, login, method, path, who):
    response = client.open(path, method=method, json={"choose": "server"}, headers=login(who))
    assert_error_shape(response, 404, "not_found")


@both_backends
def test_the_largest_row_id_reaches_the_service_and_is_not_found_there(client, district, login):
    response = client.get(f"/api/admin/users/{2**31 - 1}", headers=login("admin"))
    assert_error_shape(response, 404, "not_found")
    assert client.get(f"/api/admin/users/{district.admin.id}", headers=login("admin")).status_code == 200


def test_every_integer_in_a_path_is_a_bounded_row_id(app):
    """A plain `<int:…>` reaches the database with any number (OverflowError on SQLite, DataError on PostgreSQL)."""
    from werkzeug.routing import IntegerConverter

    from app.api.converters import RowIdConverter
    plain = [rule.rule for rule in app.url_map.iter_rules()
             for converter in (rule._converters or {}).values()
             if isinstance(converter, IntegerConverter) and not isinstance(converter, RowIdConverter)]
    assert plain == []


def _loaded_fields(schema, seen):
    """Every field a schema loads, into lists, dict keys and nested schemas."""
    if type(schema) in seen:
        return
    seen.add(type(schema))
    stack = list(schema.load_fields.values())
    while stack:
        field = stack.pop()
        yield field
        stack.extend(inner for inner in (getattr(field, "inner", None), getattr(field, "key_field", None),
                                         getattr(field, "value_field", None)) if inner is not None)
        if isinstance(field, marshmallow.fields.Nested):
            yield from _loaded_fields(field.schema, seen)


def test_every_schema_loads_text_and_integers_through_the_storable_types():
    import app.schemas
    from app.schemas.fields import Integer, Text

    offenders = []
    for module_info in pkgutil.iter_modules(app.schemas.__path__):
        module = importlib.import_module(f"app.schemas.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, marshmallow.Schema) and value.__module__ == module.__name__:
                for field in _loaded_fields(value(), set()):
                    if isinstance(field, marshmallow.fields.String) and not isinstance(field, Text) \
                            or isinstance(field, marshmallow.fields.Integer) and not isinstance(field, Integer):
                        offenders.append(f"{value.__name__}.{field.name}: {type(field).__name__}")
    assert offenders == []


@pytest.mark.parametrize("moment", ["0001-01-01T00:01:00+08:01", "9999-12-31T23:59:00-00:01"])
def test_a_timestamp_whose_offset_leaves_the_calendar_is_a_422_not_a_500(client, phone, moment):
    response = client.put("/api/me/today-seen", json={"today_seen_at": moment}, headers=phone.headers)
    assert response.status_code == 422
    assert response.get_json()["error"]["details"]["fields"] == {"today_seen_at": ["年份超出范围。 / Year out of range."]}


@pytest.mark.parametrize(("moment", "status"), [
    ("1900-01-01T00:00:00Z", 200), ("1900-01-01T07:59:59+08:00", 422),
    ("2200-12-31T23:59:59Z", 200), ("2201-01-01T07:59:59+08:00", 200), ("2201-01-01T00:00:00Z", 422),
])
def test_timestamps_are_taken_from_1900_to_2200_in_utc(client, phone, moment, status):
    response = client.put("/api/me/today-seen", json={"today_seen_at": moment}, headers=phone.headers)
    assert response.status_code == status, response.get_json()
