"""The server log of a real `make run`-like server never holds people's names, phones or ID numbers,
whatever error paths a run goes through (SQLAlchemy hides statement parameters: app/config.py)."""
from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.server_process import flask, gunicorn, http, sign_in

pytestmark = pytest.mark.slow
DEMO_PASSWORD = "demo-pass-2026"


def demo_personal_data(database: Path) -> set[str]:
    """Every party's and user's name, phone and ID number the demo seeded."""
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT name, phone, id_number FROM parties").fetchall()
        rows += connection.execute("SELECT display_name, phone, NULL FROM users").fetchall()
    return {value for row in rows for value in row if value and len(value) >= 2}


def raw_post(url: str, body: bytes, token: str | None = None) -> int:
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def mutation(entity: str, changes: dict, op: str = "create", record_id: str | None = None,
             base_version: int | None = None) -> dict:
    return {"mutation_id": str(uuid.uuid4()), "entity": entity, "id": record_id or str(uuid.uuid4()), "op": op,
            "base_version": base_version, "changes": changes, "client_time": "2026-11-28T08:00:00Z"}


def run_error_paths(base: str, database: Path) -> list[int]:
    """Bad input, missing rows and foreign keys to nothing, each carrying real demo names and numbers."""
    with sqlite3.connect(database) as connection:
        name, phone, id_number, dispute_id, area_id = connection.execute(
            "SELECT p.name, p.phone, p.id_number, d.id, d.area_id FROM parties p JOIN disputes d ON d.id = p.dispute_id "
            "WHERE p.id_number IS NOT NULL AND p.phone IS NOT NULL ORDER BY p.id LIMIT 1").fetchone()
    device = f"log-privacy-{uuid.uuid4().hex[:8]}"
    token = sign_in(base, "admin", DEMO_PASSWORD, device)
    missing = str(uuid.uuid4())
    text = f"{name}，电话{phone}，身份证{id_number}"
    push = f"{base}/api/sync/push"
    statuses = []
    batches = [
        [mutation("party", {"dispute_id": missing, "role": "applicant", "name": name, "phone": phone,
                            "id_number": id_number})],
        [mutation("mediation_log", {"dispute_id": missing, "held_on": "2026-11-27", "method": "in_person",
                                    "content": text, "result": "ongoing"})],
        [mutation("visit", {"area_id": area_id, "visited_at": "2026-11-27T08:00:00Z", "place": text,
                            "purposes": ["mediation"], "persons_met": name, "dispute_ids": [missing]})],
        [mutation("dispute", {"area_id": 999999, "title": text, "category": "neighbor", "source": "initiative"})],
        [mutation("dispute", {"area_id": area_id, "title": text, "category": "neighbor", "source": "initiative",
                              "persons_involved": 2 ** 70, "risk_flags": [[1]]})],
        [mutation("party", {"name": name, "phone": phone}, op="update", record_id=missing, base_version=1)],
        [mutation("dispute", {"title": text, "assigned_mediator_id": 999999}, op="update",
                  record_id=dispute_id, base_version=1)],
    ]
    for batch in batches:
        statuses.append(http("POST", push, {"device_id": device, "device": {}, "mutations": batch}, token)[0])
    statuses.append(raw_post(push, json.dumps({"device_id": device, "mutations": [mutation(
        "party", {"dispute_id": dispute_id, "role": "applicant", "name": name + "\ud800", "phone": phone})]})
        .encode(), token))
    statuses.append(raw_post(push, ("[" * 5000 + "]" * 5000).encode(), token))
    statuses.append(raw_post(f"{base}/api/auth/login", json.dumps(
        {"username": name + "\ud800", "password": id_number, "device_id": device}).encode()))
    statuses.append(http("POST", f"{base}/api/auth/login", {"username": "mediator", "password": phone,
                                                            "device_id": device})[0])
    for path in (f"/api/disputes/{missing}", f"/api/parties/{missing}/identity", f"/api/disputes/{missing}/history",
                 f"/api/disputes?q={urllib.parse.quote(name)}&page=99999999999999999999999", "/api/nowhere"):
        statuses.append(http("GET", f"{base}{path}", token=token)[0])
    statuses.append(http("POST", f"{base}/api/conflicts/99999/resolve", {"choose": "value", "value": phone}, token)[0])
    return statuses


def test_no_name_phone_or_id_number_reaches_the_server_log(tmp_path):
    database = tmp_path / "tiaojie.sqlite3"
    url = f"sqlite:///{database}"
    flask(url, "db", "upgrade")
    flask(url, "seed-demo", "--if-empty")
    log = tmp_path / "server.log"
    with gunicorn(url, workers=1, log=log) as base:
        statuses = run_error_paths(base, database)
    assert len(statuses) == 17
    written = log.read_text()
    assert "/api/sync/push" in written  # the access log is part of what is checked
    leaked = sorted(value for value in demo_personal_data(database) if value in written)
    assert leaked == [], f"personal data in the server log: {leaked[:10]}"
