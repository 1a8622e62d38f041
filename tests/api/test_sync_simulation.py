"""The sync simulation of tests/sync against the real app and database (SQLite here, PostgreSQL in CI).

The virtual devices of tests/sync/sim.py push and pull through the HTTP API; the invariants of
sync-protocol.md §8 (no lost edit, conflicts recorded, no stale regression, convergence, idempotence)
are checked on what the database holds. Device-side names ("dev1-r3") become UUIDs on the wire.

The devices work in different places — a street supervisor, the district admin and mediators of
three grids in two streets — and cases are dispatched, reassigned and moved between grids, so
cases (with their children) enter and leave each phone's scope. After every pull, and at the end,
a phone's copy must equal a fresh first sync of its scope (invariant 7).
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
from app.services.sync.pull import flat_record
from app.services.access.users import create_user
from sync.types import Actor
from tests.conftest import build_app
from tests.db_backends import fresh_postgres_database, fresh_sqlite_url
from tests.factories import PASSWORD, make_district
from tests.sync.sim import Device, Pulled, ServerView, invariant_problems, play, scope_gaps
from tests.sync.test_simulation import act, actions, pick

NAMES = uuid.UUID("7d2f6c1a-9b7e-4f0e-8a55-3c1d2e9f4b60")
ID_FIELDS = ("id", "dispute_id")
MEDIATOR_GRIDS = [1, 0, 2, 0]
"""Home grid of the simulation's mediators, in order (indexes into grid A, grid B, grid A2)."""
PLACEMENT_KINDS = ["dispatch", "dispatch", "move", "regrid", "pull"]
placement_actions = st.tuples(st.sampled_from(PLACEMENT_KINDS), st.integers(0, 5), st.integers(0, 999),
                              st.integers(0, 999))
steps_strategy = st.lists(st.one_of(actions, placement_actions), max_size=60)


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
        if isinstance(changes.get("dispute_ids"), list):
            changes["dispute_ids"] = [self.wire_id(name) for name in changes["dispute_ids"]]
        return {**mutation, "mutation_id": self.wire_id(mutation["mutation_id"]),
                "id": self.wire_id(mutation["id"]), "changes": changes}

    def back(self, record: dict[str, Any] | None) -> dict[str, Any] | None:
        if record is None:
            return None
        named = {**record, **{k: self.names.get(record[k], record[k]) for k in ID_FIELDS if record.get(k)}}
        if isinstance(record.get("dispute_ids"), list):
            named["dispute_ids"] = [self.names.get(wire, wire) for wire in record["dispute_ids"]]
        return named

    def push(self, actor: Actor, mutations: list[dict]) -> list[dict]:
        response = self.client.post("/api/sync/push", json={
            "device_id": actor.device_id, "mutations": [self._out(m) for m in mutations]},
            headers={"Authorization": f"Bearer {self.tokens[actor.user_id]}"})
        assert response.status_code == 200, response.get_json()
        results = [{**r, "mutation_id": self.names[r["mutation_id"]], "record": self.back(r["record"])}
                   for r in response.get_json()["results"]]
        self.log.append((actor, mutations, results))
        return results

    def pull(self, actor: Actor, cursor: Any, limit: int = 3) -> Pulled:
        """Small pages, so that a case and its children often arrive on different pages."""
        pulled = Pulled([], [], cursor)
        while True:
            query = {"limit": limit, **({"cursor": pulled.cursor} if pulled.cursor else {})}
            response = self.client.get("/api/sync/pull", query_string=query,
                                       headers={"Authorization": f"Bearer {self.tokens[actor.user_id]}"})
            body = response.get_json()
            assert response.status_code == 200, body
            if body.get("reset"):
                pulled = Pulled([], [], None, reset=True)
                continue
            pulled.records += [self.back(r) for r in body["records"]]
            pulled.evictions += [{**gone, "id": self.names.get(gone["id"], gone["id"])} for gone in body["evictions"]]
            pulled.cursor = body["cursor"]
            if not body["has_more"]:
                return pulled

    def first_sync(self, actor: Actor) -> dict[str, dict]:
        """What a fresh phone of this user would hold: its scope as it stands, by record name."""
        return {record["id"]: record for record in self.pull(actor, None, limit=500).records}

    def move_area(self, admin_id: int, area_id: int, parent_id: int) -> None:
        """The admin hangs an area (with its subtree) under another parent."""
        response = self.client.patch(f"/api/admin/areas/{area_id}", json={"parent_id": parent_id},
                                     headers={"Authorization": f"Bearer {self.tokens[admin_id]}"})
        assert response.status_code == 200, response.get_json()

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


def seed(server: AppServer, supervisor: Device, area_id: int, other_grid: int) -> None:
    """Two shared cases, one reported and one in mediation, each with two consenting parties, a
    mediation log, a revisit and a referral; a visit of another grid that found the second case."""
    for n, status in enumerate(["reported", "mediating"]):
        dispute = supervisor.create("dispute", {"area_id": area_id, "title": f"案件{n}", "category": "neighbor",
                                                "source": "initiative"})
        for _ in range(2):
            supervisor.create("party", {"dispute_id": dispute, "role": "applicant", "name": "当事人",
                                        "consent": "consented"})
        supervisor.create("mediation_log", {"dispute_id": dispute, "held_at": "2026-03-02T09:00:00.000Z"})
        supervisor.create("followup", {"dispute_id": dispute, "due_on": "2026-04-01"})
        supervisor.create("referral", {"dispute_id": dispute, "agency_kind": "court"})
        supervisor.push(server)
        if status == "mediating":
            supervisor.update(dispute, {"status": "mediating"})
            supervisor.create("visit", {"area_id": other_grid, "visited_at": "2026-03-03T09:00:00.000Z",
                                        "place": "段北小区", "purposes": ["mediation"], "dispute_ids": [dispute]})
            supervisor.push(server)
    supervisor.made.clear()


class Placement:
    """Where the simulated people work: each device's home grid, who a case may be dispatched to, and
    the grid the admin moves between two communities (`regrid`: its street's phones get `reset`)."""

    def __init__(self, grids: list[int], homes: dict[str, int], mediator_ids: list[int], admin_id: int,
                 regrid: tuple[int, list[int]]) -> None:
        self.grids, self.homes, self.mediator_ids, self.admin_id = grids, homes, mediator_ids, admin_id
        self.regrid_area, self.regrid_parents = regrid

    def act(self, server: AppServer, device: Device, kind: str, a: int, b: int) -> None:
        """Dispatch (or take back) a case, move it to another grid, move a grid to another community,
        pull and check invariant 7, or any action of the pure simulation, creating in the device's home grid."""
        dispute = pick(device, "dispute", a) if kind in ("dispatch", "move") else None
        if kind == "regrid":
            server.move_area(self.admin_id, self.regrid_area, self.regrid_parents[b % 2])
        elif kind == "dispatch" and dispute:
            target = None if b % 5 == 0 else self.mediator_ids[b % len(self.mediator_ids)]
            device.update(dispute, {"assigned_mediator_id": target})
        elif kind == "move" and dispute:
            device.update(dispute, {"area_id": self.grids[b % len(self.grids)]})
        elif kind == "pull":
            device.pull(server)
            problems = scope_gaps(device, server.first_sync(device.actor))
            assert problems == [], problems
        elif kind not in ("dispatch", "move", "regrid"):
            act(server, device, kind, a, b, area_id=self.homes[device.name])


def run_simulation(database_url: str, device_count: int, steps: list[tuple[str, int, int, int]]) -> None:
    """dev0 is street A's supervisor, dev1 the district admin, the others mediators of grid B (street
    B), then grids A, A2 and A again (street A), each signed in on her own phone."""
    app = build_app(database_url)
    with app.app_context():
        district = make_district()
        grids = [district.grid_a, district.grid_b, district.grid_a2]
        grid_ids = [grid.id for grid in grids]
        regrid = (district.grid_a2.id, [district.community_b.id, district.community_a.id])
        for n in range(2, device_count):
            create_user(username=f"sim{n}", display_name=f"模拟{n}", role="mediator",
                        area_code=grids[MEDIATOR_GRIDS[n - 2]].code, password=PASSWORD, commit=False)
        db.session.commit()
    server = AppServer(app)
    devices, homes, mediator_ids = [], {}, []
    for n in range(device_count):
        username, role, home = {0: ("supervisor_a", "supervisor", grid_ids[0]),
                                1: ("admin", "admin", grid_ids[1])}.get(n, (f"sim{n}", "mediator", grid_ids[MEDIATOR_GRIDS[n - 2]]))
        user_id = server.sign_in(username, f"dev{n}")
        devices.append(Device(f"dev{n}", Actor(user_id, role, f"dev{n}")))
        homes[f"dev{n}"] = home
        if role == "mediator":
            mediator_ids.append(user_id)
    placement = Placement(grid_ids, homes, mediator_ids, devices[1].actor.user_id, regrid)
    seed(server, devices[0], grid_ids[0], grid_ids[1])
    play(server, devices, steps, lambda device, kind, a, b: placement.act(server, device, kind, a, b))
    scopes = {device.name: server.first_sync(device.actor) for device in devices}
    for device in devices:
        assert scope_gaps(device, scopes[device.name]) == []
    view = server.view()
    assert invariant_problems(view, devices, scopes) == []

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
@given(device_count=st.integers(3, 6), steps=steps_strategy)
def test_devices_converge_through_the_app_on_sqlite(device_count, steps):
    with tempfile.TemporaryDirectory() as folder:
        run_simulation(fresh_sqlite_url(Path(folder)), device_count, steps)


@pytest.mark.postgres
@pytest.mark.slow
@settings(max_examples=10, **SETTINGS)
@given(device_count=st.integers(3, 6), steps=steps_strategy)
def test_devices_converge_through_the_app_on_postgresql(device_count, steps):
    with ExitStack() as stack:
        run_simulation(stack.enter_context(fresh_postgres_database()), device_count, steps)


REPLAYED_ANSWER_AFTER_LEAVING = [
    ("dispatch", 0, 0, 1), ("push", 0, 1, 1),  # the supervisor dispatches case 0 to the grid-B mediator
    ("pull", 2, 0, 0), ("scalar", 2, 0, 0),    # she receives it whole and edits it
    ("push", 2, 0, 1),                         # applied, but the answer is lost
    ("dispatch", 0, 0, 0), ("push", 0, 1, 1),  # the case is taken back from her
    ("pull", 2, 0, 0),                         # evicted, with its children
    ("push", 2, 1, 1),                         # the retry answers `duplicate`, without the record
    ("pull", 2, 0, 0),
]


@pytest.mark.slow
def test_a_replayed_answer_does_not_bring_back_a_case_that_left_the_scope(tmp_path):
    run_simulation(fresh_sqlite_url(tmp_path), 3, REPLAYED_ANSWER_AFTER_LEAVING)
