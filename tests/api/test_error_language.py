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


def _literal_text(node) -> str | None:
    """A string literal's text, or an f-string's with `{}` for each value; None for anything else."""
    import ast
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal_text(node.left), _literal_text(node.right)
        return None if left is None or right is None else left + right
    return None


MESSAGE_ARGUMENTS = {"ApiError": slice(2, None), "field_error": slice(1, 2), "already_exists": slice(1, 2),
                     "commit_or_taken": slice(1, 2), "ValidationError": slice(0, 1)}
"""Where the app builds an error answer, and which of its arguments are messages."""


def _api_error_texts():
    """Every message and field message written as a literal where the app builds an error answer."""
    import ast
    from pathlib import Path
    for path in sorted(Path("app").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            messages = MESSAGE_ARGUMENTS.get(getattr(getattr(node, "func", None), "id", None))
            if not isinstance(node, ast.Call) or messages is None:
                continue
            arguments = node.args[messages] + [k.value for k in node.keywords if k.arg in ("message", "details")]
            for argument in arguments:
                texts = [argument] if not isinstance(argument, ast.Dict) else [
                    item for inner in ast.walk(argument) if isinstance(inner, ast.List) for item in inner.elts]
                for text in map(_literal_text, texts):
                    if text is not None:
                        yield f"{path}:{node.lineno}", text


def _chinese_first(text: str) -> bool:
    """"中文。 / English": Chinese before the slash (a header's name may open it), English after."""
    chinese, slash, english = text.partition("。 / ")
    return bool(slash) and re.search(r"[\u4e00-\u9fff]", chinese) is not None and english[:1].isascii()


def test_every_error_the_app_raises_reads_chinese_first():
    texts = list(_api_error_texts())
    assert len(texts) > 20
    english_first = [(where, text) for where, text in texts if not _chinese_first(text)]
    assert english_first == []
