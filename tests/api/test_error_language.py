"""Every schema's field errors are Chinese first, then English (app/schemas/messages.py)."""
from __future__ import annotations

import re

import pytest

from tests.api.test_admin_users import new_mediator

CHINESE_FIRST = re.compile(r"^[^A-Za-z]*[\u4e00-\u9fff].*。 / [A-Z]")


@pytest.mark.parametrize("field, value", [
    ("display_name", None), ("area_id", "seven"), ("role", "chief"), ("display_name", "x" * 101),
    ("is_lawyer", "maybe"), ("colour", "red"),
])
def test_admin_form_errors_read_chinese_first(client, login, district, field, value):
    admin = login("admin")
    response = client.post("/api/admin/users", headers=admin, json=new_mediator(district, **{field: value}))
    assert response.status_code == 422, response.get_json()
    messages = response.get_json()["error"]["details"]["fields"][field]
    assert messages and all(CHINESE_FIRST.match(message) for message in messages), messages


def test_a_missing_required_field_reads_chinese_first(client, login, district):
    body = new_mediator(district)
    del body["username"]
    response = client.post("/api/admin/users", headers=login("admin"), json=body)
    assert response.get_json()["error"]["details"]["fields"]["username"] == ["此项必填。 / Missing data for required field."]


def test_a_role_the_route_does_not_admit_is_told_who_may_chinese_first(client, login, district):
    response = client.get("/api/desk/counts", headers=login("mediator_a"))
    assert response.status_code == 403
    assert response.get_json()["error"]["message"] == "只有督导或管理员可以这样做。 / Only a supervisor or an admin may do this."
    response = client.get("/api/admin/users", headers=login("supervisor_a"))
    assert response.get_json()["error"]["message"] == "只有管理员可以这样做。 / Only an admin may do this."
