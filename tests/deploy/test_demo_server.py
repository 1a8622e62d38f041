"""What `make run` gives a newcomer: a migrated SQLite file, the demo district, a real server, five accounts."""
from __future__ import annotations

import pytest

from tests.server_process import flask, gunicorn, http, sign_in

pytestmark = pytest.mark.slow
DEMO_PASSWORD = "demo-pass-2026"


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'tiaojie.sqlite3'}"
    flask(url, "db", "upgrade")
    first = flask(url, "seed-demo", "--if-empty")
    again = flask(url, "seed-demo", "--if-empty")
    with gunicorn(url, workers=2) as base:
        yield {"base": base, "first": first.stdout, "again": again.stdout}


def disputes_seen(base: str, username: str) -> list[dict]:
    token = sign_in(base, username, DEMO_PASSWORD, f"deploy-{username}")
    status, body = http("GET", f"{base}/api/disputes?per_page=100", token=token)
    assert status == 200, body
    items = body["items"]
    for page in range(2, (body["total"] + 99) // 100 + 1):
        items += http("GET", f"{base}/api/disputes?per_page=100&page={page}", token=token)[1]["items"]
    return items


def test_health_answers_and_seeding_twice_adds_nothing(demo_server):
    assert http("GET", f"{demo_server['base']}/healthz") == (200, {"status": "ok"})
    assert "300 disputes" in demo_server["first"]
    assert "300 disputes" not in demo_server["again"]


def test_each_demo_account_signs_in_and_sees_only_its_scope(demo_server):
    base = demo_server["base"]
    seen = {name: disputes_seen(base, name) for name in ("admin", "supervisor", "mediator", "mediator2", "mediator3")}
    assert len(seen["admin"]) == 300
    status, reference = http("GET", f"{base}/api/reference", token=sign_in(base, "admin", DEMO_PASSWORD, "ref"))
    areas = {area["id"]: area for area in reference["areas"]}

    def street_of(area_id: int) -> str:
        while areas[area_id]["level"] != "street":
            area_id = areas[area_id]["parent_id"]
        return areas[area_id]["name"]

    assert {street_of(d["area_id"]) for d in seen["supervisor"]} == {"兴福街道"}
    assert 0 < len(seen["supervisor"]) < 300
    grid = http("GET", f"{base}/api/me", token=sign_in(base, "mediator", DEMO_PASSWORD, "me"))[1]["user"]["area_id"]
    assert grid == http("GET", f"{base}/api/me", token=sign_in(base, "mediator2", DEMO_PASSWORD, "me2"))[1]["user"]["area_id"]
    in_grid = [{d["id"] for d in seen[name] if d["area_id"] == grid} for name in ("mediator", "mediator2")]
    assert in_grid[0] == in_grid[1] and len(in_grid[0]) >= 25
    assert {street_of(d["area_id"]) for d in seen["mediator3"]} == {"段北街道"}
    assert len(seen["mediator3"]) >= 15
    assert not {d["id"] for d in seen["mediator"]} & {d["id"] for d in seen["mediator3"]}


def test_a_wrong_password_is_refused_over_http(demo_server):
    status, body = http("POST", f"{demo_server['base']}/api/auth/login",
                        {"username": "mediator", "password": "wrong-password", "device_id": "x"})
    assert status == 401 and body["error"]["code"] == "invalid_credentials"
