"""The sync simulation of tests/sync against the real app and database (SQLite here, PostgreSQL in CI).

The virtual devices of tests/sync/sim.py push and pull through the HTTP API; the invariants of
sync-protocol.md §8 (no lost edit, conflicts recorded, no stale regression, convergence, idempotence)
are checked on what the database holds. Device-side names ("dev1-r3") become UUIDs on the wire.
"""
from __future__ import annotations

import tempfile
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.models import SYNCED_MODELS, AppliedMutation, ChangeHistory, Conflict
from app.services.sync_pull import flat_record
from app.services.users import create_user
from sync.types import Actor
from tests.conftest import build_app
from tests.db_backends import fresh_postgres_database, fresh_sqlite_url
from tests.factories import PASSWORD, make_district
from tests.sync.sim import Device, ServerView, invariant_problems, play
from tests.sync.test_simulation import actions, act

NAMES = uuid.UUID("7d2f6c1a-9b7e-4f0e-8a55-3c1d2e9f4b60")
ID_FIELDS = ("id", "dispute_id")


class AppServer:
    """sim.Server over the Flask app: translates names to UUIDs and back."""

    def __init__(self, app) -> None:
        self.app = app
        self.client = app.test_client()
        self.names: dict[str, str] = {}
        self.tokens: dict[int, str] = {}
        self.log: list[tuple[Actor, list[dict], list[dict]]] = []

    def wire_id(self, name: str) -> str:
        wire = str(uuid.uuid5(NAMES, name))
        self.names[wire] = name
        return wire

    def sign_in(self, username: str, device_id: str) -> int:
        body = self.client.post("/api/auth/login", json={"username": username, "password": PASSWORD,
                                                          "device_id": device_id}).get_json()
        self.tokens[body["user"]["id"]] = body["access_token"]
        return body["user"]["id"]

    def _out(self, mutation: dict[str, Any]) -> dict[str, Any]:
        changes = dict(mutation["changes"])
        if isinstance(changes.get("dispute_id"), str):
            changes["dispute_id"] = self.wire_id(changes["dispute_id"])
        return {**mutation, "mutation_id": self.wire_id(mutation["mutation_id"]),
                "id": self.wire_id(mutation["id"]), "changes": changes}

    def back(self, record: dict[str, Any] | None) -> dict[str, Any] | None:
        if record is None:
            return None
        return {**record, **{k: self.names.get(record[k], record[k]) for k in ID_FIELDS if record.get(k)}}

    def push(self, actor: Actor, mutations: list[dict]) -> list[dict]:
        response = self.client.post("/api/sync/push", json={
            "device_id": actor.device_id, "mutations": [self._out(m) for m in mutations]},
            headers={"Authorization": f"Bearer {self.tokens[actor.user_id]}"})
        assert response.status_code == 200, response.get_json()
        results = [{**r, "mutation_id": self.names[r["mutation_id"]], "record": self.back(r["record"])}
                   for r in response.get_json()["results"]]
        self.log.append((actor, mutations, results))
        return results

    def pull(self, actor: Actor, cursor: Any) -> tuple[list[dict], Any]:
        records = []
        while True:
            response = self.client.get("/api/sync/pull", query_string={"cursor": cursor} if cursor else {},
                                       headers={"Authorization": f"Bearer {self.tokens[actor.user_id]}"})
            body = response.get_json()
            assert response.status_code == 200 and not body.get("reset"), body
            records += [self.back(r) for r in body["records"]]
            cursor = body["cursor"]
            if not body["has_more"]:
                return records, cursor

    def view(self) -> ServerView:
        with self.app.app_context():
            records = {}
            for entity, model in SYNCED_MODELS.items():
                for row in db.session.execute(sa.select(model)).scalars():
                    flat = self.back(flat_record(entity, row))
                    records[flat["id"]] = flat
            history: dict[str, list[dict]] = {}
            for row in db.session.execute(sa.select(ChangeHistory).order_by(ChangeHistory.seq)).scalars():
                changes = {name: [self._name_of(v) for v in pair] if name == "dispute_id" else pair
                           for name, pair in row.changes.items()}
                history.setdefault(self.names.get(row.record_id, row.record_id), []).append({
                    "version": row.version, "op": row.op, "changes": changes, "device_id": row.device_id,
                    "mutation_id": self.names.get(row.mutation_id, row.mutation_id)})
            conflicts = [{"record_id": self.names.get(c.record_id, c.record_id), "field": c.field,
                          "device": c.device, "server": c.server,
                          "mutation_id": self.names.get(c.mutation_id, c.mutation_id)}
                         for c in db.session.execute(sa.select(Conflict)).scalars()]
            outcomes = {self.names.get(a.mutation_id, a.mutation_id): a.outcome["status"]
                        for a in db.session.execute(sa.select(AppliedMutation)).scalars()}
        return ServerView(records, history, conflicts, outcomes)

    def _name_of(self, value: Any) -> Any:
        return self.names.get(value, value) if isinstance(value, str) else value


def seed(server: AppServer, supervisor: Device, area_id: int) -> None:
    """Two shared cases, one reported and one in mediation, each with two consenting parties."""
    for n, status in enumerate(["reported", "mediating"]):
        supervisor.create("dispute", {"area_id": area_id, "title": f"案件{n}", "category": "neighbor",
                                      "source": "initiative"})
        dispute = supervisor.outbox[-1].mutation["id"]
        for _ in range(2):
            supervisor.create("party", {"dispute_id": dispute, "role": "applicant", "name": "当事人",
                                        "consent": "consented"})
        supervisor.push(server)
        if status == "mediating":
            supervisor.update(dispute, {"status": "mediating"})
            supervisor.push(server)
    supervisor.made.clear()


def run_simulation(database_url: str, device_count: int, steps: list[tuple[str, int, int, int]]) -> None:
    app = build_app(database_url)
    with app.app_context():
        district = make_district()
        grid = district.grid_a
        grid_id, grid_code = grid.id, grid.code
        for n in range(device_count):
            create_user(username=f"sim{n}", display_name=f"模拟{n}", role="mediator", area_code=grid_code,
                        password=PASSWORD, commit=False)
        db.session.commit()
    server = AppServer(app)
    devices = []
    for n in range(device_count):
        username, role = ("supervisor_a", "supervisor") if n == 0 else (f"sim{n}", "mediator")
        user_id = server.sign_in(username, f"dev{n}")
        devices.append(Device(f"dev{n}", Actor(user_id, role, f"dev{n}")))
    seed(server, devices[0], grid_id)
    play(server, devices, steps, lambda device, kind, a, b: act(server, device, kind, a, b, area_id=grid_id))
    view = server.view()
    assert invariant_problems(view, devices) == []

    for actor, batch, first in list(server.log):
        replayed = server.push(actor, batch)
        assert [r["status"] for r in replayed] == ["duplicate"] * len(batch)
        assert [r["original_status"] for r in replayed] == [r.get("original_status") or r["status"] for r in first]
    assert server.view() == view
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                      HealthCheck.function_scoped_fixture])


@pytest.mark.slow
@settings(max_examples=25, **SETTINGS)
@given(device_count=st.integers(3, 6), steps=st.lists(actions, max_size=60))
def test_devices_converge_through_the_app_on_sqlite(device_count, steps):
    with tempfile.TemporaryDirectory() as folder:
        run_simulation(fresh_sqlite_url(Path(folder)), device_count, steps)


@pytest.mark.postgres
@pytest.mark.slow
@settings(max_examples=10, **SETTINGS)
@given(device_count=st.integers(3, 6), steps=st.lists(actions, max_size=60))
def test_devices_converge_through_the_app_on_postgresql(device_count, steps):
    with ExitStack() as stack:
        run_simulation(stack.enter_context(fresh_postgres_database()), device_count, steps)
