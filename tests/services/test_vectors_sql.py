"""The shared vectors (tests/sync/vectors) through the engine over `SqlSyncStore`, on SQLite and PostgreSQL:
the same outcomes, records and conflicts as over the memory store (tests/sync/test_vectors.py).

The vectors' areas become a tree (district 1; street 100 with grids 101 and 102; street 200 with grid 103),
so an actor's `area_ids` are the areas under her home: a mediator's grid, a supervisor's street 100.
"""
from __future__ import annotations

import json
import re
from datetime import datetime
from itertools import groupby
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from app.auth.passwords import hash_password
from app.extensions import db
from app.models import SYNCED_MODELS, Area, CaseCounter, ChangeHistory, Committee, Conflict, ServerSequence, User
from app.services.access.scope import Viewer
from app.services.sync.pull import flat_record
from app.services.sync.record_codec import parse_timestamp, to_column_values
from app.services.sync.sequence import current_seq, ensure_sequence_row, lock_sequence, next_seq
from app.services.sync.store import SqlSyncStore
from sync.clock import iso_utc, parse_iso_utc
from sync.engine import process_batch
from sync.types import Actor, Mutation
from tests.sync.test_vectors import VECTORS, _push_key, assert_results_as_expected, record_from_json

pytestmark = pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)], indirect=True)  # a database per vector

TREE = ((1, None, "district"), (100, 1, "street"), (101, 100, "grid"), (102, 100, "grid"),
        (200, 1, "street"), (103, 200, "grid"))
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
HOME = {(101,): 101, (102,): 102, (101, 102): 100, None: 1}
"""An actor's `area_ids` → the area whose subtree they are."""


class FixedClockStore(SqlSyncStore):
    """The vector's server clock (`now`) in place of the wall clock; everything else as in a push."""

    def __init__(self, viewer: Viewer, now: datetime) -> None:
        super().__init__(viewer)
        self._now = now

    def now(self) -> datetime:
        return self._now


def _world(vector: dict[str, Any]) -> dict[str, Viewer]:
    paths: dict[int, str] = {}
    for area_id, parent, level in TREE:
        paths[area_id] = f"{paths[parent] if parent else '/'}{area_id}/"
        db.session.add(Area(id=area_id, code=f"37{area_id:012d}", name=f"区域{area_id}", level=level,
                            parent_id=parent, path=paths[area_id]))
    db.session.flush()
    db.session.add(Committee(id=5, name="调委会5", kind="area", area_id=100))
    directory = vector.get("directory", {}).get("users", {})
    people = {actor["user_id"]: (actor["role"], HOME[tuple(actor["area_ids"]) if actor.get("area_ids") else None], True)
              for actor in vector["actors"].values()}
    for user_id, row in directory.items():
        people.setdefault(int(user_id), (row["role"], 101 if row["role"] == "mediator" else 1, row["active"]))
    password = hash_password("vector-pass-2026")
    for user_id, (role, area_id, active) in people.items():
        db.session.add(User(id=user_id, username=f"user{user_id}", display_name=f"用户{user_id}", role=role,
                            area_id=area_id, active=active, password_hash=password))
    db.session.flush()
    return {name: Viewer(actor["user_id"], actor["role"], people[actor["user_id"]][1],
                         paths[people[actor["user_id"]][1]]) for name, actor in vector["actors"].items()}


def _seed(vector: dict[str, Any]) -> None:
    ensure_sequence_row()
    lock_sequence()
    if "case_no_next" in vector:
        db.session.add(CaseCounter(year=2026, last_no=vector["case_no_next"] - 1))
    for data in vector["initial"]:
        state, history = record_from_json(data)
        model = SYNCED_MODELS[state.entity]
        seq = state.seq if state.seq is not None else next_seq()
        db.session.execute(sa.update(ServerSequence).values(last_seq=max(current_seq(), seq)))
        db.session.add(model(
            id=state.id, version=state.version, seq=seq,
            field_versions={name: list(entry) for name, entry in state.field_versions.items()},
            created_at=parse_timestamp(state.created_at) if state.created_at else datetime(2026, 2, 20, 8),
            updated_at=parse_timestamp(state.updated_at) if state.updated_at else None,
            created_by=state.created_by, updated_by=state.updated_by,
            voided_at=parse_timestamp(state.voided_at) if state.voided_at else None, void_reason=state.void_reason,
            has_open_conflict=state.has_open_conflict, **to_column_values(model, state.fields)))
        for entry in history:
            db.session.add(ChangeHistory(entity=state.entity, record_id=state.id, version=entry.version, seq=seq,
                                         op=entry.op, changes=entry.changes, user_id=entry.user_id,
                                         device_id=entry.device_id, mutation_id=entry.mutation_id))
    db.session.commit()


def _run(vector: dict[str, Any], viewers: dict[str, Viewer]) -> list[Any]:
    now = datetime.fromisoformat(vector.get("now", "2026-03-10T08:00:00Z"))
    rejections: dict[int, dict[str, list[str]]] = {}
    results = []
    for (_, name, _), group in groupby(enumerate(vector["mutations"]), key=_push_key):
        actor = Actor(**{k: v for k, v in vector["actors"][name].items() if k != "area_ids"})
        batch = []
        for _, entry in group:
            mutation = Mutation.from_push(entry["mutation"], actor)
            rejections[id(mutation)] = entry.get("validation_errors", {})
            batch.append(mutation)
        lock_sequence()
        store = FixedClockStore(viewers[name], now)
        store.prefetch(batch)
        results += process_batch(store, actor, batch, lambda mutation: rejections[id(mutation)])
        store.finish()
        db.session.commit()
    return results


def _instants(values: dict[str, Any]) -> dict[str, Any]:
    """Timestamps in the one JSON form (the vectors write `…:00Z`, the database gives back milliseconds)."""
    return {key: iso_utc(parse_iso_utc(value)) if isinstance(value, str) and TIMESTAMP.match(value) else value
            for key, value in values.items()}


@pytest.mark.parametrize("path", VECTORS, ids=[path.stem for path in VECTORS])
def test_vector_over_sql(path: Path, db) -> None:
    vector = json.loads(path.read_text(encoding="utf-8"))
    viewers = _world(vector)
    _seed(vector)
    results = _run(vector, viewers)
    expected = vector["expected"]

    assert_results_as_expected(results, expected["results"])

    records = {row.id: flat_record(entity, row) for entity, model in SYNCED_MODELS.items()
               for row in db.session.execute(sa.select(model)).scalars()}
    for record_id, want in expected.get("records", {}).items():
        flat = records[record_id]
        got = {key: (flat["voided_at"] is not None) if key == "voided" else flat[key] for key in want}
        assert _instants(got) == _instants(want), record_id

    if "conflicts" in expected:
        stored = db.session.execute(sa.select(Conflict).order_by(Conflict.id)).scalars().all()
        assert [{key: getattr(conflict, key) for key in want}
                for conflict, want in zip(stored, expected["conflicts"], strict=True)] == expected["conflicts"]
        assert len(stored) == len(expected["conflicts"])

    for record_id in expected.get("absent", []):
        assert record_id not in records
